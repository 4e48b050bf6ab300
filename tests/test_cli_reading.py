"""Issue 21: the reading pipeline, every shape with its true number or its one-line refusal.

Truths are computed here from the lists that made the fixtures (``make_fixtures.py``), with
plain Python or pandas, never by cx's reader. Every CSV case runs through both engines and must
agree (the same numbers, or the same message).
"""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlib import _events, cli, decoding, funnel, retention
from cxlib.cli import engine

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import make_fixtures as made  # noqa: E402

ENGINES = ("pandas", "duckdb")


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def both(capsys, command, path, *options):
    """Run on both engines; return (code, out, err) of pandas after checking they agree."""
    results = [run(capsys, command, path, *options, "--engine", e) for e in ENGINES]
    (code_a, out_a, err_a), (code_b, out_b, err_b) = results
    assert code_a == code_b, results
    assert out_a == out_b, results
    for err in (err_a, err_b):
        assert "Traceback" not in err and "Warning" not in err
    if code_a:
        assert err_a.splitlines()[-1] == err_b.splitlines()[-1], results
        assert err_a.splitlines()[-1].startswith("cx: error: ")
    return results[0]


SCORE_BY_CITY = ("--score", "score", "--by", "city")


def nps_json(capsys, path, *options):
    """``cx nps FILE OPTIONS --format json`` on both engines."""
    return both(capsys, "nps", path, *options, "--format", "json")


def truth(scores) -> float:
    """NPS by hand: percent 9-10 minus percent 0-6."""
    scores = list(scores)
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores)


def by_label(out, key):
    return {row[key]: (row["n"], round(row["nps"], 6)) for row in json.loads(out)}


def expected(pairs):
    frame = pd.DataFrame(pairs, columns=["score", "label"])
    return {
        label: (len(group), round(truth(group["score"]), 6))
        for label, group in frame.groupby("label")
    }


# --- wrong numbers with exit 0 ------------------------------------------------------------------


def gbk_with_utf8():
    """The rows of gbk_utf8_lines.csv in file order, and the lines of the UTF-8 ones."""
    rows, utf8_lines = [], []
    for i, row in enumerate(made.GBK_ROWS):
        rows.append(row)
        if i in made.UTF8_ROWS:
            rows.append(made.UTF8_ROWS[i])
            utf8_lines.append(len(rows) + 1)  # the header is line 1
    return rows, utf8_lines


@pytest.mark.parametrize("sample", [decoding.SAMPLE, 64])
def test_utf8_lines_in_a_gbk_file_are_refused_or_read_per_line(capsys, monkeypatch, sample):
    monkeypatch.setattr(decoding, "SAMPLE", sample)  # 64: the UTF-8 lines come after the head
    rows, utf8_lines = gbk_with_utf8()
    path = FIXTURES / "gbk_utf8_lines.csv"
    code, _, err = both(capsys, "nps", path, "--score", "推荐意愿", "--by", "城市")
    assert code == 2 and f"line {utf8_lines[0]} is UTF-8 text ('9,上海')" in err
    assert "涓婃捣" in err and "--encoding mixed" in err  # what GBK would have made of it
    code, out, err = nps_json(
        capsys, path, "--score", "推荐意愿", "--by", "城市", "--encoding", "mixed"
    )
    assert code == 0, err
    assert by_label(out, "城市") == expected(rows)  # 上海 holds no mojibake twin


def test_a_gbk_file_whose_first_64_kb_are_ascii(capsys):
    code, out, err = nps_json(capsys, FIXTURES / "gbk_ascii_head.csv", *SCORE_BY_CITY)
    assert code == 0 and "encoding gb18030" in err and "big5" not in err
    assert by_label(out, "city") == expected([(9, "Shanghai")] * 7000 + [(10, "上海"), (3, "北京")])


