"""The control chart and trend test behind :mod:`cxlib.tracking` (split from it for size).

Everything here works on per-period sufficient statistics (counts, sums), so that
:func:`cxlib.tracking.by_period` (answers) and :func:`cxlib.tracking.from_counts` (counts) share
one computation. The limits come from each metric's own distribution (:mod:`cxlib._chart_limits`).
References are in :mod:`cxlib.tracking`: Montgomery (2019) for probability limits and charts with
variable sample sizes, Nelson (1984) for the run rule, Cochran (1954) and Armitage (1955) for the
trend test, Rocks (2016), Newcombe (1998) and Agresti & Coull (1998) for the period intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import erfc, sqrt
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _chart_limits, _validate
from cxlib._stats import bounded_mean, critical_z, p_text, proportion_interval
from cxlib.language import N_, tr
from cxlib.nps_intervals import statistics

#: How each metric is named in a printed result (its catalogue message).
_METRIC_NAMES = {"nps": N_("NPS"), "csat": N_("CSAT"), "ces": N_("CES"), "share": N_("SHARE")}


@dataclass(frozen=True)
class Trend:
    """A linear trend in the period metric, tested against "no change over time".

    Attributes
    ----------
    slope : float
        Change of the metric per period (e.g. NPS points per month), weighted least squares.
    se : float
        Standard error of ``slope`` under sampling noise only.
    ci : tuple of float
        Confidence interval of ``slope``.
    z, p_value : float
        ``slope / se`` and its two-sided normal p-value (for a share: the Cochran-Armitage test).
    confidence : float
        Confidence level of ``ci``.
    chi2, dispersion : float
        Pearson's ``sum((value - centre)**2 / variance)`` over the periods with answers, and
        ``chi2 / (periods - 1)``: near 1 when periods differ by sampling noise only; well above 1
        when they vary more (then ``se`` is too small and the trend test too eager).
    periods : int
        Periods with at least one answer.
    """

    slope: float
    se: float
    ci: tuple[float, float]
    z: float
    p_value: float
    confidence: float
    chi2: float
    dispersion: float
    periods: int

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Trend {s.slope:+.2f} per period ({s.confidence:.0%} CI {low:+.2f} to {high:+.2f}), "
            "z = {s.z:.2f}, {p}; dispersion {s.dispersion:.2f} over {s.periods} periods",
            s=self,
            low=low,
            high=high,
            p=p_text(self.p_value),
        )


@dataclass(frozen=True)
class Tracking:
    """A metric per period with its control chart and trend test.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per period: ``period``, ``n``, ``value`` (the metric), ``se`` (its own Wald
        standard error), ``ci_low`` and ``ci_high`` (adjusted Wald for NPS, Wilson for shares,
        t for CES), ``centre``, ``lcl`` and ``ucl`` (control limits), ``beyond`` (outside the
        limits), ``run`` (part of a run of ``run_length`` or more on one side of the centre line)
        and ``flagged`` (either). A period without answers has ``n = 0`` and missing values.
    metric : str
        ``"nps"``, ``"csat"``, ``"ces"`` or ``"share"``.
    centre : float
        The metric pooled over all answers: the centre line.
    sigmas : float
        Width of the control limits in standard errors (3 by default).
    run_length : int or None
        The run rule's length; None when switched off.
    confidence : float
        Confidence level of the period intervals and of the trend's interval.
    trend : Trend
        The trend test.
    baseline : tuple or None
        The (first, last) periods that set the centre line; None when all periods did.
    """

    table: pd.DataFrame
    metric: str
    centre: float
    sigmas: float
    run_length: int | None
    confidence: float
    trend: Trend
    baseline: tuple[Any, Any] | None = None

    @property
    def flagged(self) -> pd.DataFrame:
        """The rows of ``table`` flagged as beyond chance."""
        return self.table[self.table["flagged"]]

    def __str__(self) -> str:
        flagged = self.flagged
        names = ", ".join(str(p) for p in flagged["period"])
        rule = (
            tr(" or {s.run_length} in a row on one side of the median", s=self)
            if self.run_length
            else ""
        )
        basis = "" if self.baseline is None else tr(" (from {0} to {1})", *self.baseline)
        found = tr("{0} flagged ({1})", len(flagged), names) if len(flagged) else ""
        metric = tr(_METRIC_NAMES.get(self.metric, self.metric.upper()))
        return (
            tr(
                "{metric} over {periods} periods, centre {s.centre:.1f}{basis}, "
                "{s.sigmas:g}-sigma probability limits{rule}: {found}",
                s=self,
                metric=metric,
                periods=len(self.table),
                basis=basis,
                rule=rule,
                found=found or tr("no period flagged"),
            )
            + f"\n{self.trend}"
        )


def _baseline_mask(index: pd.Index, baseline: tuple[Any, Any] | None) -> np.ndarray:
    """Which periods set the centre line: all, or those from ``baseline[0]`` to ``baseline[1]``."""
    if baseline is None:
        return np.ones(len(index), dtype=bool)
    if not isinstance(baseline, (tuple, list)) or len(baseline) != 2:
        raise ValueError(f"baseline must be a pair (first, last) of periods, got {baseline!r}")
    try:
        if isinstance(index, pd.PeriodIndex):
            first, last = (pd.Period(b, freq=index.freq) for b in baseline)
        else:
            first, last = baseline
        mask = np.asarray((index >= first) & (index <= last), dtype=bool)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"baseline {baseline!r} cannot be compared with the periods ({index[0]} ...)"
        ) from error
    if not mask.any():
        raise ValueError(
            f"baseline {baseline!r} holds none of the periods ({index[0]} to {index[-1]})"
        )
    return mask


def _answers(metric: str, stats: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per-period counts of each possible answer (periods x k) and the score of each answer."""
    if metric == "nps":
        counts = np.column_stack([stats[c] for c in ("detractors", "passives", "promoters")])
        return counts, np.array([-100.0, 0.0, 100.0])
    if metric == "ces":
        return stats["counts"], np.arange(stats["counts"].shape[1], dtype=float) + stats["low"]
    successes, n = stats["successes"], stats["n"]
    return np.column_stack([n - successes, successes]), np.array([0.0, 100.0])


