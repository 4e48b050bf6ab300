"""One survey file, two engines (pandas in memory, DuckDB streaming), one behaviour.

Both engines reduce a file to the same *tally*: answers counted per segment label, state
(``missing``, ``text``, ``number``) and value. Every check (text among scores, a scale stored
one step off, out-of-range answers, missing answers, blank segment labels) and every number
comes from the tally by the same code here, so both engines give the same result or the same
message. Only the lines shown in a message come from the engine: pandas has them at hand;
DuckDB's rows are found by a second, chunked pass with the pandas reader (only on failure).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlib import exports, nps, platforms

__all__ = ["Scores", "Survey", "open_survey"]

LARGE_FILE = 20 * 2**20  # from here `cx` counts a CSV with DuckDB (pandas would need ~1 GB)
SAMPLE_ROWS = 50_000  # rows drawn for report sections that need whole rows (DuckDB engine)


def note(message: str) -> None:
    """One informational line on stderr."""
    print(message, file=sys.stderr)


class Survey:
    """A survey export opened with one engine."""

    engine = "pandas"

    def __init__(self, layout: exports.Layout) -> None:
        self.layout = layout
        self.path = layout.path
        self._frame: pd.DataFrame | None = None
        self._tallies: dict[tuple, pd.DataFrame] = {}

    # -- what an engine provides ---------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = next(exports.chunks(self.layout))
            if self._frame.empty:
                raise exports.ExportError(f"{self.path}: the file has a header but no answers")
        return self._frame

    def tally(self, score: str, keys: Sequence[str] = (), unit: str | None = None) -> pd.DataFrame:
        """Answers per label and value: ``keys..., state, value, extra, n`` (one scan each).

        The overall tally is the sum of a tally by one column when that one is known (blank
        labels are kept as a label of their own), so a report by segment reads the file once.
        """
        wanted = (score, tuple(keys), unit)
        if wanted not in self._tallies:
            known = next(
                (t for (s, k, u), t in self._tallies.items() if (s, u) == (score, unit)), None
            )
            if not keys and known is not None:
                counted = known.groupby(["state", "value", "extra"], dropna=False, sort=False)["n"]
                self._tallies[wanted] = counted.sum().reset_index()
            else:
                self._tallies[wanted] = self._tally(score, keys, unit)
        return self._tallies[wanted]

    def _tally(self, score: str, keys: Sequence[str], unit: str | None) -> pd.DataFrame:
        frame = self.frame
        raw = pd.DataFrame({"raw": frame[score], **{k: frame[k] for k in keys}})
        counted = raw.groupby(list(raw.columns), dropna=False, sort=False).size()
        return settle(counted.rename("n").reset_index().assign(extra=False), keys, unit)

    def first(
        self, test: Callable[[pd.DataFrame], pd.Series], column: str, limit: int = 5
    ) -> list[tuple[int, str]]:
        """Line and raw text of ``column`` in the first rows where ``test`` holds."""
        frame = self.frame
        chosen = frame.loc[test(frame).to_numpy(dtype=bool), column].iloc[:limit]
        return [(int(line), str(raw)) for line, raw in chosen.items()]

    def rows(self, columns: Sequence[str]) -> tuple[pd.DataFrame, int | None]:
        """Whole rows of ``columns`` (here all; with DuckDB a sample) and the sample size."""
        return self.frame[list(columns)], None

    def close(self) -> None:
        """Release the engine."""


class DuckDBSurvey(Survey):
    """The same survey counted by DuckDB: memory does not grow with the file."""

    engine = "duckdb"

    def __init__(self, layout: exports.Layout) -> None:
        super().__init__(layout)
        from cxlib import nps_sql

        self.duck = nps_sql.DuckDBFile(layout)
        self._rows = None

    def _tally(self, score: str, keys: Sequence[str], unit: str | None) -> pd.DataFrame:
        try:
            table = self.duck.tally(score, keys)
        except self.duck.error as error:
            self._explain(error)
        if table["extra"].any():
            self._explain(None)
        return settle(table, keys, unit)

    def _explain(self, error: Exception | None) -> None:
        """Find what went wrong with the pandas reader, chunk by chunk (same message)."""
        for _ in exports.chunks(self.layout, chunksize=200_000):
            pass
        first = str(error).splitlines()[0] if error else "values beyond the header"
        raise exports.ExportError(f"{self.path}: DuckDB could not read the file: {first}")

    def first(
        self, test: Callable[[pd.DataFrame], pd.Series], column: str, limit: int = 5
    ) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for chunk in exports.chunks(self.layout, chunksize=200_000):
            chosen = chunk.loc[test(chunk).to_numpy(dtype=bool), column]
            found += [(int(line), str(raw)) for line, raw in chosen.iloc[:limit].items()]
            if len(found) >= limit:
                break
        return found[:limit]

    def rows(self, columns: Sequence[str]) -> tuple[pd.DataFrame, int | None]:
        frame = self.duck.sample(columns, SAMPLE_ROWS)
        return frame, len(frame) if len(frame) >= SAMPLE_ROWS else None  # else: every row

    def close(self) -> None:
        self.duck.close()


def _answers(count: int, noun: str) -> str:
    """``1 answer``, ``2 answers``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def settle(raw: pd.DataFrame, keys: Sequence[str], unit: str | None) -> pd.DataFrame:
    """Counts of raw answers (``raw, keys..., extra, n``) cleaned and counted again.

    One function for both engines: each answer is ``missing`` (blank or a missing marker),
    ``text`` (not a number) or a ``number`` with its value.

    Examples
    --------
    >>> raw = pd.DataFrame({"raw": ["10", " １０", "(跳过)", "ten"], "n": [2, 1, 1, 1]})
    >>> table = settle(raw.assign(extra=False), [], None).sort_values("state")
    >>> table[["state", "value", "n"]].to_dict("list")
    {'state': ['missing', 'number', 'text'], 'value': [nan, 10.0, nan], 'n': [1, 3, 1]}
    """
    text = exports.clean(raw["raw"], unit)
    value = pd.to_numeric(text, errors="coerce").astype(float)
    state = np.where(text.isna(), "missing", np.where(value.isna(), "text", "number"))
    table = pd.DataFrame(
        {
            **{k: exports.clean(raw[k]).to_numpy() for k in keys},
            "state": state,
            "value": value.where(state == "number").to_numpy(),
            "extra": raw["extra"].to_numpy(dtype=bool),
            "n": raw["n"].to_numpy(dtype=np.int64),
        }
    )
    counted = table.groupby([*keys, "state", "value", "extra"], dropna=False, sort=False)["n"]
    return counted.sum().reset_index()


