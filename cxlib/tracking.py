"""Tracking a metric over time (指标追踪): is this month's change real, or noise?

Book chapter: ``book/nps.md``; workbook: ``notebooks/01_nps.ipynb`` (section "Tracking NPS month
by month"); pictures: :mod:`cxlib.plots.tracking`.

A metric measured every month moves even when nothing changes, because each month is a new
sample. A *control chart* (控制图) draws the noise to expect: a centre line at the metric pooled
over all periods and control limits ``centre +/- z * SE(centre, n_period)`` (3-sigma by
default), which are wider for months with fewer answers. For shares this is Shewhart's p-chart
with variable sample sizes; for a mean (CES) the x-bar chart with a pooled standard deviation;
for NPS the same idea with the trinomial variance of :mod:`cxlib.nps` (Montgomery 2019, chapters
6-7). A period outside its limits, or a long run on one side of the centre line (8 in a row:
Western Electric 1956), is flagged as more than chance. Separately, a trend test asks whether the
metric drifts steadily: weighted least squares of the period metric on time, weighting each
period by ``n / variance`` under "no change"; for a share it equals the Cochran-Armitage trend
test.

References
----------
Montgomery, D. C. (2019). *Introduction to Statistical Quality Control* (8th ed.). Wiley:
section 7.2 (the p-chart, variable sample size), 6.3 (x-bar and s charts), 5.3 (run rules).
Western Electric Company (1956). *Statistical Quality Control Handbook*. Indianapolis: Western
Electric (the run rules, e.g. eight in a row on one side of the centre line).
Cochran, W. G. (1954). Some methods for strengthening the common chi-squared tests. *Biometrics*,
10(4), 417-451. Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
*Biometrics*, 11(3), 375-386.
Rocks, B. (2016). Interval estimation for the net promoter score. *The American Statistician*,
70(4), 365-372 (the adjusted-Wald interval used for each period's NPS).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import erfc, sqrt
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, p_text, wilson

__all__ = ["Tracking", "Trend", "by_period", "from_counts"]

Metric = Literal["nps", "csat", "ces", "share"]
_METRICS = ("nps", "csat", "ces", "share")
_DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "share": (0, 1)}


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
        return (
            f"Trend {self.slope:+.2f} per period ({self.confidence:.0%} CI {low:+.2f} to "
            f"{high:+.2f}), z = {self.z:.2f}, {p_text(self.p_value)}; dispersion "
            f"{self.dispersion:.2f} over {self.periods} periods"
        )


@dataclass(frozen=True)
class Tracking:
    """A metric per period with its control chart and trend test.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per period: ``period``, ``n``, ``value`` (the metric), ``se``, ``ci_low``,
        ``ci_high``, ``centre``, ``lcl`` and ``ucl`` (control limits), ``beyond`` (outside the
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
    """

    table: pd.DataFrame
    metric: str
    centre: float
    sigmas: float
    run_length: int | None
    confidence: float
    trend: Trend

    @property
    def flagged(self) -> pd.DataFrame:
        """The rows of ``table`` flagged as beyond chance."""
        return self.table[self.table["flagged"]]

    def __str__(self) -> str:
        flagged = self.flagged
        names = ", ".join(str(p) for p in flagged["period"])
        rule = f" or {self.run_length} in a row on one side" if self.run_length else ""
        return (
            f"{self.metric.upper()} over {len(self.table)} periods, centre {self.centre:.1f}, "
            f"limits +/-{self.sigmas:g} SE{rule}: "
            + (f"{len(flagged)} flagged ({names})" if len(flagged) else "no period flagged")
            + f"\n{self.trend}"
        )


def _periods(df: pd.DataFrame, time: str, period: str | None, dropna: bool) -> tuple:
    """Kept rows, each row's period code, the full ordered period index and its positions."""
    raw = df[time]
    if period is None:
        labels = raw
        missing = labels.isna().to_numpy()
    else:
        if pd.api.types.is_datetime64_any_dtype(raw):
            stamps = raw
        elif pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
            raise TypeError(
                f"column {time!r} holds numbers ({raw.dtype}), not dates; pass period=None to use "
                "its values as the periods (e.g. month numbers 1-24)"
            )
        else:
            stamps = pd.to_datetime(raw, errors="coerce", format="mixed")
            bad = (stamps.isna() & raw.notna()).to_numpy()
            if bad.any():
                where = np.flatnonzero(bad)
                shown = ", ".join(f"{df.index[i]!r} ({raw.iloc[i]!r})" for i in where[:5])
                raise ValueError(
                    f"column {time!r} has {bad.sum()} of {len(raw)} values that are not dates: "
                    f"rows {shown}{', ...' if bad.sum() > 5 else ''}; fix or remove those rows"
                )
        missing = stamps.isna().to_numpy()
        try:
            labels = stamps.dt.to_period(period)
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"period must be a pandas period alias such as 'M' (month), 'W' (week), "
                f"'Q' (quarter) or 'D' (day), got {period!r}"
            ) from error
    if missing.any() and not dropna:
        where = df.index[missing][:5].tolist()
        raise ValueError(
            f"column {time!r} has {missing.sum()} of {len(raw)} rows without a date/period "
            f"(rows {where}); pass dropna=True to leave them out"
        )
    kept = ~missing
    labels = labels[kept]
    if len(labels) == 0:
        raise ValueError(f"column {time!r} has no periods to track")
    if period is None:
        index = pd.Index(np.sort(labels.unique()))
        position = (
            index.to_numpy(dtype=float)
            if pd.api.types.is_numeric_dtype(index)
            else np.arange(len(index), dtype=float)
        )
    else:
        index = pd.period_range(labels.min(), labels.max(), freq=labels.dt.freq)
        position = np.arange(len(index), dtype=float)
    codes = index.get_indexer(labels)
    return kept, codes, index, position


