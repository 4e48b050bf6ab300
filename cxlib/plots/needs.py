"""The urgency × importance matrix of customer needs. Computing is :mod:`cxlib.needs`; book
``book/needs.md``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["matrix"]

#: Colour of each quadrant's points.
QUADRANT_COLOURS = {
    "do now": CATEGORY_COLOURS["detractor"],
    "plan": ESTIMATE_COLOUR,
    "delegate": CATEGORY_COLOURS["promoter"],
    "drop": CATEGORY_COLOURS["passive"],
}


def matrix(
    ranked: pd.DataFrame,
    label: str = "need",
    *,
    urgency: str = "urgency",
    importance: str = "importance",
    scale: tuple[float, float] = (1, 5),
    cut: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each need at (urgency, importance), coloured by quadrant, labelled with its rank.

    ``ranked`` is the output of :func:`cxlib.needs.rank` (pass it the same ``scale`` and
    ``cut``). Needs with the same two ratings are spread slightly apart (a fixed pattern, no
    randomness) so that none hides another.

    Examples
    --------
    >>> from cxlib import needs
    >>> table = pd.DataFrame({"need": ["delay", "noise"], "urgency": [5, 4],
    ...                       "importance": [4, 2]})
    >>> matrix(needs.rank(table)).get_xlabel()
    'urgency 紧迫性'
    """
    for column in (label, urgency, importance, "rank", "quadrant"):
        if column not in ranked.columns:
            raise ValueError(
                f"ranked has no column {column!r}: pass the output of cxlib.needs.rank"
            )
    low, high = scale
    cut = (low + high) / 2 if cut is None else cut
    ax = axes(ax, (7, 6))
    x = ranked[urgency].to_numpy(dtype="float64")
    y = ranked[importance].to_numpy(dtype="float64")
    # spread needs that share a position around it, in a fixed pattern
    position = pd.Series(list(zip(x, y, strict=True)))
    nth = position.groupby(position).cumcount().to_numpy()
    count = position.map(position.value_counts()).to_numpy()
    angle = 2 * np.pi * nth / np.maximum(count, 1)
    radius = np.where(count > 1, 0.12 * (high - low) / 4, 0.0)
    x, y = x + radius * np.cos(angle), y + radius * np.sin(angle)
    margin = 0.08 * (high - low)
    band = 2.4 * margin  # room above and below the ratings for the quadrant names
    corners = {  # shaded quadrants: (x0, x1, y0, y1)
        "do now": (cut, high + margin, cut, high + band),
        "plan": (low - margin, cut, cut, high + band),
        "delegate": (cut, high + margin, low - band, cut),
        "drop": (low - margin, cut, low - band, cut),
    }
    for name, (x0, x1, y0, y1) in corners.items():
        ax.fill_between([x0, x1], y0, y1, color=QUADRANT_COLOURS[name], alpha=0.07, linewidth=0)
        top = y1 > cut
        ax.text(
            (x0 + x1) / 2,
            high + 1.5 * margin if top else low - 1.5 * margin,
            name,
            ha="center",
            va="center",
            fontsize=11,
            color=QUADRANT_COLOURS[name],
        )
    colours = ranked["quadrant"].map(QUADRANT_COLOURS).to_numpy()
    ax.scatter(x, y, s=70, c=colours, edgecolor="white", zorder=3)
    left = np.cos(angle) < -1e-9  # the left one of a spread pair is labelled on its left
    for xi, yi, name, place, on_left in zip(x, y, ranked[label], ranked["rank"], left, strict=True):
        ax.annotate(
            f"{place}. {name}",
            (xi, yi),
            xytext=(-6 if on_left else 6, 4),
            textcoords="offset points",
            ha="right" if on_left else "left",
            fontsize=8,
        )
    ax.axvline(cut, color="0.5", linewidth=1)
    ax.axhline(cut, color="0.5", linewidth=1)
    ax.set_xlim(low - margin, high + margin)
    ax.set_ylim(low - band, high + band)
    ax.set_yticks(np.arange(np.ceil(low), np.floor(high) + 1))
    ax.set_xlabel("urgency 紧迫性")
    ax.set_ylabel("importance 重要性")
    ax.set_title("Customer needs by urgency and importance")
    return ax