def open_survey(args, *, weights: bool = False) -> Survey:
    """Sniff the file and open it with the engine asked for (auto: DuckDB for large CSV)."""
    layout = exports.sniff(
        args.file, encoding=args.encoding, header_row=args.header_row, sheet=args.sheet
    )
    engine = getattr(args, "engine", "auto")
    large = layout.kind == "csv" and args.file.stat().st_size > LARGE_FILE
    if engine == "duckdb" and layout.kind != "csv":
        raise exports.ExportError(f"{args.file}: the DuckDB engine reads CSV files only")
    if engine == "duckdb" and weights:
        raise exports.ExportError(f"{args.file}: the DuckDB engine does not support --weights")
    use_duckdb = engine == "duckdb" or (engine == "auto" and large and not weights)
    survey = DuckDBSurvey(layout) if use_duckdb else Survey(layout)
    parts = [f"encoding {layout.encoding}"] if layout.encoding else [f"sheet {layout.sheet or 1}"]
    if layout.kind == "csv" and layout.delimiter != ",":
        parts.append(
            "one column"
            if layout.delimiter == exports.ONE_COLUMN
            else f"delimiter {exports.delimiter_name(layout.delimiter)}"
        )
    if layout.header_line > 1:
        parts.append(f"header on line {layout.header_line}")
    if layout.extra_rows:
        parts.append(f"skipped {layout.extra_rows} Qualtrics header rows")
    if layout.platform:
        parts.append(f"platform {platforms.NAMES[layout.platform]}")
    if use_duckdb:
        size = args.file.stat().st_size / 2**20
        parts.append(f"counting {size:,.0f} MB with DuckDB")
    note(f"read {args.file}: {', '.join(parts)}")
    return survey


