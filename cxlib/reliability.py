"""Reliability of multi-item scales (量表信度): Cronbach's alpha with Feldt's confidence interval.

Book chapter: ``book/servqual.md`` (section on reliability); used by :mod:`cxlib.servqual`.

Cronbach's alpha measures how consistently the items of a scale move together:
``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``. Computed
on a sample it has sampling error like any statistic; Feldt (1965) showed that
``(1 - alpha) / (1 - alpha_hat)`` follows approximately an F distribution with ``n - 1`` and
``(n - 1)(k - 1)`` degrees of freedom, which gives its confidence interval (Feldt, Woodruff &
Salih 1987, formulas 6 and 7).

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*,
16(3), 297-334.
Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson reliability
coefficient twenty. *Psychometrika*, 30(3), 357-370.
Feldt, L. S., Woodruff, D. J. & Salih, F. A. (1987). Statistical inference for coefficient
alpha. *Applied Psychological Measurement*, 11(1), 93-103.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib.language import tr

__all__ = ["AlphaResult", "alpha", "alpha_interval", "feldt_interval", "scales"]


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha of one scale with Feldt's confidence interval.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha.
    ci : tuple of float
        Feldt's confidence interval (low, high).
    n : int
        Respondents.
    k : int
        Items.
    confidence : float
        Confidence level of ``ci``.
    """

    alpha: float
    ci: tuple[float, float]
    n: int
    k: int
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Cronbach's alpha {s.alpha:.3f} ({s.confidence:.0%} CI {low:.3f} to {high:.3f}), "
            "{s.k} items, n = {s.n:,}",
            s=self,
            low=low,
            high=high,
        )


