"""Pictures of SERVQUAL gaps: gaps by dimension with intervals, and importance vs. performance.
Computing is :mod:`cxlib.servqual`; book ``book/servqual.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cxlib import servqual
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["dimension_gaps", "importance_performance"]


def dimension_gaps(result: servqual.ServqualGaps, ax: Axes | None = None) -> Axes:
    """Mean gap P - E of each dimension with its confidence interval; zero is "as expected".

    Examples
    --------
    >>> result = servqual.gaps(np.full((3, 22), 7), np.array([[5] * 22, [6] * 22, [7] * 22]))
    >>> [t.get_text() for t in dimension_gaps(result).get_yticklabels()][0]
    'Tangibles 有形性'
    """
    ax = axes(ax, (7, 3.2))
    table = result.dimensions
    rows = np.arange(len(table))
    colours = [
        CATEGORY_COLOURS["detractor"] if high < 0 else ESTIMATE_COLOUR for high in table["ci_high"]
    ]
    ax.barh(rows, table["gap"], color=colours, alpha=0.35)
    ax.errorbar(
        table["gap"],
        rows,
        xerr=[table["gap"] - table["ci_low"], table["ci_high"] - table["gap"]],
        fmt="o",
        color="black",
        capsize=4,
    )
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(
        rows, [f"{d} {z}" for d, z in zip(table["dimension"], table["dimension_zh"], strict=True)]
    )
    ax.invert_yaxis()
    ax.set_xlabel(f"gap P - E with {result.confidence:.0%} CI (below 0: falls short)")
    return ax


def importance_performance(result: servqual.ServqualGaps, ax: Axes | None = None) -> Axes:
    """Importance (mean points) against performance (gap) per dimension, with the quadrants.

    Needs a result computed with ``weights``. Top-left (important, falling short) is where to act
    first.

    Examples
    --------
    >>> w = dict(Tangibles=10, Reliability=30, Responsiveness=20, Assurance=20, Empathy=20)
    >>> perceived = np.array([[5] * 22, [6] * 22, [7] * 22])
    >>> result = servqual.gaps(np.full((3, 22), 7), perceived, weights=w)
    >>> importance_performance(result).get_xlabel()
    'performance: gap P - E'
    """
    if "weight" not in result.dimensions:
        raise ValueError("importance_performance needs a result computed with weights=")
    ax = axes(ax, (6, 4.2))
    table = result.dimensions
    ax.scatter(table["gap"], table["weight"], s=80, color=ESTIMATE_COLOUR, zorder=3)
    for _, row in table.iterrows():
        ax.annotate(
            f"{row['dimension']} {row['dimension_zh']}",
            (row["gap"], row["weight"]),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=9,
        )
    ax.axhline(100 / 5, color="0.6", linestyle="--", linewidth=1)
    ax.axvline(table["gap"].mean(), color="0.6", linestyle="--", linewidth=1)
    ax.text(
        0.02,
        0.97,
        "act first: important, falling short",
        transform=ax.transAxes,
        va="top",
        fontsize=9,
        color=CATEGORY_COLOURS["detractor"],
    )
    ax.set_xlabel("performance: gap P - E")
    ax.set_ylabel("importance: mean points of 100")
    return ax
