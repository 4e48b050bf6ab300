"""Net Promoter Score (净推荐值) with its uncertainty.

Book chapter: ``book/nps.md``; workbook: ``notebooks/01_nps.ipynb``; pictures:
:mod:`cxlib.plots.nps`; what-if widget: :mod:`cxlib.widgets.nps`.

Reichheld (2003) asks "How likely is it that you would recommend [company X] to a friend or
colleague?" on a 0-10 scale. Answers of 9-10 are *promoters* (推荐者), 7-8 *passives*
(被动者) and 0-6 *detractors* (贬损者). NPS is the percentage of promoters minus the
percentage of detractors, so it lies between -100 and +100.

Uncertainty. Score each answer +1 (promoter), 0 (passive) or -1 (detractor); NPS/100 is the
mean of that variable, whose variance for a single answer follows from the trinomial
distribution of the three categories:

    Var = p_P + p_D - (p_P - p_D)**2

so the standard error of NPS in points is ``100 * sqrt(Var / n)``. With survey weights ``n``
is replaced by Kish's effective sample size ``(sum w)**2 / sum(w**2)``.

References
----------
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12),
46-54.
Kish, L. (1965). *Survey Sampling*. New York: Wiley (effective sample size, section 11.7).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from math import ceil, sqrt
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, effective_n, p_text, z_test

__all__ = [
    "CATEGORIES",
    "NPSComparison",
    "NPSResult",
    "by",
    "by_counts",
    "classify",
    "compare",
    "from_counts",
    "margin",
    "sample_size",
    "score",
    "score_counts",
]

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
        Net Promoter Score in points, from -100 to 100.
    n : int
        Number of answers scored (after any dropped as missing).
    promoters, passives, detractors : float
        Counts of each type; weighted sums when weights were given.
    promoter_share, passive_share, detractor_share : float
        Shares of each type, as proportions between 0 and 1.
    se : float
        Standard error of ``nps``, in points.
    ci : tuple of float
        Confidence interval (low, high) in points, clipped to [-100, 100].
    confidence : float
        Confidence level of ``ci``, e.g. 0.95.
    method : str
        ``"wald"`` or ``"bootstrap"``.
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
        return (
            f"NPS {self.nps:+.1f} ({self.confidence:.0%} CI {low:+.1f} to {high:+.1f}), "
            f"n = {self.n:,}: {self.promoter_share:.0%} promoters, "
            f"{self.passive_share:.0%} passives, {self.detractor_share:.0%} detractors"
            + (f"; {self.dropped:,} missing left out" if self.dropped else "")
        )

    def to_series(self) -> pd.Series:
        """The result as a Series (``ci`` split into ``ci_low`` and ``ci_high``)."""
        fields = asdict(self)
        fields["ci_low"], fields["ci_high"] = fields.pop("ci")
        return pd.Series(fields)


@dataclass(frozen=True)
class NPSComparison:
    """The difference between two independent NPS results (a minus b).

    Attributes
    ----------
    difference : float
        ``a.nps - b.nps`` in points.
    se : float
        Standard error of the difference, ``sqrt(a.se**2 + b.se**2)``.
    z : float
        ``difference / se``.
    p_value : float
        Two-sided p-value of "no difference" under the normal approximation.
    ci : tuple of float
        Confidence interval of the difference, clipped to [-200, 200].
    confidence : float
        Confidence level of ``ci``.
    a, b : NPSResult
        The two results compared.
    """

    difference: float
    se: float
    z: float
    p_value: float
    ci: tuple[float, float]
    confidence: float
    a: NPSResult
    b: NPSResult

    def __str__(self) -> str:
        low, high = self.ci
        verdict = (
            "the interval excludes 0: a real difference at this confidence level"
            if low > 0 or high < 0
            else "the interval includes 0: the data cannot tell these scores apart"
        )
        return (
            f"Difference {self.difference:+.1f} points ({self.confidence:.0%} CI {low:+.1f} "
            f"to {high:+.1f}), z = {self.z:.2f}, {p_text(self.p_value)}\n  {verdict}"
        )


def _codes(values: np.ndarray) -> np.ndarray:
    """Category codes 0 (detractor), 1 (passive), 2 (promoter) as int8."""
    return (values >= PASSIVE_FROM).astype(np.int8) + (values >= PROMOTER_FROM)


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
    codes = _codes(clean.values)
    index, name = None, None
    if isinstance(scores, pd.Series):
        index = scores.index if clean.kept is None else scores.index[clean.kept]
        name = scores.name
    values = pd.Categorical.from_codes(codes, dtype=_CATEGORY_DTYPE)
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
    return np.bincount(_codes(values), weights=weights, minlength=3)


def _statistics(counts: np.ndarray, n_eff: np.ndarray, z: float) -> dict[str, np.ndarray]:
    """NPS, shares, standard error and Wald interval from category counts.

    ``counts`` has shape (groups, 3) in the order detractor, passive, promoter; every field
    comes back as an array with one value per group. This is the one place the formulas live.
    """
    total = counts.sum(axis=1)
    shares = counts / total[:, None]
    p_d, p_p = shares[:, 0], shares[:, 2]
    nps = 100 * (p_p - p_d)
    variance = np.clip(p_p + p_d - (p_p - p_d) ** 2, 0, None)  # clip float noise below 0
    se = 100 * np.sqrt(variance / n_eff)
    return {
        "nps": nps,
        "promoters": counts[:, 2],
        "passives": counts[:, 1],
        "detractors": counts[:, 0],
        "promoter_share": p_p,
        "passive_share": shares[:, 1],
        "detractor_share": p_d,
        "se": se,
        "ci_low": np.clip(nps - z * se, -100, 100),
        "ci_high": np.clip(nps + z * se, -100, 100),
    }


def _one_group(
    counts: np.ndarray, n_eff: float, z: float
) -> tuple[dict[str, float], tuple[float, float]]:
    """:func:`_statistics` of one group's counts as NPSResult fields, and its interval."""
    fields = {
        key: float(value[0])
        for key, value in _statistics(counts[None, :], np.array([n_eff]), z).items()
    }
    return fields, (fields.pop("ci_low"), fields.pop("ci_high"))


