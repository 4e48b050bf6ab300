"""Two groups' funnels compared (an A/B test): :func:`cxlib.funnel.compare` and ``difference``.

Split from :mod:`cxlib.funnel` for size; import the names from there. Book chapter
``book/customers.md``.

References
----------
Newcombe, R. G. (1998a). Two-sided confidence intervals for the single proportion: comparison of
seven methods. *Statistics in Medicine*, 17(8), 857-872 (method 4).
Newcombe, R. G. (1998b). Interval estimation for the difference between independent proportions:
comparison of eleven methods. *Statistics in Medicine*, 17(8), 873-890 (methods 10 and 11).
Fisher, R. A. (1935). The logic of inductive inference. *Journal of the Royal Statistical
Society*, 98(1), 39-82 (the exact test of a 2 x 2 table).
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics*, 6(2), 65-70.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*, 57(1),
289-300.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _events, _exact
from cxlib._stats import (
    PROPORTION_METHODS,
    adjust_p,
    adjusted_confidence,
    critical_z,
    proportion_interval,
)
from cxlib.language import N_

__all__ = ["compare", "difference"]


def _count(value: Any, name: str) -> float:
    """A count: a finite, non-negative number (not a boolean), else a message naming it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number of users, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite, non-negative number of users, got {value!r}")
    return float(value)


def difference(
    successes_a: float,
    n_a: float,
    successes_b: float,
    n_b: float,
    confidence: float = 0.95,
    *,
    method: str = "wilson-cc",
) -> tuple[float, float, float]:
    """Difference of two proportions ``b - a`` with Newcombe's hybrid score interval.

    ``low = d - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)`` and
    ``high = d + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)``, where ``(l, u)`` are each proportion's
    interval from :func:`cxlib._stats.proportion_interval`: with the default continuity-corrected
    Wilson intervals this is Newcombe's (1998b) method 11, with ``method="wilson"`` his method
    10. It keeps good coverage at small counts and at 0% or 100%, where the simple Wald interval
    fails.

    Parameters
    ----------
    successes_a, n_a, successes_b, n_b : float
        Successes (users who converted) and the base (users who could) of each group.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"wilson-cc", "wilson"}, default "wilson-cc"
        The interval of each proportion (method 11 or 10 of Newcombe 1998b).

    Returns
    -------
    tuple of float
        ``(difference, low, high)``.

    Raises
    ------
    TypeError, ValueError
        Counts that are not numbers, negative or infinite, successes above their base, a group
        with no users (``n_a`` or ``n_b`` of 0: no proportion to compare), a bad confidence or
        method.

    References
    ----------
    Newcombe (1998b), Statistics in Medicine 17(8), 873-890, methods 10 and 11.

    Examples
    --------
    Newcombe's (1998b) worked example (a): 56/70 against 48/80, difference 0.2; method 11 gives
    0.0428 to 0.3422, method 10 0.0524 to 0.3339 (his Table II).

    >>> [round(x, 4) for x in difference(48, 80, 56, 70)]
    [0.2, 0.0428, 0.3422]
    >>> [round(x, 4) for x in difference(48, 80, 56, 70, method="wilson")]
    [0.2, 0.0524, 0.3339]
    """
    counts = {
        name: _count(value, name)
        for name, value in (
            ("successes_a", successes_a),
            ("n_a", n_a),
            ("successes_b", successes_b),
            ("n_b", n_b),
        )
    }
    for group in ("a", "b"):
        if counts[f"n_{group}"] == 0:
            raise ValueError(
                f"n_{group} is 0: group {group} has no users at this step, so it has no "
                "conversion rate to compare"
            )
        if counts[f"successes_{group}"] > counts[f"n_{group}"]:
            raise ValueError(
                f"successes_{group} ({counts[f'successes_{group}']:g}) exceeds n_{group} "
                f"({counts[f'n_{group}']:g}): more users converted than could"
            )
    if method not in PROPORTION_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, PROPORTION_METHODS))}, got {method!r}"
        )
    z = critical_z(confidence)
    p_a = counts["successes_a"] / counts["n_a"]
    p_b = counts["successes_b"] / counts["n_b"]
    low_a, high_a = proportion_interval(p_a, counts["n_a"], z, method)
    low_b, high_b = proportion_interval(p_b, counts["n_b"], z, method)
    d = p_b - p_a
    low = d - np.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = d + np.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    return float(d), float(max(low, -1.0)), float(min(high, 1.0))


