"""Pictures of behaviour segments: customers on two measures, and how k segments judge.

Computing is :mod:`cxlib.segments`; chapter ``book/customer_analysis.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

__all__ = ["judge", "scatter"]

#: Okabe & Ito colours for up to eight segments.
SEGMENT_COLOURS = (
    ESTIMATE_COLOUR,
    CATEGORY_COLOURS["detractor"],
    CATEGORY_COLOURS["promoter"],
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)


def scatter(
    frame: pd.DataFrame,
    labels: Sequence,
    x: str,
    y: str,
    *,
    names: Mapping | None = None,
    logx: bool = False,
    logy: bool = False,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Customers on two measures, coloured by segment (``names`` maps a label to its name).

    Examples
    --------
    >>> frame = pd.DataFrame({"visits": [1, 2, 10, 11], "basket": [300, 280, 40, 50]})
    >>> ax = scatter(frame, [0, 0, 1, 1], "visits", "basket", names={0: "family", 1: "top-up"})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['family', 'top-up']
    """
    for column in (x, y):
        if column not in frame.columns:
            raise ValueError(f"frame has no column {column!r}")
    labels = np.asarray(labels)
    if len(labels) != len(frame):
        raise ValueError(f"labels has {len(labels)} entries; frame has {len(frame)} rows")
    ax = axes(ax, (7, 5))
    for k, label in enumerate(pd.unique(labels)):
        mine = labels == label
        ax.scatter(frame.loc[mine, x], frame.loc[mine, y], s=12, alpha=0.55,
                   color=SEGMENT_COLOURS[k % len(SEGMENT_COLOURS)],
                   label=str(names.get(label, label)) if names else str(label))  # fmt: skip
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.legend(markerscale=2, fontsize=8, frameon=True)
    ax.set_title(title or f"Customers by {x} and {y}")
    return ax


def judge(table: pd.DataFrame, *, title: str | None = None) -> plt.Figure:
    """Three panels against the number of segments: silhouette, stability, smallest share.

    ``table`` is the output of :func:`cxlib.segments.compare_k`. The silhouette panel marks
    Kaufman & Rousseeuw's readings (0.25 none, 0.50 weak, 0.70 strong).

    Examples
    --------
    >>> table = pd.DataFrame({"silhouette": [0.3, 0.4], "stability": [0.8, 0.9],
    ...     "stability_low": [0.6, 0.8], "smallest_share": [0.2, 0.1]}, index=[2, 3])
    >>> len(judge(table).axes)
    3
    """
    for column in ("silhouette", "stability", "stability_low", "smallest_share"):
        if column not in table.columns:
            raise ValueError(f"table has no column {column!r}: pass segments.compare_k(...)")
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(11, 3.6), layout="constrained")
    ks = table.index.to_numpy()
    left.plot(ks, table["silhouette"], "o-", color=ESTIMATE_COLOUR)
    for level, words in ((0.25, "none"), (0.5, "weak"), (0.7, "strong")):
        left.axhline(level, color="0.7", linewidth=1, linestyle="--")
        left.annotate(words, (ks[-1], level), xytext=(3, 2), textcoords="offset points",
                      fontsize=8, color="0.4")  # fmt: skip
    left.set_ylim(0, 1)
    left.set_title("separation:\naverage silhouette")
    middle.plot(ks, table["stability"], "o-", color=ESTIMATE_COLOUR, label="median")
    middle.plot(ks, table["stability_low"], "v--", color=CATEGORY_COLOURS["detractor"],
                label="10th percentile")  # fmt: skip
    middle.set_ylim(0, 1.05)
    middle.legend(fontsize=8)
    middle.set_title("stability:\nadjusted Rand index")
    right.bar(ks, table["smallest_share"], color=ESTIMATE_COLOUR, alpha=0.8)
    right.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    right.set_title("size:\nsmallest segment")
    for ax in (left, middle, right):
        ax.set_xticks(ks)
        ax.set_xlabel("number of segments")
    figure.suptitle(title or "How many segments? Three checks")
    return figure
