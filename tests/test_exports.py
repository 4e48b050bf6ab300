"""Issue 11: real survey files, real mistakes. Every fixture through both engines.

Each case runs ``cx`` with ``--engine pandas`` and ``--engine duckdb`` and checks that both give
the same numbers (exit 0) or the same one-line message (exit 2). The fixtures are written by
``tests/fixtures/make_fixtures.py``.
"""

import json
import os
import re
from pathlib import Path

import pytest

from cxlib import cli, decoding, exports, platforms
from cxlib.cli import engine, labels

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINES = ("pandas", "duckdb")


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def both(capsys, command, name, *options):
    """Run on both engines; return (code, out, err) of each after checking they agree."""
    results = [run(capsys, command, FIXTURES / name, *options, "--engine", e) for e in ENGINES]
    (code_a, out_a, err_a), (code_b, out_b, err_b) = results
    assert code_a == code_b, results
    assert out_a == out_b
    if code_a:  # the same one-line message, no traceback
        for err in (err_a, err_b):
            assert "Traceback" not in err and err.endswith("\n")
            assert err.strip().splitlines()[-1].startswith("cx: error: ")
        assert err_a.splitlines()[-1] == err_b.splitlines()[-1]
    return results[0]


def records(out):
    return json.loads(out)


# --- 1. wrong answers and lost data -------------------------------------------------------


def test_trailing_delimiter_keeps_the_columns(capsys):
    # `10,5,` under `ltr,other`: NPS of ltr is +33.3 (3 promoters, 1 detractor of 6), not -100
    code, out, err = both(
        capsys, "nps", "trailing_delimiter.csv", "--score", "ltr", "--format", "json"
    )
    assert code == 0, err
    assert round(records(out)[0]["nps"], 1) == 33.3 and records(out)[0]["n"] == 6


def test_values_beyond_the_header_are_refused(tmp_path, capsys):
    survey = tmp_path / "beyond.csv"
    survey.write_text("ltr,other\n10,5,\n9,5,7\n", encoding="utf-8")
    for e in ENGINES:
        code, _, err = run(capsys, "nps", survey, "--score", "ltr", "--engine", e)
        assert code == 2 and "beyond the 2 columns of the header, first at line 3" in err


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("big5.csv", ["not plausible Chinese", "--encoding big5"]),
        ("latin1.csv", ["not plausible Chinese", "'10,Z黵ich'", "--encoding latin-1"]),
        ("bad_utf16.csv", ["UTF-16 byte-order mark", "--encoding utf-16"]),
    ],
)
def test_implausible_decodes_ask_for_the_encoding(capsys, name, words):
    code, _, err = both(capsys, "nps", name, "--score", "score")
    assert code == 2
    for word in words:
        assert word in err


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("big5.csv", ["--encoding", "big5", "--score", "推薦意願", "--by", "城市"]),
        ("latin1.csv", ["--encoding", "latin-1", "--score", "score", "--by", "Stadt"]),
    ],
)
def test_with_the_encoding_named_both_engines_read_it(capsys, name, options):
    code, out, err = both(capsys, "nps", name, *options, "--format", "json")
    assert code == 0, err
    assert sum(row["n"] for row in records(out)) == 6
    assert any(row.get("城市") == "台北" or row.get("Stadt") == "Zürich" for row in records(out))


def test_the_plausibility_test_on_real_big5_and_latin1_text():
    chinese = "您向朋友推荐我们的可能性有多大？服务很好，早餐丰富，前台热情。"
    assert decoding.plausible_chinese(chinese)
    assert not decoding.plausible_chinese(
        "您向朋友推薦我們的可能性有多大？服務很好，早餐豐富。".encode("big5").decode("gb18030")
    )
    latin = "Très bien, Zürich, Müller, garçon, Straße".encode("latin-1")
    assert not decoding.plausible_chinese(latin.decode("gb18030"))
    assert not decoding.plausible_chinese("Zürich Köln".encode("latin-1").decode("gb18030"))


