"""The benchmarks run (once, on tiny data) so that they cannot rot; no timing is asserted."""

import runpy
from pathlib import Path

bench = runpy.run_path(str(Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"))


def test_every_benchmark_row_runs_on_tiny_data():
    rows = bench["run"]("tiny")
    assert len(rows) == 11
    for row in rows:
        assert row.work and row.goal and row.measured
        assert row.ratio is None or row.ratio > 0
    table = bench["table"](rows)
    assert table.count("\n") == len(rows) + 1 and "servqual.gaps" in table
    assert all(name in table for name in ("retention.cohorts", "repeat_rate", "retention.rfm"))
