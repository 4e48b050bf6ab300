"""Small statistical helpers shared by the metric modules (one place, not one per module)."""

from __future__ import annotations

from math import erfc, isnan, nan, sqrt
from statistics import NormalDist

import numpy as np

from cxlib import _validate
from cxlib.language import tr


def critical_z(confidence: float) -> float:
    """Two-sided standard normal critical value for a confidence level.

    Examples
    --------
    >>> round(critical_z(0.95), 5)
    1.95996
    """
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def effective_n(weights: np.ndarray | None, n: int) -> float:
    """Kish's effective sample size ``(sum w)**2 / sum(w**2)``; ``n`` when unweighted.

    References
    ----------
    Kish, L. (1965). Survey Sampling. Wiley, section 11.7.

    Examples
    --------
    >>> effective_n(np.array([1.0, 1.0, 2.0]), 3)
    2.6666666666666665
    """
    if weights is None:
        return float(n)
    return float(weights.sum() ** 2 / np.dot(weights, weights))


def wilson(p: np.ndarray | float, n: np.ndarray | float, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (low, high) of a proportion p observed among n answers.

    ``(p + z^2/2n +/- z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``, clipped to [0, 1] and
    widened, if rounding put it 1e-17 off, so that ``low <= p <= high`` always holds. Kept as
    ``method="wilson"`` of :func:`proportion_interval`: its coverage dips to 84% near 0% and 100%
    at small n (``benchmarks/coverage.py``), so it is not the default.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    Journal of the American Statistical Association, 22(158), 209-212.

    Examples
    --------
    >>> [round(float(x), 4) for x in wilson(0.8, 100, 1.959963984540054)]
    [0.7112, 0.8666]
    >>> [float(x) for x in wilson(1.0, 7, 1.959963984540054)][1]
    1.0
    """
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = np.minimum(np.clip(centre - half, 0, 1), p)
    high = np.maximum(np.clip(centre + half, 0, 1), p)
    return low, high


def wilson_cc(
    p: np.ndarray | float, n: np.ndarray | float, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval with continuity correction (low, high) of a proportion.

    The Wilson limits of ``p - 1/2n`` (low) and ``p + 1/2n`` (high), with low = 0 at p = 0 and
    high = 1 at p = 1: Newcombe's (1998a) method 4, the interval of R's
    ``prop.test(x, n, correct = TRUE)``. Its exact coverage stays at or above 95% for every p
    from 0.01 to 0.99 and every n from 10 to 1,000 that ``benchmarks/coverage.py`` checks, where
    the plain Wilson interval falls to 84%; Vollset (1993) recommends it over the Clopper-Pearson
    interval, which is as wide and as safe. ``n`` need not be whole (an effective sample size).

    References
    ----------
    Newcombe, R. G. (1998a). Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Statistics in Medicine, 17(8), 857-872 (method 4).
    Vollset, S. E. (1993). Confidence intervals for a binomial proportion. Statistics in
    Medicine, 12(9), 809-824.

    Examples
    --------
    Newcombe's (1998a) Table II, method 4: 81/263 gives 0.2535 to 0.3682, 15/148 0.0598 to
    0.1644, 0/20 0 to 0.2005, 1/29 0.0018 to 0.1963.

    >>> x, n = np.array([81, 15, 0, 1]), np.array([263, 148, 20, 29])
    >>> low, high = wilson_cc(x / n, n, 1.959963984540054)
    >>> low.round(4).tolist(), high.round(4).tolist()
    ([0.2535, 0.0598, 0.0, 0.0018], [0.3682, 0.1644, 0.2005, 0.1963])
    """
    p, n = np.asarray(p, dtype=float), np.asarray(n, dtype=float)
    shift = 0.5 / n
    with np.errstate(invalid="ignore"):  # p - 1/2n below 0 or p + 1/2n above 1: handled below
        low = wilson(np.clip(p - shift, 0, 1), n, z)[0]
        high = wilson(np.clip(p + shift, 0, 1), n, z)[1]
    low = np.where(p <= 0, 0.0, np.minimum(low, p))
    high = np.where(p >= 1, 1.0, np.maximum(high, p))
    return low, high


#: Intervals of a proportion; the first is the default everywhere (CSAT, funnel steps, repeat
#: rates, tracked shares, Kano shares, ...).
PROPORTION_METHODS = ("wilson-cc", "wilson")


def proportion_interval(
    p: np.ndarray | float, n: np.ndarray | float, z: float, method: str = "wilson-cc"
) -> tuple[np.ndarray, np.ndarray]:
    """The one interval of a proportion that every cxlib function uses (low, high in [0, 1]).

    ``"wilson-cc"`` (default): :func:`wilson_cc`, exact coverage at least 95% for n >= 10 and
    p from 0.01 to 0.99; ``"wilson"``: :func:`wilson`, a little narrower, but its coverage falls
    to 84% near 0% and 100% at small n. The choice, with Agresti-Coull, Clopper-Pearson and
    Jeffreys compared on exact coverage and width, is in ``benchmarks/coverage.py`` and the
    book's appendix ``book/honest_numbers.md``. Both keep ``low <= p <= high``; NaN where
    ``n`` is 0.

    Raises
    ------
    ValueError
        An unknown method.

    Examples
    --------
    >>> z = critical_z(0.95)
    >>> [round(float(x), 4) for x in proportion_interval(0.8, 100, z)]
    [0.7057, 0.8708]
    >>> [round(float(x), 4) for x in proportion_interval(0.8, 100, z, "wilson")]
    [0.7112, 0.8666]
    """
    if method == "wilson-cc":
        return wilson_cc(p, n, z)
    if method == "wilson":
        return wilson(p, n, z)
    raise ValueError(
        f"method must be one of {', '.join(map(repr, PROPORTION_METHODS))}, got {method!r}"
    )


def bounded_mean(
    mean: np.ndarray | float,
    variance: np.ndarray | float,
    n: np.ndarray | float,
    low: float,
    high: float,
    z: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Adjusted Wald interval of a mean on a bounded scale: (centre, se, low, high).

    Agresti and Coull's (1998) idea carried from a share to a mean: ``z**2 / 2`` pseudo-answers
    are added at each end of the scale (``low`` and ``high``) and the Wald formula is applied to
    the answers and pseudo-answers together: with ``a = z**2 / 2``,
    ``centre = (n * mean + a * low + a * high) / (n + 2a)``, ``v`` the variance of that combined
    sample and ``se = sqrt(v / (n + 2a))``; the interval ``centre +/- z * se`` is clipped to the
    scale and widened if needed to contain ``mean``. On a two-point scale it is exactly the
    Agresti-Coull interval. It never has zero width, stays inside the scale and, unlike Student's
    t interval, keeps its coverage when nearly every answer sits at one end (90% or 99% of sevens
    on a 1-7 scale: ``benchmarks/coverage.py``). ``variance`` is the answers' own variance
    (divided by ``n``); ``n`` may be an effective sample size. Vectorised over its inputs.

    References
    ----------
    Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact" for interval estimation
    of binomial proportions. The American Statistician, 52(2), 119-126.

    Examples
    --------
    Ten answers of 7 on a 1-7 scale: a = 1.9207, centre = (70 + 1.9207 * 8) / 13.8415 = 6.1674,
    v = (10 * 0.8326**2 + 1.9207 * (5.1674**2 + 0.8326**2)) / 13.8415 = 4.3024,
    se = sqrt(4.3024 / 13.8415) = 0.5575, so 6.1674 - 1.96 * 0.5575 = 5.075 to 7 (t gives 7 to 7).

    >>> centre, se, low, high = bounded_mean(7.0, 0.0, 10, 1, 7, 1.959963984540054)
    >>> round(float(centre), 4), round(float(se), 4), round(float(low), 3), float(high)
    (6.1674, 0.5575, 5.075, 7.0)
    """
    mean, variance, n = (np.asarray(v, dtype=float) for v in (mean, variance, n))
    pseudo = z * z / 2
    total = n + 2 * pseudo
    centre = (n * mean + pseudo * (low + high)) / total
    spread = (
        n * (variance + (mean - centre) ** 2)
        + pseudo * ((low - centre) ** 2 + (high - centre) ** 2)
    ) / total
    se = np.sqrt(spread / total)
    ci_low = np.minimum(np.clip(centre - z * se, low, high), mean)
    ci_high = np.maximum(np.clip(centre + z * se, low, high), mean)
    return centre, se, ci_low, ci_high


def z_test(estimate: float, se: float) -> tuple[float, float]:
    """``z = estimate / se`` and its two-sided normal p-value ``erfc(|z| / sqrt(2))``.

    With no sampling variation at all (``se == 0``, e.g. unanimous samples under the plain Wald
    formula) there is no test: ``z`` and ``p`` are NaN (never +/-inf and p = 0, which would claim
    certainty from, say, five answers). Callers say so in their own words.

    Examples
    --------
    >>> [round(x, 4) for x in z_test(1.959963984540054, 1.0)]
    [1.96, 0.05]
    >>> z_test(-3.0, 0.0)
    (nan, nan)
    """
    if se > 0:
        z = estimate / se
        return z, erfc(abs(z) / sqrt(2))
    return nan, nan


def p_text(p_value: float) -> str:
    """A p-value as people read it: "p < 0.001", else "p = 0.042" ("no p-value" for NaN).

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0417), p_text(float("nan"))
    ('p < 0.001', 'p = 0.042', 'no p-value (standard error 0)')
    """
    if isnan(p_value):
        return tr("no p-value (standard error 0)")
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


#: Names accepted by ``adjust=`` wherever many p-values come out at once.
ADJUST_METHODS = ("holm", "bh")


def adjust_p(p_values: np.ndarray | list[float], method: str) -> np.ndarray:
    """P-values adjusted for many comparisons: Holm (1979) or Benjamini-Hochberg (1995).

    ``"holm"`` controls the family-wise error rate (the chance of any false "significant"
    result) and is uniformly more powerful than Bonferroni; ``"bh"`` controls the false discovery
    rate (the expected share of false findings among those called significant). NaN p-values
    (e.g. a group too small to test) are left NaN and not counted as comparisons. Both match R's
    ``p.adjust(p, method = "holm" | "BH")``.

    Parameters
    ----------
    p_values : array-like of float
        Unadjusted p-values in [0, 1].
    method : {"holm", "bh"}
        The correction.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, never below the unadjusted ones, at most 1.

    Raises
    ------
    ValueError
        An unknown method or a p-value outside [0, 1].

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
    Journal of Statistics, 6(2), 65-70.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the
    Royal Statistical Society B, 57(1), 289-300.

    Examples
    --------
    R's ``p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")`` and ``"BH"``:

    >>> adjust_p([0.01, 0.02, 0.03, 0.04, 0.05], "holm").round(4).tolist()
    [0.05, 0.08, 0.09, 0.09, 0.09]
    >>> adjust_p([0.01, 0.02, 0.03, 0.04, 0.05], "bh").round(4).tolist()
    [0.05, 0.05, 0.05, 0.05, 0.05]
    >>> adjust_p([0.04, float("nan"), 0.001], "holm").tolist()
    [0.04, nan, 0.002]
    """
    if method not in ADJUST_METHODS:
        raise ValueError(
            f"adjust must be one of {', '.join(map(repr, ADJUST_METHODS))}, got {method!r}"
        )
    p = np.asarray(p_values, dtype=float)
    known = ~np.isnan(p)
    if ((p[known] < 0) | (p[known] > 1)).any():
        raise ValueError("p-values must lie between 0 and 1")
    out = np.full(p.shape, np.nan)
    values = p[known]
    m = values.size
    if m == 0:
        return out
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    if method == "holm":
        adjusted = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:
        adjusted = np.minimum.accumulate((m / np.arange(m, 0, -1)) * ranked[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[known] = result
    return out


def adjusted_confidence(
    confidence: float, comparisons: int, method: str, discoveries: int | None = None
) -> float:
    """Confidence level for each of ``comparisons`` intervals reported together.

    ``"holm"``: Bonferroni's simultaneous level ``1 - (1 - confidence) / m`` (Holm's step-down test
    has no interval form of its own; Bonferroni's intervals are its usual companion), so all ``m``
    intervals cover together with probability at least ``confidence``.

    ``"bh"``: Benjamini & Yekutieli's (2005) false-coverage-rate level
    ``1 - R (1 - confidence) / m`` where ``R`` (``discoveries``) is how many comparisons the BH
    procedure at level ``1 - confidence`` called significant; at most ``1 - confidence`` of those
    intervals miss on average. With ``R = 0`` the level of ``R = 1`` is used, so the table still
    shows an interval.

    References
    ----------
    Dunn, O. J. (1961). Multiple comparisons among means. JASA, 56(293), 52-64.
    Benjamini, Y. & Yekutieli, D. (2005). False discovery rate-adjusted multiple confidence
    intervals for selected parameters. JASA, 100(469), 71-81.

    Examples
    --------
    >>> round(adjusted_confidence(0.95, 10, "holm"), 6)
    0.995
    >>> round(adjusted_confidence(0.95, 10, "bh", discoveries=4), 6)
    0.98
    """
    if method not in ADJUST_METHODS:
        raise ValueError(
            f"adjust must be one of {', '.join(map(repr, ADJUST_METHODS))}, got {method!r}"
        )
    if comparisons < 1:
        raise ValueError(f"comparisons must be at least 1, got {comparisons}")
    if method == "holm":
        return 1 - (1 - confidence) / comparisons
    if discoveries is None:
        raise ValueError("adjust='bh' intervals need discoveries (how many BH called significant)")
    return 1 - max(discoveries, 1) * (1 - confidence) / comparisons


def differences(
    estimate: np.ndarray,
    centre: np.ndarray,
    se: np.ndarray,
    confidence: float,
    adjust: str | None = None,
    bounds: tuple[float, float] = (-np.inf, np.inf),
    p_value: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Columns for many differences at once: interval, z, p-value and, with ``adjust``, more.

    The interval is ``centre +/- z * se`` (``centre`` is the estimate itself for a Wald interval,
    an adjusted value for an adjusted-Wald one), clipped to ``bounds`` and widened if needed so
    that it contains ``estimate``; ``z = centre / se``. The p-value is the normal one of ``z``
    unless ``p_value`` gives better ones (an exact test's), which then also decide the adjusted
    columns. A zero ``se`` gives NaN z and normal p (see :func:`z_test`). With ``adjust``
    ("holm" or "bh") the columns ``p_adjusted``, ``ci_low_adjusted`` and ``ci_high_adjusted``
    are added, the intervals at :func:`adjusted_confidence`'s level (Bonferroni for Holm,
    Benjamini-Yekutieli for BH).

    Examples
    --------
    Two differences of 4 and 1 with SE 1.5 and 1: z = 2.667 and 1, p = 0.0077 and 0.3173;
    Holm multiplies the smaller p by 2: 0.0153.

    >>> table = differences(np.array([4.0, 1.0]), np.array([4.0, 1.0]), np.array([1.5, 1.0]),
    ...                     0.95, adjust="holm")
    >>> table["p_value"].round(4).tolist(), table["p_adjusted"].round(4).tolist()
    ([0.0077, 0.3173], [0.0153, 0.3173])
    >>> round(float(table["ci_low_adjusted"][0]), 3)  # 4 - 2.2414 * 1.5 (97.5% level)
    0.638
    """
    estimate, centre, se = (np.asarray(x, dtype=float) for x in (estimate, centre, se))
    low_bound, high_bound = bounds

    def interval(level: float) -> tuple[np.ndarray, np.ndarray]:
        half = critical_z(level) * se
        low = np.minimum(np.clip(centre - half, low_bound, high_bound), estimate)
        high = np.maximum(np.clip(centre + half, low_bound, high_bound), estimate)
        return low, high

    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, centre / np.where(se > 0, se, 1.0), np.nan)
    from scipy.special import ndtr  # lazy: keeps `import cxlib` light

    p = 2 * ndtr(-np.abs(z))  # = erfc(|z| / sqrt(2)); NaN stays NaN
    if p_value is not None:
        p = np.asarray(p_value, dtype=float)
    low, high = interval(confidence)
    out = {"difference": estimate, "se": se, "ci_low": low, "ci_high": high, "z": z, "p_value": p}
    if adjust is not None:
        adjusted = adjust_p(p, adjust)
        known = int((~np.isnan(p)).sum())
        discoveries = int((adjusted <= 1 - confidence).sum())
        level = adjusted_confidence(confidence, max(known, 1), adjust, discoveries)
        out["p_adjusted"] = adjusted
        out["ci_low_adjusted"], out["ci_high_adjusted"] = interval(level)
    return out
