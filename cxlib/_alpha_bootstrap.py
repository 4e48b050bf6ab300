"""The BCa bootstrap interval of Cronbach's alpha (for :mod:`cxlib.reliability`, split for size).

Respondents are resampled; every resample's alpha comes from resample counts times the data's
sums and sums of squares, so there is no loop over resamples or respondents.

References
----------
Efron, B. (1987). Better bootstrap confidence intervals. *Journal of the American Statistical
Association*, 82(397), 171-185.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall,
chapter 14.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cxlib import _validate


def bca_interval(
    items: Any,
    confidence: float = 0.95,
    resamples: int = 2000,
    seed: int | np.random.Generator | None = 0,
) -> tuple[float, float]:
    """Bias-corrected and accelerated (BCa) bootstrap interval of Cronbach's alpha.

    Respondents are resampled ``resamples`` times; alpha of every resample comes from its item
    sums and sums of squares at once (resample counts times the data, no loop over resamples or
    respondents). With ``z0 = Phi^-1(share of resampled alphas below alpha)`` and the
    acceleration ``a = sum d**3 / (6 (sum d**2)**1.5)`` of the jackknife deviations
    ``d = mean(alpha_(i)) - alpha_(i)``, the interval is the ``Phi(z0 + (z0 + z) / (1 - a (z0 +
    z)))`` quantiles of the resampled alphas for ``z = -/+ z(1 - (1 - confidence) / 2)``
    (Efron & Tibshirani 1993, section 14.3). Resamples whose total score has no variance are
    left out.

    Parameters
    ----------
    items : array-like, shape (respondents, k)
    confidence : float, default 0.95
    resamples : int, default 2000
        1,000 to 100,000.
    seed : int, numpy.random.Generator or None, default 0

    Returns
    -------
    tuple of float
        (low, high).

    References
    ----------
    Efron, B. (1987), JASA 82(397); Efron & Tibshirani (1993), An Introduction to the Bootstrap,
    chapter 14.

    Examples
    --------
    >>> from cxlib.reliability import alpha
    >>> rng = np.random.default_rng(1)
    >>> trait = rng.normal(size=(300, 1))
    >>> items = trait + rng.normal(size=(300, 4))
    >>> low, high = bca_interval(items)
    >>> bool(low < alpha(items) < high), round(high - low, 2)
    (True, 0.08)
    """
    from scipy.special import ndtr, ndtri  # lazy: keeps `import cxlib` light

    if (
        isinstance(resamples, bool)
        or not isinstance(resamples, (int, np.integer))
        or not 1000 <= resamples <= 100_000
    ):
        raise ValueError(
            f"resamples must be a whole number from 1,000 to 100,000, got {resamples!r}"
        )
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    from cxlib.reliability import _matrix, alpha  # the one definition of alpha

    matrix = _matrix(items)
    estimate = alpha(matrix)
    n = len(matrix)
    rng = np.random.default_rng(seed)
    boot = np.concatenate(
        [
            _alphas(_resample_counts(rng, n, size), matrix)
            for size in np.diff(np.r_[0:resamples:250, resamples])
        ]
    )
    boot = boot[np.isfinite(boot)]
    jack = _jackknife(matrix)
    deviation = jack.mean() - jack
    spread = float((deviation**2).sum())
    accel = float((deviation**3).sum() / (6 * spread**1.5)) if spread > 0 else 0.0
    below = (np.count_nonzero(boot < estimate) + 0.5 * np.count_nonzero(boot == estimate)) / len(
        boot
    )
    z0 = float(ndtri(np.clip(below, 1 / (2 * len(boot)), 1 - 1 / (2 * len(boot)))))
    tail = ndtri(0.5 + confidence / 2)
    ends = np.array([-tail, tail])
    shifted = z0 + ends
    levels = ndtr(z0 + shifted / (1 - accel * shifted))
    low, high = np.quantile(boot, levels)
    return float(min(low, estimate)), float(max(high, estimate))


def _resample_counts(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """How often each respondent is drawn in each of ``size`` resamples: (size, n)."""
    draws = rng.integers(0, n, size=(size, n)) + n * np.arange(size)[:, None]
    return np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype(float)


def _alphas(weights: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Alpha of the weighted copies of ``matrix`` (rows of ``weights``), from sums of squares."""
    n, k = matrix.shape
    total = matrix.sum(axis=1)
    sums, squares = weights @ matrix, weights @ matrix**2
    item_variance = (squares - sums**2 / n).sum(axis=1)
    total_variance = weights @ total**2 - (weights @ total) ** 2 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        return k / (k - 1) * (1 - item_variance / total_variance)


def _jackknife(matrix: np.ndarray) -> np.ndarray:
    """Alpha with each respondent left out in turn (n values), from the sums minus each row."""
    n, k = matrix.shape
    total = matrix.sum(axis=1)
    sums = matrix.sum(axis=0) - matrix
    squares = (matrix**2).sum(axis=0) - matrix**2
    item_variance = (squares - sums**2 / (n - 1)).sum(axis=1)
    total_sum, total_square = total.sum() - total, (total**2).sum() - total**2
    total_variance = total_square - total_sum**2 / (n - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return k / (k - 1) * (1 - item_variance / total_variance)