def test_day_first_dates_are_refused_until_the_order_is_said(capsys):
    path = FIXTURES / "dates_ddmm.csv"
    options = ["--customer", "customer", "--time", "date", "--now", "2025-12-31", "--horizon", "40"]
    code, _, err = run(capsys, "retention", path, *options)
    assert code == 2 and "day first or month first" in err and "--dayfirst" in err
    assert "'05/01/2025' is 5 January 2025 or 1 May 2025" in err and "Warning" not in err
    code, out, err = run(capsys, "retention", path, *options, "--dayfirst", "--format", "csv")
    assert code == 0 and "read as %d/%m/%Y (day/month/year)" in err
    orders = pd.DataFrame(made.DDMM, columns=["customer", "date"])
    orders["date"] = pd.to_datetime(orders["date"], format="%d/%m/%Y")  # the truth's reading
    want = retention.cohorts(orders, customer="customer", time="date", now="2025-12-31")
    table = pd.read_csv(io.StringIO(out))
    got = table[table["table"] == "retention"].pivot(index="key", columns="age", values="rate")
    assert list(got.index) == [str(p) for p in want.rate.index] == ["2025-01", "2025-02", "2025-03"]
    assert got.to_numpy() == pytest.approx(want.rate.to_numpy(), nan_ok=True)
    code, _, err = run(capsys, "retention", path, *options, "--no-dayfirst")
    assert code == 0 and "read as %m/%d/%Y (month/day/year)" in err
    with pytest.raises(ValueError, match="dayfirst=True or False"):
        _events.times(pd.Series([d for _, d in made.DDMM]), "date")
    one_past_12 = pd.Series(["13/01/2025", "05/01/2025"])  # a day over 12 decides the order
    assert _events.times(one_past_12, "date").dt.month.tolist() == [1, 1]


@pytest.mark.parametrize(
    ("window", "words"),
    [
        ("7", "--window needs a unit: '7' alone is not a duration"),
        ("1m", "ambiguous (minutes or months?)"),
        ("-1D", "--window must be a positive duration, got '-1D'"),
        ("2 months", "months and years have no fixed length"),
    ],
)
def test_a_window_needs_its_unit(capsys, window, words):
    argv = ["funnel", FIXTURES / "events.csv", "--user", "user", "--step", "step"]
    code, out, err = run(
        capsys, *argv, "--time", "time", "--steps", "visit,book", "--window", window
    )
    assert code == 2 and out == "" and words in err and "expected one argument" not in err


def test_the_window_used_is_said_and_the_library_wants_units_too(capsys):
    argv = ["funnel", FIXTURES / "events.csv", "--user", "user", "--step", "step", "--time"]
    code, _, err = run(capsys, *argv, "time", "--steps", "visit,book", "--window", "7天")
    assert code == 0 and "window: 7 days from each user's first step" in err
    events = pd.read_csv(FIXTURES / "events.csv")
    keys = dict(user="user", step="step", time="time", steps=["visit", "book"])
    with pytest.raises(TypeError, match="needs a unit"):
        funnel.conversion(events, **keys, window=7)
    orders = pd.read_csv(FIXTURES / "orders.csv")
    with pytest.raises(TypeError, match="needs a unit"):
        retention.repeat_rate(orders, customer="customer", time="date", within=30)
    with pytest.raises(ValueError, match="needs a unit"):
        retention.repeat_rate(orders, customer="customer", time="date", within="30")
    stays = retention.repeat_rate(orders, customer="customer", time="date", within="40D")
    assert stays.within == pd.Timedelta(days=40)


