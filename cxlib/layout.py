"""How a survey export is laid out (文件结构识别): encoding, delimiter, header, platform.

:func:`sniff` looks at the start of a file (the first 64 KB of a CSV, the chosen sheet of an
Excel file) once and returns a :class:`Layout`; both readers, pandas (:mod:`cxlib.exports`) and
DuckDB (:mod:`cxlib.nps_sql`), read the file by it, so they cannot disagree about it.

- Encoding: :func:`cxlib.decoding.decode_head` (UTF-8, UTF-8 BOM, plausible GB18030).
- Delimiter: comma, semicolon, tab or bar, whichever splits the first 30 records into the same
  number of fields as the header (a trailing delimiter does not count); otherwise one column.
- Header: line 1 unless ``header_row`` moves it; a lone title above a table is refused with
  the ``--header-row`` that fixes it. Qualtrics' two extra header rows are recognised.
- Platform: :func:`cxlib.platforms.detect`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cxlib import decoding, platforms

__all__ = [
    "MISSING",
    "ONE_COLUMN",
    "SPACES",
    "ExportError",
    "Layout",
    "delimiter_name",
    "sniff",
]

DELIMITERS = (",", ";", "\t", "|")
ONE_COLUMN = "\x1f"  # a separator that does not occur: the whole line is one field
#: Answers that mean "no answer": skipped (问卷星), not applicable, a dash.
MISSING = ("", "N/A", "n/a", "不适用", "-", "(跳过)", "(空)", "（跳过）", "（空）")
#: Characters stripped around every value (spaces, tabs, the full-width space).
SPACES = " \t\r\n\u3000\xa0"
FULL_WIDTH = "０１２３４５６７８９．－＋"
HALF_WIDTH = "0123456789.-+"
_WIDTH = str.maketrans(FULL_WIDTH, HALF_WIDTH)


class ExportError(ValueError):
    """A survey export that cannot be read as asked: the message says what to do."""


@dataclass(frozen=True)
class Layout:
    """How a survey export is laid out: everything the readers need, found by :func:`sniff`."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    delimiter: str
    header_line: int  # line (spreadsheet row) of the header, 1-based
    extra_rows: int  # Qualtrics header rows below the header
    columns: tuple[str, ...]
    fields: int  # fields per record, at least len(columns) (trailing delimiters)
    platform: str | None
    questions: dict[str, str] = field(default_factory=dict)  # Qualtrics question texts
    head: pd.DataFrame = field(default_factory=pd.DataFrame)  # first answers, as text
    sheet: str | int | None = None

    @property
    def first_line(self) -> int:
        """Line of the first answer."""
        return self.header_line + self.extra_rows + 1


