"""Reading real survey exports (调查导出文件): CSV in any common encoding, Excel, Qualtrics.

Used by the ``cx`` command (:mod:`cxlib.cli`). Everything the reader decides is reported in
:class:`ExportInfo` (the encoding it found, the header rows it skipped), never guessed silently,
and every refusal names the file, the column and the rows.

- CSV: UTF-8, UTF-8 with a byte-order mark, and GB18030 (a superset of GBK, common in exports
  from Chinese survey platforms) are detected by decoding strictly; anything else is an error
  asking for ``encoding=``.
- Excel ``.xlsx`` (first sheet unless ``sheet=`` names another).
- Qualtrics exports carry two extra header rows (question text and ``{"ImportId": ...}``); they
  are recognised and skipped.
- Scores written with a unit, such as ``9分``, are read as numbers only when asked
  (``unit="分"``).
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ExportError", "ExportInfo", "column", "numbers", "read"]

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")


class ExportError(ValueError):
    """A survey export that cannot be read as asked: the message says what to do."""


@dataclass(frozen=True)
class ExportInfo:
    """What the reader found: the file, its encoding (CSV) and the header rows skipped."""

    path: Path
    encoding: str | None
    skipped_header_rows: int
    rows: int


def _decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """Text of a CSV and the encoding that decoded it strictly."""
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ExportError(f"{path}: cannot be read as {encoding}: {error}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for candidate in ("utf-8", "gb18030"):
        try:
            return raw.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise ExportError(
        f"{path}: the text is neither UTF-8 nor GB18030/GBK; save it as UTF-8 or pass the "
        "encoding (for example --encoding big5)"
    )


def _qualtrics_rows(frame: pd.DataFrame) -> int:
    """How many leading data rows are Qualtrics header rows (0 if it is not a Qualtrics export)."""
    for row in range(min(2, len(frame))):
        if frame.iloc[row].astype(str).str.startswith('{"ImportId"').any():
            return row + 1
    return 0


def read(
    path: str | Path, *, encoding: str | None = None, sheet: str | int | None = None
) -> tuple[pd.DataFrame, ExportInfo]:
    """Read a survey export into text columns (convert with :func:`numbers`), and say how.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``/``.txt`` or ``.xlsx`` file.
    encoding : str, optional
        Force a text encoding instead of detecting it.
    sheet : str or int, optional
        Excel sheet name or position (default: the first).

    Returns
    -------
    (pandas.DataFrame, ExportInfo)

    Raises
    ------
    ExportError
        Missing or empty file, unknown type, undecodable text, an unreadable sheet.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "gbk.csv").write_bytes("推荐意愿,城市\\n9,上海\\n".encode("gbk"))
    21
    >>> frame, info = read(folder / "gbk.csv")
    >>> list(frame.columns), info.encoding
    (['推荐意愿', '城市'], 'gb18030')
    """
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ExportError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    used = None
    if suffix in (".csv", ".txt", ".tsv"):
        text, used = _decode(path.read_bytes(), path, encoding)
        if not text.strip():
            raise ExportError(f"{path}: the file is empty")
        separator = "\t" if suffix == ".tsv" else None
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                sep=separator,
                engine="python" if separator is None else "c",
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise ExportError(f"{path}: not a readable CSV table: {error}") from None
    elif suffix == ".xlsx":
        try:
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        except ImportError:
            raise ExportError("reading .xlsx needs openpyxl: pip install openpyxl") from None
        except (ValueError, KeyError) as error:
            raise ExportError(f"{path}: cannot read sheet {sheet!r}: {error}") from None
    else:
        raise ExportError(f"{path}: unknown file type {suffix!r}; use .csv or .xlsx")
    frame.columns = [str(c).strip() for c in frame.columns]
    skipped = _qualtrics_rows(frame)
    if skipped:
        frame = frame.iloc[skipped:].reset_index(drop=True)
    if frame.empty:
        raise ExportError(f"{path}: the file has a header but no answers")
    return frame, ExportInfo(path, used, skipped, len(frame))


def column(frame: pd.DataFrame, name: str, path: str | Path = "the file") -> pd.Series:
    """A column by exact name, or an error listing the closest names.

    Examples
    --------
    >>> column(pd.DataFrame({"推荐意愿": ["9"]}), "推荐意愿").tolist()
    ['9']
    """
    if name in frame.columns:
        return frame[name]
    close = difflib.get_close_matches(name, list(frame.columns), n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    have = ", ".join(repr(c) for c in list(frame.columns)[:12])
    raise ExportError(f"{path}: no column {name!r}{hint} (columns: {have})")


def numbers(values: pd.Series, unit: str | None = None, path: str | Path = "the file") -> pd.Series:
    """Text answers as numbers; blanks become missing; a ``unit`` suffix is removed if given.

    Rows are numbered as in the file (header = row 1), so that a message points at the right
    line in a spreadsheet.

    Examples
    --------
    >>> numbers(pd.Series(["9分", "10 分", ""]), unit="分").tolist()
    [9.0, 10.0, nan]
    >>> numbers(pd.Series(["9", "ten"], name="ltr"), path="a.csv")
    Traceback (most recent call last):
    ...
    cxlib.exports.ExportError: a.csv: column 'ltr' has 1 values that are not numbers: row 3 'ten'
    """
    text = values.astype(str).str.strip()
    if unit:
        text = text.str.replace(re.escape(unit) + r"$", "", regex=True).str.strip()
    blank = text.eq("")
    converted = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = converted.isna() & ~blank
    if bad.any():
        positions = np.flatnonzero(bad.to_numpy())[:5]
        shown = ", ".join(f"row {p + 2} {values.iloc[p]!r}" for p in positions)
        has_digits = any(re.search(r"\d", str(values.iloc[p])) for p in positions)
        unit_hint = (
            " (scores written with a unit such as 9分? pass --unit 分)"
            if has_digits and not unit
            else ""
        )
        raise ExportError(
            f"{path}: column {values.name!r} has {int(bad.sum())} values that are not numbers: "
            f"{shown}{unit_hint}"
        )
    return converted.astype(float).rename(values.name)