def test_the_visible_sheet_is_read_not_the_hidden_one(capsys):
    path = FIXTURES / "hidden_first_sheet.xlsx"
    code, out, err = run(capsys, "nps", path, "--score", "score", "--format", "json")
    assert code == 0 and "sheet '数据'" in err
    assert json.loads(out)[0]["nps"] == pytest.approx(truth(made.SCORES))
    code, out, err = run(
        capsys, "nps", path, "--score", "score", "--sheet", "旧数据", "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["nps"] == -100.0  # only when asked for by name


def test_labels_with_invisible_characters_are_one_segment(capsys):
    code, out, err = nps_json(capsys, FIXTURES / "invisible_labels.csv", *SCORE_BY_CITY)
    assert code == 0 and "invisible characters" in err
    labels = ["上海" if "上" in c else "北京" for c in made.INVISIBLE]
    pairs = list(zip(made.SCORES, labels, strict=True))
    assert by_label(out, "city") == expected(pairs)
    code, _, err = both(
        capsys, "nps", FIXTURES / "nul_label.csv", "--score", "score", "--by", "city"
    )
    assert code == 2 and "line 3 has a NUL byte" in err


def test_duplicate_column_names_are_refused_when_used(capsys):
    path = FIXTURES / "duplicate_columns.csv"
    code, _, err = both(capsys, "nps", path, "--score", "score")
    assert code == 2 and "2 columns are called 'score' (columns 1, 2 of the header)" in err
    code, out, _ = both(capsys, "nps", path, "--score", "score.1", "--format", "json")
    assert code == 0 and json.loads(out)[0]["nps"] == truth([10, 9, 3, 7])
    orders = FIXTURES / "orders_duplicate_columns.csv"
    code, _, err = run(capsys, "retention", orders, "--customer", "customer", "--time", "date")
    assert code == 2 and "2 columns are called 'date'" in err and "Traceback" not in err
    code, _, err = run(
        capsys,
        "funnel",
        orders,
        "--user",
        "customer",
        "--step",
        "customer",
        "--time",
        "date",
        "--steps",
        "A,B",
    )
    assert code == 2 and "Traceback" not in err


def test_the_recommend_question_is_the_one_with_0_10_answers(capsys, tmp_path):
    path = FIXTURES / "wjx_count_question.csv"
    code, out, err = both(capsys, "nps", path, "--format", "json")
    assert code == 0 and "score: column '2、您向朋友推荐我们的可能性有多大？'" in err
    assert "passed over, not 0-10: '3、您已经向几位朋友推荐过我们？' (answers 0 to 3)" in err
    assert json.loads(out)[0]["nps"] == pytest.approx(truth(made.SCORES))
    two = tmp_path / "two.csv"
    two.write_text("推荐意愿,NPS评分,城市\n10,9,A\n3,7,B\n", encoding="utf-8")
    code, _, err = both(capsys, "nps", two)
    assert code == 2 and "several columns ask about recommending with 0-10 answers" in err
    count = tmp_path / "count.csv"
    count.write_text("您推荐过几位朋友,城市\n1,A\n3,B\n0,A\n", encoding="utf-8")
    code, _, err = both(capsys, "nps", count)
    assert code == 2 and "do not hold 0-10 answers" in err and "(answers 0 to 3)" in err


def test_weights_report_what_was_left_out_and_zero_weights_are_refused(capsys):
    path = FIXTURES / "weights_missing.csv"
    code, out, err = run(
        capsys, "nps", path, "--score", "score", "--weights", "w", "--dropna", "--format", "json"
    )
    # kept: 10 (weight 1), 3 (weight 2), 8 (weight 1): (1 - 2) / 4 = -25
    assert code == 0 and json.loads(out)[0]["nps"] == pytest.approx(-25.0)
    assert "left out 1 missing answers, 0 with a blank segment label and 1 without a weight" in err
    zero = FIXTURES / "weights_zero_segment.csv"
    code, out, err = run(capsys, "nps", zero, *SCORE_BY_CITY, "--weights", "w")
    assert code == 2 and out == "" and "of B add up to zero" in err and "nan" not in err


# --- tracebacks ---------------------------------------------------------------------------------


def test_old_mac_line_endings_and_carriage_returns(capsys):
    code, out, err = nps_json(capsys, FIXTURES / "cr_only.csv", *SCORE_BY_CITY)
    assert code == 0 and "lines end with CR" in err
    assert by_label(out, "city") == expected([(10, "上海"), (9, "北京"), (3, "上海"), (7, "北京")])
    code, _, err = both(capsys, "nps", FIXTURES / "lone_cr.csv", "--score", "score")
    assert code == 2 and "line 2: a carriage return (CR) inside a field" in err
    code, out, _ = both(
        capsys, "nps", FIXTURES / "cr_in_quotes.csv", "--score", "score", "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["nps"] == pytest.approx(truth([10, 9, 3]))


# --- engines agree ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("space_before_quote.csv", "line 5: a quote in the middle of a field (after ' ')"),
        ("quote_text_after.csv", "line 5: text after the quote that closes a field (then 'x')"),
        ("quote_inner.csv", "line 5: text after the quote that closes a field (then 'B')"),
        ("quote_backslash.csv", "a backslash before a quote is not CSV"),
    ],
)
def test_quote_quirks_are_refused_by_both_engines(capsys, name, words):
    code, out, err = both(capsys, "nps", FIXTURES / name, "--score", "score", "--by", "city")
    assert code == 2 and out == "" and words in err