def find_score(survey: Survey, given: str | None) -> str:
    """The score column: as given, or the one question about recommending (said on stderr)."""
    layout = survey.layout
    if given:
        return exports.find(list(layout.columns), given, survey.path)
    candidates = platforms.recommend_candidates(layout.columns, layout.questions)
    numeric = []
    for name, word in candidates:
        text = exports.clean(layout.head[name]).dropna()
        share = pd.to_numeric(text, errors="coerce").notna().mean() if len(text) else 1.0
        if share >= 0.8:
            numeric.append((name, word))
    if len(numeric) == 1:
        name, word = numeric[0]
        shown = f" ({layout.questions[name]!r})" if layout.questions.get(name) else ""
        note(
            f"score: column {name!r}{shown}, found by the word {word!r} (--score to choose another)"
        )
        return name
    if numeric:
        listed = ", ".join(repr(n) for n, _ in numeric)
        raise exports.ExportError(
            f"{survey.path}: several columns ask about recommending ({listed}); pass --score"
        )
    have = ", ".join(repr(c) for c in list(layout.columns)[:12])
    raise exports.ExportError(
        f"{survey.path}: no --score given and no numeric column asks about recommending "
        f"(推荐/recommend/NPS); pass --score COLUMN (columns: {have})"
    )


@dataclass
class Scores:
    """Checked answers of one column: the valid (shifted) values with their counts per label."""

    table: pd.DataFrame  # keys..., value (on the intended scale), n
    keys: list[str]
    dropped: int  # answers left out as missing (with --dropna)
    unlabelled: int  # answers left out for a blank segment label (with --dropna)


def parse_scale(text: str | None, low: int, high: int, option: str) -> int:
    """The shift of a stored scale such as ``1-11`` for a ``low``-``high`` item (0 if none).

    Examples
    --------
    >>> parse_scale("1-11", 0, 10, "--scale"), parse_scale("0-4", 1, 5, "--csat-scale")
    (1, -1)
    """
    if not text:
        return 0
    try:
        a, b = (int(part) for part in text.replace("–", "-").split("-", 1))
    except ValueError:
        raise exports.ExportError(
            f"{option} takes two whole numbers like 1-11, got {text!r}"
        ) from None
    if b - a != high - low:
        raise exports.ExportError(
            f"{option} {text}: the stored scale must span {high - low} steps like {low}-{high}"
        )
    return a - low


