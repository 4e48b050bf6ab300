"""Pictures of reasons and drivers: what each customer type talks about, and what moves the
score. Computing is :mod:`cxlib.reasons`; workbook ``notebooks/07_reasons.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxlib import nps, reasons
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["drivers", "themes_by_type"]


def themes_by_type(
    table: pd.DataFrame,
    themes: Mapping[str, Mapping[str, Any]] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """For each theme, the share of detractors', passives' and promoters' reasons that mention it.

    ``table`` is the output of :func:`cxlib.reasons.by_type`; theme labels get their Chinese names
    from ``themes`` (default :data:`cxlib.reasons.THEMES`).

    Examples
    --------
    >>> coded = reasons.code(["太吵了", "早餐很好", "Great breakfast"])
    >>> ax = themes_by_type(reasons.by_type(coded, [2, 10, 9]))
    >>> ax.get_xlabel()
    'share of the reasons given by each type (95% CI)'
    """
    themes = reasons.THEMES if themes is None else themes
    names = [t for t in table["theme"].unique() if t != "other"] + ["other"]
    ax = axes(ax, (8, 0.5 * len(names) + 1.2))
    height = 0.26
    rows = np.arange(len(names))
    for i, kind in enumerate(nps.CATEGORIES):
        part = table[table["type"] == kind].set_index("theme").reindex(names)
        ax.barh(
            rows + (i - 1) * height,
            part["share"],
            height=height,
            color=CATEGORY_COLOURS[kind],
            label=kind + "s",
            xerr=[part["share"] - part["ci_low"], part["ci_high"] - part["share"]],
            error_kw={"elinewidth": 1, "ecolor": "0.4"},
        )
    labels = [f"{n} {themes[n].get('zh', '')}".strip() if n in themes else n for n in names]
    ax.set_yticks(rows, labels)
    ax.invert_yaxis()
    ax.set_xlabel("share of the reasons given by each type (95% CI)")
    ax.legend(frameon=False, loc="lower right")
    return ax


def drivers(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Each attribute's relative weight (its part of R^2) with its interval, correlation annotated.

    ``table`` is the output of :func:`cxlib.reasons.key_drivers`.

    Examples
    --------
    >>> table = pd.DataFrame({"attribute": ["staff", "price"], "correlation": [0.6, 0.3],
    ...                       "weight": [0.3, 0.1], "weight_low": [0.25, 0.05],
    ...                       "weight_high": [0.35, 0.15]})
    >>> drivers(table).get_xlabel()
    'relative weight: part of R² it explains (95% CI)'
    """
    ax = axes(ax, (7, 0.5 * len(table) + 1.2))
    rows = np.arange(len(table))
    ax.barh(
        rows,
        table["weight"],
        color=ESTIMATE_COLOUR,
        alpha=0.8,
        xerr=[table["weight"] - table["weight_low"], table["weight_high"] - table["weight"]],
        error_kw={"elinewidth": 1.5, "ecolor": "black", "capsize": 3},
    )
    for row, (weight, r) in enumerate(zip(table["weight_high"], table["correlation"], strict=True)):
        ax.text(weight + 0.005, row, f"r = {r:.2f}", va="center", fontsize=9, color="0.3")
    ax.set_yticks(rows, table["attribute"])
    ax.invert_yaxis()
    ax.set_xlabel("relative weight: part of R² it explains (95% CI)")
    return ax
