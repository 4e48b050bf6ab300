"""Planning a survey: how many answers for a given precision, or to detect a given difference.

Book chapter ``book/nps.md``, section "How many answers do you need?". All formulas use the
normal approximation (Cochran 1977, section 4.4): an estimate with standard error
``sqrt(Var / n)`` has a half-width of ``z * sqrt(Var / n)``, and a two-sided test at level
``alpha`` detects a true difference ``delta`` with power ``1 - beta`` when
``|delta| / SE >= z(1 - alpha/2) + z(1 - beta)``.

For NPS, ``Var = p_P + p_D - (p_P - p_D)**2`` is the variance of one answer scored +1/0/-1
(trinomial distribution). For a CSAT (top-box) share the formulas of Fleiss, Levin & Paik (2003,
section 4.2) are used: the null variance is that of the pooled share.

References
----------
Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed. Wiley, section 4.4.
Fleiss, J. L., Levin, B. & Paik, M. C. (2003). *Statistical Methods for Rates and Proportions*,
3rd ed. Wiley, section 4.2 (equations 4.14 and 4.15).
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12).
"""

from __future__ import annotations

from math import ceil, sqrt
from statistics import NormalDist
from typing import Any

import numpy as np

from cxlib import _validate
from cxlib._stats import critical_z

__all__ = [
    "nps_difference_power",
    "nps_difference_sample_size",
    "nps_margin",
    "nps_sample_size",
    "proportion_difference_power",
    "proportion_difference_sample_size",
]

_NORMAL = NormalDist()


def nps_variance(p_promoters: float, p_detractors: float) -> float:
    """Var = p_P + p_D - (p_P - p_D)^2 of one answer scored +1/0/-1, after checking the shares."""
    p_p = _validate.probability(p_promoters, "p_promoters")
    p_d = _validate.probability(p_detractors, "p_detractors")
    if p_p + p_d > 1 + 1e-12:
        raise ValueError(
            f"p_promoters + p_detractors must not exceed 1, got {p_p} + {p_d} = {p_p + p_d}"
        )
    return p_p + p_d - (p_p - p_d) ** 2


def _power_z(power: float) -> float:
    """z(power): the standard normal quantile of the wanted power (between 0.5 and 1)."""
    power = _validate.probability(power, "power", allow_zero=False, allow_one=False)
    if power < 0.5:
        raise ValueError(f"power must be at least 0.5 (usually 0.8 or 0.9), got {power}")
    return _NORMAL.inv_cdf(power)


def _shares(pair: Any, name: str) -> tuple[float, float]:
    """A (p_promoters, p_detractors) pair, checked."""
    try:
        p_p, p_d = pair
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a pair (p_promoters, p_detractors), got {pair!r}"
        ) from None
    nps_variance(p_p, p_d)
    return float(p_p), float(p_d)


def _count(n: Any, name: str = "n") -> np.ndarray:
    """Positive whole numbers of answers as a float array."""
    return _validate.answers(np.atleast_1d(n), name=name, low=1, high=np.inf).values.astype(float)


def _result(values: np.ndarray, n: Any) -> float | np.ndarray:
    return float(values[0]) if np.ndim(n) == 0 else values


def nps_sample_size(
    margin: float, p_promoters: float, p_detractors: float, confidence: float = 0.95
) -> int:
    """Smallest number of answers whose Wald interval half-width is at most ``margin`` points.

    Solves ``z * 100 * sqrt(Var / n) <= margin`` for n: ``n = ceil(Var * (100 * z / margin)**2)``
    with ``Var = p_P + p_D - (p_P - p_D)**2``. (The adjusted Wald interval, the default of
    :func:`cxlib.nps.score`, is as wide as this to within 3 answers.) Also available as
    ``cxlib.nps.sample_size``.

    Parameters
    ----------
    margin : float
        Wanted half-width of the interval, in NPS points (e.g. 5 for +/- 5 points).
    p_promoters, p_detractors : float
        Expected shares of promoters and detractors (proportions; their sum at most 1). Use a
        past survey; 0.5 and 0.5 gives the worst case.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    int
        Number of answers needed (at least 1).

    Raises
    ------
    TypeError, ValueError
        Shares outside [0, 1] or summing above 1, a margin that is not positive.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Cochran, W. G. (1977), Sampling Techniques,
    3rd ed., Wiley, section 4.4 (sample size for a given margin of error).

    See Also
    --------
    nps_margin : the inverse. Book chapter ``book/nps.md``, "How many answers do you need?".

    Examples
    --------
    With 50% promoters and 20% detractors, Var = 0.61; for +/- 5 points at 95%:
    0.61 * (100 * 1.959964 / 5)**2 = 937.3, so 938 answers.

    >>> nps_sample_size(5, 0.5, 0.2)
    938
    """
    if isinstance(margin, bool) or not isinstance(margin, (int, float, np.number)):
        raise TypeError(f"margin must be a number of NPS points, got {margin!r}")
    if not 0 < margin <= 200:
        raise ValueError(f"margin must be a positive number of points up to 200, got {margin!r}")
    needed = nps_variance(p_promoters, p_detractors) * (100 * critical_z(confidence) / margin) ** 2
    return max(1, ceil(needed - 1e-9))  # tolerance: 384.0000000001 means 384


