"""An order table checked once and coded as arrays: shared by :mod:`cxlib.retention`'s functions.

Customers become integer codes (one ``pandas.factorize``), dates int64 nanoseconds of local wall
time, so that every per-customer statistic is one ``numpy.bincount`` or ``ufunc.at`` pass (no
sort, no Python loop over customers or orders).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _events
from cxlib._validate import _quote

DAY = 86_400_000_000_000  # nanoseconds
PERIODS = ("D", "W", "M", "Q", "Y")


@dataclass(frozen=True)
class Orders:
    """Validated orders as arrays.

    Attributes
    ----------
    codes : numpy.ndarray
        Customer code of each order (0 .. customers - 1).
    customers : pandas.Index
        The distinct customer identifiers, in code order.
    when : numpy.ndarray
        int64 nanoseconds since 1970 of each order, as local wall time.
    amount : numpy.ndarray or None
        float64 amounts, when an amount column was given.
    now : int or None
        ``now`` in the same units, when given.
    zone : object
        The dates' time zone (None when naive).
    """

    codes: np.ndarray
    customers: pd.Index
    when: np.ndarray
    amount: np.ndarray | None
    now: int | None
    zone: Any


def read(
    orders: pd.DataFrame,
    customer: str,
    time: str,
    amount: str | None = None,
    now: Any = None,
    *,
    need_now: bool = False,
) -> Orders:
    """Check an order table and code it (see :class:`Orders`)."""
    columns = [customer, time] + ([amount] if amount is not None else [])
    _events.table(orders, columns, "orders")
    if need_now and now is None:
        raise ValueError("now is required: the date the analysis looks back from")
    dates = orders[time]
    if amount is not None and dates.isna().any():
        empty = (dates.isna() & orders[amount].isna()).to_numpy()
        if empty.any():
            who = np.asarray(orders.loc[empty, customer].astype(str))
            raise ValueError(
                f"{int(empty.sum())} customers have no orders (rows with neither {time} nor "
                f"{amount}: {_quote(who, np.asarray(orders.index[empty]))}), as a left join of "
                "customers to orders gives; drop them here and count them separately"
            )
    parsed = _events.times(dates, time)
    zone = getattr(parsed.dtype, "tz", None)
    stamp = None
    if now is not None:
        stamp = _events.moment(now, parsed, "now")
        _events.after(parsed, stamp, time)
    local = parsed.dt.tz_localize(None) if zone is not None else parsed
    when = local.to_numpy().astype("datetime64[ns]").view(np.int64)
    codes, names = _events.keys(orders[customer], customer)
    values = None
    if amount is not None:
        values = _amounts(orders[amount], amount)
    now_ns = None
    if stamp is not None:
        local_now = stamp.tz_localize(None) if stamp.tz is not None else stamp
        now_ns = int(local_now.as_unit("ns").value)
    return Orders(codes, names, when, values, now_ns, zone)


def _amounts(series: pd.Series, column: str) -> np.ndarray:
    """Amounts as float64; missing, non-numeric or negative amounts are refused."""
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise TypeError(
            f"{column} must hold numbers, got {series.dtype}; convert it first (e.g. "
            "pandas.to_numeric after removing currency signs)"
        )
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    if not np.isfinite(values).all():
        bad = ~np.isfinite(values)
        raise ValueError(
            f"{column} is missing or infinite in {int(bad.sum())} rows: "
            f"{_quote(values[bad], np.asarray(series.index[bad]))}"
        )
    if values.min() < 0:
        bad = values < 0
        raise ValueError(
            f"{column} is negative in {int(bad.sum())} of {len(values)} rows: "
            f"{_quote(values[bad], np.asarray(series.index[bad]))}; refunds and returns must be "
            "netted against their orders (or left out) before scoring customers"
        )
    return values


def period_index(when: np.ndarray, period: str) -> np.ndarray:
    """Whole periods since 1970 of int64-nanosecond dates: day, week (Monday first), month, ..."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    days = when // DAY
    if period == "D":
        return days
    if period == "W":
        return (days + 3) // 7  # 1970-01-01 was a Thursday; weeks run Monday to Sunday
    first, last = int(days.min()), int(days.max())
    span = np.arange(first, last + 1).astype("datetime64[D]")
    months = span.astype("datetime64[M]").astype(np.int64)  # one entry per calendar day
    month = np.take(months, days - first)
    return {"M": month, "Q": month // 3, "Y": month // 12}[period]


def period_labels(index: np.ndarray, period: str) -> pd.PeriodIndex:
    """Period labels (2025-03, 2025Q1, ...) of period numbers from :func:`period_index`."""
    if period == "W":
        starts = (np.asarray(index) * 7 - 3).astype("datetime64[D]")
        return pd.DatetimeIndex(starts).to_period("W-SUN")
    return pd.PeriodIndex.from_ordinals(np.asarray(index, dtype=np.int64), freq=period)


def per_customer_min(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Smallest value per customer code (one ``numpy.minimum.at`` pass)."""
    out = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, codes, values)
    return out


def per_customer_max(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Largest value per customer code (one ``numpy.maximum.at`` pass)."""
    out = np.full(size, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(out, codes, values)
    return out
