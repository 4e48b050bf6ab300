"""``cx``: the course's analysis on your own survey export, without writing code.

Commands (``cx COMMAND --help`` shows examples):

- ``cx nps FILE [--score COL] [--by COL ...]``: NPS with its interval, overall and per segment.
- ``cx compare FILE --score COL --by COL A B``: do two segments really differ?
- ``cx report FILE [--score COL] -o report.html``: one self-contained HTML report (opens offline).
- ``cx retention FILE --customer COL --time COL`` and ``cx funnel FILE --user COL --step COL
  --time COL --steps a,b,c``: customers over time (:mod:`cxlib.cli.orders`).

Every command reads the file through one pipeline (:mod:`cxlib.layout`: bytes to text, text to
checked rows, rows to named columns), then counts it with pandas in memory or, for CSV files
over 20 MB, with DuckDB streaming (:mod:`cxlib.cli.engine`); the checks and numbers come from
the counts (:mod:`cxlib.cli.checks`). Mistakes in the input print one line naming the file,
column and lines and exit with status 2; never a traceback, never a number computed from
misread answers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cxlib import answers, exports, lines, nps
from cxlib.cli import checks, engine, errors, orders
from cxlib.cli.labels import label
from cxlib.language import get_language

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
#: A spreadsheet reads a cell starting with these as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
        add_reading(sub)
        sub.add_argument(
            "--score",
            help="column of 0-10 'how likely to recommend' answers (default: the question "
            "that mentions 推荐/recommend/NPS and has 0-10 answers)",
        )
        sub.add_argument(
            "--scale",
            help="stored codes of the 0-10 score when they are shifted, e.g. 1-11 (option numbers)",
        )
        sub.add_argument("--unit", help="strip this unit from scores, e.g. 分 for answers like 9分")
        sub.add_argument(
            "--dropna",
            action="store_true",
            help="leave out missing answers (blank, N/A, 不适用, -, (跳过), (空)) and blank "
            "segment labels instead of stopping",
        )
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
    orders.add_parsers(commands, add_reading)  # cx retention, cx funnel
    return parser


def add_reading(sub: argparse.ArgumentParser) -> None:
    """The options every command reads a file with."""
    sub.add_argument(
        "file", type=Path, help="export: .csv (UTF-8, UTF-8 BOM, GBK/GB18030) or .xlsx"
    )
    sub.add_argument(
        "--encoding",
        help="text encoding of a CSV (default: detected); 'mixed' reads each line as UTF-8 "
        "or GB18030, whichever it is",
    )
    sub.add_argument("--sheet", help="Excel sheet (default: the visible sheet with data)")
    sub.add_argument(
        "--header-row",
        type=int,
        help="line (spreadsheet row) of the header, when a title stands above it",
    )
    sub.add_argument(
        "--lang",
        choices=["en", "zh"],
        default=get_language(),
        help="language of headings (default: en, or zh when CXLIB_LANG=zh)",
    )


def _keys(survey: engine.Survey, by: Sequence[str]) -> list[str]:
    """Segment columns as named in the file; a column named twice is an error."""
    keys = [survey.layout.find(name) for name in by]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise exports.ExportError(f"--by names {', '.join(map(repr, twice))} more than once")
    return keys


def _report_dropped(scores: checks.Scores, weights: int = 0) -> None:
    if scores.dropped or scores.unlabelled or weights:
        extra = f" and {weights:,} without a weight" if weights else ""
        engine.note(
            f"left out {scores.dropped:,} missing answers, {scores.unlabelled:,} with a blank "
            f"segment label{extra} (--dropna)"
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
    score = checks.find_score(survey, args.score, args.unit)
    shift = checks.parse_scale(args.scale, 0, 10, "--scale")
    checked = checks.check(
        survey, score, low=0, high=10, keys=keys, unit=args.unit, shift=shift, dropna=args.dropna
    )
    checks.qualtrics_groups(survey, score, shift, args.unit)
    if shift:
        engine.note(f"score: stored codes {args.scale} read as 0-10 (--scale)")
    elif survey.layout.platform in ("wjx", "tencent") and checked.table["value"].min() >= 1:
        engine.note(  # 1-10 cannot be told from option numbers 1-11 without an 11
            "note: no answer is 0; if this export has option numbers rather than option texts, "
            "a 0-10 question is coded 1-11: check, and pass --scale 1-11 if so"
        )
    return score, checked


def safe_csv(result: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as formulas, prefixed with ``'`` (OWASP's advice).

    Only text columns change: numbers (a negative NPS) stay numbers.

    Examples
    --------
    >>> shown = pd.DataFrame({"city": ["=HYPERLINK(1)", "上海", "-x"], "nps": [-5.0, 1, 2]})
    >>> safe_csv(shown).to_dict("list")
    {'city': ["'=HYPERLINK(1)", '上海', "'-x"], 'nps': [-5.0, 1.0, 2.0]}
    """
    out = result.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name].dtype):
            text = out[name].astype("string")
            risky = text.str.startswith(FORMULA_START).fillna(False)
            out[name] = text.mask(risky, "'" + text).astype(object)
    return out


