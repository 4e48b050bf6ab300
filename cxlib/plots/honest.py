"""The picture of the book's appendix "How honest are these numbers?" (这些数字有多可靠？).

Computing is ``benchmarks/coverage.py`` (``make bench``), which writes
``benchmarks/coverage_summary.csv``: for each default interval and test, its worst case before
and after issue 26 and what it promises. Page ``book/honest_numbers.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

__all__ = ["report"]

BEFORE_COLOUR = CATEGORY_COLOURS["passive"]
PROMISE_COLOUR = CATEGORY_COLOURS["promoter"]


def promise_bounds(promise: str) -> tuple[float, float]:
    """The range a promise allows, as shares: ">= 93%" is (0.93, 1), "3-7%" is (0.03, 0.07).

    Examples
    --------
    >>> promise_bounds(">= 93%"), promise_bounds("<= 5.5%"), promise_bounds("3-7%")
    ((0.93, 1.0), (0.0, 0.055), (0.03, 0.07))
    >>> promise_bounds("")
    (nan, nan)
    """
    text = str(promise).strip().rstrip("%").strip() if isinstance(promise, str) else ""
    if text.startswith(">="):
        return float(text[2:]) / 100, 1.0
    if text.startswith("<="):
        return 0.0, float(text[2:]) / 100
    if "-" in text:
        low, high = text.split("-")
        return float(low) / 100, float(high) / 100
    return float("nan"), float("nan")


def report(summary: pd.DataFrame) -> Figure:
    """Each default interval and test: its worst case before and after, against its promise.

    One panel per kind of promise (interval coverage, false alarms of tests, false alarms of
    control charts, planning). In each, a row per check: a grey ring for cxlib before issue 26,
    a blue dot for now (a bar where the result is a range, as for control charts over metrics and
    sizes) and the promised range shaded green.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``benchmarks/coverage_summary.csv``: columns ``panel, check, promise, low, high,
        before_low, before_high`` (shares between 0 and 1; NaN where there is no value).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> summary = pd.DataFrame({"panel": ["A", "A", "B"], "check": ["x", "y", "z"],
    ...     "promise": [">= 93%", "", "3-7%"], "low": [0.95, 0.9, 0.04], "high": [0.95, 0.9, 0.06],
    ...     "before_low": [0.84, np.nan, 0.07], "before_high": [0.84, np.nan, 0.57]})
    >>> figure = report(summary)
    >>> len(figure.axes), figure.axes[0].get_yticklabels()[0].get_text()
    (2, 'x')
    """
    import matplotlib.pyplot as plt

    panels = list(dict.fromkeys(summary["panel"]))
    heights = [max(2, (summary["panel"] == p).sum()) for p in panels]
    figure, grid = plt.subplots(
        len(panels),
        1,
        figsize=(8, 0.42 * sum(heights) + 1.1 * len(panels) + 0.6),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, panel in zip(grid[:, 0], panels, strict=True):
        _panel(axes(ax, (8, 3)), summary[summary["panel"] == panel].reset_index(drop=True))
        ax.set_title(panel, fontsize=10, loc="left")
    handles, labels = grid[0, 0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return figure


def _panel(ax, rows: pd.DataFrame) -> None:
    """One panel: a row per check, percent on x."""
    y = np.arange(len(rows))[::-1]
    for i, row in rows.iterrows():
        low, high = promise_bounds(row["promise"])
        if not np.isnan(low):
            ax.fill_betweenx(
                [y[i] - 0.35, y[i] + 0.35],
                100 * low,
                100 * high,
                color=PROMISE_COLOUR,
                alpha=0.18,
                linewidth=0,
                label="promised" if i == 0 else None,
            )
    for column, colour, marker, label, face in (
        ("before", BEFORE_COLOUR, "o", "cxlib before issue 26", "white"),
        ("", ESTIMATE_COLOUR, "o", "now", ESTIMATE_COLOUR),
    ):
        low = rows[f"{column}_low" if column else "low"].to_numpy(float)
        high = rows[f"{column}_high" if column else "high"].to_numpy(float)
        shown = ~np.isnan(low)
        ranges = shown & (high > low)
        ax.hlines(
            y[ranges], 100 * low[ranges], 100 * high[ranges], color=colour, linewidth=4, alpha=0.7
        )
        points = np.where(ranges, (low + high) / 2, low)
        ax.scatter(
            100 * points[shown],
            y[shown],
            s=46,
            marker=marker,
            facecolor=face,
            edgecolor=colour,
            linewidth=1.6,
            zorder=3,
            label=label,
        )
    ax.set_yticks(y, rows["check"].tolist(), fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="x", labelsize=8)
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:g}%")
