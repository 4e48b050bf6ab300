"""Pictures of before-and-after comparisons: the two groups' trends, and estimates with intervals.

Computing is :mod:`cxlib.before_after`; case study ``casestudies/haier/haier_analysis.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from cxlib import before_after, nps
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ticker = Module("matplotlib.ticker")

__all__ = ["effects", "ratio_ticks", "trends"]

GROUP_COLOURS = (ESTIMATE_COLOUR, CATEGORY_COLOURS["passive"])


def trends(
    table: pd.DataFrame,
    time: str,
    value: str,
    group: str,
    start: float,
    ax: Axes | None = None,
    ylabel: str | None = None,
) -> Axes:
    """One line per group over time, the months after ``start`` shaded: did both groups move?

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group and time, with the value to draw (already computed).
    time, value, group : str
        Column names.
    start : float
        First time of the "after" period (the scheme's start).
    ax : matplotlib Axes, optional
    ylabel : str, optional
        Default: the ``value`` column's name.

    Examples
    --------
    >>> table = pd.DataFrame({"month": [1, 2, 1, 2], "rate": [0.2, 0.5, 0.2, 0.3],
    ...                       "group": ["pilot", "pilot", "comparison", "comparison"]})
    >>> len(trends(table, "month", "rate", "group", start=2).get_lines())
    3
    """
    ax = axes(ax, (8, 3.2))
    for colour, (name, rows) in zip(
        GROUP_COLOURS * 4, table.groupby(group, sort=False, observed=True), strict=False
    ):
        rows = rows.sort_values(time)
        ax.plot(rows[time], rows[value], marker="o", markersize=3, color=colour, label=str(name))
    ax.axvspan(start - 0.5, table[time].max() + 0.5, color="#F0E442", alpha=0.15, lw=0)
    ax.axvline(start - 0.5, color="#555555", lw=1, ls="--")
    ax.annotate(
        "scheme starts",
        (start - 0.5, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        fontsize=9,
        color="#555555",
    )
    ax.set_xlabel(time)
    ax.set_ylabel(ylabel or value)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    return ax


def ratio_ticks(ax: Axes) -> None:
    """Label a log-scale ratio axis with plain numbers (0.8, 1, 1.5, 2, 3) instead of powers of 10.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plt.subplots()[1]
    >>> ax.set_xscale("log")
    >>> limits = ax.set_xlim(0.8, 3.5)
    >>> ratio_ticks(ax)
    >>> ax.xaxis.get_major_formatter()(2.0)
    '2'
    """
    ax.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 1.5, 2.0, 3.0, 5.0)))
    ax.xaxis.set_minor_locator(ticker.NullLocator())
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))


def _interval(result: object) -> tuple[float, float, float, float]:
    """(estimate, low, high, the value meaning "no effect") of one result."""
    if isinstance(result, before_after.RateRatio):
        return result.ratio, *result.ci, 1.0
    if isinstance(result, before_after.Effect):
        return result.estimate, *result.ci, 0.0
    if isinstance(result, nps.NPSComparison):
        return result.difference, *result.ci, 0.0
    raise TypeError(
        f"effects() draws RateRatio, Effect or NPSComparison results, got {type(result).__name__}"
    )


def effects(results: Mapping[str, object], ax: Axes | None = None, xlabel: str = "") -> Axes:
    """Estimates with their confidence intervals, one row each, against the "no effect" line.

    Parameters
    ----------
    results : mapping of str to RateRatio, Effect or NPSComparison
        Labels and results of one kind (ratios are drawn on a log scale around 1).
    ax : matplotlib Axes, optional
    xlabel : str, optional

    Raises
    ------
    TypeError, ValueError
        Results of other kinds, a mix of ratios and differences, or no results.

    Examples
    --------
    >>> ratio = before_after.rate_ratio(90, 100, 40, 100)
    >>> len(effects({"after vs before": ratio}).collections) >= 1
    True
    """
    if not results:
        raise ValueError("effects() needs at least one result")
    rows = [(label, *_interval(result)) for label, result in results.items()]
    if len({row[4] for row in rows}) > 1:
        raise ValueError("effects() cannot mix ratios (around 1) and differences (around 0)")
    ax = axes(ax, (7, 0.6 + 0.55 * len(rows)))
    for y, (_, estimate, low, high, _) in enumerate(reversed(rows)):
        ax.hlines(y, low, high, color=ESTIMATE_COLOUR, lw=2.5)
        ax.scatter([estimate], [y], color=ESTIMATE_COLOUR, zorder=3, s=36)
        ax.annotate(
            f"{estimate:.2f}" if rows[0][4] == 1 else f"{estimate:+.1f}",
            (estimate, y),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    ax.axvline(rows[0][4], color="#555555", lw=1, ls="--")
    if rows[0][4] == 1.0:
        ax.set_xscale("log")
        ratio_ticks(ax)
    ax.set_yticks(range(len(rows)), [row[0] for row in reversed(rows)])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(xlabel)
    return ax
