"""Pictures and widgets: they draw what cxlib computes, with labels that render."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from cxlib import datasets, nps
from cxlib.plots import nps as nps_plots
from cxlib.plots import theme


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_theme_finds_a_font_that_draws_chinese():
    theme.use()
    family = theme.cjk_font()
    assert family is not None
    figure, ax = plt.subplots()
    ax.set_title("广州 上海 北京 净推荐值")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would be raised
        figure.canvas.draw()


def test_score_distribution_colours_bars_by_category():
    ax = nps_plots.score_distribution([0, 6, 7, 8, 9, 10, 10])
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours[6] == theme.CATEGORY_COLOURS["detractor"].lower()
    assert colours[7] == theme.CATEGORY_COLOURS["passive"].lower()
    assert colours[9] == theme.CATEGORY_COLOURS["promoter"].lower()
    assert [p.get_height() for p in ax.patches][10] == 2
    assert ax.get_title().startswith("NPS +14.3")


def test_coverage_draws_one_panel_per_mix_and_one_line_per_method():
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "nps_coverage.py"
    table = runpy.run_path(str(script))["simulate"](runs=50, boot_runs=10)  # tiny: it runs
    assert set(table["method"]) == {"wald", "adjusted-wald", "bootstrap"}
    assert len(table) == 6 * 10 * 3 and table["coverage"].between(0, 1).all()
    figure = nps_plots.coverage(table)
    panels = [ax for ax in figure.axes if ax.lines]
    assert len(panels) == 6 and all(len(ax.lines) == 4 for ax in panels)  # 3 methods + 95% line
    assert panels[0].get_title() == "95% promoters, 2% detractors (NPS +93)"


def test_segments_draws_one_interval_per_segment_in_table_order():
    hotel = datasets.load("hotel_nps")
    table = nps.by(hotel, "score", "city")
    ax = nps_plots.segments(table, "city", overall=nps.score(hotel["score"]).nps)
    labels = [label.get_text().split()[0] for label in ax.get_yticklabels()]
    assert labels == table["city"].tolist()


def test_what_if_picture_matches_the_formula():
    figure = nps_plots.what_if(0.5, 0.2, 100)
    # the adjusted Wald interval of 50/30/20 answers (book/nps.md's worked example)
    assert "NPS +30.0, 95% CI +14.1 to +44.2 (n = 100)" == figure.axes[1].get_title()


def test_what_if_widget_keeps_shares_within_100(capsys):
    from cxlib.widgets import nps as nps_widgets

    box = nps_widgets.what_if(60, 30, 200)
    promoters, detractors, n = box.children[0].children
    assert [w.description for w in (promoters, detractors, n)] == [
        "promoters %",
        "detractors %",
        "answers n",
    ]
    promoters.value = 90
    assert detractors.max == 10 and detractors.value == 10
    with pytest.raises(ValueError, match="n must be one of"):
        nps_widgets.what_if(50, 20, 123)
    with pytest.raises(ValueError, match="detractors"):
        nps_widgets.what_if(80, 30, 200)


def test_effects_draws_one_interval_per_result_and_refuses_mixed_kinds():
    from cxlib import before_after
    from cxlib.plots import before_after as pictures

    ratio = before_after.rate_ratio(90, 100, 40, 100)
    ax = pictures.effects({"pilot": ratio, "comparison": before_after.rate_ratio(60, 1, 50, 1)})
    assert len(ax.collections) == 4 and ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["comparison", "pilot"]
    difference = nps.compare([10] * 5, [0] * 5)
    with pytest.raises(ValueError, match="cannot mix"):
        pictures.effects({"a": ratio, "b": difference})
    with pytest.raises(TypeError, match="RateRatio, Effect or NPSComparison"):
        pictures.effects({"a": 2.0})
    plt.close("all")
