"""Pictures of funnels: where users drop out, and how two variants differ at each step.

Computing is :mod:`cxlib.funnel`; chapter ``book/customers.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["differences", "steps"]


def steps(table: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """A funnel: one centred bar per step, its users and share of the first step, and between the
    bars the conversion from the previous step with its interval; the weakest step in red.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`cxlib.funnel.conversion`.
    ax : matplotlib Axes, optional
    title : str, optional

    Examples
    --------
    >>> table = pd.DataFrame({"step": ["visit", "pay"], "users": [100, 40], "lost": [0, 60],
    ...     "from_previous": [np.nan, 0.4], "from_previous_low": [np.nan, 0.31],
    ...     "from_previous_high": [np.nan, 0.5], "from_first": [1.0, 0.4]})
    >>> len(steps(table).patches)
    2
    """
    ax = axes(ax, (8, 0.5 + 0.75 * len(table)))
    users = table["users"].to_numpy(dtype=float)
    rates = table["from_previous"].to_numpy(dtype=float)
    worst = int(np.nanargmin(rates[1:])) + 1 if len(table) > 1 else -1
    width = users / users[0]
    for y, (share, row) in enumerate(zip(width, table.itertuples(), strict=True)):
        colour = CATEGORY_COLOURS["detractor"] if y == worst else ESTIMATE_COLOUR
        ax.barh(y, share, left=(1 - share) / 2, color=colour, alpha=0.85, height=0.62)
        inside = share > 0.3
        ax.text(
            0.5 if inside else (1 + share) / 2 + 0.01, y,
            f"{int(row.users):,}  ({row.from_first:.0%})", ha="center" if inside else "left",
            va="center", color="white" if inside else "black", fontsize=9,
        )  # fmt: skip
        if y > 0:
            ax.text(
                1.02, y - 0.5,
                f"↓ {row.from_previous:.0%} ({row.from_previous_low:.0%}–"
                f"{row.from_previous_high:.0%})",
                va="center", fontsize=8.5, color=colour,
            )  # fmt: skip
    ax.set_yticks(range(len(table)), [str(s) for s in table["step"]])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1.3)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or "Users reaching each step (share of the first); arrows: step conversion")
    return ax


def differences(table: pd.DataFrame, ax: Axes | None = None, labels: tuple = ()) -> Axes:
    """Difference in conversion (b - a) at each step, in points, with Newcombe's intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`cxlib.funnel.compare`.
    ax : matplotlib Axes, optional
    labels : tuple of str, optional
        Names of the two groups; default ``table.attrs["groups"]``.

    Examples
    --------
    >>> table = pd.DataFrame({"step": ["form", "pay"], "difference": [0.01, 0.08],
    ...     "low": [-0.02, 0.03], "high": [0.04, 0.13]})
    >>> len(differences(table, labels=("old", "new")).collections) >= 1
    True
    """
    rows = table.dropna(subset=["difference"])
    rows = rows[rows.index > 0] if len(rows) > 1 else rows
    ax = axes(ax, (7, 0.8 + 0.5 * len(rows)))
    y = np.arange(len(rows))[::-1]
    points = 100 * rows["difference"].to_numpy()
    ax.hlines(y, 100 * rows["low"], 100 * rows["high"], color=ESTIMATE_COLOUR, lw=2.5)
    ax.scatter(points, y, color=ESTIMATE_COLOUR, zorder=3, s=36)
    for x, yy in zip(points, y, strict=True):
        ax.annotate(f"{x:+.1f}", (x, yy), xytext=(0, 7), textcoords="offset points",
                    ha="center", fontsize=9)  # fmt: skip
    ax.axvline(0, color="#555555", lw=1, ls="--")
    ax.set_yticks(y, [str(s) for s in rows["step"]])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    a, b = labels or table.attrs.get("groups", ("a", "b"))
    ax.set_xlabel(f"conversion of {b} minus {a}, points (95% interval)")
    return ax