def _group_table(
    table: pd.DataFrame, counts: np.ndarray, n: np.ndarray, n_eff: np.ndarray, z: float
) -> pd.DataFrame:
    """Add n, the statistics of each group's counts and effective n to a table of group labels;
    groups with no answers (unobserved categories, rows all dropped) are left out."""
    with np.errstate(invalid="ignore", divide="ignore"):  # a group of zero weight gives NaN
        stats = _statistics(counts, n_eff, z)
    table["n"] = n
    for key, value in stats.items():
        table[key] = value
    table["effective_n"] = n_eff
    return table[table["n"] > 0]


def score(
    scores: Any,
    weights: Any = None,
    confidence: float = 0.95,
    method: Literal["wald", "bootstrap"] = "wald",
    *,
    dropna: bool = False,
    resamples: int = 10_000,
    seed: int | np.random.Generator | None = None,
) -> NPSResult:
    """Net Promoter Score of 0-10 answers, with standard error and confidence interval.

    NPS = 100 * (p_P - p_D), where p_P is the share of promoters (9-10) and p_D the share of
    detractors (0-6). Its standard error in points is ``100 * sqrt(Var / n)`` with
    ``Var = p_P + p_D - (p_P - p_D)**2``, the variance of one answer scored +1/0/-1 (from the
    trinomial distribution). With weights, counts are weighted sums and ``n`` is Kish's
    effective sample size ``(sum w)**2 / sum(w**2)``.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number answers from 0 to 10.
    weights : array-like, optional
        Non-negative survey weights, one per answer (not all zero).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wald", "bootstrap"}, default "wald"
        ``"wald"``: NPS +/- z * SE, clipped to [-100, 100]. ``"bootstrap"``: percentile interval
        of ``resamples`` multinomial draws of the three category counts (the rows themselves
        are never resampled, so a million answers cost the same as a hundred); SE is the
        standard deviation of the resampled scores. Weighted bootstrap draws
        ``round(effective_n)`` answers with the weighted shares.
    dropna : bool, default False
        Leave out missing answers (or weights) instead of raising; the result counts them.
    resamples : int, default 10_000
        Number of bootstrap resamples.
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
        negative, infinite or all-zero weights, a bad ``confidence`` or ``method``.

    Notes
    -----
    The Wald interval is poor when n is small or nearly every answer falls in one category
    (it collapses to a single point when all answers are promoters); prefer
    ``method="bootstrap"`` there, and read the interval as a guide, not a guarantee.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
    Kish, L. (1965). Survey Sampling. Wiley.
    Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.

    See Also
    --------
    compare : is the difference between two scores real?
    sample_size : how many answers a given precision needs.
    by : one row per segment. Book chapter ``book/nps.md``.

    Examples
    --------
    50 promoters, 30 passives and 20 detractors: NPS = 50% - 20% = 30 points, and
    Var = 0.5 + 0.2 - 0.3**2 = 0.61, so SE = 100 * sqrt(0.61 / 100) = 7.81 points.

    >>> result = score([10] * 50 + [8] * 30 + [3] * 20)
    >>> result.nps, round(result.se, 2), [round(x, 2) for x in result.ci]
    (30.0, 7.81, [14.69, 45.31])
    >>> print(result)
    NPS +30.0 (95% CI +14.7 to +45.3), n = 100: 50% promoters, 30% passives, 20% detractors
    """
    z = critical_z(confidence)
    if method not in ("wald", "bootstrap"):
        raise ValueError(f"method must be 'wald' or 'bootstrap', got {method!r}")
    clean = _validate.answers(scores, low=0, high=10, weights=weights, dropna=dropna)
    counts = _counts(clean.values, clean.weights)
    n_eff = effective_n(clean.weights, len(clean.values))
    fields, ci = _one_group(counts, n_eff, z)
    if method == "bootstrap":
        shares = np.array(
            [fields["detractor_share"], fields["passive_share"], fields["promoter_share"]]
        )
        fields["se"], ci = _bootstrap(shares, n_eff, confidence, resamples, seed)
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
    promoters: float, passives: float, detractors: float, confidence: float = 0.95
) -> NPSResult:
    """NPS with its Wald interval from the three counts (for counts made elsewhere, e.g. in SQL).

    The same formulas as :func:`score` (Reichheld 2003; trinomial variance), applied to counts.

    Parameters
    ----------
    promoters, passives, detractors : float
        Non-negative counts of each type (not all zero).
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    NPSResult

    Raises
    ------
    TypeError, ValueError
        Counts that are not numbers, negative, or all zero.

    Examples
    --------
    >>> print(from_counts(50, 30, 20))
    NPS +30.0 (95% CI +14.7 to +45.3), n = 100: 50% promoters, 30% passives, 20% detractors
    """
    counts = np.array([detractors, passives, promoters], dtype=object)
    if any(isinstance(c, bool) or not isinstance(c, (int, float, np.number)) for c in counts):
        raise TypeError(f"counts must be numbers, got {promoters!r}, {passives!r}, {detractors!r}")
    counts = counts.astype(float)
    if (counts < 0).any() or not np.isfinite(counts).all() or counts.sum() == 0:
        raise ValueError(
            f"counts must be finite, non-negative and not all zero, got {counts[::-1].tolist()}"
        )
    n = float(counts.sum())
    fields, ci = _one_group(counts, n, critical_z(confidence))
    return NPSResult(
        n=round(n), ci=ci, confidence=confidence, method="wald", effective_n=n, **fields
    )