def _intervals(
    metric: str, counts: np.ndarray, scores: np.ndarray, n: np.ndarray, z: float
) -> tuple[np.ndarray, ...]:
    """Each period's value, its own Wald SE and its interval, which always contains the value.

    NPS: the adjusted-Wald interval of Rocks (2016); shares: the continuity-corrected Wilson
    interval; CES: the adjusted-Wald interval of a bounded mean (:func:`cxlib._stats.bounded_mean`).
    """
    value = counts @ scores / n
    variance = np.maximum(counts @ scores**2 / n - value**2, 0.0)
    if metric == "nps":
        fields = statistics(counts, n, z, "adjusted-wald")
        se = np.sqrt(variance / n)
        return value, se, fields["ci_low"], fields["ci_high"]
    if metric == "ces":
        se = np.where(n >= 2, np.sqrt(variance / np.maximum(n - 1, 1)), np.nan)
        _, _, low, high = bounded_mean(value, variance, n, scores[0], scores[-1], z)
        return value, se, low, high
    share = value / 100
    low, high = proportion_interval(share, n, z)
    return value, 100 * np.sqrt(share * (1 - share) / n), 100 * low, 100 * high


def _chart(
    metric: str,
    stats: dict[str, np.ndarray],
    index: pd.Index,
    position: np.ndarray,
    confidence: float,
    sigmas: float,
    run_length: int | None,
    baseline: tuple[Any, Any] | None = None,
) -> Tracking:
    """Values, intervals, limits, flags and trend from per-period counts of each answer."""
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    if isinstance(sigmas, bool) or not isinstance(sigmas, (int, float)) or not sigmas > 0:
        raise ValueError(f"sigmas must be a positive number, got {sigmas!r}")
    if run_length is not None and (
        isinstance(run_length, bool)
        or not isinstance(run_length, (int, np.integer))
        or run_length < 2
    ):
        raise ValueError(
            f"run_length must be a whole number of at least 2 or None, got {run_length!r}"
        )
    z = critical_z(confidence)
    base = _baseline_mask(index, baseline)
    counts, scores = _answers(metric, stats)
    n = counts.sum(axis=1)
    pooled = counts[base].sum(axis=0)
    total = pooled.sum()
    if total == 0:
        raise ValueError("there are no answers in any (baseline) period")
    if metric == "ces" and (n[base] >= 2).sum() == 0:
        raise ValueError("CES tracking needs a period with at least two answers")
    shares = pooled / total
    centre = float(shares @ scores)
    unit_sd = float(np.sqrt(max(shares @ scores**2 - centre**2, 0.0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        value, se, ci_low, ci_high = _intervals(metric, counts, scores, n, z)
    if metric == "ces":  # the x-bar chart's pooled within-period standard deviation
        used = base & (n >= 2)
        within = counts[used] @ scores**2 - n[used] * value[used] ** 2
        unit_sd = float(np.sqrt(max(within.sum(), 0.0) / (n[used] - 1).sum()))
    # Limits from the period total's own distribution, as totals 0..(k-1) n, then as values.
    alpha = 2 * float(_normal_tail(sigmas))
    size = np.round(n).astype(np.int64)
    found = _chart_limits.limits(shares, size, alpha)
    step = scores[1] - scores[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        to_value = lambda total_index: scores[0] + step * total_index / size  # noqa: E731
        lcl, ucl, median = to_value(found.low), to_value(found.high), to_value(found.median)
    empty = size == 0
    ci_low, ci_high = np.where(empty, np.nan, ci_low), np.where(empty, np.nan, ci_high)
    lcl, ucl = np.where(empty, np.nan, lcl), np.where(empty, np.nan, ucl)
    median = np.where(empty, np.nan, median)
    tolerance = 1e-9 * max(1.0, float(np.nanmax(np.abs(scores))))
    beyond = ~empty & ((value < lcl - tolerance) | (value > ucl + tolerance))
    side = np.where(
        empty, 0, np.sign(np.where(np.abs(value - median) <= tolerance, 0, value - median))
    )
    run = _runs(side, run_length)
    table = pd.DataFrame(
        {
            "period": index,
            "n": n.round().astype(np.int64),
            "value": value,
            "se": se,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "centre": np.where(empty, np.nan, centre),
            "median": median,
            "lcl": lcl,
            "ucl": ucl,
            "beyond": beyond,
            "run": run,
        }
    )
    table["flagged"] = table["beyond"] | table["run"]
    trend = _trend(value, n, position, centre, unit_sd, z, confidence)
    return Tracking(
        table, metric, float(centre), float(sigmas), run_length, confidence, trend, baseline
    )


def _normal_tail(sigmas: float) -> float:
    """P(Z > sigmas) of the standard normal: 0.00135 for 3 sigmas."""
    return 0.5 * erfc(sigmas / sqrt(2))


def _runs(side: np.ndarray, run_length: int | None) -> np.ndarray:
    """True for periods in a run of ``run_length`` or more equal non-zero signs in a row."""
    if run_length is None or side.size == 0:
        return np.zeros(side.size, dtype=bool)
    starts = np.r_[True, side[1:] != side[:-1]]
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)
    return (side != 0) & (lengths[run_id] >= run_length)


def _trend(
    value: np.ndarray,
    n: np.ndarray,
    position: np.ndarray,
    centre: float,
    unit_sd: float,
    z: float,
    confidence: float,
) -> Trend:
    """Weighted least-squares slope on time with weights n / v (Cochran-Armitage for shares)."""
    used = n > 0
    w, t, x = n[used], position[used], value[used]
    tbar = float(np.dot(w, t) / w.sum())
    sxx = float(np.dot(w, (t - tbar) ** 2))
    periods = int(used.sum())
    variance = unit_sd**2
    pooled = float(np.dot(w, x) / w.sum())  # the centre itself unless a baseline was given
    chi2 = float(np.dot(w, (x - pooled) ** 2) / variance) if variance > 0 else float("nan")
    dispersion = chi2 / (periods - 1) if periods > 1 else float("nan")
    if periods < 2 or sxx == 0 or variance == 0:
        nan = float("nan")
        return Trend(nan, nan, (nan, nan), nan, nan, confidence, chi2, dispersion, periods)
    slope = float(np.dot(w, (t - tbar) * (x - pooled)) / sxx)
    se = sqrt(variance / sxx)
    stat = slope / se
    return Trend(
        slope=slope,
        se=se,
        ci=(slope - z * se, slope + z * se),
        z=stat,
        p_value=erfc(abs(stat) / sqrt(2)),
        confidence=confidence,
        chi2=chi2,
        dispersion=dispersion,
        periods=periods,
    )
