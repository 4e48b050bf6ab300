"""How honest are cxlib's numbers? A seeded check of every default interval and test.

``make bench`` runs this after ``benchmarks/run.py`` (``make coverage`` runs it alone); it is not
part of ``make test``, whose own tests (``tests/test_honest_numbers.py``) run the same checks on
smaller grids. Every number comes from cxlib's public functions called with their defaults, on
data drawn from a known truth:

- **proportions** (``csat.csat``; the same interval serves funnel steps, repeat rates, tracked
  shares and Kano shares): exact coverage, summed over every possible count ``x = 0..n``;
- **NPS** (``nps.score``): :mod:`benchmarks.nps_coverage`, multinomial draws;
- **CES** (``csat.ces``): simulated surveys from five answer distributions on 1-7;
- **control charts** (``tracking``): share of 24-month series with no change that get a flag;
- **many comparisons** (``nps.by(versus="rest")``, ``nps.pairwise``, ``funnel.compare``):
  family-wise error of Holm and BH with 20 segments of 30 answers and no real difference;
- **rate ratios** (``before_after.rate_ratio(method="quasi-poisson")``): type-I error with 5
  and 10 units per side;
- **reliability** (``reliability.alpha_interval``): coverage of the true alpha at n = 200;
- **planning** (``nps.sample_size``): how often a survey of the recommended size meets the
  margin (exact, over every possible count).

Each row of ``benchmarks/coverage.csv`` is one check: what was measured, its value, the promise
it is held to and whether it is met. ``benchmarks/coverage_before.csv`` is the same script run on
cxlib as it was before issue 26 (commit 52c5f1f: ``git archive 52c5f1f cxlib | tar -x -C DIR``,
then ``PYTHONPATH=DIR python benchmarks/coverage.py --csv benchmarks/coverage_before.csv``);
checks of options that did not exist then are left out of it. The book's appendix
``book/honest_numbers.md`` shows both.

References
----------
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
*Statistical Science*, 16(2), 101-133 (exact coverage by enumeration; the p grid).
Morris, T. P., White, I. R. & Crowther, M. J. (2019). Using simulation studies to evaluate
statistical methods. *Statistics in Medicine*, 38(11), 2074-2102 (Monte Carlo standard errors).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # nps_coverage beside this file

CONFIDENCE = 0.95
SEED = 20261126

#: Answer distributions on a 1-7 scale (shares of 1, 2, ..., 7) for CES.
CES_SHAPES = {
    "spread evenly": (1 / 7,) * 7,
    "bell in the middle": (0.02, 0.08, 0.20, 0.40, 0.20, 0.08, 0.02),
    "skewed to easy": (0.02, 0.03, 0.05, 0.10, 0.20, 0.35, 0.25),
    "90% sevens": (0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.90),
    "99% sevens": (0.004, 0.001, 0.001, 0.001, 0.001, 0.002, 0.990),
}
CES_SIZES = (10, 30, 100, 300, 1000)
PROPORTION_SIZES = (10, 15, 20, 30, 50, 100, 200, 500, 1000)
#: p from 0.01 to 0.99 in steps of 0.001 (Brown, Cai & DasGupta 2001 use a fine grid too).
P_GRID = np.round(np.arange(0.01, 0.99 + 1e-9, 0.001), 3)
CHART_SIZES = (30, 100, 300, 1000)
MONTHS = 24


def row(section: str, check: str, case: str, n: object, value: float, promise: str,
        met: bool, runs: int | str) -> dict[str, object]:
    """One line of the report."""
    return {
        "section": section,
        "check": check,
        "case": case,
        "n": n,
        "value": float(value),
        "promise": promise,
        "met": bool(met),
        "runs": runs,
    }


def _mc_se(rate: float, runs: int) -> float:
    """Monte Carlo standard error of a simulated rate (Morris, White & Crowther 2019)."""
    return float(np.sqrt(rate * (1 - rate) / runs))


# --------------------------------------------------------------------------- proportions


def proportion_coverage(
    interval: Callable[[int, int], tuple[float, float]],
    sizes: tuple[int, ...] = PROPORTION_SIZES,
    grid: np.ndarray = P_GRID,
) -> pd.DataFrame:
    """Exact coverage and mean width of an interval for a proportion, over ``grid`` for each n.

    ``interval(x, n)`` returns (low, high) in percent. Coverage at p is
    ``sum_x C(n, x) p^x (1 - p)^(n - x) [low_x <= 100 p <= high_x]``.
    """
    from scipy.stats import binom

    rows = []
    for n in sizes:
        bounds = np.array([interval(x, n) for x in range(n + 1)])  # (n + 1, 2)
        pmf = binom.pmf(np.arange(n + 1)[None, :], n, grid[:, None])  # (p, x)
        inside = (bounds[None, :, 0] <= 100 * grid[:, None] + 1e-9) & (
            100 * grid[:, None] - 1e-9 <= bounds[None, :, 1]
        )
        coverage = (pmf * inside).sum(axis=1)
        width = (pmf * (bounds[:, 1] - bounds[:, 0])[None, :]).sum(axis=1)
        rows.append(pd.DataFrame({"n": n, "p": grid, "coverage": coverage, "width": width}))
    return pd.concat(rows, ignore_index=True)


def _csat_interval(x: int, n: int) -> tuple[float, float]:
    from cxlib import csat

    return csat.csat(np.r_[np.ones(x, int), np.zeros(n - x, int)], scale=(0, 1), top_box=1).ci


def proportions() -> list[dict[str, object]]:
    """csat.csat's default interval: exact coverage at n >= 10 for p from 0.01 to 0.99."""
    table = proportion_coverage(_csat_interval)
    rows = []
    for n, cell in table.groupby("n"):
        worst = cell.loc[cell["coverage"].idxmin()]
        rows.append(
            row(
                "proportions",
                "lowest exact coverage, p 0.01-0.99",
                f"csat.csat (lowest at p = {worst['p']:.3f})",
                n,
                worst["coverage"],
                ">= 0.93",
                worst["coverage"] >= 0.93,
                "exact",
            )
        )
    for n, p in ((10, 0.99), (100, 0.99), (20, 0.05)):
        cell = table[(table["n"] == n) & np.isclose(table["p"], p)]
        value = float(cell["coverage"].iloc[0])
        rows.append(
            row("proportions", "exact coverage", f"csat.csat, p = {p}", n, value, ">= 0.93",
                value >= 0.93, "exact")
        )
    return rows


