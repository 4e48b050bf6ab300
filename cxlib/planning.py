"""Planning a survey: how many answers for a given precision, or to detect a given difference.

Book chapter ``book/nps.md``, section "How many answers do you need?". The precision of an NPS
is that of the interval :func:`cxlib.nps.score` reports (the adjusted Wald interval of Rocks
2016), when the shares come out as expected or, with ``assurance``, in a chosen share of surveys.
The power formulas use the normal approximation (Cochran 1977, section 4.4): a two-sided test at
level ``alpha`` detects a true difference ``delta`` with power ``1 - beta`` when
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
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372.
"""

from __future__ import annotations

from math import ceil, sqrt
from statistics import NormalDist
from typing import Any

import numpy as np

from cxlib import _validate
from cxlib._margins import (  # noqa: F401  (re-exported)
    MIN_ANSWERS,
    _count,
    _result,
    nps_margin,
    nps_sample_size,
    nps_variance,
)
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