def test_report_never_replaces_its_input(tmp_path, capsys):
    survey = tmp_path / "survey.html"  # an input that even looks like a report
    survey.write_bytes((FIXTURES / "utf8.csv").read_bytes().replace(b"\n", b"\n"))
    csv_file = tmp_path / "survey.csv"
    csv_file.write_bytes((FIXTURES / "utf8.csv").read_bytes())
    (tmp_path / "link.html").symlink_to(csv_file)
    before = csv_file.read_bytes()
    for output, words in (
        (csv_file, "name the output *.html"),
        (tmp_path / "link.html", "that is the survey file itself"),
    ):
        code, _, err = run(capsys, "report", csv_file, "--score", "推荐意愿", "-o", output)
        assert code == 2 and words in err
    assert csv_file.read_bytes() == before
    read_only = tmp_path / "old.html"
    read_only.write_text("keep me", encoding="utf-8")
    read_only.chmod(0o444)
    code, _, err = run(capsys, "report", csv_file, "--score", "推荐意愿", "-o", read_only)
    assert code == 2 and "read-only" in err and read_only.read_text(encoding="utf-8") == "keep me"


# --- 2. two engines, one behaviour ----------------------------------------------------------


def test_semicolons_and_headers_with_spaces(capsys):
    code, out, err = both(
        capsys,
        "nps",
        "semicolon.csv",
        "--score",
        "score",
        "--by",
        "city, district",
        "--format",
        "json",
    )
    assert code == 0 and "delimiter semicolon" in err
    assert {row["city, district"]: row["n"] for row in records(out)} == {
        "上海": 2,
        "北京": 2,
        "广州": 2,
    }


def test_blank_segments_are_an_error_or_left_out_with_dropna(capsys):
    code, _, err = both(capsys, "nps", "blank_segment.csv", "--score", "score", "--by", "city")
    assert code == 2 and "2 blank segment labels on lines 3, 5" in err and "--dropna" in err
    code, out, err = both(
        capsys,
        "nps",
        "blank_segment.csv",
        "--score",
        "score",
        "--by",
        "city",
        "--dropna",
        "--format",
        "json",
    )
    assert code == 0 and [row["city"] for row in records(out)] == ["A", "B"]


def test_all_blank_scores_with_dropna_is_an_error(capsys):
    code, _, err = both(capsys, "nps", "all_blank_scores.csv", "--score", "score", "--dropna")
    assert code == 2 and "no answers left (all 3 are missing)" in err
    code, _, err = both(capsys, "nps", "all_blank_scores.csv", "--score", "score")
    assert code == 2 and "3 missing answers" in err and "pass --dropna" in err


def test_a_later_line_in_another_encoding_gives_the_same_message(capsys, monkeypatch):
    monkeypatch.setattr(decoding, "SAMPLE", 32)  # the 64 KB sample, made small
    code, _, err = both(capsys, "nps", "mixed_encoding.csv", "--score", "score")
    assert code == 2 and "line 8 is GB18030 (GBK) text ('9,广州') although the file is UTF-8" in err


def test_many_segments_are_capped_in_the_report(tmp_path, capsys):
    pages = []
    for e in ENGINES:
        target = tmp_path / f"{e}.html"
        code, _, err = run(
            capsys,
            "report",
            FIXTURES / "segments_40.csv",
            "--score",
            "score",
            "--by",
            "store",
            "--engine",
            e,
            "-o",
            target,
        )
        assert code == 0, err
        pages.append(target.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    assert "Showing the 30 largest of 40 segments" in pages[0]
    assert pages[0].count("<tr>") == 30 + 3  # 30 segments and the 3 rows of the margins table


# --- 3. the files Chinese users actually have --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "platform", "column"),
    [
        ("wjx.csv", ["--dropna"], "问卷星", "2、您向朋友推荐我们的可能性有多大？"),
        ("tencent.csv", [], "腾讯问卷", "2.您有多大可能向朋友推荐我们？"),
        ("qualtrics_nps.csv", [], "Qualtrics", "Q1"),
        ("wjx_codes.csv", ["--scale", "1-11"], "问卷星", "2、您向朋友推荐我们的可能性有多大？"),
        ("qualtrics_1_11.csv", ["--scale", "1-11"], "Qualtrics", "Q1"),
    ],
)
def test_platform_exports_are_recognised_and_the_question_found(
    capsys, name, options, platform, column
):
    code, out, err = both(capsys, "nps", name, *options, "--format", "json")
    assert code == 0, err
    assert f"platform {platform}" in err and f"score: column {column!r}" in err
    assert ("no answer is 0" in err) == (name in ("wjx.csv", "tencent.csv"))  # codes 1-11?
    assert round(records(out)[0]["nps"], 1) == 33.3 and records(out)[0]["n"] == 6


