"""Reading real survey exports (调查导出文件): CSV in any common encoding, Excel, Qualtrics.

Used by the ``cx`` command (:mod:`cxlib.cli`). Everything the reader decides is found once, by
:func:`sniff`, from the start of the file and kept in a :class:`Layout` (encoding, delimiter,
header line, Qualtrics' extra header rows, column names, the platform that made the file), so
that the pandas reader here and the DuckDB reader (:mod:`cxlib.nps_sql`) read the file the same
way; nothing is guessed silently, and every refusal names the file, the column and the line.

- Encoding: UTF-8, UTF-8 with BOM, or GB18030/GBK when the decode is plausible Chinese
  (:mod:`cxlib.decoding`); anything else asks for ``--encoding``.
- Delimiter: comma, semicolon, tab or bar, whichever splits the first 30 records into the same
  number of fields as the header; otherwise one column.
- Rows are numbered as in the file: the line of the header is 1 unless ``--header-row`` moves
  it, and blank lines, Qualtrics' extra header rows and line breaks inside quoted answers count.
- Rows with a trailing delimiter (``10,5,`` under a two-column header) keep their columns.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import decoding, platforms

__all__ = [
    "MISSING",
    "ExportError",
    "Layout",
    "chunks",
    "clean",
    "column",
    "numbers",
    "read",
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


def chunks(layout: Layout, chunksize: int | None = None) -> Iterator[pd.DataFrame]:
    """The answers as text frames indexed by their line in the file (one frame by default).

    Blank lines are left out (their line numbers are kept by the rows around them); a value in
    a field beyond the header is an error.
    """
    if layout.kind == "xlsx":
        records = _sheet_records(layout.path, layout.sheet)
        frame = pd.DataFrame(records[layout.first_line - 1 :]).fillna("")
        frame = frame.reindex(columns=range(max(layout.fields, frame.shape[1])), fill_value="")
        frame.index = pd.RangeIndex(layout.first_line, layout.first_line + len(frame))
        yield _finish(frame, layout)
        return
    options = dict(
        sep=layout.delimiter,
        header=None,
        names=range(layout.fields),
        skiprows=layout.first_line - 1,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        index_col=False,
        quotechar='"',
    )
    if chunksize is None:
        raw = layout.path.read_bytes()
        try:
            text = raw.decode(layout.encoding or "utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise ExportError(str(decoding.mixed(layout.path, layout.encoding, line))) from None
        del raw
        parts = [_parse(lambda: pd.read_csv(io.StringIO(text), **options), layout)]
    else:
        parts = _parse(
            lambda: pd.read_csv(
                layout.path, encoding=layout.encoding, chunksize=chunksize, **options
            ),
            layout,
        )
    line = layout.first_line
    for frame in parts:
        breaks = np.zeros(len(frame), dtype=np.int64)
        if len(frame):
            for name in frame.columns:  # quoted answers with line breaks
                breaks += frame[name].str.count("\n").to_numpy(dtype=np.int64)
        starts = line + np.arange(len(frame)) + np.concatenate([[0], np.cumsum(breaks)[:-1]])
        line = int(starts[-1] + breaks[-1] + 1) if len(frame) else line
        frame.index = pd.Index(starts, name="line")
        yield _finish(frame, layout)


def _parse(read, layout: Layout):
    """Run a pandas reader; a record with too many fields becomes a message with its line."""
    try:
        result = read()
        if isinstance(result, pd.DataFrame):
            return result
        return _checked(result, layout)
    except pd.errors.ParserError as error:
        raise _parser_error(error, layout) from None


def _checked(reader, layout: Layout) -> Iterator[pd.DataFrame]:
    """Chunks of a reader, with its parser errors turned into messages."""
    try:
        yield from reader
    except pd.errors.ParserError as error:
        raise _parser_error(error, layout) from None
    except UnicodeDecodeError:
        decoding.stream_check(layout.path, layout.encoding or "utf-8")  # raises with the line
        raise


def _parser_error(error: Exception, layout: Layout) -> ExportError:
    """A pandas parser error as one line naming the line of the file."""
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
    if found:
        line = int(found.group(2)) + layout.first_line - 1
        return ExportError(
            f"{layout.path}: line {line:,} has {found.group(3)} fields but the header has "
            f"{len(layout.columns)} (a stray {_name(layout.delimiter)} or an unclosed quote?)"
        )
    return ExportError(f"{layout.path}: not a readable CSV table: {str(error).splitlines()[0]}")


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, "delimiter")


def _finish(frame: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """Name the columns, drop blank lines, refuse values beyond the header."""
    width = len(layout.columns)
    values = frame.astype(str)
    blank = np.logical_and.reduce([values[c].str.strip(SPACES).eq("") for c in values.columns])
    values = values.loc[~blank]
    if values.shape[1] > width:
        beyond = values.iloc[:, width:]
        filled = np.logical_or.reduce([beyond[c].str.strip(SPACES).ne("") for c in beyond])
        if filled.any():
            line = int(values.index[np.flatnonzero(filled)[0]])
            raise ExportError(
                f"{layout.path}: {int(filled.sum()):,} rows have values beyond the {width} "
                f"columns of the header, first at line {line:,}; check the delimiter or the header"
            )
        values = values.iloc[:, :width]
    values.columns = list(layout.columns)
    return values


def read(
    path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> tuple[pd.DataFrame, Layout]:
    """Read a survey export into text columns (convert with :func:`numbers`), and say how.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.
    encoding : str, optional
        Force a text encoding instead of detecting it.
    sheet : str or int, optional
        Excel sheet name or position (default: the first).
    header_row : int, optional
        Line of the header (1-based) when title lines stand above it.

    Returns
    -------
    (pandas.DataFrame, Layout)
        The answers as text, indexed by their line in the file, and how the file was read.

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
    >>> frame, layout = read(folder / "gbk.csv")
    >>> list(frame.columns), layout.encoding, frame.index.tolist()
    (['推荐意愿', '城市'], 'gb18030', [2])
    """
    layout = sniff(path, encoding=encoding, header_row=header_row, sheet=sheet)
    frame = next(chunks(layout))
    if frame.empty:
        raise ExportError(f"{layout.path}: the file has a header but no answers")
    return frame, layout


def column(frame: pd.DataFrame, name: str, path: str | Path = "the file") -> pd.Series:
    """A column by exact name (spaces around it ignored), or an error listing the closest.

    Examples
    --------
    >>> column(pd.DataFrame({"推荐意愿": ["9"]}), " 推荐意愿 ").tolist()
    ['9']
    """
    return frame[find(list(frame.columns), name, path)]


def find(columns: list[str], name: str, path: str | Path = "the file") -> str:
    """The column called ``name`` (spaces around it ignored), or an error naming the closest."""
    if name in columns:
        return name
    stripped = name.strip(SPACES)
    if stripped in columns:
        return stripped
    close = difflib.get_close_matches(stripped, columns, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    have = ", ".join(repr(c) for c in columns[:12])
    raise ExportError(f"{path}: no column {name!r}{hint} (columns: {have})")


def clean(values: pd.Series, unit: str | None = None) -> pd.Series:
    """Answers as normalised text: spaces stripped, full-width digits made ASCII, ``unit`` cut,
    missing markers (:data:`MISSING`) made ``<NA>``.

    Examples
    --------
    >>> clean(pd.Series([" １０ ", "9分", "(跳过)", "N/A"]), unit="分").tolist()
    ['10', '9', <NA>, <NA>]
    """
    text = values.astype("string").str.strip(SPACES).str.translate(_WIDTH)
    if unit:
        text = text.str.removesuffix(unit).str.strip(SPACES)
    return text.mask(text.isin(MISSING) | text.isna())


def numbers(values: pd.Series, unit: str | None = None, path: str | Path = "the file") -> pd.Series:
    """Text answers as numbers; missing markers become missing; a ``unit`` suffix is cut.

    Rows are named by the index (line numbers when the frame comes from :func:`read`).

    Examples
    --------
    >>> numbers(pd.Series(["9分", "10 分", "", "(跳过)"]), unit="分").tolist()
    [9.0, 10.0, nan, nan]
    >>> numbers(pd.Series(["9", "ten"], index=[2, 3], name="ltr"), path="a.csv")
    Traceback (most recent call last):
    ...
    cxlib.exports.ExportError: a.csv: column 'ltr' has 1 answer that is not a number: line 3 'ten'
    """
    text = clean(values, unit)
    converted = pd.to_numeric(text, errors="coerce").astype(float)
    bad = converted.isna() & text.notna()
    if bad.any():
        raise ExportError(not_numbers(path, values.name, int(bad.sum()), _first(values, bad), unit))
    return pd.Series(converted.to_numpy(), index=values.index, name=values.name)


def _first(values: pd.Series, mask: pd.Series, limit: int = 5) -> list[tuple[int, str]]:
    """Line and raw text of the first rows under a mask."""
    chosen = values[mask.to_numpy(dtype=bool)].iloc[:limit]
    return [(int(line), str(raw)) for line, raw in chosen.items()]


def not_numbers(
    path: str | Path, name: object, total: int, shown: list[tuple[int, str]], unit: str | None
) -> str:
    """The message for answers that are not numbers, with the hint that fits them."""
    listed = ", ".join(f"line {line} {raw!r}" for line, raw in shown)
    raws = [raw for _, raw in shown]
    if any(re.fullmatch(r"\s*[-+]?\d+,\d+\s*", raw) for raw in raws):
        hint = " (a decimal comma? write decimals with a point, e.g. 7.5)"
    elif any("┋" in raw for raw in raws):
        hint = " (several answers joined with ┋: a multi-select question, not a score)"
    elif any(re.search(r"\d", raw) for raw in raws) and not unit:
        hint = " (scores written with a unit such as 9分? pass --unit 分)"
    else:
        hint = ""
    noun = "answer that is not a number" if total == 1 else "answers that are not numbers"
    return f"{path}: column {name!r} has {total:,} {noun}: {listed}{hint}"
