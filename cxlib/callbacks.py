"""Closing the loop with detractors (贬损者回访): is every detractor called back, soon, and helped?

The Net Promoter System's "inner loop" has someone at the front line call back each detractor,
listen, fix what can be fixed and tell the customer what was done; its "outer loop" takes the
causes that need a policy or an investment to the managers who own them (Reichheld & Markey
2011). A call-back log (回访记录表) with one row per detractor makes the inner loop measurable:

- :func:`summary`: how many detractors were called within the target time, reached, helped and
  told what was done, each share with Wilson's interval, and the hours to the call;
- :func:`naive_comparison`: what comparing the detractors who were reached with those who were
  not seems to show, and why it is not the call's effect (the customers who pick up the phone
  differ from those who do not: a selection effect, not an experiment).

Book chapter: ``book/nps.md`` (closing the loop); workbook ``notebooks/14_nps_programme.ipynb``;
the paper log in the course 000 kit (``callback_log``); data ``detractor_callbacks`` (synthetic).

References
----------
Reichheld, F. & Markey, R. (2011). *The Ultimate Question 2.0: How Net Promoter Companies Thrive
in a Customer-Driven World*. Harvard Business Review Press (the inner and outer loops).
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, wilson

__all__ = ["hours_to_call", "naive_comparison", "summary"]

#: The outcomes a call-back log records for a detractor who was reached.
HELPED = ("fixed", "partly_fixed")


def _times(df: pd.DataFrame, column: str, *, missing_ok: bool) -> pd.Series:
    """A column of date-times (missing allowed only where asked), refused with its rows."""
    values = df[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        converted = pd.to_datetime(values, errors="coerce")
        bad = converted.isna() & values.notna()
        if bad.any():
            raise TypeError(
                f"column {column!r} holds {int(bad.sum())} values that are not date-times: "
                f"{_validate._quote(values[bad].to_numpy(), values.index[bad].to_numpy())}"
            )
        values = converted
    if not missing_ok and values.isna().any():
        rows = values.index[values.isna()]
        raise ValueError(
            f"column {column!r} has {len(rows)} missing date-times (rows "
            f"{', '.join(map(str, rows[:5]))}); every detractor needs the time of the answer"
        )
    return values


def _share(count: float, n: float, z: float) -> tuple[float, float, float]:
    if n == 0:
        return np.nan, np.nan, np.nan
    low, high = wilson(count / n, n, z)
    return count / n, float(low), float(high)


def summary(
    log: pd.DataFrame,
    *,
    answered: str = "answered_at",
    called: str = "called_at",
    reached: str = "reached",
    outcome: str = "outcome",
    told: str = "told_customer",
    target_hours: float = 48,
    by: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The inner loop in numbers: called in time, reached, helped, told; with intervals.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per detractor (a survey answer of 0-6) who should be called back.
    answered : str, default "answered_at"
        When the detractor answered the survey (date-time; never missing).
    called : str, default "called_at"
        When the first call-back attempt was made; missing when nobody called.
    reached : str, default "reached"
        Yes/no: did the caller speak with the customer? (False when nobody called.)
    outcome : str, default "outcome"
        What was done for a reached customer: ``"fixed"``, ``"partly_fixed"`` or
        ``"not_fixed"``; anything for the others (it is not read).
    told : str, default "told_customer"
        Yes/no: was the customer told afterwards what had been done?
    target_hours : float, default 48
        The programme's promise: a call within this many hours of the answer.
    by : str, optional
        A column to split by (hotel, caller's role); None gives one row for all.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group (``by`` first when given): ``detractors``; ``called`` (at any time)
        and ``called_in_time``, each with its share of all detractors and interval;
        ``never_called``; ``reached`` (share of those called); ``helped`` (fixed or partly
        fixed, share of those reached); ``told`` (share of those helped); ``median_hours`` and
        ``p90_hours`` from answer to call (of those called). Shares carry Wilson intervals
        (``*_low``, ``*_high``).

    Raises
    ------
    ValueError, TypeError
        Missing columns, a call before the answer, reached without a call, a yes/no column
        that is not yes/no, or an outcome outside the three for a reached customer (each
        message names the rows).

    Notes
    -----
    The denominators differ on purpose: a team that calls every detractor but reaches few has
    another problem than one that reaches everyone and fixes nothing. The target of 48 hours is
    this course's choice, not a finding: set the programme's own and keep it.

    See Also
    --------
    naive_comparison : why "reached detractors came back more" is not the call's effect.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "answered_at": pd.to_datetime(["2025-03-01 09:00"] * 4),
    ...     "called_at": pd.to_datetime(["2025-03-01 15:00", "2025-03-02 09:00",
    ...                                  "2025-03-05 09:00", None]),
    ...     "reached": [True, True, False, False],
    ...     "outcome": ["fixed", "not_fixed", "", ""],
    ...     "told_customer": [True, False, False, False]})
    >>> row = summary(log).iloc[0]
    >>> int(row["detractors"]), int(row["called_in_time"]), float(row["called_in_time_share"])
    (4, 2, 0.5)
    >>> int(row["reached"]), int(row["helped"]), float(row["median_hours"])
    (2, 1, 24.0)
    """
    from cxlib.referrals import _flags

    needed = [answered, called, reached, outcome, told] + ([by] if by else [])
    _validate.columns(log, needed, what="log")
    answered_at = _times(log, answered, missing_ok=False)
    called_at = _times(log, called, missing_ok=True)
    was_reached = _flags(log[reached], f"column {reached!r}")
    was_told = _flags(log[told], f"column {told!r}")
    hours = ((called_at - answered_at).dt.total_seconds() / 3600).to_numpy(dtype=float)
    early = hours < 0
    if early.any():
        raise ValueError(
            f"column {called!r} is before {answered!r} in {int(early.sum())} rows "
            f"({', '.join(map(str, log.index[early][:5]))}): a call-back follows the answer"
        )
    was_called = ~np.isnan(hours)
    orphan = was_reached & ~was_called
    if orphan.any():
        raise ValueError(
            f"{int(orphan.sum())} rows are marked {reached!r} without a call time "
            f"(rows {', '.join(map(str, log.index[orphan][:5]))})"
        )
    outcomes = log[outcome].astype("string").to_numpy(dtype=object)
    allowed = (*HELPED, "not_fixed")
    bad = was_reached & ~np.isin(outcomes, allowed)
    if bad.any():
        raise ValueError(
            f"column {outcome!r} must be one of {', '.join(allowed)} for a reached customer; "
            f"{int(bad.sum())} rows are not: "
            f"{_validate._quote(outcomes[bad], log.index[bad].to_numpy())}"
        )
    frame = pd.DataFrame(
        {
            "_group": log[by].to_numpy() if by else "all",
            "in_time": was_called & (hours <= target_hours),
            "called": was_called,
            "reached": was_reached,
            "helped": was_reached & np.isin(outcomes, HELPED),
            "told": was_reached & np.isin(outcomes, HELPED) & was_told,
            "hours": hours,
        }
    )
    z = critical_z(confidence)
    rows = []
    for group, part in frame.groupby("_group", sort=True, observed=True):
        n = len(part)
        counts = {name: int(part[name].sum()) for name in ("in_time", "called", "reached")}
        counts.update(helped=int(part["helped"].sum()), told=int(part["told"].sum()))
        row = {by: group} if by else {}
        row["detractors"] = n
        for name, count, base in (
            ("called", counts["called"], n),
            ("called_in_time", counts["in_time"], n),
            ("reached", counts["reached"], counts["called"]),
            ("helped", counts["helped"], counts["reached"]),
            ("told", counts["told"], counts["helped"]),
        ):
            share, low, high = _share(count, base, z)
            row[name] = count
            row[f"{name}_share"] = round(share, 3)
            row[f"{name}_low"], row[f"{name}_high"] = round(low, 3), round(high, 3)
        row["never_called"] = n - counts["called"]
        called_hours = part["hours"].dropna().to_numpy()
        row["median_hours"] = float(np.median(called_hours)) if len(called_hours) else np.nan
        row["p90_hours"] = float(np.quantile(called_hours, 0.9)) if len(called_hours) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs["target_hours"] = target_hours
    return table


