"""Customer satisfaction (CSAT, 客户满意度) and customer effort (CES, 客户费力度) scores.

Book chapter: ``book/nps.md`` (section "NPS, CSAT and CES"); workbook:
``notebooks/01_nps.ipynb``.

CSAT is the share of "top-box" answers on a satisfaction scale: on the usual 1-5 scale the top
two boxes (4 "satisfied" and 5 "very satisfied"). Its interval is Wilson's score interval with
continuity correction (Newcombe 1998, method 4), the one interval of a proportion every cxlib
function uses: it stays inside [0, 100] and covers at least 95% of the time at n >= 10 even near
0% and 100%. CES is the mean answer to "How easy was it to ...?" (Dixon, Freeman & Toman 2010
used a 1-5 effort item; the 1-7 agreement item "CES 2.0" is from Dixon, Toman & DeLisi 2013);
its interval adds z**2/2 pseudo-answers at each end of the scale before the Wald formula
(:func:`cxlib._stats.bounded_mean`, after Agresti & Coull 1998), which stays inside the scale and
keeps its coverage when nearly every answer is the top one, where Student's t interval collapses.
The coverage of both is measured in ``benchmarks/coverage.py`` (book appendix "How honest are
these numbers?").

References
----------
Hayes, B. E. (2008). *Measuring Customer Satisfaction and Loyalty*, 3rd ed. ASQ Quality
Press (top-box reporting of satisfaction scales).
Dixon, M., Freeman, K. & Toman, N. (2010). Stop trying to delight your customers. *Harvard
Business Review*, 88(7/8), 116-122 (the Customer Effort Score, a 1-5 effort item).
Dixon, M., Toman, N. & DeLisi, R. (2013). *The Effortless Experience*. New York: Portfolio/
Penguin (the 1-7 agreement item, "CES 2.0").
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of
seven methods. *Statistics in Medicine*, 17(8), 857-872.
Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact" for interval estimation of
binomial proportions. *The American Statistician*, 52(2), 119-126.
Kish, L. (1965). *Survey Sampling*. Wiley (effective sample size for weighted data).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt
from typing import Any

import numpy as np

from cxlib import _validate
from cxlib._stats import (
    PROPORTION_METHODS,
    bounded_mean,
    critical_z,
    effective_n,
    proportion_interval,
)
from cxlib.language import tr

__all__ = ["CESResult", "CSATResult", "ces", "csat"]


@dataclass(frozen=True)
class CSATResult:
    """A CSAT score with its uncertainty.

    Attributes
    ----------
    csat : float
        Share of top-box answers, in percent (0-100).
    n : int
        Number of answers scored.
    satisfied : float
        Number of top-box answers; with weights, the sum of their weights rescaled to mean 1.
    se : float
        Standard error of ``csat`` in percentage points.
    ci : tuple of float
        Interval (low, high) in percent: Wilson's with continuity correction by default.
    confidence : float
        Confidence level of ``ci``.
    scale : tuple of int
        Lowest and highest answer of the scale.
    top_box : int
        How many top answers count as satisfied.
    effective_n : float
        Kish's effective sample size; equals ``n`` when unweighted.
    dropped : int
        Rows left out as missing (only with ``dropna=True``).
    method : str
        The interval: ``"wilson-cc"`` (default) or ``"wilson"``.
    """

    csat: float
    n: int
    satisfied: float
    se: float
    ci: tuple[float, float]
    confidence: float
    scale: tuple[int, int]
    top_box: int
    effective_n: float
    dropped: int = 0
    method: str = "wilson-cc"

    def __str__(self) -> str:
        low, high = self.ci
        top = self.scale[1]
        boxes = f"{top - self.top_box + 1}-{top}" if self.top_box > 1 else f"{top}"
        return tr(
            "CSAT {s.csat:.1f}% ({s.confidence:.0%} CI {low:.1f} to {high:.1f}), n = {s.n:,}, "
            "answers {boxes} on a {s.scale[0]}-{top} scale",
            s=self,
            low=low,
            high=high,
            boxes=boxes,
            top=top,
        )


@dataclass(frozen=True)
class CESResult:
    """A customer effort score (mean answer) with its uncertainty.

    Attributes
    ----------
    ces : float
        Mean answer.
    n : int
        Number of answers scored.
    sd : float
        Standard deviation of the answers.
    se : float
        Standard error of the interval's centre: of the mean with the pseudo-answers for
        ``"adjusted-wald"``, of the mean itself (``sd / sqrt(n)``) for ``"t"``.
    ci : tuple of float
        Interval (low, high) of the mean, inside the scale and containing ``ces``.
    confidence : float
        Confidence level of ``ci``.
    scale : tuple of int
        Lowest and highest answer of the scale.
    effective_n : float
        Kish's effective sample size; equals ``n`` when unweighted.
    dropped : int
        Rows left out as missing (only with ``dropna=True``).
    method : str
        The interval: ``"adjusted-wald"`` (default) or ``"t"``.
    """

    ces: float
    n: int
    sd: float
    se: float
    ci: tuple[float, float]
    confidence: float
    scale: tuple[int, int]
    effective_n: float
    dropped: int = 0
    method: str = "adjusted-wald"

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "CES {s.ces:.2f} ({s.confidence:.0%} CI {low:.2f} to {high:.2f}), n = {s.n:,}, "
            "on a {s.scale[0]}-{s.scale[1]} scale",
            s=self,
            low=low,
            high=high,
        )


def _scale(scale: tuple[int, int]) -> tuple[int, int]:
    """Check a (lowest, highest) pair of whole numbers, lowest below highest."""
    try:
        low, high = scale
    except (TypeError, ValueError):
        raise TypeError(f"scale must be a pair (lowest, highest), got {scale!r}") from None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in (low, high)):
        raise TypeError(f"scale must hold two whole numbers, got {scale!r}")
    if low >= high:
        raise ValueError(f"scale must go from low to high, got {scale!r}")
    return int(low), int(high)


def csat(
    scores: Any,
    scale: tuple[int, int] = (1, 5),
    top_box: int = 2,
    weights: Any = None,
    confidence: float = 0.95,
    *,
    dropna: bool = False,
    method: str = "wilson-cc",
) -> CSATResult:
    """CSAT: the percentage of answers in the top box(es) of a satisfaction scale.

    ``CSAT = 100 * satisfied / n``, where *satisfied* counts answers of at least
    ``scale[1] - top_box + 1``. The interval is Wilson's score interval with continuity
    correction (Newcombe 1998, method 4): the Wilson limits
    ``(q + z^2/2n +/- z * sqrt(q(1-q)/n + z^2/4n^2)) / (1 + z^2/n)`` taken at ``q = p - 1/2n``
    for the lower end and ``q = p + 1/2n`` for the upper end (0 and 100 at the ends of the
    scale). Its exact coverage stays at or above 95% from n = 10 for every share from 1% to
    99%, where the plain Wilson interval falls to 84% near 0% and 100%
    (``benchmarks/coverage.py``). ``se`` is the plain ``sqrt(p(1-p)/n)``. With weights, p is the
    weighted share and n Kish's effective n.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers on ``scale``.
    scale : tuple of int, default (1, 5)
        Lowest and highest answer.
    top_box : int, default 2
        How many of the highest answers count as satisfied (1 = top box only).
    weights : array-like, optional
        Non-negative survey weights, one per answer (a Series is matched to a Series of scores
        by index).
    confidence : float, default 0.95
        Confidence level of the interval.
    dropna : bool, default False
        Leave out missing answers instead of raising.
    method : {"wilson-cc", "wilson"}, default "wilson-cc"
        The interval (:func:`cxlib._stats.proportion_interval`); ``"wilson"`` without the
        continuity correction is narrower but covers less near 0% and 100%.

    Returns
    -------
    CSATResult

    Raises
    ------
    TypeError, ValueError
        Bad answers (text, booleans, outside the scale, fractional, missing), a bad scale or
        ``top_box``, bad weights, confidence or method.

    References
    ----------
    Hayes (2008), Measuring Customer Satisfaction and Loyalty (top-box CSAT);
    Newcombe (1998), Statistics in Medicine 17(8), method 4; Wilson (1927), JASA 22(158).

    See Also
    --------
    cxlib.nps.score. Book chapter ``book/nps.md``, section "NPS, CSAT and CES"; appendix
    ``book/honest_numbers.md``.

    Examples
    --------
    80 of 100 answers are 4 or 5: CSAT = 80%. With z = 1.96 the lower end is Wilson's at
    q = 0.795, (0.795 + 0.0192 - 1.96 * sqrt(0.001630 + 0.0000960)) / 1.0384 = 70.57%, the
    upper end Wilson's at q = 0.805, 87.08% (as scipy's ``binomtest(80, 100)`` with
    ``proportion_ci(method="wilsoncc")``).

    >>> result = csat([5] * 50 + [4] * 30 + [3] * 15 + [1] * 5)
    >>> result.csat, round(result.se, 1), [round(x, 1) for x in result.ci]
    (80.0, 4.0, [70.6, 87.1])
    >>> [round(x, 1) for x in csat([5] * 50 + [4] * 30 + [3] * 20, method="wilson").ci]
    [71.1, 86.7]
    """
    low, high = _scale(scale)
    if isinstance(top_box, bool) or not isinstance(top_box, (int, np.integer)):
        raise TypeError(f"top_box must be a whole number, got {top_box!r}")
    if not 1 <= top_box <= high - low:
        raise ValueError(
            f"top_box must be between 1 and {high - low} on a {low}-{high} scale, got {top_box}"
        )
    if method not in PROPORTION_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, PROPORTION_METHODS))}, got {method!r}"
        )
    z = critical_z(confidence)
    clean = _validate.answers(scores, low=low, high=high, weights=weights, dropna=dropna)
    top = clean.values >= high - top_box + 1
    if clean.weights is None:
        satisfied, total = float(np.count_nonzero(top)), float(len(top))
    else:
        satisfied, total = float(clean.weights[top].sum()), float(clean.weights.sum())
    n_eff = effective_n(clean.weights, len(top))
    p = satisfied / total
    ci_low, ci_high = proportion_interval(p, n_eff, z, method)
    return CSATResult(
        csat=100 * p,
        n=len(top),
        satisfied=satisfied,
        se=100 * sqrt(p * (1 - p) / n_eff),
        ci=(100 * float(ci_low), 100 * float(ci_high)),
        confidence=confidence,
        scale=(low, high),
        top_box=int(top_box),
        effective_n=n_eff,
        dropped=clean.dropped,
        method=method,
    )


#: Intervals of :func:`ces`; the first is the default.
CES_METHODS = ("adjusted-wald", "t")


def ces(
    scores: Any,
    scale: tuple[int, int] = (1, 7),
    weights: Any = None,
    confidence: float = 0.95,
    *,
    dropna: bool = False,
    method: str = "adjusted-wald",
) -> CESResult:
    """Customer Effort Score: the mean answer, with an interval that stays inside the scale.

    ``CES = mean(x)``. The default interval, ``"adjusted-wald"``, adds ``z**2 / 2`` pseudo-answers
    at each end of the scale (about 1.92 at 1 and 1.92 at 7 for 95%) and applies the Wald formula
    to the answers and pseudo-answers together (:func:`cxlib._stats.bounded_mean`; Agresti &
    Coull's 1998 idea carried from a share to a mean). It is never of zero width, never leaves
    the scale and covers at least 93% of the time from n = 10 on answer distributions from even
    to 99% sevens (``benchmarks/coverage.py``), where Student's t interval (``method="t"``:
    ``CES +/- t(1 - alpha/2, n - 1) * sd / sqrt(n)``) covers 9% (ten answers that are all 7 give
    the "interval" 7.00 to 7.00) and can leave the scale (1 and 7 give -34.1 to 42.1). With
    weights, the mean is weighted, sd is the weighted standard deviation and n is Kish's
    effective sample size (also for the pseudo-answers). Whether a high CES means "easy" depends
    on the wording: CES 2.0 (Dixon, Toman & DeLisi 2013) asks for agreement with "The company
    made it easy for me to handle my issue" (1-7, higher is easier).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers on ``scale``.
    scale : tuple of int, default (1, 7)
        Lowest and highest answer.
    weights : array-like, optional
        Non-negative survey weights, one per answer.
    confidence : float, default 0.95
        Confidence level of the interval.
    dropna : bool, default False
        Leave out missing answers instead of raising.
    method : {"adjusted-wald", "t"}, default "adjusted-wald"
        The interval (see above); ``"t"`` is the textbook one, clipped to the scale.

    Returns
    -------
    CESResult

    Raises
    ------
    TypeError, ValueError
        Bad answers, a bad scale, weights, confidence or method; fewer than two answers, or
        weights so uneven that Kish's effective sample size is below 2.

    References
    ----------
    Dixon, Toman & DeLisi (2013), The Effortless Experience (the 1-7 CES 2.0 item);
    Agresti & Coull (1998), The American Statistician 52(2) (pseudo-answers);
    Student (1908), "The probable error of a mean", Biometrika 6(1) (``method="t"``).

    See Also
    --------
    csat. Book chapter ``book/nps.md``, section "NPS, CSAT and CES"; appendix
    ``book/honest_numbers.md``.

    Examples
    --------
    Answers 5, 6, 7, 6 on 1-7 (mean 6, variance 0.5), with a = 1.9207 pseudo-answers at 1 and at
    7: centre (24 + 1.9207 * 8) / 7.8415 = 5.0202; combined variance (4 * (0.5 + 0.9800**2) +
    1.9207 * (4.0202**2 + 1.9798**2)) / 7.8415 = 5.6637; se = sqrt(5.6637 / 7.8415) = 0.8499;
    interval 5.0202 +/- 1.96 * 0.8499 = 3.355 to 6.686. Student's t: sd = sqrt(2/3),
    se = 0.4082, t(0.975, 3) = 3.1824, 6 +/- 1.299 = 4.701 to 7.299, clipped to 7.

    >>> result = ces([5, 6, 7, 6])
    >>> result.ces, round(result.se, 4), [round(x, 3) for x in result.ci]
    (6.0, 0.8499, [3.355, 6.686])
    >>> [round(x, 3) for x in ces([5, 6, 7, 6], method="t").ci]
    [4.701, 7.0]
    >>> print(ces([7] * 10))
    CES 7.00 (95% CI 5.07 to 7.00), n = 10, on a 1-7 scale
    """
    low, high = _scale(scale)
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    if method not in CES_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, CES_METHODS))}, got {method!r}"
        )
    clean = _validate.answers(scores, low=low, high=high, weights=weights, dropna=dropna)
    x = clean.values.astype("float64", copy=False)
    if len(x) < 2:
        raise ValueError(f"CES needs at least two answers for an interval, got {len(x)}")
    w = np.ones_like(x) if clean.weights is None else clean.weights
    n_eff = effective_n(clean.weights, len(x))
    if n_eff < 2:
        raise ValueError(
            f"CES needs an effective sample size of at least 2 for an interval; the weights of "
            f"these {len(x)} answers give {n_eff:.3g} (Kish), because nearly all the weight is on "
            "one answer: check the weights or collect more answers"
        )
    mean = float(np.dot(w, x) / w.sum())
    variance = float(np.dot(w, (x - mean) ** 2) / w.sum())  # divided by the total weight
    sd = sqrt(variance * n_eff / (n_eff - 1))
    z = critical_z(confidence)
    if method == "t":
        from scipy.special import stdtrit  # lazy: keeps `import cxlib` light

        se = sd / sqrt(n_eff)
        t = float(stdtrit(n_eff - 1, 0.5 + confidence / 2))
        ci = (float(max(mean - t * se, low)), float(min(mean + t * se, high)))
    else:
        _, adjusted_se, ci_low, ci_high = bounded_mean(mean, variance, n_eff, low, high, z)
        se, ci = float(adjusted_se), (float(ci_low), float(ci_high))
    return CESResult(
        ces=mean,
        n=len(x),
        sd=sd,
        se=se,
        ci=ci,
        confidence=confidence,
        scale=(low, high),
        effective_n=n_eff,
        dropped=clean.dropped,
        method=method,
    )
