"""What shapes a peak (影响"峰点"的因素): comparing peaks and ends between customer segments.

Book chapters: ``book/peakend.md`` (the rule) and ``book/service_strategy.md`` (designing
scenes); workbook: ``notebooks/11_peaks.ipynb``.

The course outline (000) says that age, time, occupation and business complexity (年龄、时间、
职业、业务复杂度) shape the peak of an experience. Those are its claims. This module gives the
tools to check such a claim on your own data: the mean peak (or end, or peak-end score) of each
segment with a t interval, and each segment's difference from a reference segment with Welch's
interval and a p-value, adjusted for the number of comparisons. It also draws a SYNTHETIC set of
service visits in which some of the outline's factors were given an effect and one was given
none, so that learners can see what the comparison finds and misses.

What research says: a meta-analysis of 174 effect sizes (Alaybek et al. 2022) found the
peak-end effect large and robust across the boundary conditions it examined, including
demographic ones. Factors such as age are therefore more likely to change *what* the peak
is (which moment, how intense) than *whether* peaks and ends dominate memory.

References
----------
Welch, B. L. (1947). The generalization of "Student's" problem when several different
population variances are involved. *Biometrika*, 34(1-2), 28-35.
Alaybek, B., Dalal, R. S., Fyffe, S., et al. (2022). All's well that ends (and peaks) well? A
meta-analysis of the peak-end rule and duration neglect. *Organizational Behavior and Human
Decision Processes*, 170, 104149.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlib import _stats, _validate
from cxlib.peakend import summarize_episodes

__all__ = ["compare_segments", "segment_means", "simulate_visits"]


def _groups(summary: pd.DataFrame, by: str, measure: str) -> pd.DataFrame:
    """Per segment: n, mean and variance of ``measure`` (checked once, at the door)."""
    _validate.columns(summary, [by, measure], what="summary")
    values = _validate.answers(
        summary[measure], name=measure, low=-np.inf, high=np.inf, integer=False
    ).values.astype(float)
    labels = summary[by]
    missing = labels.isna().to_numpy()
    if missing.any():
        rows = np.flatnonzero(missing)[:5].tolist()
        raise ValueError(
            f"{by}: {int(missing.sum())} rows have no segment label (first rows: {rows}); "
            "fill or drop them before comparing segments"
        )
    frame = pd.DataFrame({by: labels.to_numpy(), "value": values})
    stats = frame.groupby(by, sort=True, observed=True)["value"].agg(["count", "mean", "var"])
    stats = stats.rename(columns={"count": "n"})
    small = stats.index[stats["n"] < 2]
    if len(small):
        counts = ", ".join(f"{label!r} (n = {int(stats.loc[label, 'n'])})" for label in small)
        raise ValueError(
            f"{by}: every segment needs at least 2 visits for an interval; too small: {counts}. "
            "Merge small segments or collect more visits"
        )
    return stats


def segment_means(
    summary: pd.DataFrame, by: str, measure: str = "peak", confidence: float = 0.95
) -> pd.DataFrame:
    """Mean peak (or end, or peak-end score) of each segment, with a t interval.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per visit, e.g. from :func:`cxlib.peakend.summarize_episodes` joined with the
        visits' segments.
    by : str
        The segment column (age group, time of day, ...).
    measure : str, default "peak"
        The column to compare: ``peak``, ``end``, ``peak_end``, ``remembered``, ...
    confidence : float, default 0.95
        Level of each interval.

    Returns
    -------
    pandas.DataFrame
        One row per segment (sorted): ``by, n, mean, sd, lower, upper``.

    Raises
    ------
    TypeError, ValueError
        Missing columns, non-numeric or missing values, unlabelled rows, a segment with fewer
        than two visits, a confidence outside (0, 1).

    References
    ----------
    Student's t interval for a mean; any statistics textbook.

    See Also
    --------
    compare_segments. Workbook ``notebooks/11_peaks.ipynb``.

    Examples
    --------
    Hand-worked: peaks 1, 2, 3 (mean 2, sd 1) and 4, 6 (mean 5, sd 1.414); the 95% interval of
    the first is 2 ± 4.303 × 1 / √3 = 2 ± 2.484.

    >>> visits = pd.DataFrame({"age": ["young"] * 3 + ["old"] * 2, "peak": [1, 2, 3, 4, 6]})
    >>> segment_means(visits, "age").round(3)
         age  n  mean     sd  lower  upper
    0    old  2   5.0  1.414 -7.706  17.706
    1  young  3   2.0  1.000 -0.484   4.484
    """
    from scipy.special import stdtrit  # lazy: keeps `import cxlib` light

    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    stats = _groups(summary, by, measure)
    n = stats["n"].to_numpy(dtype=float)
    sd = np.sqrt(stats["var"].to_numpy())
    half = stdtrit(n - 1, 0.5 + confidence / 2) * sd / np.sqrt(n)
    mean = stats["mean"].to_numpy()
    return pd.DataFrame(
        {
            by: stats.index.to_numpy(),
            "n": stats["n"].to_numpy(),
            "mean": mean,
            "sd": sd,
            "lower": mean - half,
            "upper": mean + half,
        }
    )


def compare_segments(
    summary: pd.DataFrame,
    by: str,
    measure: str = "peak",
    reference: object = None,
    confidence: float = 0.95,
    adjust: str = "holm",
) -> pd.DataFrame:
    """Each segment's difference in mean peak (or end) from a reference segment.

    Welch's two-sample t interval and test (unequal variances, Satterthwaite's degrees of
    freedom) for every segment against the reference. With several segments the p-values are
    adjusted (``cxlib._stats.adjust_p``) and the intervals widened to match
    (``cxlib._stats.adjusted_confidence``), so that a factor is not declared to matter because
    one of many comparisons crossed a line by chance.

    Parameters
    ----------
    summary, by, measure
        As in :func:`segment_means`.
    reference : optional
        The segment the others are compared with; default the first in sorted order.
    confidence : float, default 0.95
        Joint confidence level of the reported intervals (before adjustment for ``"bh"``).
    adjust : {"holm", "bh"}, default "holm"
        Holm (family-wise) or Benjamini-Hochberg (false discovery rate).

    Returns
    -------
    pandas.DataFrame
        One row per non-reference segment: ``by, reference, n, difference, lower, upper,
        p_value, p_adjusted``. ``difference`` is segment mean minus reference mean.

    Raises
    ------
    TypeError, ValueError
        As :func:`segment_means`; fewer than two segments; an unknown reference or adjust.

    References
    ----------
    Welch (1947), Biometrika 34(1-2); Holm (1979); Benjamini & Hochberg (1995).

    See Also
    --------
    segment_means. Workbook ``notebooks/11_peaks.ipynb``; book ``book/peakend.md``.

    Examples
    --------
    Hand-worked with the data of :func:`segment_means`: difference 5 - 2 = 3, standard error
    √(2/2 + 1/3) = 1.155, Welch's degrees of freedom 1.68, t = 2.60.

    >>> visits = pd.DataFrame({"age": ["young"] * 3 + ["old"] * 2, "peak": [1, 2, 3, 4, 6]})
    >>> result = compare_segments(visits, "age", reference="young")
    >>> result[["age", "reference", "n", "difference"]]
       age reference  n  difference
    0  old     young  2         3.0
    >>> round(float(result["p_value"].iloc[0]), 3)
    0.144
    """
    from scipy.special import stdtr, stdtrit  # lazy: keeps `import cxlib` light

    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    if adjust not in _stats.ADJUST_METHODS:
        raise ValueError(
            f"adjust must be one of {', '.join(map(repr, _stats.ADJUST_METHODS))}, got {adjust!r}"
        )
    stats = _groups(summary, by, measure)
    if len(stats) < 2:
        raise ValueError(
            f"{by}: comparing segments needs at least two, got {len(stats)} "
            f"({', '.join(map(repr, stats.index))})"
        )
    if reference is None:
        reference = stats.index[0]
    elif reference not in stats.index:
        raise ValueError(
            f"reference {reference!r} is not a segment of {by!r} "
            f"(segments: {', '.join(map(repr, stats.index))})"
        )
    base = stats.loc[reference]
    others = stats.drop(index=reference)
    n = others["n"].to_numpy(dtype=float)
    share = others["var"].to_numpy() / n
    base_share = float(base["var"]) / float(base["n"])
    se = np.sqrt(share + base_share)
    difference = others["mean"].to_numpy() - float(base["mean"])
    with np.errstate(invalid="ignore", divide="ignore"):
        df = se**4 / (share**2 / (n - 1) + base_share**2 / (float(base["n"]) - 1))
        t = difference / se
    p = np.where(se > 0, 2 * stdtr(df, -np.abs(t)), np.where(difference == 0, 1.0, 0.0))
    adjusted = _stats.adjust_p(p, adjust)
    discoveries = int((adjusted < 1 - confidence).sum())
    level = _stats.adjusted_confidence(confidence, len(others), adjust, discoveries)
    half = np.where(se > 0, stdtrit(np.where(se > 0, df, 1.0), 0.5 + level / 2) * se, 0.0)
    return pd.DataFrame(
        {
            by: others.index.to_numpy(),
            "reference": reference,
            "n": others["n"].to_numpy(),
            "difference": difference,
            "lower": difference - half,
            "upper": difference + half,
            "p_value": p,
            "p_adjusted": adjusted,
        }
    )


def simulate_visits(
    visits: int = 600, seed: int | np.random.Generator | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SYNTHETIC service-hall visits, moment by moment, with the outline's four factors.

    Each visit has an arrival, a queue, two (simple business) or five (complex business)
    service steps and a farewell; each moment is rated for discomfort, 0-10 (valence "pain").
    Effects built in, all TEACHING ASSUMPTIONS invented for the exercise, not findings:
    complex business (业务复杂度) adds steps and a 50% chance of a snag of 2-5 points, which is
    sometimes unresolved at the end; rush hour (时间) lengthens the queue; visitors aged 60+
    (年龄) find one step about 1 point harder. Occupation (职业) is drawn independently and has
    NO effect, so a fair comparison should not find one (beyond chance). The remembered
    discomfort is the peak-end score plus noise: the data assume the peak-end rule.

    Parameters
    ----------
    visits : int, default 600
        How many visits.
    seed : int or numpy.random.Generator, optional
        For reproducible draws.

    Returns
    -------
    moments : pandas.DataFrame
        ``visit, t, moment, rating`` (minutes, discomfort 0-10).
    summary : pandas.DataFrame
        One row per visit: ``visit, age_group, time_of_day, occupation, complexity``, the
        :func:`cxlib.peakend.summarize_episodes` columns, and ``remembered``.

    Raises
    ------
    ValueError
        Fewer than 20 visits (too few for every segment to have two).

    See Also
    --------
    cxlib.peakend.simulate. Workbook ``notebooks/11_peaks.ipynb``.

    Examples
    --------
    >>> moments, summary = simulate_visits(200, seed=3)
    >>> summary.groupby("complexity")["peak"].mean().idxmax()
    'complex'
    """
    if isinstance(visits, bool) or not isinstance(visits, (int, np.integer)) or visits < 20:
        raise ValueError(f"visits must be a whole number of at least 20, got {visits!r}")
    rng = np.random.default_rng(seed)
    age = rng.choice(["18-34", "35-59", "60+"], size=visits, p=[0.35, 0.4, 0.25])
    rush = rng.random(visits) < 0.4
    occupation = rng.choice(["office", "service", "manual", "other"], size=visits)
    complex_ = rng.random(visits) < 0.45
    steps = np.where(complex_, 5, 2)
    snag = complex_ & (rng.random(visits) < 0.5)
    unresolved = snag & (rng.random(visits) < 0.3)
    wait = rng.exponential(np.where(rush, 15.0, 5.0))

    count = steps + 3  # arrival, queue, steps, farewell
    visit = np.repeat(np.arange(visits), count)
    position = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    last = position == count[visit] - 1
    is_step = (position >= 2) & ~last
    step_number = position - 2
    snag_step = rng.integers(0, steps)
    older_step = rng.integers(0, steps)

    rating = rng.normal(1.5, 0.7, size=len(visit))
    queue = position == 1
    rating[queue] += np.minimum(wait[visit[queue]] / 5.0, 6.0)
    rating[is_step] += rng.normal(0.8, 0.6, size=int(is_step.sum()))
    hit = is_step & snag[visit] & (step_number == snag_step[visit])
    rating[hit] += rng.uniform(2, 5, size=int(hit.sum()))
    older = is_step & (age[visit] == "60+") & (step_number == older_step[visit])
    rating[older] += 1.0
    rating[last & unresolved[visit]] += 3.0
    rating = np.clip(np.round(rating, 1), 0, 10)

    minutes = np.maximum(np.where(queue, wait[visit], rng.uniform(1, 4, size=len(visit))), 0.1)
    elapsed = np.cumsum(minutes) - np.repeat(
        np.cumsum(np.bincount(visit, weights=minutes)) - np.bincount(visit, weights=minutes), count
    )
    names = np.array(["arrival", "queue", "service step", "farewell"])
    moment = names[np.where(position == 0, 0, np.where(queue, 1, np.where(last, 3, 2)))]
    moments = pd.DataFrame(
        {"visit": visit, "t": np.round(elapsed, 2), "moment": moment, "rating": rating}
    )
    summary = summarize_episodes(moments, episode="visit", t="t", rating="rating")
    segments = pd.DataFrame(
        {
            "visit": np.arange(visits),
            "age_group": age,
            "time_of_day": np.where(rush, "rush hour", "off-peak"),
            "occupation": occupation,
            "complexity": np.where(complex_, "complex", "simple"),
        }
    )
    summary = segments.merge(summary, on="visit")
    noise = rng.normal(0, 0.7, size=visits)
    summary["remembered"] = np.clip(summary["peak_end"] + noise, 0, 10).round(1)
    return moments, summary
