"""Behaviour segments (客户细分) beyond RFM: k-means on how customers shop, and how to judge it.

Book chapter: ``book/customer_analysis.md`` (section "Segments beyond RFM"); workbook:
``notebooks/13_customer_analysis.ipynb``; data: ``cxlib.datasets.load("store_customers")``
(synthetic, with the true segment kept for checking).

RFM (``cxlib.retention``, ``book/customers.md``) sorts customers by three numbers decided in
advance. Clustering lets the data propose the groups: :func:`kmeans` splits customers into
``k`` groups whose members are close to their group's centre on the measures given (Lloyd's
algorithm, started by k-means++ and restarted several times). A clustering always returns
groups, even from data without any, so the segments are then judged, as Dolnicar, Grün & Leisch
(2018) teach, on several criteria that no single number replaces:

- **separation**: :func:`silhouette` (Rousseeuw 1987): for each customer,
  ``s = (b - a) / max(a, b)``, where ``a`` is the mean distance to the other members of its own
  segment and ``b`` the mean distance to the members of the nearest other segment; 1 means well
  inside its segment, 0 on the border, negative closer to another segment. Kaufman &
  Rousseeuw (1990) read an average above 0.70 as a strong structure, 0.51-0.70 reasonable,
  0.26-0.50 weak and 0.25 or less as no substantial structure;
- **stability**: :func:`stability` (Dolnicar & Leisch 2010): cluster two bootstrap samples of
  the customers, assign every customer to the nearest centre of each solution, and compare the
  two assignments with the adjusted Rand index, :func:`adjusted_rand` (Hubert & Arabie 1985):
  1 = the same split, 0 = no more agreement than chance. Segments that change with the sample
  are not segments to build a plan on;
- **size**: a segment too small to be worth its own offer fails whatever its silhouette
  (:func:`profile` gives sizes and shares);
- **actionability**: whether staff can recognise the segment and do something different for it.
  No formula measures this; :func:`profile` gives each segment's averages in the original units
  so that people can judge it.

Distances are Euclidean on standardised measures (:func:`standardise`: each measure rescaled to
mean 0 and standard deviation 1, optionally after taking logarithms of skewed measures), so that
no measure dominates because of its unit.

References
----------
Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. *Proceedings
of the 18th ACM-SIAM Symposium on Discrete Algorithms*, 1027-1035.
Dolnicar, S. & Leisch, F. (2010). Evaluation of structure and reproducibility of cluster
solutions using the bootstrap. *Marketing Letters*, 21(1), 83-101.
Dolnicar, S., Grün, B. & Leisch, F. (2018). *Market Segmentation Analysis: Understanding It,
Doing It, and Making It Useful*. Springer (open access).
Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2(1), 193-218.
Kaufman, L. & Rousseeuw, P. J. (1990). *Finding Groups in Data*. Wiley.
Lloyd, S. P. (1982). Least squares quantization in PCM. *IEEE Transactions on Information
Theory*, 28(2), 129-137.
Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation and validation of
cluster analysis. *Journal of Computational and Applied Mathematics*, 20, 53-65.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._cluster_scores import adjusted_rand, silhouette
from cxlib._lloyd import _by_size, _lloyd, _matrix, _plus_plus, _squared_distances

__all__ = [
    "KMeans",
    "adjusted_rand",
    "compare_k",
    "kmeans",
    "profile",
    "silhouette",
    "stability",
    "standardise",
]

#: Rows of the distance matrix computed at once by :func:`silhouette` (memory: rows × n floats).


@dataclass(frozen=True)
class KMeans:
    """The result of :func:`kmeans`.

    Attributes
    ----------
    labels : numpy.ndarray
        Each row's segment, 0 to k - 1, numbered from the largest segment to the smallest.
    centres : numpy.ndarray
        The k centres (k × measures), in the units of the data that was clustered.
    inertia : float
        The sum of squared distances from each row to its centre (smaller = tighter).
    iterations : int
        Lloyd iterations of the best restart.
    seed : int or None
        The seed that makes the result reproducible.
    """

    labels: np.ndarray
    centres: np.ndarray
    inertia: float
    iterations: int
    seed: int | None

    @property
    def k(self) -> int:
        """The number of segments."""
        return len(self.centres)

    @property
    def sizes(self) -> np.ndarray:
        """How many rows each segment has, largest first."""
        return np.bincount(self.labels, minlength=self.k)


def standardise(
    frame: pd.DataFrame, columns: Sequence[str], *, log: Sequence[str] = ()
) -> pd.DataFrame:
    """Rescale each measure to mean 0 and standard deviation 1 (logarithms first where asked).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    columns : sequence of str
        The measures to cluster on.
    log : sequence of str, optional
        Skewed measures (spending, visits) to replace by their natural logarithm first; they
        must be positive.

    Returns
    -------
    pandas.DataFrame
        The standardised measures, same index; the means and standard deviations used (on the
        log scale where logged) are in ``.attrs["mean"]`` and ``.attrs["sd"]``. The standard
        deviation divides by n (the population form).

    Raises
    ------
    ValueError
        A column is missing, a logged column holds zero or negative values, or a measure does
        not vary (its standard deviation is 0).

    Examples
    --------
    >>> frame = pd.DataFrame({"visits": [1.0, 10.0, 100.0], "share": [0.2, 0.4, 0.6]})
    >>> standardise(frame, ["visits", "share"], log=["visits"]).round(4)
       visits   share
    0 -1.2247 -1.2247
    1  0.0000  0.0000
    2  1.2247  1.2247
    """
    columns = list(columns)
    _validate.columns(frame, columns, what="frame")
    unknown = [c for c in log if c not in columns]
    if unknown:
        raise ValueError(f"log names {unknown}, which are not among columns {columns}")
    values = pd.DataFrame(_matrix(frame[columns], "frame"), columns=columns, index=frame.index)
    for column in log:
        bad = values[column] <= 0
        if bad.any():
            rows = ", ".join(str(r) for r in values.index[bad][: _validate.SHOW])
            raise ValueError(
                f"{column} must be positive to take its logarithm; {int(bad.sum())} of "
                f"{len(values)} rows are not (rows {rows})"
            )
        values[column] = np.log(values[column])
    mean = values.mean()
    sd = values.std(ddof=0)
    flat = sd.index[sd == 0].tolist()
    if flat:
        raise ValueError(f"{flat} do not vary (one value in every row): leave them out")
    out = (values - mean) / sd
    out.attrs["mean"] = mean.to_dict()
    out.attrs["sd"] = sd.to_dict()
    return out


def kmeans(
    data: Any, k: int, *, seed: int | None = None, restarts: int = 10, max_iter: int = 300
) -> KMeans:
    """Split rows into ``k`` segments around ``k`` centres (k-means: Lloyd 1982, k-means++ start).

    Each row joins its nearest centre; each centre moves to the mean of its rows; repeat until
    no row changes segment. The result depends on where the centres start, so the whole is run
    ``restarts`` times from k-means++ starts and the tightest result (smallest inertia) is kept.

    Parameters
    ----------
    data : pandas.DataFrame or array-like
        Rows × measures, all numbers (standardise them first: :func:`standardise`).
    k : int
        The number of segments, 1 to the number of distinct rows.
    seed : int, optional
        Makes the starts, and so the result, reproducible.
    restarts : int, default 10
        How many starts to try.
    max_iter : int, default 300
        The most Lloyd iterations per start.

    Returns
    -------
    KMeans
        Labels (numbered from the largest segment), centres, inertia, iterations, seed.

    Raises
    ------
    TypeError
        ``data`` holds text or booleans, or ``k``/``restarts`` is not a whole number.
    ValueError
        Missing or infinite values (named by column and row), ``k`` outside 1 to the number of
        distinct rows.

    See Also
    --------
    silhouette, stability, compare_k : judging the segments.
    book/customer_analysis.md : the chapter.

    Examples
    --------
    Six customers on one measure; two segments are {1, 2, 3} and {10, 11, 12} (by hand: their
    means 2 and 11 are the centres, and the squared distances add up to 2 + 2 = 4).

    >>> result = kmeans([[1.0], [2.0], [3.0], [10.0], [11.0], [12.0]], 2, seed=1)
    >>> result.centres.ravel().tolist(), result.inertia, result.labels.tolist()
    ([2.0, 11.0], 4.0, [0, 0, 0, 1, 1, 1])
    """
    x = _matrix(data)
    for name, value in (("k", k), ("restarts", restarts), ("max_iter", max_iter)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number, got {value!r}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    distinct = len(np.unique(x, axis=0))
    if k > distinct:
        raise ValueError(f"k = {k} segments need at least {k} distinct rows; data has {distinct}")
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(restarts):
        found = _lloyd(x, _plus_plus(x, k, rng), max_iter)
        if best is None or found[2] < best[2] - 1e-12:
            best = found
    labels, centres = _by_size(best[0], best[1])
    return KMeans(labels=labels, centres=centres, inertia=best[2], iterations=best[3], seed=seed)


def stability(
    data: Any, k: int, *, seed: int | None = None, pairs: int = 20, restarts: int = 5
) -> np.ndarray:
    """How reproducible a k-segment split is: adjusted Rand indices over bootstrap pairs.

    For each pair, two bootstrap samples of the rows (drawn with replacement) are clustered
    separately; every original row is assigned to the nearest centre of each solution, and the
    two assignments are compared with :func:`adjusted_rand` (Dolnicar & Leisch 2010, "global
    stability"). Values near 1 in most pairs: the split does not depend on which customers
    happened to be in the data.

    Parameters
    ----------
    data : pandas.DataFrame or array-like
        Rows × measures (standardised).
    k : int
        The number of segments.
    seed : int, optional
        Makes the samples and the clusterings reproducible.
    pairs : int, default 20
        How many bootstrap pairs to draw (Dolnicar & Leisch use 100; 20 already shows the
        pattern on a classroom dataset).
    restarts : int, default 5
        Restarts of each clustering.

    Returns
    -------
    numpy.ndarray
        One adjusted Rand index per pair.

    Examples
    --------
    Two tight, far-apart groups split the same way whatever the sample:

    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(0, 0.1, (30, 2)), rng.normal(5, 0.1, (30, 2))])
    >>> stability(x, 2, seed=1, pairs=5).round(2).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    x = _matrix(data)
    if isinstance(pairs, (bool, np.bool_)) or not isinstance(pairs, (int, np.integer)) or pairs < 1:
        raise ValueError(f"pairs must be a whole number of at least 1, got {pairs!r}")
    rng = np.random.default_rng(seed)
    found = np.empty(pairs)
    for p in range(pairs):
        assigned = []
        for _ in range(2):
            sample = x[rng.integers(0, len(x), len(x))]
            fit = kmeans(sample, k, seed=int(rng.integers(2**31)), restarts=restarts)
            assigned.append(_squared_distances(x, fit.centres).argmin(1))
        found[p] = adjusted_rand(*assigned)
    return found


