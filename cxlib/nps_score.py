"""The NPS of one sample (or of counts) with its standard error and confidence interval.

Part of :mod:`cxlib.nps` (import the names from there). Book chapter ``book/nps.md``.

Reichheld (2003): answers of 9-10 are promoters (推荐者), 7-8 passives (中立者), 0-6 detractors
(贬损者); NPS = 100 * (p_P - p_D). Scored +1/0/-1, one answer has the trinomial variance
``Var = p_P + p_D - (p_P - p_D)**2``, so the Wald standard error is ``100 * sqrt(Var / n)``.

The intervals (adjusted Wald by default, Wald, bootstrap) are computed by
:mod:`cxlib.nps_intervals`.

References
----------
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12).
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372 (arXiv:1601.07235).
Kish, L. (1965). *Survey Sampling*. Wiley (effective sample size, section 11.7).
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, effective_n
from cxlib.language import tr
from cxlib.nps_intervals import METHODS, Method, bootstrap, check_method, statistics

__all__ = ["CATEGORIES", "NPSResult", "classify", "from_counts", "score", "score_counts"]

#: The three customer types, in scale order (detractor < passive < promoter).
CATEGORIES = ("detractor", "passive", "promoter")
#: Lowest score of a passive and of a promoter (Reichheld 2003).
PASSIVE_FROM, PROMOTER_FROM = 7, 9
_CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES), ordered=True)


@dataclass(frozen=True)
class NPSResult:
    """The NPS of one sample with its uncertainty.

    Attributes
    ----------
    nps : float
        Net Promoter Score in points, from -100 to 100 (the observed shares, never adjusted).
    n : int
        Number of answers scored (after any dropped as missing).
    promoters, passives, detractors : float
        Counts of each type; with weights, sums of the weights rescaled to mean 1 (so the
        three add up to n).
    promoter_share, passive_share, detractor_share : float
        Shares of each type, as proportions between 0 and 1.
    se : float
        Standard error in points: of the adjusted score for ``"adjusted-wald"``, of ``nps``
        for ``"wald"``, of the resampled scores for ``"bootstrap"``.
    ci : tuple of float
        Confidence interval (low, high) in points, within [-100, 100]; it always contains
        ``nps``.
    confidence : float
        Confidence level of ``ci``, e.g. 0.95.
    method : str
        ``"adjusted-wald"``, ``"wald"`` or ``"bootstrap"``.
    effective_n : float
        Kish's effective sample size; equals ``n`` when unweighted.
    dropped : int
        Rows left out as missing (only with ``dropna=True``).
    """

    nps: float
    n: int
    promoters: float
    passives: float
    detractors: float
    promoter_share: float
    passive_share: float
    detractor_share: float
    se: float
    ci: tuple[float, float]
    confidence: float
    method: str
    effective_n: float
    dropped: int = 0

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "NPS {s.nps:+.1f} ({s.confidence:.0%} CI {low:+.1f} to {high:+.1f}), n = {s.n:,}: "
            "{s.promoter_share:.0%} promoters, {s.passive_share:.0%} passives, "
            "{s.detractor_share:.0%} detractors",
            s=self,
            low=low,
            high=high,
        ) + (tr("; {s.dropped:,} missing left out", s=self) if self.dropped else "")

    def to_series(self) -> pd.Series:
        """The result as a Series (``ci`` split into ``ci_low`` and ``ci_high``)."""
        fields = asdict(self)
        fields["ci_low"], fields["ci_high"] = fields.pop("ci")
        return pd.Series(fields)


def codes(values: np.ndarray) -> np.ndarray:
    """Category codes 0 (detractor), 1 (passive), 2 (promoter) as int8."""
    return (values >= PASSIVE_FROM).astype(np.int8) + (values >= PROMOTER_FROM)


def _one_group(
    counts: np.ndarray, n_eff: float, z: float, method: str
) -> tuple[dict[str, float], tuple[float, float]]:
    """:func:`statistics` of one group's counts as NPSResult fields, and its interval."""
    fields = {
        key: float(value[0])
        for key, value in statistics(counts[None, :], np.array([n_eff]), z, method).items()
    }
    return fields, (fields.pop("ci_low"), fields.pop("ci_high"))


