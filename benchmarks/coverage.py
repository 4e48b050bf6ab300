"""How honest are cxlib's numbers? A seeded check of every default interval and test.

``make bench`` runs this after ``benchmarks/run.py`` (``make coverage`` runs it alone, about 15
minutes on two busy cores); ``make test`` does not, but ``tests/test_honest_numbers.py`` checks
that the book quotes its results and the module tests run the same checks on smaller grids. Every
number comes from cxlib's public functions called with their defaults, on data drawn from a known
truth:

- **proportions** (``csat.csat``; the same interval serves funnel steps, repeat rates, tracked
  shares, Kano and reason shares): exact coverage, summed over every count ``x = 0..n`` for ``p``
  from 0.01 to 0.99 in steps of 0.001 (Brown, Cai & DasGupta 2001), and the same for the
  candidate intervals it was chosen from;
- **NPS** (``nps.score``): the coverage study of :mod:`nps_coverage` (written to
  ``benchmarks/nps_coverage.csv``; the NPS chapter draws it);
- **CES** (``csat.ces``): simulated surveys from five answer distributions on 1-7;
- **control charts** (``tracking``): the share of 24-month series with no change that get a
  flag;
- **many comparisons** (``nps.by(versus="rest")``, ``nps.pairwise``, ``funnel.compare``):
  family-wise error of Holm and Benjamini-Hochberg (the same as the false discovery rate when no
  difference is real) with 20 segments of 30 answers and no real difference;
- **rate ratios** (``before_after.rate_ratio(method="quasi-poisson")``): type-I error with 5
  and 10 units per side;
- **reliability** (``reliability.alpha_interval``): coverage of the true alpha at n = 200;
- **planning** (``nps.sample_size``): how often a survey of the recommended size meets the
  margin (exact, over every possible count).

Writes ``benchmarks/coverage.csv`` (every check: its value, the promise and whether it is met),
``benchmarks/coverage_summary.csv`` (the worst case of each check, the table and picture of the
book's appendix ``book/honest_numbers.md``, with the value before issue 26 beside it) and
``benchmarks/nps_coverage.csv``, and exits 1 when a default misses its promise.
``benchmarks/coverage_before.csv`` is this script run on cxlib
as it was before issue 26 (commit 52c5f1f: ``git archive 52c5f1f cxlib | tar -x -C DIR``, then
from outside the checkout ``PYTHONPATH=DIR python benchmarks/coverage.py --before``); checks of
options that did not exist then are left out of it.

References
----------
Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
*Statistical Science*, 16(2), 101-133 (exact coverage by enumeration).
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
Z = 1.959963984540054

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
#: p from 0.01 to 0.99 in steps of 0.001.
P_GRID = np.round(np.arange(0.01, 0.99 + 1e-9, 0.001), 3)
CHART_SIZES = (30, 100, 300, 1000)
MONTHS = 24
#: What a 24-month chart of pure noise is documented to flag (cxlib.tracking), and the band held.
CHART_RATE, CHART_BAND = 0.05, 0.02
#: A share whose rarer outcome is expected fewer times than this over the 24 months (CSAT 99%
#: with 30 answers a month: 7 unhappy answers in two years) is documented as quieter: at most
#: CHART_RATE + CHART_BAND, with no lower bound.
RARE_ENOUGH = 20


def row(
    section: str,
    check: str,
    case: str,
    n: object,
    value: float,
    promise: str,
    met: bool,
    runs: int | str,
) -> dict[str, object]:
    """One line of the report."""
    return {
        "section": section,
        "check": check,
        "case": case,
        "n": str(n),
        "value": float(value),
        "promise": promise,
        "met": bool(met),
        "runs": str(runs),
    }


# --------------------------------------------------------------------------- proportions


def _wilson(x: np.ndarray, n: float, z: float = Z) -> tuple[np.ndarray, np.ndarray]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _wilson_cc(x: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe (1998) method 4, written out independently of cxlib."""
    p = x / n
    z2 = Z * Z
    low_root = np.sqrt(np.maximum(z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1), 0))
    high_root = np.sqrt(np.maximum(z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1), 0))
    low = (2 * n * p + z2 - 1 - Z * low_root) / (2 * (n + z2))
    high = (2 * n * p + z2 + 1 + Z * high_root) / (2 * (n + z2))
    return np.where(x == 0, 0, np.maximum(low, 0)), np.where(x == n, 1, np.minimum(high, 1))


