"""``cx``: the course's analysis on your own survey export, without writing code.

Commands (``cx COMMAND --help`` shows examples):

- ``cx nps FILE --score COL [--by COL ...]``: NPS with its interval, overall and per segment.
- ``cx compare FILE --score COL --by COL A B``: do two segments really differ?
- ``cx report FILE --score COL -o report.html``: one self-contained HTML report (opens offline).

Mistakes in the input (an unknown column, text in a score column, a wrong encoding) print one
clear line naming the file, column and rows, and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cxlib import csat, exports, nps

LABELS = {
    "en": {
        "segment": "segment",
        "n": "n",
        "nps": "NPS",
        "ci": "95% CI",
        "promoters": "promoters",
        "passives": "passives",
        "detractors": "detractors",
        "overall": "overall",
        "title": "Customer-experience report",
        "distribution": "How customers answered",
        "by": "NPS by",
        "csat": "CSAT (satisfaction)",
        "ces": "CES (customer effort)",
        "reasons": "Why: reason themes by customer type",
        "drivers": "Key drivers of the score",
        "sample": "How many answers a margin needs",
        "margin": "margin (points)",
        "needed": "answers needed",
        "note": "Intervals are 95% confidence intervals. Made with cxlib (CX Workbook).",
    },
    "zh": {
        "segment": "细分",
        "n": "样本量",
        "nps": "净推荐值",
        "ci": "95%置信区间",
        "promoters": "推荐者",
        "passives": "被动者",
        "detractors": "贬损者",
        "overall": "总体",
        "title": "客户体验报告",
        "distribution": "评分分布",
        "by": "净推荐值：按",
        "csat": "客户满意度",
        "ces": "客户费力度",
        "reasons": "原因：各类顾客提及的主题",
        "drivers": "评分的关键驱动因素",
        "sample": "达到给定误差范围所需的样本量",
        "margin": "误差范围（分）",
        "needed": "所需样本量",
        "note": "区间均为95%置信区间。由 cxlib（客户体验分析练习册）生成。",
    },
}
LARGE_FILE = 20 * 2**20  # from here `cx nps` counts a CSV with DuckDB (pandas would need ~1 GB)

EXAMPLES = {
    "nps": "examples:\n  cx nps survey.csv --score 推荐意愿 --by 城市\n"
    "  cx nps export.xlsx --score Q1 --by region --format json\n"
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

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "file", type=Path, help="survey export: .csv (UTF-8, UTF-8 BOM, GBK/GB18030) or .xlsx"
        )
        sub.add_argument(
            "--score", required=True, help="column of 0-10 'how likely to recommend' answers"
        )
        sub.add_argument("--unit", help="strip this unit from scores, e.g. 分 for answers like 9分")
        sub.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
        sub.add_argument("--sheet", help="Excel sheet (default: the first)")
        sub.add_argument(
            "--dropna", action="store_true", help="leave out blank answers instead of stopping"
        )
        sub.add_argument("--lang", choices=["en", "zh"], default="en", help="language of headings")

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
        common(sub)
        if name == "nps":
            sub.add_argument("--by", nargs="+", default=[], help="segment column(s)")
            sub.add_argument("--weights", help="column of survey weights")
            sub.add_argument("--format", choices=["table", "csv", "json"], default="table")
            sub.add_argument(
                "--engine",
                choices=["auto", "pandas", "duckdb"],
                default="auto",
                help="auto: DuckDB (streaming SQL, memory does not grow with the file) "
                f"for CSV files over {LARGE_FILE // 2**20} MB, pandas otherwise",
            )
        elif name == "compare":
            sub.add_argument("--by", required=True, help="segment column")
            sub.add_argument("a", help="first segment value")
            sub.add_argument("b", help="second segment value")
        else:
            sub.add_argument("--by", nargs="+", default=[], help="segment column(s)")
            sub.add_argument(
                "--csat", help="column of 1-5 satisfaction answers (default: found by name)"
            )
            sub.add_argument(
                "--ces", help="column of 1-7 customer-effort answers (default: found by name)"
            )
            sub.add_argument("--reason", help="column of free-text reasons (Chinese or English)")
            sub.add_argument(
                "--drivers", nargs="+", default=[], help="columns of attribute ratings"
            )
            sub.add_argument(
                "--margin", type=float, default=5.0, help="wanted margin in NPS points"
            )
            sub.add_argument(
                "-o", "--output", type=Path, required=True, help="where to write the HTML"
            )
    return parser


def _load(args: argparse.Namespace) -> tuple[pd.DataFrame, exports.ExportInfo]:
    """The export with the score as numbers; rows indexed by their line in the file."""
    frame, info = exports.read(args.file, encoding=args.encoding, sheet=args.sheet)
    frame.index = pd.RangeIndex(
        2 + info.skipped_header_rows, 2 + info.skipped_header_rows + len(frame)
    )
    frame[args.score] = exports.numbers(
        exports.column(frame, args.score, args.file), args.unit, args.file
    )
    skipped = (
        f", skipped {info.skipped_header_rows} Qualtrics header rows"
        if info.skipped_header_rows
        else ""
    )
    encoding = f", encoding {info.encoding}" if info.encoding else ""
    print(f"read {args.file}: {info.rows:,} answers{encoding}{skipped}", file=sys.stderr)
    return frame, info


def _segments(frame: pd.DataFrame, by: Sequence[str], path: Path) -> None:
    """Check segment columns exist; blank labels become missing (an error unless --dropna)."""
    for name in by:
        frame[name] = exports.column(frame, name, path).replace("", pd.NA)


def _table(result: pd.DataFrame, keys: Sequence[str], labels: dict[str, str]) -> pd.DataFrame:
    """A readable NPS table: segment, n, NPS, interval and the three shares in percent."""
    shown = (
        result[list(keys)].copy()
        if keys
        else pd.DataFrame({labels["segment"]: [labels["overall"]]})
    )
    shown[labels["n"]] = result["n"].to_numpy()
    shown[labels["nps"]] = result["nps"].map("{:+.1f}".format).to_numpy()
    shown[labels["ci"]] = [
        f"{lo:+.1f} to {hi:+.1f}"
        for lo, hi in zip(result["ci_low"], result["ci_high"], strict=True)
    ]
    for share, label in (
        ("promoter_share", "promoters"),
        ("passive_share", "passives"),
        ("detractor_share", "detractors"),
    ):
        shown[labels[label]] = (100 * result[share]).map("{:.0f}%".format).to_numpy()
    return shown


def _nps_tables(frame: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """NPS overall (one row) or per segment, in cxlib.nps.by's columns."""
    weights_column = getattr(args, "weights", None)  # only `cx nps` has --weights
    weights = None
    if weights_column:
        weights = exports.numbers(exports.column(frame, weights_column, args.file), None, args.file)
        frame = frame.assign(**{weights_column: weights})
    if args.by:
        _segments(frame, args.by, args.file)
        return nps.by(frame, args.score, list(args.by), weights=weights_column, dropna=args.dropna)
    result = nps.score(frame[args.score], weights=weights, dropna=args.dropna)
    return result.to_series().to_frame().T.infer_objects()


