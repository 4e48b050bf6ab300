"""The cx command on every fixture shape, its bad-input messages, and an offline report."""

import json
import os
import re
from pathlib import Path

import pytest
from _browser import CHROMIUM, NO_CHROMIUM, chinese_fonts, launch

from cxlib import cli
from cxlib.cli import engine

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOTEL = Path(__file__).resolve().parents[1] / "datasets" / "hotel_nps.csv"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("name", "encoding"), [("utf8", "utf-8"), ("utf8_bom", "utf-8-sig"), ("gbk", "gb18030")]
)
def test_every_encoding_gives_the_same_answer(capsys, name, encoding):
    code, out, err = run(
        capsys, "nps", FIXTURES / f"{name}.csv", "--score", "推荐意愿", "--format", "json"
    )
    assert code == 0 and f"encoding {encoding}" in err
    # 2 promoters, 2 passives, 2 detractors of 6: NPS 0
    assert json.loads(out)[0]["nps"] == 0.0 and json.loads(out)[0]["n"] == 6


def test_segments_with_chinese_headers_and_headings(capsys):
    code, out, _ = run(
        capsys, "nps", FIXTURES / "gbk.csv", "--score", "推荐意愿", "--by", "城市", "--lang", "zh"
    )
    assert code == 0 and "净推荐值" in out and "上海" in out and "+100.0" in out


def test_units_only_when_asked(capsys):
    code, _, err = run(capsys, "nps", FIXTURES / "units.csv", "--score", "推荐意愿")
    assert code == 2 and "line 2 '10分'" in err and "--unit 分" in err
    code, out, _ = run(
        capsys,
        "nps",
        FIXTURES / "units.csv",
        "--score",
        "推荐意愿",
        "--unit",
        "分",
        "--format",
        "csv",
    )
    assert code == 0 and "nps" in out.splitlines()[0].split(",")


def test_qualtrics_header_rows_are_skipped_and_reported(capsys):
    code, out, err = run(
        capsys, "nps", FIXTURES / "qualtrics.csv", "--score", "Q1", "--by", "Q2", "--format", "json"
    )
    assert code == 0 and "skipped 2 Qualtrics header rows" in err
    assert {row["Q2"]: row["n"] for row in json.loads(out)} == {"Shanghai": 2, "Beijing": 1}


def test_excel(capsys):
    code, out, _ = run(
        capsys,
        "nps",
        FIXTURES / "survey.xlsx",
        "--score",
        "score",
        "--by",
        "region",
        "--format",
        "json",
    )
    assert code == 0 and {row["region"]: row["nps"] for row in json.loads(out)} == {
        "east": 100.0,
        "west": -50.0,
    }


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "bad_out_of_range.csv",
            ["bad_out_of_range.csv:", "from 0 to 10", "line 3 '11', line 4 '-1'"],
        ),
        ("bad_text_score.csv", ["column 'score'", "line 3 'nine'"]),
        ("bad_empty.csv", ["the file is empty"]),
        ("bad_utf16.csv", ["UTF-16 byte-order mark", "--encoding utf-16"]),
        ("missing.csv", ["no such file"]),
    ],
)
def test_bad_input_gets_one_clear_line_and_status_2(capsys, name, words):
    code, out, err = run(capsys, "nps", FIXTURES / name, "--score", "score")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("cx: error: ")
    for word in words:
        assert word in err


def test_unknown_column_suggests_the_closest(capsys):
    code, _, err = run(capsys, "nps", HOTEL, "--score", "scor")
    assert code == 2 and "did you mean 'score'?" in err


def test_compare_segments(capsys):
    code, out, _ = run(capsys, "compare", HOTEL, "--score", "score", "--by", "city", "上海", "广州")
    assert code == 0 and "excludes 0" in out
    code, _, err = run(capsys, "compare", HOTEL, "--score", "score", "--by", "city", "上海", "深圳")
    assert code == 2 and "no answers with city = '深圳'" in err


def test_help_has_examples(capsys):
    for command in ("nps", "compare", "report"):
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0
        assert "example" in capsys.readouterr().out


def test_report_is_self_contained_and_never_half_written(capsys, tmp_path):
    target = tmp_path / "report.html"
    previous_umask = os.umask(0o022)  # the usual umask, whatever the test machine's is
    code, _, err = run(
        capsys,
        "report",
        HOTEL,
        "--score",
        "score",
        "--by",
        "city",
        "--csat",
        "satisfaction",
        "--reason",
        "reason",
        "--drivers",
        "rating_staff",
        "rating_value",
        "-o",
        target,
    )
    os.umask(previous_umask)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert (
        page.count("data:image/png;base64,") == 4
    )  # distribution, by city, reason themes, drivers
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert not list(tmp_path.glob("*.partial"))
    assert (
        target.stat().st_mode & 0o044 == 0o044
    )  # readable by others, like any saved file (umask 022)
    target.write_text("previous report", encoding="utf-8")
    code, _, _ = run(
        capsys,
        "report",
        FIXTURES / "bad_text_score.csv",
        "--score",
        "score",
        "-o",
        target,
        "--force",  # allowed to replace it, but a failed run leaves it as it was
    )
    assert code == 2 and target.read_text(encoding="utf-8") == "previous report"
    assert not list(tmp_path.glob(".*partial"))


