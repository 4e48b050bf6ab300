"""How often does each NPS interval cover the true score? A seeded coverage simulation.

Run by ``benchmarks/coverage.py`` (``make bench``, ``make coverage``) or alone with
``python benchmarks/nps_coverage.py``; not part of the tests.
For every sample size n in {5, 10, 20, 30, 50, 100, 200, 500, 1000, 2000} and every true mix of
promoters and detractors in ``SHARES`` it draws ``RUNS`` surveys of n answers (multinomial
counts of detractors, passives and promoters), computes each method's 95% interval with the
library's own code (:func:`cxlib.nps_intervals.statistics` and the same percentile bootstrap as
:func:`cxlib.nps.score`) and records how often the interval contains the true NPS, its mean
width and how often it has zero width.

The Wald and adjusted Wald intervals use ``RUNS`` = 10,000 surveys per cell (the coverage
estimate's standard error is then about 0.2 points near 95%); the bootstrap, which needs
``RESAMPLES`` draws per survey, uses ``BOOT_RUNS`` = 2,000 surveys of 1,000 resamples each
(standard error about 0.5 points near 95%). Everything is vectorised over surveys; the whole
run takes under a minute on one core (about 40 s measured).

Writes ``benchmarks/nps_coverage.csv``; the book chapter (``book/nps.md``, "Small samples: which
interval?") draws it with :func:`cxlib.plots.nps.coverage` as the book is built (so the picture
follows the reader's language) and quotes the table.

References
----------
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372 (the same kind of study, which recommends the adjusted Wald).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib._stats import critical_z
from cxlib.nps_intervals import statistics

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (5, 10, 20, 30, 50, 100, 200, 500, 1000, 2000)
#: True (promoter, detractor) shares, from nearly all promoters to nearly all detractors.
SHARES = ((0.95, 0.02), (0.80, 0.10), (0.50, 0.30), (0.35, 0.25), (0.30, 0.50), (0.10, 0.80))
RUNS, BOOT_RUNS, RESAMPLES = 10_000, 2_000, 1_000
CONFIDENCE = 0.95
SEED = 20260116


def _summary(low: np.ndarray, high: np.ndarray, truth: float) -> dict[str, float]:
    """Coverage, mean width and share of zero-width intervals of many intervals."""
    covered = (low <= truth + 1e-9) & (truth - 1e-9 <= high)
    width = high - low
    return {
        "coverage": float(covered.mean()),
        "mean_width": float(width.mean()),
        "zero_width": float((width < 1e-9).mean()),
    }


def _bootstrap(counts: np.ndarray, n: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Percentile intervals of many surveys at once: RESAMPLES multinomial draws of each."""
    shares = counts / n
    draws = rng.multinomial(n, shares, size=(RESAMPLES, len(counts)))  # (resamples, runs, 3)
    scores = 100 * (draws[..., 2] - draws[..., 0]) / n
    alpha = 1 - CONFIDENCE
    low, high = np.quantile(scores, [alpha / 2, 1 - alpha / 2], axis=0)
    observed = 100 * (shares[:, 2] - shares[:, 0])
    return np.minimum(low, observed), np.maximum(high, observed)  # as nps.score does


def simulate(runs: int = RUNS, boot_runs: int = BOOT_RUNS, seed: int = SEED) -> pd.DataFrame:
    """The coverage table: one row per (n, shares, method)."""
    rng = np.random.default_rng(seed)
    z = critical_z(CONFIDENCE)
    rows = []
    for p_promoters, p_detractors in SHARES:
        truth = 100 * (p_promoters - p_detractors)
        probabilities = [p_detractors, 1 - p_promoters - p_detractors, p_promoters]
        for n in SIZES:
            counts = rng.multinomial(n, probabilities, size=runs).astype(float)
            n_eff = np.full(runs, float(n))
            cell = {"n": n, "promoters": p_promoters, "detractors": p_detractors}
            cell["true_nps"] = round(truth, 6)
            for method in ("wald", "adjusted-wald"):
                stats = statistics(counts, n_eff, z, method)
                summary = _summary(stats["ci_low"], stats["ci_high"], truth)
                rows.append({**cell, "method": method, "runs": runs, **summary})
            low, high = _bootstrap(counts[:boot_runs], n, rng)
            rows.append(
                {**cell, "method": "bootstrap", "runs": boot_runs, **_summary(low, high, truth)}
            )
    table = pd.DataFrame(rows)
    table["coverage_se"] = np.sqrt(table["coverage"] * (1 - table["coverage"]) / table["runs"])
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--boot-runs", type=int, default=BOOT_RUNS)
    parser.add_argument("--csv", type=Path, default=HERE / "nps_coverage.csv")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table = simulate(args.runs, args.boot_runs)
    table.round(4).to_csv(args.csv, index=False)
    worst = table.loc[table.groupby("method")["coverage"].idxmin()]
    print(worst[["method", "n", "promoters", "detractors", "coverage"]].to_string(index=False))
    print(f"wrote {args.csv} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
