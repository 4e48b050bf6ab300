"""The customer summary that repeat-buying models read: x, t_x and T per customer.

Public through :mod:`cxlib.retention` (``retention.repeat_summary``); read by the BG/NBD model
(:mod:`cxlib._bgnbd`) and the spend model (:mod:`cxlib._spend`).

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284 (section 4: the
customer-by-sufficient-statistic summary).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import _orders

__all__ = ["UNITS", "repeat_summary"]

#: Length of a time unit in days; ``W`` weeks, as Fader, Hardie & Lee count, or ``D`` days.
UNITS = {"D": 1.0, "W": 7.0}


def repeat_summary(
    orders: pd.DataFrame,
    *,
    customer: str,
    time: str,
    end: Any,
    amount: str | None = None,
    holdout_end: Any = None,
    unit: str = "W",
) -> pd.DataFrame:
    """Each customer's repeat purchases, last purchase and time observed: the models' input.

    Purchases on the same calendar day count as one (as Fader, Hardie & Lee's CDNOW summary
    does), their amounts added. Times are in ``unit`` since the customer's first purchase.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, in any order.
    customer, time : str
        Columns of the customer and the order's date.
    end : date
        Last day of the calibration period (inclusive): ``x`` and ``t_x`` count purchases up to
        it and ``T`` runs to it. Customers whose first purchase is later are left out and
        counted in ``attrs["later_customers"]``.
    amount : str, optional
        Column of the order's value: adds ``m_x``, the mean value of the repeat purchase days
        (NaN for customers with none), for :func:`cxlib.retention.fit_spend`.
    holdout_end : date, optional
        Adds ``x_holdout``: purchase days after ``end`` up to ``holdout_end``, to check a
        forecast against what happened.
    unit : {"W", "D"}, default "W"
        Weeks (days / 7) or days.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``x``, ``t_x``, ``T`` (and ``m_x``, ``x_holdout``); ``attrs`` holds
        ``unit``, ``end`` and ``later_customers``.

    Raises
    ------
    TypeError, ValueError
        As :func:`cxlib.retention.cohorts` for the orders; an unknown ``unit``; a
        ``holdout_end`` not after ``end``; orders after ``holdout_end`` (or after ``end`` when
        there is no holdout) are allowed and ignored, since a later export is normal.

    References
    ----------
    Fader, Hardie & Lee (2005), section 4 (the CDNOW calibration period: 39 weeks to
    1997-09-30, T in weeks from the first purchase).

    See Also
    --------
    fit_bgnbd. Chapter ``book/customers.md``; workbook ``notebooks/15_repeat_buyers.ipynb``.

    Examples
    --------
    >>> orders = pd.DataFrame({"c": ["A", "A", "A", "B"], "t": pd.to_datetime(
    ...     ["2025-01-01", "2025-01-08", "2025-01-08", "2025-01-15"])})
    >>> repeat_summary(orders, customer="c", time="t", end="2025-01-29")
       x  t_x    T
    c
    A  1  1.0  4.0
    B  0  0.0  2.0
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    coded = _orders.read(orders, customer, time, amount)
    day = coded.when // _orders.DAY
    stop = _day(end, "end")
    last = stop
    if holdout_end is not None:
        last = _day(holdout_end, "holdout_end")
        if last <= stop:
            raise ValueError(f"holdout_end ({holdout_end}) must be after end ({end})")
    size = len(coded.customers)
    first = _orders.per_customer_min(coded.codes, day, size)
    # one purchase per customer and day: unique (customer, day) pairs, values added
    low = int(day.min())
    span = int(day.max()) - low + 1
    pairs, where = np.unique(coded.codes.astype(np.int64) * span + (day - low), return_inverse=True)
    pair_code, pair_day = pairs // span, pairs % span + low
    calibration = pair_day <= stop
    repeat = calibration & (pair_day > first[pair_code])
    x = np.bincount(pair_code[repeat], minlength=size)
    last_day = _orders.per_customer_max(pair_code[calibration], pair_day[calibration], size)
    kept = first <= stop
    scale = UNITS[unit]
    table = pd.DataFrame(
        {
            "x": x,
            "t_x": (np.where(kept, last_day, first) - first) / scale,
            "T": (stop - first) / scale,
        },
        index=coded.customers.rename(customer),
    )
    if amount is not None:
        values = np.bincount(where, weights=coded.amount, minlength=len(pairs))
        spent = np.bincount(pair_code[repeat], weights=values[repeat], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            table["m_x"] = np.where(x > 0, spent / np.maximum(x, 1), np.nan)
    if holdout_end is not None:
        later = (pair_day > stop) & (pair_day <= last)
        table["x_holdout"] = np.bincount(pair_code[later], minlength=size)
    table = table[kept]
    table.attrs.update(
        unit=unit, end=str(pd.Timestamp(end).date()), later_customers=int((~kept).sum())
    )
    return table


def _day(value: Any, name: str) -> int:
    """A date as whole days since 1970 (its time of day ignored)."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a date, got {value!r}") from error
    if stamp is pd.NaT:
        raise ValueError(f"{name} must be a date, got {value!r}")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return int(stamp.normalize().as_unit("ns").value // _orders.DAY)


def _columns(summary: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x, t_x, T`` of a summary, checked: whole x >= 0, 0 <= t_x <= T, T > 0, t_x = 0 if x = 0."""
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(
            f"summary must be a DataFrame with columns x, t_x, T (retention.repeat_summary), "
            f"got {type(summary).__name__}"
        )
    missing = [c for c in ("x", "t_x", "T") if c not in summary.columns]
    if missing:
        raise ValueError(
            f"summary lacks column(s) {', '.join(missing)}: it needs x (repeat purchases), t_x "
            f"(time of the last purchase) and T (time observed); it has {list(summary.columns)}"
        )
    if len(summary) == 0:
        raise ValueError("summary is empty: there are no customers to model")
    values = [summary[c].to_numpy(dtype="float64", na_value=np.nan) for c in ("x", "t_x", "T")]
    x, t_x, big_t = values
    checks = [
        (~np.isfinite(x) | ~np.isfinite(t_x) | ~np.isfinite(big_t), "missing or infinite"),
        ((x < 0) | (x != np.round(x)), "x not a whole number >= 0"),
        (big_t <= 0, "T not positive"),
        ((t_x < 0) | (t_x > big_t * (1 + 1e-12)), "t_x outside 0 to T"),
        ((x == 0) & (t_x != 0), "t_x not 0 for a customer with no repeat purchase"),
    ]
    for bad, what in checks:
        if bad.any():
            labels = np.asarray(summary.index[bad])[:5]
            raise ValueError(
                f"summary: {what} in {int(bad.sum())} of {len(summary)} customers "
                f"(e.g. {', '.join(map(str, labels))})"
            )
    return x, t_x, big_t