def by_period(
    df: pd.DataFrame,
    score: str,
    time: str,
    period: str | None = "M",
    metric: Metric = "nps",
    *,
    scale: tuple[int, int] | None = None,
    top_box: int = 2,
    success: Any = None,
    confidence: float = 0.95,
    sigmas: float = 3.0,
    run_length: int | None = 8,
    dropna: bool = False,
) -> Tracking:
    """A metric per period with control limits, flags and a trend test, from answer-level data.

    For each period: ``n``, the metric, its standard error and interval (NPS: the adjusted-Wald
    interval of Rocks 2016, which adds 3/4 promoter, 3/4 detractor and 3/2 passive before the
    Wald formula so that small months get sensible intervals; CSAT and shares: Wilson; CES: the
    t interval), and control limits ``centre +/- sigmas * SE(centre, n)``. The centre is the
    metric pooled over all answers, and ``SE(centre, n)`` the standard error a period of ``n``
    answers would have if nothing changed: ``sqrt(v / n)`` with the pooled per-answer variance
    ``v`` (NPS: ``p_P + p_D - (p_P - p_D)**2``; shares: ``p(1 - p)``; CES: the pooled
    within-period variance). This is the p-chart (and x-bar chart) with variable sample sizes.

    A period is flagged when it lies outside its limits (``beyond``), or when it belongs to a run
    of ``run_length`` or more consecutive periods on the same side of the centre line (``run``;
    a period on the line or without answers ends a run). With 3-sigma limits a stable process
    still puts about 0.27% of periods outside (one false alarm in about 370 periods). With a
    known centre, a run of 8 somewhere in 24 periods happens by chance 6.9% of the time (coin
    flips); with the centre estimated from the same periods, as here, about 3% (simulated), so a
    24-period chart of pure noise flags something in roughly one case in thirteen.

    The trend is the weighted least-squares slope of the period metric on the period number,
    weighting each period by ``n / v``:
    ``slope = sum n (t - tbar)(x - centre) / sum n (t - tbar)**2`` with
    ``SE = sqrt(v / sum n (t - tbar)**2)``. For a share, ``(slope / SE)**2`` is the
    Cochran-Armitage chi-square for trend (R's ``prop.trend.test``).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per answer.
    score : str
        The answer column: 0-10 for ``"nps"``, the scale for ``"csat"`` and ``"ces"``, and 0/1 or
        True/False for ``"share"`` (or any values, with ``success``).
    time : str
        The date column (dates or date strings), or with ``period=None`` the period itself.
    period : str or None, default "M"
        A pandas period alias: "M" month, "W" week, "Q" quarter, "D" day, "Y" year. Periods
        without answers between the first and last are kept (``n = 0``). None: use the values
        of ``time`` as the periods, in sorted order (numbers give the trend's time axis).
    metric : {"nps", "csat", "ces", "share"}, default "nps"
    scale : tuple of int, optional
        Lowest and highest answer; defaults 0-10 (NPS), 1-5 (CSAT), 1-7 (CES).
    top_box : int, default 2
        For CSAT: how many of the highest answers count as satisfied.
    success : scalar or list, optional
        For ``"share"``: the value(s) of ``score`` that count as a success.
    confidence : float, default 0.95
        Level of the period intervals and of the trend interval.
    sigmas : float, default 3.0
        Control limits at ``centre +/- sigmas * SE``.
    run_length : int or None, default 8
        Flag runs of this many periods on one side of the centre line; None to switch off.
    dropna : bool, default False
        Leave out rows whose answer or date is missing instead of raising.

    Returns
    -------
    Tracking

    Raises
    ------
    TypeError, ValueError
        Missing columns, an unknown metric or period alias, dates that cannot be read (the rows
        are named), bad answers, or no answers at all.

    References
    ----------
    Montgomery (2019), Introduction to Statistical Quality Control, 8th ed., sections 7.2 (p-chart,
    variable sample size), 6.3 (x-bar chart) and 5.3 (run rules); Western Electric (1956),
    Statistical Quality Control Handbook; Cochran (1954) and Armitage (1955) for the trend test;
    Rocks (2016) for the adjusted-Wald NPS interval.

    See Also
    --------
    from_counts : the same from counts per period. cxlib.plots.tracking.chart : the picture.
    Workbook ``notebooks/01_nps.ipynb``.

    Examples
    --------
    Hand-worked: two months of four answers each. Month 1: 10, 9, 7, 3 (2 promoters, 1
    detractor, NPS +25); month 2: 10, 6, 5, 8 (NPS -25). Pooled: 3 promoters, 3 detractors of 8,
    centre 0, per-answer variance 3/8 + 3/8 - 0 = 0.75, so SE(n = 4) = 100 * sqrt(0.75 / 4) =
    43.3 and the 3-sigma limits are -129.9 to +129.9, clipped to the scale's -100 to +100 (four
    answers say little). Trend: months at t = 0, 1, sum n (t - tbar)**2 = 8 * 0.25 = 2, slope =
    4 * (-0.5 * 25 + 0.5 * -25) / 2 = -50 points per month (NPS falls), SE = sqrt(7500 / 2) = 61.2.

    >>> df = pd.DataFrame({"score": [10, 9, 7, 3, 10, 6, 5, 8],
    ...                    "date": ["2025-01-03"] * 4 + ["2025-02-10"] * 4})
    >>> result = by_period(df, "score", "date")
    >>> result.table[["period", "n", "value", "centre", "lcl", "ucl"]]
        period  n  value  centre    lcl    ucl
    0  2025-01  4   25.0     0.0 -100.0  100.0
    1  2025-02  4  -25.0     0.0 -100.0  100.0
    >>> round(result.trend.slope, 1), round(result.trend.se, 1)
    (-50.0, 61.2)
    """
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {', '.join(map(repr, _METRICS))}, got {metric!r}")
    _validate.columns(df, [score, time])
    kept, codes, index, position = _periods(df, time, period, dropna)
    values = df[score][kept]
    if metric == "share":
        if success is not None:
            wanted = list(success) if isinstance(success, (list, tuple, set)) else [success]
            missing = values.isna().to_numpy()
            values = values.isin(wanted).astype("float64").mask(missing)
        elif pd.api.types.is_bool_dtype(values):
            values = values.astype("float64")
    low, high = scale if scale is not None else _DEFAULT_SCALES[metric]
    clean = _validate.answers(values, name=score, low=low, high=high, dropna=dropna)
    if clean.kept is not None:
        codes = codes[clean.kept]
    x = clean.values.astype("float64", copy=False)
    k = len(index)
    if metric == "nps":
        counts = np.zeros((k, 3))
        category = (x >= 7).astype(np.int64) + (x >= 9)
        np.add.at(counts, (codes, category), 1.0)
        stats = {"detractors": counts[:, 0], "passives": counts[:, 1], "promoters": counts[:, 2]}
    elif metric == "ces":
        stats = {
            "n": np.bincount(codes, minlength=k).astype(float),
            "sum": np.bincount(codes, weights=x, minlength=k),
            "sumsq": np.bincount(codes, weights=x * x, minlength=k),
        }
    else:
        if metric == "csat":
            if isinstance(top_box, bool) or not isinstance(top_box, (int, np.integer)):
                raise TypeError(f"top_box must be a whole number, got {top_box!r}")
            if not 1 <= top_box <= high - low:
                raise ValueError(f"top_box must be between 1 and {high - low}, got {top_box}")
            x = (x >= high - top_box + 1).astype(float)
        stats = {
            "successes": np.bincount(codes, weights=x, minlength=k),
            "n": np.bincount(codes, minlength=k).astype(float),
        }
    return _chart(metric, stats, index, position, confidence, sigmas, run_length)