def by_counts(
    counts: pd.DataFrame, by: str | list[str] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """The :func:`by` table from counts made elsewhere (SQL, Spark): one row per group.

    Parameters
    ----------
    counts : pandas.DataFrame
        The group column(s) and ``promoters``, ``passives``, ``detractors`` counts.
    by : str or list of str, optional
        The group column(s); none for a single overall row.
    confidence : float, default 0.95
        Confidence level of ``ci_low`` / ``ci_high``.

    Returns
    -------
    pandas.DataFrame
        The group column(s), then the columns of :func:`by` (Wald intervals, in group order).

    Raises
    ------
    TypeError, ValueError
        Missing columns; counts that are not numbers, negative or missing.

    Examples
    --------
    >>> counts = pd.DataFrame({"city": ["A", "B"], "promoters": [50, 40],
    ...                        "passives": [30, 30], "detractors": [20, 30]})
    >>> by_counts(counts, "city")[["city", "n", "nps"]]
      city    n   nps
    0    A  100  30.0
    1    B  100  10.0
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    names = ["detractors", "passives", "promoters"]
    _validate.columns(counts, [*keys, *names], what="counts")
    matrix = np.column_stack(
        [
            _validate.answers(counts[name], low=0, high=np.inf, integer=False).values
            for name in names
        ]
    ).astype(float)
    n = matrix.sum(axis=1)
    table = counts[keys].reset_index(drop=True)
    return _group_table(
        table, matrix, n.round().astype(np.int64), n, critical_z(confidence)
    ).reset_index(drop=True)


def _bootstrap(
    shares: np.ndarray,
    n_eff: float,
    confidence: float,
    resamples: int,
    seed: int | np.random.Generator | None,
) -> tuple[float, tuple[float, float]]:
    """SE and percentile interval from multinomial resamples of the category counts."""
    if (
        isinstance(resamples, bool)
        or not isinstance(resamples, (int, np.integer))
        or resamples < 100
    ):
        raise ValueError(f"resamples must be a whole number of at least 100, got {resamples!r}")
    rng = np.random.default_rng(seed)
    n = max(1, round(n_eff))
    draws = rng.multinomial(n, shares / shares.sum(), size=int(resamples))
    nps = 100 * (draws[:, 2] - draws[:, 0]) / n
    alpha = 1 - confidence
    low, high = np.quantile(nps, [alpha / 2, 1 - alpha / 2])
    return float(nps.std(ddof=1)), (float(low), float(high))


def compare(a: Any, b: Any, confidence: float = 0.95) -> NPSComparison:
    """Difference between the NPS of two independent samples, with its uncertainty.

    The difference ``a.nps - b.nps`` has standard error ``sqrt(se_a**2 + se_b**2)`` because
    the samples are independent; ``z = difference / se`` and the two-sided p-value is
    ``erfc(|z| / sqrt(2))`` under the normal approximation.

    Parameters
    ----------
    a, b : array-like, pandas.Series or NPSResult
        The two samples' 0-10 answers, or results already computed with :func:`score` (their
        ``se`` is used, so a weighted or bootstrap result carries its own uncertainty).
    confidence : float, default 0.95
        Confidence level of the interval of the difference.

    Returns
    -------
    NPSComparison

    Raises
    ------
    TypeError, ValueError
        As :func:`score` for bad answers; a bad ``confidence``.

    References
    ----------
    Reichheld (2003), Harvard Business Review (NPS); the variance of a difference of two
    independent estimates is the sum of their variances.

    See Also
    --------
    score. Book chapter ``book/nps.md``, section "Comparing two scores".

    Examples
    --------
    Branch A: 50 promoters, 30 passives, 20 detractors (NPS 30, SE^2 = 0.61/100 * 100^2 = 61).
    Branch B: 40, 30, 30 (NPS 10, SE^2 = (0.7 - 0.01)/100 * 100^2 = 69). Difference 20 points,
    SE = sqrt(61 + 69) = 11.40, z = 1.75.

    >>> result = compare([10] * 50 + [7] * 30 + [0] * 20, [9] * 40 + [8] * 30 + [5] * 30)
    >>> result.difference, round(result.se, 2), round(result.z, 2), round(result.p_value, 3)
    (20.0, 11.4, 1.75, 0.08)
    """
    z_critical = critical_z(confidence)
    a = a if isinstance(a, NPSResult) else score(a)
    b = b if isinstance(b, NPSResult) else score(b)
    difference = a.nps - b.nps
    se = sqrt(a.se**2 + b.se**2)
    z, p_value = z_test(difference, se)  # se == 0: both samples unanimous
    low = max(-200.0, difference - z_critical * se)
    high = min(200.0, difference + z_critical * se)
    return NPSComparison(difference, se, z, p_value, (low, high), confidence, a, b)


def sample_size(
    margin: float, p_promoters: float, p_detractors: float, confidence: float = 0.95
) -> int:
    """Smallest number of answers whose Wald interval half-width is at most ``margin`` points.

    Solves ``z * 100 * sqrt(Var / n) <= margin`` for n, with
    ``Var = p_P + p_D - (p_P - p_D)**2`` (Reichheld 2003; trinomial variance):
    ``n = ceil(Var * (100 * z / margin)**2)``.

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
    score. Book chapter ``book/nps.md``, section "How many answers do you need?".

    Examples
    --------
    With 50% promoters and 20% detractors, Var = 0.61; for +/- 5 points at 95%:
    0.61 * (100 * 1.959964 / 5)**2 = 937.3, so 938 answers.

    >>> sample_size(5, 0.5, 0.2)
    938
    """
    if isinstance(margin, bool) or not isinstance(margin, (int, float, np.number)):
        raise TypeError(f"margin must be a number of NPS points, got {margin!r}")
    if not 0 < margin <= 200:
        raise ValueError(f"margin must be a positive number of points up to 200, got {margin!r}")
    needed = _variance(p_promoters, p_detractors) * (100 * critical_z(confidence) / margin) ** 2
    return max(1, ceil(needed - 1e-9))  # tolerance: 384.0000000001 means 384


def margin(
    n: Any, p_promoters: float, p_detractors: float, confidence: float = 0.95
) -> float | np.ndarray:
    """Half-width of the Wald interval, in points, for ``n`` answers: the inverse of sample_size.

    ``margin = z * 100 * sqrt(Var / n)`` with ``Var = p_P + p_D - (p_P - p_D)**2``
    (Reichheld 2003; trinomial variance).

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
    sample_size. Book chapter ``book/nps.md``, section "How many answers do you need?".

    Examples
    --------
    Worst case (half promoters, half detractors, Var = 1) with 400 answers:
    1.96 * 100 * sqrt(1 / 400) = 9.8 points.

    >>> round(margin(400, 0.5, 0.5), 1)
    9.8
    """
    counts = _validate.answers(np.atleast_1d(n), name="n", low=1, high=np.inf).values
    variance = _variance(p_promoters, p_detractors)
    half = critical_z(confidence) * 100 * np.sqrt(variance / counts.astype(float))
    return float(half[0]) if np.ndim(n) == 0 else half


def _variance(p_promoters: float, p_detractors: float) -> float:
    """Var = p_P + p_D - (p_P - p_D)^2 of one answer scored +1/0/-1, after checking the shares."""
    p_p = _validate.probability(p_promoters, "p_promoters")
    p_d = _validate.probability(p_detractors, "p_detractors")
    if p_p + p_d > 1 + 1e-12:
        raise ValueError(
            f"p_promoters + p_detractors must not exceed 1, got {p_p} + {p_d} = {p_p + p_d}"
        )
    return p_p + p_d - (p_p - p_d) ** 2


def _segments(df: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer segment code of every row (-1 where a label is missing) and the label table.

    Categorical columns use their codes (category order); other columns are factorised in sorted
    order. Several keys are combined into one code per observed combination. This is much faster
    than ``DataFrame.groupby(...).ngroup()`` on millions of rows.
    """
    codes, labels = [], []
    for key in keys:
        column = df[key]
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes.append(column.cat.codes.to_numpy().astype(np.int64))
            levels = np.arange(len(column.cat.categories))
            labels.append(pd.Categorical.from_codes(levels, dtype=column.dtype))
        else:
            key_codes, uniques = pd.factorize(column, sort=True)
            codes.append(key_codes.astype(np.int64, copy=False))
            labels.append(uniques)
    if len(keys) == 1:
        return codes[0], pd.DataFrame({keys[0]: labels[0]})
    labelled = np.logical_and.reduce([c >= 0 for c in codes])
    sizes = [len(level) for level in labels]
    combined = np.ravel_multi_index([c[labelled] for c in codes], sizes)
    group = np.full(len(df), -1, dtype=np.int64)
    group[labelled], observed = pd.factorize(combined, sort=True)
    parts = np.unravel_index(observed, sizes)
    table = pd.DataFrame({key: labels[i][parts[i]] for i, key in enumerate(keys)})
    return group, table


