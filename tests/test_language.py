"""cxlib in the reader's language: printed results, self-checks, hints, widget options and table
labels in Chinese under ``CXLIB_LANG=zh`` (cxlib/language.py, cxlib/_display.py), numbers unchanged.

Every class of cxlib that prints itself (its own ``__str__``) must have an example below, in each
of its printed variants; the test fails on a class without one, so a new result type cannot ship
printing English in the Chinese edition.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cxlib
from cxlib import language

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import cxlib_messages  # noqa: E402

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")  # as tests/test_i18n.py compares the two editions


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(language, "_language", "zh")
    yield
    monkeypatch.setattr(language, "_language", None)


def _examples() -> dict[str, list]:
    """Instances of every printing class, in each printed variant (a name -> instances)."""
    from cxlib import (
        before_after,
        channels,
        csat,
        cue_reading,
        economics,
        market,
        membership,
        nps,
        nps_programme,
        opportunity,
        referrals,
        reliability,
        retention,
        tracking,
        training_effect,
        typology,
    )
    from cxlib._bgnbd import BGNBDFit
    from cxlib._spend import RepeatValue, SpendFit

    acted = ["angry", "worried", "hurried", "pleased"] * 2  # cue_reading.score's docstring
    heard = ["angry", "hurried", "hurried", "pleased", "angry", "angry", "worried", "pleased"]
    rng = np.random.default_rng(3)
    months = pd.DataFrame(
        {
            "score": rng.integers(0, 11, 600),
            "date": pd.date_range("2025-01-01", periods=600, freq="14h"),
        }
    )
    months.loc[months.date >= "2025-09-01", "score"] = 10
    orders = pd.DataFrame(
        {
            "customer": ["a", "a", "b", "c", "c", "d"],
            "time": pd.to_datetime(
                ["2024-01-01", "2024-03-01", "2024-02-01", "2024-01-05", "2025-06-01", "2025-12-01"]
            ),
        }
    )
    fit = retention.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    items = pd.DataFrame(rng.integers(1, 6, (50, 4)))
    items[1] = items[0]
    skewed = np.array([[1, 1, 2]] * 18 + [[5, 5, 4], [4, 5, 5]], dtype=float)
    # CDNOW's estimates (Fader, Hardie & Lee 2005) with made-up standard errors: printing only
    se = {"r": 0.012, "alpha": 0.31, "a": 0.18, "b": 0.73}
    bgnbd = [
        BGNBDFit(0.243, 4.414, 0.793, 2.426, se, {}, np.eye(4), -9582.4, 2357, unit, 0.95)
        for unit in ("W", "D")
    ]
    customers = pd.DataFrame({"value": [1.0, 2.0, 3.0]})
    worth = [
        RepeatValue(customers, 1234.5, (1000.0, 1500.0), horizon, 0.3, 0.1, 0.95, unit)
        for horizon, unit in ((52, "W"), (30, "D"), (4, "M"))
    ]
    scheme = dict(members=5000, visits=4, margin=150, spend=500, reward_rate=0.03, perks=60)
    scheme["fixed"] = 300_000  # membership.business_case's docstring
    segments = {
        "families": {"buyers": (30, 50), "quantity": 2, "price": 100},
        "companies": {"buyers": 10, "quantity": 12, "price": 50},
    }
    return {
        "NPSResult": [
            nps.score([10, 9, 7, 3]),
            nps.score(pd.Series([10, 9, None, 3]), dropna=True),
        ],
        "NPSComparison": [
            nps.compare([10] * 40 + [0] * 5, [0] * 40 + [10] * 5),
            nps.compare([10, 9, 3], [9, 10, 2]),
            nps.compare([10, 10], [0, 0], method="wald"),
            nps.compare([10] * 5, [10] * 6),  # NO_VARIATION_NOTE
        ],
        "CSATResult": [csat.csat([5, 4, 3, 2]), csat.csat([5, 4, 3, 2], top_box=1)],
        "CESResult": [csat.ces([1, 2, 3, 7], scale=(1, 7))],
        "AlphaResult": [
            reliability.alpha_interval(items),
            reliability.alpha_interval([[1, 1], [2, 2], [3, 3]]),  # the items agree perfectly
            reliability.alpha_interval(skewed),  # the BCa note, with its reasons
        ],
        "RateRatio": [
            before_after.rate_ratio(90, 100, 40, 100),
            before_after.rate_ratio(50, 100, 48, 100),
            before_after.rate_ratio([10, 30], [1, 1], [8, 12], [1, 1], method="quasi-poisson"),
            before_after.rate_ratio(  # the dispersion floored at 1, with its note
                [10] * 4, [1] * 4, [5] * 4, [1] * 4, method="quasi-poisson"
            ),
        ],
        "Effect": [
            before_after.nps_difference_in_differences(
                nps.from_counts(40, 30, 30),
                nps.from_counts(50, 30, 20),
                nps.from_counts(40, 30, 30),
                nps.from_counts(42, 30, 28),
            )
        ],
        "Economics": [
            economics.total_value({"saved time": [0, 60, 60, 60]}, {"tablet": [100, 5, 5, 5]}),
            economics.total_value({"x": [0, 1]}, {"y": [50, 1]}, discount_rate=0.0),
            economics.total_value({"x": [10]}, {"y": [5]}),
        ],
        "Tracking": [
            tracking.by_period(months, "score", "date", period="M"),
            tracking.by_period(
                months, "score", "date", period="M", baseline=("2025-01", "2025-06")
            ),
            tracking.by_period(months, "score", "date", period="M", run_length=None),
        ],
        "Trend": [tracking.by_period(months, "score", "date", period="M").trend],
        "SBGFit": [fit],
        "LifetimeValue": [retention.lifetime_value(fit, 100, 0.1, draws=200)],
        "RepeatRate": [
            retention.repeat_rate(orders, customer="customer", time="time", now="2026-01-01")
        ],
        "PairedChange": [
            training_effect.paired_change([4, 5, 6, 5], [7, 6, 8, 9]),
            training_effect.paired_change([4, 5, float("nan"), 5], [4, 6, 3, 5], dropna=True),
        ],
        "DifferenceInDifferences": [
            training_effect.difference_in_differences(
                [4, 5, 6, 5], [7, 6, 8, 9], [4, 5, 6], [5, 5, 6]
            )
        ],
        "ChannelConsistency": [
            channels.consistency(
                pd.DataFrame(
                    {
                        "step": ["排队"] * 8 + ["付款"] * 8,  # the data's own labels
                        "channel": (["应用"] * 4 + ["前台"] * 4) * 2,
                        "rating": [2, 2, 1, 2, -2, -1, -2, -2, 1, 0, 1, 0, 1, 0, 0, 1],
                    }
                ),
                tolerance=0.5,
            )
        ],
        "Bounds": [nps_programme.nonresponse_bounds([10] * 25 + [8] * 15 + [3] * 10, 200)],
        "Rate": [referrals.referral_rate(300, 1000)],
        "ShareYield": [
            referrals.visits_per_share(10, 10),
            referrals.visits_per_share([0, 0, 1, 11], method="quasi-poisson"),
        ],
        "CueScore": [
            cue_reading.score(acted, heard),
            cue_reading.score(acted * 8, acted * 8),
        ],
        "RetestAgreement": [
            typology.retest_agreement(
                ["red", "red", "blue", "green", "yellow", "blue"],
                ["red", "blue", "blue", "green", "red", "blue"],
            )
        ],
        "BGNBDFit": bgnbd,
        "SpendFit": [SpendFit(6.25, 3.74, 15.44, {}, {}, np.eye(3), -4000.0, 946, 0.95)],
        "RepeatValue": worth,
        "MarketSize": [
            market.potential((1000, 4000), 2, 100),
            market.chain(261e6, {"literate, over 12": 0.8, "income, education": (0.6, 0.8)}),
            market.bottom_up(segments),
        ],
        "Brier": [opportunity.brier([0.9, 0.7, 0.2, 0.5], [1, 0, 0, 1])],
        "BusinessCase": [  # pays: no, yes, unsure
            membership.business_case(**scheme, uplift=(0.02, 0.10, 0.18)),
            membership.business_case(**scheme, uplift=(0.40, 0.50, 0.60)),
            membership.business_case(**scheme, uplift=(0.20, 0.35, 0.50)),
        ],
    }


def _printing_classes() -> set[str]:
    """Every class defined in cxlib with its own ``__str__``."""
    found = set()
    for info in pkgutil.walk_packages(cxlib.__path__, "cxlib."):
        if any(part in info.name for part in (".plots", ".widgets", ".cli", "__main__")):
            continue
        module = importlib.import_module(info.name)
        for _, kind in inspect.getmembers(module, inspect.isclass):
            if kind.__module__ == info.name and "__str__" in vars(kind):
                found.add(kind.__name__)
    return found


@pytest.fixture(scope="module")
def examples():
    return _examples()


def test_every_printing_class_has_an_example(examples):
    missing = _printing_classes() - set(examples)
    assert not missing, f"add printed examples of {sorted(missing)} to _examples()"


def test_results_print_in_chinese_with_the_same_numbers(examples, chinese):
    for name, instances in examples.items():
        for result in instances:
            zh = str(result)
            language._language = "en"
            en = str(result)
            language._language = "zh"
            assert zh != en, f"{name} prints English under CXLIB_LANG=zh:\n{zh}"
            left = cxlib_messages.english_words(zh)
            assert not left, f"{name}: English words {left} in\n{zh}"
            assert NUMBER.findall(zh) == NUMBER.findall(en), f"{name}: numbers differ\n{en}\n{zh}"


def test_the_environment_variable_switches_the_language(monkeypatch):
    from cxlib import nps

    monkeypatch.setenv("CXLIB_LANG", "zh_CN")
    assert str(nps.score([10, 9, 7, 3])).startswith("净推荐值 +25.0（95% 置信区间 -44.2 至 +72.7）")
    monkeypatch.setenv("CXLIB_LANG", "en")
    assert str(nps.score([10, 9, 7, 3])).startswith("NPS +25.0 (95% CI -44.2 to +72.7)")


def test_self_checks_and_hints_in_chinese(chinese, capsys):
    from cxlib.exercises import check

    check("nps_value", ..., 30.0)
    check("nps_value", 30.0, 30.0)
    check("differs", True, False, hint="Is the bill a feeling or information?")
    check("weights", 1, 2, hint="0.07 x words + 0.38 x tone + 0.55 x body")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "○ nps_value：还没有作答（把 ... 换成你的答案，再运行一次）。",
        "✓ nps_value：正确。",
        "✗ differs：还不对。解释账单传达的是感受，还是信息？",
        "✗ weights：还不对。0.07 × 语言 + 0.38 × 语调 + 0.55 × 肢体",
    ]


def test_every_hint_of_the_notebooks_is_translated():
    messages = language.catalogue()
    missing = [hint for hint in cxlib_messages.hint_messages() if hint not in messages]
    assert not missing, f"hints without Chinese (python book/_ext/i18n.py update): {missing}"


def test_catalogue_reader_agrees_with_babel():
    """The small reader cxlib uses (no Babel in the browser) reads what Babel reads."""
    from babel.messages.pofile import read_po

    for name in language.CATALOGUES:
        path = ROOT / "cxlib" / "data" / name
        with path.open("rb") as handle:
            babel = {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
        assert language.read_po(path.read_text(encoding="utf-8")) == babel, name


def test_translations_keep_fields_numbers_and_no_english():
    assert (
        cxlib_messages.check_translation(
            "n = {n:,}: {a:.0%} promoters", "n = {n:,}：推荐者 {a:.0%}"
        )
        == []
    )
    assert cxlib_messages.check_translation("{a} of {b}", "{b} 中的 {a}")  # reordered
    assert cxlib_messages.check_translation("within 365 days", "一年内")  # a number lost
    assert cxlib_messages.check_translation("the interval", "the 区间")  # English left


def test_tables_show_chinese_labels_and_the_same_data():
    from cxlib import _display

    frame = pd.DataFrame(
        {"nps": [11.6, -3.0], "ci_low": [8.2, -9.1]},
        index=pd.Index(["learner 1", "learner 2"], name="city"),
    )
    shown = _display.display_copy(frame, lang="zh")
    assert list(shown.columns) == ["净推荐值", "置信下限"]
    assert list(shown.index) == ["学员 1", "学员 2"] and shown.index.name == "城市"
    assert (shown.to_numpy() == frame.to_numpy()).all()
    assert list(frame.columns) == ["nps", "ci_low"]  # the code's frame is unchanged
    assert NUMBER.findall(shown.to_html()) == NUMBER.findall(frame.to_html())
    series = _display.display_copy(frame["nps"], lang="zh")
    assert series.name == "净推荐值" and list(series.index) == ["学员 1", "学员 2"]
    wide = pd.DataFrame(
        np.zeros((2, 2)), columns=pd.MultiIndex.from_tuples([("nps", "a"), ("n", "b")])
    )
    assert _display.display_copy(wide, lang="zh").columns.get_level_values(0)[0] == "净推荐值"
    assert _display.display_copy(frame, lang="en") is not frame


def test_styled_tables_show_chinese_labels(chinese):
    """A Styler (hidden rows and a two-level index too) is relabelled on a copy, for display."""
    from cxlib import _display

    index = pd.MultiIndex.from_tuples([("learner 1", "a"), ("learner 2", "b")], names=["city", "x"])
    frame = pd.DataFrame({"nps": [1.0, 2.0], "ci_low": [0.5, 1.0]}, index=index)
    styler = frame.style.hide(["nps"], axis="columns")
    html = _display._styler_html(styler)
    assert "置信下限" in html and "学员 2" in html and "ci_low" not in html
    assert styler.data.columns.tolist() == ["nps", "ci_low"]  # the user's Styler is unchanged
    assert "学员" not in _display._styler_html(frame.style.hide(axis="index"))


def test_the_display_formatter_in_ipython(monkeypatch):
    """Registered in a shell when the language is Chinese; removed again in English."""
    shell_module = pytest.importorskip("IPython.core.interactiveshell")
    from cxlib import _display

    shell = shell_module.InteractiveShell.instance()
    try:
        frame = pd.DataFrame({"nps": [1.0]})
        monkeypatch.setattr(language, "_language", "zh")
        assert _display.activate()
        data, _ = shell.display_formatter.format(frame)
        assert "净推荐值" in data["text/html"] and "净推荐值" in data["text/plain"]
        assert "white-space: nowrap" in data["text/html"]  # 净推荐值, not 净/推/荐/值
        monkeypatch.setattr(language, "_language", "en")
        monkeypatch.delenv("CXLIB_TABLE_TEXTS", raising=False)
        assert not _display.activate()
        data, _ = shell.display_formatter.format(frame)
        assert "净推荐值" not in data["text/html"] and ">nps<" in data["text/html"]
        assert "nowrap" not in data["text/html"]  # the English table as pandas shows it
    finally:
        shell_module.InteractiveShell.clear_instance()


def test_widget_menus_show_chinese_options_and_keep_their_values(chinese):
    widgets = pytest.importorskip("ipywidgets")
    from cxlib.widgets._live import _translate_options

    menu = widgets.Dropdown(options=["all", "上海"], value="上海")
    _translate_options(menu)
    assert menu.options == (("全部", "all"), ("上海", "上海")) and menu.value == "上海"
    slider = widgets.SelectionSlider(options=(25, 50), value=50)
    _translate_options(slider)
    assert slider.options == (25, 50)


def test_reason_widget_line_in_chinese(chinese):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("jieba")
    from cxlib.widgets.reasons import describe

    line = describe("排队等了很久，前台态度冷淡")
    assert line.startswith("分词：排队 / 等") and "原因主题：" in line
    assert not cxlib_messages.english_words(line), line


def test_data_dictionaries_in_chinese(chinese):
    """``datasets.describe``: every meaning (and every allowed value that is prose) in Chinese,
    from the catalogue; the column names, types and the data's own values stay as they are."""
    from cxlib import datasets

    for name in datasets.available()["name"]:
        zh = datasets.describe(name)
        language._language = "en"
        en = datasets.describe(name)
        language._language = "zh"
        assert zh["column"].tolist() == en["column"].tolist(), name
        assert zh["type"].tolist() == en["type"].tolist(), name
        for english, chinese in zip(en["meaning"], zh["meaning"], strict=True):
            assert chinese != english, f"{name}: no Chinese for {english!r}"
            assert not cxlib_messages.english_words(chinese), f"{name}: {chinese!r}"
            assert NUMBER.findall(chinese) == NUMBER.findall(english), chinese
        for english, chinese in zip(en["allowed"], zh["allowed"], strict=True):
            if not isinstance(english, str) or english in ("True, False",) or "/" in english:
                assert chinese == english  # numbers, or the data's own values
            elif language.needs_translation(english):
                assert not cxlib_messages.english_words(chinese), f"{name}: {chinese!r}"
                assert NUMBER.findall(chinese) == NUMBER.findall(english), chinese
    hotel = datasets.describe("hotel_nps").set_index("column")
    assert hotel.loc["respondent_id", "meaning"] == "受访者编号，唯一"
    assert hotel.loc["respondent_id", "allowed"] == "H00001 至 H02000"
    assert hotel.loc["score", "allowed"] == [0, 10]