def from_counts(
    counts: pd.DataFrame,
    time: str,
    metric: Literal["nps", "share"] = "nps",
    *,
    confidence: float = 0.95,
    sigmas: float = 3.0,
    run_length: int | None = 8,
) -> Tracking:
    """:func:`by_period` from counts already made (e.g. per station and month), summed per period.

    Parameters
    ----------
    counts : pandas.DataFrame
        A ``time`` column and, for ``"nps"``, ``promoters``, ``passives`` and ``detractors``;
        for ``"share"``, ``successes`` and ``n``. Several rows per period are added up.
    time : str
        The period column, used as it is (sorted; numbers give the trend's time axis).
    metric : {"nps", "share"}, default "nps"
    confidence, sigmas, run_length
        As in :func:`by_period`.

    Returns
    -------
    Tracking

    Raises
    ------
    TypeError, ValueError
        Missing columns; counts that are negative, missing or not numbers; successes above n.

    Examples
    --------
    R's ``prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82))`` gives X-squared = 8.2249,
    p = 0.004132; the trend test here is the same Cochran-Armitage test:

    >>> counts = pd.DataFrame({"group": [1, 2, 3, 4], "successes": [83, 90, 129, 70],
    ...                        "n": [86, 93, 136, 82]})
    >>> trend = from_counts(counts, "group", "share").trend
    >>> round(trend.z ** 2, 4), round(trend.p_value, 6)
    (8.2249, 0.004132)
    """
    if metric not in ("nps", "share"):
        raise ValueError(f"from_counts tracks 'nps' or 'share', got metric={metric!r}")
    names = ["promoters", "passives", "detractors"] if metric == "nps" else ["successes", "n"]
    _validate.columns(counts, [time, *names], what="counts")
    if counts[time].isna().any():
        where = counts.index[counts[time].isna().to_numpy()][:5].tolist()
        raise ValueError(f"column {time!r} has missing periods (rows {where})")
    checked = {
        name: _validate.answers(counts[name], name=name, low=0, high=np.inf, integer=False).values
        for name in names
    }
    if metric == "share" and (checked["successes"] > checked["n"]).any():
        bad = counts.index[checked["successes"] > checked["n"]][:5].tolist()
        raise ValueError(f"successes exceed n in rows {bad}; successes must be at most n")
    index = pd.Index(np.sort(counts[time].unique()))
    codes = index.get_indexer(counts[time])
    stats = {
        name: np.bincount(codes, weights=checked[name].astype(float), minlength=len(index))
        for name in names
    }
    position = (
        index.to_numpy(dtype=float)
        if pd.api.types.is_numeric_dtype(index)
        else np.arange(len(index), dtype=float)
    )
    return _chart(metric, stats, index, position, confidence, sigmas, run_length)


