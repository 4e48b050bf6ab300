"""How well customers are split into segments: the silhouette and the adjusted Rand index.

Two measures :mod:`cxlib.segments` judges a clustering by, re-exported there:
:func:`silhouette` (Rousseeuw 1987), how far inside its segment each customer lies, and
:func:`adjusted_rand` (Hubert & Arabie 1985), how far two splits of the same customers agree
beyond chance.

Book chapter: ``book/customer_analysis.md`` (section "Segments beyond RFM").

References
----------
Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2(1), 193-218.
Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation of
cluster analysis. *Journal of Computational and Applied Mathematics*, 20, 53-65.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib._lloyd import _matrix

__all__ = ["adjusted_rand", "silhouette"]

#: Rows of the distance matrix computed at a time (memory stays flat for large samples).
_CHUNK = 2048


def _labels(labels: Any, n: int, name: str = "labels") -> np.ndarray:
    """Segment labels as integer codes 0..m-1, one per row."""
    array = np.asarray(labels)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"{name} must have one entry per row ({n}), got shape {array.shape}")
    if pd.isna(pd.Series(array)).any():
        raise ValueError(f"{name} has missing entries: every row needs a segment")
    return np.unique(array, return_inverse=True)[1]


def silhouette(data: Any, labels: Any) -> np.ndarray:
    """Each row's silhouette width ``(b - a) / max(a, b)`` (Rousseeuw 1987).

    ``a`` is the row's mean distance to the other rows of its segment, ``b`` its mean distance
    to the rows of the nearest other segment. A row alone in its segment gets 0, as Rousseeuw
    defines. The average over rows (``silhouette(...).mean()``) is the silhouette of the whole
    split; Kaufman & Rousseeuw (1990) read above 0.70 as strong, 0.51-0.70 reasonable, 0.26-0.50
    weak, 0.25 or less as no substantial structure.

    Parameters
    ----------
    data : pandas.DataFrame or array-like
        Rows × measures (the same standardised measures that were clustered).
    labels : array-like
        Each row's segment (any labels; at least two segments).

    Returns
    -------
    numpy.ndarray
        One width per row, between -1 and 1.

    Examples
    --------
    Four customers on one measure, segments {0, 1} and {5, 6}. For the customer at 0:
    a = 1, b = (5 + 6) / 2 = 5.5, so s = 4.5 / 5.5 = 0.818; at 1: a = 1, b = 4.5, s = 0.778.

    >>> silhouette([[0.0], [1.0], [5.0], [6.0]], [0, 0, 1, 1]).round(3).tolist()
    [0.818, 0.778, 0.778, 0.818]
    """
    x = _matrix(data)
    codes = _labels(labels, len(x))
    m = codes.max() + 1
    if m < 2:
        raise ValueError("silhouette needs at least two segments")
    one_hot = np.zeros((len(x), m))
    one_hot[np.arange(len(x)), codes] = 1.0
    counts = one_hot.sum(0)
    sums = np.empty((len(x), m))
    norms = (x * x).sum(1)
    for start in range(0, len(x), _CHUNK):
        block = x[start : start + _CHUNK]
        squared = norms[start : start + _CHUNK, None] - 2 * block @ x.T + norms[None, :]
        sums[start : start + _CHUNK] = np.sqrt(np.maximum(squared, 0.0)) @ one_hot
    own = counts[codes]
    a = np.where(own > 1, sums[np.arange(len(x)), codes] / np.maximum(own - 1, 1), 0.0)
    means = sums / counts[None, :]
    means[np.arange(len(x)), codes] = np.inf
    b = means.min(1)
    width = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return width


def adjusted_rand(first: Any, second: Any) -> float:
    """The adjusted Rand index of two splits of the same rows (Hubert & Arabie 1985).

    ``(index - expected) / (maximum - expected)`` over pairs of rows: ``index`` counts the pairs
    the two splits both put together, ``expected`` what chance alone would give with the same
    segment sizes. 1 = the same split (whatever the segments are called), about 0 = chance.

    Examples
    --------
    By hand, [0, 0, 1, 1] against [0, 0, 1, 2]: pairs together in both = 1, in the first = 2, in
    the second = 1, of 6 pairs; expected = 2 × 1 / 6 = 1/3, maximum = (2 + 1) / 2 = 1.5, so the
    index is (1 - 1/3) / (1.5 - 1/3) = 0.571.

    >>> round(adjusted_rand([0, 0, 1, 1], [0, 0, 1, 2]), 3)
    0.571
    >>> adjusted_rand(["a", "a", "b"], [2, 2, 7])
    1.0
    >>> adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1])
    -0.5
    """
    a = _labels(first, len(np.asarray(first)), "first")
    b = _labels(second, len(a), "second")
    n = len(a)
    if n < 2:
        raise ValueError("adjusted_rand needs at least two rows")
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)

    def pairs(counts: np.ndarray) -> float:
        return float((counts * (counts - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(1)), pairs(table.sum(0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:  # both splits trivial (one segment, or every row alone)
        return 1.0 if np.array_equal(a, b) else 0.0
    return (index - expected) / (maximum - expected)
