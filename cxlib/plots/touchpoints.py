"""Pictures of touchpoint audits: the three channels per interaction and where the impression
is lost. Computing is :mod:`cxlib.touchpoints`; book ``book/touchpoints.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["channels"]

CHANNEL_COLOURS = {
    "words": ESTIMATE_COLOUR,
    "tone": "#E69F00",
    "body": CATEGORY_COLOURS["promoter"],
}


def channels(audit: pd.DataFrame, touchpoint: str = "touchpoint", ax: Axes | None = None) -> Axes:
    """Mean rating of words, tone and body per touchpoint, with the summary impression marked.

    ``audit`` is the output of :func:`cxlib.touchpoints.audit`. Touchpoints where the 7-38-55
    rule applies in most visits are marked with an asterisk.

    Examples
    --------
    >>> from cxlib import touchpoints
    >>> visits = pd.DataFrame({"touchpoint": ["welcome"], "words": [3], "tone": [-1], "body": [-2],
    ...                        "about_feelings": [True]})
    >>> len(channels(touchpoints.audit(visits)).patches)
    3
    """
    ax = axes(ax, (8, 3.8))
    means = audit.groupby(touchpoint, sort=False)[["words", "tone", "body", "summary"]].mean()
    applies = audit.groupby(touchpoint, sort=False)["rule_applies"].mean() > 0.5
    rows = np.arange(len(means))
    height = 0.25
    for i, channel in enumerate(["words", "tone", "body"]):
        ax.barh(
            rows + (i - 1) * height,
            means[channel],
            height=height,
            color=CHANNEL_COLOURS[channel],
            label=channel,
        )
    ax.scatter(means["summary"], rows, marker="D", color="black", zorder=3, label="impression")
    ax.set_yticks(rows, [f"{name}{' *' if applies[name] else ''}" for name in means.index])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlabel(
        "mean rating (-3 cold ... +3 warm);  * = 7-38-55 applies (feelings, channels disagree)"
    )
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    return ax