def compare(
    events: pd.DataFrame,
    *,
    user: str,
    step: str,
    time: str,
    steps: Sequence[Any],
    group: str,
    groups: tuple[Any, Any] | None = None,
    base: str = "first",
    window: Any = None,
    order: str = "ordered",
    confidence: float = 0.95,
    adjust: str | None = None,
) -> pd.DataFrame:
    """Two groups' funnels side by side: conversion in each, their difference and its interval.

    For each step, the conversion of group ``a`` and group ``b`` (from the first step, or from
    the previous one with ``base="previous"``), the difference ``b - a`` with Newcombe's hybrid
    score interval (:func:`difference`, method 11) and the two-sided p-value of Fisher's exact
    test, which stays valid however few users convert (the pooled z-test's p-values are too small
    in the tail, and it has none when both groups convert 0%). A step with nothing to test (no
    conversions at all, or a group with no users at the base step) gets p = 1 and a ``note``, and
    counts in the family of ``adjust``. With many steps, some difference will look "significant"
    by chance: decide in advance
    which step matters (usually the last), or pass ``adjust="holm"`` (family-wise error) or
    ``adjust="bh"`` (false discovery rate) to adjust the p-values over the steps and widen the
    intervals to match (:func:`cxlib._stats.adjust_p`, :func:`cxlib._stats.adjusted_confidence`).

    Parameters
    ----------
    events, user, step, time, steps, window, order, confidence
        As :func:`conversion`.
    group : str
        Column naming each user's group (e.g. the A/B variant); constant within a user.
    groups : tuple, optional
        ``(a, b)``: which two groups, and the order of the difference. Default: the column's two
        values, sorted.
    base : {"first", "previous"}
        Conversion from the first step (default) or from the previous step.
    adjust : {"holm", "bh"}, optional
        Adjust for comparing every step: adds ``p_adjusted`` and computes the intervals at the
        matching level (kept in ``table.attrs["confidence"]``).

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step, n_a, users_a, rate_a, n_b, users_b, rate_b, difference, low,
        high, p_value`` (``p_adjusted`` with ``adjust``) and ``note``; ``n`` is the base: users
        at the first or previous step. Step 0 is not tested (its p-value is NaN).

    Raises
    ------
    ValueError
        As :func:`conversion`; a user in two groups; not exactly two groups.

    References
    ----------
    Newcombe (1998b), method 11; Fisher (1935); Holm (1979); Benjamini & Hochberg (1995).

    Examples
    --------
    >>> log = pd.DataFrame({"user": [1, 1, 2, 2, 3, 4, 4], "step": ["v", "b", "v", "b", "v", "v",
    ...     "b"], "t": pd.date_range("2025-01-01", periods=7, freq="h"),
    ...     "form": ["old", "old", "new", "new", "old", "new", "new"]})
    >>> compare(log, user="user", step="step", time="t", steps=["v", "b"], group="form",
    ...         groups=("old", "new")).loc[1, ["rate_a", "rate_b", "difference"]].tolist()
    [0.5, 1.0, 0.5]
    """
    from cxlib.funnel import _reach, _steps  # here: funnel imports this module

    steps = _steps(steps)
    if base not in ("first", "previous"):
        raise ValueError(f"base must be 'first' or 'previous', got {base!r}")
    _events.table(events, [user, step, time, group], "events")
    found = _reach(events, user, step, time, steps, window, order)
    labels = events[group].groupby(events[user], sort=False)
    spread = labels.nunique(dropna=False)
    if (spread > 1).any():
        both = spread.index[spread > 1]
        raise ValueError(
            f"{group} must be constant within a user; {len(both)} users are in two groups "
            f"(e.g. {', '.join(map(str, both[:5]))})"
        )
    per_user = labels.first().reindex(found.users).to_numpy()
    if groups is None:
        values = sorted(pd.unique(per_user[pd.notna(per_user)]))
        if len(values) != 2:
            raise ValueError(f"{group} must hold exactly two groups to compare, found {values}")
        groups = (values[0], values[1])
    rows = []
    counts = {}
    for label in groups:
        mask = per_user == label
        if not mask.any():
            raise ValueError(f"no user in group {label!r} of {group}")
        counts[label] = found.reached[mask].sum(axis=0)
    a, b = (counts[g] for g in groups)
    bases = [0 if base == "first" else max(k - 1, 0) for k in range(len(steps))]
    p_values = np.full(len(steps), np.nan)
    notes = [""] * len(steps)
    for k in range(1, len(steps)):  # step 0 compares the first step with itself
        n_a, n_b = int(a[bases[k]]), int(b[bases[k]])
        p_values[k] = _exact.fisher(int(a[k]), n_a, int(b[k]), n_b)
        notes[k] = _untested(groups, n_a, n_b, int(a[k] + b[k]))
    level = confidence
    if adjust is not None:
        adjusted = adjust_p(p_values, adjust)
        tested = int(np.isfinite(p_values).sum())
        discoveries = int((adjusted < 1 - confidence).sum())
        level = adjusted_confidence(confidence, max(tested, 1), adjust, discoveries=discoveries)
    for k, name in enumerate(steps):
        n_a, n_b = a[bases[k]], b[bases[k]]
        if n_a == 0 or n_b == 0:
            rows.append((name, n_a, a[k], np.nan, n_b, b[k], *[np.nan] * 4))
            continue
        d, low, high = difference(a[k], n_a, b[k], n_b, level)
        rows.append((name, n_a, a[k], a[k] / n_a, n_b, b[k], b[k] / n_b, d, low, high))
    columns = ["step", "n_a", "users_a", "rate_a", "n_b", "users_b", "rate_b"]
    table = pd.DataFrame(rows, columns=[*columns, "difference", "low", "high"])
    table["p_value"] = p_values
    if adjust is not None:
        table["p_adjusted"] = adjust_p(p_values, adjust)
    table["note"] = notes
    table.attrs.update(groups=groups, base=base, confidence=level, adjust=adjust)
    return table


def _untested(groups: tuple[Any, Any], n_a: int, n_b: int, converted: int) -> str:
    """Why a step's comparison has nothing to test (its p-value is then 1), or ""."""
    if n_a == 0 or n_b == 0:
        empty = groups[0] if n_a == 0 else groups[1]
        return f"no user of {empty!r} reached the base step: nothing to compare (p = 1)"
    if converted == 0:
        return N_("no user of either group converted: nothing to test (p = 1)")
    if converted == n_a + n_b:
        return N_("every user of both groups converted: nothing to test (p = 1)")
    return ""
