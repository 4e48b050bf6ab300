"""The customer journey map as a picture: stages as bands, the emotion curve, touchpoints
annotated, pain points and moments of truth marked. Computing is :mod:`cxlib.journey`; book
``book/journey.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxlib import journey
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

plt = Module("matplotlib.pyplot")

__all__ = ["journey_map"]

MOMENT_STYLE = {
    "peak": ("^", CATEGORY_COLOURS["promoter"]),
    "trough": ("v", CATEGORY_COLOURS["detractor"]),
    "end": ("s", "black"),
}


def journey_map(
    result: journey.Journey, label: str = "touchpoint", scale: tuple[float, float] = (-5, 5)
) -> Figure:
    """Draw the journey: stage bands, emotion curve, touchpoint labels, moments of truth.

    Examples
    --------
    >>> import pandas as pd
    >>> stay = pd.DataFrame({"stage": ["purchase", "use", "after-sales"],
    ...                      "touchpoint": ["booking", "room", "check-out"], "emotion": [2, 4, -1]})
    >>> figure = journey_map(journey.analyze(stay))
    >>> figure.axes[0].get_ylabel()
    'emotion'
    """
    table = result.touchpoints
    figure, ax = plt.subplots(figsize=(10, 5.6), layout="constrained")
    x = table["position"].to_numpy()
    for i, (stage, group) in enumerate(table.groupby("stage", sort=False)):
        left, right = group["position"].min() - 0.5, group["position"].max() + 0.5
        ax.axvspan(left, right, color="0.92" if i % 2 == 0 else "0.98", zorder=0)
        ax.text(
            (left + right) / 2,
            scale[1] - 0.25,
            f"{stage}\n{group['stage_zh'].iloc[0]}",
            ha="center",
            va="top",
            fontsize=9,
            color="0.3",
        )
    ax.axhline(0, color="0.5", linewidth=1)
    ax.plot(x, table["emotion"], color=ESTIMATE_COLOUR, linewidth=2, marker="o", zorder=2)
    pain = table["pain_point"].to_numpy()
    ax.scatter(
        x[pain],
        table["emotion"][pain],
        s=160,
        facecolors="none",
        edgecolors=CATEGORY_COLOURS["detractor"],
        linewidths=2,
        zorder=3,
        label="pain point 痛点",
    )
    for name, (marker, colour) in MOMENT_STYLE.items():
        rows = table["moment"].str.contains(name).to_numpy()
        offset = 0.7 if name == "peak" else -0.7
        ax.scatter(
            x[rows],
            table["emotion"][rows] + offset,
            marker=marker,
            color=colour,
            s=80,
            zorder=4,
            label=f"moment of truth: {name}",
        )
    ax.set_xlim(0.5, len(table) + 0.5)
    ax.set_ylim(*scale)
    ax.set_xticks(x, [str(name) for name in table[label]], rotation=40, ha="right", fontsize=9)
    ax.set_ylabel("emotion")
    ax.grid(axis="x", visible=False)
    # constrained layout places the legend below the tick labels at whatever size the figure is
    # drawn (the slides enlarge the fonts after this function returns)
    figure.legend(frameon=False, fontsize=9, loc="outside lower center", ncol=4)
    return figure