@pytest.mark.parametrize("name", ["wjx_codes.csv", "qualtrics_1_11.csv"])
def test_a_0_10_item_stored_as_1_11_is_refused_with_the_fix(capsys, name):
    code, _, err = both(capsys, "nps", name)
    assert code == 2 and "a 0-10 scale stored as 1-11? pass --scale 1-11" in err


def test_qualtrics_nps_group_disagreeing_with_the_scale(tmp_path, capsys):
    text = (FIXTURES / "qualtrics_nps.csv").read_text(encoding="utf-8")
    survey = tmp_path / "q.csv"  # 10 -> 9 and 9 -> 8: max 9, not caught by the range alone
    survey.write_text(text.replace(",10,3,", ",9,3,").replace(",9,3,", ",8,3,"), encoding="utf-8")
    for e in ENGINES:
        code, _, err = run(capsys, "nps", survey, "--engine", e)
        assert code == 2 and "Qualtrics' own Q1_NPS_GROUP disagrees" in err


def test_missing_markers_and_full_width_digits(capsys):
    code, _, err = both(capsys, "nps", "markers.csv", "--score", "score")
    assert code == 2 and "4 missing answers" in err and "lines 4, 6, 8, 10" in err
    code, out, err = both(
        capsys, "nps", "markers.csv", "--score", "score", "--dropna", "--format", "json"
    )
    assert code == 0 and records(out)[0]["n"] == 6 and records(out)[0]["promoters"] == 3
    assert "left out 4 missing answers" in err


def test_decimal_comma_has_its_own_message(capsys):
    code, _, err = both(capsys, "nps", "decimal_comma.csv", "--score", "score")
    assert code == 2 and "line 3 '7,5'" in err and "decimal comma" in err and "--unit" not in err


def test_single_column_file_is_one_column(capsys):
    code, _, err = both(capsys, "nps", "single_column.csv", "--score", "comment")
    assert code == 2 and "one column" in err and "line 2 'Good, thanks'" in err


def test_segment_labels_are_stripped(capsys):
    code, out, _ = both(
        capsys, "nps", "spaced_labels.csv", "--score", "score", "--by", "city", "--format", "json"
    )
    assert code == 0 and {row["city"]: row["n"] for row in records(out)} == {"A": 3, "B": 3}


def test_repeated_by_combines_or_refuses(capsys):
    code, out, _ = both(
        capsys,
        "nps",
        "utf8.csv",
        "--score",
        "推荐意愿",
        "--by",
        "城市",
        "--by",
        "满意度",
        "--format",
        "json",
    )
    assert code == 0 and all({"城市", "满意度"} <= set(row) for row in records(out))
    code, _, err = both(
        capsys, "nps", "utf8.csv", "--score", "推荐意愿", "--by", "城市", "--by", "城市"
    )
    assert code == 2 and "'城市' more than once" in err
    code, _, err = both(
        capsys,
        "compare",
        "utf8.csv",
        "--score",
        "推荐意愿",
        "--by",
        "城市",
        "--by",
        "原因",
        "上海",
        "北京",
    )
    assert code == 2 and "one --by column" in err


