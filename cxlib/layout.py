"""How a survey export is laid out, and its named, checked columns (文件结构识别).

The reading pipeline of the ``cx`` command, one step after the other, each decided once for
both readers (pandas in memory, DuckDB streaming):

1. bytes to text: one encoding decided (:func:`cxlib.decoding.decide`), every line held to it
   (:mod:`cxlib.lines`);
2. text to rows: plain CSV only, each row's line in the file (:mod:`cxlib.records`; the
   delimiter is the one that splits the rows like the header, and Excel's ``sep=;`` line is
   obeyed); an Excel file's rows come from :mod:`cxlib.sheets`;
3. rows to named columns: :func:`sniff` here, from the start of the file: the header (line 1
   unless ``--header-row`` moves it; a lone title above a table is refused with the
   ``--header-row`` that fixes it), Qualtrics' two extra header rows, the platform
   (:func:`cxlib.platforms.detect`); names are tidied like answers
   (:func:`cxlib.answers.tidy`) and a name given twice cannot be chosen (:meth:`Layout.index`);
4. then :func:`scan` reads the whole file once through steps 1 and 2, and only then does a
   reader (:mod:`cxlib.exports` with pandas, :mod:`cxlib.nps_sql` with DuckDB) count answers,
   cleaned by :mod:`cxlib.answers`.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import decoding, lines, platforms, records, sheets
from cxlib.answers import SPACES, tidy

__all__ = [
    "ONE_COLUMN",
    "ExportError",
    "Layout",
    "delimiter_name",
    "scan",
    "sniff",
]

ONE_COLUMN = records.ONE_COLUMN


class ExportError(ValueError):
    """A survey export that cannot be read as asked: the message says what to do."""


def _name(raw: str) -> str:
    return str(tidy(pd.Series([raw])).iloc[0])


@dataclass(frozen=True)
class Layout:
    """How a survey export is laid out: everything the readers need, found by :func:`sniff`."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: decoding.Encoding | None
    delimiter: str
    header_row: int  # row of the header (0-based, empty lines counted)
    header_line: int  # its line (spreadsheet row), 1-based
    extra_rows: int  # Qualtrics header rows below the header
    columns: tuple[str, ...]
    fields: int  # fields of the widest row (trailing delimiters)
    platform: str | None
    questions: dict[str, str] = field(default_factory=dict)  # Qualtrics question texts
    head: pd.DataFrame = field(default_factory=pd.DataFrame)  # first answers, by position
    sheet: str | None = None
    sep_line: bool = False  # Excel's "sep=;" line above the header
    data_offset: int = 0  # byte of the text where the first answer's row starts
    stamp: tuple[int, int] = (0, 0)  # size and modification time when sniffed
    rows: records.Rows | None = None  # the whole file's rows, after :func:`scan`
    text: bytes | None = None  # the whole text as UTF-8, when kept in memory
    source: Path | None = None  # a UTF-8 file with the text, for readers of files
    cells: list[list[str]] | None = None  # the sheet's rows (xlsx)

    @property
    def first_line(self) -> int:
        """Line of the first answer's row (after :func:`scan`: as in the file)."""
        if self.rows is not None and self.rows.rows > self.data_row:
            return int(self.rows.line([self.data_row])[0])
        return self.header_line + self.extra_rows + 1

    @property
    def data_row(self) -> int:
        """Row of the first answer (0-based, empty lines counted)."""
        return self.header_row + 1 + self.extra_rows

    @property
    def duplicates(self) -> dict[str, list[int]]:
        """Names given to more than one column, with their positions."""
        seen: dict[str, list[int]] = {}
        for position, name in enumerate(self.columns):
            seen.setdefault(name, []).append(position)
        return {name: where for name, where in seen.items() if len(where) > 1}

    def index(self, name: str) -> int:
        """Position of the column called ``name`` (tidied), or an error naming the closest.

        Examples
        --------
        >>> layout = Layout(Path("a.csv"), "csv", None, ",", 0, 1, 0, ("s", "c", "c"), 3, None)
        >>> layout.index(" s ")
        0
        >>> try:
        ...     layout.index("c")
        ... except ExportError as error:
        ...     print(str(error).split(";")[0])
        a.csv: 2 columns are called 'c' (columns 2, 3 of the header)
        """
        columns = list(self.columns)
        wanted = name if name in columns else _name(name)
        if wanted in columns:
            where = [i for i, c in enumerate(columns) if c == wanted]
            if len(where) > 1:
                places = ", ".join(str(i + 1) for i in where)
                raise ExportError(
                    f"{self.path}: {len(where)} columns are called {wanted!r} (columns {places} "
                    "of the header); rename one so that the column meant is clear"
                )
            return where[0]
        close = difflib.get_close_matches(wanted, columns, n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        have = ", ".join(repr(c) for c in columns[:12])
        raise ExportError(f"{self.path}: no column {name!r}{hint} (columns: {have})")

    def find(self, name: str) -> str:
        """The column's name as in the header (see :meth:`index`)."""
        return self.columns[self.index(name)]

    def unchanged(self) -> None:
        """Refuse a file that changed since it was sniffed (still being written?)."""
        if self.stamp != _stamp(self.path):
            raise ExportError(
                f"{self.path}: the file changed while cx read it (is it still being written?); "
                "wait until it is complete and run cx again"
            )


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _check_path(path: Path) -> None:
    """A regular file that exists and is not empty; a folder or a pipe is named as such."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except OSError as error:
        raise ExportError(f"{path}: cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise ExportError(f"{path}: is a folder, not a file; name the export file inside it")
    if not stat.S_ISREG(mode):
        raise ExportError(
            f"{path}: is not a regular file (a pipe or a device?); cx reads a file twice (to "
            "find its layout, then to count), so save the export to a file first"
        )
    if not os.access(path, os.R_OK):
        raise ExportError(f"{path}: cannot be read (permission denied)")
    if path.stat().st_size == 0:
        raise ExportError(f"{path}: the file is empty")


def sniff(
    path: str | Path,
    *,
    encoding: str | None = None,
    header_row: int | None = None,
    sheet: str | int | None = None,
) -> Layout:
    """Find how an export is laid out from its start (the first 64 KB of a CSV and more if its
    first rows are longer).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.
    encoding : str, optional
        Force a text encoding instead of detecting it (``mixed``: per line).
    header_row : int, optional
        Line (spreadsheet row) of the header, 1-based, when title lines stand above it.
    sheet : str or int, optional
        Excel sheet name or position (default: see :mod:`cxlib.sheets`).

    Raises
    ------
    ExportError
        Missing, empty or unreadable file, a folder, undecodable text, text that is not plain
        CSV, a title line where the header should be, no sheet with data.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = file.write_text("score;city, district\\n10;A\\n", encoding="utf-8")
    >>> layout = sniff(file)
    >>> layout.delimiter, layout.columns
    (';', ('score', 'city, district'))
    """
    path = Path(path)
    _check_path(path)
    if header_row is not None and header_row < 1:
        raise ExportError(f"{path}: --header-row counts from 1, got {header_row}")
    stamp = _stamp(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            found = sheets.read(path, sheet)
        except sheets.SheetError as error:
            raise ExportError(str(error)) from None
        return replace(_excel(path, found, header_row), stamp=stamp)
    if suffix not in (".csv", ".txt", ".tsv"):
        raise ExportError(f"{path}: unknown file type {suffix!r}; use .csv or .xlsx")
    try:
        chosen = decoding.decide(path, encoding)
    except decoding.DecodeError as error:
        raise ExportError(str(error)) from None
    try:
        head, complete, chosen = lines.head(path, chosen)
    except decoding.DecodeError as error:
        raise ExportError(str(error)) from None
    return replace(_csv(path, chosen, head, complete, suffix, header_row), stamp=stamp)


def _csv(path, chosen, head, complete, suffix, header_row) -> Layout:
    """The layout of a CSV from the start of its text."""
    if complete and not head.strip(SPACES.encode()):
        raise ExportError(f"{path}: the file is empty")
    try:
        delimiter, rows, sep_line, table = records.head(head, suffix)
    except records.RecordError as error:
        raise ExportError(f"{path}: {error}") from None
    start = 1 if sep_line else 0
    if header_row is not None:
        starts = rows.line(np.arange(rows.rows)).tolist()
        if header_row not in starts:
            raise ExportError(
                f"{path}: --header-row {header_row} is beyond the start of the file or inside "
                "a quoted answer"
            )
        start = starts.index(header_row)
    layout = _layout(path, "csv", chosen, delimiter, table, rows, start, header_row, sep_line)
    first = layout.data_row
    offset = int(rows.ends[first - 1]) if 0 < first <= rows.rows else len(head)
    if first >= rows.rows and complete:
        raise ExportError(f"{path}: the file has a header but no answers")
    return replace(layout, data_offset=offset)


def _excel(path: Path, found: sheets.Sheet, header_row: int | None) -> Layout:
    table = found.rows
    width = max(len(r) for r in table)
    rows = records.Rows(rows=len(table), lines=len(table), fields=width)
    start = header_row - 1 if header_row is not None else 0
    if start >= len(table):
        raise ExportError(f"{path}: --header-row {header_row} is beyond the end of the sheet")
    layout = _layout(path, "xlsx", None, ",", table, rows, start, header_row, False)
    return replace(layout, sheet=found.name, cells=table, rows=rows)


def _layout(path, kind, chosen, delimiter, table, rows, start, header_row, sep_line) -> Layout:
    """The layout from the rows of the start of the file and the header's row."""
    empty = set(rows.empty.tolist())
    blank = [
        i
        for i in range(len(table))
        if i in empty or not any(str(v).strip(SPACES) for v in table[i])
    ]
    blank_set = set(blank)
    while header_row is None and start < len(table) and start in blank_set:
        start += 1  # blank lines or spreadsheet rows above the header
    if start >= len(table):
        raise ExportError(f"{path}: the file is empty")
    header = [_name(v) for v in table[start]]
    filled = [v for v in header if v]
    later = [i for i in range(start + 1, len(table)) if i not in blank_set]
    widths = [len([v for v in table[i] if str(v).strip(SPACES)]) for i in later]
    line = int(rows.line([start])[0])
    if header_row is None and len(filled) == 1 and widths and max(widths) > 1:
        following = int(rows.line([later[0]])[0]) if later else line + 1
        raise ExportError(
            f"{path}: line {line} looks like a title ({filled[0][:40]!r}), not a header; "
            f"if the header is on line {following}, pass --header-row {following}"
        )
    while len(header) > 1 and not header[-1]:
        header.pop()  # a trailing delimiter on the header line

    def import_ids(k: int) -> bool:
        return len(later) > k and any(str(v).startswith('{"ImportId"') for v in table[later[k]])

    extra, questions = 0, {}
    if import_ids(1):  # Qualtrics: question texts, then import ids
        extra = later[1] - start
        questions = dict(zip(header, (_name(v) for v in table[later[0]]), strict=False))
    elif import_ids(0):
        extra = later[0] - start
    columns = tuple(name or f"column {i + 1}" for i, name in enumerate(header))
    data = [i for i in later if i > start + extra]
    head = pd.DataFrame([list(table[i][: len(columns)]) for i in data], dtype=str)
    head = head.reindex(columns=range(len(columns)), fill_value="").fillna("")
    if not data and start + extra + 1 >= len(table) and kind == "xlsx":
        raise ExportError(f"{path}: the file has a header but no answers")
    return Layout(
        path=path,
        kind=kind,
        encoding=chosen,
        delimiter=delimiter,
        header_row=start,
        header_line=line,
        extra_rows=extra,
        columns=columns,
        fields=max(rows.fields, len(columns)),
        platform=platforms.detect(columns, 2 if questions else 0),
        questions=questions,
        head=head,
        sep_line=sep_line,
    )


def scan(layout: Layout, *, keep: bool = True, copy: bool = False) -> Layout:
    """Read the whole file once: every line checked (:class:`cxlib.lines.Text`), every row
    scanned (:func:`cxlib.records.scan`); the text kept in memory (``keep``) or, when the file is
    not UTF-8 already, copied as UTF-8 to a temporary file for readers of files (``copy``).

    Raises
    ------
    ExportError
        The first line that does not decode or is not plain CSV; rows with values beyond the
        header (how many, and the first one's line).
    """
    if layout.kind == "xlsx":
        return layout
    text = lines.Text(layout.path, layout.encoding, keep=keep, copy=copy)
    try:
        rows = records.scan(
            text,
            layout.delimiter.encode(),
            width=len(layout.columns),
            data_row=layout.data_row,
            data_offset=layout.data_offset,
        )
    except (records.RecordError, decoding.DecodeError) as error:
        text.discard()
        message = str(error)
        raise ExportError(
            message if message.startswith(str(layout.path)) else f"{layout.path}: {message}"
        ) from None
    layout.unchanged()
    return replace(
        layout,
        encoding=text.encoding,
        rows=rows,
        text=text.kept,
        source=text.source,
        fields=max(rows.fields, 1),
    )


def delimiter_name(delimiter: str) -> str:
    """The delimiter's name, for messages."""
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, "delimiter")