def classify(scores: Any, *, dropna: bool = False) -> pd.Series:
    """Label each 0-10 answer as detractor (0-6), passive (7-8) or promoter (9-10).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers from 0 to 10. A Series keeps its index and name.
    dropna : bool, default False
        Leave out missing answers instead of raising (a Series keeps the labels of the rest).

    Returns
    -------
    pandas.Series
        Ordered categorical with categories ``detractor < passive < promoter``.

    Raises
    ------
    TypeError, ValueError
        Text, booleans, out-of-range or fractional scores, empty input, missing values.

    References
    ----------
    Reichheld (2003), "The One Number You Need to Grow", Harvard Business Review.

    See Also
    --------
    score : the NPS of the same answers. Book chapter ``book/nps.md``.

    Examples
    --------
    >>> classify([10, 8, 6, 9]).tolist()
    ['promoter', 'passive', 'detractor', 'promoter']
    """
    clean = _validate.answers(scores, low=0, high=10, dropna=dropna)
    index, name = None, None
    if isinstance(scores, pd.Series):
        index = scores.index if clean.kept is None else scores.index[clean.kept]
        name = scores.name
    values = pd.Categorical.from_codes(codes(clean.values), dtype=_CATEGORY_DTYPE)
    return pd.Series(values, index=index, name=name)


def score_counts(scores: Any, *, dropna: bool = False) -> pd.Series:
    """How many answered each score from 0 to 10 (zeros included), for distribution charts.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers from 0 to 10.
    dropna : bool, default False
        Leave out missing answers instead of raising.

    Returns
    -------
    pandas.Series
        Counts indexed by score 0-10.

    Raises
    ------
    TypeError, ValueError
        As :func:`score`.

    Examples
    --------
    >>> score_counts([10, 10, 7, 0]).tolist()
    [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2]
    """
    clean = _validate.answers(scores, low=0, high=10, dropna=dropna)
    counts = np.bincount(clean.values.astype(np.intp, copy=False), minlength=11)
    return pd.Series(counts, index=pd.RangeIndex(11, name="score"), name="answers")


