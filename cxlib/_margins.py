"""How many answers for an NPS interval of a given width? (:mod:`cxlib.planning` re-exports).

The half-width of the adjusted-Wald interval :func:`cxlib.nps.score` reports (Rocks 2016), when
the shares come out exactly as planned, or the half-width a chosen share of surveys stays within
(``assurance``), summed exactly over every possible count of promoters and detractors.

References
----------
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372.
"""

from __future__ import annotations

from math import ceil
from typing import Any

import numpy as np

from cxlib import _validate
from cxlib._stats import critical_z

#: Most (promoter, detractor) outcomes summed exactly for ``assurance``; beyond, the normal
#: approximation of the half-width's distribution is used.
EXACT_OUTCOMES = 100_000


def nps_variance(p_promoters: float, p_detractors: float) -> float:
    """Var = p_P + p_D - (p_P - p_D)^2 of one answer scored +1/0/-1, after checking the shares."""
    p_p = _validate.probability(p_promoters, "p_promoters")
    p_d = _validate.probability(p_detractors, "p_detractors")
    if p_p + p_d > 1 + 1e-12:
        raise ValueError(
            f"p_promoters + p_detractors must not exceed 1, got {p_p} + {p_d} = {p_p + p_d}"
        )
    return p_p + p_d - (p_p - p_d) ** 2


def _count(n: Any, name: str = "n") -> np.ndarray:
    """Positive whole numbers of answers as a float array."""
    return _validate.answers(np.atleast_1d(n), name=name, low=1, high=np.inf).values.astype(float)


def _result(values: np.ndarray, n: Any) -> float | np.ndarray:
    return float(values[0]) if np.ndim(n) == 0 else values


def half_width(counts: np.ndarray, n: np.ndarray, z: float) -> np.ndarray:
    """Half the width of the adjusted-Wald interval :func:`cxlib.nps.score` reports."""
    from cxlib.nps_intervals import statistics

    fields = statistics(counts, n, z, "adjusted-wald")
    return (fields["ci_high"] - fields["ci_low"]) / 2


def expected_half_width(n: np.ndarray, p_p: float, p_d: float, z: float) -> np.ndarray:
    """The half-width when the survey's shares come out exactly as expected."""
    counts = n[:, None] * np.array([p_d, 1 - p_p - p_d, p_p])[None, :]
    return half_width(counts, n, z)


def assured_half_width(n: int, p_p: float, p_d: float, z: float, assurance: float) -> float:
    """The half-width that a survey of n answers stays within with probability ``assurance``.

    Every outcome (promoters, detractors) within 8 standard deviations of its mean is summed
    with its multinomial probability (exact; the mass left out is below 1e-14); for large n
    (more than 100,000 such outcomes, a few thousand answers) the half-width's distribution is
    taken as normal (delta method), which agrees with the exact sum to 0.2% where both apply.
    """
    from scipy.special import gammaln, xlogy  # lazy: keeps `import cxlib` light

    sd_p, sd_d = (np.sqrt(n * p * (1 - p)) for p in (p_p, p_d))
    promoters = np.arange(
        max(0, np.floor(n * p_p - 8 * sd_p - 2)), min(n, np.ceil(n * p_p + 8 * sd_p + 2)) + 1
    )
    detractors = np.arange(
        max(0, np.floor(n * p_d - 8 * sd_d - 2)), min(n, np.ceil(n * p_d + 8 * sd_d + 2)) + 1
    )
    if len(promoters) * len(detractors) > EXACT_OUTCOMES:
        return normal_assured(n, p_p, p_d, z, assurance)
    grid_p, grid_d = np.meshgrid(promoters, detractors, indexing="ij")
    keep = grid_p + grid_d <= n
    grid_p, grid_d = grid_p[keep], grid_d[keep]
    counts = np.column_stack([grid_d, n - grid_p - grid_d, grid_p])
    shares = np.array([p_d, 1 - p_p - p_d, p_p])
    log_p = gammaln(n + 1) - gammaln(counts + 1).sum(axis=1) + xlogy(counts, shares).sum(axis=1)
    probability = np.exp(log_p)
    half = half_width(counts.astype(float), np.full(len(counts), float(n)), z)
    order = np.argsort(half, kind="stable")
    reached = np.cumsum(probability[order]) / probability.sum()
    return float(half[order][min(np.searchsorted(reached, assurance - 1e-12), len(order) - 1)])


