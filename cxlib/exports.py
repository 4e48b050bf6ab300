"""Reading real survey exports (调查导出文件): CSV in any common encoding, Excel, Qualtrics.

Used by the ``cx`` command (:mod:`cxlib.cli`). The file goes through the reading pipeline of
:mod:`cxlib.layout` once (bytes to text, text to checked rows, rows to named columns); this
module is its pandas reader: it splits the rows the scan accepted into text columns indexed
by their line in the file, and cleans answers with the one function both readers use,
:func:`clean` (the DuckDB reader, :mod:`cxlib.nps_sql`, cleans its distinct raw answers with
it too), so that both read every answer alike.

- Rows are numbered as in the file: the header's line unless ``--header-row`` moves it, and
  blank lines, Qualtrics' extra header rows and line breaks inside quoted answers count.
- Rows with a trailing delimiter (``10,5,`` under a two-column header) keep their columns.
- An answer is a number only when written as one (``9``, ``9.0``, ``-1``, ``１０``):
  ``1e1``, ``inf`` or ``nan`` are text, and refused where a number is expected.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib.answers import MISSING, SPACES, clean, number
from cxlib.layout import ONE_COLUMN, ExportError, Layout, delimiter_name, scan, sniff

__all__ = [
    "MISSING",
    "ONE_COLUMN",
    "SPACES",
    "ExportError",
    "Layout",
    "chunks",
    "clean",
    "delimiter_name",
    "frame",
    "not_numbers",
    "number",
    "numbers",
    "read",
    "sniff",
]


def _parts(layout: Layout, chunksize: int | None) -> Iterator[pd.DataFrame]:
    """The answer rows as text frames by field position, indexed by their line."""
    if layout.kind == "xlsx":
        cells = layout.cells[layout.data_row :]
        part = pd.DataFrame(cells, dtype=str).fillna("")
        part = part.reindex(columns=range(max(layout.fields, part.shape[1])), fill_value="")
        part.index = pd.Index(np.arange(layout.data_row, len(layout.cells)) + 1, name="line")
        yield part
        return
    if layout.rows is None or (layout.text is None and layout.source is None):
        raise ValueError("read a layout after cxlib.layout.scan (keep=True or copy=True)")
    source = io.BytesIO(layout.text) if layout.text is not None else layout.source
    reader = pd.read_csv(
        source,
        sep=layout.delimiter or "\x1f",
        header=None,
        names=range(layout.fields),
        skiprows=layout.data_row,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        quotechar='"',
        index_col=False,
        encoding="utf-8-sig" if layout.encoding.bom else "utf-8",
        engine="c",
        chunksize=chunksize,
    )
    row = layout.data_row
    try:
        for part in [reader] if chunksize is None else reader:
            part.index = pd.Index(layout.rows.line(np.arange(row, row + len(part))), name="line")
            row += len(part)
            yield part
    except pd.errors.ParserError as error:  # pragma: no cover - the scan accepted the rows
        raise ExportError(f"{layout.path}: {str(error).splitlines()[0]}") from None


def _blank(part: pd.DataFrame) -> np.ndarray:
    """Rows whose every field is blank (left out by both readers)."""
    if part.empty:
        return np.zeros(len(part), dtype=bool)
    return np.logical_and.reduce(
        [part[c].str.strip(SPACES).eq("").to_numpy() for c in part.columns]
    )


def frame(layout: Layout) -> pd.DataFrame:
    """Every answer row as text, columns by position, indexed by line; blank rows left out.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = file.write_text('ltr,city\\n10,A,\\n\\n9,"B\\nC",\\n7,D,\\n', encoding="utf-8")
    >>> answers = frame(scan(sniff(file)))
    >>> answers.index.tolist(), answers[0].tolist()
    ([2, 4, 6], ['10', '9', '7'])
    """
    part = next(_parts(layout, None))
    return part.loc[~_blank(part)]


def chunks(
    layout: Layout, names: Sequence[str], chunksize: int | None = None
) -> Iterator[pd.DataFrame]:
    """The named columns as text frames indexed by line, a chunk of rows at a time.

    Whole rows are read (a row is blank only when all its fields are), so chunks hold fewer
    rows the wider the file is; only the named columns are kept.
    """
    positions = [layout.index(n) for n in names]
    if chunksize is None:  # about a million fields a chunk, whatever the width
        chunksize = max(200, 1_000_000 // max(layout.fields, 1))
    for part in _parts(layout, chunksize):
        kept = part.loc[~_blank(part), positions]
        kept.columns = list(names)
        yield kept


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
        Excel sheet name or position.
    header_row : int, optional
        Line of the header (1-based) when title lines stand above it.

    Returns
    -------
    (pandas.DataFrame, Layout)
        The answers as text, indexed by their line in the file, and how the file was read.

    Raises
    ------
    ExportError
        Missing or empty file, unknown type, undecodable text, text that is not plain CSV.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "gbk.csv").write_bytes("推荐意愿,城市\\n9,上海\\n".encode("gbk"))
    21
    >>> answers, layout = read(folder / "gbk.csv")
    >>> list(answers.columns), layout.encoding.name, answers.index.tolist()
    (['推荐意愿', '城市'], 'gb18030', [2])
    """
    layout = scan(sniff(path, encoding=encoding, header_row=header_row, sheet=sheet))
    answers = frame(layout)
    if answers.empty:
        raise ExportError(f"{layout.path}: the file has a header but no answers")
    answers = answers.iloc[:, : len(layout.columns)]
    answers.columns = list(layout.columns)
    return answers, layout


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
    converted = number(text)
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
    if any(raw.strip() == str(name) for raw in raws):
        hint = (
            " (the header again: two exports joined into one file? remove the repeated header "
            "lines)"
        )
    elif any(re.fullmatch(r"\s*[-+]?\d+,\d+\s*", raw) for raw in raws):
        hint = " (a decimal comma? write decimals with a point, e.g. 7.5)"
    elif any("┋" in raw for raw in raws):
        hint = " (several answers joined with ┋: a multi-select question, not a score)"
    elif any(re.search(r"\d[eE][-+]?\d", raw) for raw in raws):
        hint = " (a number in exponent notation: write it out, e.g. 10)"
    elif any(re.match(r"\s*\d+\s*[-–:]\s*\D", raw) for raw in raws):
        hint = (
            " (option texts such as '10 - Extremely likely': export the numeric values, e.g. "
            "Qualtrics' 'Use numeric values')"
        )
    elif any(re.search(r"\d", raw) for raw in raws) and not unit:
        hint = " (scores written with a unit such as 9分? pass --unit 分)"
    else:
        hint = ""
    noun = "answer that is not a number" if total == 1 else "answers that are not numbers"
    return f"{path}: column {name!r} has {total:,} {noun}: {listed}{hint}"