def nps_margin(
    n: Any, p_promoters: float, p_detractors: float, confidence: float = 0.95
) -> float | np.ndarray:
    """Half-width of the Wald interval, in points, for ``n`` answers: the inverse of sample size.

    ``margin = z * 100 * sqrt(Var / n)`` with ``Var = p_P + p_D - (p_P - p_D)**2``
    (Reichheld 2003; trinomial variance; Cochran 1977, section 4.4). Also available as
    ``cxlib.nps.margin``.

    Parameters
    ----------
    n : int or array-like of int
        Number of answers (one value or many, e.g. for a curve).
    p_promoters, p_detractors : float
        Expected shares of promoters and detractors (proportions; their sum at most 1).
    confidence : float, default 0.95
        Confidence level.

    Returns
    -------
    float or numpy.ndarray
        The half-width in NPS points, one per ``n``.

    Raises
    ------
    TypeError, ValueError
        ``n`` not positive whole numbers; shares outside [0, 1] or summing above 1.

    See Also
    --------
    nps_sample_size. Book chapter ``book/nps.md``, section "How many answers do you need?".

    Examples
    --------
    Worst case (half promoters, half detractors, Var = 1) with 400 answers:
    1.96 * 100 * sqrt(1 / 400) = 9.8 points.

    >>> round(nps_margin(400, 0.5, 0.5), 1)
    9.8
    """
    counts = _count(n)
    variance = nps_variance(p_promoters, p_detractors)
    return _result(critical_z(confidence) * 100 * np.sqrt(variance / counts), n)


def nps_difference_sample_size(
    a: tuple[float, float], b: tuple[float, float], confidence: float = 0.95, power: float = 0.8
) -> int:
    """Answers needed in each of two groups to detect the NPS difference their shares imply.

    ``n = (z(1 - alpha/2) + z(power))**2 * (Var_a + Var_b) / delta**2`` per group, with
    ``delta = (p_P,a - p_D,a) - (p_P,b - p_D,b)`` and each ``Var = p_P + p_D - (p_P - p_D)**2``:
    the normal approximation to the two-sided z-test of :func:`cxlib.nps.compare`
    (Cochran 1977, section 4.4; trinomial variance).

    Parameters
    ----------
    a, b : tuple of float
        Expected (p_promoters, p_detractors) of each group, as proportions.
    confidence : float, default 0.95
        ``1 - alpha``, the confidence level of the test.
    power : float, default 0.8
        Wanted chance of finding the difference if it is real (0.8 or 0.9 are usual).

    Returns
    -------
    int
        Answers per group.

    Raises
    ------
    TypeError, ValueError
        Bad shares, power or confidence; two groups with the same NPS (no difference to detect).

    References
    ----------
    Cochran (1977), Sampling Techniques, section 4.4; Reichheld (2003) for NPS.

    See Also
    --------
    nps_difference_power. Book chapter ``book/nps.md``, section "How many answers do you need?".

    Examples
    --------
    A: 50% promoters, 20% detractors (NPS 30, Var 0.61); B: 40% and 30% (NPS 10, Var 0.69).
    At 95% and power 0.8: (1.959964 + 0.841621)**2 * 1.30 / 0.2**2 = 255.09, so 256 each.

    >>> nps_difference_sample_size((0.5, 0.2), (0.4, 0.3))
    256
    """
    (pa, da), (pb, db) = _shares(a, "a"), _shares(b, "b")
    delta = (pa - da) - (pb - db)
    if abs(delta) < 1e-12:
        raise ValueError(f"a and b have the same NPS ({100 * (pa - da):+.1f}): nothing to detect")
    z = critical_z(confidence) + _power_z(power)
    variance = nps_variance(pa, da) + nps_variance(pb, db)
    return max(2, ceil(z**2 * variance / delta**2 - 1e-9))