def naive_comparison(
    log: pd.DataFrame, group: str, outcome: str, confidence: float = 0.95
) -> pd.DataFrame:
    """An outcome's rate in each group of a call-back log: a description, not the call's effect.

    "The detractors we reached came back more often than those we did not" compares two groups
    that differ before any call: customers who pick up the phone are not like customers who do
    not. The table shows the two rates with their intervals and the difference (Newcombe's
    interval); its ``attrs["warning"]`` says what it cannot show. The call's effect needs a
    comparison made by chance: call a random half first, or roll the call-backs out site by
    site and compare with sites not yet started (difference in differences,
    :mod:`cxlib.before_after`).

    Parameters
    ----------
    log : pandas.DataFrame
    group : str
        A yes/no column that splits the log (reached, called in time).
    outcome : str
        A yes/no column of what the customer did later (booked again).
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Two rows (``group`` False, True): ``n``, ``count``, ``rate`` with Wilson's interval;
        ``attrs["difference"]`` holds the difference True minus False and its interval.

    Examples
    --------
    >>> log = pd.DataFrame({"reached": [True] * 4 + [False] * 4,
    ...                     "returned": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> naive_comparison(log, "reached", "returned")[["reached", "n", "count", "rate"]]
       reached  n  count  rate
    0    False  4      1  0.25
    1     True  4      2  0.50
    """
    from cxlib import funnel
    from cxlib.referrals import _flags

    _validate.columns(log, [group, outcome], what="log")
    split = _flags(log[group], f"column {group!r}")
    did = _flags(log[outcome], f"column {outcome!r}")
    z = critical_z(confidence)
    rows = []
    for side in (False, True):
        mask = split == side
        n, count = int(mask.sum()), int(did[mask].sum())
        share, low, high = _share(count, n, z)
        rows.append(
            {group: side, "n": n, "count": count, "rate": share, "ci_low": low, "ci_high": high}
        )
    table = pd.DataFrame(rows)
    if (table["n"] > 0).all():
        difference = funnel.difference(
            rows[0]["count"], rows[0]["n"], rows[1]["count"], rows[1]["n"], confidence
        )
        names = ("difference", "ci_low", "ci_high")
        table.attrs["difference"] = dict(zip(names, difference, strict=True))
    table.attrs["warning"] = (
        f"the groups of {group!r} differ before any call; this difference is not the call's "
        "effect (compare groups made by chance for that)"
    )
    return table


def hours_to_call(answered_at: Any, called_at: Any) -> np.ndarray:
    """Hours from each answer to its call-back (NaN where nobody called), vectorised.

    Examples
    --------
    >>> hours_to_call(pd.to_datetime(["2025-03-01 09:00"]), pd.to_datetime(["2025-03-02 21:00"]))
    array([36.])
    """
    delta = pd.to_datetime(pd.Series(called_at)) - pd.to_datetime(pd.Series(answered_at))
    return (delta.dt.total_seconds() / 3600).to_numpy(dtype=float)
