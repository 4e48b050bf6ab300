"""Pictures of NPS: the score distribution, segments with intervals, comparisons, precision,
and how often each interval method covers the true score.

Each function draws results computed by :mod:`cxlib.nps` and returns the matplotlib
``Axes`` (or ``Figure``) so that a notebook can add to it. Book chapter ``book/nps.md``;
workbook ``notebooks/01_nps.ipynb``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxlib import nps
from cxlib._stats import p_text
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

plt = Module("matplotlib.pyplot")
patches = Module("matplotlib.patches")

__all__ = ["comparison", "coverage", "margin_curve", "score_distribution", "segments", "what_if"]


def _category_legend(ax: Axes, **kwargs: Any) -> None:
    """A legend of the three customer types in their colours."""
    handles = [
        patches.Patch(color=colour, label=name + "s") for name, colour in CATEGORY_COLOURS.items()
    ]
    ax.legend(handles=handles, frameon=False, **kwargs)


def score_distribution(scores: Any, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bar chart of how many answered each score 0-10, coloured by customer type.

    The title states the NPS with its 95% interval.

    Examples
    --------
    >>> ax = score_distribution([10, 9, 8, 3, 10])
    >>> len(ax.patches)
    11
    """
    result = nps.score(scores)
    counts = nps.score_counts(scores)
    colours = nps.classify(counts.index).map(CATEGORY_COLOURS)
    ax = axes(ax, (8, 3.6))
    ax.bar(counts.index, counts, color=colours, width=0.8)
    ax.set_xticks(range(11))
    ax.set_xlabel("How likely are you to recommend us? (0-10)")
    ax.set_ylabel("answers")
    low, high = result.ci
    ax.set_title(
        title or f"NPS {result.nps:+.1f}  (95% CI {low:+.1f} to {high:+.1f}, n = {result.n:,})"
    )
    _category_legend(ax, loc="upper left")
    return ax


def segments(
    table: pd.DataFrame, segment: str, ax: Axes | None = None, overall: float | None = None
) -> Axes:
    """NPS of each segment as a point with its confidence interval (an error-bar chart).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`cxlib.nps.by`.
    segment : str
        The group column to label the rows with.
    overall : float, optional
        Overall NPS, drawn as a dashed reference line.

    Examples
    --------
    >>> survey = pd.DataFrame({"city": list("AABB"), "score": [10, 9, 3, 9]})
    >>> ax = segments(nps.by(survey, "score", "city"), "city")
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['A  (n=2)', 'B  (n=2)']
    """
    ax = axes(ax, (7, 0.55 * len(table) + 1.2))
    rows = np.arange(len(table))
    ax.errorbar(
        table["nps"],
        rows,
        xerr=[table["nps"] - table["ci_low"], table["ci_high"] - table["nps"]],
        fmt="o",
        color=ESTIMATE_COLOUR,
        ecolor=ESTIMATE_COLOUR,
        elinewidth=2,
        capsize=4,
    )
    ax.set_yticks(
        rows, [f"{g}  (n={n:,})" for g, n in zip(table[segment], table["n"], strict=True)]
    )
    ax.invert_yaxis()
    ax.set_ylabel(segment)
    if overall is not None:
        ax.axvline(overall, color="0.4", linestyle="--", linewidth=1)
        ax.annotate(
            f"overall {overall:+.1f}",
            (overall, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, 3),
            textcoords="offset points",
            fontsize=9,
            color="0.3",
        )
    confidence = f"{table.attrs.get('confidence', 0.95):.0%}"
    ax.set_xlabel(f"NPS (points) with {confidence} confidence interval")
    return ax


def comparison(result: nps.NPSComparison, labels: tuple[str, str] = ("A", "B")) -> Figure:
    """Two scores with their intervals, and their difference with its interval and zero.

    Examples
    --------
    >>> figure = comparison(nps.compare([10, 9, 3], [10, 3, 3]))
    >>> len(figure.axes)
    2
    """
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 2.6), width_ratios=[1, 1])
    for row, item in enumerate((result.a, result.b)):
        left.errorbar(
            item.nps,
            row,
            xerr=[[item.nps - item.ci[0]], [item.ci[1] - item.nps]],
            fmt="o",
            color=ESTIMATE_COLOUR,
            capsize=4,
            elinewidth=2,
        )
    left.set_yticks([0, 1], list(labels))
    left.set_ylim(1.6, -0.6)
    left.set_xlabel("NPS with 95% CI")
    low, high = result.ci
    colour = ESTIMATE_COLOUR if (low > 0 or high < 0) else "0.5"
    right.errorbar(
        result.difference,
        0,
        xerr=[[result.difference - low], [high - result.difference]],
        fmt="D",
        color=colour,
        capsize=5,
        elinewidth=2,
    )
    right.axvline(0, color="black", linewidth=1)
    right.set_yticks([0], [f"{labels[0]} - {labels[1]}"])
    right.set_xlabel(f"difference with {result.confidence:.0%} CI ({p_text(result.p_value)})")
    figure.tight_layout()
    return figure


def margin_curve(
    p_promoters: float,
    p_detractors: float,
    ax: Axes | None = None,
    n_max: int = 3000,
    marks: tuple[float, ...] = (10, 5),
) -> Axes:
    """How the interval's half-width shrinks as answers grow, with the n each margin needs.

    Examples
    --------
    >>> ax = margin_curve(0.35, 0.25)
    >>> ax.get_ylabel()
    '95% CI half-width (points)'
    """
    n = np.arange(30, n_max + 1)
    ax = axes(ax, (7, 3.4))
    ax.plot(n, nps.margin(n, p_promoters, p_detractors), color=ESTIMATE_COLOUR, linewidth=2)
    for wanted in marks:
        needed = nps.sample_size(wanted, p_promoters, p_detractors)
        if needed <= n_max:
            ax.plot([needed, needed, 0], [0, wanted, wanted], color="0.5", linestyle=":")
            ax.annotate(
                f"±{wanted:g} points: n = {needed:,}",
                (needed, wanted),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=9,
            )
    ax.set_xlim(0, n_max)
    ax.set_ylim(0, None)
    ax.set_xlabel("number of answers n")
    ax.set_ylabel("95% CI half-width (points)")
    return ax


