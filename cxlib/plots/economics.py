"""Customer-system economics as a waterfall: benefits up, costs down, total value at the end.
Computing is :mod:`cxlib.economics`; book ``book/needs.md``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cxlib.economics import Economics
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["waterfall"]


def waterfall(result: Economics, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Each benefit raises the running total, each cost lowers it; the last bar is the value.

    ``result`` is the output of :func:`cxlib.economics.total_value`; bars show present values
    (the same as the amounts when the discount rate is 0).

    Examples
    --------
    >>> from cxlib.economics import total_value
    >>> ax = waterfall(total_value({"saving": 60}, {"system": 40}))
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [60.0, -40.0, 20.0]
    """
    if not isinstance(result, Economics):
        raise TypeError(
            f"result must be the output of cxlib.economics.total_value, got {type(result).__name__}"
        )
    items = result.items
    signed = np.where(items["kind"] == "benefit", 1.0, -1.0) * items["present_value"].to_numpy()
    ends = np.cumsum(signed)
    starts = ends - signed
    ax = axes(ax, (max(6.0, 1.1 * (len(items) + 1) + 2), 4.5))
    colours = [
        CATEGORY_COLOURS["promoter"] if kind == "benefit" else CATEGORY_COLOURS["detractor"]
        for kind in items["kind"]
    ]
    positions = np.arange(len(items) + 1)
    ax.bar(positions[:-1], signed, bottom=starts, color=colours, width=0.7)
    ax.bar(positions[-1], result.total_value, color=ESTIMATE_COLOUR, width=0.7)
    for k in range(len(items)):  # connectors between bars
        ax.plot([k + 0.35, k + 0.65], [ends[k], ends[k]], color="0.6", linewidth=1)
    for pos, top, value in zip(
        positions, [*ends, result.total_value], [*signed, result.total_value], strict=True
    ):
        ax.annotate(
            f"{value:+,.0f}",
            (pos, top),
            xytext=(0, 3 if value >= 0 else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=8,
        )
    ax.axhline(0, color="0.3", linewidth=1)
    # Floating bars make their bottoms sticky, which would clamp margins at a bar's edge and cut
    # the highest bar and its label: set the limits from the running totals instead.
    low = min(0.0, float(starts.min()), float(ends.min()), result.total_value)
    high = max(0.0, float(starts.max()), float(ends.max()), result.total_value)
    pad = 0.12 * (high - low or 1.0)
    ax.set_ylim(low - (pad if low < 0 else 0.0), high + pad)
    ax.set_xticks(positions, [*items["item"], "total value"], rotation=20, ha="right")
    money = "present value" if result.discount_rate > 0 else "amount"
    ax.set_ylabel(money)
    ax.set_title(title or "Total value = total benefit - total cost")
    return ax
