"""NPS counted in SQL, for survey files too large for memory (DuckDB here, any SQL engine).

The ``cx`` command uses this for large CSV files: DuckDB, an embedded database, reads the file
in parallel and streams it through one aggregate query, so memory does not grow with the file.
It reads the file the way :func:`cxlib.exports.sniff` found it (delimiter, header line,
Qualtrics rows, trailing delimiters) and cleans answers with the same rules as
:func:`cxlib.exports.clean` (spaces, full-width digits, a unit, missing markers), so both
engines see the same answers.

:func:`count_query` is plain SQL (``SUM(CASE ...)``), so the same counts run on PostgreSQL or
a Spark cluster (``spark.sql(query)``); the statistics then come from
:func:`cxlib.nps.by_counts`, the same formulas as for data in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cxlib import decoding, exports

__all__ = ["DuckDBFile", "clean_sql", "count_query", "tally_query"]


def _quote(name: str) -> str:
    """A SQL identifier in double quotes (quotes inside doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def count_query(source: str, score: str, by: list[str] | None = None) -> str:
    """The aggregate query: per group, counts of each type and of invalid and missing answers.

    ``source`` is a table expression (a table name, or DuckDB's ``read_csv('file.csv')``).

    Examples
    --------
    >>> query = count_query("answers", "score", ["city"])
    >>> query.startswith('SELECT "city", SUM(CASE WHEN s >= 9')
    True
    >>> query.endswith('GROUP BY "city" ORDER BY "city"')
    True
    """
    keys = [_quote(k) for k in by or []]
    groups = "".join(f"{k}, " for k in keys)
    inner_keys = "".join(f", {k}" for k in keys)
    group_by = f" GROUP BY {', '.join(keys)} ORDER BY {', '.join(keys)}" if keys else ""
    column = _quote(score)
    return (
        f"SELECT {groups}"
        "SUM(CASE WHEN s >= 9 AND s <= 10 AND s = FLOOR(s) THEN 1 ELSE 0 END) AS promoters, "
        "SUM(CASE WHEN s >= 7 AND s < 9 AND s = FLOOR(s) THEN 1 ELSE 0 END) AS passives, "
        "SUM(CASE WHEN s >= 0 AND s < 7 AND s = FLOOR(s) THEN 1 ELSE 0 END) AS detractors, "
        "SUM(CASE WHEN raw IS NULL OR TRIM(raw) = '' THEN 1 ELSE 0 END) AS missing, "
        "COUNT(*) AS answers "
        f"FROM (SELECT TRY_CAST(TRIM(CAST({column} AS VARCHAR)) AS DOUBLE) AS s, "
        f"CAST({column} AS VARCHAR) AS raw{inner_keys} FROM {source}) AS t{group_by}"
    )


def clean_sql(column: str, unit: str | None = None) -> str:
    """SQL for :func:`cxlib.exports.clean`: the normalised text of an answer, NULL if missing.

    Examples
    --------
    >>> import duckdb
    >>> values = "(VALUES (' １０分 '), ('(跳过)')) t(x)"
    >>> duckdb.sql(f"SELECT {clean_sql('x', '分')} FROM {values}").fetchall()
    [('10',), (None,)]
    """
    spaces = _literal(exports.SPACES)
    text = (
        f"translate(trim({_quote(column)}, {spaces}), "
        f"{_literal(exports.FULL_WIDTH)}, {_literal(exports.HALF_WIDTH)})"
    )
    if unit:
        text = (
            f"(CASE WHEN suffix({text}, {_literal(unit)}) THEN "
            f"trim(left({text}, length({text}) - {len(unit)}), {spaces}) ELSE {text} END)"
        )
    markers = ", ".join(_literal(m) for m in exports.MISSING)
    return f"(CASE WHEN {text} IN ({markers}) THEN NULL ELSE {text} END)"


def tally_query(
    source: str,
    columns: Sequence[str],
    score: str,
    keys: Sequence[str] = (),
    unit: str | None = None,
    extra: Sequence[str] = (),
) -> str:
    """Answers per segment and answer: ``keys..., state, value, extra, n``.

    ``state`` is ``'missing'``, ``'text'`` (not a number) or ``'number'``; ``value`` the
    number; ``extra`` whether a field beyond the header holds something; rows whose every
    field is empty (blank lines) are left out. ``columns`` are all fields of ``source``.

    Examples
    --------
    >>> import duckdb
    >>> rows = "VALUES ('10', ' A '), ('x', 'A'), ('', 'B'), ('', '')"
    >>> query = tally_query(f"({rows}) t(s, c)", ["s", "c"], "s", ["c"])
    >>> for row in duckdb.sql(query + " ORDER BY ALL").fetchall():
    ...     print(row)
    ('A', 'number', 10.0, False, 1)
    ('A', 'text', None, False, 1)
    ('B', 'missing', None, False, 1)
    """
    spaces = _literal(exports.SPACES)
    blank = " AND ".join(f"coalesce(trim({_quote(c)}, {spaces}), '') = ''" for c in columns)
    beyond = " OR ".join(f"coalesce(trim({_quote(c)}, {spaces}), '') <> ''" for c in extra)
    names = [f"k{i}" for i in range(len(keys))]
    inner = "".join(f"{clean_sql(k)} AS {n}, " for k, n in zip(keys, names, strict=True))
    outer = "".join(f"{n} AS {_quote(k)}, " for k, n in zip(keys, names, strict=True))
    return (
        f"SELECT {outer}"
        "CASE WHEN s IS NULL THEN 'missing' WHEN v IS NULL OR isnan(v) THEN 'text' "
        "ELSE 'number' END AS state, "
        "CASE WHEN v IS NULL OR isnan(v) THEN NULL ELSE v END AS value, "
        "extra, COUNT(*) AS n FROM ("
        f"SELECT {inner}{clean_sql(score, unit)} AS s, "
        f"TRY_CAST({clean_sql(score, unit)} AS DOUBLE) AS v, "
        f"{beyond or 'false'} AS extra FROM {source} WHERE NOT ({blank})"
        ") AS t GROUP BY ALL"
    )


class DuckDBFile:
    """A CSV export read by DuckDB the way :func:`cxlib.exports.sniff` laid it out.

    Text in another encoding than UTF-8 is first written as UTF-8 to a temporary file, in
    chunks (memory stays flat); the file is removed by :meth:`close`.
    """

    def __init__(self, layout: exports.Layout, memory_limit: str = "512MB") -> None:
        import duckdb  # lazy: only for large files

        self.layout = layout
        self._temporary: Path | None = None
        path = layout.path
        if layout.encoding not in (None, "utf-8", "utf-8-sig"):
            handle, name = tempfile.mkstemp(suffix=".csv", prefix="cx-utf8-")
            os.close(handle)
            self._temporary = Path(name)
            decoding.stream_check(path, layout.encoding, out=self._temporary)
            path = self._temporary
        self.fields = [f"c{i}" for i in range(layout.fields)]
        types = ", ".join(f"{_literal(f)}: 'VARCHAR'" for f in self.fields)
        self.source = (
            f"read_csv({_literal(str(path))}, delim = {_literal(layout.delimiter)}, "
            f"quote = '\"', escape = '\"', header = false, skip = {layout.first_line - 1}, "
            f"columns = {{{types}}}, null_padding = true, auto_detect = false)"
        )
        self.connection = duckdb.connect(
            config={"memory_limit": memory_limit, "preserve_insertion_order": False}
        )
        self.error = duckdb.Error

    def field(self, name: str) -> str:
        """The positional field of a column."""
        return self.fields[self.layout.columns.index(name)]

    def tally(self, score: str, keys: Sequence[str] = (), unit: str | None = None) -> pd.DataFrame:
        """:func:`tally_query` on the file, with the columns named as in the file."""
        width = len(self.layout.columns)
        query = tally_query(
            self.source,
            self.fields,
            self.field(score),
            [self.field(k) for k in keys],
            unit,
            self.fields[width:],
        )
        table = self.connection.execute(query).df()
        return table.rename(columns={self.field(k): k for k in keys})

    def sample(self, columns: Sequence[str], rows: int, seed: int = 0) -> pd.DataFrame:
        """A seeded random sample of whole rows (all rows if the file has fewer), in file order."""
        chosen = ", ".join(f"{_quote(self.field(c))} AS {_quote(c)}" for c in columns)
        spaces = _literal(exports.SPACES)
        blank = " AND ".join(f"coalesce(trim({_quote(c)}, {spaces}), '') = ''" for c in self.fields)
        query = (
            f"SELECT * EXCLUDE (i) FROM (SELECT {chosen}, row_number() OVER () AS i "
            f"FROM {self.source} WHERE NOT ({blank})) "
            f"USING SAMPLE reservoir({int(rows)} ROWS) REPEATABLE ({int(seed)}) ORDER BY i"
        )
        return self.connection.execute(query).df().fillna("")

    def close(self) -> None:
        self.connection.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