def what_if(p_promoters: float, p_detractors: float, n: int, confidence: float = 0.95) -> Figure:
    """The three shares as a stacked bar, and the NPS they give with its interval for n answers.

    The interval is the one :func:`cxlib.nps.score` reports for n answers with exactly these
    shares (the adjusted Wald interval, via :func:`cxlib.nps.from_counts`).

    Examples
    --------
    >>> figure = what_if(0.5, 0.2, 200)
    >>> figure.axes[1].get_title()
    'NPS +30.0, 95% CI +18.8 to +40.3 (n = 200)'
    """
    passives = 1 - p_promoters - p_detractors
    nps_value = 100 * (p_promoters - p_detractors)
    low, high = nps.from_counts(  # passives clipped: 1 - 0.9 - 0.1 is -5.6e-17 in floats
        n * p_promoters, n * max(passives, 0.0), n * p_detractors, confidence=confidence
    ).ci
    figure, (bar, line) = plt.subplots(2, 1, figsize=(8, 2.8), height_ratios=[1, 1.1])
    start = 0.0
    for name, share in zip(CATEGORY_COLOURS, (p_detractors, passives, p_promoters), strict=True):
        bar.barh(0, share * 100, left=start, color=CATEGORY_COLOURS[name])
        if share >= 0.06:
            bar.text(
                start + share * 50,
                0,
                f"{name}s\n{share:.0%}",
                ha="center",
                va="center",
                color="white",
                fontsize=9,
            )
        start += share * 100
    bar.set_xlim(0, 100)
    bar.axis("off")
    line.errorbar(
        nps_value,
        0,
        xerr=[[nps_value - low], [high - nps_value]],
        fmt="o",
        markersize=9,
        color=ESTIMATE_COLOUR,
        capsize=6,
        elinewidth=3,
    )
    line.axvline(0, color="0.6", linewidth=1)
    line.set_xlim(-100, 100)
    line.set_yticks([])
    line.set_xlabel("NPS (points)")
    line.set_title(
        f"NPS {nps_value:+.1f}, {confidence:.0%} CI {low:+.1f} to {high:+.1f} (n = {n:,})"
    )
    figure.tight_layout()
    return figure


#: Colour and marker of each interval method in :func:`coverage`.
_METHOD_STYLE = {
    "wald": ("#D55E00", "o", "Wald"),
    "bootstrap": ("#999999", "s", "bootstrap"),
    "adjusted-wald": (ESTIMATE_COLOUR, "D", "adjusted Wald"),
}


def coverage(table: pd.DataFrame, confidence: float = 0.95) -> Figure:
    """How often each interval method covered the true NPS, by sample size: one panel per mix.

    Parameters
    ----------
    table : pandas.DataFrame
        The coverage table of ``benchmarks/nps_coverage.py``: columns ``n, promoters,
        detractors, method, coverage`` (one row per cell and method).
    confidence : float, default 0.95
        The nominal level, drawn as a dashed line.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> table = pd.DataFrame({"n": [5, 50, 5, 50], "promoters": 0.5, "detractors": 0.3,
    ...                       "method": ["wald", "wald", "adjusted-wald", "adjusted-wald"],
    ...                       "coverage": [0.81, 0.94, 0.96, 0.95]})
    >>> figure = coverage(table)
    >>> len(figure.axes), len(figure.axes[0].lines)
    (1, 3)
    """
    mixes = table[["promoters", "detractors"]].drop_duplicates().to_numpy()
    columns = min(3, len(mixes))
    rows = -(-len(mixes) // columns)
    figure, grid = plt.subplots(
        rows,
        columns,
        figsize=(3.4 * columns, 2.7 * rows + 0.6),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    floor = min(0.4, float(table["coverage"].min()) - 0.02)
    for ax, (p_promoters, p_detractors) in zip(grid.flat, mixes, strict=False):
        cell = table[(table["promoters"] == p_promoters) & (table["detractors"] == p_detractors)]
        for method, (colour, marker, label) in _METHOD_STYLE.items():
            line = cell[cell["method"] == method].sort_values("n")
            if len(line):
                ax.plot(
                    line["n"],
                    line["coverage"],
                    marker=marker,
                    color=colour,
                    label=label,
                    linewidth=1.6,
                    markersize=4,
                )
        ax.axhline(confidence, color="black", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ticks = [t for t in (5, 10, 20, 50, 100, 200, 500, 1000, 2000) if t <= table["n"].max()]
        ax.set_xticks(ticks, [f"{t:,}" for t in ticks], fontsize=7)
        ax.minorticks_off()
        ax.set_ylim(floor, 1.0)
        ax.set_title(
            f"{p_promoters:.0%} promoters, {p_detractors:.0%} detractors "
            f"(NPS {100 * (p_promoters - p_detractors):+.0f})",
            fontsize=9,
        )
    for ax in grid.flat[len(mixes) :]:
        ax.axis("off")
    for ax in grid[:, 0]:
        ax.set_ylabel("coverage")
    for ax in grid[-1, :]:
        ax.set_xlabel("answers n (log scale)")
    handles, labels = grid.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    figure.suptitle(f"How often the {confidence:.0%} interval contains the true NPS", fontsize=11)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return figure
