"""Funnel analysis (漏斗分析): how many users reach each step, and where they drop out.

An event log (one row per user action, with a time) and an ordered list of steps, such as
visit → search → room view → booking form → payment, give one row per step: the users who
reached it, the conversion from the previous step and from the first (each with a Wilson
interval), and the median time it took. :func:`compare` sets two groups side by side (an A/B
test of a new booking form) with the difference of conversion and Newcombe's interval.

Book chapter: ``book/customers.md``; workbook ``notebooks/08_customers.ipynb``; pictures:
:mod:`cxlib.plots.funnel`.

How users are counted
---------------------
- Each user's funnel starts at their **first** event of the first step; the ``window`` (e.g.
  ``"7D"``) is measured from that moment and is a hard limit: a step reached later does not count.
- ``order="ordered"``: each step must come after the previous one; other events may come between.
  The earliest qualifying event is used, so a user who reaches a step at all is found.
- ``order="strict"``: each step must be the user's very next event in the log (any event that is
  not the next step, including events outside ``steps``, ends the funnel for that user).
- A user counts at most once per step, however many times the event repeats. Events at the same
  moment are taken in funnel order.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions:
comparison of eleven methods. *Statistics in Medicine*, 17(8), 873-890 (method 10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _durations, _events
from cxlib._stats import adjust_p, adjusted_confidence, critical_z, wilson, z_test

__all__ = ["compare", "conversion", "difference"]

ORDERS = ("ordered", "strict")


@dataclass(frozen=True)
class _Reached:
    """Which users reached which step, and when (one row per user)."""

    users: pd.Index
    reached: np.ndarray  # users x steps, bool
    times: np.ndarray  # users x steps, datetime64 (NaT when not reached)


def _steps(steps: Any) -> list[Any]:
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
        raise TypeError(f"steps must be a list of step names in funnel order, got {steps!r}")
    steps = list(steps)
    if len(steps) < 2 or len(set(steps)) != len(steps):
        raise ValueError(f"steps must name at least two different steps, got {steps!r}")
    return steps


def _window(window: Any) -> np.timedelta64 | None:
    if window is None:
        return None
    return _durations.duration(window, "window").to_timedelta64()  # a unit is required


def _reach(
    events: pd.DataFrame,
    user: str,
    step: str,
    time: str,
    steps: list[Any],
    window: Any,
    order: str,
) -> _Reached:
    """Vectorised over users: one pass per step, none per user."""
    if order not in ORDERS:
        raise ValueError(f"order must be 'ordered' or 'strict', got {order!r}")
    _events.table(events, [user, step, time], "events")
    span = _window(window)
    parsed = _events.times(events[time], time)
    if getattr(parsed.dtype, "tz", None) is not None:  # durations in real time, across DST
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    when = parsed.to_numpy()
    users, names = _events.keys(events[user], user)
    kinds = events[step]
    if kinds.isna().any():
        missing = kinds.isna().to_numpy()
        raise ValueError(
            f"{step} is missing in {int(missing.sum())} rows "
            f"({_events._rows(events.index, missing)}); every event needs a step"
        )
    code = pd.Index(steps).get_indexer(kinds.to_numpy())
    code = np.where(code < 0, len(steps), code)  # other events sort after steps at one moment
    if order == "ordered":
        keep = code < len(steps)
        users, when, code = users[keep], when[keep], code[keep]
    sort = np.lexsort((code, when, users))
    users, when, code = users[sort], when[sort], code[sort]
    n_users = len(names)
    position = np.full((n_users, len(steps)), -1, dtype=np.int64)
    first = np.flatnonzero(code == 0)
    starters, at = np.unique(users[first], return_index=True)
    position[starters, 0] = first[at]
    if not len(starters):
        raise ValueError(
            f"no user reached the first step {steps[0]!r}: check the step names "
            f"(found: {', '.join(map(repr, pd.unique(kinds)[:8]))})"
        )
    anchor = np.full(n_users, np.datetime64("NaT"), dtype=when.dtype)
    anchor[starters] = when[first[at]]
    for k in range(1, len(steps)):
        before = position[:, k - 1]
        if order == "ordered":
            candidates = np.flatnonzero(code == k)
            owner = users[candidates]
            ok = (before[owner] >= 0) & (candidates > before[owner])
        else:
            owner = np.flatnonzero(before >= 0)
            candidates = before[owner] + 1
            inside = candidates < len(users)
            owner, candidates = owner[inside], candidates[inside]
            ok = (users[candidates] == owner) & (code[candidates] == k)
        if span is not None:
            ok &= when[candidates] - anchor[owner] <= span
        winners, at = np.unique(owner[ok], return_index=True)
        position[winners, k] = candidates[ok][at]
    reached = position >= 0
    times = np.where(reached, when[np.maximum(position, 0)], np.datetime64("NaT"))
    return _Reached(names, reached, times)


def _table(reached: np.ndarray, times: np.ndarray, steps: list[Any], z: float) -> pd.DataFrame:
    counts = reached.sum(axis=0)
    previous = np.concatenate([[counts[0]], counts[:-1]])
    from_previous = np.divide(counts, previous, out=np.full(len(steps), np.nan), where=previous > 0)
    from_first = counts / counts[0]
    with np.errstate(divide="ignore", invalid="ignore"):  # steps nobody reached: NaN
        prev_low, prev_high = wilson(from_previous, previous, z)
        first_low, first_high = wilson(from_first, counts[0], z)
    median_step, median_first = [pd.NaT], [pd.NaT]
    for k in range(1, len(steps)):  # one vectorised median per step
        took = times[reached[:, k], k]
        if not len(took):
            median_step.append(pd.NaT)
            median_first.append(pd.NaT)
            continue
        median_step.append(pd.Timedelta(np.median(took - times[reached[:, k], k - 1])))
        median_first.append(pd.Timedelta(np.median(took - times[reached[:, k], 0])))
    table = pd.DataFrame(
        {
            "step": steps,
            "users": counts,
            "lost": previous - counts,
            "from_previous": from_previous,
            "from_previous_low": prev_low,
            "from_previous_high": prev_high,
            "from_first": from_first,
            "from_first_low": first_low,
            "from_first_high": first_high,
            "median_time": pd.to_timedelta(median_step),
            "median_time_from_first": pd.to_timedelta(median_first),
        }
    )
    table.loc[0, ["from_previous", "from_previous_low", "from_previous_high"]] = np.nan
    return table


def conversion(
    events: pd.DataFrame,
    *,
    user: str,
    step: str,
    time: str,
    steps: Sequence[Any],
    window: Any = None,
    order: str = "ordered",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """One row per funnel step: users reaching it, conversion with Wilson intervals, time taken.

    The conversion from the previous step is ``users[k] / users[k-1]``, from the first
    ``users[k] / users[0]``; each gets Wilson's score interval, which stays inside 0-100% and
    holds at small counts. ``median_time`` is the median time from the previous step to this one
    among users who reached it; ``median_time_from_first`` from the first step.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per event; any order.
    user, step, time : str
        Columns: the user identifier, the event's name, and when it happened (datetime64 or
        text such as ``2025-03-01 14:30:00``).
    steps : list
        The funnel's steps, in order. Events whose name is not in the list are ignored by
        ``order="ordered"`` and break the sequence under ``order="strict"``.
    window : str or Timedelta, optional
        Longest time from a user's first step to a later step, with its unit (``"7D"``,
        ``"36h"``; a bare number is refused: :func:`cxlib._durations.duration`); None: no limit.
    order : {"ordered", "strict"}
        See the module's "How users are counted".
    confidence : float, default 0.95
        Level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``step, users, lost, from_previous, from_previous_low, from_previous_high,
        from_first, from_first_low, from_first_high, median_time, median_time_from_first``.

    Raises
    ------
    TypeError, ValueError
        Missing columns or identifiers, dates that are missing, unreadable or in mixed time
        zones, fewer than two steps, a bad window or order, no user at the first step.

    References
    ----------
    Wilson (1927), JASA 22(158).

    See Also
    --------
    compare : two groups (A/B) side by side. Chapter ``book/customers.md``.

    Examples
    --------
    Hand-worked: three users visit; u1 searches and books, u2 searches, u3 books without
    searching (an ordered funnel does not count u3's booking).

    >>> log = pd.DataFrame({
    ...     "user": ["u1", "u1", "u1", "u2", "u2", "u3", "u3"],
    ...     "event": ["visit", "search", "book", "visit", "search", "visit", "book"],
    ...     "at": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 10:05", "2025-03-01 10:30",
    ...                           "2025-03-01 11:00", "2025-03-01 11:20", "2025-03-02 09:00",
    ...                           "2025-03-02 09:10"])})
    >>> table = conversion(log, user="user", step="event", time="at",
    ...                    steps=["visit", "search", "book"])
    >>> table[["step", "users", "from_previous", "from_first"]].round(3).to_numpy().tolist()
    [['visit', 3, nan, 1.0], ['search', 2, 0.667, 0.667], ['book', 1, 0.5, 0.333]]
    >>> str(table.loc[1, "median_time"])
    '0 days 00:12:30'
    """
    steps = _steps(steps)
    z = critical_z(confidence)
    found = _reach(events, user, step, time, steps, window, order)
    return _table(found.reached, found.times, steps, z)


def difference(
    successes_a: float, n_a: float, successes_b: float, n_b: float, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Difference of two proportions ``b - a`` with Newcombe's hybrid score interval.

    ``low = d - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)`` and
    ``high = d + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)``, where ``(l, u)`` are each proportion's
    Wilson interval (Newcombe's method 10). It keeps good coverage at small counts and at 0% or
    100%, where the simple Wald interval fails.

    Returns
    -------
    tuple of float
        ``(difference, low, high)``.

    References
    ----------
    Newcombe (1998), Statistics in Medicine 17(8), 873-890, method 10.

    Examples
    --------
    Newcombe's (1998) worked example (a): 56/70 against 48/80, difference 0.2 with the
    interval 0.0524 to 0.3339 (his Table II).

    >>> [round(x, 4) for x in difference(48, 80, 56, 70)]
    [0.2, 0.0524, 0.3339]
    """
    z = critical_z(confidence)
    p_a, p_b = successes_a / n_a, successes_b / n_b
    low_a, high_a = wilson(p_a, n_a, z)
    low_b, high_b = wilson(p_b, n_b, z)
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
    score interval (:func:`difference`) and the two-sided p-value of the pooled two-proportion
    z-test. With many steps, some difference will look "significant" by chance: decide in advance
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
        high, p_value`` (and ``p_adjusted`` with ``adjust``); ``n`` is the base: users at the
        first or previous step. Step 0 is not tested (its p-value is NaN).

    Raises
    ------
    ValueError
        As :func:`conversion`; a user in two groups; not exactly two groups.

    References
    ----------
    Newcombe (1998), method 10; Wilson (1927); Holm (1979); Benjamini & Hochberg (1995).

    Examples
    --------
    >>> log = pd.DataFrame({"user": [1, 1, 2, 2, 3, 4, 4], "step": ["v", "b", "v", "b", "v", "v",
    ...     "b"], "t": pd.date_range("2025-01-01", periods=7, freq="h"),
    ...     "form": ["old", "old", "new", "new", "old", "new", "new"]})
    >>> compare(log, user="user", step="step", time="t", steps=["v", "b"], group="form",
    ...         groups=("old", "new")).loc[1, ["rate_a", "rate_b", "difference"]].tolist()
    [0.5, 1.0, 0.5]
    """
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
    for k in range(1, len(steps)):  # step 0 compares the first step with itself
        n_a, n_b = a[bases[k]], b[bases[k]]
        if n_a and n_b:
            pooled = (a[k] + b[k]) / (n_a + n_b)
            se = float(np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b)))
            p_values[k] = z_test(b[k] / n_b - a[k] / n_a, se)[1]
    level = confidence
    if adjust is not None:
        adjusted = adjust_p(p_values, adjust)
        tested = int(np.isfinite(p_values).sum())
        found = int((adjusted < 1 - confidence).sum())
        level = adjusted_confidence(confidence, max(tested, 1), adjust, discoveries=found)
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
    table.attrs.update(groups=groups, base=base, confidence=level, adjust=adjust)
    return table