def _use_duckdb(args: argparse.Namespace) -> bool:
    """Whether to count in SQL: asked for, or a large CSV file with nothing DuckDB cannot do."""
    if args.engine == "pandas":
        return False
    large_csv = (
        args.file.suffix.lower() == ".csv"
        and args.file.is_file()
        and args.file.stat().st_size > LARGE_FILE
    )
    if args.engine == "auto" and not large_csv:
        return False
    unsupported = [
        flag
        for flag, value in (
            ("--weights", args.weights),
            ("--unit", args.unit),
            ("--encoding", args.encoding),
            ("--sheet", args.sheet),
        )
        if value
    ]
    if not _utf8(args.file):
        unsupported.append("text that is not UTF-8 (convert it: iconv -f gb18030 -t utf-8)")
    if unsupported or args.file.suffix.lower() != ".csv":
        if args.engine == "duckdb":
            raise exports.ExportError(
                f"{args.file}: the DuckDB engine reads UTF-8 CSV files only and "
                f"does not support {', '.join(unsupported) or 'this file type'}"
            )
        return False
    return True


def _utf8(path: Path, sample: int = 65536) -> bool:
    """Whether the start of a file is UTF-8 (a character cut at the end of the sample is fine)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(sample)
    except OSError:
        return True  # let the reader report the problem
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and len(head) == sample
    return True


def command_nps(args: argparse.Namespace) -> None:
    if _use_duckdb(args):
        from cxlib import nps_sql

        header = pd.read_csv(args.file, nrows=0, encoding="utf-8-sig")  # columns before the scan
        for name in [args.score, *args.by]:
            exports.column(header, name, args.file)
        size = args.file.stat().st_size / 2**20
        print(f"counting {args.file} ({size:,.0f} MB) with DuckDB", file=sys.stderr)
        result = nps_sql.score_by(
            args.file,
            args.score,
            list(args.by),
            dropna=args.dropna,
            progress=sys.stdout.isatty() and args.format == "table",
        )
    else:
        frame, _ = _load(args)
        result = _nps_tables(frame, args)
    if args.format == "csv":
        result.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(
            json.dumps(
                json.loads(result.to_json(orient="records", force_ascii=False)),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(_table(result, args.by, LABELS[args.lang]).to_string(index=False))


def command_compare(args: argparse.Namespace) -> None:
    frame, _ = _load(args)
    _segments(frame, [args.by], args.file)
    groups = frame[args.by].astype("string")
    samples = []
    for value in (args.a, args.b):
        chosen = frame.loc[groups.eq(value).fillna(False).to_numpy(), args.score]
        if chosen.empty:
            known = ", ".join(repr(v) for v in groups.dropna().unique()[:10])
            raise exports.ExportError(
                f"{args.file}: no answers with {args.by} = {value!r} (values: {known})"
            )
        samples.append(nps.score(chosen, dropna=args.dropna))
    print(f"{args.a}: {samples[0]}\n{args.b}: {samples[1]}")
    print(nps.compare(samples[0], samples[1]))


DETECT = {  # column names that mark a section of the report, lower-cased, English and Chinese
    "csat": ("csat", "satisfaction", "满意度", "满意程度"),
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


def _detect(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    """Fill --csat, --ces, --reason and --drivers from column names when they were not given."""
    names = {str(c).strip().lower(): c for c in frame.columns if c != args.score}
    for option, candidates in DETECT.items():
        if getattr(args, option) is None:
            found = next((names[c] for c in candidates if c in names), None)
            setattr(args, option, found)
    if not args.drivers:
        args.drivers = [c for c in frame.columns if str(c).lower().startswith(RATING_PREFIXES)]
    if len(args.drivers) < 2:
        args.drivers = []  # key drivers need at least two ratings


def _figure_html(figure) -> str:
    """A matplotlib figure as an inline PNG <img> (no external file)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="chart" src="data:image/png;base64,{encoded}">'


