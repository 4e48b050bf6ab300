"""SERVQUAL (服务质量差距模型): service quality as the gap between perceptions and expectations.

Book chapter: ``book/servqual.md``; workbook: ``notebooks/03_servqual.ipynb``; pictures:
:mod:`cxlib.plots.servqual`.

Parasuraman, Zeithaml & Berry (1988) measure service quality with 22 paired statements on a
7-point agreement scale: what customers *expect* of excellent firms in the industry (E) and what
they *perceive* of this firm (P). The gap ``P - E`` is negative where the firm falls short. The
items group into five dimensions: Tangibles (有形性, items 1-4), Reliability (可靠性, 5-9),
Responsiveness (响应性, 10-13), Assurance (保障性, 14-17) and Empathy (同理心, 18-22).

A respondent's dimension score is the mean of their item gaps in that dimension; the unweighted
SERVQUAL score is the mean of the five dimension scores; the weighted score weights the
dimensions by the 100 points the customer allocates to them by importance (Parasuraman, Berry &
Zeithaml 1991).

References
----------
Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a multiple-item scale for
measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12-40.
Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991). Refinement and reassessment of the
SERVQUAL scale. *Journal of Retailing*, 67(4), 420-450.
Cronbach's alpha and its interval live in :mod:`cxlib.reliability`; alpha per SERVQUAL
dimension (``cronbach_alpha``, ``alpha_table``) in :mod:`cxlib._servqual_alpha`, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._servqual_alpha import alpha_table, cronbach_alpha
from cxlib._servqual_items import _DIMENSION_WEIGHTS, DIMENSIONS, ITEMS, _allocation
from cxlib._stats import adjust_p, adjusted_confidence
from cxlib.reliability import alpha  # moved there; still importable from here

__all__ = ["DIMENSIONS", "ITEMS", "ServqualGaps", "alpha", "alpha_table", "cronbach_alpha", "gaps"]


@dataclass(frozen=True)
class ServqualGaps:
    """SERVQUAL gaps (P - E) per item, per dimension and overall, each with its uncertainty.

    Attributes
    ----------
    items : pandas.DataFrame
        One row per item: ``item, dimension, label, label_zh, expectation, perception, gap, se,
        ci_low, ci_high`` (means over respondents; ``se`` and the interval are of the gap).
    dimensions : pandas.DataFrame
        One row per dimension: ``dimension, dimension_zh, expectation, perception, gap, se,
        ci_low, ci_high`` and, when weights were given, ``weight`` (mean points of 100).
    score : float
        Unweighted SERVQUAL score: mean over respondents of the mean of their five dimension gaps.
    score_ci : tuple of float
        Confidence interval of ``score``.
    weighted_score : float or None
        Importance-weighted score, when weights were given.
    weighted_score_ci : tuple of float or None
        Its confidence interval.
    n : int
        Respondents scored.
    confidence : float
        Confidence level of the intervals.
    dropped : int
        Respondents left out for missing answers (only with ``dropna=True``).
    """

    items: pd.DataFrame
    dimensions: pd.DataFrame
    score: float
    score_ci: tuple[float, float]
    weighted_score: float | None
    weighted_score_ci: tuple[float, float] | None
    n: int
    confidence: float
    dropped: int = 0


def _matrix(
    values: Any, name: str, scale: tuple[int, int], dropna: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """A respondents x 22 answer matrix, validated in one pass; rows with gaps dropped if asked."""
    if isinstance(values, pd.DataFrame):
        array = values.to_numpy()
    else:
        array = np.asarray(values)
    if array.ndim != 2 or array.shape[1] != 22:
        raise ValueError(
            f"{name} must have 22 columns (items 1-22 in order), got shape {array.shape}"
        )
    low, high = scale
    # validated only (the original array is returned): no widened copy of 22 answers a row
    clean = _validate.answers(
        array.reshape(-1), name=name, low=low, high=high, dropna=True, widen=False
    )
    if clean.dropped and not dropna:
        rows = np.flatnonzero(~clean.kept.reshape(array.shape).all(axis=1))
        raise ValueError(
            f"{name} has {clean.dropped} missing answers in {len(rows)} of {len(array)} "
            "respondents "
            f"(rows {', '.join(map(str, rows[:5]))}{', ...' if len(rows) > 5 else ''}); "
            "pass dropna=True to leave those respondents out"
        )
    complete = None if clean.kept is None else clean.kept.reshape(array.shape).all(axis=1)
    return array, complete


def gaps(
    expectations: Any,
    perceptions: Any,
    weights: Any = None,
    confidence: float = 0.95,
    *,
    scale: tuple[int, int] = (1, 7),
    dropna: bool = False,
    adjust: str | None = None,
) -> ServqualGaps:
    """SERVQUAL gaps P - E per item, per dimension and overall, with confidence intervals.

    For each respondent: item gap = P - E; dimension gap = mean of the item gaps in the
    dimension; unweighted score = mean of the five dimension gaps; weighted score =
    sum over dimensions of (points / 100) x dimension gap. Each is averaged over respondents
    with a Student's t interval.

    Parameters
    ----------
    expectations, perceptions : pandas.DataFrame or array-like, shape (respondents, 22)
        Answers on ``scale``, columns in item order 1-22, the same respondents in the same rows.
    weights : mapping, pandas.Series or pandas.DataFrame, optional
        The 100-point importance allocation over the five dimensions (keys/columns named as in
        :data:`DIMENSIONS`): one allocation for everyone, or one row per respondent.
    confidence : float, default 0.95
        Confidence level of the intervals.
    scale : tuple of int, default (1, 7)
        Lowest and highest answer.
    dropna : bool, default False
        Leave out respondents with any missing answer instead of raising.
    adjust : {None, "holm", "bh"}, default None
        With 22 item gaps tested at once, some look "significant" by chance. ``"holm"`` or
        ``"bh"`` adds to ``items`` the t-test ``p_value`` of "gap = 0", ``p_adjusted`` (Holm's
        family-wise or Benjamini-Hochberg's false-discovery correction) and ``ci_low_adjusted``,
        ``ci_high_adjusted`` (Bonferroni's simultaneous level, or Benjamini-Yekutieli's level for
        BH; see :func:`cxlib._stats.adjusted_confidence`). The unadjusted columns stay.

    Returns
    -------
    ServqualGaps

    Raises
    ------
    TypeError, ValueError
        Wrong shape, answers outside the scale or not whole, text, missing answers (unless
        ``dropna``), weights that name unknown dimensions, are negative or do not sum to 100.

    References
    ----------
    Parasuraman, Zeithaml & Berry (1988), Journal of Retailing 64(1): items, dimensions, gaps.
    Parasuraman, Berry & Zeithaml (1991), Journal of Retailing 67(4): importance weights.

    See Also
    --------
    cronbach_alpha. Book chapter ``book/servqual.md``.

    Examples
    --------
    Two respondents who expect 7 everywhere; one perceives 5 everywhere (gap -2), the other 6
    (gap -1): every item and dimension gap averages -1.5.

    >>> result = gaps(np.full((2, 22), 7), np.array([[5] * 22, [6] * 22]))
    >>> round(result.score, 10), result.dimensions["gap"].round(10).tolist()
    (-1.5, [-1.5, -1.5, -1.5, -1.5, -1.5])

    Unsigned 8-bit answers give negative gaps, not wrapped-around ones:

    >>> expect = np.full((2, 22), 7, dtype=np.uint8)
    >>> round(gaps(expect, np.array([[5] * 22, [6] * 22], dtype=np.uint8)).score, 10)
    -1.5
    """
    from scipy.special import stdtrit  # lazy: keeps `import cxlib` light

    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    e, e_complete = _matrix(expectations, "expectations", scale, dropna)
    p, p_complete = _matrix(perceptions, "perceptions", scale, dropna)
    if e.shape != p.shape:
        raise ValueError(
            f"expectations and perceptions must have the same shape, got {e.shape} and {p.shape}"
        )
    keep = _both(e_complete, p_complete)
    allocation = None if weights is None else _allocation(weights, len(e))
    if keep is not None:
        e, p = e[keep], p[keep]
        allocation = None if allocation is None or len(allocation) == 1 else allocation[keep]
    n = len(e)
    if n < 2:
        raise ValueError(f"SERVQUAL needs at least two complete respondents for intervals, got {n}")
    t = float(stdtrit(n - 1, 0.5 + confidence / 2))
    cross = _cross_products(e, p, span=scale[1] - scale[0])
    sums, products = cross[22, :22], cross[:22, :22]

    def mean_interval(weights: np.ndarray) -> tuple[np.ndarray, ...]:
        """Mean, SE and interval of the per-respondent scores gap @ weights (one per column)."""
        total = sums @ weights
        squares = np.einsum("id,ij,jd->d", weights, products, weights)
        mean = total / n
        se = np.sqrt(np.clip(squares - total * mean, 0, None) / (n - 1) / n)
        return mean, se, mean - t * se, mean + t * se

    items = ITEMS.copy()
    items["expectation"] = _column_sums(e) / n
    items["gap"], items["se"], items["ci_low"], items["ci_high"] = mean_interval(np.eye(22))
    items["perception"] = items["expectation"] + items["gap"]
    items = items[
        [
            "item",
            "dimension",
            "label",
            "label_zh",
            "expectation",
            "perception",
            "gap",
            "se",
            "ci_low",
            "ci_high",
        ]
    ]
    if adjust is not None:
        items = _adjusted(items, n, confidence, adjust)
    by_dimension = items.groupby("dimension", sort=False)
    dimensions = DIMENSIONS[["dimension", "dimension_zh"]].copy()
    dimensions["expectation"] = by_dimension["expectation"].mean().to_numpy()
    dimensions["perception"] = by_dimension["perception"].mean().to_numpy()
    gap_columns = ["gap", "se", "ci_low", "ci_high"]
    dimensions[gap_columns] = np.column_stack(mean_interval(_DIMENSION_WEIGHTS))
    overall = _DIMENSION_WEIGHTS @ np.full((5, 1), 0.2)
    score, _, low, high = (float(v[0]) for v in mean_interval(overall))
    weighted, weighted_ci = None, None
    if allocation is not None:
        dimensions["weight"] = allocation.mean(axis=0)
        if len(allocation) == 1:  # one allocation for everyone: still a linear combination
            combined = _DIMENSION_WEIGHTS @ (allocation[0][:, None] / 100)
            weighted, _, w_low, w_high = (float(v[0]) for v in mean_interval(combined))
        else:  # one allocation per respondent: score each respondent
            per_dimension = (p.astype(np.float64) - e) @ _DIMENSION_WEIGHTS
            per_respondent = (per_dimension * allocation / 100).sum(axis=1)
            weighted = float(per_respondent.mean())
            half = t * per_respondent.std(ddof=1) / np.sqrt(n)
            w_low, w_high = weighted - half, weighted + half
        weighted_ci = (w_low, w_high)
    dropped = 0 if keep is None else int((~keep).sum())
    return ServqualGaps(
        items, dimensions, score, (low, high), weighted, weighted_ci, n, confidence, dropped
    )


def _adjusted(items: pd.DataFrame, n: int, confidence: float, adjust: str) -> pd.DataFrame:
    """Item t-test p-values of "gap = 0", adjusted p-values and adjusted intervals (new columns)."""
    from scipy.special import stdtr, stdtrit  # lazy: keeps `import cxlib` light

    with np.errstate(divide="ignore", invalid="ignore"):
        t_stat = np.where(items["se"] > 0, items["gap"] / items["se"], np.nan)
    p_value = np.where(
        items["se"] > 0, 2 * stdtr(n - 1, -np.abs(t_stat)), np.where(items["gap"] == 0, 1.0, 0.0)
    )
    p_adjusted = adjust_p(p_value, adjust)
    level = adjusted_confidence(
        confidence, len(items), adjust, int((p_adjusted <= 1 - confidence).sum())
    )
    half = float(stdtrit(n - 1, 0.5 + level / 2)) * items["se"]
    return items.assign(
        p_value=p_value,
        p_adjusted=p_adjusted,
        ci_low_adjusted=items["gap"] - half,
        ci_high_adjusted=items["gap"] + half,
    )


#: Rows per matrix product. OpenBLAS gives a product one more thread per 65,536 × 4 multiply-adds
#: (interface/gemm.c, default build), so ``B.T @ B`` with 23 columns goes to two threads from 496
#: rows on; on a busy machine each product then waits for the slower thread, which made ``gaps``
#: 3× the floor on one machine and far more on another (book/reference/performance.md). 256 rows
#: (135,424 multiply-adds) stay on one thread with every kernel.
_BATCH = 256
#: Rows per pass: the gaps of one pass (as float32: 1.5 MB) stay in the processor's cache.
_CHUNK = 16_384


def _cross_products(
    e: np.ndarray, p: np.ndarray, span: float | None = None, chunk: int = _CHUNK
) -> np.ndarray:
    """Exact sums and cross-products of the gaps P - E, computed chunk by chunk.

    Returns a 23 x 23 matrix ``B.T @ B`` where ``B = [P - E, 1]``: the top-left block holds
    the sums of products of item gaps, the last row their sums, the corner the count. Each chunk
    of gaps is formed in floating point (so unsigned answers, uint8 or uint16, cannot wrap around
    when subtracted) and multiplied in batches of :data:`_BATCH` rows, each product small enough
    for one BLAS thread; the batches' results are added in float64. The arithmetic is exact for
    whole-number answers: in float32 when a batch's largest possible sum, ``span**2`` times its
    rows, stays below 2**24 (``span`` is the width of the answer scale: any scale up to 0-255),
    else in float64, where sums stay below 2**53 for any survey.
    """
    n = len(e)
    exact32 = span is not None and span * span * _BATCH < 2**24
    block = np.empty((min(chunk, n), 23), dtype=np.float32 if exact32 else np.float64)
    block[:, 22] = 1
    total = np.zeros((23, 23))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        rows = block[: stop - start]
        np.subtract(p[start:stop], e[start:stop], out=rows[:, :22], dtype=block.dtype)
        full = len(rows) - len(rows) % _BATCH
        if full:
            batches = rows[:full].reshape(-1, _BATCH, 23)
            total += np.matmul(batches.transpose(0, 2, 1), batches).sum(axis=0, dtype=np.float64)
        rest = rows[full:]
        total += rest.T @ rest
    return total


def _column_sums(values: np.ndarray, rows_per_line: int = 128) -> np.ndarray:
    """Column sums of a respondents x 22 matrix; small integers are summed 128 rows at a time.

    Summing along the first axis of a C-ordered matrix with 22 columns is slow in NumPy (each
    step adds only 22 numbers); viewing 128 rows as one line of 2,816 numbers is much faster
    and, summed in int64, stays exact for any 8- or 16-bit answers.
    """
    if values.dtype.itemsize > 2 or values.dtype.kind not in "iu":
        return values.sum(axis=0, dtype=np.float64)
    full = len(values) - len(values) % rows_per_line
    lines = values[:full].reshape(-1, 22 * rows_per_line)
    folded = lines.sum(axis=0, dtype=np.int64).reshape(rows_per_line, 22).sum(axis=0)
    return (folded + values[full:].sum(axis=0, dtype=np.int64)).astype(np.float64)


def _both(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Rows complete in both matrices (None when both are complete)."""
    if a is None and b is None:
        return None
    if a is None:
        return b
    return a if b is None else a & b
