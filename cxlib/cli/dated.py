"""Dated rows for ``cx retention`` and ``cx funnel``: the named columns of an order or event
export, read through the one reading pipeline (:func:`cxlib.cli.engine.open_survey`, pandas
in chunks), dates parsed and checked by cxlib with their format said on stderr (a column whose
day and month could be either way round is refused until ``--dayfirst``/``--no-dayfirst`` or
``--date-format`` says which), amounts written as plain numbers; the library's own checks become
one line naming the column and the lines.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import _events, answers, exports
from cxlib._validate import _quote
from cxlib.cli import engine

__all__ = ["amounts", "dates", "library", "read"]


def read(args: argparse.Namespace, names: list[str | None]) -> tuple[pd.DataFrame, list[str]]:
    """The named columns as cleaned text (:func:`cxlib.exports.clean`: spaces, full-width digits,
    missing markers), indexed by their line in the file; None names are skipped."""
    args.engine = "pandas"  # see the module docstring: dates are parsed by cxlib, not SQL
    survey = engine.open_survey(args)
    layout = survey.layout
    found = [layout.find(n) for n in names if n is not None]
    twice = sorted({c for c in found if found.count(c) > 1})
    if twice:
        raise exports.ExportError(
            f"{args.file}: column {', '.join(map(repr, twice))} is given for two roles"
        )
    size = args.file.stat().st_size
    if layout.kind == "csv" and size > engine.LARGE_FILE:
        engine.note(
            f"reading {size / 2**20:,.0f} MB with pandas in chunks, keeping {len(found)} columns "
            "in memory (about 0.3 GB more per million rows: dates are parsed and checked by cxlib)"
        )
    parts = [
        pd.DataFrame({c: answers.clean(chunk[c]) for c in found}, index=chunk.index)
        for chunk in exports.chunks(layout, found)
    ]
    layout.unchanged()
    frame = pd.concat(parts) if parts else pd.DataFrame(columns=found)
    if frame.empty:
        raise exports.ExportError(f"{args.file}: the file has a header but no rows")
    return frame, found


def _cli_words(message: str) -> str:
    """A library message in the command's words: lines of the file, options with dashes."""
    message = re.sub(r"\brows (?=\d)", "lines ", message)
    message = re.sub(r"(?<![\w-])now=?(?![\w-])", "--now", message)
    message = message.replace("shorter horizon", "shorter --horizon")
    return " ".join(message.split())


def library(path: Path, call, *args, **kwargs):
    """Run a cxlib function; its ValueError/TypeError becomes a one-line ExportError."""
    try:
        return call(*args, **kwargs)
    except exports.ExportError:
        raise
    except (ValueError, TypeError) as error:
        raise exports.ExportError(f"{path}: {_cli_words(str(error))}") from None


_ORDER = {"%d": "day", "%m": "month", "%Y": "year", "%y": "year"}


def dates(path: Path, frame: pd.DataFrame, column: str, now: str | None, args) -> pd.Series:
    """Parsed dates (cxlib's checks, the format said on stderr); without --now, dates after
    tomorrow are refused."""
    options = dict(dayfirst=args.dayfirst, date_format=args.date_format)
    try:
        parsed = _events.times(frame[column], column, **options)
    except (ValueError, TypeError) as error:
        message = str(error).replace(
            "dayfirst=True or False, or date_format=",
            "--dayfirst or --no-dayfirst, or --date-format",
        )
        raise exports.ExportError(f"{path}: {_cli_words(message)}") from None
    form = parsed.attrs.get("date_format")
    if form:
        order = [_ORDER[code] for code in re.findall(r"%[dmYy]", form)]
        shown = "ISO 8601 (year-month-day)" if form == "ISO8601" else f"{form} ({'/'.join(order)})"
        engine.note(f"dates: column {column!r} read as {shown}")
    if now is None:
        zone = getattr(parsed.dtype, "tz", None)
        today = pd.Timestamp.now(tz=zone).normalize()
        limit = today + pd.Timedelta(days=2)  # time zones run up to 14 hours ahead of this clock
        late = (parsed >= limit).to_numpy()
        if late.any():
            shown = _quote(np.asarray(parsed[late].astype(str)), np.asarray(parsed.index[late]))
            raise exports.ExportError(
                f"{path}: column {column!r} has {int(late.sum()):,} date(s) in the future (today "
                f"is {today.date()}): {_cli_words(shown)}; check the export's clock and the date "
                "format, or pass --now to set the end of observation"
            )
    return parsed


def amounts(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    """Amounts as numbers; text that is not a number is refused with its lines."""
    text = frame[column]
    values = answers.number(text)
    bad = (values.isna() & text.notna()).to_numpy()
    if bad.any():
        shown = ", ".join(
            f"line {line} {raw!r}" for line, raw in frame.loc[bad, column].iloc[:5].items()
        )
        raise exports.ExportError(
            f"{path}: column {column!r} has {int(bad.sum()):,} amounts that are not numbers: "
            f"{shown}; write plain numbers (no currency sign, no thousands separator)"
        )
    return values
