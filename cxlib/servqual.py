"""SERVQUAL (服务质量差距模型): service quality as the gap between perceptions and expectations.

Book chapter: ``book/servqual.md``; workbook: ``notebooks/03_servqual.ipynb``; pictures:
:mod:`cxlib.plots.servqual`.

Parasuraman, Zeithaml & Berry (1988) measure service quality with 22 paired statements on a
7-point agreement scale: what customers *expect* of excellent firms in the industry (E) and what
they *perceive* of this firm (P). The gap ``P - E`` is negative where the firm falls short. The
items group into five dimensions: Tangibles (有形性, items 1-4), Reliability (可靠性, 5-9),
Responsiveness (响应性, 10-13), Assurance (保证性, 14-17) and Empathy (移情性, 18-22).

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
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
*Psychometrika*, 16(3), 297-334.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate

__all__ = ["DIMENSIONS", "ITEMS", "ServqualGaps", "alpha", "cronbach_alpha", "gaps"]

#: The five dimensions in item order, with their Chinese names.
DIMENSIONS = pd.DataFrame(
    {
        "dimension": ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"],
        "dimension_zh": ["有形性", "可靠性", "响应性", "保证性", "移情性"],
        "first_item": [1, 5, 10, 14, 18],
        "last_item": [4, 9, 13, 17, 22],
    }
)

_LABELS = [
    ("Modern-looking equipment", "设备现代化"),
    ("Visually appealing facilities", "设施外观吸引人"),
    ("Neat, well-dressed employees", "员工着装整洁"),
    ("Materials fit the service", "宣传材料与服务相称"),
    ("Does what it promises by when it promises", "按承诺的时间做到承诺的事"),
    ("Shows interest in solving problems", "真心解决顾客的问题"),
    ("Performs the service right the first time", "第一次就把服务做好"),
    ("Provides the service at the promised time", "在承诺的时间提供服务"),
    ("Keeps error-free records", "记录准确无误"),
    ("Tells customers when services will happen", "告知顾客服务的确切时间"),
    ("Gives prompt service", "提供及时的服务"),
    ("Always willing to help", "总是愿意帮助顾客"),
    ("Never too busy to respond", "再忙也会回应顾客的请求"),
    ("Employees instil confidence", "员工的行为让人放心"),
    ("Customers feel safe in transactions", "顾客在交易中感到安全"),
    ("Employees are consistently courteous", "员工始终礼貌待人"),
    ("Employees have the knowledge to answer", "员工有足够的知识回答问题"),
    ("Gives individual attention", "给予顾客个别关注"),
    ("Convenient operating hours", "营业时间方便"),
    ("Employees give personal attention", "员工给予顾客个人关怀"),
    ("Has customers' best interests at heart", "以顾客利益为重"),
    ("Understands customers' specific needs", "了解顾客的具体需求"),
]

#: The 22 items: number, dimension, and a short English and Chinese label. The labels paraphrase
#: the content of each item for tables and charts; surveys should use the published wording of
#: Parasuraman, Berry & Zeithaml (1991).
ITEMS = pd.DataFrame(
    {
        "item": np.arange(1, 23),
        "dimension": np.repeat(DIMENSIONS["dimension"], [4, 5, 4, 4, 5]).to_numpy(),
        "label": [english for english, _ in _LABELS],
        "label_zh": [chinese for _, chinese in _LABELS],
    }
)
_SIZES = np.array([4, 5, 4, 4, 5])
_STARTS = np.array([0, 4, 9, 13, 17])
#: 22 x 5: column d averages the items of dimension d (a respondent's dimension gap = gap @ it).
_DIMENSION_WEIGHTS = np.zeros((22, 5))
for _d, (_start, _size) in enumerate(zip(_STARTS, _SIZES, strict=True)):
    _DIMENSION_WEIGHTS[_start : _start + _size, _d] = 1 / _size


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
    clean = _validate.answers(array.reshape(-1), name=name, low=low, high=high, dropna=True)
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
    >>> result.score, result.dimensions["gap"].tolist()
    (-1.5, [-1.5, -1.5, -1.5, -1.5, -1.5])
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
    cross = _cross_products(e, p)
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


def _cross_products(e: np.ndarray, p: np.ndarray, chunk: int = 16_384) -> np.ndarray:
    """Exact sums and cross-products of the gaps P - E, computed chunk by chunk.

    Returns a 23 x 23 matrix ``B.T @ B`` where ``B = [P - E, 1]``: the top-left block holds
    the sums of products of item gaps, the last row their sums, the corner the count. Each chunk
    is small enough to stay in cache and for float32 to add its whole numbers exactly (at most
    36 x 16,384 < 2**24); chunks accumulate in float64.
    """
    n = len(e)
    total = np.zeros((23, 23))
    block = np.empty((min(chunk, n), 23), dtype=np.float32)
    block[:, 22] = 1
    difference = np.empty((min(chunk, n), 22), dtype=np.result_type(e.dtype, p.dtype))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        rows = block[: stop - start]
        np.subtract(p[start:stop], e[start:stop], out=difference[: stop - start])
        rows[:, :22] = difference[: stop - start]
        total += rows.T @ rows
    return total


def _column_sums(values: np.ndarray, rows_per_line: int = 128) -> np.ndarray:
    """Column sums of a respondents x 22 matrix; small integers are summed 128 rows at a time.

    Summing along the first axis of a C-ordered matrix with 22 columns is slow in NumPy (each
    step adds only 22 numbers); viewing 128 rows as one line of 2,816 numbers is much faster
    and stays exact in int32 for answers of at most 127.
    """
    if values.dtype.itemsize > 2 or values.dtype.kind not in "iu":
        return values.sum(axis=0, dtype=np.float64)
    full = len(values) - len(values) % rows_per_line
    lines = values[:full].reshape(-1, 22 * rows_per_line)
    folded = lines.sum(axis=0, dtype=np.int32).reshape(rows_per_line, 22).sum(axis=0)
    return (folded + values[full:].sum(axis=0, dtype=np.int64)).astype(np.float64)


def _both(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Rows complete in both matrices (None when both are complete)."""
    if a is None and b is None:
        return None
    if a is None:
        return b
    return a if b is None else a & b