def _records(text: str, delimiter: str, limit: int = 30) -> list[list[str]]:
    """The first records of a text with a delimiter (quotes respected)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    out = []
    for record in reader:
        if record:  # blank lines do not decide anything
            out.append(record)
        if len(out) >= limit:
            break
    return out


def _width(record: list[str]) -> int:
    """Fields of a record, not counting empty fields at its end (trailing delimiters)."""
    width = len(record)
    while width > 1 and not record[width - 1].strip(SPACES):
        width -= 1
    return width


def _delimiter(text: str) -> str:
    """The delimiter that splits the records like the header (one column if none does)."""
    best, best_score = ONE_COLUMN, 0.5
    for candidate in DELIMITERS:
        records = _records(text, candidate)
        if not records or len(records[0]) < 2:
            continue
        header = _width(records[0])
        agree = sum(_width(r) == header or len(r) == header for r in records) / len(records)
        if agree > best_score:
            best, best_score = candidate, agree
    return best


def sniff(
    path: str | Path,
    *,
    encoding: str | None = None,
    header_row: int | None = None,
    sheet: str | int | None = None,
) -> Layout:
    """Find how an export is laid out from its start (the first 64 KB of a CSV).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.
    encoding : str, optional
        Force a text encoding instead of detecting it.
    header_row : int, optional
        Line (spreadsheet row) of the header, 1-based, when title lines stand above it.
    sheet : str or int, optional
        Excel sheet name or position (default: the first).

    Returns
    -------
    Layout

    Raises
    ------
    ExportError
        Missing or empty file, unknown type, undecodable text, a title line where the header
        should be, an empty sheet (naming the sheets that have data).

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
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise ExportError(f"{path}: the file is empty")
    if header_row is not None and header_row < 1:
        raise ExportError(f"{path}: --header-row counts from 1, got {header_row}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        with open(path, "rb") as handle:
            head = handle.read(decoding.SAMPLE + 1)
        complete = len(head) <= decoding.SAMPLE
        try:
            text, used = decoding.decode_head(head[: decoding.SAMPLE], complete, path, encoding)
        except decoding.DecodeError as error:
            raise ExportError(str(error)) from None
        if not complete:
            text = text[: text.rfind("\n") + 1]  # whole lines only
        if not text.strip(SPACES):
            raise ExportError(f"{path}: the file is empty")
        lines = text.splitlines(keepends=True)
        skip = (header_row or 1) - 1
        if skip >= len(lines):
            raise ExportError(f"{path}: --header-row {header_row} is beyond the end of the file")
        body = "".join(lines[skip:])
        delimiter = "\t" if suffix == ".tsv" else _delimiter(body)
        if delimiter == ONE_COLUMN and header_row is None:
            rest = _delimiter("".join(lines[1:]))
            if rest != ONE_COLUMN:
                delimiter = rest  # a title line above a table: refused below with a hint
        records = _records(body, delimiter, limit=200)
        blank_lines = len(lines[skip:]) - len("".join(lines[skip:]).lstrip("\r\n").splitlines(True))
        return _layout(path, "csv", used, delimiter, records, skip + blank_lines, header_row)
    if suffix == ".xlsx":
        records = _sheet_records(path, sheet)
        skip = (header_row or 1) - 1
        return _layout(path, "xlsx", None, ",", records[skip:], skip, header_row, sheet)
    raise ExportError(f"{path}: unknown file type {suffix!r}; use .csv or .xlsx")


def _sheet_records(path: Path, sheet: str | int | None) -> list[list[str]]:
    """The rows of a sheet as text; an empty sheet names the sheets that have data."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
    except ImportError:
        raise ExportError("reading .xlsx needs openpyxl: pip install openpyxl") from None
    except (ValueError, KeyError, OSError) as error:
        raise ExportError(f"{path}: not a readable Excel file: {error}") from None
    names = list(sheets)
    if sheet is None:
        chosen = names[0]
    elif isinstance(sheet, int) or str(sheet).isdigit():
        index = int(sheet)
        if not 0 <= index < len(names):
            raise ExportError(f"{path}: no sheet {sheet} (sheets: {', '.join(names)})")
        chosen = names[index]
    elif sheet in sheets:
        chosen = sheet
    else:
        raise ExportError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)})")
    frame = sheets[chosen].fillna("")
    if frame.empty or not frame.to_numpy().astype(str).any():
        with_data = [n for n in names if not sheets[n].dropna(how="all").empty]
        where = (
            f"; sheets with data: {', '.join(with_data)} (pass --sheet NAME)"
            if with_data
            else "; no sheet has data"
        )
        raise ExportError(f"{path}: sheet {chosen!r} is empty{where}")
    return frame.astype(str).to_numpy().tolist()


def _layout(
    path: Path,
    kind: str,
    encoding: str | None,
    delimiter: str,
    records: list[list[str]],
    skipped: int,
    header_row: int | None,
    sheet: str | int | None = None,
) -> Layout:
    """The layout from the records starting at the header."""
    while kind == "xlsx" and records and not any(v.strip(SPACES) for v in records[0]):
        records, skipped = records[1:], skipped + 1  # blank spreadsheet rows above the header
    if not records:
        raise ExportError(f"{path}: the file is empty")
    header = [v.strip(SPACES) for v in records[0]]
    filled = [v for v in header if v]
    widths = Counter(_width(r) for r in records[1:])
    if header_row is None and len(filled) == 1 and widths and max(widths) > 1:
        raise ExportError(
            f"{path}: line {skipped + 1} looks like a title ({filled[0][:40]!r}), not a header; "
            f"if the header is on line {skipped + 2}, pass --header-row {skipped + 2}"
        )
    while len(header) > 1 and not header[-1]:
        header.pop()  # a trailing delimiter on the header line
    extra = 0
    for row in (1, 2):
        if len(records) > row and any(v.startswith('{"ImportId"') for v in records[row]):
            extra = row
    questions = {}
    if extra == 2:
        questions = dict(zip(header, (v.strip(SPACES) for v in records[1]), strict=False))
    columns = _unique([name or f"column {i + 1}" for i, name in enumerate(header)])
    fields = max([len(columns), *(len(r) for r in records)])
    answers = [r[: len(columns)] + [""] * (len(columns) - len(r)) for r in records[1 + extra :]]
    head = pd.DataFrame(answers, columns=list(columns), dtype=str)
    if head.empty and len(records) == 1 + extra:
        raise ExportError(f"{path}: the file has a header but no answers")
    return Layout(
        path=path,
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        header_line=skipped + 1,
        extra_rows=extra,
        columns=tuple(columns),
        fields=fields,
        platform=platforms.detect(columns, extra),
        questions=questions,
        head=head,
        sheet=sheet,
    )


def _unique(names: list[str]) -> list[str]:
    """Column names made unique the way pandas does (a repeated name gets .1, .2, ...)."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        out.append(f"{name}.{seen[name]}" if seen[name] else name)
        seen[name] += 1
    return out


def delimiter_name(delimiter: str) -> str:
    """The delimiter's name, for messages."""
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, "delimiter")
