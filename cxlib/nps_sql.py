"""NPS counted in SQL, for survey files too large for memory (DuckDB here, any SQL engine).

The ``cx`` command uses this for large CSV files: DuckDB, an embedded database, reads the file
in parallel and streams it through one aggregate query, so memory does not grow with the file.
It reads the file the way :func:`cxlib.exports.sniff` found it (delimiter, header line,
Qualtrics rows, trailing delimiters) and counts the distinct raw answers; those few values are
cleaned by :func:`cxlib.exports.clean` (spaces, full-width digits, a unit, missing markers),
the code the pandas engine uses, so both engines see the same answers.

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

__all__ = ["DuckDBFile", "count_query", "tally_query"]


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


def tally_query(
    source: str,
    columns: Sequence[str],
    score: str,
    keys: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> str:
    """Rows counted per raw answer and raw segment labels: ``raw, keys..., extra, n``.

    Only the distinct raw values leave the database (a few hundred for a 0-10 score by
    segment); they are then cleaned by :func:`cxlib.exports.clean`, the code the pandas engine
    uses, so both engines read every answer alike. Rows whose every field is empty (blank
    lines) are left out; ``extra`` says a field beyond the header holds something.
    ``columns`` are all fields of ``source``.

    Examples
    --------
    >>> import duckdb
    >>> rows = "VALUES ('10', 'A'), ('x', 'A'), ('10', 'A'), ('', ''), (NULL, NULL)"
    >>> query = tally_query(f"({rows}) t(s, c)", ["s", "c"], "s", ["c"])
    >>> for row in duckdb.sql(query + " ORDER BY ALL").fetchall():
    ...     print(row)
    ('10', 'A', False, 2)
    ('x', 'A', False, 1)
    """
    spaces = _literal(exports.SPACES)

    def empty(column: str) -> str:  # the trim only runs for fields that are not plainly empty
        c = _quote(column)
        return f"(CASE WHEN {c} IS NULL OR {c} = '' THEN true ELSE trim({c}, {spaces}) = '' END)"

    others = " AND ".join(empty(c) for c in columns if c != score) or "true"
    blank = f"(CASE WHEN {empty(score)} THEN {others} ELSE false END)"
    beyond = " OR ".join(f"NOT {empty(c)}" for c in extra) or "false"
    names = "".join(f", {_quote(k)}" for k in keys)
    return (
        f"SELECT {_quote(score)} AS raw{names}, {beyond} AS extra, COUNT(*) AS n "
        f"FROM {source} WHERE NOT {blank} GROUP BY ALL"
    )


class DuckDBFile:
    """A CSV export read by DuckDB the way :func:`cxlib.exports.sniff` laid it out.

    Text in another encoding than UTF-8 is first written as UTF-8 to a temporary file, in
    chunks (memory stays flat); the file is removed by :meth:`close`.
    """

    def __init__(self, layout: exports.Layout, memory_limit: str = "512MB") -> None:
        from cxlib._pyodide import optional

        duckdb = optional("duckdb", "Counting large files (cxlib.nps_sql)")  # lazy: large files

        self.layout = layout
        self._temporary: Path | None = None
        path = layout.path
        if layout.encoding not in (None, "utf-8", "utf-8-sig"):
            handle, name = tempfile.mkstemp(suffix=".csv", prefix="cx-utf8-")
            os.close(handle)
            self._temporary = Path(name)
            try:
                decoding.stream_check(path, layout.encoding, out=self._temporary)
            except BaseException:
                self._temporary.unlink(missing_ok=True)
                raise
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

    def tally(self, score: str, keys: Sequence[str] = ()) -> pd.DataFrame:
        """:func:`tally_query` on the file, with the columns named as in the file."""
        width = len(self.layout.columns)
        query = tally_query(
            self.source,
            self.fields,
            self.field(score),
            [self.field(k) for k in dict.fromkeys(keys)],
            self.fields[width:],
        )
        table = self._run(query)
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
        return self._run(query).fillna("")

    def _run(self, query: str) -> pd.DataFrame:
        """Run a query; quoted line breaks with short rows need DuckDB's serial reader."""
        try:
            return self.connection.execute(query).df()
        except self.error as error:
            if "parallel=false" not in str(error):
                raise
        serial = self.source.replace(
            "auto_detect = false)", "auto_detect = false, parallel = false)"
        )
        return self.connection.execute(query.replace(self.source, serial)).df()

    def close(self) -> None:
        self.connection.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
