"""Input checks for tables of dated events (orders, funnel events), shared by funnel and retention.

Dates are checked once, at the door: text is parsed, and missing or unreadable dates, a mix of
time zones, or times with and without a zone are refused with a message that names the column,
the rows (as labelled in the table's index) and how many there are. Unsorted dates are fine.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from cxlib import _validate
from cxlib._validate import SHOW, _quote

_ZONE = r"(Z|[+-]\d{2}:?\d{2})$"  # a UTC offset at the end of an ISO date-time
#: Formats pandas does not guess: Chinese dates, and two-digit years (day or month first).
_CHINESE = ("%Y年%m月%d日", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y%m%d")
_SHORT = (("%m/%d/%y", "%d/%m/%y"), ("%m-%d-%y", "%d-%m-%y"), ("%m.%d.%y", "%d.%m.%y"))


def _rows(index: pd.Index, mask: np.ndarray) -> str:
    """'rows 3, 7, ...' for the masked labels of an index."""
    labels = np.asarray(index[mask])
    more = ", ..." if len(labels) > SHOW else ""
    return "rows " + ", ".join(str(v) for v in labels[:SHOW]) + more


def table(df: Any, columns: Sequence[str], what: str) -> None:
    """Check ``df`` is a non-empty DataFrame with every column, each named once."""
    _validate.columns(df, list(columns), what=what)
    if len(set(columns)) != len(columns):
        raise ValueError(f"{what}: the same column is given for two roles: {list(columns)}")
    if len(df) == 0:
        raise ValueError(f"{what} is empty: there are no rows to analyse")


def times(
    series: pd.Series,
    column: str,
    *,
    dayfirst: bool | None = None,
    date_format: str | None = None,
) -> pd.Series:
    """Dates of one column as datetime64 (one time zone or none), else a clear error.

    Text is read in one format for the whole column, found from its first date: ISO
    (``2025-03-01``), ``2025/3/1 10:00``, ``2025年3月1日``, ``01/02/2025`` ... When the day and
    the month could be either way round (``01/02/2025``) and both readings give dates for
    every row, and different ones, the column is refused unless ``dayfirst`` or
    ``date_format`` says which: a day read as a month is a wrong cohort with no error.

    Parameters
    ----------
    series : pandas.Series
        The column: datetime64 (naive or one zone), or text / datetime objects to parse.
    column : str
        Its name, for messages.
    dayfirst : bool, optional
        ``01/02/2025`` is 1 February (True) or 2 January (False).
    date_format : str, optional
        The format of every date (``strftime`` codes, e.g. ``"%d.%m.%Y"``).

    Returns
    -------
    pandas.Series
        datetime64 values with the input's index; ``attrs["date_format"]`` is the format read.

    Raises
    ------
    TypeError
        Numbers or booleans where dates are expected.
    ValueError
        Missing dates, text that is not a date, several time zones, or times with and without
        a zone in one column.

    Examples
    --------
    >>> times(pd.Series(["2025-03-01", "2025-01-31"]), "date").dt.month.tolist()
    [3, 1]
    >>> times(pd.Series(["2025-03-01 10:00+08:00", "2025-03-01 10:00"]), "date")
    Traceback (most recent call last):
    ...
    ValueError: date mixes times with a time zone (1 rows: rows 0) and without one (1 rows:
    rows 1); give every time a zone, or none, before analysing (e.g.
    pandas.to_datetime(..., utc=True))
    """
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        parsed = series
    elif pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        raise TypeError(
            f"{column} holds {dtype} values, not dates; convert them first "
            "(for example pandas.to_datetime(df[column], unit='s') for Unix seconds)"
        )
    else:
        parsed = _parse(series, column, dayfirst, date_format)
    missing = parsed.isna().to_numpy()
    if missing.any():
        raise ValueError(
            f"{column} has {int(missing.sum())} of {len(parsed)} rows without a date "
            f"({_rows(parsed.index, missing)}); fill or drop them before analysing"
        )
    return parsed


def date_format(text: pd.Series, column: str, dayfirst: bool | None = None) -> str | None:
    """The one format of a column of date texts, found from its first value (None: let pandas
    infer it); refused when day and month could be read either way round.

    Examples
    --------
    >>> date_format(pd.Series(["2025-03-01", "2025-12-31"]), "date")
    'ISO8601'
    >>> date_format(pd.Series(["13/02/2025", "01/03/2025"]), "date")
    '%d/%m/%Y'
    >>> try:
    ...     date_format(pd.Series(["01/02/2025", "03/04/2025"]), "date")
    ... except ValueError as error:
    ...     print(str(error).split("(e.g. ")[1].split(")")[0])
    '01/02/2025' is 1 February 2025 or 2 January 2025
    """
    present = text.dropna().astype(str)
    if present.empty:
        return None
    first = present.iloc[0].strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        month = guess_datetime_format(first, dayfirst=False)
        day = guess_datetime_format(first, dayfirst=True)
    if month and month.startswith("%Y"):
        day = None  # year first is year-month-day (ISO 8601): never year-day-month
        if month.startswith("%Y-%m-%d"):
            return "ISO8601"
    pairs = []
    if month and day and month != day:
        pairs = [(month, day)]
    elif month or day:
        return month or day
    else:
        for form in _CHINESE:
            if not pd.isna(pd.to_datetime(first, format=form, errors="coerce")):
                return form
        pairs = [
            pair
            for pair in _SHORT
            if any(not pd.isna(pd.to_datetime(first, format=f, errors="coerce")) for f in pair)
        ]
    if not pairs:
        return None
    by_month, by_day = pairs[0]
    if dayfirst is not None:
        return by_day if dayfirst else by_month
    read_month = pd.to_datetime(present, format=by_month, errors="coerce")
    read_day = pd.to_datetime(present, format=by_day, errors="coerce")
    if read_month.isna().any() or read_day.isna().any() or (read_month == read_day).all():
        return by_day if read_month.isna().any() and not read_day.isna().any() else by_month
    differs = (read_month != read_day).to_numpy()
    example = present[differs].iloc[0]
    as_month, as_day = read_month[differs].iloc[0], read_day[differs].iloc[0]
    raise ValueError(
        f"{column}: its dates can be read day first or month first (e.g. {example!r} is "
        f"{as_day.day} {as_day:%B %Y} or {as_month.day} {as_month:%B %Y}), and both readings "
        "give a date in every row; say which (dayfirst=True or False, or date_format=)"
    )


def _parse(
    series: pd.Series, column: str, dayfirst: bool | None = None, form: str | None = None
) -> pd.Series:
    """Parse text or datetime objects, refusing mixed zones and unreadable values."""
    present = series.notna().to_numpy()
    text = series.astype("string")
    zone = text.str.extract(_ZONE, expand=False).str.replace(":", "", regex=False)
    zone = zone.replace("Z", "+0000")
    has_zone = zone.notna().to_numpy() & present
    without = present & ~has_zone
    if has_zone.any() and without.any():
        raise ValueError(
            f"{column} mixes times with a time zone ({int(has_zone.sum())} rows: "
            f"{_rows(series.index, has_zone)}) and without one ({int(without.sum())} rows: "
            f"{_rows(series.index, without)}); give every time a zone, or none, before "
            "analysing (e.g. pandas.to_datetime(..., utc=True))"
        )
    if has_zone.any():
        counts = zone[has_zone].value_counts()
        if len(counts) > 1:
            rare = (zone != counts.index[0]).to_numpy() & has_zone
            listing = ", ".join(f"{z} in {n} rows" for z, n in counts.items())
            raise ValueError(
                f"{column} mixes time zones ({listing}; not {counts.index[0]}: "
                f"{_rows(series.index, rare)}); convert them to one zone first, e.g. "
                "pandas.to_datetime(df[column], utc=True).dt.tz_convert('Asia/Shanghai')"
            )
    if form is None:
        form = date_format(text[present], column, dayfirst)
    with warnings.catch_warnings():  # a format that is not found is refused below, row by row
        warnings.simplefilter("ignore", UserWarning)
        parsed = pd.to_datetime(text, errors="coerce", format=form)
    parsed.attrs["date_format"] = form
    bad = parsed.isna().to_numpy() & present
    if bad.any():
        values = np.asarray(series[bad].astype(str))
        serial = text[bad].str.fullmatch(r"\s*[2-7]\d{4}(\.\d+)?\s*").fillna(False).all()
        hint = (
            "; these look like Excel's day numbers (45678 is 2025-01-21): format the column "
            "as dates before exporting"
            if serial
            else ""
        )
        raise ValueError(
            f"{column} has {int(bad.sum())} of {len(series)} values that are not dates in the "
            f"column's format: {_quote(values, np.asarray(series.index[bad]))}{hint}; write every "
            "date in one format, e.g. 2025-03-01 or 2025-03-01 14:30:00"
        )
    return parsed


def moment(value: Any, like: pd.Series, name: str) -> pd.Timestamp:
    """A single point in time (``now``), in the same time-zone state as the column ``like``."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a date, got {value!r}") from error
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, got {value!r}")
    zone = getattr(like.dtype, "tz", None)
    if (stamp.tz is None) != (zone is None):
        raise ValueError(
            f"{name} ({stamp}) and the dates ({'zone ' + str(zone) if zone else 'no zone'}) "
            "must both have a time zone or both have none"
        )
    return stamp