def _chart(
    metric: str,
    stats: dict[str, np.ndarray],
    index: pd.Index,
    position: np.ndarray,
    confidence: float,
    sigmas: float,
    run_length: int | None,
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
            total = n.sum()
            pp, pd_ = promoters.sum() / total, detractors.sum() / total
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
            total = n.sum()
            centre = float(sums.sum() / total)
            dof = np.maximum(n - 1, 0).sum()
            if dof < 1:
                raise ValueError("CES tracking needs a period with at least two answers")
            unit_sd = float(sqrt(np.nansum(np.where(n >= 2, within, 0.0)) / dof))
            bounds = (-np.inf, np.inf)
        else:
            successes, n = stats["successes"], stats["n"]
            p = successes / n
            value = 100 * p
            se = 100 * np.sqrt(p * (1 - p) / n)
            low, high = wilson(p, n, z)
            ci_low, ci_high = 100 * low, 100 * high
            total = n.sum()
            pbar = successes.sum() / total
            centre = 100 * pbar
            unit_sd = 100 * sqrt(pbar * (1 - pbar))
            bounds = (0.0, 100.0)
        if total == 0:
            raise ValueError("there are no answers in any period")
        limit = sigmas * unit_sd / np.sqrt(n)
    empty = n == 0
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
    return Tracking(table, metric, float(centre), float(sigmas), run_length, confidence, trend)


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
    chi2 = float(np.dot(w, (x - centre) ** 2) / variance) if variance > 0 else float("nan")
    dispersion = chi2 / (periods - 1) if periods > 1 else float("nan")
    if periods < 2 or sxx == 0 or variance == 0:
        nan = float("nan")
        return Trend(nan, nan, (nan, nan), nan, nan, confidence, chi2, dispersion, periods)
    slope = float(np.dot(w, (t - tbar) * (x - centre)) / sxx)
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
