"""Cronbach's alpha of each SERVQUAL dimension (内部一致性), with Feldt's interval.

Public through :mod:`cxlib.servqual` (``servqual.cronbach_alpha``, ``servqual.alpha_table``).
Separate from the gaps there: before a dimension's gap is read, its four or five items should
measure one thing; this module groups the 22 items into the five dimensions of
:mod:`cxlib._servqual_items` and asks :mod:`cxlib.reliability` for each group's alpha.

Book chapter: ``book/servqual.md``.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*,
16(3), 297-334.
Feldt, L. S., Woodruff, D. J. & Salih, F. A. (1987). Statistical inference for coefficient
alpha. *Applied Psychological Measurement*, 11(1), 93-103.
Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988). SERVQUAL: a multiple-item scale for
measuring consumer perceptions of service quality. *Journal of Retailing*, 64(1), 12-40.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import reliability
from cxlib._servqual_items import _SIZES, _STARTS, DIMENSIONS

__all__ = ["alpha_table", "cronbach_alpha"]


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
    return alpha_table(items)["alpha"]


def alpha_table(items: Any, confidence: float = 0.95) -> pd.DataFrame:
    """Cronbach's alpha of each SERVQUAL dimension with Feldt's confidence interval.

    Parameters
    ----------
    items : pandas.DataFrame or array-like, shape (respondents, 22)
        Answers (expectations, perceptions or gaps) with columns in item order 1-22.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``items``, ``n``, ``alpha``, ``ci_low``, ``ci_high``.

    Raises
    ------
    ValueError
        Not 22 columns; see :func:`cxlib.reliability.alpha`.

    References
    ----------
    Cronbach (1951); Feldt, Woodruff & Salih (1987), Applied Psychological Measurement 11(1).

    See Also
    --------
    cxlib.reliability.feldt_interval. Book chapter ``book/servqual.md``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> base = rng.integers(1, 8, size=(50, 1))
    >>> answers = np.clip(base + rng.integers(-1, 2, size=(50, 22)), 1, 7)
    >>> table = alpha_table(answers)
    >>> bool((table["ci_low"] < table["alpha"]).all() and (table["alpha"] < table["ci_high"]).all())
    True
    """
    matrix = np.asarray(items, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != 22:
        raise ValueError(
            f"items must have 22 columns (items 1-22 in order), got shape {matrix.shape}"
        )
    groups = {
        name: range(start, start + size)
        for name, start, size in zip(DIMENSIONS["dimension"], _STARTS, _SIZES, strict=True)
    }
    table = reliability.scales(matrix, groups, confidence)
    table.index.name = "dimension"
    return table
