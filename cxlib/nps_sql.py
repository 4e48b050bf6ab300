"""NPS counted in SQL, for survey files too large for memory (DuckDB here, any SQL engine).

The ``cx`` command uses this for large CSV files: DuckDB, an embedded database, reads the file
in parallel and streams it through one aggregate query, so memory does not grow with the file.
It reads only what :func:`cxlib.layout.scan` accepted and found (the UTF-8 text, the delimiter,
the rows before the answers, the widest and longest row): plain CSV, which DuckDB splits
exactly as pandas does. It counts the distinct raw answers; those few values are cleaned by
:func:`cxlib.exports.clean`, the code the pandas reader uses, so both see the same answers. The
rows a message shows are found by DuckDB too (:meth:`DuckDBFile.locate`), by their raw values,
and their lines come from the scan.

:func:`count_query` is plain SQL (``SUM(CASE ...)``), so the same counts run on PostgreSQL or
a Spark cluster (``spark.sql(query)``); the statistics then come from
:func:`cxlib.nps.by_counts`, the same formulas as for data in memory.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cxlib import exports

__all__ = ["DuckDBFile", "count_query", "tally_query"]

WIDE = 500  # more columns than this: DuckDB needs too much memory per column (pandas reads)


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


def _blank(columns: Sequence[str]) -> str:
    """SQL: every field of the row is blank (such rows are left out, as by pandas)."""
    spaces = _literal(exports.SPACES)
    parts = []
    for column in columns:
        c = _quote(column)
        parts.append(
            f"(CASE WHEN {c} IS NULL OR {c} = '' THEN true ELSE trim({c}, {spaces}) = '' END)"
        )
    return " AND ".join(parts) or "false"


def tally_query(source: str, columns: Sequence[str], score: str, keys: Sequence[str] = ()) -> str:
    """Rows counted per raw answer and raw segment labels: ``raw, keys..., n``.

    Only the distinct raw values leave the database (a few hundred for a 0-10 score by
    segment); they are then cleaned by :func:`cxlib.exports.clean`, the code the pandas reader
    uses, so both read every answer alike. Rows whose every field is blank are left out.
    ``columns`` are all fields of ``source``.

    Examples
    --------
    >>> import duckdb
    >>> rows = "VALUES ('10', 'A'), ('x', 'A'), ('10', 'A'), ('', ''), (NULL, NULL)"
    >>> query = tally_query(f"({rows}) t(s, c)", ["s", "c"], "s", ["c"])
    >>> for row in duckdb.sql(query + " ORDER BY ALL").fetchall():
    ...     print(row)
    ('10', 'A', 2)
    ('x', 'A', 1)
    """
    names = "".join(f", {_quote(k)}" for k in keys)
    return (
        f"SELECT {_quote(score)} AS raw{names}, COUNT(*) AS n "
        f"FROM {source} WHERE NOT ({_blank(columns)}) GROUP BY ALL"
    )


class DuckDBFile:
    """A CSV export read by DuckDB as :func:`cxlib.layout.scan` found it."""

    def __init__(self, layout: exports.Layout, memory_limit: str = "512MB") -> None:
        from cxlib._pyodide import optional

        duckdb = optional("duckdb", "Counting large files (cxlib.nps_sql)")  # lazy: large files

        if layout.rows is None or layout.source is None:
            raise ValueError("DuckDBFile needs a layout scanned with a UTF-8 source file")
        self.layout = layout
        self.fields = [f"c{i}" for i in range(layout.fields)]
        types = ", ".join(f"{_literal(f)}: 'VARCHAR'" for f in self.fields)
        rows = layout.rows
        longest = max(2**21, rows.longest + 1024)
        self.source = (
            f"read_csv({_literal(str(layout.source))}, delim = "
            f"{_literal(layout.delimiter or chr(31))}, quote = '\"', escape = '\"', "
            f"header = false, skip = {layout.data_row}, columns = {{{types}}}, "
            "null_padding = true, auto_detect = false, strict_mode = false, "
            f"max_line_size = {longest}, buffer_size = {max(16 * 2**20, 4 * longest)}, "
            f"parallel = {'false' if rows.multiline else 'true'})"
        )
        self.connection = duckdb.connect(
            config={"memory_limit": memory_limit, "preserve_insertion_order": False}
        )
        self.error = duckdb.Error
        self.interrupted = duckdb.InterruptException

    def field(self, name: str) -> str:
        """The positional field of a column."""
        return self.fields[self.layout.index(name)]

    def tally(self, score: str, keys: Sequence[str] = ()) -> pd.DataFrame:
        """:func:`tally_query` on the file, with the columns named as in the file."""
        query = tally_query(
            self.source, self.fields, self.field(score), [self.field(k) for k in keys]
        )
        table = self._run(query)
        return table.rename(columns={self.field(k): k for k in keys})

    def locate(self, where: dict[str, list], limit: int = 5) -> list[tuple[int, object]]:
        """Lines and raw values (of the first column of ``where``) of the first rows whose raw
        values are among those given (``None`` meaning an empty field)."""
        conditions = []
        for name, values in where.items():
            c = _quote(self.field(name))
            text = [v for v in values if v is not None and not pd.isna(v)]
            parts = [f"{c} IN ({', '.join(_literal(str(v)) for v in text)})"] if text else []
            if len(text) < len(values):
                parts.append(f"{c} IS NULL")
            conditions.append("(" + " OR ".join(parts or ["false"]) + ")")
        first = _quote(self.field(next(iter(where))))
        query = (
            f"SELECT i, {first} FROM (SELECT row_number() OVER () - 1 AS i, * FROM "
            f"{self.source}) WHERE {' AND '.join(conditions)} AND NOT ({_blank(self.fields)}) "
            f"ORDER BY i LIMIT {int(limit)}"
        )
        self.connection.execute("SET preserve_insertion_order = true")
        try:
            found = self._run(query)
        finally:
            self.connection.execute("SET preserve_insertion_order = false")
        rows = self.layout.rows.nonempty(self.layout.data_row, found["i"].to_numpy())
        lines = self.layout.rows.line(rows)
        return [(int(line), raw) for line, raw in zip(lines, found.iloc[:, 1], strict=True)]

    def sample(self, columns: Sequence[str], rows: int, seed: int = 0) -> pd.DataFrame:
        """A seeded random sample of whole rows (all rows if the file has fewer), in file order."""
        chosen = ", ".join(f"{_quote(self.field(c))} AS {_quote(c)}" for c in columns)
        query = (
            f"SELECT * EXCLUDE (i) FROM (SELECT {chosen}, row_number() OVER () AS i "
            f"FROM {self.source} WHERE NOT ({_blank(self.fields)})) "
            f"USING SAMPLE reservoir({int(rows)} ROWS) REPEATABLE ({int(seed)}) ORDER BY i"
        )
        return self._run(query).fillna("")

    def _run(self, query: str) -> pd.DataFrame:
        try:
            return self.connection.execute(query).df()
        except (self.interrupted, RuntimeError) as error:
            # Ctrl-C, or cx's SIGTERM/SIGHUP handler, while DuckDB counts: DuckDB stops the query
            # and raises its own error in place of the KeyboardInterrupt; give it back, so that
            # cx exits with 130 ("cx: interrupted") like an interrupt anywhere else.
            if isinstance(error, self.interrupted) or "interrupted" in str(error):
                raise KeyboardInterrupt from None
            raise
        except self.error as error:  # pragma: no cover - the scan accepts only plain CSV
            first = str(error).splitlines()[0]
            raise exports.ExportError(
                f"{self.layout.path}: DuckDB could not read the file ({first}); the pandas "
                "engine may: --engine pandas"
            ) from None

    def close(self) -> None:
        self.connection.close()


def too_wide(layout: exports.Layout) -> bool:
    """Whether DuckDB would need too much memory for the file's columns (pandas reads it)."""
    return layout.fields > WIDE
