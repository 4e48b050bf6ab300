"""How a survey export is laid out, and its named, checked columns (文件结构识别).

The reading pipeline of the ``cx`` command, one step after the other, each decided once for
both readers (pandas in memory, DuckDB streaming):

1. bytes to text: :func:`cxlib.decoding.decide` (one encoding, checked on every line);
2. text to rows: :class:`cxlib.records.Scanner` (plain CSV only; each row's line);
3. rows to named columns: :func:`sniff` here, from the start of the file: the delimiter
   (comma, semicolon, tab or bar, whichever splits the rows like the header; Excel's
   ``sep=;`` line is obeyed), the header (line 1 unless ``--header-row`` moves it; a lone title
   above a table is refused with the ``--header-row`` that fixes it), Qualtrics' two extra
   header rows, the platform (:func:`cxlib.platforms.detect`); names are tidied like answers
   (:func:`tidy`) and a name given twice cannot be chosen;
4. then :func:`scan` reads the whole file once through steps 1 and 2 (checking every line),
   and only then does a reader (:mod:`cxlib.exports`, :mod:`cxlib.nps_sql`) count answers.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import decoding, platforms, records, sheets

__all__ = [
    "MISSING",
    "ONE_COLUMN",
    "SPACES",
    "ExportError",
    "Layout",
    "delimiter_name",
    "scan",
    "sniff",
    "tidy",
]

DELIMITERS = (",", ";", "\t", "|")
ONE_COLUMN = ""  # no delimiter: the whole line is one field
#: Answers that mean "no answer": skipped (问卷星), not applicable, a dash.
MISSING = ("", "N/A", "n/a", "不适用", "-", "(跳过)", "(空)", "（跳过）", "（空）")
#: Characters stripped around every value (spaces, tabs, the full-width space).
SPACES = " \t\r\n\u3000\xa0"
#: Invisible characters: format characters (zero-width spaces and joiners, byte-order marks,
#: direction marks), variation selectors, Hangul fillers and control characters.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U000e0000-\U000e0fff]"
)
_CONTROL = re.compile("[\x00-\x1f\x7f]")  # control characters, tab and line breaks too
#: Full-width digits, letters and the signs of a number, as their ASCII forms.
_WIDTH = str.maketrans(
    "".join(
        chr(c) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
    )
    + "．－＋",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-+",
)
_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$')


class ExportError(ValueError):
    """A survey export that cannot be read as asked: the message says what to do."""


def tidy(values: pd.Series) -> pd.Series:
    """Text as it is meant: invisible characters removed, every kind of space (thin, no-break,
    ideographic, tab, line break) one space, canonical composition (NFC, including CJK
    compatibility ideographs), full-width digits and letters as ASCII, stripped.

    Two answers or labels that print alike become one (``上海`` and ``上海`` with a zero-width
    space, a thin space or a byte-order mark are one segment, not two that look the same).
    Full-width punctuation (``？``, ``（）``) is kept as written. Only text that is not plain
    ASCII needs more than a strip, so large columns stay fast.

    Examples
    --------
    >>> tidy(pd.Series(["上海\u200b", " 上海", "上\u2009海", "１０", "A\u00a0 B", "好？"])).tolist()
    ['上海', '上海', '上 海', '10', 'A B', '好？']
    """
    text = values.astype("string")
    wide = (~text.str.isascii() | text.str.contains(_CONTROL)).fillna(False).to_numpy(bool)
    if wide.any():
        part = text[wide].str.normalize("NFC").str.replace(INVISIBLE, "", regex=True)
        part = part.str.replace(r"\s+", " ", regex=True).str.translate(_WIDTH)
        text = text.copy()
        text[wide] = part
    return text.str.strip(SPACES)


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
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            found = sheets.read(path, sheet)
        except sheets.SheetError as error:
            raise ExportError(str(error)) from None
        return _excel(path, found, header_row)
    if suffix not in (".csv", ".txt", ".tsv"):
        raise ExportError(f"{path}: unknown file type {suffix!r}; use .csv or .xlsx")
    try:
        chosen = decoding.decide(path, encoding)
    except decoding.DecodeError as error:
        raise ExportError(str(error)) from None
    head, complete, chosen = _head(path, chosen)
    return _csv(path, chosen, head, complete, suffix, header_row)


def _settle(path: Path, chosen: decoding.Encoding, raw: bytes, lines: int) -> decoding.Encoding:
    """The decision a file whose start is ASCII waited for, at its first other block."""
    if not chosen.pending or raw.isascii():
        return chosen
    wide = next(i for i, b in enumerate(raw) if b > 0x7F)
    start = raw.rfind(chosen.newline, 0, wide) + 1
    line = lines + raw.count(chosen.newline, 0, start) + 1
    try:
        found = decoding.judge(path, raw[start : start + decoding.SAMPLE + 1], line, chosen.newline)
    except decoding.DecodeError as error:
        raise ExportError(str(error)) from None
    return replace(found, bom=chosen.bom)


def _head(path: Path, chosen: decoding.Encoding) -> tuple[bytes, bool, decoding.Encoding]:
    """The start of the text as UTF-8 (line breaks as LF): 64 KB, more while its rows are few."""
    parts, size, rows = [], 0, 0
    try:
        for raw in decoding.blocks(path, chosen, size=decoding.SAMPLE):
            chosen = _settle(path, chosen, raw, rows)
            try:
                block = decoding.utf8(raw, chosen)
            except decoding.LineError as error:
                line = rows + raw.count(chosen.newline, 0, error.offset)
                raise ExportError(f"{path}: line {line + 1:,} {error.reason}") from None
            if chosen.newline == b"\r":
                block = block.replace(b"\r", b"\n")
            parts.append(block)
            size += len(block)
            rows += block.count(b"\n")
            if (size >= decoding.SAMPLE and rows >= 40) or size > 64 * 2**20:
                return b"".join(parts), False, chosen
    except decoding.LineError as error:
        raise ExportError(f"{path}: {error.reason}") from None
    return b"".join(parts), True, chosen


def _scan_head(head: bytes, delimiter: str) -> records.Rows:
    scanner = records.Scanner(delimiter.encode(), keep=True)
    scanner.feed(head)
    return scanner.finish()


def _delimiter(head: bytes, suffix: str) -> tuple[str, records.Rows, bool]:
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
        except records.RecordError as error:
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
            except records.RecordError:
                continue
            widths = rows.widths[_filled(rows)]
            if len(widths) and widths[0] >= 2 and np.mean(widths == widths[0]) > 0.5:
                return candidate, _scan_head(head, candidate), False
    try:
        return ONE_COLUMN, _scan_head(head, ONE_COLUMN), False
    except records.RecordError as error:
        failures.append((0, error))
    raise max(failures, key=lambda f: f[0])[1]


def _filled(rows: records.Rows) -> np.ndarray:
    """Rows that are not empty lines."""
    keep = np.ones(rows.rows, dtype=bool)
    keep[rows.empty] = False
    return keep


def _csv(path, chosen, head, complete, suffix, header_row) -> Layout:
    """The layout of a CSV from the start of its text."""
    if complete and not head.strip(SPACES.encode()):
        raise ExportError(f"{path}: the file is empty")
    try:
        delimiter, rows, sep_line = _delimiter(head, suffix)
    except records.RecordError as error:
        raise ExportError(f"{path}: {error}") from None
    end = int(rows.ends[-1]) if rows.rows else 0
    if delimiter == ONE_COLUMN and b"\x1f" in head:
        raise ExportError(f"{path}: the text holds the control character \\x1f; remove it")
    cells = pd.read_csv(
        io.BytesIO(head[:end]),
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
        raise ExportError(f"{path}: the start of the file could not be split into rows")
    start = 1 if sep_line else 0
    if header_row is not None:
        lines = rows.line(np.arange(rows.rows)).tolist()
        if header_row not in lines:
            raise ExportError(
                f"{path}: --header-row {header_row} is beyond the start of the file or inside "
                "a quoted answer"
            )
        start = lines.index(header_row)
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
    """Read the whole text once through the checks of every line and row (see the module's
    description); keep it in memory (``keep``) or, when the file is not UTF-8 already, write it
    as UTF-8 to a temporary file for readers of files (``copy``; removed by :func:`release`).

    Raises
    ------
    ExportError
        The first line that does not decode or is not plain CSV; rows with values beyond the
        header (how many, and the first one's line).
    """
    if layout.kind == "xlsx":
        return layout
    reading = _Pass(layout, keep, copy)
    try:
        rows = reading.run()
    except BaseException:
        reading.discard()
        raise
    return replace(
        layout,
        encoding=reading.chosen,
        rows=rows,
        text=b"".join(reading.parts) if reading.parts is not None else None,
        source=reading.temporary or (layout.path if reading.chosen.utf8 else None),
        fields=max(rows.fields, 1),
    )


class _Pass:
    """One pass over the file: decode and check each block, scan its rows, keep or copy it."""

    def __init__(self, layout: Layout, keep: bool, copy: bool) -> None:
        self.layout, self.copy = layout, copy
        self.chosen = layout.encoding
        self.parts: list[bytes] | None = [] if keep else None
        self.target = None
        self.temporary: Path | None = None
        self.done = 0  # bytes of the file read so far (after any byte-order mark)
        self.scanner = records.Scanner(
            layout.delimiter.encode(), width=len(layout.columns), data_row=layout.data_row
        )

    def run(self) -> records.Rows:
        path, scanner = self.layout.path, self.scanner
        self._open()
        try:
            for raw in decoding.blocks(path, self.chosen):
                before = self.chosen
                self.chosen = _settle(path, self.chosen, raw, scanner.out.lines)
                if self.chosen is not before:
                    self._open()
                try:
                    block = decoding.utf8(raw, self.chosen)
                except decoding.LineError as error:
                    line = scanner.out.lines + raw.count(self.chosen.newline, 0, error.offset) + 1
                    raise ExportError(f"{path}: line {line:,} {error.reason}") from None
                if self.chosen.newline == b"\r":
                    block = block.replace(b"\r", b"\n")
                self._feed(block)
                if self.parts is not None:
                    self.parts.append(block)
                if self.target is not None:
                    self.target.write(block)
                self.done += len(raw)
            rows = scanner.finish()
        except decoding.LineError as error:
            raise ExportError(f"{path}: {error.reason}") from None
        except records.RecordError as error:
            raise ExportError(f"{path}: {error}") from None
        if self.target is not None:
            self.target.close()
        if scanner.beyond:
            raise ExportError(
                f"{path}: {scanner.beyond:,} rows have values beyond the "
                f"{len(self.layout.columns)} columns of the header, first at line "
                f"{scanner.beyond_line:,}; check the delimiter or the header"
            )
        return rows

    def _feed(self, block: bytes) -> None:
        scanner, cut = self.scanner, self.layout.data_offset
        if scanner.out.rows == 0 and 0 < cut < len(block):  # the header rows on their own,
            scanner.feed(block[:cut])  # so that the answers can take the scan's fast path
            scanner.feed(block[cut:])
        else:
            scanner.feed(block)

    def _open(self) -> None:
        """A temporary UTF-8 copy once the text is known not to be UTF-8 (what was read so far
        was ASCII, copied as it is)."""
        if not self.copy or self.chosen.utf8 or self.chosen.pending or self.target is not None:
            return
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="cx-utf8-")
        self.temporary = Path(name)
        _TEMPORARY.add(self.temporary)
        self.target = os.fdopen(handle, "wb")
        if self.done:
            with open(self.layout.path, "rb") as source:
                source.seek(self.chosen.bom)
                self.target.write(source.read(self.done))

    def discard(self) -> None:
        if self.target is not None:
            self.target.close()
        if self.temporary is not None:
            release(self.temporary)


#: Temporary UTF-8 copies not yet removed (the command removes them on exit and on signals).
_TEMPORARY: set[Path] = set()


def release(path: Path | None = None) -> None:
    """Remove a temporary UTF-8 copy (or all of them)."""
    for item in [path] if path is not None else list(_TEMPORARY):
        _TEMPORARY.discard(item)
        item.unlink(missing_ok=True)


def delimiter_name(delimiter: str) -> str:
    """The delimiter's name, for messages."""
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, "delimiter")