def test_excel_title_row_and_empty_first_sheet(capsys):
    code, _, err = run(capsys, "nps", FIXTURES / "title_row.xlsx", "--score", "score")
    assert code == 2 and "looks like a title" in err and "--header-row 2" in err
    code, out, err = run(
        capsys,
        "nps",
        FIXTURES / "title_row.xlsx",
        "--score",
        "score",
        "--header-row",
        "2",
        "--format",
        "json",
    )
    assert code == 0 and "header on line 2" in err and round(records(out)[0]["nps"], 1) == 33.3
    # the one visible sheet with data is read, and named
    code, out, err = run(
        capsys, "nps", FIXTURES / "empty_first_sheet.xlsx", "--score", "score", "--format", "json"
    )
    assert code == 0 and "sheet '数据'" in err and records(out)[0]["n"] == 6
    code, _, err = run(
        capsys, "nps", FIXTURES / "empty_first_sheet.xlsx", "--score", "score", "--sheet", "说明"
    )
    assert code == 2 and "sheet '说明' is empty" in err
    code, _, err = run(
        capsys, "nps", FIXTURES / "survey.xlsx", "--score", "score", "--engine", "duckdb"
    )
    assert code == 2 and "CSV files only" in err


def test_a_csv_title_line_gets_the_same_hint(tmp_path, capsys):
    survey = tmp_path / "t.csv"
    survey.write_text("客户满意度调查 2025\nscore,city\n10,A\n9,B\n", encoding="utf-8")
    for e in ENGINES:
        code, _, err = run(capsys, "nps", survey, "--score", "score", "--engine", e)
        assert code == 2 and "--header-row 2" in err
        code, _, err = run(
            capsys, "nps", survey, "--score", "score", "--header-row", "2", "--engine", e
        )
        assert code == 0, err


# --- 4. messages speak the caller's language ---------------------------------------------------


def test_lines_count_blank_lines_and_qualtrics_rows(capsys):
    code, _, err = both(capsys, "nps", "blank_lines.csv", "--score", "score")
    assert code == 2 and "line 7 'nine'" in err
    code, _, err = both(capsys, "nps", "quoted_newline.csv", "--score", "score")
    assert code == 2 and "line 5 'bad'" in err  # a quoted answer broken over two lines
    code, _, err = both(capsys, "nps", "qualtrics_nps.csv", "--score", "Q2")
    assert code == 2 and "line 4 'Shanghai'" in err  # header 1, two Qualtrics rows, answers


def test_every_bad_fixture_is_one_line_with_status_2(capsys):
    bad = [
        ("bad_out_of_range.csv", "score"),
        ("bad_text_score.csv", "score"),
        ("bad_utf16.csv", "score"),
        ("big5.csv", "score"),
        ("decimal_comma.csv", "score"),
        ("all_blank_scores.csv", "score"),
        ("units.csv", "推荐意愿"),
    ]
    for name, score in bad:
        code, out, err = both(capsys, "nps", name, "--score", score)
        assert code == 2 and out == "" and len(err.strip().splitlines()) <= 3
        assert "dropna=True" not in err


# --- 5. report ----------------------------------------------------------------------------------


def test_a_found_section_that_cannot_be_computed_is_a_note(tmp_path, capsys):
    pages = []
    for e in ENGINES:
        target = tmp_path / f"{e}.html"
        code, _, err = run(
            capsys,
            "report",
            FIXTURES / "satisfaction_0_10.csv",
            "--score",
            "ltr",
            "--engine",
            e,
            "-o",
            target,
        )
        assert code == 0, err
        pages.append(target.read_text(encoding="utf-8"))
    assert pages[0] == pages[1] and "Skipped: CSAT (satisfaction)" in pages[0]
    target = tmp_path / "few.html"
    code, _, err = run(
        capsys, "report", FIXTURES / "few_ratings.csv", "--score", "ltr", "-o", target
    )
    assert code == 0 and "Skipped: Key drivers" in target.read_text(encoding="utf-8")


