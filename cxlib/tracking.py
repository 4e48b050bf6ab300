"""Tracking a metric over time (指标追踪): is this month's change real, or noise?

Workbook: ``notebooks/01_nps.ipynb`` (section "Tracking NPS month by month"); case study:
``casestudies/haier/haier_analysis.ipynb`` (section 6); pictures: :mod:`cxlib.plots.tracking`.

A metric measured every month moves even when nothing changes, because each month is a new
sample. A *control chart* (控制图) draws the noise to expect: a centre line at the metric pooled
over all periods and control limits around it, wider for months with fewer answers. The limits
come from the metric's own distribution (:mod:`cxlib._chart_limits`): a month of ``n`` answers
drawn from the pooled answers falls outside them with a probability of about 0.27%, the rate of
Shewhart's 3-sigma limits (probability limits: Montgomery 2019, section 7.2), also for a CSAT
near 100% or a CES where nearly everyone answers 7, where the normal limits ``centre +/- 3 SE``
flag stable months five times too often. A period outside its limits, or a run of nine in a row
on one side of the median (Nelson 1984), is flagged as more than chance. Over 24 stable months a
chart flags something in about 5 charts in 100: 3 to 7 in 100 for NPS, CSAT up to 99% and CES
with 30 to 1,000 answers a month whenever the rarer answer occurs at least 20 times over the
chart, and never more than 7 in 100 (``benchmarks/coverage.py``; a CSAT of 99% from 30 answers
a month, 7 unhappy answers in two years, gives 2.6 in 100). Separately, a trend test asks
whether the metric drifts steadily: weighted least squares of the period metric on time,
weighting each period by ``n / variance`` under "no change"; for a share it equals the
Cochran-Armitage trend test.

References
----------
Montgomery, D. C. (2019). *Introduction to Statistical Quality Control* (8th ed.). Wiley:
section 7.2 (the p-chart, variable sample size, probability limits), 6.3 (x-bar and s charts),
5.3 (run rules).
Nelson, L. S. (1984). The Shewhart control chart: tests for special causes. *Journal of Quality
Technology*, 16(4), 237-239 (nine points in a row on one side of the centre line).
Lancaster, H. O. (1961). Significance tests in discrete distributions. *Journal of the American
Statistical Association*, 56(294), 223-234 (the mid-p value).
Cochran, W. G. (1954). Some methods for strengthening the common chi-squared tests. *Biometrics*,
10(4), 417-451. Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
*Biometrics*, 11(3), 375-386.
Rocks, B. (2016). Interval estimation for the net promoter score. *The American Statistician*,
70(4), 365-372 (the adjusted-Wald interval used for each period's NPS).
Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of
seven methods. *Statistics in Medicine*, 17(8), 857-872 (each period's share).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._control_chart import Tracking, Trend, _chart, _runs  # noqa: F401  (_runs: tests)

__all__ = ["Tracking", "Trend", "by_period", "from_counts"]

Metric = Literal["nps", "csat", "ces", "share"]
_METRICS = ("nps", "csat", "ces", "share")
_DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "share": (0, 1)}


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
    run_length: int | None = 9,
    baseline: tuple[Any, Any] | None = None,
    dropna: bool = False,
) -> Tracking:
    """A metric per period with control limits, flags and a trend test, from answer-level data.

    For each period: ``n``, the metric, its standard error and interval, which always contains
    the period's value (NPS: the adjusted-Wald interval of Rocks 2016, which adds 3/4 promoter,
    3/4 detractor and 3/2 passive; CSAT and shares: Wilson's with continuity correction; CES:
    :func:`cxlib.csat.ces`'s interval with pseudo-answers at both ends of the scale), and
    control limits. The centre is the metric pooled over all answers (or the baseline's).

    The limits are probability limits from the metric's own distribution: the pooled answers
    give the distribution of one answer, and the total of ``n`` answers has its ``n``-fold
    convolution (binomial for a share, the trinomial difference for NPS, the sum of 1-7 answers
    for CES). ``lcl`` and ``ucl`` are the lowest and highest values whose two-sided mid-p value
    (Lancaster 1961) is above ``2 * P(Z > sigmas)`` (0.27% for 3 sigmas): a stable month falls
    outside with about that probability whatever the metric's skew. The normal limits
    ``centre +/- 3 SE`` flagged 1.5% of stable CSAT months at 99% satisfied with 30 answers,
    and 22% of 24-month NPS charts with 95% promoters (issue 26).

    A period is flagged when it lies outside its limits (``beyond``), or when it belongs to a run
    of ``run_length`` or more consecutive periods on the same side of the ``median`` of its own
    distribution (``run``; a period on the median or without answers ends a run). The median,
    not the mean, makes "above" and "below" equally likely for a skewed metric. Nine in a row is
    Nelson's (1984) rule; eight (Western Electric 1956) flags stable charts more often. Over 24
    stable periods a chart flags something in about 5 charts in 100: between 3 and 7 in 100 for
    NPS, CSAT up to 99% and CES with 30 to 1,000 answers a period, as long as the rarer answer
    occurs at least 20 times over the chart, and never more than 7 in 100 (quieter when it is
    rarer still; ``benchmarks/coverage.py``, book appendix "How honest are these numbers?").

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
        Control limits at the probability of a normal metric's ``centre +/- sigmas * SE``:
        ``2 * P(Z > sigmas)``, 0.27% for 3.
    run_length : int or None, default 9
        Flag runs of this many periods on one side of the median; None to switch off.
    baseline : tuple (first, last), optional
        Periods (inclusive, e.g. ``("2025-01", "2025-09")``) whose answers set the centre line
        and the per-answer variance; the other periods are judged against them (Montgomery's
        phase II). Default: all periods (phase I), where a lasting shift also moves the centre
        and can make the periods *before* it look like a run.
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
    Montgomery (2019), Introduction to Statistical Quality Control, 8th ed., sections 7.2
    (probability limits, variable sample size), 6.3 (x-bar chart) and 5.3 (run rules); Nelson
    (1984), J. Quality Technology 16(4); Lancaster (1961), JASA 56(294) (mid-p); Cochran (1954)
    and Armitage (1955) for the trend test; Rocks (2016) for the adjusted-Wald NPS interval.

    See Also
    --------
    from_counts : the same from counts per period. cxlib.plots.tracking.chart : the picture.
    Workbook ``notebooks/01_nps.ipynb``.

    Examples
    --------
    Hand-worked: two months of four answers each. Month 1: 10, 9, 7, 3 (2 promoters, 1
    detractor, NPS +25); month 2: 10, 6, 5, 8 (NPS -25). Pooled: 3 promoters, 3 detractors of 8,
    centre 0. Even the least likely months of four answers, all promoters or all detractors, have
    probability (3/8)**4 = 1.98% each, far above 0.27%: the limits are the whole scale, -100 to
    +100 (four answers say little). Per-answer variance 3/8 + 3/8 - 0 = 0.75. Trend: months at
    t = 0, 1, sum n (t - tbar)**2 = 8 * 0.25 = 2, slope = 4 * (-0.5 * 25 + 0.5 * -25) / 2 = -50
    points per month (NPS falls), SE = sqrt(7500 / 2) = 61.2.

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
        points = int(high - low) + 1  # counts of each answer per period
        cell = codes * points + (x - low).astype(np.int64)
        counts = np.bincount(cell, minlength=k * points).reshape(k, points).astype(float)
        stats = {"counts": counts, "low": float(low)}
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
    return _chart(metric, stats, index, position, confidence, sigmas, run_length, baseline)


def from_counts(
    counts: pd.DataFrame,
    time: str,
    metric: Literal["nps", "share"] = "nps",
    *,
    confidence: float = 0.95,
    sigmas: float = 3.0,
    run_length: int | None = 9,
    baseline: tuple[Any, Any] | None = None,
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
    confidence, sigmas, run_length, baseline
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
    return _chart(metric, stats, index, position, confidence, sigmas, run_length, baseline)
