"""Pictures of an NPS programme: shares with their intervals, and the call-back chain.

Computing is :mod:`cxlib.nps_programme`, :mod:`cxlib.callbacks` and :mod:`cxlib.referrals`;
chapters ``book/nps.md`` and ``book/sharing.md``; workbook ``notebooks/14_nps_programme.ipynb``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

__all__ = ["callback_chain", "rates"]


def rates(
    table: pd.DataFrame,
    label: str,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "share",
) -> Axes:
    """One horizontal bar per row: its ``rate`` with the interval ``ci_low`` to ``ci_high``.

    Rows labelled detractor, passive or promoter take the course's colours. Each bar is annotated
    with the share and the count it comes from (``count``/``responded`` of ``n``/``invited``
    when those columns exist).

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`cxlib.referrals.by_type`, :func:`cxlib.nps_programme.response_rates`
        or any table with ``rate``, ``ci_low`` and ``ci_high``.
    label : str
        The column that names each bar.
    ax : matplotlib Axes, optional
    title : str, optional
    xlabel : str, default "share"

    Examples
    --------
    >>> table = pd.DataFrame({"type": ["detractor", "promoter"], "n": [10, 20], "count": [1, 8],
    ...                       "rate": [0.1, 0.4], "ci_low": [0.02, 0.22], "ci_high": [0.4, 0.6]})
    >>> len(rates(table, "type").patches)
    2
    """
    ax = axes(ax, (8, 0.8 + 0.55 * len(table)))
    names = [str(v) for v in table[label]]
    share = table["rate"].to_numpy(dtype=float)
    low, high = (table[c].to_numpy(dtype=float) for c in ("ci_low", "ci_high"))
    count_column = next((c for c in ("count", "responded") if c in table), None)
    total_column = next((c for c in ("n", "invited") if c in table), None)
    colours = [CATEGORY_COLOURS.get(name, ESTIMATE_COLOUR) for name in names]
    y = np.arange(len(table))
    ax.barh(y, share, color=colours, alpha=0.8, height=0.6)
    ax.errorbar(share, y, xerr=[share - low, high - share], fmt="none", ecolor="0.2", capsize=4)
    right = float(np.nanmax(high)) if len(table) else 1.0
    for row in range(len(table)):
        text = f"{share[row]:.1%}"
        if count_column and total_column:
            count, total = table[count_column].iloc[row], table[total_column].iloc[row]
            text += f"  ({int(count):,} / {int(total):,})"
        ax.text(high[row] + right * 0.02, row, text, va="center", fontsize=9)
    ax.set_yticks(y, names)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, right * 1.45)
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.set_xlabel(xlabel)
    ax.set_title(title or "Shares with their 95% intervals")
    return ax


def callback_chain(row: pd.Series, ax: Axes | None = None, title: str | None = None) -> Axes:
    """The inner loop as a chain: detractors, called, reached, helped, told.

    Each bar is a count, and beside it the share of the step before with its interval (as
    :func:`cxlib.callbacks.summary` defines it); the calls made within the promised time are
    drawn inside the "called" bar.

    Parameters
    ----------
    row : pandas.Series
        One row of :func:`cxlib.callbacks.summary`.
    ax : matplotlib Axes, optional
    title : str, optional

    Examples
    --------
    >>> row = pd.Series({"detractors": 10, "called": 8, "called_share": 0.8, "called_low": 0.4,
    ...     "called_high": 0.96, "called_in_time": 6, "called_in_time_share": 0.6,
    ...     "called_in_time_low": 0.3, "called_in_time_high": 0.8, "never_called": 2,
    ...     "reached": 5, "reached_share": 0.625, "reached_low": 0.3, "reached_high": 0.9,
    ...     "helped": 4, "helped_share": 0.8, "helped_low": 0.4, "helped_high": 0.96,
    ...     "told": 2, "told_share": 0.5, "told_low": 0.15, "told_high": 0.85})
    >>> len(callback_chain(row).patches)
    6
    """
    steps = [
        ("detractors", "detractors", None),
        ("called", "called", "of detractors"),
        ("reached", "reached", "of those called"),
        ("helped", "helped", "of those reached"),
        ("told what was done", "told", "of those helped"),
    ]
    ax = axes(ax, (8, 3.8))
    top = float(row["detractors"])
    for y, (_, key, base) in enumerate(steps):
        value = float(row[key])
        ax.barh(y, value, color=ESTIMATE_COLOUR if y else CATEGORY_COLOURS["detractor"], height=0.6)
        ax.text(value + top * 0.01, y, f"{int(value):,}", va="center", fontsize=9)
        if base:
            share, low, high = (row[f"{key}_{part}"] for part in ("share", "low", "high"))
            ax.text(
                top * 1.12, y, f"{share:.0%} ({low:.0%}–{high:.0%}) {base}",
                va="center", fontsize=8.5, color="0.25",
            )  # fmt: skip
    in_time = float(row["called_in_time"])
    ax.barh(1, in_time, color=CATEGORY_COLOURS["promoter"], height=0.3)
    hours = row.attrs.get("target_hours") if hasattr(row, "attrs") else None
    promise = f"within {hours:g} h" if hours else "in time"
    ax.text(
        in_time / 2, 1, f"{int(in_time):,} {promise}", ha="center", va="center",
        fontsize=8, color="white",
    )  # fmt: skip
    ax.set_yticks(range(len(steps)), [name for name, _, _ in steps])
    ax.set_ylim(len(steps) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.9)
    ax.set_xticks([])
    ax.grid(False)
    ax.set_title(title or "Closing the loop: each step's share of the step before")
    return ax