def command_nps(args: argparse.Namespace) -> None:
    survey = engine.open_survey(args, weights=bool(args.weights))
    try:
        keys = _keys(survey, args.by)
        if args.weights:
            result = _weighted(survey, args, keys)
        else:
            _, checked = scores_of(survey, args, keys)
            _report_dropped(checked)
            result = checks.nps_table(checked)
    finally:
        survey.close()
    if args.format == "csv":
        safe_csv(result).to_csv(sys.stdout, index=False)
    elif args.format == "json":
        records = json.loads(result.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(table(result, keys, args.lang).to_string(index=False))


def _weighted(survey: engine.Survey, args, keys: list[str]) -> pd.DataFrame:
    """NPS with survey weights (rows in memory, after the same checks as without)."""
    score, checked = scores_of(survey, args, keys)
    shift = checks.parse_scale(args.scale, 0, 10, "--scale")
    weights = survey.layout.find(args.weights)
    data = pd.DataFrame({score: exports.numbers(survey.column(score), args.unit, survey.path)})
    data[score] -= shift
    data["__w"] = exports.numbers(survey.column(weights), None, survey.path)
    no_weight = data["__w"].isna() & data[score].notna()
    if no_weight.any() and not args.dropna:
        lines = ", ".join(map(str, data.index[no_weight.to_numpy()][:5]))
        raise exports.ExportError(
            f"{survey.path}: column {weights!r} has {int(no_weight.sum()):,} missing weights on "
            f"lines {lines}; pass --dropna to leave those answers out"
        )
    for key in keys:
        data[key] = answers.clean(survey.column(key))
    keep = data[[score, "__w", *keys]].notna().all(axis=1)
    unweighted = (
        int((no_weight & data[keys].notna().all(axis=1)).sum()) if keys else int(no_weight.sum())
    )
    _report_dropped(checked, unweighted)
    data = data.loc[keep]
    zero = data.groupby(keys)["__w"].sum() if keys else pd.Series([data["__w"].sum()])
    if (zero <= 0).any():
        which = ", ".join(map(str, zero.index[zero <= 0][:5])) if keys else "all answers"
        raise exports.ExportError(
            f"{survey.path}: the weights ({weights!r}) of {which} add up to zero: no NPS can be "
            "weighted from them; check the weights or leave those segments out"
        )
    if keys:
        result = nps.by(data, score, keys, weights="__w", dropna=True)
    else:
        row = nps.score(data[score], weights=data["__w"])
        result = row.to_series().to_frame().T.infer_objects()
    if result["nps"].isna().any():
        raise exports.ExportError(f"{survey.path}: a weighted NPS could not be computed")
    return result


def command_compare(args: argparse.Namespace) -> None:
    if len(args.by) != 1:
        raise exports.ExportError("compare takes one --by column (two segments of it)")
    survey = engine.open_survey(args)
    try:
        keys = _keys(survey, args.by)
        _, checked = scores_of(survey, args, keys)
        _report_dropped(checked)
    finally:
        survey.close()
    counts = checks.nps_counts(checked).set_index(keys[0])
    results = []
    for value in (args.a, args.b):
        wanted = answers.clean(pd.Series([value])).iloc[0]
        if wanted not in counts.index:
            known = ", ".join(repr(v) for v in counts.index[:10])
            raise exports.ExportError(
                f"{args.file}: no answers with {keys[0]} = {value!r} (values: {known})"
            )
        row = counts.loc[wanted]
        results.append(nps.from_counts(row["promoters"], row["passives"], row["detractors"]))
    print(f"{args.a}: {results[0]}\n{args.b}: {results[1]}")
    print(nps.compare(results[0], results[1]))


def command_report(args: argparse.Namespace) -> None:
    from cxlib.cli import report

    report.command_report(args)


COMMANDS = {"nps": command_nps, "compare": command_compare, "report": command_report}
COMMANDS.update(orders.COMMANDS)
#: Options whose value may start with a minus sign (``--window -1D`` gets cx's message).
_SIGNED = ("--window", "--horizon", "--header-row", "--margin", "--now", "--scale")


def _join_signed(argv: list[str]) -> list[str]:
    """``--window -1D`` as ``--window=-1D``: argparse would take ``-1D`` for an option."""
    out: list[str] = []
    for item in argv:
        if out and out[-1] in _SIGNED and re.match(r"-\d", item):
            out[-1] = f"{out[-1]}={item}"
        else:
            out.append(item)
    return out


def _stop(number, frame) -> None:
    """SIGTERM and SIGHUP end the run like Ctrl-C: temporary copies are removed on the way."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cx``; user mistakes print ``cx: error: ...`` (one line) and return 2."""
    argv = _join_signed(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                previous[number] = signal.signal(number, _stop)
            except ValueError:  # not the main thread: leave the handlers alone
                pass
    try:
        COMMANDS[args.command](args)
        sys.stdout.flush()
    except (ValueError, TypeError, OSError) as error:
        if isinstance(error, BrokenPipeError):
            return _broken_pipe()
        message = " ".join(str(error).split())
        if not message.startswith(str(args.file)):  # cxlib's own checks do not know the file
            message = f"{args.file}: {message}"
        print(errors.error_line(message, _chinese()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cx：已中断" if _chinese() else "cx: interrupted", file=sys.stderr)
        return 130
    finally:
        lines.release()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _chinese() -> bool:
    """Whether the reader's language is Chinese (``CXLIB_LANG=zh``): errors and notes in Chinese
    (:mod:`cxlib.cli.errors`)."""
    return get_language() == "zh"


def _broken_pipe() -> int:
    """The reader of our output went away (``cx ... | head``): stop quietly, as ``cat`` does."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass
    return 141  # 128 + SIGPIPE, the status of a program the pipe ended


if __name__ == "__main__":
    sys.exit(main())