def test_a_trailing_delimiter_after_row_200(capsys):
    code, out, _ = nps_json(capsys, FIXTURES / "trailing_delimiter_late.csv", *SCORE_BY_CITY)
    rows = [(i * 7 % 11, f"c{i % 3}") for i in range(300)] + [(10, "c1"), (9, "c2"), (4, "c0")]
    assert code == 0 and by_label(out, "city") == expected(rows)


def test_a_3_mb_answer_and_5000_columns(capsys, tmp_path, monkeypatch):
    made.long_answer(tmp_path / "long.csv")
    code, out, _ = both(
        capsys, "nps", tmp_path / "long.csv", "--score", "score", "--format", "json"
    )
    assert code == 0 and json.loads(out)[0]["n"] == 3
    assert json.loads(out)[0]["nps"] == pytest.approx(truth([10, 9, 3]))
    made.wide(tmp_path / "wide.csv")
    rows = [(r % 11, f"c{r % 3}") for r in range(300)]
    code, out, err = run(
        capsys, "nps", tmp_path / "wide.csv", "--score", "score", "--by", "city", "--format", "json"
    )
    assert code == 0 and by_label(out, "city") == expected(rows)
    monkeypatch.setattr(engine, "LARGE_FILE", 1000)  # auto would choose DuckDB: too wide
    code, again, err = run(
        capsys, "nps", tmp_path / "wide.csv", "--score", "score", "--by", "city", "--format", "json"
    )
    assert code == 0 and again == out and "5,000 columns: counted with pandas" in err
    code, _, err = run(
        capsys, "nps", tmp_path / "wide.csv", "--score", "score", "--engine", "duckdb"
    )
    assert code == 2 and "too many for the DuckDB engine" in err


def csv_fixtures():
    return sorted(p.name for p in FIXTURES.glob("*.csv"))


@pytest.mark.parametrize("name", csv_fixtures())
def test_every_fixture_reads_alike_with_both_engines(capsys, name):
    """Whatever the fixture, the two engines give the same table or the same one-line message."""
    first = pd.read_csv(FIXTURES / "utf8.csv", nrows=0).columns[0]  # any column will do
    for options in (["--score", first], [], ["--dropna"]):
        code, _, _ = both(capsys, "nps", FIXTURES / name, *options, "--format", "json")
        assert code in (0, 2)


# --- security -----------------------------------------------------------------------------------


def test_report_refuses_to_replace_a_file_unless_forced(capsys, tmp_path):
    notes = tmp_path / "notes.html"
    notes.write_text("my own notes", encoding="utf-8")
    argv = ["report", FIXTURES / "utf8.csv", "--score", "推荐意愿", "-o", notes]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "exists already" in err and "--force" in err
    assert notes.read_text(encoding="utf-8") == "my own notes"
    code, _, err = run(capsys, *argv, "--force")
    assert code == 0 and "<html" in notes.read_text(encoding="utf-8")


def test_csv_output_neutralises_formulas(capsys):
    code, out, _ = both(
        capsys,
        "nps",
        FIXTURES / "formula_labels.csv",
        "--score",
        "score",
        "--by",
        "city",
        "--format",
        "csv",
    )
    table = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert code == 0 and set(table["city"]) == {"'=1+1", "'+SUM(A1)", "'-2+3", "'@A1", "上海"}
    assert (table["nps"] < 0).any()  # numbers stay numbers, minus signs included


