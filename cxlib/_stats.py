"""Small statistical helpers shared by the metric modules (one place, not one per module)."""

from __future__ import annotations

from math import copysign, erfc, inf, sqrt
from statistics import NormalDist

import numpy as np

from cxlib import _validate


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

    ``(p + z^2/2n +/- z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``, clipped to [0, 1].

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    Journal of the American Statistical Association, 22(158), 209-212.

    Examples
    --------
    >>> [round(float(x), 4) for x in wilson(0.8, 100, 1.959963984540054)]
    [0.7112, 0.8666]
    """
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def z_test(estimate: float, se: float) -> tuple[float, float]:
    """``z = estimate / se`` and its two-sided normal p-value ``erfc(|z| / sqrt(2))``.

    With no sampling variation at all (``se == 0``, e.g. unanimous samples) an estimate of 0 gives
    ``z = 0, p = 1`` and any other estimate ``z = +/-inf, p = 0``.

    Examples
    --------
    >>> [round(x, 4) for x in z_test(1.959963984540054, 1.0)]
    [1.96, 0.05]
    >>> z_test(-3.0, 0.0)
    (-inf, 0.0)
    """
    if se > 0:
        z = estimate / se
        return z, erfc(abs(z) / sqrt(2))
    if estimate == 0:
        return 0.0, 1.0
    return copysign(inf, estimate), 0.0


def p_text(p_value: float) -> str:
    """A p-value as people read it: "p < 0.001", else "p = 0.042".

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0417)
    ('p < 0.001', 'p = 0.042')
    """
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"