def command_report(args: argparse.Namespace) -> None:
    from cxlib.plots import nps as nps_plots  # drawing only when a report is asked for

    labels = LABELS[args.lang]
    frame, info = _load(args)
    overall = nps.score(frame[args.score], dropna=args.dropna)
    parts = [
        f"<h1>{html.escape(labels['title'])}</h1>",
        f"<p><b>{html.escape(str(args.file.name))}</b>: {info.rows:,} · "
        f"{labels['nps']} <b>{overall.nps:+.1f}</b> "
        f"({labels['ci']} {overall.ci[0]:+.1f} to {overall.ci[1]:+.1f})</p>",
        f"<h2>{labels['distribution']}</h2>",
        _figure_html(
            nps_plots.score_distribution(
                frame[args.score].dropna() if args.dropna else frame[args.score]
            ).figure
        ),
    ]
    _detect(frame, args)
    _segments(frame, args.by, args.file)
    for key in args.by:
        table = nps.by(frame, args.score, key, dropna=args.dropna)
        parts += [
            f"<h2>{labels['by']} {html.escape(key)}</h2>",
            _table(table, [key], labels).to_html(index=False, escape=True),
            _figure_html(nps_plots.segments(table, key, overall=overall.nps).figure),
        ]
    for option, measure in (("csat", csat.csat), ("ces", csat.ces)):
        if getattr(args, option):
            values = exports.numbers(
                exports.column(frame, getattr(args, option), args.file), None, args.file
            )
            parts += [
                f"<h2>{labels[option]}</h2>",
                f"<p>{html.escape(str(measure(values, dropna=True)))}</p>",
            ]
    if args.reason:
        parts += _reason_section(frame, args, labels)
    if args.drivers:
        parts += _driver_section(frame, args, labels)
    p_promoters, p_detractors = overall.promoter_share, overall.detractor_share
    margins = pd.DataFrame({labels["margin"]: [10, args.margin, 3]}).drop_duplicates()
    margins[labels["needed"]] = [
        nps.sample_size(m, p_promoters, p_detractors) for m in margins[labels["margin"]]
    ]
    parts += [
        f"<h2>{labels['sample']}</h2>",
        margins.to_html(index=False),
        f"<p class='note'>{labels['note']}</p>",
    ]
    _write_atomically(args.output, _page(labels["title"], "\n".join(parts), args.lang))
    print(f"wrote {args.output}", file=sys.stderr)