def _counts(values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Counts (or weighted sums) of detractors, passives, promoters, without Python loops."""
    if weights is None:
        promoters = np.count_nonzero(values >= PROMOTER_FROM)
        detractors = np.count_nonzero(values < PASSIVE_FROM)
        return np.array([detractors, len(values) - promoters - detractors, promoters], float)
    return np.bincount(codes(values), weights=weights, minlength=3)


def score(
    scores: Any,
    weights: Any = None,
    confidence: float = 0.95,
    method: Method = "adjusted-wald",
    *,
    dropna: bool = False,
    resamples: int = 10_000,
    seed: int | np.random.Generator | None = None,
) -> NPSResult:
    """Net Promoter Score of 0-10 answers, with standard error and confidence interval.

    NPS = 100 * (p_P - p_D), where p_P is the share of promoters (9-10) and p_D the share of
    detractors (0-6). One answer scored +1/0/-1 has variance ``Var = p_P + p_D - (p_P - p_D)**2``
    (trinomial distribution), so the Wald standard error in points is ``100 * sqrt(Var / n)``.
    The default adjusted Wald interval (Rocks 2016) applies the same formula after adding 3/4
    promoter, 3/2 passive and 3/4 detractor. With weights, counts are weighted sums and ``n`` is
    Kish's effective sample size ``(sum w)**2 / sum(w**2)`` (also for the pseudo-answers).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers from 0 to 10.
    weights : array-like, optional
        Non-negative survey weights, one per answer (not all zero); only their ratios matter.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"adjusted-wald", "wald", "bootstrap"}, default "adjusted-wald"
        ``"adjusted-wald"``: centre and SE from the counts plus Rocks' three pseudo-answers; it
        covers close to the stated level from n = 5 upwards, even when nearly every answer is a
        promoter (the chapter's coverage study), which is why it is the default.
        ``"wald"``: NPS +/- z * SE, what most textbooks and the R package NPS compute; it
        collapses to a point when all answers fall in one category and covers far too little
        at small n. ``"bootstrap"``: percentile interval of ``resamples`` multinomial draws of
        the three category counts (rows are never resampled); SE is the standard deviation of
        the resampled scores; weighted bootstrap draws ``round(effective_n)`` answers. It
        shares the Wald interval's small-sample failure. Every interval is clipped to
        [-100, 100] and contains ``nps``.
    dropna : bool, default False
        Leave out missing answers (or weights) instead of raising; the result counts them.
    resamples : int, default 10_000
        Number of bootstrap resamples (100 to 1,000,000).
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap, for reproducible intervals.

    Returns
    -------
    NPSResult

    Raises
    ------
    TypeError
        Text, booleans or dates among the scores or weights.
    ValueError
        Empty input, scores outside 0-10 or not whole, missing values without ``dropna``,
        negative, infinite or all-zero weights, a bad ``confidence``, ``method`` or
        ``resamples``.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
    Rocks, B. (2016). Interval estimation for the "net promoter score". The American
    Statistician 70(4), 365-372.
    Kish, L. (1965). Survey Sampling. Wiley.
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.

    See Also
    --------
    compare : is the difference between two scores real?
    cxlib.planning.nps_sample_size : how many answers a given precision needs.
    by : one row per segment. Book chapter ``book/nps.md``, sections "How sure can we be?"
    and "Small samples: which interval?".

    Examples
    --------
    50 promoters, 30 passives and 20 detractors: NPS = 50% - 20% = 30 points. Wald:
    Var = 0.5 + 0.2 - 0.3**2 = 0.61, SE = 100 * sqrt(0.61 / 100) = 7.81, 30 +/- 15.31.

    >>> result = score([10] * 50 + [8] * 30 + [3] * 20, method="wald")
    >>> result.nps, round(result.se, 2), [round(x, 2) for x in result.ci]
    (30.0, 7.81, [14.69, 45.31])

    Adjusted Wald (hand-worked): shares 50.75/103 and 20.75/103, centre 100 * 30/103 = 29.13,
    Var = 0.69417 - 0.29126**2 = 0.60934, SE = 100 * sqrt(0.60934 / 103) = 7.69, 29.13 +/- 15.08.

    >>> result = score([10] * 50 + [8] * 30 + [3] * 20)
    >>> round(result.se, 2), [round(x, 2) for x in result.ci]
    (7.69, [14.05, 44.2])
    >>> print(result)
    NPS +30.0 (95% CI +14.1 to +44.2), n = 100: 50% promoters, 30% passives, 20% detractors
    """
    z = critical_z(confidence)
    check_method(method)
    # only compared and counted: no widening copy (the peak stays one boolean mask, make bench)
    clean = _validate.answers(scores, low=0, high=10, weights=weights, dropna=dropna, widen=False)
    counts = _counts(clean.values, clean.weights)
    n_eff = effective_n(clean.weights, len(clean.values))
    fields, ci = _one_group(counts, n_eff, z, "wald" if method == "bootstrap" else method)
    if method == "bootstrap":
        shares = np.array(
            [fields["detractor_share"], fields["passive_share"], fields["promoter_share"]]
        )
        fields["se"], ci = bootstrap(shares, n_eff, confidence, resamples, seed)
        ci = (min(ci[0], fields["nps"]), max(ci[1], fields["nps"]))
    return NPSResult(
        n=len(clean.values),
        ci=ci,
        confidence=confidence,
        method=method,
        effective_n=n_eff,
        dropped=clean.dropped,
        **fields,
    )


def from_counts(
    promoters: float,
    passives: float,
    detractors: float,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
) -> NPSResult:
    """NPS with its interval from the three counts (for counts made elsewhere, e.g. in SQL).

    The same formulas as :func:`score` (Reichheld 2003; trinomial variance; Rocks 2016 for the
    adjusted Wald interval), applied to counts.

    Parameters
    ----------
    promoters, passives, detractors : float
        Non-negative counts of each type (not all zero).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval, as in :func:`score`.

    Returns
    -------
    NPSResult

    Raises
    ------
    TypeError, ValueError
        Counts that are not numbers, negative, or all zero; an unknown method.

    Examples
    --------
    >>> print(from_counts(50, 30, 20, method="wald"))
    NPS +30.0 (95% CI +14.7 to +45.3), n = 100: 50% promoters, 30% passives, 20% detractors
    """
    check_method(method, METHODS[:2])
    counts = np.array([detractors, passives, promoters], dtype=object)
    if any(isinstance(c, bool) or not isinstance(c, (int, float, np.number)) for c in counts):
        raise TypeError(f"counts must be numbers, got {promoters!r}, {passives!r}, {detractors!r}")
    counts = counts.astype(float)
    if (counts < 0).any() or not np.isfinite(counts).all() or counts.sum() == 0:
        raise ValueError(
            f"counts must be finite, non-negative and not all zero, got {counts[::-1].tolist()}"
        )
    n = float(counts.sum())
    fields, ci = _one_group(counts, n, critical_z(confidence), method)
    return NPSResult(
        n=round(n), ci=ci, confidence=confidence, method=method, effective_n=n, **fields
    )
