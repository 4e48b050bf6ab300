"""``cx``: the course's analysis on your own survey export, without writing code.

Commands (``cx COMMAND --help`` shows examples):

- ``cx nps FILE [--score COL] [--by COL ...]``: NPS with its interval, overall and per segment.
- ``cx compare FILE --score COL --by COL A B``: do two segments really differ?
- ``cx report FILE [--score COL] -o report.html``: one self-contained HTML report (opens offline).
- ``cx retention FILE --customer COL --time COL`` and ``cx funnel FILE --user COL --step COL
  --time COL --steps a,b,c``: customers over time (:mod:`cxlib.cli.orders`).

The file is read the same way by both engines (pandas in memory; DuckDB streaming, the default
for CSV files over 20 MB): :mod:`cxlib.exports` finds the encoding, delimiter, header and the
platform that made it (问卷星, 腾讯问卷, Qualtrics), :mod:`cxlib.cli.engine` checks the answers.
Mistakes in the input print one line naming the file, column and lines and exit with status 2;
never a traceback, never a number computed from misread answers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cxlib import decoding, exports, nps
from cxlib.cli import engine, orders
from cxlib.cli.labels import label

__all__ = ["main"]

EXAMPLES = {
    "nps": "examples:\n  cx nps survey.csv --score 推荐意愿 --by 城市\n"
    "  cx nps wjx_export.xlsx --by 城市          # finds the recommend question itself\n"
    "  cx nps export.csv --score Q1 --scale 1-11 # a 0-10 item stored as option numbers 1-11\n"
    "  cx nps gbk.csv --score 评分 --unit 分 --lang zh",
    "compare": "example:\n  cx compare survey.csv --score ltr --by city Shanghai Beijing",
    "report": "example:\n  cx report survey.csv --score ltr --by city --csat satisfaction "
    "--reason reason -o report.html",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cx",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("nps", "NPS with its interval, overall and per segment"),
        ("compare", "compare the NPS of two segments"),
        ("report", "write a self-contained HTML report"),
    ):
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument(
            "file", type=Path, help="survey export: .csv (UTF-8, UTF-8 BOM, GBK/GB18030) or .xlsx"
        )
        sub.add_argument(
            "--score",
            help="column of 0-10 'how likely to recommend' answers (default: the question "
            "that mentions 推荐/recommend/NPS)",
        )
        sub.add_argument(
            "--scale",
            help="stored codes of the 0-10 score when they are shifted, e.g. 1-11 (option numbers)",
        )
        sub.add_argument("--unit", help="strip this unit from scores, e.g. 分 for answers like 9分")
        sub.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
        sub.add_argument("--sheet", help="Excel sheet (default: the first)")
        sub.add_argument(
            "--header-row",
            type=int,
            help="line (spreadsheet row) of the header, when a title stands above it",
        )
        sub.add_argument(
            "--dropna",
            action="store_true",
            help="leave out missing answers (blank, N/A, 不适用, -, (跳过), (空)) and blank "
            "segment labels instead of stopping",
        )
        sub.add_argument("--lang", choices=["en", "zh"], default="en", help="language of headings")
        sub.add_argument(
            "--engine",
            choices=["auto", "pandas", "duckdb"],
            default="auto",
            help="auto: DuckDB (streaming SQL, memory does not grow with the file) "
            f"for CSV files over {engine.LARGE_FILE // 2**20} MB, pandas otherwise",
        )
        if name == "compare":
            sub.add_argument("--by", action="append", required=True, help="segment column")
            sub.add_argument("a", help="first segment value")
            sub.add_argument("b", help="second segment value")
            continue
        sub.add_argument(
            "--by",
            nargs="+",
            action="extend",
            default=[],
            help="segment column(s); several (--by a b or --by a --by b) combine",
        )
        if name == "nps":
            sub.add_argument("--weights", help="column of survey weights (pandas engine)")
            sub.add_argument("--format", choices=["table", "csv", "json"], default="table")
        else:
            from cxlib.cli import report

            report.add_arguments(sub)
    orders.add_parsers(commands)  # cx retention, cx funnel
    return parser


def _keys(survey: engine.Survey, by: Sequence[str]) -> list[str]:
    """Segment columns as named in the file; a column named twice is an error."""
    keys = [exports.find(list(survey.layout.columns), name, survey.path) for name in by]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise exports.ExportError(f"--by names {', '.join(map(repr, twice))} more than once")
    return keys


def _report_dropped(scores: engine.Scores) -> None:
    if scores.dropped or scores.unlabelled:
        engine.note(
            f"left out {scores.dropped:,} missing answers and {scores.unlabelled:,} with a "
            "blank segment label (--dropna)"
        )


def table(result: pd.DataFrame, keys: Sequence[str], lang: str) -> pd.DataFrame:
    """A readable NPS table: segment, n, NPS, interval and the three shares in percent."""
    shown = (
        result[list(keys)].copy()
        if keys
        else pd.DataFrame({label("segment", lang): [label("overall", lang)]})
    )
    shown[label("n", lang)] = result["n"].to_numpy()
    shown[label("nps", lang)] = result["nps"].map("{:+.1f}".format).to_numpy()
    to = label("to", lang)
    shown[label("ci", lang)] = (
        result["ci_low"].map("{:+.1f}".format) + f" {to} " + result["ci_high"].map("{:+.1f}".format)
    ).to_numpy()
    for share, key in (
        ("promoter_share", "promoters"),
        ("passive_share", "passives"),
        ("detractor_share", "detractors"),
    ):
        shown[label(key, lang)] = (100 * result[share]).map("{:.0f}%".format).to_numpy()
    return shown


def scores_of(survey: engine.Survey, args: argparse.Namespace, keys: Sequence[str]):
    """The checked score column (found, shifted, Qualtrics-checked) per segment."""
    score = engine.find_score(survey, args.score)
    shift = engine.parse_scale(args.scale, 0, 10, "--scale")
    checked = engine.check(
        survey, score, low=0, high=10, keys=keys, unit=args.unit, shift=shift, dropna=args.dropna
    )
    engine.qualtrics_groups(survey, score, shift, args.unit)
    _report_dropped(checked)
    if shift:
        engine.note(f"score: stored codes {args.scale} read as 0-10 (--scale)")
    elif survey.layout.platform in ("wjx", "tencent") and checked.table["value"].min() >= 1:
        engine.note(  # 1-10 cannot be told from option numbers 1-11 without an 11
            "note: no answer is 0; if this export has option numbers rather than option texts, "
            "a 0-10 question is coded 1-11: check, and pass --scale 1-11 if so"
        )
    return score, checked


def command_nps(args: argparse.Namespace) -> None:
    survey = engine.open_survey(args, weights=bool(args.weights))
    try:
        keys = _keys(survey, args.by)
        score, checked = scores_of(survey, args, keys)
        if args.weights:
            result = _weighted(survey, args, score, keys)
        else:
            result = engine.nps_table(checked)
    finally:
        survey.close()
    if args.format == "csv":
        result.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        records = json.loads(result.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(table(result, keys, args.lang).to_string(index=False))


def _weighted(survey: engine.Survey, args, score: str, keys: list[str]) -> pd.DataFrame:
    """NPS with survey weights (rows in memory, after the same checks)."""
    frame = survey.frame
    shift = engine.parse_scale(args.scale, 0, 10, "--scale")
    data = pd.DataFrame(index=frame.index)
    data[score] = exports.numbers(frame[score], args.unit, survey.path) - shift
    weights = exports.find(list(survey.layout.columns), args.weights, survey.path)
    data["__w"] = exports.numbers(frame[weights], None, survey.path)
    if data["__w"].isna().any() and not args.dropna:
        lines = ", ".join(map(str, data.index[data["__w"].isna().to_numpy()][:5]))
        raise exports.ExportError(
            f"{survey.path}: column {weights!r} has missing weights on lines {lines}; "
            "pass --dropna to leave those answers out"
        )
    for key in keys:
        data[key] = exports.clean(frame[key])
    if keys:
        return nps.by(data, score, keys, weights="__w", dropna=True)
    keep = data[[score, "__w"]].notna().all(axis=1)
    result = nps.score(data.loc[keep, score], weights=data.loc[keep, "__w"])
    return result.to_series().to_frame().T.infer_objects()


def command_compare(args: argparse.Namespace) -> None:
    if len(args.by) != 1:
        raise exports.ExportError("compare takes one --by column (two segments of it)")
    survey = engine.open_survey(args)
    try:
        keys = _keys(survey, args.by)
        _, checked = scores_of(survey, args, keys)
    finally:
        survey.close()
    counts = engine.nps_counts(checked).set_index(keys[0])
    results = []
    for value in (args.a, args.b):
        if value not in counts.index:
            known = ", ".join(repr(v) for v in counts.index[:10])
            raise exports.ExportError(
                f"{args.file}: no answers with {keys[0]} = {value!r} (values: {known})"
            )
        row = counts.loc[value]
        results.append(nps.from_counts(row["promoters"], row["passives"], row["detractors"]))
    print(f"{args.a}: {results[0]}\n{args.b}: {results[1]}")
    print(nps.compare(results[0], results[1]))


def command_report(args: argparse.Namespace) -> None:
    from cxlib.cli import report

    report.command_report(args)


COMMANDS = {"nps": command_nps, "compare": command_compare, "report": command_report}
COMMANDS.update(orders.COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cx``; user mistakes print ``cx: error: ...`` (one line) and return 2."""
    args = _parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except (exports.ExportError, decoding.DecodeError, ValueError, TypeError, OSError) as error:
        message = " ".join(str(error).split("\n"))
        if not message.startswith(str(args.file)):  # cxlib's own checks do not know the file
            message = f"{args.file}: {message}"
        print(f"cx: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