def test_notes_are_translated_wherever_they_show(chinese):
    """The notes cxlib writes into results and tables: each example prints its note, and a
    table's "note" column is shown in Chinese (the frame itself keeps the English)."""
    from cxlib import _display, nps_segments
    from cxlib._funnel_compare import _untested

    examples = _examples()
    assert "离散度估计值" in str(examples["RateRatio"][-1])
    assert "BCa 自助法区间：第 1 个题项偏度" in str(examples["AlphaResult"][-1])
    assert str(examples["NPSComparison"][-1]).endswith(
        "所有回答都在同一类别：没有可检验的差异（p = 1）"
    )
    notes = [nps_segments.NO_VARIATION_NOTE, nps_segments.NO_ANSWERS_NOTE, ""]
    notes += [_untested(("a", "b"), 5, 5, 0), _untested(("a", "b"), 5, 5, 10)]
    frame = pd.DataFrame({"p_value": range(len(notes)), "note": notes})
    shown = _display.display_copy(frame, lang="zh")
    assert shown.columns[1] == language.translate("note", "zh") != "note"
    for english, chinese in zip(frame["note"], shown.iloc[:, 1], strict=True):
        if english:
            assert chinese != english and not cxlib_messages.english_words(chinese), chinese
            assert NUMBER.findall(chinese) == NUMBER.findall(english)
        else:
            assert chinese == english
    assert frame["note"].tolist() == notes  # the code's frame is unchanged
    verdicts = pd.DataFrame({"verdict": ["differs", "within tolerance", "unclear"]})
    shown = _display.display_copy(verdicts, lang="zh")
    assert shown.iloc[:, 0].tolist() == ["有差异", "在容差之内", "无法判断"]
