"""Pictures of a metric over time: the control chart of :func:`cxlib.tracking.by_period`.

Computing is :mod:`cxlib.tracking`; workbook ``notebooks/01_nps.ipynb``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes
from cxlib.tracking import Tracking

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["chart"]

FLAG_COLOUR = CATEGORY_COLOURS["detractor"]
BAND_COLOUR = "#BBBBBB"

_NAMES = {"nps": "NPS", "csat": "CSAT (%)", "ces": "CES", "share": "share (%)"}


def chart(
    result: Tracking,
    ax: Axes | None = None,
    ylabel: str | None = None,
    xlabel: str = "period",
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """The metric per period with its intervals, the centre line, control limits and flags.

    The grey band is the range of noise expected around the centre line for each period's
    number of answers (the probability limits of :func:`cxlib.tracking.by_period`), so it is
    wider in months with fewer answers.
    Periods flagged as beyond chance (outside the band, or in a long run on one side) are drawn
    as red rings. Periods without answers are left as gaps.

    Parameters
    ----------
    result : cxlib.tracking.Tracking
        From :func:`cxlib.tracking.by_period` or :func:`cxlib.tracking.from_counts`.
    ax : matplotlib Axes, optional
    ylabel : str, optional
        Default: the metric's name (e.g. "NPS").
    xlabel : str, default "period"
    labels : dict, optional
        Legend texts for ``"value"``, ``"centre"``, ``"limits"`` and ``"flagged"`` (e.g. in
        Chinese: ``{"value": "月度 NPS", "centre": "中心线", "limits": "控制限", "flagged":
        "异常"}``).
    title : str, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from cxlib import tracking
    >>> counts = pd.DataFrame({"month": [1, 2, 3, 4], "promoters": [40, 42, 20, 41],
    ...                        "passives": [30, 30, 30, 30], "detractors": [30, 28, 50, 29]})
    >>> ax = chart(tracking.from_counts(counts, "month"))
    >>> "flagged: beyond chance" in [t.get_text() for t in ax.get_legend().get_texts()]
    True
    """
    text = {
        "value": "metric with interval",
        "centre": "centre line (all periods)"
        if result.baseline is None
        else f"centre line ({result.baseline[0]} to {result.baseline[1]})",
        "limits": f"control limits ({result.sigmas:g}-sigma probability)",
        "flagged": "flagged: beyond chance",
        **(labels or {}),
    }
    table = result.table
    ax = axes(ax, (8, 3.6))
    x = np.arange(len(table))
    # The band as steps one period wide, so that its width follows each period's n.
    edges = np.repeat(x, 2) + np.tile([-0.5, 0.5], len(x))
    ax.fill_between(
        edges,
        np.repeat(table["lcl"].to_numpy(float), 2),
        np.repeat(table["ucl"].to_numpy(float), 2),
        color=BAND_COLOUR,
        alpha=0.35,
        lw=0,
        label=text["limits"],
    )
    ax.axhline(result.centre, color="#555555", lw=1, ls="--", label=text["centre"])
    value = table["value"].to_numpy(float)
    ax.errorbar(
        x,
        value,
        yerr=np.vstack([value - table["ci_low"], table["ci_high"] - value]).clip(min=0),
        fmt="o-",
        color=ESTIMATE_COLOUR,
        ms=4,
        lw=1.2,
        elinewidth=0.8,
        capsize=2,
        label=text["value"],
    )
    flagged = table["flagged"].to_numpy(bool)
    if flagged.any():
        ax.scatter(
            x[flagged],
            value[flagged],
            s=120,
            facecolors="none",
            edgecolors=FLAG_COLOUR,
            linewidths=2,
            zorder=4,
            label=text["flagged"],
        )
    names = [str(p) for p in table["period"]]
    step = max(1, len(names) // 12)
    rotate = len(names) > 8
    ax.set_xticks(
        x[::step], names[::step], rotation=45 if rotate else 0, ha="right" if rotate else "center"
    )
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel or _NAMES[result.metric])
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax
