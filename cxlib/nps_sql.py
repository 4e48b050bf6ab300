"""NPS counted in SQL, for survey files too large for memory (DuckDB here, any SQL engine).

The ``cx`` command uses this for large CSV files: DuckDB, an embedded database, reads the file
in parallel and streams it through one aggregate query, so memory does not grow with the file.
The query is plain SQL (``SUM(CASE ...)``), so the same counts run on PostgreSQL or a Spark
cluster (``spark.sql(query)`` over a table or ``csv.`path```); the statistics then come from
:func:`cxlib.nps.by_counts` (or :func:`cxlib.nps.from_counts` for one group), the same
formulas as for data in memory.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cxlib import nps

__all__ = ["count_query", "counts", "offenders", "score_by"]


def _quote(name: str) -> str:
    """A SQL identifier in double quotes (quotes inside doubled)."""
    return '"' + name.replace('"', '""') + '"'


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


def counts(
    path: str | Path,
    score: str,
    by: list[str] | None = None,
    *,
    progress: bool = False,
    memory_limit: str = "512MB",
) -> pd.DataFrame:
    """Run :func:`count_query` on a UTF-8 CSV file with DuckDB and return the counts table.

    Adds ``invalid`` = answers that are neither missing nor a whole number from 0 to 10.

    Raises
    ------
    ValueError
        A missing column or a file DuckDB cannot read (message from DuckDB, with the file).
    """
    import duckdb  # lazy: only for large files

    connection = duckdb.connect(config={"memory_limit": memory_limit})
    if progress:  # DuckDB draws its own progress bar for long scans
        connection.execute("SET enable_progress_bar = true")
        connection.execute("SET enable_progress_bar_print = true")
    source = _csv_source(path)
    try:
        table = connection.execute(count_query(source, score, by)).df()
    except duckdb.Error as error:
        raise ValueError(f"{path}: {str(error).splitlines()[0]}") from None
    finally:
        connection.close()
    table["invalid"] = (
        table["answers"]
        - table["missing"]
        - table[["promoters", "passives", "detractors"]].sum(axis=1)
    )
    return table


def offenders(path: str | Path, score: str, limit: int = 5) -> list[tuple[int, str]]:
    """The first answers that are not whole numbers 0-10, with their line in the file (header = 1).

    A second, short query, run only when the counts found invalid answers.
    """
    import duckdb

    column = _quote(score)
    source = _csv_source(path)
    query = (
        f"SELECT line, raw FROM (SELECT row_number() OVER () + 1 AS line, {column} AS raw, "
        f"TRY_CAST(TRIM({column}) AS DOUBLE) AS s FROM {source}) AS t "
        "WHERE raw IS NOT NULL AND TRIM(raw) <> '' "
        "AND (s IS NULL OR s < 0 OR s > 10 OR s <> FLOOR(s)) "
        f"ORDER BY line LIMIT {int(limit)}"
    )
    with duckdb.connect() as connection:
        return [(int(line), raw) for line, raw in connection.execute(query).fetchall()]


def _csv_source(path: str | Path) -> str:
    """DuckDB's table expression for a CSV file, every column read as text."""
    return f"read_csv({_literal(str(path))}, header = true, all_varchar = true)"


def _literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def score_by(
    path: str | Path,
    score: str,
    by: list[str] | None = None,
    *,
    dropna: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """NPS per group (or overall) of a large CSV, counted in SQL, with the nps.by columns.

    Raises
    ------
    ValueError
        Invalid answers (with how many), missing answers unless ``dropna``.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = file.write_text("score,city\\n10,A\\n9,A\\n3,B\\n")
    >>> score_by(file, "score", ["city"])[["city", "n", "nps"]]
      city  n    nps
    0    A  2  100.0
    1    B  1 -100.0
    """
    table = counts(path, score, by, progress=progress)
    invalid = int(table["invalid"].sum())
    if invalid:
        shown = ", ".join(f"row {row} {value!r}" for row, value in offenders(path, score))
        raise ValueError(
            f"{path}: column {score!r} has {invalid:,} answers that are not whole numbers "
            f"from 0 to 10: {shown}{', ...' if invalid > 5 else ''}"
        )
    missing = int(table["missing"].sum())
    if missing and not dropna:
        raise ValueError(
            f"{path}: column {score!r} has {missing:,} blank answers; "
            "pass --dropna to leave them out"
        )
    result = nps.by_counts(table, by)
    result.attrs["dropped"] = missing
    return result
