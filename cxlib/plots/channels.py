"""A journey's steps by channel as a picture: each channel's mean rating with its interval, the
steps whose channels differ marked. Computing is :mod:`cxlib.channels`; book ``book/journey.md``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from cxlib import channels
from cxlib.plots.theme import CATEGORY_COLOURS

__all__ = ["by_channel"]

#: Okabe & Ito colours for up to five channels (the detractor orange is kept for "differs").
CHANNEL_COLOURS = ("#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def by_channel(
    result: channels.ChannelConsistency,
    scale: tuple[float, float] = (-2, 2),
    size: tuple[float, float] = (9, 5.2),
) -> Figure:
    """Draw each step's mean rating per channel with its interval; mark the steps that differ.

    The steps run from top to bottom in journey order; a step whose verdict is "differs" gets
    its name marked and a note at the right.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"step": ["pay"] * 8, "channel": ["hotline"] * 4 + ["online"] * 4,
    ...                      "rating": [-2, -1, -2, -1, 1, 2, 1, 2]})
    >>> figure = by_channel(channels.consistency(data, tolerance=0.5))
    >>> figure.axes[0].get_xlabel()
    'mean rating (−2 very bad, +2 very good)'
    """
    means = result.means
    steps = list(result.steps["step"])
    names = list(dict.fromkeys(means["channel"]))
    figure, ax = plt.subplots(figsize=size)
    row = {step: len(steps) - 1 - i for i, step in enumerate(steps)}
    offsets = np.linspace(-0.22, 0.22, len(names)) if len(names) > 1 else np.zeros(1)
    for colour, offset, name in zip(CHANNEL_COLOURS, offsets, names, strict=False):
        part = means[means["channel"] == name]
        y = part["step"].map(row).to_numpy() + offset
        ax.errorbar(
            part["mean"],
            y,
            xerr=[part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]],
            fmt="o",
            color=colour,
            capsize=3,
            markersize=7,
            label=str(name),
        )
    ax.axvline(0, color="0.5", linewidth=1)
    differs = result.steps.set_index("step")["verdict"].eq("differs")
    labels = [str(step) for step in reversed(steps)]
    ax.set_yticks(range(len(steps)), labels)
    for tick, step in zip(ax.get_yticklabels(), reversed(steps), strict=True):
        if differs[step]:
            tick.set_color(CATEGORY_COLOURS["detractor"])
            tick.set_fontweight("bold")
    for step in steps:
        if differs[step]:
            ax.text(
                scale[1] - 0.05,
                row[step],
                "channels differ",
                ha="right",
                va="center",
                fontsize=9,
                color=CATEGORY_COLOURS["detractor"],
            )
    ax.set_xlim(*scale)
    ax.set_ylim(-0.6, len(steps) - 0.4)
    ax.set_xlabel("mean rating (−2 very bad, +2 very good)")
    ax.grid(axis="y", visible=False)
    # outside the axes, right of the top row: clear of the data and of the axis label at any
    # figure size (the slides redraw the figure with larger type)
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(f"Each step by channel: mean with {result.confidence:.0%} interval", fontsize=11)
    figure.tight_layout()
    return figure