def check(
    survey: Survey,
    column: str,
    *,
    low: int,
    high: int,
    keys: Sequence[str] = (),
    unit: str | None = None,
    shift: int = 0,
    option: str = "--scale",
    dropna: bool = False,
) -> Scores:
    """Tally a column and apply every check; the first problem is raised as one clear line."""
    path, keys = survey.path, list(keys)
    table = survey.tally(column, keys, unit)

    def count(mask) -> int:
        return int(table.loc[mask, "n"].sum())

    def cleaned(frame: pd.DataFrame, name: str = column) -> pd.Series:
        return exports.clean(frame[name], unit if name == column else None)

    text = table["state"].eq("text")
    if text.any():
        shown = survey.first(
            lambda f: cleaned(f).notna() & pd.to_numeric(cleaned(f), errors="coerce").isna(),
            column,
        )
        raise exports.ExportError(exports.not_numbers(path, column, count(text), shown, unit))
    numbers = table["state"].eq("number")
    values = table["value"] - shift
    if numbers.any() and not shift:
        hint = platforms.anchoring(values[numbers].min(), values[numbers].max(), low, high, option)
        if hint and not values[numbers].between(low, high).all():
            raise exports.ExportError(f"{path}: column {column!r}: {hint}")
    bad = numbers & ~(values.between(low, high) & values.eq(np.floor(values)))
    bad &= bool(np.isfinite(low))  # unbounded: only text and missing answers are checked
    if bad.any():

        def outside(f: pd.DataFrame) -> pd.Series:
            v = pd.to_numeric(cleaned(f), errors="coerce") - shift
            return v.notna() & ~(v.between(low, high) & v.eq(np.floor(v)))

        shown = ", ".join(f"line {line} {raw!r}" for line, raw in survey.first(outside, column))
        stored = f" (stored as {low + shift}-{high + shift})" if shift else ""
        raise exports.ExportError(
            f"{path}: column {column!r} has answers that are not whole numbers from {low} to "
            f"{high}{stored} ({count(bad):,} of them): {shown}"
        )
    missing = table["state"].eq("missing")
    if missing.any() and not dropna:
        lines = survey.first(lambda f: cleaned(f).isna(), column)
        shown = ", ".join(str(line) for line, _ in lines)
        raise exports.ExportError(
            f"{path}: column {column!r} has {_answers(count(missing), 'missing answer')} "
            f"(blank, N/A, (跳过) ...) on lines {shown}{', ...' if count(missing) > 5 else ''}; "
            "pass --dropna to leave them out"
        )
    for key in keys:
        blank = table[key].isna() & numbers
        if blank.any() and not dropna:
            lines = survey.first(
                lambda f, k=key: (
                    cleaned(f, k).isna() & pd.to_numeric(cleaned(f), errors="coerce").notna()
                ),
                key,
            )
            shown = ", ".join(str(line) for line, _ in lines)
            raise exports.ExportError(
                f"{path}: column {key!r} has {count(blank):,} blank segment labels on lines "
                f"{shown}{', ...' if count(blank) > 5 else ''}; pass --dropna to leave those "
                "answers out"
            )
    labelled = numbers & (table[keys].notna().all(axis=1) if keys else True)
    kept = table.loc[labelled, keys].copy()
    kept["value"] = values[labelled].to_numpy()
    kept["n"] = table.loc[labelled, "n"].to_numpy()
    if kept.empty or kept["n"].sum() == 0:
        raise exports.ExportError(
            f"{path}: column {column!r} has no answers left (all {count(missing):,} are missing)"
        )
    return Scores(kept, keys, count(missing), count(numbers) - int(kept["n"].sum()))


def nps_counts(scores: Scores) -> pd.DataFrame:
    """Promoters, passives and detractors per label from checked 0-10 answers."""
    value, n = scores.table["value"], scores.table["n"]
    counts = scores.table[scores.keys].copy()
    counts["promoters"] = n.where(value >= 9, 0)
    counts["passives"] = n.where((value >= 7) & (value < 9), 0)
    counts["detractors"] = n.where(value < 7, 0)
    if scores.keys:
        return counts.groupby(scores.keys, sort=True).sum().reset_index()
    return counts.sum().to_frame().T.astype(np.int64)


def nps_table(scores: Scores) -> pd.DataFrame:
    """The nps.by table (highest NPS first, then by label), or one overall row."""
    counts = nps_counts(scores)
    result = nps.by_counts(counts, scores.keys or None)
    if scores.keys:
        result = result.sort_values(
            ["nps", *scores.keys], ascending=[False] + [True] * len(scores.keys), kind="stable"
        ).reset_index(drop=True)
    return result


def qualtrics_groups(survey: Survey, score: str, shift: int, unit: str | None) -> None:
    """Check a Qualtrics score against its ``_NPS_GROUP`` (1 detractor, 2 passive, 3 promoter)."""
    group = next(
        (c for c in survey.layout.columns if c.upper() == f"{score}_NPS_GROUP".upper()), None
    )
    if group is None:
        return
    table = survey.tally(score, [group], unit)
    table = table[table["state"].eq("number") & table[group].notna()]
    value = table["value"] - shift
    expected = np.select([value >= 9, value >= 7], [3, 2], 1)
    coded = pd.to_numeric(table[group], errors="coerce").to_numpy()
    wrong = expected != coded
    if wrong.any():
        first = table[wrong].iloc[0]
        hint = platforms.anchoring(value.min(), value.max(), 0, 10, "--scale") or (
            "check which scale the column uses (--scale)"
        )
        raise exports.ExportError(
            f"{survey.path}: Qualtrics' own {group} disagrees with reading {score!r} as 0-10 "
            f"for {int(table.loc[wrong, 'n'].sum()):,} answers (e.g. {first['value']:g} is "
            f"group {first[group]}); {hint}"
        )
