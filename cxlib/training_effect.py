"""Did the training work? Pre- and post-course quiz scores analysed as pairs (培训效果评估).

The same learners answer the same quiz before and after the course, so each learner's two
scores are a pair, not two independent samples: a strong learner scores high both times. The
honest summary is each learner's change (after minus before), its mean and a paired t interval
(Student 1908). And a rise is not yet the course's
effect: with a comparison group that sat the quiz twice without the course, the difference in
the two groups' mean changes (a difference in differences) has a Welch interval (Welch 1947).
Per question, :mod:`cxlib.training_questions` counts who changed from wrong to right and back.

The Excel workbook :mod:`cxlib.workbook_training` computes the same numbers with live formulas
for trainers without Python; ``tests/test_excel.py`` checks that the two agree. Book pages: the
section "Analysing before and after" of each ``book/quizzes/course_NNN.md``.

References
----------
Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1-25 (the sleep data of
Cushny & Peebles, 1905, are its worked example).
Welch, B. L. (1947). The generalization of "Student's" problem when several different
population variances are involved. *Biometrika*, 34(1/2), 28-35.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from cxlib import _validate
from cxlib._stats import p_text
from cxlib.language import tr

__all__ = [
    "DifferenceInDifferences",
    "PairedChange",
    "difference_in_differences",
    "paired_change",
]


@dataclass(frozen=True)
class PairedChange:
    """The mean change of paired scores (after minus before) with its paired t interval.

    Attributes
    ----------
    n : int
        Learners with both scores (the pairs).
    left_out : int
        Learners left out because one of their two scores was missing (``dropna=True``).
    mean_before, mean_after : float
        Mean scores of the ``n`` pairs.
    mean_change : float
        Mean of the per-learner changes (``mean_after - mean_before``).
    sd_change : float
        Sample standard deviation of the changes (divisor ``n - 1``).
    se : float
        ``sd_change / sqrt(n)``.
    df : int
        ``n - 1``.
    t, p_value : float
        ``mean_change / se`` and its two-sided p-value for "no change" (NaN when ``se`` is 0).
    ci : tuple of float
        ``mean_change -/+ t(df) * se``.
    confidence : float
    """

    n: int
    left_out: int
    mean_before: float
    mean_after: float
    mean_change: float
    sd_change: float
    se: float
    df: int
    t: float
    p_value: float
    ci: tuple[float, float]
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        verdict = tr(
            "the interval excludes 0: the scores changed"
            if low > 0 or high < 0
            else "the interval includes 0"
        )
        left = tr(" ({s.left_out} left out: one score missing)", s=self) if self.left_out else ""
        return tr(
            "Mean change {s.mean_change:+.2f} ({s.mean_before:.2f} -> {s.mean_after:.2f}), "
            "{s.confidence:.0%} CI {low:+.2f} to {high:+.2f}, {p}, n = {s.n} pairs{left}; "
            "{verdict}",
            s=self,
            low=low,
            high=high,
            p=p_text(self.p_value),
            left=left,
            verdict=verdict,
        )


@dataclass(frozen=True)
class DifferenceInDifferences:
    """The trained group's mean change minus the comparison group's, with a Welch interval.

    Attributes
    ----------
    estimate : float
        ``trained.mean_change - comparison.mean_change``.
    se : float
        ``sqrt(sd_t^2 / n_t + sd_c^2 / n_c)`` of the two groups' changes.
    df : float
        Welch-Satterthwaite degrees of freedom (not a whole number).
    t, p_value : float
        ``estimate / se`` and its two-sided p-value.
    ci : tuple of float
    confidence : float
    trained, comparison : PairedChange
        Each group's own paired change.
    """

    estimate: float
    se: float
    df: float
    t: float
    p_value: float
    ci: tuple[float, float]
    confidence: float
    trained: PairedChange
    comparison: PairedChange

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Trained {s.trained.mean_change:+.2f}, comparison {s.comparison.mean_change:+.2f}: "
            "difference in differences {s.estimate:+.2f} ({s.confidence:.0%} CI {low:+.2f} to "
            "{high:+.2f}, Welch df {s.df:.1f}), {p}",
            s=self,
            low=low,
            high=high,
            p=p_text(self.p_value),
        )


def _pairs(before: Any, after: Any, name: str, dropna: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """The complete pairs of two score columns of one length, and how many were left out."""
    first = _validate.answers(
        before, name=f"{name} before", low=-np.inf, high=np.inf, integer=False, dropna=True
    )
    second = _validate.answers(
        after, name=f"{name} after", low=-np.inf, high=np.inf, integer=False, dropna=True
    )
    n_before = len(first.values) + first.dropped
    n_after = len(second.values) + second.dropped
    if n_before != n_after:
        raise ValueError(
            f"{name}: {n_before} scores before but {n_after} after; give one before and one "
            "after score per learner, in the same order (missing ones as NaN)"
        )
    full = np.full((2, n_before), np.nan)
    full[0, first.kept if first.kept is not None else slice(None)] = first.values
    full[1, second.kept if second.kept is not None else slice(None)] = second.values
    complete = ~np.isnan(full).any(axis=0)
    left_out = int(n_before - complete.sum())
    if left_out and not dropna:
        rows = np.flatnonzero(~complete)[: _validate.SHOW].tolist()
        raise ValueError(
            f"{name}: {left_out} of {n_before} learners have only one of their two scores "
            f"(rows {rows}); pass dropna=True to leave them out, and report how many were"
        )
    if complete.sum() < 2:
        raise ValueError(
            f"{name}: {int(complete.sum())} learner(s) with both scores; a paired interval "
            "needs at least 2"
        )
    return full[0, complete], full[1, complete], left_out


def _t_interval(estimate: float, se: float, df: float, confidence: float) -> tuple:
    """t statistic, two-sided p-value and interval; NaN t and p when ``se`` is 0."""
    critical = float(stats.t.ppf(0.5 + confidence / 2, df))
    if se > 0:
        t = float(estimate / se)
        p_value = float(2 * stats.t.sf(abs(t), df))
    else:
        t = p_value = float("nan")
    return t, p_value, (estimate - critical * se, estimate + critical * se)


def paired_change(
    before: Any, after: Any, confidence: float = 0.95, *, dropna: bool = False
) -> PairedChange:
    """Mean change of paired scores with Student's paired t interval.

    ``d = after - before`` per learner; ``mean(d) -/+ t(n - 1) * sd(d) / sqrt(n)``.

    Parameters
    ----------
    before, after : array-like
        One score per learner, in the same order (right answers, percentages, any scale).
    confidence : float, default 0.95
    dropna : bool, default False
        Leave out learners with a missing score (NaN) instead of raising; ``left_out`` says how
        many.

    Returns
    -------
    PairedChange

    Raises
    ------
    TypeError
        Scores that are not numbers.
    ValueError
        Columns of different lengths, a missing score without ``dropna=True``, fewer than two
        complete pairs, a confidence outside (0, 1).

    References
    ----------
    Student (1908), Biometrika 6(1), 1-25.

    See Also
    --------
    difference_in_differences : the change against a comparison group's.
    cxlib.workbook_training : the same in Excel. Book: ``book/quizzes/course_000.md``.

    Examples
    --------
    Student's (1908) worked example, the extra hours of sleep of ten patients under two drugs
    (R's ``t.test(extra ~ group, data = sleep, paired = TRUE)``: t = 4.0621, df = 9,
    p = 0.002833, 95% CI 0.7001 to 2.4599):

    >>> drug_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> drug_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> result = paired_change(drug_1, drug_2)
    >>> round(result.mean_change, 2), round(result.t, 4), round(result.p_value, 6)
    (1.58, 4.0621, 0.002833)
    >>> [round(x, 4) for x in result.ci]
    [0.7001, 2.4599]

    By hand, a learner without a "before" left out: changes 3 and 1, mean 2, sd sqrt(2), se 1,
    t = 2 on 1 degree of freedom (p = 1 - 2 atan(2) / pi = 0.295), interval 2 -/+ 12.706:

    >>> print(paired_change([4, 5, float("nan")], [7, 6, 8], dropna=True))
    Mean change +2.00 (4.50 -> 6.50), 95% CI -10.71 to +14.71, p = 0.295, n = 2 pairs (1 left out: one score missing); the interval includes 0
    """  # noqa: E501
    _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    first, second, left_out = _pairs(before, after, "scores", dropna)
    change = second - first
    n = len(change)
    sd = float(change.std(ddof=1))
    se = sd / np.sqrt(n)
    mean = float(change.mean())
    t, p_value, ci = _t_interval(mean, se, n - 1, confidence)
    return PairedChange(
        n=n,
        left_out=left_out,
        mean_before=float(first.mean()),
        mean_after=float(second.mean()),
        mean_change=mean,
        sd_change=sd,
        se=float(se),
        df=n - 1,
        t=t,
        p_value=p_value,
        ci=(float(ci[0]), float(ci[1])),
        confidence=confidence,
    )


def difference_in_differences(
    trained_before: Any,
    trained_after: Any,
    comparison_before: Any,
    comparison_after: Any,
    confidence: float = 0.95,
    *,
    dropna: bool = False,
) -> DifferenceInDifferences:
    """The trained group's mean change minus a comparison group's, with Welch's interval.

    Each group's learners give a change (after - before); the two groups' changes are
    independent samples with possibly different spreads, so the difference of their means has
    ``se = sqrt(s_t^2/n_t + s_c^2/n_c)`` and the Welch-Satterthwaite degrees of freedom
    ``se^4 / ((s_t^2/n_t)^2/(n_t-1) + (s_c^2/n_c)^2/(n_c-1))``.

    Parameters
    ----------
    trained_before, trained_after : array-like
        The trained learners' scores, in pairs.
    comparison_before, comparison_after : array-like
        The comparison group's scores (colleagues who sat the quiz twice, the same days apart,
        without the course).
    confidence : float, default 0.95
    dropna : bool, default False
        Leave out learners with a missing score instead of raising.

    Returns
    -------
    DifferenceInDifferences

    References
    ----------
    Welch (1947), Biometrika 34(1/2), 28-35.

    See Also
    --------
    paired_change, cxlib.before_after.nps_difference_in_differences

    Examples
    --------
    With every "before" 0, the changes are the scores themselves, and the result is Welch's
    two-sample test on R's sleep data (``t.test(extra ~ group, data = sleep)``: t = 1.8608
    for group 2 minus group 1, df = 17.776, p = 0.07939, 95% CI -0.2055 to 3.3655):

    >>> drug_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> drug_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> zero = [0] * 10
    >>> result = difference_in_differences(zero, drug_2, zero, drug_1)
    >>> round(result.estimate, 2), round(result.t, 4), round(result.df, 3)
    (1.58, 1.8608, 17.776)
    >>> round(result.p_value, 5), [round(x, 4) for x in result.ci]
    (0.07939, [-0.2055, 3.3655])
    """
    _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    trained = paired_change(trained_before, trained_after, confidence, dropna=dropna)
    comparison = paired_change(comparison_before, comparison_after, confidence, dropna=dropna)
    var_t = trained.sd_change**2 / trained.n
    var_c = comparison.sd_change**2 / comparison.n
    se = float(np.sqrt(var_t + var_c))
    denominator = var_t**2 / (trained.n - 1) + var_c**2 / (comparison.n - 1)
    df = float((var_t + var_c) ** 2 / denominator) if denominator > 0 else float("inf")
    estimate = trained.mean_change - comparison.mean_change
    t, p_value, ci = _t_interval(estimate, se, df, confidence)
    return DifferenceInDifferences(
        estimate=estimate,
        se=se,
        df=df,
        t=t,
        p_value=p_value,
        ci=(float(ci[0]), float(ci[1])),
        confidence=confidence,
        trained=trained,
        comparison=comparison,
    )