REPORTS = [  # (file, cx options) for every fixture shape and the course's hotel data
    (HOTEL, ["--score", "score", "--by", "city"]),
    (FIXTURES / "utf8.csv", ["--score", "推荐意愿", "--by", "城市", "--lang", "zh"]),
    (FIXTURES / "utf8_bom.csv", ["--score", "推荐意愿", "--by", "城市"]),
    (FIXTURES / "gbk.csv", ["--score", "推荐意愿", "--by", "城市", "--lang", "zh"]),
    (FIXTURES / "units.csv", ["--score", "推荐意愿", "--unit", "分"]),
    (FIXTURES / "qualtrics.csv", ["--score", "Q1", "--by", "Q2"]),
    (FIXTURES / "survey.xlsx", ["--score", "score", "--by", "region"]),
]


def test_every_report_opens_in_chromium_with_no_external_request(capsys, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    playwright = pytest.importorskip("playwright.sync_api")
    outside, problems, with_chinese = [], [], 0
    with playwright.sync_playwright() as driver:
        browser = launch(driver)
        for number, (source, options) in enumerate(REPORTS):
            target = tmp_path / f"report{number}.html"
            code, _, err = run(capsys, "report", source, *options, "-o", target)
            assert code == 0, err
            page = browser.new_page()
            page.on(
                "request",
                lambda r: (
                    outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None
                ),
            )
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(target.as_uri(), wait_until="load")
            assert page.locator("img").count() >= 2, source
            if re.search(
                r"[\u4e00-\u9fff]", page.inner_text("body")
            ):  # Chinese text: its font must load
                with_chinese += 1
                loaded = page.evaluate(
                    "async () => { await document.fonts.ready;"
                    " return [...document.fonts].some(f => f.status === 'loaded'); }"
                )
                assert loaded, f"{source}: Chinese text without its embedded font"
                fonts = chinese_fonts(page, "h1", "h2", "th")
                assert not fonts or any(custom for _, custom in fonts), (
                    f"{source}: heading drawn with {fonts}"
                )
            page.close()
        browser.close()
    assert with_chinese >= 3  # the Chinese-headed fixtures
    assert outside == [] and problems == []


def test_duckdb_engine_gives_the_same_numbers_as_pandas(capsys):
    outputs = []
    for name in ("pandas", "duckdb"):
        code, out, err = run(
            capsys,
            "nps",
            HOTEL,
            "--score",
            "score",
            "--by",
            "city",
            "--format",
            "json",
            "--engine",
            name,
        )
        assert code == 0, err
        outputs.append(
            {
                row["city"]: (row["n"], round(row["nps"], 9), round(row["ci_low"], 9))
                for row in json.loads(out)
            }
        )
    assert outputs[0] == outputs[1]


def test_duckdb_engine_refuses_bad_answers_and_unsupported_options(capsys):
    code, _, err = run(
        capsys, "nps", FIXTURES / "bad_text_score.csv", "--score", "score", "--engine", "duckdb"
    )
    assert code == 2 and "1 answer that is not a number: line 3 'nine'" in err
    code, _, err = run(
        capsys, "nps", FIXTURES / "bad_out_of_range.csv", "--score", "score", "--engine", "duckdb"
    )
    assert code == 2 and "line 3 '11', line 4 '-1'" in err
    code, _, err = run(
        capsys, "nps", HOTEL, "--score", "score", "--weights", "score", "--engine", "duckdb"
    )
    assert code == 2 and "does not support --weights" in err
    code, _, err = run(capsys, "nps", HOTEL, "--score", "scores", "--engine", "duckdb")
    assert code == 2 and "scores" in err
    code, out, err = run(
        capsys, "nps", FIXTURES / "gbk.csv", "--score", "推荐意愿", "--engine", "duckdb"
    )
    assert code == 0 and "encoding gb18030" in err and "+0.0" in out
    code, out, _ = run(
        capsys, "nps", FIXTURES / "utf8_bom.csv", "--score", "推荐意愿", "--engine", "duckdb"
    )
    assert code == 0 and "+0.0" in out


def test_auto_engine_switches_to_duckdb_for_large_files(capsys, monkeypatch):
    monkeypatch.setattr(engine, "LARGE_FILE", 1000)  # the hotel file (150 kB) now counts as large
    code, _, err = run(capsys, "nps", HOTEL, "--score", "score")
    assert code == 0 and "with DuckDB" in err
    code, _, err = run(capsys, "nps", HOTEL, "--score", "score", "--engine", "pandas")
    assert code == 0 and "with DuckDB" not in err


def test_report_finds_its_sections_by_column_name(capsys, tmp_path):
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "ltr,effort,满意度,评分原因,评分_员工,评分_价格\n"
        "10,6,5,前台热情,5,4\n9,7,4,早餐好,4,4\n3,2,2,太吵,2,3\n7,5,4,还行,3,2\n0,1,1,排队太久,1,2\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.html"
    code, _, err = run(capsys, "report", survey, "--score", "ltr", "--lang", "zh", "-o", target)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    for heading in ("客户满意度", "客户费力度", "原因", "关键驱动因素"):
        assert heading in page


def test_weights_column(capsys, tmp_path):
    survey = tmp_path / "w.csv"
    survey.write_text("score,city,w\n10,A,1\n9,A,1\n3,B,2\n8,B,1\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "nps", survey, "--score", "score", "--weights", "w", "--format", "json"
    )
    # weighted shares: promoters 2/5, passives 1/5, detractors 2/5 -> NPS 0
    assert code == 0 and json.loads(out)[0]["nps"] == pytest.approx(0.0)
    code, out, _ = run(
        capsys,
        "nps",
        survey,
        "--score",
        "score",
        "--by",
        "city",
        "--weights",
        "w",
        "--format",
        "json",
    )
    assert {row["city"]: round(row["nps"], 6) for row in json.loads(out)} == {
        "A": 100.0,
        "B": -66.666667,  # the detractor weighs 2, the passive 1: 2/3 detractors, no promoters
    }