def after(parsed: pd.Series, now: pd.Timestamp, column: str) -> None:
    """Refuse dates later than ``now``."""
    if parsed.max() > now:
        late = (parsed > now).to_numpy()
        raise ValueError(
            f"{column} has {int(late.sum())} dates after now ({now}): "
            f"{_quote(np.asarray(parsed[late].astype(str)), np.asarray(parsed.index[late]))}; "
            "check the export's clock or pass a later now="
        )


def keys(series: pd.Series, column: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and the distinct values of an identifier column; missing ids are refused.

    Whole-number identifiers in a compact range are coded by one presence table (codes in
    ascending identifier order, no hashing); anything else by ``pandas.factorize``.
    """
    plain = isinstance(series.dtype, np.dtype) and series.dtype.kind in "iu"
    values = series.to_numpy() if plain else None
    if values is not None and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low <= 4 * len(values) + 1024:
            shifted = values - low
            present = np.zeros(high - low + 1, dtype=bool)
            present[shifted] = True
            codes = (np.cumsum(present) - 1)[shifted]
            return codes, pd.Index(np.flatnonzero(present) + low, dtype=series.dtype)
    codes, uniques = pd.factorize(series, sort=False)
    if (codes < 0).any():
        missing = codes < 0
        raise ValueError(
            f"{column} is missing in {int(missing.sum())} of {len(series)} rows "
            f"({_rows(series.index, missing)}); every row needs an identifier"
        )
    return codes, pd.Index(uniques)
