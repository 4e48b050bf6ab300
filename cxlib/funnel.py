"""Funnel analysis (漏斗分析): how many users reach each step, and where they drop out.

An event log (one row per user action, with a time) and an ordered list of steps, such as
visit → search → room view → booking form → payment, give one row per step: the users who
reached it, the conversion from the previous step and from the first (each with the
continuity-corrected Wilson interval of :func:`cxlib._stats.proportion_interval`), and the median
time it took. :func:`compare` sets two groups side by side (an A/B test of a new booking form)
with the difference of conversion, Newcombe's interval and Fisher's exact test.

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
Newcombe, R. G. (1998a). Two-sided confidence intervals for the single proportion: comparison of
seven methods. *Statistics in Medicine*, 17(8), 857-872 (method 4).
The references of :func:`compare` and :func:`difference` (Newcombe 1998b, Fisher 1935) are in
:mod:`cxlib._funnel_compare`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _durations, _events
from cxlib._stats import critical_z, proportion_interval

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
        prev_low, prev_high = proportion_interval(from_previous, previous, z)
        first_low, first_high = proportion_interval(from_first, counts[0], z)
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
    """One row per funnel step: users reaching it, conversion with its interval, time taken.

    The conversion from the previous step is ``users[k] / users[k-1]``, from the first
    ``users[k] / users[0]``; each gets Wilson's score interval with continuity correction
    (:func:`cxlib._stats.proportion_interval`), which stays inside 0-100% and covers at least 95%
    of the time from 10 users on, also near 0% and 100%. ``median_time`` is the median time from
    the previous step to this one among users who reached it; ``median_time_from_first`` from
    the first step.

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
    Wilson (1927), JASA 22(158); Newcombe (1998a), Statistics in Medicine 17(8), method 4.

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


# The comparison of two groups lives in its own module (split for size); imported last because
# it uses _reach and _steps from this one.
from cxlib._funnel_compare import compare, difference  # noqa: E402
