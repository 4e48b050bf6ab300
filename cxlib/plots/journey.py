"""The customer journey map as a picture: stages as bands, the emotion curve, touchpoints
annotated, pain points and moments of truth marked. Computing is :mod:`cxlib.journey`; book
``book/journey.md``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from cxlib import journey
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR

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
    figure, ax = plt.subplots(figsize=(max(8, 0.75 * len(table) + 2), 4.8))
    x = table["position"].to_numpy()
    for i, (stage, group) in enumerate(table.groupby("stage", sort=False)):
        left, right = group["position"].min() - 0.5, group["position"].max() + 0.5
        ax.axvspan(left, right, color="0.93" if i % 2 == 0 else "0.98", zorder=0)
        ax.text(
            (left + right) / 2,
            scale[1] - 0.3,
            f"{stage}\n{group['stage_zh'].iloc[0]}",
            ha="center",
            va="top",
            fontsize=9,
            color="0.35",
        )
    ax.axhline(0, color="0.5", linewidth=1)
    ax.plot(x, table["emotion"], color=ESTIMATE_COLOUR, linewidth=2, marker="o", zorder=2)
    pain = table["pain_point"].to_numpy()
    ax.scatter(
        x[pain],
        table["emotion"][pain],
        s=120,
        facecolors="none",
        edgecolors=CATEGORY_COLOURS["detractor"],
        linewidths=2,
        zorder=3,
        label="pain point",
    )
    for name, (marker, colour) in MOMENT_STYLE.items():
        rows = table["moment"].str.contains(name).to_numpy()
        ax.scatter(
            x[rows],
            table["emotion"][rows] + 0.6 * (1 if name == "peak" else -1),
            marker=marker,
            color=colour,
            s=70,
            zorder=4,
            label=f"moment of truth: {name}",
        )
    for _, row in table.iterrows():
        ax.annotate(
            str(row[label]),
            (row["position"], row["emotion"]),
            rotation=35,
            fontsize=8,
            xytext=(0, -14 if row["emotion"] >= 0 else 10),
            textcoords="offset points",
            ha="right" if row["emotion"] >= 0 else "left",
            va="top" if row["emotion"] >= 0 else "bottom",
        )
    ax.set_xlim(0.5, len(table) + 0.5)
    ax.set_ylim(*scale)
    ax.set_xticks(x, [str(p) for p in x])
    ax.set_xlabel("touchpoint, in journey order")
    ax.set_ylabel("emotion")
    ax.legend(frameon=False, fontsize=8, loc="lower right", ncol=2)
    figure.tight_layout()
    return figure
