"""The checks between a tally and a number, the same for both readers (检查).

Every check reads the tally of :mod:`cxlib.cli.engine` (rows counted per distinct raw answer):
text among scores, answers outside the scale (a scale stored one step off is named only when
the whole range is shifted), missing answers, blank segment labels, Qualtrics' own grouping.
The first problem is raised as one line naming the column and the lines of its first rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlib import answers, exports, nps, platforms
from cxlib.cli.engine import Survey, note

__all__ = ["Scores", "check", "find_score", "nps_counts", "nps_table", "parse_scale"]


def _answers(count: int, noun: str) -> str:
    """``1 answer``, ``2 answers``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _lines(found: list[tuple[int, object]], total: int, values: bool = False) -> str:
    shown = ", ".join(
        f"line {line} {'' if raw is None else raw!r}".rstrip() if values else str(line)
        for line, raw in found
    )
    return shown + (", ..." if total > len(found) else "")


def _range(survey: Survey, name: str, unit: str | None) -> tuple[float, float, float] | None:
    """Share of the first answers of a column that are numbers, their lowest and highest."""
    layout = survey.layout
    if len(layout.duplicates.get(name, [])) > 1:
        return None
    text = answers.clean(layout.head[layout.index(name)], unit).dropna()
    values = answers.number(text).dropna()
    if not len(text) or not len(values):
        return (1.0 if not len(text) else 0.0, np.nan, np.nan)
    return len(values) / len(text), float(values.min()), float(values.max())


def _looks_0_10(found: tuple[float, float, float] | None) -> bool:
    """Numbers, whole, from 0 to 10 (or 1 to 11 as option numbers), reaching past 5."""
    if found is None:
        return False
    share, low, high = found
    return share >= 0.8 and (np.isnan(high) or (low >= 0 and 6 <= high <= 11))