def big_gbk(path: Path, megabytes: int = 40) -> None:
    line = "推荐意愿,城市\n".encode("gbk")
    body = "".join(f"{i % 11},城市{i % 50}\n" for i in range(20_000)).encode("gbk")
    with open(path, "wb") as out:
        out.write(line)
        for _ in range(megabytes * 2**20 // len(body) + 1):
            out.write(body)


def _interruptible() -> None:
    """In the child before exec: Ctrl-C's default action, which Python turns into
    KeyboardInterrupt. A process started with SIGINT ignored (a pytest-xdist worker may pass
    that on, as a shell does to a background job) keeps ignoring it, rightly."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_the_utf8_copy_of_a_gbk_survey_is_removed_when_cx_is_killed(tmp_path, sent):
    """Killed while it counts, cx exits non-zero and leaves no copy behind.

    On a busy machine the signal can land after cx has printed its table and removed the copy
    (the run finished first, exit 0): then the table must be whole, and the kill is tried again.
    """
    survey = tmp_path / "big_gbk.csv"
    big_gbk(survey)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    argv = [
        sys.executable,
        "-m",
        "cxlib",
        "nps",
        str(survey),
        "--score",
        "推荐意愿",
        "--by",
        "城市",
    ]
    for _ in range(3):
        process = subprocess.Popen(
            argv,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_interruptible,
        )
        deadline = time.monotonic() + 120
        while not list(temporary.glob("cx-utf8-*")) and process.poll() is None:
            assert time.monotonic() < deadline, "the copy never appeared"
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()
        process.send_signal(sent)
        out, err = process.communicate(timeout=120)
        assert b"Traceback" not in err, err.decode()
        assert list(temporary.glob("cx-utf8-*")) == []
        if process.returncode != 0:
            return
        cities = {f"城市{i}" for i in range(50)}
        assert cities <= set(out.decode().split()), "exit 0 after a kill, with the table cut short"
    pytest.skip("cx finished its count before each of three kills landed (machine too busy)")


@pytest.mark.parametrize("raised", ["interrupt", "runtime"])
def test_an_interrupt_while_duckdb_counts_is_an_interrupt(raised):
    """DuckDB turns Ctrl-C/SIGTERM into its own error; cx must still exit 130, not 1."""
    duckdb = pytest.importorskip("duckdb")
    from cxlib import nps_sql

    class Connection:
        def execute(self, query):
            if raised == "interrupt":
                raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")
            raise RuntimeError("Query interrupted")

    counting = object.__new__(nps_sql.DuckDBFile)
    counting.connection = Connection()
    counting.error = duckdb.Error
    counting.interrupted = duckdb.InterruptException
    with pytest.raises(KeyboardInterrupt):
        counting._run("SELECT 1")


# --- messages -----------------------------------------------------------------------------------


def test_a_lone_11_names_its_line_and_suggests_no_shift(capsys):
    code, _, err = both(capsys, "nps", FIXTURES / "lone_eleven.csv", "--score", "score")
    assert code == 2 and "1 answer that is not a whole number from 0 to 10: line 538 '11'" in err
    assert "--scale" not in err


@pytest.mark.parametrize(
    ("name", "options", "words"),
    [
        ("header_newline.csv", ["--score", "推荐 意愿"], "line 6 'bad'"),
        ("qualtrics_multiline.csv", ["--score", "Q1"], "line 7 'nine'"),
        ("quoted_newline.csv", ["--score", "score"], "line 5 'bad'"),
    ],
)
def test_line_numbers_count_line_breaks_in_headers_and_answers(capsys, name, options, words):
    code, _, err = both(capsys, "nps", FIXTURES / name, *options)
    assert code == 2 and words in err


def test_files_that_are_not_csv_text(capsys, tmp_path):
    code, _, err = run(capsys, "nps", FIXTURES / "xlsx_named.csv", "--score", "score")
    assert code == 2 and "ZIP file" in err and "rename it to .xlsx" in err
    code, _, err = run(capsys, "nps", FIXTURES / "formula_no_cache.xlsx", "--score", "score")
    assert code == 2 and "formula cells without a saved value (B2, B3" in err and "blank" not in err
    code, _, err = run(capsys, "nps", tmp_path, "--score", "score")
    assert code == 2 and "is a folder" in err
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "nps", fifo, "--score", "score")
    assert code == 2 and "not a regular file" in err


def test_report_csat_with_missing_answers(capsys, tmp_path):
    target = tmp_path / "r.html"
    argv = ["report", FIXTURES / "csat_missing.csv", "--score", "ltr", "-o", target]
    code, _, err = both(capsys, *argv[:1], argv[1], *argv[2:], "--csat", "satisfaction")
    assert code == 2 and "2 missing answers" in err and "lines 3, 6" in err
    code, _, err = run(capsys, *argv, "--csat", "satisfaction", "--dropna")
    page = target.read_text(encoding="utf-8")
    assert code == 0 and "2 missing answers left out" in page  # 5, 4, 1, 5: 3 of 4 satisfied
    assert "CSAT 75.0%" in page
    code, _, err = run(capsys, *argv, "--force")  # found by its name: skipped with a note
    assert code == 0 and "Skipped: CSAT" in target.read_text(encoding="utf-8")


def test_no_pandas_warnings_before_a_date_error(capsys):
    orders = ["--customer", "customer", "--time", "date"]
    code, _, err = run(capsys, "retention", FIXTURES / "orders_bad_date.csv", *orders)
    assert code == 2 and "Warning" not in err and "date has 1 of 7 values" in err
    assert err.strip().splitlines()[-1].startswith("cx: error: ")


def test_a_step_name_with_a_comma(capsys):
    argv = ["funnel", FIXTURES / "events_comma.csv", "--user", "user", "--step", "step"]
    code, out, err = run(
        capsys, *argv, "--time", "time", "--steps", "visit", "search, filter", "book"
    )
    assert code == 0, err
    # u1 visits, searches and books; u2 visits and searches; u3 only visits
    import re

    for step, users in (("visit", 3), ("search, filter", 2), ("book", 1)):
        assert re.search(rf"^\s*{re.escape(step)}\s+{users}\s", out, flags=re.M), out


def test_piping_into_head_ends_quietly(tmp_path):
    survey = tmp_path / "many.csv"
    survey.write_text(
        "score,store\n" + "".join(f"{i % 11},store {i:05d}\n" for i in range(20_000)),
        encoding="utf-8",
    )
    command = f"{sys.executable} -m cxlib nps {survey} --score score --by store | head -1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=300)
    assert done.stdout.split()[0] == "store" and "error" not in done.stderr.lower()
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


def test_many_distinct_keys_go_through(capsys, tmp_path):
    survey = tmp_path / "keys.csv"
    rows = "".join(f"{i % 11},a{i},b{i}\n" for i in range(5000))
    survey.write_text("score,a,b\n" + rows, encoding="utf-8")
    code, out, _ = both(
        capsys, "nps", survey, "--score", "score", "--by", "a", "b", "--format", "json"
    )
    assert code == 0 and len(json.loads(out)) == 5000
    assert np.isfinite([row["nps"] for row in json.loads(out)]).all()


# --- the helper's own adversarial round: the shapes that found something -------------------------


def test_the_recommend_question_is_found_with_its_unit(capsys):
    code, out, err = nps_json(capsys, FIXTURES / "wjx_units.csv", "--unit", "分", "--by", "1、城市")
    assert code == 0 and "found by the word '推荐'" in err
    assert by_label(out, "1、城市") == expected(zip(made.SCORES, made.CITIES, strict=True))


def test_spss_dot_is_a_missing_answer(capsys):
    path = FIXTURES / "spss_dot.csv"
    code, _, err = both(capsys, "nps", path, "--score", "score", "--by", "city")
    assert code == 2 and "1 missing answer" in err and "lines 8" in err
    code, out, _ = both(
        capsys, "nps", path, "--score", "score", "--by", "city", "--dropna", "--format", "json"
    )
    assert code == 0 and by_label(out, "city") == expected(
        zip(made.SCORES, made.CITIES, strict=True)
    )


def test_option_texts_get_their_own_hint(capsys):
    code, _, err = both(capsys, "nps", FIXTURES / "qualtrics_text.csv", "--score", "Q1")
    assert code == 2 and "line 4 '10 - Likely'" in err and "numeric values" in err
    assert "--unit" not in err


def test_two_exports_joined(capsys):
    code, _, err = both(capsys, "nps", FIXTURES / "joined_exports.csv", "--score", "score")
    assert code == 2 and "line 8 'score'" in err and "the header again" in err


def test_excel_day_numbers_are_named(capsys):
    argv = ["retention", FIXTURES / "orders_serial_dates.csv", "--customer", "customer"]
    code, _, err = run(capsys, *argv, "--time", "date")
    assert code == 2 and "Excel's day numbers (45678 is 2025-01-21)" in err


def test_a_file_cut_short_or_still_growing(capsys, tmp_path):
    code, _, err = both(capsys, "nps", FIXTURES / "cut_short.csv", "--score", "score")
    assert code == 2 and "line 3 ends in the middle of a character" in err
    from cxlib import layout

    growing = tmp_path / "growing.csv"
    growing.write_text("score,city\n10,A\n9,B\n", encoding="utf-8")
    sniffed = layout.sniff(growing)
    with open(growing, "a", encoding="utf-8") as more:
        more.write("3,C\n")  # another program goes on writing after cx looked at the file
    with pytest.raises(layout.ExportError, match="changed while cx read it"):
        layout.scan(sniffed)


# --- plain CSV read alike by the scan, pandas and DuckDB: Python's csv module as the reference ---

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FIELD = st.text(alphabet=list('ab 上海,"\n\r9'), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(FIELD, min_size=2, max_size=2), min_size=1, max_size=12),
    crlf=st.booleans(),
    cut=st.integers(min_value=1, max_value=40),
)
def test_plain_csv_splits_alike_everywhere(tmp_path_factory, rows, crlf, cut):
    import csv

    from cxlib import exports, layout, records

    if not crlf:  # csv.writer quotes a lone CR only when it ends its lines with one
        rows = [[field.replace("\r", "") for field in row] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([["a", "b"], *rows])
    text = buffer.getvalue().encode()
    reference = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    pieces, start = [], 0  # blocks cut at line feeds, as the file is read
    while start < len(text):
        end = text.find(b"\n", start + cut)
        end = len(text) if end < 0 else end + 1
        pieces.append(text[start:end])
        start = end
    scanned = records.scan(pieces, b",", width=2, data_row=1, data_offset=0)
    assert scanned.rows == len(reference)
    lines, line = [], 1  # each row's first line, counted by hand
    for row in reference:
        lines.append(line)
        line += sum(field.count("\n") for field in row) + 1  # lines end at line feeds
    assert scanned.line(range(len(reference))).tolist() == lines
    path = tmp_path_factory.mktemp("csv") / "plain.csv"
    path.write_bytes(text)
    sniffed = layout.scan(layout.sniff(path), keep=True, copy=True)
    frame = exports.frame(sniffed)
    expected_rows = [
        (line, row)
        for line, row in zip(lines[1:], reference[1:], strict=True)
        if any(field.strip(" \t\r\n") for field in row)
    ]
    assert frame.index.tolist() == [line for line, _ in expected_rows]
    assert frame.to_numpy().tolist() == [row for _, row in expected_rows]
    duck = engine.DuckDBSurvey(sniffed)
    try:
        counted = duck.duck.tally("a", ["b"]).fillna("")
    finally:
        duck.close()
    got = sorted(zip(counted["raw"], counted["b"], counted["n"], strict=True))
    pairs = pd.Series([tuple(row) for _, row in expected_rows], dtype=object).value_counts()
    assert got == sorted((a, b, n) for (a, b), n in pairs.items())


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(st.text(alphabet="ab 9", max_size=3), min_size=0, max_size=4),
            st.sampled_from(["\n", "\r\n"]),
        ),
        min_size=1,
        max_size=40,
    ),
    cut=st.integers(min_value=1, max_value=30),
)
def test_the_fast_path_and_the_full_scan_agree(rows, cut):
    """Rows without quotes (the fast path's kind), of any width, blank lines among them."""
    from cxlib import records

    text = ("a,b\n" + "".join(",".join(fields) + end for fields, end in rows)).encode()
    pieces, start = [], 0
    while start < len(text):
        end = text.find(b"\n", start + cut)
        end = len(text) if end < 0 else end + 1
        pieces.append(text[start:end])
        start = end
    widths = [max(len(fields), 1) for fields, _ in rows]
    beyond = [i + 2 for i, (fields, _) in enumerate(rows) if any(f.strip() for f in fields[2:])]
    if beyond:
        with pytest.raises(records.RecordError, match=f"first at line {beyond[0]:,};"):
            records.scan(pieces, b",", width=2, data_row=1, data_offset=4)
        return
    scanned = records.scan(pieces, b",", width=2, data_row=1, data_offset=4)
    assert scanned.rows == len(rows) + 1 and scanned.fields == max([2, *widths])
    assert scanned.line(range(len(rows) + 1)).tolist() == list(range(1, len(rows) + 2))
    empty = [i + 1 for i, (fields, _) in enumerate(rows) if fields in ([], [""])]
    assert scanned.empty.tolist() == empty
