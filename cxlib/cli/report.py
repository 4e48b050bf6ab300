"""``cx report``: one self-contained HTML report, from counts (so large files stream).

The NPS, its distribution, the segment tables and CSAT/CES come from the engine's counts
(:mod:`cxlib.cli.engine`): memory does not grow with the file. Reason themes and key drivers
need whole rows: all of them with pandas, a seeded sample of 50,000 with DuckDB (said in the
report). A section found by column name that cannot be computed is skipped with a visible note;
a section asked for by option fails the run. Segment charts show the 30 largest segments.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import answers, csat, exports, nps, platforms
from cxlib.cli import checks, engine, output
from cxlib.cli.labels import label

__all__ = ["add_arguments", "command_report"]

MAX_SEGMENTS = 30
DETECT = {  # column names (without question numbers) that mark a section of the report
    "csat": ("csat", "satisfaction", "满意度", "满意程度", "总体满意度"),
    "ces": ("ces", "effort", "customer effort", "费力度", "费力程度"),
    "reason": (
        "reason",
        "reasons",
        "comment",
        "comments",
        "why",
        "原因",
        "评分原因",
        "评论",
        "意见",
    ),
}
RATING_PREFIXES = ("rating_", "评分_")
CONTAINS = {
    "csat": ("满意度", "satisfaction"),
    "ces": ("费力", "effort"),
    "reason": ("原因", "reason"),
}
SECTION = {"csat": "csat", "ces": "ces", "reason": "reasons", "drivers": "drivers"}
SCALES = {"csat": (1, 5, csat.csat), "ces": (1, 7, csat.ces)}
#: English words in the library's charts, for ``--lang zh``.
CHART_WORDS = {
    "promoters": "promoters",
    "passives": "passives",
    "detractors": "detractors",
    "promoter": "promoters",
    "passive": "passives",
    "detractor": "detractors",
}


def add_arguments(sub: argparse.ArgumentParser) -> None:
    """The options of ``cx report``."""
    sub.add_argument("--csat", help="column of 1-5 satisfaction answers (default: found by name)")
    sub.add_argument("--csat-scale", help="stored codes of the 1-5 CSAT item if shifted, e.g. 0-4")
    sub.add_argument("--ces", help="column of 1-7 customer-effort answers (default: found by name)")
    sub.add_argument("--ces-scale", help="stored codes of the 1-7 CES item if shifted, e.g. 0-6")
    sub.add_argument("--reason", help="column of free-text reasons (Chinese or English)")
    sub.add_argument("--drivers", nargs="+", default=[], help="columns of attribute ratings")
    sub.add_argument("--margin", type=float, default=5.0, help="wanted margin in NPS points")
    sub.add_argument("-o", "--output", type=Path, required=True, help="where to write the HTML")
    sub.add_argument(
        "--force", action="store_true", help="replace the -o file if it exists already"
    )


def command_report(args: argparse.Namespace) -> None:
    from cxlib.cli import _keys, _report_dropped, scores_of, table

    output.check(args.output, [args.file], args.force)
    lang = args.lang
    survey = engine.open_survey(args)
    try:
        keys = _keys(survey, args.by)
        if keys:  # one scan by the first segment column also gives the overall counts
            args.score = checks.find_score(survey, args.score, args.unit)
            survey.tally(args.score, keys[:1], args.unit)
        score, checked = scores_of(survey, args, [])
        _report_dropped(checked)
        overall = checks.nps_table(checked).iloc[0]
        counts = checked.table.groupby("value")["n"].sum()
        parts = [f"<h1>{html.escape(label('title', lang))}</h1>", _summary(args, survey, overall)]
        parts += [f"<h2>{label('distribution', lang)}</h2>", _distribution(counts, overall, lang)]
        for key in keys:
            _, by_key = scores_of(survey, args, [key])
            parts += _segment_section(checks.nps_table(by_key), key, overall["nps"], lang, table)
        found = _detect(survey.layout, args, score, keys)
        for option in ("csat", "ces"):
            if getattr(args, option):
                parts += _guarded(
                    option, found, lambda o=option: _scale_section(survey, args, o), lang
                )
        if args.reason:
            parts += _guarded(
                "reason", found, lambda: _reason_section(survey, args, score, lang), lang
            )
        if args.drivers:
            parts += _guarded(
                "drivers", found, lambda: _driver_section(survey, args, score, lang), lang
            )
    finally:
        survey.close()
    margins = pd.DataFrame({label("margin", lang): [10, args.margin, 3]}).drop_duplicates()
    margins[label("needed", lang)] = [
        nps.sample_size(m, overall["promoter_share"], overall["detractor_share"])
        for m in margins[label("margin", lang)]
    ]
    parts += [
        f"<h2>{label('sample', lang)}</h2>",
        margins.to_html(index=False),
        f"<p class='note'>{label('note', lang)}</p>",
    ]
    output.write(args.output, output.page(label("title", lang), "\n".join(parts), lang))
    engine.note(f"wrote {args.output}")


def _summary(args, survey: engine.Survey, overall: pd.Series) -> str:
    lang = args.lang
    platform = survey.layout.platform
    where = (
        f" · {label('platform', lang)}: {html.escape(platforms.NAMES[platform])}"
        if platform
        else ""
    )
    return (
        f"<p><b>{html.escape(args.file.name)}</b>: {int(overall['n']):,} "
        f"{label('answers', lang)}{where} · {label('nps', lang)} <b>{overall['nps']:+.1f}</b> "
        f"({label('ci', lang)} {overall['ci_low']:+.1f} {label('to', lang)} "
        f"{overall['ci_high']:+.1f})</p>"
    )


def _guarded(option: str, found: set[str], build, lang: str) -> list[str]:
    """A section; one found by column name that cannot be computed becomes a note."""
    try:
        return build()
    except (exports.ExportError, ValueError, TypeError) as error:
        if option not in found:
            raise
        engine.note(f"skipped the {option} section: {error}")
        name = label(SECTION[option], lang)
        return [f"<p class='note'>{label('skipped', lang)}: {name}. {html.escape(str(error))}</p>"]


def _detect(layout: exports.Layout, args, score: str, keys: list[str]) -> set[str]:
    """Fill --csat, --ces, --reason and --drivers from column names; return those found."""
    used = {score, *keys}
    twice = layout.duplicates
    names = {
        platforms.question(c).lower(): c for c in layout.columns if c not in used and c not in twice
    }
    found = set()
    for option, candidates in DETECT.items():
        if getattr(args, option) is None:
            column = next((names[c] for c in candidates if c in names), None)
            if column is None:  # platform exports: the words inside a longer question
                column = next(
                    (names[n] for n in names if any(w in n for w in CONTAINS[option])), None
                )
            if column is not None:
                setattr(args, option, column)
                found.add(option)
                engine.note(f"{option}: column {column!r} (found by its name)")
    if not args.drivers:
        args.drivers = [
            c
            for c in layout.columns
            if str(c).lower().startswith(RATING_PREFIXES) and c not in twice
        ]
        if len(args.drivers) >= 2:
            found.add("drivers")
        else:
            args.drivers = []  # key drivers need at least two ratings
    return found


def _figure_html(figure, lang: str) -> str:
    """A matplotlib figure as an inline PNG <img> (no external file)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="{label("chart", lang)}" src="data:image/png;base64,{encoded}">'