def find_score(survey: Survey, given: str | None, unit: str | None = None) -> str:
    """The score column: as given, or the one question about recommending whose answers look
    like a 0-10 scale (read with ``unit`` cut; said on stderr)."""
    layout = survey.layout
    if given:
        return layout.find(given)
    candidates = platforms.recommend_candidates(layout.columns, layout.questions)
    twice = [n for n, _ in candidates if n in layout.duplicates]
    if twice:
        layout.index(twice[0])  # refused: which of the columns would be meant?
    ranges = {name: _range(survey, name, unit) for name, _ in candidates}
    fitting = [(n, w) for n, w in candidates if _looks_0_10(ranges[n])]
    others = [
        f"{n!r} (answers {r[1]:g} to {r[2]:g})"
        for n, _ in candidates
        if (r := ranges[n]) is not None
        and r[0] >= 0.8
        and not np.isnan(r[1])
        and not _looks_0_10(r)
    ]
    if len(fitting) == 1:
        name, word = fitting[0]
        shown = f" ({layout.questions[name]!r})" if layout.questions.get(name) else ""
        passed = f" (passed over, not 0-10: {', '.join(others)})" if others else ""
        note(
            f"score: column {name!r}{shown}, found by the word {word!r} and its 0-10 answers "
            f"(--score to choose another){passed}"
        )
        return name
    if fitting:
        listed = ", ".join(repr(n) for n, _ in fitting)
        raise exports.ExportError(
            f"{survey.path}: several columns ask about recommending with 0-10 answers "
            f"({listed}); pass --score"
        )
    if others:
        raise exports.ExportError(
            f"{survey.path}: no --score given, and the columns that mention recommending do "
            f"not hold 0-10 answers: {', '.join(others)}; pass --score COLUMN"
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
    low: float,
    high: float,
    keys: Sequence[str] = (),
    unit: str | None = None,
    shift: int = 0,
    option: str = "--scale",
    dropna: bool = False,
) -> Scores:
    """Tally a column and apply every check; the first problem is raised as one clear line."""
    path, keys = survey.path, list(keys)
    tally = survey.tally(column, keys, unit)
    if tally.invisible:
        note(
            f"note: {_answers(tally.invisible, 'answer')} in {column!r}"
            f"{' or its segment labels' if keys else ''} held invisible characters (zero-width "
            "spaces, byte-order marks, control characters): removed, so that labels that "
            "print alike are one"
        )
    text = tally.state == "text"
    if text.any():
        shown = survey.locate({column: tally.raws(text)})
        shown = [(line, str(raw)) for line, raw in shown]
        raise exports.ExportError(exports.not_numbers(path, column, tally.count(text), shown, unit))
    numbers = tally.state == "number"
    values = tally.value - shift
    bad = numbers & ~((values >= low) & (values <= high) & (values == np.floor(values)))
    bad &= bool(np.isfinite(low))  # unbounded: only text and missing answers are checked
    if bad.any():
        hint = None
        if not shift:
            hint = platforms.anchoring(values[numbers], tally.n[numbers], low, high, option)
        found = survey.locate({column: tally.raws(bad)})
        stored = f" (stored as {low + shift:g}-{high + shift:g})" if shift else ""
        many = tally.count(bad)
        fix = hint or f"correct or remove {'it' if many == 1 else 'them'}"
        raise exports.ExportError(
            f"{path}: column {column!r} has {_answers(many, 'answer')} that "
            f"{'is' if many == 1 else 'are'} not a whole number from {low:g} to {high:g}"
            f"{stored}: {_lines(found, many, values=True)}; {fix}"
        )
    missing = tally.state == "missing"
    if missing.any() and not dropna:
        found = survey.locate({column: tally.raws(missing)})
        raise exports.ExportError(
            f"{path}: column {column!r} has {_answers(tally.count(missing), 'missing answer')} "
            f"(blank, N/A, (跳过) ...) on lines {_lines(found, tally.count(missing))}; "
            "pass --dropna to leave them out"
        )
    for key in keys:
        blank = tally.labels[key].isna().to_numpy() & numbers
        if blank.any() and not dropna:
            found = survey.locate({key: tally.raws(blank, key), column: tally.raws(blank)})
            raise exports.ExportError(
                f"{path}: column {key!r} has {tally.count(blank):,} blank segment labels on "
                f"lines {_lines(found, tally.count(blank))}; pass --dropna to leave those "
                "answers out"
            )
    labelled = numbers & (tally.labels.notna().all(axis=1).to_numpy() if keys else True)
    kept = tally.labels.loc[labelled, keys].copy()
    kept["value"] = values[labelled]
    kept["n"] = tally.n[labelled]
    kept = (
        kept.groupby([*keys, "value"], sort=False)["n"].sum().reset_index()
        if keys
        else (kept.groupby("value", sort=False)["n"].sum().reset_index())
    )
    if kept.empty or kept["n"].sum() == 0:
        raise exports.ExportError(
            f"{path}: column {column!r} has no answers left (all {tally.count(missing):,} are "
            "missing)"
        )
    return Scores(kept, keys, tally.count(missing), tally.count(numbers) - int(kept["n"].sum()))


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
    tally = survey.tally(score, [group], unit)
    usable = (tally.state == "number") & tally.labels[group].notna().to_numpy()
    value = tally.value[usable] - shift
    expected = np.select([value >= 9, value >= 7], [3, 2], 1)
    coded = pd.to_numeric(tally.labels[group][usable], errors="coerce").to_numpy()
    wrong = expected != coded
    if wrong.any():
        n = tally.n[usable]
        hint = platforms.anchoring(value, n, 0, 10, "--scale") or (
            "check which scale the column uses (--scale)"
        )
        first = np.flatnonzero(wrong)[0]
        raise exports.ExportError(
            f"{survey.path}: Qualtrics' own {group} disagrees with reading {score!r} as 0-10 "
            f"for {int(n[wrong].sum()):,} answers (e.g. {value[first]:g} is group "
            f"{tally.labels[group][usable].iloc[first]}); {hint}"
        )
