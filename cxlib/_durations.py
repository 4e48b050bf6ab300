"""Durations with their unit (时长): one parser for every window and horizon cxlib takes.

A bare number is not a duration: pandas reads ``7`` as 7 nanoseconds and ``1m`` as one
minute, so ``window=7`` meant "seven days" to its writer and silently counted nobody. Here a
duration is a number with a unit (``7D``, ``7 days``, ``36h``, ``30min``, ``90s``, ``2W``,
``7天``, ``2小时``, ``30分钟``), a ``pandas.Timedelta``, a ``datetime.timedelta`` or a NumPy
``timedelta64`` with a unit; ``m`` and ``M`` alone are refused as ambiguous (minutes or
months?), and months and years are not fixed lengths of time at all. The caller says what
it read (:func:`describe`), so the window used is always visible.

Used by :func:`cxlib.funnel.conversion` (``window``), :func:`cxlib.retention.repeat_rate`
(``within``) and the ``cx`` command's ``--window`` and ``--horizon``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["describe", "duration"]

#: Units and their pandas spelling; Chinese units as a course's learners write them.
_SPELLINGS = {
    "W": "w wk week weeks 周 星期",
    "D": "d day days 天 日",
    "h": "h hr hrs hour hours 小时 时",
    "min": "min mins minute minutes 分钟 分",
    "s": "s sec secs second seconds 秒",
}
UNITS = {word: unit for unit, words in _SPELLINGS.items() for word in words.split()}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([^\d\s.]+)")
_BARE = re.compile(r"\s*[+-]?\d+(?:\.\d+)?\s*")


def duration(value: Any, name: str = "window") -> pd.Timedelta:
    """A positive duration with its unit, or a ValueError/TypeError naming ``name``.

    Parameters
    ----------
    value : str, pandas.Timedelta, datetime.timedelta or numpy.timedelta64
        ``"7D"``, ``"7 days"``, ``"1h30min"``, ``"7天"``, ``"P7D"`` (ISO 8601), or a time span.
    name : str
        What the duration is, for messages (``"window"``, ``"within"``, ``"--window"``).

    Returns
    -------
    pandas.Timedelta

    Raises
    ------
    TypeError
        A number without a unit (``7``, ``7.0``, ``True``), a ``timedelta64`` without a unit.
    ValueError
        Text without a unit (``"7"``), an unknown or ambiguous unit (``"1m"``, ``"2M"``,
        ``"1Y"``), zero or a negative span.

    Examples
    --------
    >>> duration("7D"), duration("36 hours"), duration("2周")
    (Timedelta('7 days 00:00:00'), Timedelta('1 days 12:00:00'), Timedelta('14 days 00:00:00'))
    >>> for bad in (7, "1m"):
    ...     try:
    ...         duration(bad)
    ...     except (TypeError, ValueError) as error:
    ...         print(str(error).split(";")[0])
    window needs a unit: 7 alone is not a duration (pandas would read it as 7 nanoseconds)
    window: '1m' is ambiguous (minutes or months?)
    """
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (int, float, np.number)):
        raise TypeError(
            f"{name} needs a unit: {value!r} alone is not a duration (pandas would read it as "
            f"{value!r} nanoseconds); write e.g. '{value!r}D' for days or '{value!r}h' for hours"
        )
    if isinstance(value, np.timedelta64):
        if np.datetime_data(value.dtype)[0] == "generic":
            raise TypeError(f"{name}: numpy.timedelta64 without a unit; give one, e.g. 'D'")
        span = pd.Timedelta(value)
    elif isinstance(value, (pd.Timedelta, dt.timedelta)):
        span = pd.Timedelta(value)
    elif isinstance(value, str):
        span = _parse(value, name)
    else:
        raise TypeError(f"{name} must be a duration such as '7D' or '2h', got {value!r}")
    if pd.isna(span) or span <= pd.Timedelta(0):
        raise ValueError(f"{name} must be a positive duration, got {value!r}")
    return span


def _parse(text: str, name: str) -> pd.Timedelta:
    """Text such as ``7D``, ``1h 30min``, ``7天`` or ISO ``P7D``."""
    stripped = text.strip()
    if _BARE.fullmatch(stripped):
        raise ValueError(
            f"{name} needs a unit: {text!r} alone is not a duration; write e.g. "
            f"'{stripped.lstrip('+')}D' for days or '{stripped.lstrip('+')}h' for hours"
        )
    if stripped.startswith("-"):
        raise ValueError(f"{name} must be a positive duration, got {text!r}")
    if stripped[:1] in ("P", "p"):
        try:
            return pd.Timedelta(stripped.upper())
        except ValueError:
            raise ValueError(f"{name}: {text!r} is not an ISO 8601 duration") from None
    parts = _PART.findall(stripped)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s+", "", stripped):
        raise ValueError(f"{name} must be a duration such as '7D', '36h' or '30min', got {text!r}")
    total = pd.Timedelta(0)
    for number, unit in parts:
        if unit in ("m", "M"):
            raise ValueError(
                f"{name}: {text!r} is ambiguous (minutes or months?); write '{number}min' for "
                "minutes, or days ('30D') for about a month"
            )
        key = UNITS.get(unit if unit in UNITS else unit.lower())
        if key is None:
            known = "W, D, h, min, s (or 周, 天, 小时, 分钟, 秒)"
            months = (
                " (months and years have no fixed length: use days)"
                if unit.lower() in ("mo", "month", "months", "y", "yr", "year", "years", "月", "年")
                else ""
            )
            raise ValueError(f"{name}: unknown unit {unit!r} in {text!r}{months}; use {known}")
        total += pd.Timedelta(float(number), unit=key)
    return total


def describe(span: pd.Timedelta) -> str:
    """A duration in words: ``7 days``, ``1 day 12 hours``, ``30 minutes``.

    Examples
    --------
    >>> describe(pd.Timedelta("7D")), describe(pd.Timedelta("36h")), describe(pd.Timedelta("90s"))
    ('7 days', '1 day 12 hours', '1 minute 30 seconds')
    """
    seconds = round(span.total_seconds())
    words = []
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            words.append(f"{count} {unit}{'' if count == 1 else 's'}")
    return " ".join(words) or f"{span}"
