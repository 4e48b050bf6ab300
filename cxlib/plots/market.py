"""Market sizes with their ranges, and win rates by checklist score.

Computing is :mod:`cxlib.market` and :mod:`cxlib.opportunity`; chapter
``book/customer_analysis.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cxlib.market import MarketSize
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

__all__ = ["ranges", "win_rates"]


def ranges(
    sizes: Mapping[str, MarketSize],
    *,
    scale: float = 1.0,
    unit: str = "",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One row per estimate: its 90% range as a bar, its central value as a dot.

    Parameters
    ----------
    sizes : mapping of str to MarketSize
        The estimates to show, by name (e.g. "top-down", "bottom-up").
    scale : float, default 1
        Divide every value by this (1e6 for millions).
    unit : str, optional
        The x-axis label (e.g. "million yuan a year").

    Examples
    --------
    >>> from cxlib import market
    >>> sizes = {"top-down": market.potential((10, 40), 2), "bottom-up": market.potential(30, 2)}
    >>> [round(float(x), 1) for x in ranges(sizes).lines[0].get_xdata()]
    [20.0, 80.0]
    """
    if not sizes:
        raise ValueError("sizes is empty: pass at least one MarketSize by name")
    ax = axes(ax, (8, 1.0 + 0.7 * len(sizes)))
    for y, (name, size) in enumerate(sizes.items()):
        if not isinstance(size, MarketSize):
            raise TypeError(f"{name!r} must be a MarketSize, got {type(size).__name__}")
        low, central, high = (v / scale for v in (size.low, size.central, size.high))
        ax.plot([low, high], [y, y], color=ESTIMATE_COLOUR, linewidth=6, alpha=0.45,
                solid_capstyle="butt")  # fmt: skip
        ax.plot(central, y, "o", color=ESTIMATE_COLOUR, markersize=9)
        ax.annotate(f"{central:,.0f}", (central, y), xytext=(0, 9), textcoords="offset points",
                    ha="center", fontsize=9)  # fmt: skip
        for end, align in ((low, "right"), (high, "left")):
            shift = -5 if align == "right" else 5
            ax.annotate(f"{end:,.0f}", (end, y), xytext=(shift, -3), textcoords="offset points",
                        ha=align, va="top", fontsize=8, color="0.35")  # fmt: skip
    ax.set_yticks(range(len(sizes)), list(sizes))
    ax.set_ylim(len(sizes) - 0.4, -0.6)
    ax.margins(x=0.15)
    ax.set_xlabel(unit)
    ax.set_title(title or "Market size: central estimate and 90% range")
    return ax


def win_rates(table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """The share of past deals won in each score band, with its interval and deal count.

    ``table`` is the output of :func:`cxlib.opportunity.win_rates`.

    Examples
    --------
    >>> from cxlib import opportunity
    >>> ax = win_rates(opportunity.win_rates([20, 30, 80, 90], [0, 1, 1, 1]))
    >>> len(ax.patches)
    3
    """
    for column in ("deals", "win_rate", "low", "high"):
        if column not in table.columns:
            raise ValueError(f"table has no column {column!r}: pass opportunity.win_rates(...)")
    ax = axes(ax, (6.5, 4))
    x = np.arange(len(table))
    rate = table["win_rate"].fillna(0).to_numpy()
    ax.bar(x, rate, color=ESTIMATE_COLOUR, alpha=0.8, width=0.6)
    shown = table["deals"].to_numpy() > 0
    ax.errorbar(x[shown], rate[shown],
                yerr=[rate[shown] - table["low"].to_numpy()[shown],
                      table["high"].to_numpy()[shown] - rate[shown]],
                fmt="none", ecolor=CATEGORY_COLOURS["detractor"], capsize=5)  # fmt: skip
    for k, (deals, won) in enumerate(zip(table["deals"], table["won"], strict=True)):
        colour = "white" if rate[k] > 0.12 else "black"
        ax.annotate(f"{won}/{deals} won", (k, 0), xytext=(0, 4), textcoords="offset points",
                    ha="center", fontsize=9, color=colour)  # fmt: skip
    ax.set_xticks(x, [str(b) for b in table.index])
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("checklist score")
    ax.set_ylabel("deals won")
    ax.set_title(title or "Share of past deals won, by checklist score (95% interval)")
    return ax