def normal_assured(n: int, p_p: float, p_d: float, z: float, assurance: float) -> float:
    """Normal approximation of the ``assurance`` quantile of the half-width (large n only)."""
    from statistics import NormalDist

    step = 1e-4
    centre = float(expected_half_width(np.array([float(n)]), p_p, p_d, z)[0])
    shift = []
    for dp, dd in ((step, 0.0), (0.0, step)):
        moved = expected_half_width(np.array([float(n)]), p_p + dp, p_d + dd, z)[0]
        shift.append((moved - centre) / step)
    covariance = np.array([[p_p * (1 - p_p), -p_p * p_d], [-p_p * p_d, p_d * (1 - p_d)]]) / n
    spread = float(np.sqrt(np.array(shift) @ covariance @ np.array(shift)))
    return centre + NormalDist().inv_cdf(assurance) * spread


#: Fewest answers :func:`nps_sample_size` recommends: the smallest survey the library's coverage
#: study (``benchmarks/coverage.py``) holds its intervals to.
MIN_ANSWERS = 10


def _check_margin(margin: Any) -> float:
    if isinstance(margin, bool) or not isinstance(margin, (int, float, np.number)):
        raise TypeError(f"margin must be a number of NPS points, got {margin!r}")
    if not 0 < margin <= 200:
        raise ValueError(f"margin must be a positive number of points up to 200, got {margin!r}")
    return float(margin)


def _check_assurance(assurance: Any) -> float | None:
    if assurance is None:
        return None
    assurance = _validate.probability(assurance, "assurance", allow_zero=False, allow_one=False)
    if assurance < 0.5:
        raise ValueError(f"assurance must be at least 0.5 (usually 0.8 or 0.9), got {assurance}")
    return assurance