def _matrix(items: Any) -> np.ndarray:
    matrix = np.asarray(items, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2 or matrix.shape[0] < 2:
        raise ValueError(
            f"alpha needs at least two respondents and two items, got shape {matrix.shape}"
        )
    if np.isnan(matrix).any():
        raise ValueError("alpha needs complete answers; drop or impute missing values first")
    return matrix


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

    See Also
    --------
    alpha_interval : the same with Feldt's confidence interval.

    Examples
    --------
    Three items, four respondents (totals 6, 9, 12, 6 with variance 8.25; item variances
    1.667, 0.917, 0.667 summing to 3.25): alpha = 3/2 * (1 - 3.25/8.25) = 0.9091.

    >>> round(alpha([[2, 2, 2], [3, 3, 3], [4, 4, 4], [1, 2, 3]]), 4)
    0.9091
    """
    matrix = _matrix(items)
    k = matrix.shape[1]
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("the total score has no variance: alpha is undefined")
    return float(k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / total_variance))


def feldt_interval(
    alpha: float | np.ndarray, n: int | np.ndarray, k: int | np.ndarray, confidence: float = 0.95
) -> tuple[Any, Any]:
    """Feldt's confidence interval for Cronbach's alpha from alpha, respondents and items.

    ``low = 1 - (1 - alpha) * F(1 - g/2; n - 1, (n - 1)(k - 1))`` and
    ``high = 1 - (1 - alpha) * F(g/2; n - 1, (n - 1)(k - 1))`` with ``g = 1 - confidence`` and
    ``F(q; d1, d2)`` the q-quantile of the F distribution (Feldt, Woodruff & Salih 1987, p. 95,
    formulas 6 and 7). It assumes the items behave like parallel measurements and that
    respondents are independent; it is not symmetric around alpha. Vectorised over its inputs.

    Parameters
    ----------
    alpha : float or array-like
        Cronbach's alpha, below 1.
    n : int or array-like
        Respondents (at least 2).
    k : int or array-like
        Items (at least 2).
    confidence : float, default 0.95

    Returns
    -------
    tuple
        (low, high): floats, or arrays when the inputs are arrays.

    Raises
    ------
    ValueError
        ``n`` or ``k`` below 2, alpha of 1 or more, or a bad confidence.

    References
    ----------
    Feldt (1965), Psychometrika 30(3), 357-370; Feldt, Woodruff & Salih (1987), Applied
    Psychological Measurement 11(1), 93-103.

    Examples
    --------
    Chris Evans's worked example (Feldt's method in R): alpha 0.913 from 873 respondents and
    20 items gives 0.9044 to 0.9212.

    >>> [round(float(x), 4) for x in feldt_interval(0.913, 873, 20)]
    [0.9044, 0.9212]
    """
    from scipy.special import fdtri  # lazy: keeps `import cxlib` light

    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    a, n_, k_ = (np.asarray(v, dtype=float) for v in (alpha, n, k))
    if (n_ < 2).any() or (k_ < 2).any():
        raise ValueError(f"Feldt's interval needs n >= 2 and k >= 2, got n = {n}, k = {k}")
    if (a >= 1).any():
        raise ValueError(f"alpha must be below 1 for Feldt's interval, got {alpha}")
    d1, d2 = n_ - 1, (n_ - 1) * (k_ - 1)
    gamma = 1 - confidence
    low = 1 - (1 - a) * fdtri(d1, d2, 1 - gamma / 2)
    high = 1 - (1 - a) * fdtri(d1, d2, gamma / 2)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def alpha_interval(items: Any, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha of a respondents x items matrix with Feldt's confidence interval.

    Parameters
    ----------
    items : array-like or pandas.DataFrame, shape (respondents, k), k >= 2
        Numeric answers with no missing values.
    confidence : float, default 0.95

    Returns
    -------
    AlphaResult

    Raises
    ------
    ValueError
        As :func:`alpha`.

    References
    ----------
    Cronbach (1951); Feldt, Woodruff & Salih (1987).

    See Also
    --------
    feldt_interval. Book chapter ``book/servqual.md``.

    Examples
    --------
    Hand-worked: alpha = 0.9091 (see :func:`alpha`), n = 4, k = 3, so 3 and 6 degrees of freedom;
    F(0.975; 3, 6) = 6.599 and F(0.025; 3, 6) = 1 / F(0.975; 6, 3) = 1 / 14.73 = 0.0679, giving
    1 - 0.0909 * 6.599 = 0.400 and 1 - 0.0909 * 0.0679 = 0.994: four respondents pin alpha down
    poorly.

    >>> print(alpha_interval([[2, 2, 2], [3, 3, 3], [4, 4, 4], [1, 2, 3]]))
    Cronbach's alpha 0.909 (95% CI 0.400 to 0.994), 3 items, n = 4
    """
    matrix = _matrix(items)
    value = alpha(matrix)
    n, k = matrix.shape
    low, high = feldt_interval(value, n, k, confidence)
    return AlphaResult(value, (low, high), n, k, confidence)


def scales(
    items: Any, groups: Mapping[str, Sequence[int]], confidence: float = 0.95
) -> pd.DataFrame:
    """Alpha with Feldt's interval for each of several scales within one answer matrix.

    Parameters
    ----------
    items : array-like or pandas.DataFrame, shape (respondents, items)
    groups : mapping of str to sequence of int
        Scale name -> the column positions (0-based) of its items.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by scale: ``items`` (k), ``n``, ``alpha``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> data = [[2, 2, 2, 1], [3, 3, 3, 2], [4, 4, 4, 1], [1, 2, 3, 2]]
    >>> table = scales(data, {"first three": [0, 1, 2], "all four": [0, 1, 2, 3]})
    >>> table.loc["first three", ["alpha", "ci_low", "ci_high"]].round(3).tolist()
    [0.909, 0.4, 0.994]
    """
    matrix = np.asarray(items, dtype=float)
    rows = []
    for columns in groups.values():
        result = alpha_interval(matrix[:, list(columns)], confidence)
        rows.append((result.k, result.n, result.alpha, *result.ci))
    return pd.DataFrame(
        rows,
        columns=["items", "n", "alpha", "ci_low", "ci_high"],
        index=pd.Index(list(groups), name="scale"),
    )
