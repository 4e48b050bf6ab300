"""One survey file, two readers (pandas in memory, DuckDB streaming), one behaviour.

:func:`open_survey` sends the file through the reading pipeline of :mod:`cxlib.layout` once
(bytes to text, text to checked rows, rows to named columns: every line checked, whichever
reader counts) and then opens it with one reader. Both readers reduce a column to the same
*tally*: rows counted per raw answer and raw segment labels. :func:`settle` cleans those few
distinct values with :func:`cxlib.exports.clean`, the code of both, and the checks and numbers
(:mod:`cxlib.cli.checks`) come from the tally, so both readers give the same result or the same
message. The rows a message names are found by the same reader, by their raw values
(:meth:`Survey.locate`), and their lines come from the scan.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlib import answers, exports, nps_sql, platforms
from cxlib import layout as layouts

__all__ = ["Survey", "Tally", "note", "open_survey", "settle"]

LARGE_FILE = 20 * 2**20  # from here `cx` counts a CSV with DuckDB (pandas would need ~1 GB)
SAMPLE_ROWS = 50_000  # rows drawn for report sections that need whole rows (DuckDB engine)


def note(message: str) -> None:
    """One informational line on stderr (in Chinese under ``CXLIB_LANG=zh`` where
    :mod:`cxlib.cli.errors` knows it)."""
    from cxlib.cli import errors
    from cxlib.language import get_language

    print(errors.translate(message) if get_language() == "zh" else message, file=sys.stderr)


@dataclass
class Tally:
    """A column counted per distinct raw answer (and raw segment labels), then cleaned."""

    raw: pd.DataFrame  # "raw" (the answer as read) and each key's raw label
    labels: pd.DataFrame  # each key's cleaned label, <NA> where blank
    state: np.ndarray  # "missing", "text" or "number"
    value: np.ndarray  # the number (NaN unless state is "number")
    n: np.ndarray  # rows
    invisible: int  # rows whose answer or labels held invisible characters

    def count(self, mask) -> int:
        return int(self.n[np.asarray(mask, dtype=bool)].sum())

    def raws(self, mask, column: str = "raw") -> list:
        """The distinct raw values of ``column`` under ``mask``."""
        return list(pd.unique(self.raw.loc[np.asarray(mask, dtype=bool), column]))


def settle(raw: pd.DataFrame, keys: Sequence[str], unit: str | None) -> Tally:
    """Counts of raw answers (``raw, keys..., n``) cleaned: one function for both readers.

    Each answer is ``missing`` (blank or a missing marker), ``text`` (not written as a number)
    or a ``number`` with its value.

    Examples
    --------
    >>> raw = pd.DataFrame({"raw": ["10", " １０", "(跳过)", "ten", "1e1"], "n": [2, 1, 1, 1, 1]})
    >>> tally = settle(raw, [], None)
    >>> tally.state.tolist(), tally.value.tolist()[:2]
    (['number', 'number', 'missing', 'text', 'text'], [10.0, 10.0])
    """
    text = answers.clean(raw["raw"], unit)
    value = answers.number(text).to_numpy()
    state = np.where(text.isna(), "missing", np.where(np.isnan(value), "text", "number"))
    labels = pd.DataFrame({k: answers.clean(raw[k]).to_numpy() for k in keys}, index=raw.index)
    hidden = np.zeros(len(raw), dtype=bool)
    for name in ["raw", *keys]:
        shown = raw[name].astype("string")
        hidden |= shown.str.contains(answers.INVISIBLE).fillna(False).to_numpy(dtype=bool)
    n = raw["n"].to_numpy(dtype=np.int64)
    return Tally(raw, labels, state, value, n, int(n[hidden].sum()))


class Survey:
    """A survey export opened with pandas (the whole file in memory)."""

    engine = "pandas"

    def __init__(self, layout: exports.Layout) -> None:
        self.layout = layout
        self.path = layout.path
        self._frame: pd.DataFrame | None = None
        self._raw: dict[tuple, pd.DataFrame] = {}

    @property
    def in_memory(self) -> bool:
        """The text is held in memory (small files): one frame serves every question."""
        return self.layout.kind == "xlsx" or self.layout.text is not None

    @property
    def frame(self) -> pd.DataFrame:
        """Every answer row as text, columns by position, indexed by line."""
        if self._frame is None:
            self._frame = exports.frame(self.layout)
            if self._frame.empty:
                raise exports.ExportError(f"{self.path}: the file has a header but no answers")
        return self._frame

    def _columns(self, names: Sequence[str]) -> Iterator[pd.DataFrame]:
        """The named columns, all rows at once (in memory) or a chunk at a time (large files)."""
        if self.in_memory:
            yield pd.DataFrame({n: self.frame[self.layout.index(n)] for n in names})
        else:
            yield from exports.chunks(self.layout, list(dict.fromkeys(names)))

    def column(self, name: str) -> pd.Series:
        """One column as text, named as in the header."""
        return pd.concat([part[name] for part in self._columns([name])])

    def tally(self, score: str, keys: Sequence[str] = (), unit: str | None = None) -> Tally:
        """The column counted per raw answer and labels, cleaned (one scan per column set).

        The overall counts are the sum of those by one column when that one is known (blank
        labels are a label of their own), so a report by segment reads the file once.
        """
        wanted = (score, tuple(keys))
        if wanted not in self._raw:
            known = next((t for (s, k), t in self._raw.items() if s == score and k), None)
            if not keys and known is not None:
                self._raw[wanted] = known.groupby("raw", dropna=False, sort=False)["n"].sum()
                self._raw[wanted] = self._raw[wanted].reset_index()
            else:
                self._raw[wanted] = self._count(score, keys)
                self.layout.unchanged()  # what was counted is the file that was scanned
        return settle(self._raw[wanted], keys, unit)

    def _count(self, score: str, keys: Sequence[str]) -> pd.DataFrame:
        counted = []
        for part in self._columns([score, *keys]):
            raw = pd.DataFrame({"raw": part[score], **{k: part[k] for k in keys}})
            counted.append(raw.groupby(list(raw.columns), dropna=False, sort=False).size())
        total = pd.concat(counted) if len(counted) > 1 else counted[0]
        if len(counted) > 1:
            total = total.groupby(level=list(range(total.index.nlevels)), dropna=False).sum()
        return total.rename("n").reset_index()

    def locate(self, where: dict[str, list], limit: int = 5) -> list[tuple[int, object]]:
        """Lines and raw values (of the first column named) of the first rows whose raw values
        are among those given."""
        found: list[tuple[int, object]] = []
        for part in self._columns(list(where)):
            mask = np.ones(len(part), dtype=bool)
            for name, values in where.items():
                mask &= part[name].isin(values).to_numpy()
            first = part[next(iter(where))][mask].iloc[: limit - len(found)]
            found += [(int(line), raw) for line, raw in first.items()]
            if len(found) >= limit:
                break
        return found

    def rows(self, columns: Sequence[str]) -> tuple[pd.DataFrame, int | None]:
        """Whole rows of ``columns`` (here all; with DuckDB a sample) and the sample size."""
        return pd.DataFrame({c: self.column(c) for c in columns}), None

    def close(self) -> None:
        """Release the reader."""


class DuckDBSurvey(Survey):
    """The same survey counted by DuckDB: memory does not grow with the file."""

    engine = "duckdb"

    def __init__(self, layout: exports.Layout) -> None:
        super().__init__(layout)
        self.duck = nps_sql.DuckDBFile(layout)

    def _count(self, score: str, keys: Sequence[str]) -> pd.DataFrame:
        return self.duck.tally(score, list(dict.fromkeys(keys)))

    def locate(self, where: dict[str, list], limit: int = 5) -> list[tuple[int, object]]:
        return self.duck.locate(where, limit)

    def rows(self, columns: Sequence[str]) -> tuple[pd.DataFrame, int | None]:
        frame = self.duck.sample(columns, SAMPLE_ROWS)
        return frame, len(frame) if len(frame) >= SAMPLE_ROWS else None  # else: every row

    def close(self) -> None:
        self.duck.close()


def open_survey(args, *, weights: bool = False) -> Survey:
    """Sniff and scan the file once, then open it with the reader asked for (auto: DuckDB for
    a large CSV), saying on stderr how it was read."""
    layout = exports.sniff(
        args.file, encoding=args.encoding, header_row=args.header_row, sheet=args.sheet
    )
    asked = getattr(args, "engine", "auto")
    size = args.file.stat().st_size
    large = layout.kind == "csv" and size > LARGE_FILE
    if asked == "duckdb" and layout.kind != "csv":
        raise exports.ExportError(f"{args.file}: the DuckDB engine reads CSV files only")
    if asked == "duckdb" and weights:
        raise exports.ExportError(f"{args.file}: the DuckDB engine does not support --weights")
    use_duckdb = asked == "duckdb" or (asked == "auto" and large and not weights)
    wide = use_duckdb and nps_sql.too_wide(layout)
    if wide and asked == "auto":
        use_duckdb = False
    if wide and use_duckdb:
        raise exports.ExportError(
            f"{args.file}: {layout.fields:,} columns are too many for the DuckDB engine "
            f"(at most {nps_sql.WIDE:,}); use --engine pandas"
        )
    layout = layouts.scan(layout, keep=not (use_duckdb or large), copy=use_duckdb or large)
    parts = [_encoding(layout)]
    if layout.kind == "csv" and (layout.delimiter != "," or layout.sep_line):
        name = exports.delimiter_name(layout.delimiter)
        parts.append("one column" if not layout.delimiter else f"delimiter {name}")
        if layout.sep_line:
            parts[-1] += " (Excel's sep= line)"
    if layout.header_line > 1:
        parts.append(f"header on line {layout.header_line}")
    if layout.extra_rows:
        parts.append(f"skipped {layout.extra_rows} Qualtrics header rows")
    if layout.platform:
        parts.append(f"platform {platforms.NAMES[layout.platform]}")
    if use_duckdb:
        parts.append(f"counting {size / 2**20:,.0f} MB with DuckDB")
    elif wide:
        parts.append(f"{layout.fields:,} columns: counted with pandas, not DuckDB")
    note(f"read {args.file}: {', '.join(parts)}")
    return DuckDBSurvey(layout) if use_duckdb else Survey(layout)


def _encoding(layout: exports.Layout) -> str:
    if layout.kind != "csv":
        return f"sheet {layout.sheet!r}"
    chosen = layout.encoding
    words = f"encoding {chosen.name}"
    if chosen.newline == b"\r":
        words += " (lines end with CR)"
    return words