def _allocation(weights: Any, n: int) -> np.ndarray:
    """Importance points as an array (1 or n rows) x 5 dimensions, each row summing to 100."""
    names = DIMENSIONS["dimension"].tolist()
    if isinstance(weights, pd.DataFrame):
        frame = weights
    elif isinstance(weights, (dict, pd.Series)):
        frame = pd.DataFrame([dict(weights)])
    else:
        raise TypeError(
            "weights must be a mapping or Series of points per dimension, or a DataFrame"
        )
    unknown = sorted(set(map(str, frame.columns)) - set(names))
    missing = [name for name in names if name not in frame.columns]
    if unknown or missing:
        raise ValueError(
            f"weights must name exactly the five dimensions {names}; "
            f"unknown: {unknown}, missing: {missing}"
        )
    points = frame[names].to_numpy(dtype=float)
    if len(points) not in (1, n):
        raise ValueError(
            f"weights must have one row or one per respondent ({n}), got {len(points)}"
        )
    if np.isnan(points).any() or (points < 0).any():
        raise ValueError("weights must be non-negative points with no missing values")
    off = np.flatnonzero(np.abs(points.sum(axis=1) - 100) > 1e-6)
    if len(off):
        raise ValueError(
            f"each weights row must sum to 100 points; {len(off)} rows do not "
            f"(rows {', '.join(map(str, off[:5]))}: sums {points.sum(axis=1)[off[:5]].tolist()})"
        )
    return points


def alpha(items: Any) -> float:
    """Cronbach's alpha of a respondents x items matrix.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``,
    with sample variances (ddof = 1).

    Parameters
    ----------
    items : array-like or pandas.DataFrame, shape (respondents, k), k >= 2
        Numeric answers with no missing values.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Fewer than two items or respondents, missing values, a total score with no variance.

    References
    ----------
    Cronbach (1951), Psychometrika 16(3).

    Examples
    --------
    Three items, four respondents (totals 6, 9, 12, 6 with variance 8.25; item variances
    1.667, 0.917, 0.667 summing to 3.25): alpha = 3/2 * (1 - 3.25/8.25) = 0.9091.

    >>> round(alpha([[2, 2, 2], [3, 3, 3], [4, 4, 4], [1, 2, 3]]), 4)
    0.9091
    """
    matrix = np.asarray(items, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2 or matrix.shape[0] < 2:
        raise ValueError(
            f"alpha needs at least two respondents and two items, got shape {matrix.shape}"
        )
    if np.isnan(matrix).any():
        raise ValueError("alpha needs complete answers; drop or impute missing values first")
    k = matrix.shape[1]
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("the total score has no variance: alpha is undefined")
    return float(k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / total_variance))


def cronbach_alpha(items: Any) -> pd.Series:
    """Cronbach's alpha of each SERVQUAL dimension (internal consistency of its items).

    Parameters
    ----------
    items : pandas.DataFrame or array-like, shape (respondents, 22)
        Answers (expectations, perceptions or gaps) with columns in item order 1-22.

    Returns
    -------
    pandas.Series
        Alpha indexed by dimension. Values above about 0.7 are usually read as acceptable.

    Raises
    ------
    ValueError
        Not 22 columns; see :func:`alpha`.

    References
    ----------
    Cronbach (1951); Parasuraman, Zeithaml & Berry (1988) report alpha per dimension.

    See Also
    --------
    gaps. Book chapter ``book/servqual.md``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> base = rng.integers(1, 8, size=(50, 1))
    >>> answers = np.clip(base + rng.integers(-1, 2, size=(50, 22)), 1, 7)
    >>> cronbach_alpha(answers).round(2).gt(0.8).all()
    np.True_
    """
    matrix = np.asarray(items, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != 22:
        raise ValueError(
            f"items must have 22 columns (items 1-22 in order), got shape {matrix.shape}"
        )
    values = [alpha(matrix[:, s : s + k]) for s, k in zip(_STARTS, _SIZES, strict=True)]
    return pd.Series(
        values, index=pd.Index(DIMENSIONS["dimension"], name="dimension"), name="alpha"
    )