def _reason_section(
    frame: pd.DataFrame, args: argparse.Namespace, labels: dict[str, str]
) -> list[str]:
    from cxlib import reasons
    from cxlib.plots import reasons as reason_plots

    text = exports.column(frame, args.reason, args.file).replace("", pd.NA)
    scores = frame[args.score]
    keep = scores.notna().to_numpy()
    coded = reasons.code(text[keep])
    table = reasons.by_type(coded, scores[keep])
    return [
        f"<h2>{labels['reasons']}</h2>",
        _figure_html(reason_plots.themes_by_type(table).figure),
    ]


def _driver_section(
    frame: pd.DataFrame, args: argparse.Namespace, labels: dict[str, str]
) -> list[str]:
    from cxlib import reasons
    from cxlib.plots import reasons as reason_plots

    ratings = frame[[args.score]].copy()
    for name in args.drivers:
        ratings[name] = exports.numbers(exports.column(frame, name, args.file), None, args.file)
    table = reasons.key_drivers(ratings, args.score, list(args.drivers), seed=0, dropna=args.dropna)
    return [f"<h2>{labels['drivers']}</h2>", _figure_html(reason_plots.drivers(table).figure)]


def _page(title: str, body: str, lang: str) -> str:
    """One HTML document with its style and Chinese glyphs inline: no external requests at all."""
    from cxlib import webfont

    font = webfont.subset(title + body)
    font_css = webfont.css(webfont.data_uri(font)) if font else ""
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
{font_css}
body {{ font-family: "CX Noto Sans SC", system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }}
img {{ max-width: 100%; }}
.note {{ color: #666; font-size: .9rem; }}
</style></head><body>
{body}
</body></html>
"""


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then move it into place (never half a file)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise exports.ExportError(f"{path}: the folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual permissions
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


COMMANDS = {"nps": command_nps, "compare": command_compare, "report": command_report}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cx``; user mistakes print ``cx: error: ...`` and return 2."""
    args = _parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except (exports.ExportError, ValueError, TypeError, OSError) as error:
        message = str(error)
        if not message.startswith(str(args.file)):  # cxlib's own checks do not know the file
            message = f"{args.file}: {message}"
        print(f"cx: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
