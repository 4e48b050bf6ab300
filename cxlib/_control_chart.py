"""The control chart and trend test behind :mod:`cxlib.tracking` (split from it for size).

Everything here works on per-period sufficient statistics (counts, sums), so that
:func:`cxlib.tracking.by_period` (answers) and :func:`cxlib.tracking.from_counts` (counts) share
one computation. References are in :mod:`cxlib.tracking`: Montgomery (2019) for the p-chart and
x-bar chart with variable sample sizes, Western Electric (1956) for the run rule, Cochran (1954)
and Armitage (1955) for the trend test, Rocks (2016) for the adjusted-Wald NPS interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import erfc, sqrt
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, p_text, wilson
from cxlib.language import N_, tr

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
        rule = tr(" or {s.run_length} in a row on one side", s=self) if self.run_length else ""
        basis = "" if self.baseline is None else tr(" (from {0} to {1})", *self.baseline)
        found = tr("{0} flagged ({1})", len(flagged), names) if len(flagged) else ""
        metric = tr(_METRIC_NAMES.get(self.metric, self.metric.upper()))
        return (
            tr(
                "{metric} over {periods} periods, centre {s.centre:.1f}{basis}, limits "
                "+/-{s.sigmas:g} SE{rule}: {found}",
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
    """Values, intervals, limits, flags and trend from per-period sufficient statistics."""
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
    with np.errstate(divide="ignore", invalid="ignore"):
        if metric == "nps":
            promoters, passives, detractors = (
                stats[c] for c in ("promoters", "passives", "detractors")
            )
            n = promoters + passives + detractors
            value = 100 * (promoters - detractors) / n
            se = (
                100
                * np.sqrt((promoters + detractors) / n - ((promoters - detractors) / n) ** 2)
                / np.sqrt(n)
            )
            # Rocks (2016) adjusted Wald: 3/4 promoter, 3/4 detractor, 3/2 passive added.
            adj_n = n + 3
            adj_p, adj_d = (promoters + 0.75) / adj_n, (detractors + 0.75) / adj_n
            adj_se = np.sqrt((adj_p + adj_d - (adj_p - adj_d) ** 2) / adj_n)
            ci_low = np.clip(100 * (adj_p - adj_d - z * adj_se), -100, 100)
            ci_high = np.clip(100 * (adj_p - adj_d + z * adj_se), -100, 100)
            total = n[base].sum()
            pp, pd_ = promoters[base].sum() / total, detractors[base].sum() / total
            centre = 100 * (pp - pd_)
            unit_sd = 100 * sqrt(max(pp + pd_ - (pp - pd_) ** 2, 0.0))
            bounds = (-100.0, 100.0)
        elif metric == "ces":
            n, sums, sumsq = stats["n"], stats["sum"], stats["sumsq"]
            value = sums / n
            within = np.maximum(sumsq - sums * value, 0.0)  # sum of squared deviations per period
            sd = np.sqrt(within / (n - 1))
            se = np.where(n >= 2, sd / np.sqrt(n), np.nan)
            from scipy.special import stdtrit  # lazy: keeps `import cxlib` light

            t = np.where(n >= 2, stdtrit(np.maximum(n - 1, 1), 0.5 + confidence / 2), np.nan)
            ci_low, ci_high = value - t * se, value + t * se
            total = n[base].sum()
            centre = float(sums[base].sum() / total)
            dof = np.maximum(n[base] - 1, 0).sum()
            if dof < 1:
                raise ValueError("CES tracking needs a period with at least two answers")
            unit_sd = float(sqrt(np.nansum(np.where(base & (n >= 2), within, 0.0)) / dof))
            bounds = (-np.inf, np.inf)
        else:
            successes, n = stats["successes"], stats["n"]
            p = successes / n
            value = 100 * p
            se = 100 * np.sqrt(p * (1 - p) / n)
            low, high = wilson(p, n, z)
            ci_low, ci_high = 100 * low, 100 * high
            total = n[base].sum()
            pbar = successes[base].sum() / total
            centre = 100 * pbar
            unit_sd = 100 * sqrt(pbar * (1 - pbar))
            bounds = (0.0, 100.0)
        if total == 0:
            raise ValueError("there are no answers in any (baseline) period")
        limit = sigmas * unit_sd / np.sqrt(n)
    empty = n == 0
    ci_low, ci_high = np.where(empty, np.nan, ci_low), np.where(empty, np.nan, ci_high)
    lcl = np.where(empty, np.nan, np.maximum(centre - limit, bounds[0]))
    ucl = np.where(empty, np.nan, np.minimum(centre + limit, bounds[1]))
    beyond = ~empty & ((value < lcl) | (value > ucl))
    run = _runs(np.where(empty, 0, np.sign(np.round(value - centre, 12))), run_length)
    table = pd.DataFrame(
        {
            "period": index,
            "n": n.round().astype(np.int64),
            "value": value,
            "se": se,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "centre": np.where(empty, np.nan, centre),
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
