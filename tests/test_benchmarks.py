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


def test_the_table_names_the_machine_and_its_blas():
    info = bench["machine"]()
    assert info["cpu"] and info["cores"] >= 1 and info["numpy"]
    assert info["blas"] and all(b["library"] for b in info["blas"])
    line = bench["describe"](info)
    assert "BLAS:" in line and "thread" in line and str(info["cores"]) in line


def test_servqual_cross_products_are_exact_on_both_paths():
    """The hot path of servqual.gaps (make bench) in float32 and float64 against integers."""
    import numpy as np

    from cxlib import servqual

    rng = np.random.default_rng(7)
    for low, high, dtype, n in ((1, 7, np.int8, 1_000), (0, 100, np.uint8, 777), (0, 10, int, 256)):
        e = rng.integers(low, high + 1, (n, 22)).astype(dtype)
        p = rng.integers(low, high + 1, (n, 22)).astype(dtype)
        gaps = np.hstack([p.astype(np.int64) - e, np.ones((n, 1), np.int64)])
        expected = gaps.T @ gaps
        for span in (high - low, None):  # float32 (exact for these scales), float64
            for chunk in (100, 16_384):
                got = servqual._cross_products(e, p, span=span, chunk=chunk)
                assert got.dtype == np.float64 and np.array_equal(got, expected), (high, span)