def _translate(ax, lang: str, xlabel: str | None = None) -> None:
    """Chart words of the library's plots in the report's language."""
    if xlabel:
        ax.set_xlabel(xlabel)
    if lang != "zh":
        return
    legend = ax.get_legend()
    for text in [*(legend.get_texts() if legend else []), *ax.texts]:
        words = text.get_text()
        for english, key in CHART_WORDS.items():
            if words.strip().lower() == english:
                words = label(key, lang)
        text.set_text(words.replace("overall", label("overall", lang)))


def _distribution(counts: pd.Series, overall: pd.Series, lang: str) -> str:
    """Bar chart of how many gave each score 0-10, coloured by type, drawn from counts."""
    from matplotlib.patches import Patch

    from cxlib.plots.theme import CATEGORY_COLOURS, axes

    values = np.arange(11)
    heights = counts.reindex(values.astype(float), fill_value=0).to_numpy()
    kinds = np.select([values >= 9, values >= 7], ["promoter", "passive"], "detractor")
    ax = axes(None, (8, 3.6))
    ax.bar(values, heights, color=[CATEGORY_COLOURS[k] for k in kinds], width=0.8)
    ax.set_xticks(range(11))
    ax.set_xlabel(label("score_axis", lang))
    ax.set_ylabel(label("count_axis", lang))
    ax.set_title(
        f"{label('nps', lang)} {overall['nps']:+.1f}  ({label('ci', lang)} "
        f"{overall['ci_low']:+.1f} {label('to', lang)} {overall['ci_high']:+.1f}, "
        f"{label('n', lang)} = {int(overall['n']):,})"
    )
    handles = [
        Patch(color=CATEGORY_COLOURS[k], label=label(k + "s", lang)) for k in CATEGORY_COLOURS
    ]
    ax.legend(handles=handles, frameon=False, loc="upper left")
    return _figure_html(ax.figure, lang)


