"""Control limits from a metric's own distribution (for :mod:`cxlib.tracking`).

A period of ``n`` answers, each drawn from the same answer distribution (the pooled shares of
the baseline periods), has a period total whose distribution is the ``n``-fold convolution of
that answer distribution: binomial for a share, the difference of two counts of a trinomial for
NPS (answers scored -1/0/+1), a sum of answers on a 1-7 scale for CES. Its limits are taken from
that distribution, not from a normal curve: a period is beyond its limits when its total is less
likely than chance allows, i.e. when its two-sided mid-p value (the probability of a total less
likely than the observed one, plus half the probability of the totals exactly as likely; Lancaster
1961) is at most ``alpha`` (0.27% for the classic 3-sigma limits). For a share near 100% with 30
answers a month the normal limits put 1.5% of stable months outside instead of 0.27%, because the
distribution is skewed and lumpy; these limits do not (issue 26; ``benchmarks/coverage.py``).

The run rule uses the median of the same distribution as its line, so that "above" and "below"
are equally likely for a stable period even when the metric is skewed; a period exactly on the
median ends a run.

References
----------
Lancaster, H. O. (1961). Significance tests in discrete distributions. *Journal of the American
Statistical Association*, 56(294), 223-234 (the mid-p value).
Montgomery, D. C. (2019). *Introduction to Statistical Quality Control* (8th ed.). Wiley, section
7.2 (probability limits for attribute charts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Longest support (number of possible period totals) computed exactly; beyond it the period's
#: total is close enough to normal that the limits are mean +/- sigmas * sd.
MAX_SUPPORT = 2_000_000


@dataclass(frozen=True)
class Limits:
    """Limits and median of the period total, as indices into the support ``0..(k-1) n``."""

    low: np.ndarray  # smallest total not flagged
    high: np.ndarray  # largest total not flagged
    median: np.ndarray  # median total


def total_pmf(answer_pmf: np.ndarray, n: int) -> np.ndarray:
    """Distribution of the total of ``n`` independent answers with ``answer_pmf`` over 0..k-1.

    A binomial for two points (scipy), otherwise the ``n``-th power of the answer distribution's
    Fourier transform (the ``n``-fold convolution), cleaned of rounding noise.

    Examples
    --------
    Two answers scored 0, 1, 2 with probabilities 0.25, 0.5, 0.25: the total 0..4 has
    probabilities 1, 4, 6, 4, 1 sixteenths.

    >>> (total_pmf(np.array([0.25, 0.5, 0.25]), 2) * 16).round(6).tolist()
    [1.0, 4.0, 6.0, 4.0, 1.0]
    """
    k = len(answer_pmf)
    if k == 2:
        from scipy.special import gammaln, xlog1py, xlogy  # lazy: keeps `import cxlib` light

        x, p = np.arange(n + 1), float(answer_pmf[1])
        log_pmf = gammaln(n + 1) - gammaln(x + 1) - gammaln(n - x + 1)
        return np.exp(log_pmf + xlogy(x, p) + xlog1py(n - x, -p))
    length = (k - 1) * n + 1
    size = 1 << int(np.ceil(np.log2(length)))
    pmf = np.fft.irfft(np.fft.rfft(answer_pmf, size) ** n, size)[:length]
    pmf = np.where(pmf > 1e-15, pmf, 0.0)  # rounding noise of the transform
    return pmf / pmf.sum()


def mid_p(pmf: np.ndarray) -> np.ndarray:
    """Two-sided mid-p value of every total: P(less likely) + P(as likely) / 2.

    Examples
    --------
    >>> mid_p(np.array([0.1, 0.2, 0.4, 0.2, 0.1])).round(3).tolist()
    [0.1, 0.4, 0.8, 0.4, 0.1]
    """
    order = np.sort(pmf)
    cumulative = np.concatenate([[0.0], np.cumsum(order)])
    tolerance = 1e-9 * pmf + 1e-300
    below = cumulative[np.searchsorted(order, pmf - tolerance, side="left")]
    through = cumulative[np.searchsorted(order, pmf + tolerance, side="right")]
    return below + 0.5 * (through - below)


def limits(answer_pmf: np.ndarray, sizes: np.ndarray, alpha: float) -> Limits:
    """Limits and median of the period total for every period size (0 for empty periods).

    A total is flagged when its mid-p value is at most ``alpha``; the limits are the smallest and
    largest totals that are not, so that a flagged total always lies outside them. The
    distributions of all sizes come from one batch of Fourier transforms.

    Examples
    --------
    Ten answers with a 50% share: a total of 0, 1, 9 or 10 has mid-p value 0.0010 to 0.0117, so
    at alpha = 0.0027 only 0 and 10 are flagged (limits 1 and 9); the median is 5.

    >>> result = limits(np.array([0.5, 0.5]), np.array([10]), 0.0027)
    >>> int(result.low[0]), int(result.high[0]), int(result.median[0])
    (1, 9, 5)
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    k = len(answer_pmf)
    low, high, median = (np.zeros(len(sizes)) for _ in range(3))
    scores = np.arange(k)
    mean = float(np.dot(answer_pmf, scores))
    sd = float(np.sqrt(np.dot(answer_pmf, (scores - mean) ** 2)))
    unique = np.unique(sizes[sizes > 0])
    large = (k - 1) * unique + 1 > MAX_SUPPORT
    if large.any():
        from scipy.stats import norm  # lazy: keeps `import cxlib` light

        z = float(norm.isf(alpha / 2))
        for n in unique[large]:
            at = sizes == n
            low[at] = n * mean - z * sd * np.sqrt(n)
            high[at] = n * mean + z * sd * np.sqrt(n)
            median[at] = n * mean
    exact = unique[~large]
    for n, pmf in zip(exact, _total_pmfs(answer_pmf, exact), strict=True):
        at = sizes == n
        inside = np.flatnonzero(mid_p(pmf) > alpha)
        if len(inside) == 0:  # cannot happen for a proper distribution; keep the mode
            inside = np.array([int(np.argmax(pmf))])
        low[at], high[at] = inside[0], inside[-1]
        median[at] = int(np.searchsorted(np.cumsum(pmf), 0.5 - 1e-12))
    return Limits(low, high, median)


def _total_pmfs(answer_pmf: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """:func:`total_pmf` for several sizes at once (one transform of the answer distribution)."""
    if len(sizes) == 0:
        return []
    k = len(answer_pmf)
    if k == 2:
        return [total_pmf(answer_pmf, int(n)) for n in sizes]
    length = (k - 1) * int(sizes.max()) + 1
    size = 1 << int(np.ceil(np.log2(length)))
    spectrum = np.fft.rfft(answer_pmf, size)
    out = []
    for chunk in np.array_split(sizes, max(1, len(sizes) * size // 4_000_000 + 1)):
        powers = np.fft.irfft(spectrum[None, :] ** chunk[:, None], size, axis=1)
        for n, row in zip(chunk, powers, strict=True):
            pmf = row[: (k - 1) * int(n) + 1]
            pmf = np.where(pmf > 1e-15, pmf, 0.0)
            out.append(pmf / pmf.sum())
    return out