def by(
    df: pd.DataFrame,
    score: str,
    by: str | list[str],
    weights: str | None = None,
    confidence: float = 0.95,
    *,
    dropna: bool = False,
    sort: Literal["nps", "n", "group"] = "nps",
) -> pd.DataFrame:
    """NPS per segment: one row per group with the fields of :class:`NPSResult`.

    Counts every group in one vectorised pass (no loop over groups or answers) and applies
    the same formulas as :func:`score` with the Wald interval.

    Parameters
    ----------
    df : pandas.DataFrame
        The survey, one row per answer.
    score : str
        Column of 0-10 answers.
    by : str or list of str
        Column(s) defining the segments.
    weights : str, optional
        Column of survey weights.
    confidence : float, default 0.95
        Confidence level of ``ci_low`` / ``ci_high``.
    dropna : bool, default False
        Leave out rows with a missing answer, weight or segment label instead of raising.
    sort : {"nps", "n", "group"}, default "nps"
        Order of the rows: highest NPS first, largest group first, or by the group labels.

    Returns
    -------
    pandas.DataFrame
        The group column(s), then ``n, promoters, passives, detractors, promoter_share,
        passive_share, detractor_share, nps, se, ci_low, ci_high, effective_n``.

    Raises
    ------
    TypeError, ValueError
        Missing columns, bad answers as in :func:`score`, missing segment labels without
        ``dropna``, an unknown ``sort``.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Kish (1965), Survey Sampling.

    See Also
    --------
    score. Book chapter ``book/nps.md``, section "NPS by segment".

    Examples
    --------
    >>> survey = pd.DataFrame({"city": ["A", "A", "B", "B"], "score": [10, 9, 3, 9]})
    >>> by(survey, "score", "city")[["city", "n", "nps"]]
      city  n    nps
    0    A  2  100.0
    1    B  2    0.0
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one column")
    _validate.columns(df, [score, *keys] + ([weights] if weights else []))
    if sort not in ("nps", "n", "group"):
        raise ValueError(f"sort must be 'nps', 'n' or 'group', got {sort!r}")
    z = critical_z(confidence)
    group, table = _segments(df, keys)
    unlabelled = group < 0
    if unlabelled.any() and not dropna:
        raise ValueError(
            f"{', '.join(keys)}: {int(unlabelled.sum())} of {len(df)} rows have no segment label "
            f"(rows {', '.join(map(str, df.index[unlabelled][:5]))}); pass dropna=True to leave "
            "them out or fill them first, e.g. df[col].fillna('unknown')"
        )
    clean = _validate.answers(
        df[score], weights=None if weights is None else df[weights], low=0, high=10, dropna=dropna
    )
    if clean.kept is not None:
        group = group[clean.kept]
    values, w = clean.values, clean.weights
    if unlabelled.any():
        labelled = group >= 0
        values, group = values[labelled], group[labelled]
        w = None if w is None else w[labelled]
    groups = len(table)
    cell = group * 3 + _codes(values)
    counts = np.bincount(cell, weights=w, minlength=3 * groups).reshape(groups, 3)
    n = counts.sum(axis=1).astype(np.int64) if w is None else np.bincount(group, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):  # a group of zero weights gives NaN
        n_eff = (
            n.astype(float)
            if w is None
            else (
                np.bincount(group, weights=w, minlength=groups) ** 2
                / np.bincount(group, weights=w * w, minlength=groups)
            )
        )
    table = _group_table(table, counts, n, n_eff, z)
    table.attrs["dropped"] = clean.dropped + int(unlabelled.sum())
    if sort == "nps":
        table = table.sort_values("nps", ascending=False, kind="stable")
    elif sort == "n":
        table = table.sort_values("n", ascending=False, kind="stable")
    return table.reset_index(drop=True)