def compare_k(
    data: Any, ks: Sequence[int] = range(2, 8), *, seed: int | None = None, pairs: int = 20
) -> pd.DataFrame:
    """Judge splits into different numbers of segments side by side.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``inertia``, ``silhouette`` (average width), ``stability`` (median
        adjusted Rand index over bootstrap pairs), ``stability_low`` (its 10th percentile) and
        ``smallest_share`` (the smallest segment's share of the rows).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(c, 0.3, (40, 2)) for c in (0, 3, 6)])
    >>> table = compare_k(x, [2, 3, 4], seed=2, pairs=5)
    >>> int(table["silhouette"].idxmax()), round(float(table.loc[3, "stability"]), 2)
    (3, 1.0)
    """
    x = _matrix(data)
    rows = []
    rng = np.random.default_rng(seed)
    for k in ks:
        fit = kmeans(x, k, seed=int(rng.integers(2**31)))
        ari = stability(x, k, seed=int(rng.integers(2**31)), pairs=pairs)
        rows.append(
            {
                "k": k,
                "inertia": fit.inertia,
                "silhouette": float(silhouette(x, fit.labels).mean()) if k > 1 else np.nan,
                "stability": float(np.median(ari)),
                "stability_low": float(np.quantile(ari, 0.1)),
                "smallest_share": float(fit.sizes.min() / len(x)),
            }
        )
    return pd.DataFrame(rows).set_index("k")


def profile(frame: pd.DataFrame, labels: Any, columns: Sequence[str]) -> pd.DataFrame:
    """Each segment's size, share and average measures in their original units.

    The profile is what people read to name a segment and to judge whether it is actionable;
    the averages are means of the original (not standardised) measures.

    Examples
    --------
    >>> frame = pd.DataFrame({"visits": [1, 3, 10, 12], "basket": [300, 250, 40, 60]})
    >>> profile(frame, [1, 1, 0, 0], ["visits", "basket"])
             customers  share  visits  basket
    segment
    0                2    0.5    11.0    50.0
    1                2    0.5     2.0   275.0
    """
    columns = list(columns)
    _validate.columns(frame, columns, what="frame")
    values = frame[columns]
    _matrix(values, "frame")
    segment = pd.Series(np.asarray(labels), index=frame.index, name="segment")
    if len(segment) != len(frame):
        raise ValueError(f"labels has {len(segment)} entries; frame has {len(frame)} rows")
    grouped = values.groupby(segment)
    out = grouped.mean()
    out.insert(0, "share", grouped.size() / len(frame))
    out.insert(0, "customers", grouped.size())
    return out
