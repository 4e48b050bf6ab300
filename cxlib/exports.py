"""Reading real survey exports (调查导出文件): CSV in any common encoding, Excel, Qualtrics.

Used by the ``cx`` command (:mod:`cxlib.cli`). Everything the reader decides is found once, by
:func:`cxlib.layout.sniff` (re-exported here), from the start of the file and kept in a
:class:`~cxlib.layout.Layout` (encoding, delimiter, header line, Qualtrics' extra header rows,
column names, the platform that made the file), so that the pandas reader here and the DuckDB
reader (:mod:`cxlib.nps_sql`) read the file the same way; nothing is guessed silently, and
every refusal names the file, the column and the line.

- Answers are cleaned by one function, :func:`clean` (spaces, full-width digits, a unit,
  missing markers such as ``(跳过)``), for both engines.
- Rows are numbered as in the file: the line of the header is 1 unless ``--header-row`` moves
  it, and blank lines, Qualtrics' extra header rows and line breaks inside quoted answers count.
- Rows with a trailing delimiter (``10,5,`` under a two-column header) keep their columns.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import _validate, decoding
from cxlib.layout import (
    FULL_WIDTH,
    HALF_WIDTH,
    MISSING,
    ONE_COLUMN,
    SPACES,
    ExportError,
    Layout,
    _sheet_records,
    delimiter_name,
    sniff,
)

__all__ = [
    "FULL_WIDTH",
    "HALF_WIDTH",
    "MISSING",
    "ONE_COLUMN",
    "SPACES",
    "ExportError",
    "Layout",
    "chunks",
    "clean",
    "column",
    "delimiter_name",
    "find",
    "not_numbers",
    "numbers",
    "read",
    "sniff",
]

_WIDTH = str.maketrans(FULL_WIDTH, HALF_WIDTH)


def chunks(layout: Layout, chunksize: int | None = None) -> Iterator[pd.DataFrame]:
    """The answers as text frames indexed by their line in the file (one frame by default).

    Blank lines are left out (their line numbers are kept by the rows around them); a value in
    a field beyond the header is an error.

    Parameters
    ----------
    layout : Layout
        From :func:`sniff`.
    chunksize : int, optional
        Rows per frame, for files too large for memory (default: one frame).

    Raises
    ------
    ExportError
        A record with more fields than the header, values beyond the header, a later line in
        another encoding.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = file.write_text('ltr,city\\n10,A,\\n\\n9,"B\\nC",\\n7,D,\\n', encoding="utf-8")
    >>> frame = next(chunks(sniff(file)))
    >>> frame.index.tolist(), frame["ltr"].tolist()
    ([2, 4, 6], ['10', '9', '7'])
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
            f"{len(layout.columns)} (a stray {delimiter_name(layout.delimiter)} or an open quote?)"
        )
    return ExportError(f"{layout.path}: not a readable CSV table: {str(error).splitlines()[0]}")


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
    """The column called ``name`` (spaces around it ignored), or an error naming the closest.

    Examples
    --------
    >>> find(["score", "city"], " city ")
    'city'
    >>> find(["score", "city"], "scor", "a")
    Traceback (most recent call last):
    ...
    cxlib.layout.ExportError: a: no column 'scor'; did you mean 'score'? (columns: 'score', 'city')
    """
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
    cxlib.layout.ExportError: a.csv: column 'ltr' has 1 answer that is not a number: line 3 'ten'
    """
    text = clean(values, unit)
    converted = _validate.text_to_numbers(text)  # "1e-400" is not 0, "1e400" not infinite
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
    """The message for answers that are not numbers, with the hint that fits them.

    Examples
    --------
    >>> print(not_numbers("a.csv", "score", 1, [(3, "7,5")], None).replace(" (", "\\n("))
    a.csv: column 'score' has 1 answer that is not a number: line 3 '7,5'
    (a decimal comma? write decimals with a point, e.g. 7.5)
    """
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
