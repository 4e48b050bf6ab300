"""Pictures of the peak-end rule: an episode's curve with its peak, end and mean, and memory vs.
experience across many episodes. Computing is :mod:`cxlib.peakend`; book ``book/peakend.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cxlib import peakend
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

plt = Module("matplotlib.pyplot")

__all__ = ["episodes", "memory_vs_experience"]

PEAK_COLOUR, END_COLOUR = CATEGORY_COLOURS["detractor"], CATEGORY_COLOURS["promoter"]


def episodes(
    moments: pd.DataFrame,
    ax: Axes | None = None,
    ylabel: str = "discomfort (0-10)",
    valence: peakend.Valence = "pain",
) -> Axes:
    """Each episode's moment-by-moment curve, its peak and end marked, peak-end in the legend.

    Examples
    --------
    >>> ax = episodes(peakend.cold_hand())
    >>> len(ax.get_lines()) >= 2
    True
    """
    ax = axes(ax, (8, 3.6))
    summary = peakend.summarize_episodes(moments, valence=valence).set_index("episode")
    for name, group in moments.groupby("episode", sort=True):
        row = summary.loc[name]
        line = ax.plot(
            group["t"],
            group["rating"],
            linewidth=2,
            label=f"{name}: peak-end {row['peak_end']:.1f}, area {row['area']:.0f}",
        )[0]
        ax.fill_between(group["t"], group["rating"], alpha=0.08, color=line.get_color())
        ax.scatter([row["peak_time"]], [row["peak"]], color=PEAK_COLOUR, zorder=3, s=40)
        ax.scatter([group["t"].max()], [row["end"]], color=END_COLOUR, zorder=3, s=40, marker="s")
    ax.set_xlabel("time")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="lower left", fontsize=9)
    ax.set_title("peak (●) and end (■) of each episode")
    return ax


def memory_vs_experience(summary: pd.DataFrame) -> Figure:
    """Remembered rating against peak, end, duration and area: what memory follows.

    ``summary`` is the second table from :func:`cxlib.peakend.simulate` (or any table with a
    ``remembered`` column beside the :func:`cxlib.peakend.summarize_episodes` columns).

    Examples
    --------
    >>> _, summary = peakend.simulate(60, seed=1)
    >>> len(memory_vs_experience(summary).axes)
    4
    """
    figure, axes = plt.subplots(1, 4, figsize=(12, 3), sharey=True)
    for ax, column in zip(axes, ["peak", "end", "duration", "area"], strict=True):
        r = summary[["remembered", column]].corr().iloc[0, 1]
        ax.scatter(summary[column], summary["remembered"], s=10, alpha=0.5, color=ESTIMATE_COLOUR)
        ax.set_title(f"{column}: r = {r:.2f}")
        ax.set_xlabel(column)
    axes[0].set_ylabel("remembered pain")
    figure.tight_layout()
    return figure
