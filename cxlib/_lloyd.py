"""The arithmetic of :func:`cxlib.segments.kmeans`: k-means++ seeds and Lloyd's iterations.

Also :func:`_matrix`, the measures checked and turned into the float matrix every segment
function works on.

Book chapter: ``book/customer_analysis.md`` (section "Segments beyond RFM").

References
----------
Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. *Proceedings
of the 18th ACM-SIAM Symposium on Discrete Algorithms*, 1027-1035.
Lloyd, S. P. (1982). Least squares quantization in PCM. *IEEE Transactions on Information
Theory*, 28(2), 129-137.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate


def _matrix(data: Any, name: str = "data") -> np.ndarray:
    """A 2-D float array of measures, refusing text, booleans, missing and infinite values."""
    if isinstance(data, pd.DataFrame):
        bad = [c for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])]
        bad += [c for c in data.columns if pd.api.types.is_bool_dtype(data[c])]
        if bad:
            raise TypeError(
                f"{name}: column(s) {sorted(set(map(str, bad)))} are not numbers; pass only "
                "the measures to cluster, e.g. data[['visits_per_month', 'basket_yuan']]"
            )
        array = data.to_numpy(dtype="float64")
        columns = [str(c) for c in data.columns]
    else:
        array = np.asarray(data)
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
        array = array.astype("float64")
        columns = [f"column {j}" for j in range(array.shape[1])] if array.ndim == 2 else []
    if array.ndim != 2:
        raise TypeError(f"{name} must be a table (rows × measures), got shape {array.shape}")
    finite = np.isfinite(array)
    if not finite.all():
        rows, cols = np.nonzero(~finite)
        named = sorted({columns[c] for c in cols})
        where = ", ".join(str(r) for r in rows[: _validate.SHOW])
        raise ValueError(
            f"{name} has {len(rows)} missing or infinite values in {', '.join(named)} "
            f"(rows {where}{', ...' if len(rows) > _validate.SHOW else ''}): drop or fill them "
            "before clustering, e.g. data.dropna()"
        )
    return array


def _squared_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances, rows × centres, never below 0."""
    d = (x * x).sum(1)[:, None] - 2 * x @ centres.T + (centres * centres).sum(1)[None, :]
    return np.maximum(d, 0.0)


def _plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding (Arthur & Vassilvitskii 2007): each new centre drawn with probability
    proportional to the squared distance from the nearest centre chosen so far."""
    centres = np.empty((k, x.shape[1]))
    centres[0] = x[rng.integers(len(x))]
    nearest = _squared_distances(x, centres[:1])[:, 0]
    for j in range(1, k):
        total = nearest.sum()
        pick = rng.integers(len(x)) if total == 0 else rng.choice(len(x), p=nearest / total)
        centres[j] = x[pick]
        nearest = np.minimum(nearest, _squared_distances(x, centres[j : j + 1])[:, 0])
    return centres


def _lloyd(
    x: np.ndarray, centres: np.ndarray, max_iter: int
) -> tuple[np.ndarray, np.ndarray, float, int]:
    """Lloyd's iterations from the given centres until no row changes segment."""
    k = len(centres)
    labels = np.full(len(x), -1)
    iterations = 0
    while iterations < max_iter:
        iterations += 1
        distances = _squared_distances(x, centres)
        new = distances.argmin(1)
        counts = np.bincount(new, minlength=k)
        empty = np.flatnonzero(counts == 0)
        if len(empty):  # give an empty segment the row farthest from its centre
            far = np.argsort(distances[np.arange(len(x)), new])[::-1][: len(empty)]
            new[far] = empty
            counts = np.bincount(new, minlength=k)
        sums = np.zeros_like(centres)
        np.add.at(sums, new, x)
        centres = sums / counts[:, None]
        if np.array_equal(new, labels):
            break
        labels = new
    inertia = float(_squared_distances(x, centres)[np.arange(len(x)), labels].sum())
    return labels, centres, inertia, iterations


def _by_size(labels: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber segments from the largest to the smallest (ties: by the first centre value)."""
    counts = np.bincount(labels, minlength=len(centres))
    order = np.lexsort((centres[:, 0], -counts))
    rename = np.empty_like(order)
    rename[order] = np.arange(len(order))
    return rename[labels], centres[order]