def _agresti_coull(x: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    total = n + Z * Z
    p = (x + Z * Z / 2) / total
    half = Z * np.sqrt(p * (1 - p) / total)
    return np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)


def _clopper_pearson(x: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.special import betaincinv

    with np.errstate(invalid="ignore"):
        low = np.where(x == 0, 0, betaincinv(x, n - x + 1, 0.025))
        high = np.where(x == n, 1, betaincinv(x + 1, n - x, 0.975))
    return low, high


def _jeffreys(x: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.special import betaincinv

    low = np.where(x == 0, 0, betaincinv(x + 0.5, n - x + 0.5, 0.025))
    high = np.where(x == n, 1, betaincinv(x + 0.5, n - x + 0.5, 0.975))
    return low, high


def _csat(x: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray]:
    """cxlib's own interval, from csat.csat with its defaults on 0/1 answers."""
    from cxlib import csat

    bounds = np.array(
        [csat.csat(np.r_[np.ones(int(k), int), np.zeros(int(n - k), int)], (0, 1), 1).ci for k in x]
    )
    return bounds[:, 0] / 100, bounds[:, 1] / 100


#: The candidates compared in the appendix (Brown, Cai & DasGupta 2001 review them all).
CANDIDATES = {
    "Wilson": _wilson,
    "Wilson, continuity-corrected": _wilson_cc,
    "Agresti-Coull": _agresti_coull,
    "Clopper-Pearson": _clopper_pearson,
    "Jeffreys": _jeffreys,
}


def proportion_coverage(
    interval: Callable[[np.ndarray, float], tuple[np.ndarray, np.ndarray]],
    sizes: tuple[int, ...] = PROPORTION_SIZES,
    grid: np.ndarray = P_GRID,
) -> pd.DataFrame:
    """Exact coverage and mean width of an interval for a proportion, over ``grid`` for each n.

    ``interval(x, n)`` gives (low, high) as shares for every count ``x``; coverage at p is
    ``sum_x C(n, x) p^x (1 - p)^(n - x) [low_x <= p <= high_x]``.
    """
    from scipy.stats import binom

    rows = []
    for n in sizes:
        x = np.arange(n + 1, dtype=float)
        low, high = interval(x, float(n))
        pmf = binom.pmf(x[None, :], n, grid[:, None])
        inside = (low[None, :] <= grid[:, None] + 1e-9) & (grid[:, None] - 1e-9 <= high[None, :])
        coverage = (pmf * inside).sum(axis=1)
        width = (pmf * (high - low)[None, :]).sum(axis=1)
        rows.append(pd.DataFrame({"n": n, "p": grid, "coverage": coverage, "width": width}))
    return pd.concat(rows, ignore_index=True)


def proportions() -> list[dict[str, object]]:
    """The default interval's lowest exact coverage per n, and the candidates compared."""
    rows = []
    table = proportion_coverage(_csat)
    for n, cell in table.groupby("n"):
        worst = cell.loc[cell["coverage"].idxmin()]
        rows.append(
            row(
                "proportions",
                "lowest exact coverage, p 0.01-0.99",
                "csat.csat",
                n,
                worst["coverage"],
                ">= 0.93",
                worst["coverage"] >= 0.93,
                "exact",
            )
        )
    for name, interval in CANDIDATES.items():
        table = proportion_coverage(interval, sizes=(*range(10, 101), 200, 500, 1000))
        by_n = table.groupby("n")
        lowest = by_n["coverage"].min()
        rows.append(
            row(
                "proportions: candidates",
                "lowest exact coverage, n 10-1,000",
                name,
                "10-1000",
                lowest.min(),
                ">= 0.93",
                lowest.min() >= 0.93,
                "exact",
            )
        )
        rows.append(
            row(
                "proportions: candidates",
                "sizes n with a p below 93%",
                name,
                "10-1000",
                (lowest < 0.93).sum(),
                "0",
                (lowest < 0.93).sum() == 0,
                "exact",
            )
        )
        for n in (10, 30, 100, 1000):
            rows.append(
                row(
                    "proportions: candidates",
                    "mean width over p",
                    name,
                    n,
                    by_n["width"].mean()[n],
                    "",
                    True,
                    "exact",
                )
            )
    return rows


# --------------------------------------------------------------------------- CES


def ces(runs: int = 4000, seed: int = SEED) -> list[dict[str, object]]:
    """csat.ces's default interval on five shapes (and the t interval beside it)."""
    from cxlib import csat

    rng = np.random.default_rng(seed)
    values = np.arange(1, 8)
    rows = []
    try:
        csat.ces([5, 6], method="t")
        methods = {"default": {}, "t": {"method": "t"}}
    except TypeError:  # before issue 26: t was the only interval, and the default
        methods = {"default": {}}
    for name, shares in CES_SHAPES.items():
        shares = np.asarray(shares) / np.sum(shares)
        truth = float(np.dot(shares, values))
        for n in CES_SIZES:
            counts = rng.multinomial(n, shares, size=runs)
            for method, options in methods.items():
                bounds = np.array([csat.ces(np.repeat(values, c), **options).ci for c in counts])
                covered = (bounds[:, 0] <= truth + 1e-12) & (truth - 1e-12 <= bounds[:, 1])
                label = "csat.ces" if method == "default" else "csat.ces(method='t')"
                rows.append(
                    row(
                        "CES",
                        "coverage",
                        f"{label}, {name}",
                        n,
                        covered.mean(),
                        ">= 0.93" if method == "default" else "",
                        covered.mean() >= 0.93 or method != "default",
                        runs,
                    )
                )
                if method == "default":
                    width = bounds[:, 1] - bounds[:, 0]
                    bad = (width <= 1e-12) | (bounds[:, 0] < 1) | (bounds[:, 1] > 7)
                    rows.append(
                        row(
                            "CES",
                            "zero-width or off-scale intervals",
                            f"{label}, {name}",
                            n,
                            bad.mean(),
                            "0",
                            not bad.any(),
                            runs,
                        )
                    )
    for answers in ([7, 7], [1, 7], [4, 4, 4]):
        low, high = csat.ces(answers).ci
        rows.append(
            row(
                "CES",
                "interval width, inside 1-7 and not zero",
                f"csat.ces({answers})",
                len(answers),
                high - low,
                "> 0, within 1-7",
                1 <= low < high <= 7,
                "exact",
            )
        )
    return rows


# --------------------------------------------------------------------------- control charts

NPS_MIXES = {
    "NPS, 50% promoters 20% detractors": (0.2, 0.3, 0.5),
    "NPS, 95% promoters 2% detractors": (0.02, 0.03, 0.95),
}


def charts(
    runs: int = 2000, seed: int = SEED, sizes: tuple[int, ...] = CHART_SIZES
) -> list[dict[str, object]]:
    """tracking's default chart: share of 24 stable months with any flag, by metric and n."""
    from cxlib import tracking

    rng = np.random.default_rng(seed)
    rows = []
    promise = f"{CHART_RATE:.2f} +/- {CHART_BAND:.2f}"

    def record(case: str, n: int, tables: list[pd.DataFrame], rare: float = np.inf) -> None:
        flagged = np.mean([t["flagged"].any() for t in tables])
        beyond = np.mean([t["beyond"].any() for t in tables])
        if rare < RARE_ENOUGH:  # too few of the rarer answer to flag anything: quieter
            promise_here, met = (
                f"<= {CHART_RATE + CHART_BAND:.2f}",
                flagged <= CHART_RATE + CHART_BAND,
            )
        else:
            promise_here, met = promise, abs(flagged - CHART_RATE) <= CHART_BAND
        rows.append(
            row(
                "control charts",
                "24 stable months flagged",
                case,
                n,
                flagged,
                promise_here,
                met,
                runs,
            )
        )
        rows.append(
            row(
                "control charts",
                "24 stable months with a period beyond the limits",
                case,
                n,
                beyond,
                "",
                True,
                runs,
            )
        )

    month = np.arange(MONTHS)
    for name, mix in NPS_MIXES.items():
        for n in sizes:
            tables = []
            for counts in rng.multinomial(n, mix, size=(runs, MONTHS)):
                frame = pd.DataFrame(
                    {
                        "month": month,
                        "detractors": counts[:, 0],
                        "passives": counts[:, 1],
                        "promoters": counts[:, 2],
                    }
                )
                tables.append(tracking.from_counts(frame, "month").table)
            record(name, n, tables)
    for p in (0.5, 0.9, 0.95, 0.99):
        for n in sizes:
            tables = [
                tracking.from_counts(
                    pd.DataFrame({"month": month, "successes": s, "n": n}), "month", "share"
                ).table
                for s in rng.binomial(n, p, size=(runs, MONTHS))
            ]
            record(f"CSAT {p:.0%}", n, tables, rare=MONTHS * n * min(p, 1 - p))
    values = np.arange(1, 8)
    for name in ("skewed to easy", "90% sevens"):
        shares = np.asarray(CES_SHAPES[name])
        for n in sizes:
            tables = []
            for counts in rng.multinomial(n, shares, size=(runs, MONTHS)):
                answers = np.repeat(np.tile(values, MONTHS), counts.ravel())
                frame = pd.DataFrame({"score": answers, "month": np.repeat(month, n)})
                tables.append(tracking.by_period(frame, "score", "month", None, "ces").table)
            record(f"CES, {name}", n, tables)
    missed = cases = 0
    for n in range(1, 7):  # every month of 1 to 6 answers
        for promoters in range(n + 1):
            for detractors in range(n + 1 - promoters):
                frame = pd.DataFrame(
                    {
                        "month": [0, 1],
                        "promoters": [promoters, 5],
                        "passives": [n - promoters - detractors, 5],
                        "detractors": [detractors, 5],
                    }
                )
                first = tracking.from_counts(frame, "month").table.iloc[0]
                cases += 1
                missed += not (first["ci_low"] <= first["value"] <= first["ci_high"])
    rows.append(
        row(
            "control charts",
            "months whose NPS interval excludes their own value",
            "every month of 1-6 answers",
            "1-6",
            missed,
            "0",
            missed == 0,
            cases,
        )
    )
    return rows


# --------------------------------------------------------------------------- many comparisons

COMPARISON_MIXES = {
    "50% promoters, 20% detractors": (0.2, 0.3, 0.5),
    "35% promoters, 25% detractors": (0.25, 0.4, 0.35),
    "80% promoters, 5% detractors": (0.05, 0.15, 0.8),
    "95% promoters, 2% detractors": (0.02, 0.03, 0.95),
}


def _segments(
    rng: np.random.Generator, mix: tuple[float, ...], groups: int, size: int
) -> pd.DataFrame:
    scores = rng.choice([3, 8, 10], size=groups * size, p=mix)
    return pd.DataFrame({"score": scores, "segment": np.repeat(np.arange(groups), size)})


def comparisons(runs: int = 2000, seed: int = SEED) -> list[dict[str, object]]:
    """Holm and BH over 20 segments of 30 answers with no real difference: FWER (= FDR)."""
    from cxlib import nps
    from cxlib._stats import adjust_p

    rng = np.random.default_rng(seed)
    rows = []
    for name, mix in COMPARISON_MIXES.items():
        rest = {"holm": 0, "bh": 0}
        pairs = {"holm": 0, "bh": 0}
        pair_runs = runs // 4
        for _ in range(runs):
            p = nps.by(_segments(rng, mix, 20, 30), "score", "segment", versus="rest")["p_value"]
            for method in rest:
                rest[method] += bool((adjust_p(p.to_numpy(), method) <= 0.05).any())
        for _ in range(pair_runs):
            p = nps.pairwise(_segments(rng, mix, 20, 30), "score", "segment")["p_value"]
            for method in pairs:
                pairs[method] += bool((adjust_p(p.to_numpy(), method) <= 0.05).any())
        for method, label in (("holm", "Holm"), ("bh", "BH")):
            for function, count, total in (
                ("nps.by(versus='rest')", rest[method], runs),
                ("nps.pairwise", pairs[method], pair_runs),
            ):
                rate = count / total
                rows.append(
                    row(
                        "many comparisons",
                        f"family-wise error, {label}",
                        f"{function}, 20 x 30 answers, {name}",
                        600,
                        rate,
                        "<= 0.055",
                        rate <= 0.055,
                        total,
                    )
                )
    rows.extend(funnel_tests(runs, rng))
    return rows


def _ab_log(rng: np.random.Generator, per_arm: int, rates: tuple[float, ...]) -> pd.DataFrame:
    """An event log of an A/B test: every user visits, then reaches each later step or not."""
    reached = np.ones((2 * per_arm, len(rates) + 1), dtype=bool)
    for k, rate in enumerate(rates, start=1):
        reached[:, k] = reached[:, k - 1] & (rng.random(2 * per_arm) < rate)
    user, step = np.nonzero(reached)
    return pd.DataFrame(
        {
            "user": user,
            "step": np.array(["visit", "form", "pay", "done"])[step],
            "time": pd.Timestamp("2025-01-01") + pd.to_timedelta(user * 10 + step, unit="min"),
            "arm": np.where(user < per_arm, "A", "B"),
        }
    )


def funnel_tests(runs: int, rng: np.random.Generator) -> list[dict[str, object]]:
    """funnel.compare on A/B tests with no difference: untested steps, type-I, Holm's FWER."""
    from cxlib import funnel

    rows = []
    untested = false_alarm = holm = 0
    for _ in range(runs):
        table = funnel.compare(
            _ab_log(rng, 20, (0.05,)),
            user="user",
            step="step",
            time="time",
            steps=["visit", "form"],
            group="arm",
        )
        p = table["p_value"].iloc[1]
        untested += bool(np.isnan(p))
        false_alarm += bool(p <= 0.05)
    case = "funnel.compare, 20 per arm, 5% convert"
    rows.append(
        row(
            "many comparisons",
            "A/B tests with no p-value",
            case,
            40,
            untested / runs,
            "0",
            untested == 0,
            runs,
        )
    )
    rows.append(
        row(
            "many comparisons",
            "type-I error",
            case,
            40,
            false_alarm / runs,
            "<= 0.055",
            false_alarm / runs <= 0.055,
            runs,
        )
    )
    for _ in range(runs):
        table = funnel.compare(
            _ab_log(rng, 30, (0.3, 0.3, 0.3)),
            user="user",
            step="step",
            time="time",
            steps=["visit", "form", "pay", "done"],
            group="arm",
            adjust="holm",
        )
        holm += bool((table["p_adjusted"] <= 0.05).any())
    rows.append(
        row(
            "many comparisons",
            "family-wise error, Holm",
            "funnel.compare, 3 steps, 30 per arm",
            60,
            holm / runs,
            "<= 0.055",
            holm / runs <= 0.055,
            runs,
        )
    )
    try:
        funnel.difference(0, 0, 1, 5)
        ok = False
    except ValueError:
        ok = True
    except ZeroDivisionError:
        ok = False
    rows.append(
        row(
            "many comparisons",
            "an empty group gives a clear error",
            "funnel.difference(0, 0, 1, 5)",
            5,
            float(ok),
            "1",
            ok,
            "exact",
        )
    )
    return rows


# --------------------------------------------------------------------------- rate ratios


def rate_ratios(runs: int = 20000, seed: int = SEED) -> list[dict[str, object]]:
    """rate_ratio(method="quasi-poisson") with no real change: type-I error by units per side."""
    from cxlib.before_after import rate_ratio

    rng = np.random.default_rng(seed)
    rows = []
    for label, dispersion in (("Poisson units", 1.0), ("over-dispersed units (x3)", 3.0)):
        for units in (5, 10):
            rejected = 0
            for _ in range(runs):
                if dispersion == 1:
                    after, before = rng.poisson(20, (2, units))
                else:  # negative binomial with variance 3 x mean
                    shape = 20 / (dispersion - 1)
                    after, before = rng.poisson(rng.gamma(shape, 20 / shape, (2, units)))
                result = rate_ratio(
                    after, np.ones(units), before, np.ones(units), method="quasi-poisson"
                )
                rejected += bool(result.p_value <= 0.05)
            rate = rejected / runs
            rows.append(
                row(
                    "rate ratios",
                    "type-I error",
                    f"quasi-Poisson, {label}",
                    f"{units} per side",
                    rate,
                    "<= 0.06",
                    rate <= 0.06,
                    runs,
                )
            )
    result = rate_ratio([20, 20, 20], [1, 1, 1], [20, 20, 20], [1, 1, 1], method="quasi-poisson")
    ok = bool(result.ci[0] < 1 < result.ci[1] and np.isfinite(result.p_value))
    rows.append(
        row(
            "rate ratios",
            "identical units: an interval with width and a p-value",
            "rate_ratio([20]*3, ..., [20]*3, ...)",
            "3 per side",
            result.ci[1] - result.ci[0],
            "> 0",
            ok,
            "exact",
        )
    )
    return rows


# --------------------------------------------------------------------------- reliability

_THRESHOLDS = {
    "skewed 5-point items": (-1.8, -1.2, -0.4, 0.6),
    "very skewed 5-point items": (-2.3, -1.9, -1.3, -0.3),
}


def _items(rng: np.random.Generator, kind: str, n: int, k: int = 5) -> np.ndarray:
    """Answers of n respondents to k items measuring one trait (loading 0.7)."""
    if kind == "normal items":
        return 0.7 * rng.standard_normal((n, 1)) + np.sqrt(0.51) * rng.standard_normal((n, k))
    if kind == "heavy-tailed items":
        return 0.7 * rng.standard_t(4, (n, 1)) + 0.7 * rng.standard_t(4, (n, k))
    latent = 0.7 * rng.standard_normal((n, 1)) + np.sqrt(0.51) * rng.standard_normal((n, k))
    return 1 + np.searchsorted(np.asarray(_THRESHOLDS[kind]), latent).astype(float)


def reliability(runs: int = 1000, seed: int = SEED, n: int = 200) -> list[dict[str, object]]:
    """alpha_interval's default interval: coverage of the true alpha at n = 200, k = 5."""
    from cxlib.reliability import alpha, alpha_interval

    rng = np.random.default_rng(seed)
    rows = []
    for kind in (
        "normal items",
        "skewed 5-point items",
        "very skewed 5-point items",
        "heavy-tailed items",
    ):
        truth = alpha(_items(np.random.default_rng(1), kind, 2_000_000))
        covered = 0
        for _ in range(runs):
            low, high = alpha_interval(_items(rng, kind, n)).ci
            covered += low <= truth <= high
        rate = covered / runs
        promise = ">= 0.92" if "skewed" in kind else ""
        rows.append(
            row(
                "reliability",
                "coverage",
                f"alpha_interval, {kind} (alpha {truth:.3f})",
                n,
                rate,
                promise,
                rate >= 0.92 or not promise,
                runs,
            )
        )
    try:
        ok = alpha_interval([[1, 1], [2, 2], [3, 3]]).alpha == 1.0
    except ValueError:
        ok = False
    rows.append(
        row(
            "reliability",
            "alpha = 1 gives a result",
            "alpha_interval(identical items)",
            3,
            float(ok),
            "1",
            ok,
            "exact",
        )
    )
    return rows


# --------------------------------------------------------------------------- planning


def planning() -> list[dict[str, object]]:
    """nps.sample_size(5, ...): the share of surveys of that size whose interval is within +/-5."""
    from cxlib import nps

    rows = []
    for shares in ((0.5, 0.2), (0.3, 0.3), (0.99, 0.0), (1.0, 0.0)):
        for assurance in (None, 0.8):
            try:
                options = {} if assurance is None else {"assurance": assurance}
                n = nps.sample_size(5, *shares, **options)
            except TypeError:  # before issue 26 there was no assurance
                continue
            met = margin_met(n, shares, 5.0)
            label = "" if assurance is None else ", assurance=0.8"
            promise = ">= 0.8" if assurance else ""
            rows.append(
                row(
                    "planning",
                    "surveys of the recommended size meeting +/-5",
                    f"nps.sample_size(5, {shares[0]}, {shares[1]}{label}) = {n}",
                    n,
                    met,
                    promise,
                    met >= 0.8 or not assurance,
                    "exact",
                )
            )
    small = nps.margin(1, 1.0, 0.0)
    rows.append(
        row(
            "planning",
            "margin of one answer",
            "nps.margin(1, 1.0, 0)",
            1,
            small,
            "> 50",
            small > 50,
            "exact",
        )
    )
    return rows


def margin_met(n: int, shares: tuple[float, float], margin: float) -> float:
    """Exact chance that nps.score's interval from n answers has half-width <= margin."""
    from scipy.stats import multinomial

    from cxlib.nps_intervals import statistics

    p_p, p_d = shares
    promoters, detractors = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = promoters + detractors <= n
    promoters, detractors = promoters[keep], detractors[keep]
    counts = np.column_stack([detractors, n - promoters - detractors, promoters]).astype(float)
    probability = np.nan_to_num(multinomial.pmf(counts, n, [p_d, 1 - p_p - p_d, p_p]))
    stats = statistics(counts, np.full(len(counts), float(n)), Z, "adjusted-wald")
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

#: The appendix's table: for each check, which rows of the report and whether the worst is the
#: lowest ("min") or the highest ("max") value. Labels are the table's English words.
SUMMARY = [
    (
        "Intervals: coverage (promised 95%)",
        "CSAT and every share (csat.csat)",
        "proportions",
        "lowest exact coverage",
        "csat.csat",
        "min",
        ">= 93%",
    ),
    (
        "Intervals: coverage (promised 95%)",
        "CES (csat.ces)",
        "CES",
        "coverage",
        "csat.ces,",
        "min",
        ">= 93%",
    ),
    (
        "Intervals: coverage (promised 95%)",
        "Cronbach's alpha, skewed items",
        "reliability",
        "coverage",
        "skewed",
        "min",
        ">= 92%",
    ),
    (
        "Intervals: coverage (promised 95%)",
        "Cronbach's alpha, heavy-tailed items",
        "reliability",
        "coverage",
        "heavy-tailed",
        "min",
        "",
    ),
    (
        "Tests: false alarms (promised 5%)",
        "NPS segment vs rest, Holm / BH",
        "many comparisons",
        "family-wise error",
        "nps.by",
        "max",
        "<= 5.5%",
    ),
    (
        "Tests: false alarms (promised 5%)",
        "NPS pairs of segments, Holm / BH",
        "many comparisons",
        "family-wise error",
        "nps.pairwise",
        "max",
        "<= 5.5%",
    ),
    (
        "Tests: false alarms (promised 5%)",
        "A/B funnel, Holm over 3 steps",
        "many comparisons",
        "family-wise error, Holm",
        "funnel.compare, 3 steps",
        "max",
        "<= 5.5%",
    ),
    (
        "Tests: false alarms (promised 5%)",
        "Rate ratio, quasi-Poisson",
        "rate ratios",
        "type-I error",
        "quasi-Poisson",
        "max",
        "<= 6%",
    ),
    (
        "Control charts: 24 stable months flagged",
        "NPS",
        "control charts",
        "24 stable months flagged",
        "NPS",
        "range",
        "3-7%",
    ),
    (
        "Control charts: 24 stable months flagged",
        "CSAT 50% to 99%",
        "control charts",
        "24 stable months flagged",
        "CSAT",
        "range",
        "<= 7%",
    ),
    (
        "Control charts: 24 stable months flagged",
        "CES",
        "control charts",
        "24 stable months flagged",
        "CES",
        "range",
        "3-7%",
    ),
    (
        "Planning: surveys meeting +/-5 points",
        "nps.sample_size(5, 0.5, 0.2)",
        "planning",
        "surveys of the recommended size",
        "0.2) =",
        "min",
        "",
    ),
    (
        "Planning: surveys meeting +/-5 points",
        "the same with assurance=0.8",
        "planning",
        "surveys of the recommended size",
        "0.2, assurance=0.8",
        "min",
        ">= 80%",
    ),
]


def summarize(table: pd.DataFrame) -> pd.DataFrame:
    """The worst case (or the range, for charts) of each check in :data:`SUMMARY`."""
    rows = []
    for panel, label, section, check, case, worst, promise in SUMMARY:
        cell = table[
            (table["section"] == section)
            & table["check"].str.startswith(check)
            & table["case"].str.contains(case, regex=False)
        ]
        if cell.empty:
            low = high = float("nan")
        elif worst == "min":
            low = high = float(cell["value"].min())
        elif worst == "max":
            low = high = float(cell["value"].max())
        else:
            low, high = float(cell["value"].min()), float(cell["value"].max())
        rows.append({"panel": panel, "check": label, "promise": promise, "low": low, "high": high})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), default=list(SECTIONS))
    parser.add_argument("--before", action="store_true", help="write coverage_before.csv")
    args = parser.parse_args()
    import cxlib

    print(f"cxlib from {Path(cxlib.__file__).parent}", flush=True)
    rows = []
    for name in args.only:
        start = time.perf_counter()
        rows.extend(SECTIONS[name]())
        print(f"{name}: {time.perf_counter() - start:.0f} s", flush=True)
    table = pd.DataFrame(rows)
    name = "coverage_before.csv" if args.before else "coverage.csv"
    if set(args.only) != set(SECTIONS) and (HERE / name).exists():  # refresh only these sections
        kept = pd.read_csv(HERE / name, dtype={"n": str, "runs": str})
        kept = kept[~kept["section"].isin(table["section"].unique())]
        table = pd.concat([kept, table], ignore_index=True)
    table.to_csv(HERE / name, index=False, float_format="%.4f")
    summary = summarize(table)
    if not args.before:
        before = summarize(pd.read_csv(HERE / "coverage_before.csv", dtype={"n": str}))
        summary["before_low"], summary["before_high"] = before["low"], before["high"]
        summary.to_csv(HERE / "coverage_summary.csv", index=False, float_format="%.4f")
        if set(args.only) == set(SECTIONS):
            import nps_coverage

            nps_coverage.main([])
    with pd.option_context(
        "display.width", 220, "display.max_colwidth", 80, "display.max_rows", 600
    ):
        print(table.drop(columns=["section"]).to_string(index=False))
        print(summary.to_string(index=False))
    missed = table[~table["met"] & (table["section"] != "proportions: candidates")]
    print(
        f"wrote benchmarks/{name}; {len(missed)} of {len(table)} checks of the defaults not met"
        " (the candidate intervals compared for shares are not the defaults)"
    )
    if not args.before and len(missed):
        sys.exit(1)


if __name__ == "__main__":
    main()
