"""The Kano Better-Worse chart. Computing is :mod:`cxlib.kano`; book ``book/kano.md``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["better_worse"]

QUADRANTS = [  # (x, y) of the label, text: x = |Worse|, y = Better
    (0.25, 0.97, "attractive 兴奋型需求"),
    (0.75, 0.97, "one-dimensional 期望需求"),
    (0.75, 0.03, "must-be 基础型需求"),
    (0.25, 0.03, "indifferent 无差异需求"),
]


def better_worse(table: pd.DataFrame, label: str = "feature", ax: Axes | None = None) -> Axes:
    """Each feature at (|Worse|, Better) with its intervals, in the four Kano quadrants.

    ``table`` is the output of :func:`cxlib.kano.evaluate`; the quadrant lines are at 0.5.

    Examples
    --------
    >>> table = pd.DataFrame({"feature": ["wifi"], "better": [0.25], "worse": [-0.75],
    ...                       "better_low": [0.1], "better_high": [0.5],
    ...                       "worse_low": [-0.9], "worse_high": [-0.5]})
    >>> better_worse(table).get_xlabel()
    '|Worse|: dissatisfaction if absent'
    """
    ax = axes(ax, (6.5, 5.5))
    x, y = -table["worse"], table["better"]
    ax.errorbar(
        x,
        y,
        xerr=[x - (-table["worse_high"]), (-table["worse_low"]) - x],
        yerr=[y - table["better_low"], table["better_high"] - y],
        fmt="o",
        color=ESTIMATE_COLOUR,
        ecolor="0.75",
        capsize=2,
        markersize=7,
    )
    for _, row in table.iterrows():
        ax.annotate(
            str(row[label]),
            (-row["worse"], row["better"]),
            xytext=(5, 5),
            textcoords="offset points",
            fontsize=9,
        )
    ax.axhline(0.5, color="0.5", linewidth=1)
    ax.axvline(0.5, color="0.5", linewidth=1)
    for qx, qy, text in QUADRANTS:
        ax.text(
            qx,
            qy,
            text,
            transform=ax.transAxes,
            ha="center",
            va="top" if qy > 0.5 else "bottom",
            fontsize=9,
            color=CATEGORY_COLOURS["passive"],
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("|Worse|: dissatisfaction if absent")
    ax.set_ylabel("Better: satisfaction if present")
    return ax
