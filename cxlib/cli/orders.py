"""``cx retention`` and ``cx funnel``: customers over time from an order or event export.

- ``cx retention FILE --customer COL --time COL [--amount COL]``: the cohort retention table
  (:func:`cxlib.retention.cohorts`), the repeat-purchase rate with its interval
  (:func:`cxlib.retention.repeat_rate`) and, with ``--amount``, the RFM segment profile
  (:func:`cxlib.retention.rfm`).
- ``cx funnel FILE --user COL --step COL --time COL --steps a,b,c [--by GROUP]``: the funnel
  table (:func:`cxlib.funnel.conversion`) and, with ``--by``, two groups side by side
  (:func:`cxlib.funnel.compare`).

The file is found and decoded exactly as for ``cx nps`` (:func:`cxlib.exports.sniff`: encodings,
delimiters, BOMs, ``.xlsx``, ``--encoding``, ``--header-row``), and every number comes from the
library on the rows of the file, indexed by their line; the library's own checks (unreadable,
missing or future dates, mixed time zones, negative amounts) become one-line messages naming
the column and the lines.

Large files: these two commands read the file with pandas, in chunks of 200,000 rows of which
only the named columns are kept, so memory grows with the rows, not with the width of the
export; a file over 20 MB is said on stderr. Measured: 1,000,000 orders (a 51 MB file, four
columns) take 10 s and a peak of 0.42 GB, most of it while cxlib parses and checks the dates.
No DuckDB path as in ``cx nps``: the dates must be parsed and checked by cxlib's own code (one
format for the column, one time zone, none unreadable or in the future, each refusal naming its
line); a second date parser in SQL could read a date differently: a wrong cohort with exit 0.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

import numpy as np
import pandas as pd

from cxlib import _durations, exports, funnel, retention
from cxlib.cli import dated, engine
from cxlib.cli.labels import label

__all__ = ["COMMANDS", "add_parsers"]

EXAMPLES = {
    "retention": "examples:\n"
    "  cx retention datasets/hotel_stays.csv --customer customer_id --time date --period Q\n"
    "  cx retention stays.csv --customer 客户 --time 日期 --amount 金额 --now 2025-12-31 "
    "--lang zh\n"
    "  cx retention orders.csv --customer id --time date --horizon 90 --format csv",
    "funnel": "examples:\n"
    "  cx funnel datasets/booking_funnel.csv --user visitor_id --step step --time time \\\n"
    "      --steps visit,search,room_view,booking_form,payment --window 7D --by form_version",
}


def add_parsers(commands, add_reading) -> None:
    """Add ``retention`` and ``funnel`` to the ``cx`` subcommands (``add_reading`` adds the
    file and the options every command reads it with)."""
    for name, help_text in (
        ("retention", "cohort retention, repeat-purchase rate and RFM segments from orders"),
        ("funnel", "funnel conversion (and two groups compared) from an event log"),
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
            "--dayfirst",
            action=argparse.BooleanOptionalAction,
            help="dates like 01/02/2025 are day first (1 February); --no-dayfirst: month first",
        )
        sub.add_argument("--date-format", help="format of every date, e.g. %%d.%%m.%%Y")
        if name == "retention":
            sub.add_argument("--customer", required=True, help="column of customer identifiers")
            sub.add_argument("--time", required=True, help="column of order dates")
            sub.add_argument("--amount", help="column of order amounts: adds the RFM segments")
            sub.add_argument(
                "--period", choices=["M", "W", "Q"], default="M", help="month, week or quarter"
            )
            sub.add_argument(
                "--horizon",
                default="365",
                help="days after the first order within which a second one is a repeat "
                "(365, or with a unit: 90D, 26W)",
            )
            sub.add_argument(
                "--now",
                help="end of observation, e.g. 2025-12-31; orders after it are an error "
                "(default: the last order; without it orders after tomorrow are refused)",
            )
            sub.add_argument("--format", choices=["table", "csv"], default="table")
        else:
            sub.add_argument("--user", required=True, help="column of user identifiers")
            sub.add_argument("--step", required=True, help="column of event (step) names")
            sub.add_argument("--time", required=True, help="column of event times")
            sub.add_argument(
                "--steps",
                required=True,
                nargs="+",
                help="the funnel's steps in order: a,b,c, or as separate words (a b 'c, d') "
                "for step names that hold a comma",
            )
            sub.add_argument(
                "--window",
                help="longest time from a user's first step, with its unit: 7D, 36h, 30min",
            )
            sub.add_argument("--order", choices=list(funnel.ORDERS), default="ordered")
            sub.add_argument("--by", help="column of two groups to compare (e.g. an A/B variant)")


# -- formatting ---------------------------------------------------------------------------


def _show(table: pd.DataFrame, lang: str, index: bool = False) -> None:
    """Print a table; Chinese characters count two columns wide, so headings line up."""
    with pd.option_context("display.unicode.east_asian_width", lang == "zh"):
        print(table.to_string(index=index))


def _pct(value: float, digits: int = 0) -> str:
    return "" if pd.isna(value) else f"{100 * value:.{digits}f}%"


def _duration(value) -> str:
    """``1d 02:03:04`` or ``00:12:30``; blank when nobody reached the step."""
    if pd.isna(value):
        return ""
    seconds = round(pd.Timedelta(value).total_seconds())
    days, rest = divmod(seconds, 86_400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"{days}d {clock}" if days else clock


def _intervals(low: pd.Series, high: pd.Series, lang: str, percent: bool = True) -> list[str]:
    """``12.3% to 45.6%`` (or ``-1.2 to +3.4`` points) per row; blank where there is none."""
    form = (lambda v: _pct(v, 1)) if percent else (lambda v: f"{100 * v:+.1f}")
    to = label("to", lang)
    return [
        "" if pd.isna(lo) else f"{form(lo)} {to} {form(hi)}"
        for lo, hi in zip(low, high, strict=True)
    ]


# -- cx retention -------------------------------------------------------------------------


def command_retention(args: argparse.Namespace) -> None:
    path, lang = args.file, args.lang
    horizon = str(args.horizon).strip()
    bare = re.fullmatch(r"[+-]?\d+(\.\d+)?", horizon)  # --horizon counts days: 365 is 365D
    try:
        span = _durations.duration(f"{horizon}D" if bare else horizon, "--horizon")
    except (ValueError, TypeError) as error:
        if bare:
            raise exports.ExportError(
                f"--horizon must be a positive number of days, got {args.horizon}"
            ) from None
        raise exports.ExportError(str(error)) from None
    frame, columns = dated.read(args, [args.customer, args.time, args.amount])
    customer, time = columns[0], columns[1]
    orders = pd.DataFrame(
        {customer: frame[customer], time: dated.dates(path, frame, time, args.now, args)},
        index=frame.index,
    )
    if args.amount:
        amount = columns[2]
        orders[amount] = dated.amounts(path, frame, amount)
    del frame  # only the checked orders stay in memory
    keys = {"customer": customer, "time": time}
    table = dated.library(path, retention.cohorts, orders, **keys, period=args.period, now=args.now)
    within = span
    engine.note(f"repeat purchase: a second order within {_durations.describe(span)} (--horizon)")
    repeat = dated.library(path, retention.repeat_rate, orders, **keys, within=within, now=args.now)
    rfm = None
    if args.amount:
        now = args.now
        if now is None:
            now = orders[time].max()
            shown = now.date() if now == now.normalize() else now
            engine.note(f"RFM: recency counted from the last order, {shown} (--now to change)")
        rfm = dated.library(path, retention.rfm, orders, **keys, amount=amount, now=now)
    if args.format == "csv":
        _csv(table, repeat, rfm).to_csv(sys.stdout, index=False)
        return
    period = label(f"period_{args.period}", lang)
    shown = pd.DataFrame({label("n", lang): table.size}, index=table.rate.index.astype(str))
    for age in table.rate.columns[1:]:
        shown[str(age)] = table.rate[age].map(_pct).to_numpy()
    shown.index.name = label("cohort", lang)
    print(label("retention", lang).format(period=period))
    _show(shown, lang, index=True)
    print(f"\n{label('repeat', lang)}")
    low, high = repeat.ci
    print(
        label("repeat_line", lang).format(
            rate=_pct(repeat.rate, 1),
            low=_pct(low, 1),
            high=_pct(high, 1),
            repeaters=repeat.repeaters,
            customers=repeat.customers,
            days=_durations.describe(span).removesuffix(" days").removesuffix(" day"),
            recent=repeat.too_recent,
        )
    )
    if rfm is not None:
        profile = rfm.profile
        names = profile["segment_zh"] if lang == "zh" else profile.index.str.replace("_", " ")
        out = pd.DataFrame(
            {
                label("segment", lang): names.to_numpy(),
                label("customers", lang): profile["customers"].to_numpy(),
                label("share", lang): profile["share"].map(_pct).to_numpy(),
                label("recency", lang): profile["recency_days"].map(_number).to_numpy(),
                label("frequency", lang): profile["frequency"].map(_number).to_numpy(),
                label("monetary", lang): profile["monetary"].map(_number).to_numpy(),
                label("revenue_share", lang): profile["revenue_share"].map(_pct).to_numpy(),
            }
        )
        print(f"\n{label('rfm', lang).format(now=rfm.now.date())}")
        _show(out, lang)


def _p(value: float) -> str:
    return "" if pd.isna(value) else "<0.001" if value < 0.001 else f"{value:.3f}"


def _number(value: float) -> str:
    return "" if pd.isna(value) else f"{value:,.1f}"


def _csv(table: retention.Cohorts, repeat: retention.RepeatRate, rfm) -> pd.DataFrame:
    """Everything in one tidy table: a row per cohort and age, the repeat rate, RFM segments."""
    stacked = {k: getattr(table, k).stack() for k in ("active", "rate", "low", "high")}
    long = stacked["active"].rename("count").reset_index()
    long = long.assign(**{k: stacked[k].to_numpy() for k in ("rate", "low", "high")})
    long = long[long["count"].notna()]  # periods not observed yet
    long = long.assign(table="retention", key=long["cohort"].astype(str))
    long["n"] = table.size.reindex(long["cohort"]).to_numpy()
    once = {"table": "repeat_rate", "key": f"within {repeat.within.days} days", "rate": repeat.rate}
    once |= {"n": repeat.customers, "count": repeat.repeaters, "left_out": repeat.too_recent}
    parts = [long, pd.DataFrame([{**once, "low": repeat.ci[0], "high": repeat.ci[1]}])]
    if rfm is not None:
        profile = rfm.profile.rename(columns={"customers": "count", "share": "rate"})
        profile = profile.assign(table="rfm", key=profile.index.astype(str))
        parts.append(profile.assign(n=int(profile["count"].sum())).reset_index(drop=True))
    columns = ["table", "key", "age", "n", "count", "rate", "low", "high", "left_out"]
    columns += ["recency_days", "frequency", "monetary", "revenue_share"]
    out = pd.concat(parts, ignore_index=True).reindex(columns=columns)
    for name in ("age", "n", "count", "left_out"):
        out[name] = out[name].astype("Int64")
    return out


# -- cx funnel ----------------------------------------------------------------------------


def _steps(given: list[str]) -> list[str]:
    """``--steps a,b,c`` (one word: split at commas) or ``--steps a b 'c, d'`` (taken as is)."""
    if len(given) == 1:
        return [s.strip() for s in given[0].split(",") if s.strip()]
    return [s.strip() for s in given if s.strip()]


def command_funnel(args: argparse.Namespace) -> None:
    path, lang = args.file, args.lang
    steps = _steps(args.steps)
    if len(steps) < 2 or len(set(steps)) != len(steps):
        raise exports.ExportError(
            f"--steps needs at least two different step names (a,b,c or a b c), got "
            f"{' '.join(args.steps)!r}"
        )
    window = None
    if args.window is not None:
        try:
            window = _durations.duration(args.window, "--window")
        except (ValueError, TypeError) as error:
            raise exports.ExportError(str(error)) from None
        engine.note(f"window: {_durations.describe(window)} from each user's first step (--window)")
    frame, columns = dated.read(args, [args.user, args.step, args.time, args.by])
    user, step, time = columns[:3]
    events = pd.DataFrame(
        {
            user: frame[user],
            step: frame[step],
            time: dated.dates(path, frame, time, None, args),
            **({columns[3]: frame[columns[3]]} if args.by else {}),
        },
        index=frame.index,
    )
    del frame
    known = pd.unique(events[step].dropna())
    unknown = [s for s in steps if s not in set(known)]
    if unknown:
        close = difflib.get_close_matches(unknown[0], [str(k) for k in known], n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        found = ", ".join(repr(k) for k in known[:12])
        raise exports.ExportError(
            f"{path}: --steps names {', '.join(map(repr, unknown))}, but column {step!r} has no "
            f"such event{hint} (events: {found})"
        )
    options = dict(user=user, step=step, time=time, steps=steps, window=window)
    table = dated.library(path, funnel.conversion, events, **options, order=args.order)
    result = None  # everything is computed before anything is printed
    if args.by:
        group = columns[3]
        blank = events[group].isna().to_numpy()
        if blank.any():
            lines = ", ".join(str(line) for line in events.index[blank][:5])
            raise exports.ExportError(
                f"{path}: column {group!r} has {int(blank.sum()):,} blank group labels on lines "
                f"{lines}; every event needs its user's group"
            )
        compare = dict(order=args.order, group=group)
        result = dated.library(path, funnel.compare, events, **options, **compare)
    print(label("funnel", lang))
    _show(
        pd.DataFrame(
            {
                label("step", lang): table["step"],
                label("users", lang): table["users"],
                label("from_previous", lang): table["from_previous"].map(lambda v: _pct(v, 1)),
                label("ci", lang): _intervals(
                    table["from_previous_low"], table["from_previous_high"], lang
                ),
                label("from_first", lang): table["from_first"].map(lambda v: _pct(v, 1)),
                label("ci", lang) + " ": _intervals(
                    table["from_first_low"], table["from_first_high"], lang
                ),
                label("median_time", lang): table["median_time"].map(_duration),
            }
        ),
        lang,
    )
    if result is not None:
        _show_compare(result, columns[3], lang)


def _show_compare(result: pd.DataFrame, group: str, lang: str) -> None:
    """The two groups' conversion from the first step, their difference in points."""
    a, b = result.attrs["groups"]
    result.loc[0, ["difference", "low", "high"]] = np.nan  # the first step is not tested
    shown = {label("step", lang): result["step"]}
    for name, key in ((a, "a"), (b, "b")):
        users, base = result[f"users_{key}"], result[f"n_{key}"]
        shown[f"{name}"] = [f"{u}/{n}" for u, n in zip(users, base, strict=True)]
        shown[f"{name} %"] = result[f"rate_{key}"].map(lambda v: _pct(v, 1))
    shown[label("difference", lang)] = result["difference"].map(
        lambda v: "" if pd.isna(v) else f"{100 * v:+.1f}"
    )
    shown[label("ci", lang)] = _intervals(result["low"], result["high"], lang, percent=False)
    shown[label("p_value", lang)] = result["p_value"].map(_p)
    print("\n" + label("compare", lang).format(group=group, a=a, b=b))
    _show(pd.DataFrame(shown), lang)


COMMANDS = {"retention": command_retention, "funnel": command_funnel}