def nps_sample_size(
    margin: float,
    p_promoters: float,
    p_detractors: float,
    confidence: float = 0.95,
    *,
    assurance: float | None = None,
) -> int:
    """Answers needed for the interval :func:`cxlib.nps.score` reports to be +/- ``margin`` points.

    The interval is the adjusted Wald one (Rocks 2016), which adds 3/4 promoter, 3/2 passive and
    3/4 detractor before the Wald formula, and is clipped to [-100, 100]; its half-width is
    ``z * 100 * sqrt(Var' / (n + 3))`` with ``Var'`` the trinomial variance of the adjusted
    shares, less where it is clipped. The answer is the smallest ``n`` (at least
    :data:`MIN_ANSWERS`) whose half-width is at most ``margin``:

    - by default when the survey's shares come out exactly as expected. Half of all surveys
      then get a wider interval than planned: with the shares 50% / 20%, a survey of the size
      recommended for +/-5 meets +/-5 in 52% of surveys (``benchmarks/coverage.py``);
    - with ``assurance`` (e.g. 0.8), for the interval to be within +/-``margin`` in that share of
      surveys, summed exactly over every possible count of promoters and detractors.

    The plain Wald formula ``n = Var * (100 * z / margin)**2`` (Cochran 1977, section 4.4) is
    close to this for a mixed audience, but for nearly unanimous shares it promised +/-5 from 16
    answers (99% promoters) or from one answer (100%), where the library's own interval is
    +/-18 and +/-74 (issue 26). Also available as ``cxlib.nps.sample_size``.

    Parameters
    ----------
    margin : float
        Wanted half-width of the interval, in NPS points (e.g. 5 for +/- 5 points).
    p_promoters, p_detractors : float
        Expected shares of promoters and detractors (proportions; their sum at most 1). Use a
        past survey; 0.5 and 0.5 gives the worst case.
    confidence : float, default 0.95
        Confidence level of the interval.
    assurance : float, optional
        Wanted probability (0.5 to 1, e.g. 0.8) that the interval is no wider than planned.

    Returns
    -------
    int
        Number of answers needed (at least 10).

    Raises
    ------
    TypeError, ValueError
        Shares outside [0, 1] or summing above 1, a margin that is not positive, a bad
        confidence or assurance.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Rocks, B. (2016), The American Statistician
    70(4) (the adjusted Wald interval); Cochran, W. G. (1977), Sampling Techniques, 3rd ed.,
    Wiley, section 4.4 (sample size for a given margin of error).

    See Also
    --------
    nps_margin : the inverse. Book chapter ``book/nps.md``, "How many answers do you need?".

    Examples
    --------
    With 50% promoters and 20% detractors the Wald formula gives 0.61 * (100 * 1.959964 / 5)**2
    = 937.3. The interval :func:`cxlib.nps.score` reports for 935 answers with these shares:
    adjusted shares (467.5 + 0.75) / 938 = 0.49920 and (187 + 0.75) / 938 = 0.20016,
    Var' = 0.69936 - 0.29904**2 = 0.60994, half-width 1.96 * 100 * sqrt(0.60994 / 938) = 4.998;
    for 934 answers 5.0006. For 80% of surveys to get +/-5 or better, 957 answers; for nearly
    unanimous promoters far more than the Wald formula's 16 and 1:

    >>> nps_sample_size(5, 0.5, 0.2)
    935
    >>> nps_sample_size(5, 0.5, 0.2, assurance=0.8)
    957
    >>> nps_sample_size(5, 0.99, 0.0), nps_sample_size(5, 1.0, 0.0)
    (80, 68)
    """
    margin = _check_margin(margin)
    assurance = _check_assurance(assurance)
    nps_variance(p_promoters, p_detractors)
    p_p, p_d = float(p_promoters), float(p_detractors)
    z = critical_z(confidence)

    def half(n: int) -> float:
        if assurance is None:
            return float(expected_half_width(np.array([float(n)]), p_p, p_d, z)[0])
        return assured_half_width(n, p_p, p_d, z, assurance)

    if half(MIN_ANSWERS) <= margin:
        return MIN_ANSWERS
    # Start from the Wald answer: the reported interval needs about as many answers, an assured
    # one more. Step up by a quarter until the margin is met, then bisect.
    wald = ceil(nps_variance(p_p, p_d) * (100 * z / margin) ** 2)
    low, high = MIN_ANSWERS, max(MIN_ANSWERS + 1, wald)
    if half(high) <= margin:
        low = max(MIN_ANSWERS, high // 2) if half(max(MIN_ANSWERS, high // 2)) > margin else low
    while half(high) > margin:
        low, high = high, ceil(high * 1.25) + 1
    while high - low > 1:  # half(low) > margin >= half(high)
        middle = (low + high) // 2
        low, high = (low, middle) if half(middle) <= margin else (middle, high)
    return high


def nps_margin(
    n: Any,
    p_promoters: float,
    p_detractors: float,
    confidence: float = 0.95,
    *,
    assurance: float | None = None,
) -> float | np.ndarray:
    """Half-width, in points, of the interval :func:`cxlib.nps.score` reports for ``n`` answers.

    The adjusted Wald interval (Rocks 2016) clipped to [-100, 100], as in
    :func:`nps_sample_size`: by default for a survey whose shares come out exactly as expected;
    with ``assurance``, the half-width that this share of surveys stays within (exact over every
    possible count). Also available as ``cxlib.nps.margin``.

    Parameters
    ----------
    n : int or array-like of int
        Number of answers (one value or many, e.g. for a curve).
    p_promoters, p_detractors : float
        Expected shares of promoters and detractors (proportions; their sum at most 1).
    confidence : float, default 0.95
        Confidence level.
    assurance : float, optional
        Probability (0.5 to 1) of the interval being no wider than the margin returned.

    Returns
    -------
    float or numpy.ndarray
        The half-width in NPS points, one per ``n``.

    Raises
    ------
    TypeError, ValueError
        ``n`` not positive whole numbers; shares outside [0, 1] or summing above 1; a bad
        confidence or assurance.

    See Also
    --------
    nps_sample_size. Book chapter ``book/nps.md``, section "How many answers do you need?".

    Examples
    --------
    Worst case (half promoters, half detractors) with 400 answers: adjusted shares
    (200 + 0.75) / 403 each, Var' = 0.99628, 1.96 * 100 * sqrt(0.99628 / 403) = 9.75 points
    (the plain Wald formula: 9.80). One answer from a sure promoter: the reported interval is
    -48.5 to +100, half-width 74.2, not the Wald formula's 0.

    >>> round(nps_margin(400, 0.5, 0.5), 2)
    9.75
    >>> round(nps_margin(1, 1.0, 0.0), 1)
    74.2
    >>> round(nps_margin(935, 0.5, 0.2, assurance=0.8), 2)
    5.05
    """
    counts = _count(n)
    assurance = _check_assurance(assurance)
    nps_variance(p_promoters, p_detractors)
    p_p, p_d = float(p_promoters), float(p_detractors)
    z = critical_z(confidence)
    if assurance is None:
        return _result(expected_half_width(counts, p_p, p_d, z), n)
    assured = np.array([assured_half_width(int(m), p_p, p_d, z, assurance) for m in counts])
    return _result(assured, n)
