"""Records: the one definition of how CSV text splits into rows and fields (记录与字段).

Two readers count a survey export, pandas' (in memory) and DuckDB's (streaming, for large
files), and two CSV parsers always disagree somewhere: on a space before an opening quote
(``10, "上海,浦东"``), text after a closing quote (``"ok"x``), a backslash before a quote
(``"A\\"B"``), a lone carriage return, a row that grows a field after the first two hundred.
So neither parser decides what a file means. This module does, once, for both: it scans the
whole text (vectorised with NumPy, block by block, memory flat) and accepts only *plain CSV*,
the part of RFC 4180 on which every parser agrees:

- rows end at LF or CRLF (mixed is fine); a file with CR alone (old Mac) ends rows at CR;
- fields are split by the delimiter outside quotes; a quoted field starts with the quote right
  after a delimiter or at the start of a row and ends with a quote right before a delimiter or
  the end of the row; a quote inside it is written twice (``""``); line breaks inside it are
  part of the answer;
- a carriage return outside quotes only comes before a line feed;
- a row has at most as many non-empty fields as the header (trailing delimiters are fine).

Anything else is refused with its line, before a single answer is counted. Within plain CSV,
pandas and DuckDB split every row alike (``tests/test_exports.py`` runs every fixture through
both), so the readers only split and count what this scan accepted. The scan also gives each
row's line in the file (blank lines and line breaks inside quoted answers counted), the widest
row and the longest one, which the readers are told.

References
----------
Shafranovich, Y. (2005). *Common Format and MIME Type for Comma-Separated Values (CSV) Files*.
RFC 4180, IETF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from cxlib._scanner import RecordError, Rows, Scanner

__all__ = ["ONE_COLUMN", "RecordError", "Rows", "Scanner", "head", "scan"]

DELIMITERS = (",", ";", "\t", "|")
ONE_COLUMN = ""  # no delimiter: the whole line is one field
_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$')


def scan(
    blocks: Iterable[bytes], delimiter: bytes, *, width: int, data_row: int, data_offset: int
) -> Rows:
    """Scan a whole text given as blocks of lines (the rows before ``data_offset`` on their own,
    so that the answers can take the fast path); refuse rows with values beyond the header."""
    scanner = Scanner(delimiter, width=width, data_row=data_row)
    for block in blocks:
        if scanner.out.rows == 0 and 0 < data_offset < len(block):
            scanner.feed(block[:data_offset])
            scanner.feed(block[data_offset:])
        else:
            scanner.feed(block)
    rows = scanner.finish()
    if scanner.beyond:
        raise RecordError(
            f"{scanner.beyond:,} rows have values beyond the {width} columns of the header, "
            f"first at line {scanner.beyond_line:,}; check the delimiter or the header"
        )
    return rows


def _scan_head(head: bytes, delimiter: str) -> Rows:
    scanner = Scanner(delimiter.encode(), keep=True)
    scanner.feed(head)
    return scanner.finish()


def _delimiter(head: bytes, suffix: str) -> tuple[str, Rows, bool]:
    """The delimiter whose rows agree with the header (one column if none does)."""
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    sep = _SEP_LINE.match(first)
    if sep:
        return sep.group(1), _scan_head(head, sep.group(1)), True
    candidates = ("\t",) if suffix == ".tsv" else DELIMITERS
    best, best_score, failures = None, 0.5, []
    for candidate in candidates:
        try:
            rows = _scan_head(head, candidate)
        except RecordError as error:
            failures.append((head[: head.find(b"\n")].count(candidate.encode()), error))
            continue
        widths = rows.widths[_filled(rows)]
        if not len(widths) or widths[0] < 2:
            continue
        exact = float(np.mean(widths == widths[0]))
        near = float(np.mean(np.abs(widths - widths[0]) <= 1))  # trailing delimiters
        if near > best_score or (near == best_score and best and exact > best[2]):
            best, best_score = (candidate, rows, exact), near
    if best is not None:
        return best[0], best[1], False
    lines = head.split(b"\n", 1)
    if len(lines) == 2 and lines[1].strip():  # a title line above a table: choose by the table
        for candidate in candidates:
            try:
                rows = _scan_head(lines[1], candidate)
            except RecordError:
                continue
            widths = rows.widths[_filled(rows)]
            if len(widths) and widths[0] >= 2 and np.mean(widths == widths[0]) > 0.5:
                return candidate, _scan_head(head, candidate), False
    try:
        return ONE_COLUMN, _scan_head(head, ONE_COLUMN), False
    except RecordError as error:
        failures.append((0, error))
    raise max(failures, key=lambda f: f[0])[1]


def _filled(rows: Rows) -> np.ndarray:
    """Rows that are not empty lines."""
    keep = np.ones(rows.rows, dtype=bool)
    keep[rows.empty] = False
    return keep


def head(text: bytes, suffix: str = ".csv") -> tuple[str, Rows, bool, list[list[str]]]:
    """The start of a file split into rows: the delimiter, the scan, whether an Excel ``sep=``
    line chose it, and the rows as text (pandas splits what the scan accepted; both agree).

    Examples
    --------
    >>> delimiter, rows, _, table = head(b'score;city\\n10;"A;B"\\n')
    >>> delimiter, table
    (';', [['score', 'city'], ['10', 'A;B']])
    """
    delimiter, rows, sep_line = _delimiter(text, suffix)
    end = int(rows.ends[-1]) if rows.rows else 0
    if delimiter == ONE_COLUMN and b"\x1f" in text:
        raise RecordError("the text holds the control character \\x1f; remove it")
    cells = pd.read_csv(
        io.BytesIO(text[:end]),
        sep=delimiter or "\x1f",
        header=None,
        names=range(rows.fields),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        quotechar='"',
        engine="c",
        encoding="utf-8",
    )
    table = cells.to_numpy().tolist()
    if len(table) != rows.rows:  # pragma: no cover - the scan and pandas split alike
        raise RecordError("the start of the file could not be split into rows")
    return delimiter, rows, sep_line, table
