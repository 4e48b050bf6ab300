"""Pictures of customers over time: cohort heatmaps, retention curves, sBG projections, RFM, and
the BG/NBD model's checks (repeat frequencies, the forecast against a holdout period).

Computing is :mod:`cxlib.retention`; chapter ``book/customers.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cxlib import retention
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR, axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

sns = Module("seaborn")

__all__ = [
    "curve",
    "heatmap",
    "projection",
    "repeat_forecast",
    "repeat_frequencies",
    "residual_value",
    "segments",
]


def heatmap(table: retention.Cohorts, ax: Axes | None = None, max_age: int = 12) -> Axes:
    """Cohort × age retention rates as a heatmap, from age 1 (periods not yet observed stay blank;
    each cohort's size is in its label).

    Examples
    --------
    >>> orders = pd.DataFrame({"c": [1, 1, 2], "t": pd.to_datetime(
    ...     ["2025-01-05", "2025-02-01", "2025-02-03"])})
    >>> heatmap(retention.cohorts(orders, customer="c", time="t")).get_xlabel()
    'periods since the first order (M)'
    """
    rates = table.rate.iloc[:, 1 : max_age + 1]  # age 0 is 100% by definition
    top = float(np.ceil(np.nanmax(100 * rates.to_numpy()) / 10) * 10) if rates.size else 100.0
    ax = axes(ax, (9, 0.6 + 0.28 * len(rates)))
    sns.heatmap(
        100 * rates, ax=ax, cmap="Blues", vmin=0, vmax=top, cbar_kws={"label": "% active"},
        annot=len(rates) <= 16, fmt=".0f", annot_kws={"fontsize": 7},
        yticklabels=[f"{p} (n={n:,})" for p, n in zip(rates.index, table.size, strict=True)],
    )  # fmt: skip
    ax.grid(False)
    ax.set_xlabel(f"periods since the first order ({table.period})")
    ax.set_ylabel("cohort (first order)")
    return ax


def curve(table: retention.Cohorts, ax: Axes | None = None, max_age: int = 24) -> Axes:
    """The pooled retention curve with its Wilson band: share of customers active at each age.

    Examples
    --------
    >>> orders = pd.DataFrame({"c": [1, 1, 2], "t": pd.to_datetime(
    ...     ["2025-01-05", "2025-02-01", "2025-02-03"])})
    >>> len(curve(retention.cohorts(orders, customer="c", time="t")).get_lines())
    1
    """
    pooled = table.curve().iloc[1 : max_age + 1]
    ax = axes(ax, (8, 3.4))
    ages = pooled.index.to_numpy()
    ax.fill_between(ages, 100 * pooled["low"], 100 * pooled["high"], color=ESTIMATE_COLOUR,
                    alpha=0.2, lw=0)  # fmt: skip
    ax.plot(ages, 100 * pooled["rate"], marker="o", markersize=3, color=ESTIMATE_COLOUR)
    ax.set_xlabel(f"periods since the first order ({table.period})")
    ax.set_ylabel("% of the cohort active")
    ax.set_ylim(0, None)
    return ax


def projection(
    fit: retention.SBGFit,
    periods: int,
    actual: list[int] | np.ndarray | None = None,
    ax: Axes | None = None,
    unit: str = "renewals",
) -> Axes:
    """Observed survival, the sBG projection with its band, and a straight line through the same
    observed points: the line is what a spreadsheet trend would forecast.

    Parameters
    ----------
    fit : SBGFit
        Fitted on the first periods.
    periods : int
        How far to project.
    actual : sequence of int, optional
        The cohort's real counts beyond the fitted ones (held out), to judge both forecasts.
    ax : matplotlib Axes, optional
    unit : str
        Label of the x axis.

    Examples
    --------
    >>> fit = retention.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> len(projection(fit, 12).get_lines())  # model, line, observed, end of fit
    4
    """
    ahead = retention.project(fit, periods)
    ax = axes(ax, (8, 3.8))
    t = ahead.index.to_numpy()
    fitted = np.arange(len(fit.alive))
    size = fit.alive[0]
    observed = 100 * np.asarray(fit.alive) / size
    ax.fill_between(t, 100 * ahead["survival_low"], 100 * ahead["survival_high"],
                    color=ESTIMATE_COLOUR, alpha=0.18, lw=0)  # fmt: skip
    ax.plot(t, 100 * ahead["survival"], color=ESTIMATE_COLOUR, label="sBG model")
    slope, intercept = np.polyfit(fitted, observed, 1)
    ax.plot(t, intercept + slope * t, color=CATEGORY_COLOURS["detractor"], ls="--",
            label="straight line through the same points")  # fmt: skip
    ax.plot(fitted, observed, "o", color="black", markersize=4, label="observed (fitted)")
    if actual is not None:
        held = np.asarray(actual, dtype=float)
        later = np.arange(len(fitted), len(fitted) + len(held))
        ax.scatter(later, 100 * held / size, facecolors="none", edgecolors="black", s=24,
                   label="observed later (not used)", zorder=3)  # fmt: skip
    ax.axvline(len(fitted) - 1, color="#555555", lw=1, ls=":")
    ax.set_ylim(0, 105)
    ax.set_xlabel(unit)
    ax.set_ylabel("% of the cohort still a customer")
    ax.legend(frameon=False, fontsize=8.5, loc="upper right")
    return ax


def residual_value(
    value: retention.LifetimeValue, ax: Axes | None = None, flat: float | None = None
) -> Axes:
    """What a customer who has renewed 0, 1, 2, ... times is still worth (sBG), with its band;
    optionally the single value a constant retention rate would give everyone (dashed).

    Examples
    --------
    >>> fit = retention.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> value = retention.lifetime_value(fit, margin=100, discount=0.1)
    >>> len(residual_value(value, flat=400).get_lines())
    2
    """
    table = value.residual
    ax = axes(ax, (8, 3.4))
    renewals = table.index.to_numpy()
    ax.fill_between(renewals, table["value_low"], table["value_high"], color=ESTIMATE_COLOUR,
                    alpha=0.18, lw=0)  # fmt: skip
    ax.plot(renewals, table["value"], marker="o", markersize=4, color=ESTIMATE_COLOUR,
            label="sBG: residual value by tenure")  # fmt: skip
    if flat is not None:
        ax.axhline(flat, color=CATEGORY_COLOURS["detractor"], ls="--",
                   label="one average retention rate for everyone")  # fmt: skip
    ax.set_xticks(renewals)
    ax.set_xlabel("renewals made so far")
    ax.set_ylabel("expected future value")
    ax.set_ylim(0, None)
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    return ax


def segments(result: retention.RFM, ax: Axes | None = None) -> Axes:
    """Each RFM segment's share of customers beside its share of revenue.

    Examples
    --------
    >>> orders = pd.DataFrame({"c": [1, 2, 2], "t": pd.to_datetime(
    ...     ["2025-01-05", "2025-02-01", "2025-06-03"]), "yuan": [100, 200, 300]})
    >>> result = retention.rfm(orders, customer="c", time="t", amount="yuan", now="2025-12-31")
    >>> len(segments(result).patches) >= 2
    True
    """
    profile = result.profile
    ax = axes(ax, (8, 3.6))
    y = np.arange(len(profile))[::-1]
    ax.barh(y + 0.2, 100 * profile["share"], height=0.4, color=CATEGORY_COLOURS["passive"],
            label="% of customers")  # fmt: skip
    ax.barh(y - 0.2, 100 * profile["revenue_share"], height=0.4, color=ESTIMATE_COLOUR,
            label="% of revenue")  # fmt: skip
    names = [f"{name} {zh}" for name, zh in zip(profile.index, profile["segment_zh"], strict=True)]
    ax.set_yticks(y, names)
    ax.set_xlabel("%")
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    return ax


def repeat_frequencies(
    summary: pd.DataFrame, fit: retention.BGNBDFit, ax: Axes | None = None, max_x: int = 7
) -> Axes:
    """Customers by number of repeat purchases, observed and as the BG/NBD model expects them.

    The first check of fit of Fader, Hardie & Lee (2005), their Figure 2
    (:func:`cxlib.retention.expected_frequencies`).

    Examples
    --------
    >>> fit = retention.BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 3, "W", .95)
    >>> three = pd.DataFrame({"x": [0, 1, 3], "t_x": [0.0, 5.0, 20.0], "T": [39.0] * 3})
    >>> len(repeat_frequencies(three, fit, max_x=3).patches)
    8
    """
    expected = retention.expected_frequencies(fit, summary, max_x=max_x)
    observed = np.bincount(np.minimum(summary["x"].to_numpy(dtype=int), max_x), minlength=max_x + 1)
    ax = axes(ax, (8, 3.4))
    positions = np.arange(max_x + 1)
    ax.bar(positions - 0.2, observed, width=0.4, color="#555555", label="customers (actual)")
    ax.bar(positions + 0.2, expected.to_numpy(), width=0.4, color=ESTIMATE_COLOUR,
           label="BG/NBD model")  # fmt: skip
    ax.set_xticks(positions, [*map(str, range(max_x)), f"{max_x}+"])
    ax.set_xlabel("repeat purchases in the period the model saw")
    ax.set_ylabel("customers")
    ax.legend(frameon=False)
    return ax


def repeat_forecast(
    summary: pd.DataFrame,
    fit: retention.BGNBDFit,
    ahead: float,
    ax: Axes | None = None,
    max_x: int = 7,
) -> Axes:
    """Purchases in a holdout period: what customers did against what the BG/NBD model expected,
    by the number of repeat purchases in the period the model saw (Fader, Hardie & Lee 2005,
    Figure 4).

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`cxlib.retention.repeat_summary` with ``holdout_end`` (column ``x_holdout``).
    fit : BGNBDFit
    ahead : float
        Length of the holdout period, in the summary's unit.

    Examples
    --------
    >>> fit = retention.BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 3, "W", .95)
    >>> three = pd.DataFrame({"x": [0, 1, 3], "t_x": [0.0, 5.0, 20.0], "T": [39.0] * 3,
    ...                       "x_holdout": [0, 1, 2]})
    >>> len(repeat_forecast(three, fit, 39, max_x=3).get_lines())
    2
    """
    if "x_holdout" not in summary.columns:
        raise ValueError(
            "summary has no x_holdout: make it with retention.repeat_summary(..., holdout_end=DATE)"
        )
    expected = retention.conditional_repeat(fit, summary, ahead)
    groups = np.minimum(summary["x"].to_numpy(dtype=int), max_x)
    means = pd.DataFrame({"actual": summary["x_holdout"].to_numpy(), "model": expected.to_numpy()})
    means = means.groupby(groups).mean()
    ax = axes(ax, (8, 3.4))
    ax.plot(means.index, means["actual"], "o-", color="#555555", label="what customers did")
    ax.plot(means.index, means["model"], "s--", color=ESTIMATE_COLOUR,
            label="what the BG/NBD model expected")  # fmt: skip
    ax.set_xticks(range(max_x + 1), [*map(str, range(max_x)), f"{max_x}+"])
    ax.set_xlabel("repeat purchases in the period the model saw")
    ax.set_ylabel("purchases in the next period\n(mean per customer)")
    ax.legend(frameon=False)
    return ax