# --------------------------------------------------------------------------- CES


def ces(runs: int = 4000, seed: int = SEED) -> list[dict[str, object]]:
    """csat.ces's default interval on five shapes: coverage, zero width, leaving the scale."""
    from cxlib import csat

    rng = np.random.default_rng(seed)
    values = np.arange(1, 8)
    rows = []
    for name, shares in CES_SHAPES.items():
        shares = np.asarray(shares) / np.sum(shares)
        truth = float(np.dot(shares, values))
        for n in CES_SIZES:
            counts = rng.multinomial(n, shares, size=runs)
            covered = zero = outside = 0
            for c in counts:
                low, high = csat.ces(np.repeat(values, c)).ci
                covered += low <= truth + 1e-12 and truth - 1e-12 <= high
                zero += high - low < 1e-12
                outside += low < 1 or high > 7
            rate = covered / runs
            rows.append(
                row("CES", "coverage", f"csat.ces, {name} (mean {truth:.2f})", n, rate,
                    ">= 0.93", rate >= 0.93, runs)
            )
            if zero or outside:
                rows.append(
                    row("CES", "zero-width or off-scale intervals", f"csat.ces, {name}", n,
                        (zero + outside) / runs, "0", False, runs)
                )
    for answers in ([7, 7], [1, 7], [4, 4, 4]):
        try:
            low, high = csat.ces(answers).ci
            ok = 1 <= low < high <= 7
            value = high - low
        except ValueError:
            ok, value = False, float("nan")
        rows.append(
            row("CES", "interval width, inside 1-7 and not zero", f"csat.ces({answers})",
                len(answers), value, "> 0, within 1-7", ok, "exact")
        )
    return rows


