"""Exact conditional tests of two independent samples: two shares, or two NPS samples.

Used by :func:`cxlib.funnel.compare` (Fisher's exact test) and by :func:`cxlib.nps.compare`,
:func:`cxlib.nps.by` (``versus="rest"``) and :func:`cxlib.nps.pairwise` (the exact test of the
NPS difference). A normal approximation gives p-values that are too small far in the tail,
which is exactly where a correction for many comparisons looks: with 20 segments Holm's first
threshold is 0.05 / 20 = 0.0025, and the adjusted-Wald z-test then called 7.5% of families of 20
segments with no real difference "significant" (issue 26; ``benchmarks/coverage.py``). These
tests need no approximation: given what both samples hold together, the first sample's counts
follow a (multivariate) hypergeometric distribution under "no difference", which is summed
exactly.

For NPS the statistic is the first sample's score sum ``T = promoters - detractors`` (answers
scored +1/0/-1), the exact linear-by-linear association test of a 2 x 3 table with scores
-1, 0, 1 (Agresti 2013, chapter 3; Mehta & Patel 1983). Given the totals, the
difference of the two NPS values is a linear function of ``T``, so the two-sided p-value is the
probability of ``|T - E(T)|`` at least as large as observed. When every answer of both samples
falls in one category there is nothing to test: the p-value is 1 (and the callers say so).

References
----------
Fisher, R. A. (1935). The logic of inductive inference. *Journal of the Royal Statistical
Society*, 98(1), 39-82.
Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.). Wiley, chapter 3 (Fisher's exact
test; the linear-by-linear association test for ordered categories and its exact conditional
form).
Mehta, C. R. & Patel, N. R. (1983). A network algorithm for performing Fisher's exact test in
r x c contingency tables. *Journal of the American Statistical Association*, 78(382), 427-434.
"""

from __future__ import annotations

import numpy as np

#: Largest grid of (promoters, detractors) outcomes summed exactly for one comparison; beyond it
#: (groups of many thousands of answers) the normal approximation with the exact permutation
#: variance is used, which is accurate at those sizes.
EXACT_LIMIT = 4_000_000
#: The window of each count: mean +/- this many standard deviations (the mass outside is below
#: 1e-30).
_WIDTH = 12.0


def _log_choose(n: np.ndarray | float, k: np.ndarray) -> np.ndarray:
    from scipy.special import gammaln  # lazy: keeps `import cxlib` light

    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def fisher(successes_a: int, n_a: int, successes_b: int, n_b: int) -> float:
    """Two-sided p-value of Fisher's exact test for two shares (1.0 when there is no variation).

    The sum of the hypergeometric probabilities of every table with the observed margins that
    is no more likely than the observed one (scipy's ``fisher_exact``, R's ``fisher.test``).

    Examples
    --------
    Fisher's (1935) tea-tasting table [[3, 1], [1, 3]]: p = 34/70 = 0.4857.

    >>> round(fisher(3, 4, 1, 4), 4)
    0.4857
    >>> fisher(0, 20, 0, 20)
    1.0
    """
    from scipy.stats import fisher_exact  # lazy: keeps `import cxlib` light

    table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
    return float(min(1.0, fisher_exact(table).pvalue))


def nps(counts_a: np.ndarray, counts_b: np.ndarray) -> float:
    """Two-sided exact p-value of "the two samples have the same NPS distribution".

    ``counts_a`` and ``counts_b`` are whole (detractors, passives, promoters) counts. The sample
    with fewer answers is enumerated: given the totals of both, its counts follow the
    multivariate hypergeometric distribution, and ``T = promoters - detractors`` is summed over
    every outcome with ``|T - E(T)| >= |t - E(T)|``. For very large samples (more than
    :data:`EXACT_LIMIT` outcomes) the normal approximation with the exact permutation variance
    ``n_a n_b / (N (N - 1)) * sum (score - mean)**2`` is used.

    Examples
    --------
    Two promoters and one passive against three detractors: of the 20 ways to split the six
    answers into two threes, only the observed split and its mirror are as extreme, p = 0.1.

    >>> nps(np.array([0, 1, 2]), np.array([3, 0, 0]))
    0.1
    >>> nps(np.array([0, 0, 30]), np.array([0, 0, 30]))  # nothing varies: nothing to test
    1.0
    """
    a, b = np.asarray(counts_a, dtype=float), np.asarray(counts_b, dtype=float)
    if a.sum() > b.sum():
        a, b = b, a
    total = a + b
    n, big_n = float(a.sum()), float(total.sum())
    detractors, passives, promoters = total
    expected = n * (promoters - detractors) / big_n
    observed = a[2] - a[0]
    windows = [_window(n, big_n, k) for k in (promoters, detractors)]
    if len(windows[0]) * len(windows[1]) > EXACT_LIMIT:
        return _normal(observed, expected, n, big_n, total)
    p = windows[0][:, None]
    d = windows[1][None, :]
    m = n - p - d
    valid = (m >= 0) & (m <= passives)
    log_p = (
        _log_choose(promoters, p)
        + _log_choose(detractors, d)
        + _log_choose(passives, np.clip(m, 0, passives))
        - _log_choose(big_n, np.float64(n))
    )
    probability = np.where(valid, np.exp(log_p), 0.0)
    distance = np.abs(p - d - expected)
    extreme = distance >= abs(observed - expected) - 1e-7 * max(1.0, abs(expected))
    return float(min(1.0, probability[extreme].sum() / probability.sum()))


def _window(n: float, big_n: float, k: float) -> np.ndarray:
    """Possible counts of one category in the smaller sample, within +/- _WIDTH sd of the mean."""
    low, high = max(0.0, n - (big_n - k)), min(n, k)
    mean = n * k / big_n
    sd = np.sqrt(n * (k / big_n) * (1 - k / big_n) * (big_n - n) / max(big_n - 1, 1))
    low = max(low, np.floor(mean - _WIDTH * sd - 3))
    high = min(high, np.ceil(mean + _WIDTH * sd + 3))
    return np.arange(low, high + 1)


def _normal(observed: float, expected: float, n: float, big_n: float, total: np.ndarray) -> float:
    """Normal approximation of the permutation test, for samples too large to enumerate."""
    from scipy.special import ndtr  # lazy: keeps `import cxlib` light

    shares = total / big_n
    variance = shares[0] + shares[2] - (shares[2] - shares[0]) ** 2  # one answer scored -1/0/+1
    spread = np.sqrt(n * (big_n - n) / (big_n - 1) * variance)
    if spread == 0:
        return 1.0
    return float(2 * ndtr(-abs(observed - expected) / spread))