def _segment_section(result: pd.DataFrame, key: str, overall: float, lang: str, table) -> list[str]:
    """Table and chart of NPS by one column, the largest segments only when there are many."""
    from cxlib.plots import nps as nps_plots

    total = len(result)
    parts = [f"<h2>{html.escape(label('by', lang))} {html.escape(key)}</h2>"]
    if total > MAX_SEGMENTS:
        largest = result.sort_values("n", ascending=False, kind="stable").index[:MAX_SEGMENTS]
        result = result.loc[sorted(largest)].reset_index(drop=True)
        note = label("capped", lang).format(shown=MAX_SEGMENTS, total=total, key=key)
        parts.append(f"<p class='note'>{html.escape(note)}</p>")
    ax = nps_plots.segments(result, key, overall=overall)
    _translate(ax, lang, label("nps_axis", lang))
    parts += [
        table(result, [key], lang).to_html(index=False, escape=True),
        _figure_html(ax.figure, lang),
    ]
    return parts


def _scale_section(survey: engine.Survey, args, option: str) -> list[str]:
    """CSAT or CES from the counts of its column."""
    low, high, measure = SCALES[option]
    column = survey.layout.find(getattr(args, option))
    flag = f"--{option}-scale"
    shift = checks.parse_scale(getattr(args, f"{option}_scale"), low, high, flag)
    checked = checks.check(
        survey, column, low=low, high=high, shift=shift, option=flag, dropna=args.dropna
    )
    values = np.repeat(checked.table["value"].to_numpy(), checked.table["n"].to_numpy())
    result = measure(values)
    lang, to = args.lang, label("to", args.lang)
    low_ci, high_ci = result.ci
    if option == "csat":
        text = (
            f"{label('csat_value', lang)} {result.csat:.1f}% ({label('ci', lang)} "
            f"{low_ci:.1f} {to} {high_ci:.1f}), {label('n', lang)} = {result.n:,}"
        )
    else:
        text = (
            f"{label('ces_value', lang)} {result.ces:.2f} ({label('ci', lang)} "
            f"{low_ci:.2f} {to} {high_ci:.2f}), {label('n', lang)} = {result.n:,}"
        )
    parts = [f"<h2>{label(option, lang)}</h2>", f"<p>{html.escape(text)}</p>"]
    if checked.dropped:
        left = label("left_out", lang).format(count=checked.dropped)
        parts.append(f"<p class='note'>{html.escape(left)}</p>")
        engine.note(f"{option}: left out {checked.dropped:,} missing answers (--dropna)")
    return parts


def _rows(
    survey: engine.Survey, args, score: str, columns: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Whole rows with a valid score (shifted to 0-10), and a note when they are a sample."""
    frame, sampled = survey.rows([score, *columns])
    shift = checks.parse_scale(args.scale, 0, 10, "--scale")
    values = answers.number(answers.clean(frame[score], args.unit)) - shift
    frame = frame.assign(**{score: values})[values.notna().to_numpy()]
    notes = (
        [f"<p class='note'>{label('sampled', args.lang).format(rows=sampled)}</p>"]
        if sampled is not None
        else []
    )
    return frame, notes


def _reason_section(survey: engine.Survey, args, score: str, lang: str) -> list[str]:
    from cxlib import reasons
    from cxlib.plots import reasons as reason_plots

    column = survey.layout.find(args.reason)
    frame, notes = _rows(survey, args, score, [column])
    text = answers.clean(frame[column])
    keep = text.notna().to_numpy()
    coded = reasons.code(text[keep].astype(str))
    result = reasons.by_type(coded, frame.loc[keep, score])
    ax = reason_plots.themes_by_type(result)
    _translate(ax, lang, label("reasons_axis", lang))
    return [f"<h2>{label('reasons', lang)}</h2>", *notes, _figure_html(ax.figure, lang)]


def _driver_section(survey: engine.Survey, args, score: str, lang: str) -> list[str]:
    from cxlib import reasons
    from cxlib.plots import reasons as reason_plots

    columns = [survey.layout.find(c) for c in args.drivers]
    frame, notes = _rows(survey, args, score, columns)
    for name in columns:  # the same checks and messages with both engines
        tally = survey.tally(name)
        missing = tally.count(tally.state == "missing")
        if (tally.state == "text").any() or (missing and not args.dropna):
            checks.check(survey, name, low=-np.inf, high=np.inf, dropna=args.dropna)
    ratings = frame[[score]].copy()
    for name in columns:
        ratings[name] = exports.numbers(frame[name], None, survey.path)
    result = reasons.key_drivers(ratings, score, columns, seed=0, dropna=True)
    ax = reason_plots.drivers(result)
    _translate(ax, lang, label("drivers_axis", lang))
    return [f"<h2>{label('drivers', lang)}</h2>", *notes, _figure_html(ax.figure, lang)]