# --------------------------------------------------------------------------- control charts


def _months_nps(rng: np.random.Generator, shares: tuple[float, float, float], n: int,
                runs: int) -> list[pd.DataFrame]:
    counts = rng.multinomial(n, shares, size=(runs, MONTHS))  # detractor, passive, promoter
    return [
        pd.DataFrame({"month": np.arange(MONTHS), "detractors": c[:, 0], "passives": c[:, 1],
                      "promoters": c[:, 2]})
        for c in counts
    ]


def charts(runs: int = 1000, seed: int = SEED, sizes: tuple[int, ...] = CHART_SIZES
           ) -> list[dict[str, object]]:
    """tracking's default chart: share of 24 stable months with any flag, by metric and n."""
    from cxlib import tracking

    rng = np.random.default_rng(seed)
    rows = []

    def record(case: str, n: int, flags: np.ndarray, beyond: np.ndarray) -> None:
        rate = float(flags.mean())
        rows.append(row("control charts", "24 stable months flagged", case, n, rate,
                        "documented rate +/- 0.02", True, runs))
        rows.append(row("control charts", "24 stable months with a period beyond the limits",
                        case, n, float(beyond.mean()), "", True, runs))

    nps_mixes = {"NPS, 50% promoters 20% detractors": (0.2, 0.3, 0.5),
                 "NPS, 95% promoters 2% detractors": (0.02, 0.03, 0.95)}
    for name, mix in nps_mixes.items():
        for n in sizes:
            flags, beyond = [], []
            for frame in _months_nps(rng, mix, n, runs):
                table = tracking.from_counts(frame, "month").table
                flags.append(table["flagged"].any())
                beyond.append(table["beyond"].any())
            record(name, n, np.array(flags), np.array(beyond))
    for p in (0.5, 0.9, 0.95, 0.99):
        for n in sizes:
            successes = rng.binomial(n, p, size=(runs, MONTHS))
            flags, beyond = [], []
            for s in successes:
                frame = pd.DataFrame({"month": np.arange(MONTHS), "successes": s, "n": n})
                table = tracking.from_counts(frame, "month", "share").table
                flags.append(table["flagged"].any())
                beyond.append(table["beyond"].any())
            record(f"CSAT {p:.0%}", n, np.array(flags), np.array(beyond))
    values = np.arange(1, 8)
    month = np.repeat(np.arange(MONTHS), 1)
    for name in ("skewed to easy", "90% sevens"):
        shares = np.asarray(CES_SHAPES[name])
        for n in sizes:
            flags, beyond = [], []
            for _ in range(runs):
                counts = rng.multinomial(n, shares, size=MONTHS)
                answers = np.concatenate([np.repeat(values, c) for c in counts])
                frame = pd.DataFrame({"score": answers, "month": np.repeat(month, n)})
                table = tracking.by_period(frame, "score", "month", None, "ces").table
                flags.append(table["flagged"].any())
                beyond.append(table["beyond"].any())
            record(f"CES, {name}", n, np.array(flags), np.array(beyond))
    # a period's interval contains its value: every month of 1 to 5 answers
    missed = 0
    cases = 0
    for n in range(1, 6):
        for promoters in range(n + 1):
            for detractors in range(n + 1 - promoters):
                frame = pd.DataFrame({"month": [0, 1], "promoters": [promoters, 5],
                                      "passives": [n - promoters - detractors, 5],
                                      "detractors": [detractors, 5]})
                first = tracking.from_counts(frame, "month").table.iloc[0]
                cases += 1
                missed += not (first["ci_low"] <= first["value"] <= first["ci_high"])
    rows.append(row("control charts", "months whose NPS interval excludes their own value",
                    "every month of 1-5 answers", "1-5", missed, "0", missed == 0, cases))
    return rows