def test_csat_stored_as_0_4(tmp_path, capsys):
    target = tmp_path / "c.html"
    code, _, err = both(
        capsys, "report", "csat_0_4.csv", "--score", "ltr", "--csat", "satisfaction", "-o", target
    )
    assert code == 2 and "pass --csat-scale 0-4" in err
    code, _, err = both(
        capsys,
        "report",
        "csat_0_4.csv",
        "--score",
        "ltr",
        "--csat",
        "satisfaction",
        "--csat-scale",
        "0-4",
        "-o",
        target,
        "--force",  # the run above wrote nothing, but the other engine's run did
    )
    # stored 4, 4, 3, 0, 3, 4 are 5, 5, 4, 1, 4, 5: 5 of 6 in the top two boxes
    assert code == 0 and "CSAT 83.3%" in target.read_text(encoding="utf-8")


def test_report_in_chinese_has_no_english_labels(tmp_path, capsys):
    target = tmp_path / "zh.html"
    code, _, err = run(
        capsys,
        "report",
        FIXTURES / "wjx.csv",
        "--by",
        "1、您所在的城市",
        "--dropna",
        "--lang",
        "zh",
        "-o",
        target,
    )
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    visible = re.sub(r"<style>.*?</style>|<[^>]+>|data:image[^\"]+", " ", page, flags=re.S)
    for key in ("promoters", "passives", "detractors", "nps", "ci", "distribution", "note"):
        assert labels.label(key, "zh") in page
    for english in ("promoters", "CI", "How customers", "answers", " to ", "overall", "chart"):
        assert english not in visible, english


def test_labels_live_in_one_mapping():
    assert all(len(pair) == 2 and all(pair) for pair in labels.LABELS.values())
    assert labels.label("passives", "zh") == "中立者" and labels.label("nps", "zh") == "净推荐值"


# --- the pieces ---------------------------------------------------------------------------------


def test_sniff_and_platform_helpers():
    layout = exports.sniff(FIXTURES / "qualtrics_nps.csv")
    assert (layout.extra_rows, layout.first_line, layout.platform) == (2, 4, "qualtrics")
    assert platforms.recommend_candidates(layout.columns, layout.questions) == [("Q1", "recommend")]
    assert exports.sniff(FIXTURES / "single_column.csv").delimiter == exports.ONE_COLUMN
    # 1-10 cannot be told from 1-11 without an 11: no refusal; a lone 11 is a typo, not a shift
    assert platforms.anchoring([1, 10], [5, 5], 0, 10, "--scale") is None
    assert platforms.anchoring([1, 10, 11], [500, 499, 1], 0, 10, "--scale") is None


def test_engine_auto_is_duckdb_only_for_large_csv(capsys, monkeypatch):
    monkeypatch.setattr(engine, "LARGE_FILE", 10)
    code, _, err = run(capsys, "nps", FIXTURES / "utf8.csv", "--score", "推荐意愿")
    assert code == 0 and "with DuckDB" in err
    code, _, err = run(capsys, "nps", FIXTURES / "survey.xlsx", "--score", "score")
    assert code == 0 and "with DuckDB" not in err
    assert os.environ.get("CX_NEVER_SET") is None


def test_count_query_on_duckdb_matches_nps_by():
    duckdb = pytest.importorskip("duckdb")
    import pandas as pd

    from cxlib import nps, nps_sql

    hotel = Path(__file__).resolve().parents[1] / "datasets" / "hotel_nps.csv"
    source = f"read_csv('{hotel}', header = true, all_varchar = true)"
    counts = duckdb.sql(nps_sql.count_query(source, "score", ["city"])).df()
    frame = pd.read_csv(hotel)
    expected = nps.by(frame, "score", "city", sort="group")
    result = nps.by_counts(counts, "city")
    assert result["city"].tolist() == expected["city"].tolist()
    assert result["nps"].round(9).tolist() == expected["nps"].round(9).tolist()


def test_compare_through_both_engines(capsys):
    code, out, err = both(
        capsys, "compare", "utf8.csv", "--score", "推荐意愿", "--by", "城市", "上海", "北京"
    )
    assert code == 0, err
    assert out.startswith("上海: NPS +100.0") and "北京: NPS -50.0" in out  # 3 and 7