def nps_difference_power(
    n: Any, a: tuple[float, float], b: tuple[float, float], confidence: float = 0.95
) -> float | np.ndarray:
    """Power of the two-sided test of :func:`cxlib.nps.compare` with ``n`` answers per group.

    ``power = Phi(|delta| / SE - z(1 - alpha/2)) + Phi(-|delta| / SE - z(1 - alpha/2))`` with
    ``SE = sqrt((Var_a + Var_b) / n)`` (normal approximation; Cochran 1977, section 4.4).

    Parameters
    ----------
    n : int or array-like of int
        Answers per group.
    a, b : tuple of float
        Expected (p_promoters, p_detractors) of each group.
    confidence : float, default 0.95
        Confidence level of the test.

    Returns
    -------
    float or numpy.ndarray
        The chance of a significant result, one per ``n``.

    Raises
    ------
    TypeError, ValueError
        Bad shares, ``n`` or confidence.

    Examples
    --------
    With the shares of :func:`nps_difference_sample_size` and 256 per group:
    SE = sqrt(1.30 / 256) = 0.07126, 0.2 / 0.07126 = 2.8066, Phi(2.8066 - 1.96) = 0.801.

    >>> round(nps_difference_power(256, (0.5, 0.2), (0.4, 0.3)), 3)
    0.801
    """
    from scipy.special import ndtr  # lazy: keeps `import cxlib` light

    counts = _count(n)
    (pa, da), (pb, db) = _shares(a, "a"), _shares(b, "b")
    delta = abs((pa - da) - (pb - db))
    shift = delta / np.sqrt((nps_variance(pa, da) + nps_variance(pb, db)) / counts)
    z = critical_z(confidence)
    return _result(ndtr(shift - z) + ndtr(-shift - z), n)


def _proportions(p_a: float, p_b: float) -> tuple[float, float, float]:
    p_a = _validate.probability(p_a, "p_a")
    p_b = _validate.probability(p_b, "p_b")
    if p_a == p_b:
        raise ValueError(f"p_a and p_b are equal ({p_a}): there is no difference to detect")
    return p_a, p_b, (p_a + p_b) / 2


def proportion_difference_sample_size(
    p_a: float, p_b: float, confidence: float = 0.95, power: float = 0.8
) -> int:
    """Answers per group to detect a difference between two shares (e.g. two CSAT top-box rates).

    Fleiss, Levin & Paik (2003, eq. 4.14, without continuity correction):
    ``n = (z(1 - alpha/2) * sqrt(2 p q) + z(power) * sqrt(p_a q_a + p_b q_b))**2 / (p_a - p_b)**2``
    with ``p = (p_a + p_b) / 2`` and ``q = 1 - p``.

    Parameters
    ----------
    p_a, p_b : float
        Expected shares (proportions) in the two groups, e.g. 0.80 and 0.70 satisfied.
    confidence : float, default 0.95
        Confidence level of the two-sided test.
    power : float, default 0.8
        Wanted power.

    Returns
    -------
    int
        Answers per group.

    Raises
    ------
    TypeError, ValueError
        Shares outside [0, 1] or equal; a bad power or confidence.

    References
    ----------
    Fleiss, J. L., Levin, B. & Paik, M. C. (2003). Statistical Methods for Rates and
    Proportions, 3rd ed. Wiley, section 4.2.

    See Also
    --------
    proportion_difference_power; cxlib.csat.csat. Book chapter ``book/nps.md``.

    Examples
    --------
    CSAT 80% against 70%: p = 0.75, (1.959964 * sqrt(0.375) + 0.841621 * sqrt(0.37))**2 / 0.01
    = (1.200227 + 0.511938)**2 / 0.01 = 293.15, so 294 per group.

    >>> proportion_difference_sample_size(0.8, 0.7)
    294
    """
    p_a, p_b, p = _proportions(p_a, p_b)
    numerator = critical_z(confidence) * sqrt(2 * p * (1 - p)) + _power_z(power) * sqrt(
        p_a * (1 - p_a) + p_b * (1 - p_b)
    )
    return max(2, ceil(numerator**2 / (p_a - p_b) ** 2 - 1e-9))


def proportion_difference_power(
    n: Any, p_a: float, p_b: float, confidence: float = 0.95
) -> float | np.ndarray:
    """Power to detect the difference between two shares with ``n`` answers per group.

    The inverse of :func:`proportion_difference_sample_size` (Fleiss, Levin & Paik 2003,
    eq. 4.15 without continuity correction):
    ``power = Phi((|p_a - p_b| sqrt(n) - z(1 - alpha/2) sqrt(2 p q)) / sqrt(p_a q_a + p_b q_b))``.

    Parameters
    ----------
    n : int or array-like of int
        Answers per group.
    p_a, p_b : float
        Expected shares in the two groups.
    confidence : float, default 0.95
        Confidence level of the two-sided test.

    Returns
    -------
    float or numpy.ndarray
        The power, one per ``n``.

    Raises
    ------
    TypeError, ValueError
        Shares outside [0, 1] or equal; bad ``n`` or confidence.

    Examples
    --------
    80% against 70% with 294 per group: (0.1 * 17.1464 - 1.959964 * 0.612372) / 0.608276
    = 0.84564, Phi(0.84564) = 0.801.

    >>> round(proportion_difference_power(294, 0.8, 0.7), 3)
    0.801
    """
    from scipy.special import ndtr  # lazy: keeps `import cxlib` light

    counts = _count(n)
    p_a, p_b, p = _proportions(p_a, p_b)
    shift = abs(p_a - p_b) * np.sqrt(counts) - critical_z(confidence) * sqrt(2 * p * (1 - p))
    return _result(ndtr(shift / sqrt(p_a * (1 - p_a) + p_b * (1 - p_b))), n)