# --------------------------------------------------------------------------- many comparisons


def _segments(rng: np.random.Generator, mix: tuple[float, float, float], groups: int,
              size: int) -> pd.DataFrame:
    scores = rng.choice([3, 8, 10], size=groups * size, p=mix)
    return pd.DataFrame({"score": scores, "segment": np.repeat(np.arange(groups), size)})


def comparisons(runs: int = 2000, seed: int = SEED) -> list[dict[str, object]]:
    """Holm and BH over 20 segments of 30 answers with no real difference: FWER (= FDR)."""
    from cxlib import nps
    from cxlib._stats import adjust_p

    rng = np.random.default_rng(seed)
    rows = []
    for name, mix in {"50% promoters, 20% detractors": (0.2, 0.3, 0.5),
                      "80% promoters, 5% detractors": (0.05, 0.15, 0.8)}.items():
        rest = {"holm": 0, "bh": 0}
        pairs = {"holm": 0, "bh": 0}
        for _ in range(runs):
            survey = _segments(rng, mix, 20, 30)
            p = nps.by(survey, "score", "segment", versus="rest", adjust="holm")["p_value"]
            for method in rest:
                rest[method] += bool((adjust_p(p.to_numpy(), method) <= 0.05).any())
        for _ in range(runs // 4):
            survey = _segments(rng, mix, 20, 30)
            p = nps.pairwise(survey, "score", "segment", adjust="bh")["p_value"]
            for method in pairs:
                pairs[method] += bool((adjust_p(p.to_numpy(), method) <= 0.05).any())
        for method, label in (("holm", "Holm"), ("bh", "BH")):
            rate = rest[method] / runs
            rows.append(row("many comparisons", f"family-wise error, {label}",
                            f"nps.by(versus='rest'), 20 x 30 answers, {name}", 600, rate,
                            "<= 0.055", rate <= 0.055, runs))
            rate = pairs[method] / (runs // 4)
            rows.append(row("many comparisons", f"family-wise error, {label}",
                            f"nps.pairwise, 20 x 30 answers, {name}", 600, rate, "<= 0.055",
                            rate <= 0.055, runs // 4))
    rows.extend(funnel_tests(runs, rng))
    return rows


def _ab_log(rng: np.random.Generator, per_arm: int, rates: tuple[float, ...]) -> pd.DataFrame:
    """An event log of an A/B test: every user visits, then reaches each later step or not."""
    users = np.arange(2 * per_arm)
    reached = np.ones((2 * per_arm, len(rates) + 1), dtype=bool)
    for k, rate in enumerate(rates, start=1):
        reached[:, k] = reached[:, k - 1] & (rng.random(2 * per_arm) < rate)
    user, step = np.nonzero(reached)
    return pd.DataFrame({
        "user": user,
        "step": np.array(["visit", "form", "pay", "done"])[step],
        "time": pd.Timestamp("2025-01-01") + pd.to_timedelta(user * 10 + step, unit="min"),
        "arm": np.where(users[user] < per_arm, "A", "B"),
    })


def funnel_tests(runs: int, rng: np.random.Generator) -> list[dict[str, object]]:
    """funnel.compare on A/B tests with no difference: untested steps, type-I, Holm's FWER."""
    from cxlib import funnel

    rows = []
    untested = false_alarm = holm = 0
    for _ in range(runs):
        log = _ab_log(rng, 20, (0.05,))
        table = funnel.compare(log, user="user", step="step", time="time",
                               steps=["visit", "form"], group="arm")
        p = table["p_value"].iloc[1]
        untested += bool(np.isnan(p))
        false_alarm += bool(p <= 0.05)
    rows.append(row("many comparisons", "A/B tests with no p-value",
                    "funnel.compare, 20 per arm, 5% convert", 40, untested / runs, "0",
                    untested == 0, runs))
    rows.append(row("many comparisons", "type-I error", "funnel.compare, 20 per arm, 5% convert",
                    40, false_alarm / runs, "<= 0.055", false_alarm / runs <= 0.055, runs))
    for _ in range(runs):
        log = _ab_log(rng, 30, (0.3, 0.3, 0.3))
        table = funnel.compare(log, user="user", step="step", time="time",
                               steps=["visit", "form", "pay", "done"], group="arm",
                               adjust="holm")
        holm += bool((table["p_adjusted"] <= 0.05).any())
    rows.append(row("many comparisons", "family-wise error, Holm",
                    "funnel.compare, 3 steps, 30 per arm", 60, holm / runs, "<= 0.055",
                    holm / runs <= 0.055, runs))
    try:
        funnel.difference(0, 0, 1, 5)
        ok = False
    except ValueError:
        ok = True
    except ZeroDivisionError:
        ok = False
    rows.append(row("many comparisons", "clear error for an empty group",
                    "funnel.difference(0, 0, 1, 5)", 5, float(ok), "ValueError", ok, "exact"))
    return rows


# --------------------------------------------------------------------------- rate ratios


def rate_ratios(runs: int = 20000, seed: int = SEED) -> list[dict[str, object]]:
    """rate_ratio(method="quasi-poisson") with no real change: type-I error by units per side."""
    from cxlib.before_after import rate_ratio

    rng = np.random.default_rng(seed)
    rows = []
    for label, dispersion in (("Poisson units", 1.0), ("over-dispersed units (x3)", 3.0)):
        for units in (5, 10):
            rejected = nan = 0
            for _ in range(runs):
                if dispersion == 1:
                    after, before = rng.poisson(20, (2, units))
                else:  # negative binomial with variance 3 x mean
                    shape = 20 / (dispersion - 1)
                    after, before = rng.poisson(rng.gamma(shape, 20 / shape, (2, units)))
                if after.sum() == 0 or before.sum() == 0:
                    continue
                result = rate_ratio(after, np.ones(units), before, np.ones(units),
                                    method="quasi-poisson")
                nan += bool(np.isnan(result.p_value))
                rejected += bool(result.p_value <= 0.05)
            rate = rejected / runs
            rows.append(row("rate ratios", "type-I error",
                            f"rate_ratio quasi-Poisson, {label}", f"{units} per side", rate,
                            "<= 0.06", rate <= 0.06, runs))
    result = rate_ratio([20, 20, 20], [1, 1, 1], [20, 20, 20], [1, 1, 1], method="quasi-poisson")
    ok = result.ci[0] < 1 < result.ci[1] and np.isfinite(result.p_value)
    rows.append(row("rate ratios", "identical units: an interval with width and a p-value",
                    "rate_ratio([20]*3, ..., [20]*3, ...)", "3 per side",
                    result.ci[1] - result.ci[0], "> 0", ok, "exact"))
    return rows


# --------------------------------------------------------------------------- reliability

_THRESHOLDS = {
    "skewed 5-point items": (-1.8, -1.2, -0.4, 0.6),
    "very skewed 5-point items": (-2.3, -1.9, -1.3, -0.3),
}


def _items(rng: np.random.Generator, kind: str, n: int, k: int = 5) -> np.ndarray:
    """Answers of n respondents to k items measuring one trait (loading 0.7)."""
    if kind == "heavy-tailed items":
        trait = rng.standard_t(4, (n, 1))
        return 0.7 * trait + 0.7 * rng.standard_t(4, (n, k))
    latent = 0.7 * rng.standard_normal((n, 1)) + np.sqrt(1 - 0.49) * rng.standard_normal((n, k))
    return 1 + np.searchsorted(np.asarray(_THRESHOLDS[kind]), latent).astype(float)


def _true_alpha(kind: str, k: int = 5) -> float:
    """Population alpha of a kind of items, from 2 million respondents (fixed seed)."""
    from cxlib.reliability import alpha

    return alpha(_items(np.random.default_rng(1), kind, 2_000_000, k))


def reliability(runs: int = 1000, seed: int = SEED, n: int = 200) -> list[dict[str, object]]:
    """alpha_interval's default interval: coverage of the true alpha at n = 200, k = 5."""
    from cxlib.reliability import alpha_interval

    rng = np.random.default_rng(seed)
    rows = []
    for kind in ("skewed 5-point items", "very skewed 5-point items", "heavy-tailed items"):
        truth = _true_alpha(kind)
        covered = 0
        for _ in range(runs):
            low, high = alpha_interval(_items(rng, kind, n)).ci
            covered += low <= truth <= high
        rate = covered / runs
        rows.append(row("reliability", "coverage", f"alpha_interval, {kind} (alpha {truth:.3f})",
                        n, rate, ">= 0.92", rate >= 0.92, runs))
    try:
        result = alpha_interval([[1, 1], [2, 2], [3, 3]])
        ok = result.alpha == 1.0
    except ValueError:
        ok = False
    rows.append(row("reliability", "alpha = 1 gives a result", "alpha_interval(identical items)",
                    3, float(ok), "no error", ok, "exact"))
    return rows


# --------------------------------------------------------------------------- planning


def planning() -> list[dict[str, object]]:
    """nps.sample_size(5, ...): the share of surveys of that size whose interval is within +/-5."""
    from cxlib import nps
    from cxlib._stats import critical_z
    from cxlib.nps_intervals import statistics

    z = critical_z(CONFIDENCE)
    rows = []
    for shares in ((0.5, 0.2), (0.3, 0.3), (0.99, 0.0), (1.0, 0.0)):
        n = nps.sample_size(5, *shares)
        met = margin_met(n, shares, 5.0, z, statistics)
        rows.append(row("planning", "surveys of the recommended size meeting +/-5",
                        f"nps.sample_size(5, {shares[0]}, {shares[1]}) = {n}", n, met,
                        "documented", True, "exact"))
    small = nps.margin(1, 1.0, 0.0)
    rows.append(row("planning", "margin of one answer", "nps.margin(1, 1.0, 0)", 1, small,
                    "> 50", small > 50, "exact"))
    return rows


def margin_met(n: int, shares: tuple[float, float], margin: float, z: float,
               statistics: Callable) -> float:
    """Exact chance that the adjusted-Wald interval of n answers has half-width <= margin."""
    from scipy.stats import multinomial

    p_p, p_d = shares
    promoters, detractors = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = promoters + detractors <= n
    promoters, detractors = promoters[keep], detractors[keep]
    counts = np.column_stack([detractors, n - promoters - detractors, promoters]).astype(float)
    probability = multinomial.pmf(counts, n, [p_d, 1 - p_p - p_d, p_p])
    probability = np.nan_to_num(probability)
    stats = statistics(counts, np.full(len(counts), float(n)), z, "adjusted-wald")
    half = (stats["ci_high"] - stats["ci_low"]) / 2
    return float(probability[half <= margin + 1e-9].sum())


# --------------------------------------------------------------------------- the report

SECTIONS = {
    "proportions": proportions,
    "ces": ces,
    "charts": charts,
    "comparisons": comparisons,
    "rate_ratios": rate_ratios,
    "reliability": reliability,
    "planning": planning,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", type=Path, default=HERE / "coverage.csv")
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), default=list(SECTIONS))
    args = parser.parse_args()
    import cxlib

    print(f"cxlib from {Path(cxlib.__file__).parent}", flush=True)
    rows = []
    for name in args.only:
        start = time.perf_counter()
        rows.extend(SECTIONS[name]())
        print(f"{name}: {time.perf_counter() - start:.0f} s", flush=True)
    table = pd.DataFrame(rows)
    table.to_csv(args.csv, index=False, float_format="%.4f")
    with pd.option_context("display.width", 200, "display.max_colwidth", 70,
                           "display.max_rows", 500):
        print(table.drop(columns=["section"]).to_string(index=False))
    print(f"wrote {args.csv}")


if __name__ == "__main__":
    main()
