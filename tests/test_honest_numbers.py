"""The appendix "How honest are these numbers?" quotes benchmarks/coverage.py's last run.

``make bench`` (not ``make test``) runs the simulation; these tests check that the page's tables
say what its CSV files hold, that the defaults meet their promises in that run, and that the
page is in the book. The checks themselves run on smaller grids in each module's tests.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlib.plots.honest import promise_bounds

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "book" / "honest_numbers.md").read_text(encoding="utf-8")
TABLE = pd.read_csv(ROOT / "benchmarks" / "coverage.csv", dtype={"n": str})
SUMMARY = pd.read_csv(ROOT / "benchmarks" / "coverage_summary.csv")


def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of the page as rows of cells (the header row first)."""
    found, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


def _span(low: float, high: float) -> str:
    if np.isnan(low):
        return "—"
    return percent(low) if abs(high - low) < 1e-12 else f"{percent(low)}–{percent(high)}"


def test_the_page_is_in_the_reference_part_of_the_book():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    reference = toc[toc.index('caption: "Reference') :]
    assert "book/honest_numbers" in reference


def test_the_summary_table_quotes_the_last_run():
    summary = tables(PAGE)[0]
    assert summary[0] == ["what is checked", "promise", "before", "now"]
    chart = SUMMARY[SUMMARY["panel"].str.startswith("Control charts")]
    rows = SUMMARY[~SUMMARY["panel"].str.startswith("Control charts")]
    rows = rows[~rows["check"].str.contains("heavy-tailed|0.2\\)", regex=True)]
    expected = [
        (_span(r.before_low, r.before_high), _span(r.low, r.high)) for r in rows.itertuples()
    ]
    charts = (
        _span(chart["before_low"].min(), chart["before_high"].max()),
        _span(chart["low"].min(), chart["high"].max()),
    )
    expected.insert(7, charts)
    assert [tuple(row[2:4]) for row in summary[1:]] == expected


def test_every_default_meets_its_promise_in_the_last_run():
    for row in SUMMARY.itertuples():
        low, high = promise_bounds(row.promise)
        if not np.isnan(low):
            assert low - 1e-9 <= row.low and row.high <= high + 1e-9, row
    defaults = TABLE[TABLE["section"] != "proportions: candidates"]
    assert defaults["met"].all(), defaults[~defaults["met"]]


def _value(section: str, check: str, case: str, n: str) -> str:
    cell = TABLE[
        (TABLE["section"] == section)
        & TABLE["check"].str.startswith(check)
        & TABLE["case"].str.contains(case, regex=False)
        & (TABLE["n"] == n)
    ]
    assert len(cell) == 1, (section, check, case, n)
    return percent(cell["value"].iloc[0])


def test_the_ces_table_quotes_the_last_run():
    ces = next(t for t in tables(PAGE) if t[0][:2] == ["answers", "interval"])
    names = {"90% sevens": "90% sevens", "99% sevens": "99% sevens",
             "skewed towards easy": "skewed to easy"}  # fmt: skip
    for answers, method, *values in ces[1:]:
        label = "csat.ces(method='t')" if method == "t" else "csat.ces,"
        case = f"{label}{',' if method == 't' else ''} {names[answers]}"
        assert values == [_value("CES", "coverage", case, n) for n in ("10", "30", "100")]


def test_the_comparison_and_chart_tables_quote_the_last_run():
    comparisons = next(t for t in tables(PAGE) if t[0][0].startswith("mix of promoters"))
    for mix, *values in comparisons[1:]:
        promoters, detractors = re.findall(r"\d+%", mix)
        name = f"{promoters} promoters, {detractors} detractors"
        expected = [
            _value(
                "many comparisons",
                f"family-wise error, {method}",
                f"{function}, 20 x 30 answers, {name}",
                "600",
            )
            for function in ("nps.by(versus='rest')", "nps.pairwise")
            for method in ("Holm", "BH")
        ]
        assert values == expected
    charts = next(t for t in tables(PAGE) if t[0][0].startswith("stable process"))
    assert len(charts) == 9
    for case, *values in charts[1:]:
        assert values == [
            _value("control charts", "24 stable months flagged", case, n)
            for n in ("30", "100", "300", "1000")
        ]


@pytest.mark.parametrize("name", ["coverage.csv", "coverage_before.csv", "coverage_summary.csv"])
def test_the_files_the_page_reads_are_there(name):
    assert (ROOT / "benchmarks" / name).stat().st_size > 100
