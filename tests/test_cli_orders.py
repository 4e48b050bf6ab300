"""cx retention and cx funnel (issue 15): hand-checked numbers, the library's numbers, bad input.

The fixtures are written by ``tests/fixtures/make_fixtures.py`` (``orders_and_events``).
"""

import io
from pathlib import Path

import pandas as pd
import pytest

from cxlib import cli, funnel, retention
from cxlib.cli import engine

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"
STEPS = "visit,search,room_view,booking_form,payment"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def retention_csv(capsys, name, *options):
    code, out, err = run(capsys, "retention", name, *options, "--format", "csv")
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), keep_default_na=True)


ORDERS = ["--customer", "customer", "--time", "date", "--amount", "amount"]


def test_retention_hand_checked(capsys):
    # A orders in Jan and Feb, B in Jan and Mar, C in Feb and Mar, D once in Mar.
    table = retention_csv(
        capsys, FIXTURES / "orders.csv", *ORDERS, "--horizon", 40, "--now", "2025-03-31"
    )
    cohorts = table[table["table"] == "retention"].set_index(["key", "age"])
    # January cohort: A and B; A again in February (age 1), B again in March (age 2).
    assert cohorts.loc[("2025-01", 0), "n"] == 2
    assert cohorts.loc[("2025-01", 1), "rate"] == 0.5 and cohorts.loc[("2025-01", 2), "count"] == 1
    assert cohorts.loc[("2025-02", 1), "rate"] == 1.0  # C
    assert ("2025-02", 2) not in cohorts.index  # April is not observed: no row, not 0%
    # Within 40 days: A (36 days) yes, B (57) and C (45) no; D (Mar 15) too recent: 1 of 3,
    # continuity-corrected Wilson 95% interval 1.8% to 87.5% (scipy's "wilsoncc" agrees).
    repeat = table[table["table"] == "repeat_rate"].iloc[0]
    assert (repeat["count"], repeat["n"], repeat["left_out"]) == (1, 3, 1)
    assert (round(repeat["low"], 3), round(repeat["high"], 3)) == (0.018, 0.875)
    # RFM from 2025-03-31: recency A 49, B 13, C 11, D 16 days; R scores 1, 3, 4, 2; F 2, 2, 2,
    # 1; M (300, 420, 90, 80 yuan) 3, 4, 2, 1. B loyal, C promising, A and D hibernating.
    rfm = table[table["table"] == "rfm"].set_index("key")
    assert rfm.loc[["loyal", "promising", "hibernating"], "count"].tolist() == [1, 1, 2]
    assert rfm.loc["hibernating", "recency_days"] == 32.5  # (49 + 16) / 2
    assert rfm.loc["hibernating", "monetary"] == 190.0  # (300 + 80) / 2
    assert rfm.loc["hibernating", "revenue_share"] == pytest.approx(380 / 890)


def test_retention_table_matches_the_library_on_the_hotel_stays(capsys):
    stays = DATASETS / "hotel_stays.csv"
    options = ["--customer", "customer_id", "--time", "date", "--amount", "amount"]
    table = retention_csv(capsys, stays, *options, "--period", "Q", "--now", "2025-12-31")
    orders = pd.read_csv(stays, parse_dates=["date"])
    keys = dict(customer="customer_id", time="date", now="2025-12-31")
    expected = retention.cohorts(orders, **keys, period="Q")
    cohorts = table[table["table"] == "retention"]
    rate = cohorts.pivot(index="key", columns="age", values="rate")
    assert rate.to_numpy() == pytest.approx(expected.rate.to_numpy(), nan_ok=True)
    low = cohorts.pivot(index="key", columns="age", values="low")
    assert low.to_numpy() == pytest.approx(expected.low.to_numpy(), nan_ok=True)
    assert list(rate.index) == [str(p) for p in expected.rate.index]
    repeat = retention.repeat_rate(orders, **keys, within="365D")
    row = table[table["table"] == "repeat_rate"].iloc[0]
    assert (row["count"], row["n"], row["left_out"]) == (
        repeat.repeaters,
        repeat.customers,
        repeat.too_recent,
    )
    assert (row["rate"], row["low"], row["high"]) == pytest.approx((repeat.rate, *repeat.ci))
    profile = retention.rfm(orders, **keys, amount="amount").profile
    rfm = table[table["table"] == "rfm"].set_index("key")
    assert rfm["count"].tolist() == profile["customers"].tolist()
    assert rfm["monetary"].to_numpy() == pytest.approx(profile["monetary"].to_numpy())


def test_gbk_and_excel_give_the_same_numbers(capsys, tmp_path):
    utf8 = retention_csv(capsys, FIXTURES / "orders.csv", *ORDERS, "--horizon", 40)
    gbk = FIXTURES / "orders_gbk.csv"
    code, _, err = run(capsys, "retention", gbk, "--customer", "客户", "--time", "日期")
    assert code == 2 and "365 days" in err and "--horizon" in err  # too short for a year
    chinese = ["--customer", "客户", "--time", "日期", "--amount", "金额", "--horizon", 40]
    table = retention_csv(capsys, gbk, *chinese)
    assert table.drop(columns="key").equals(utf8.drop(columns="key"))
    workbook = tmp_path / "orders.xlsx"
    pd.read_csv(FIXTURES / "orders.csv").to_excel(workbook, index=False)
    assert retention_csv(capsys, workbook, *ORDERS, "--horizon", 40).equals(utf8)


def test_big5_is_refused_with_encoding_advice_and_read_when_named(capsys):
    big5 = FIXTURES / "orders_big5.csv"
    code, out, err = run(capsys, "retention", big5, "--customer", "客戶", "--time", "日期")
    assert code == 2 and out == "" and "--encoding big5" in err
    options = ["--customer", "客戶", "--time", "日期", "--horizon", 40, "--encoding", "big5"]
    code, out, err = run(capsys, "retention", big5, *options)
    assert code == 0 and "encoding big5" in err and "33.3%" in out


@pytest.mark.parametrize(
    ("name", "options", "words"),
    [
        ("orders_future.csv", [], ["column 'date'", "in the future", "lines 9", "2999-03-15"]),
        ("orders.csv", ["--now", "2025-03-01"], ["3 dates after --now", "lines 6, 7, 8"]),
        ("orders_negative.csv", [], ["amount is negative", "lines 4", "-50"]),
        ("orders_zones.csv", [], ["mixes times with a time zone", "lines 2"]),
        ("orders_bad_date.csv", [], ["not dates", "lines 5", "'10.02.25x'"]),
        ("orders.csv", ["--customer", "kunde"], ["no column 'kunde'", "columns: 'customer'"]),
        ("orders.csv", ["--now", "tomorrow"], ["--now must be a date"]),
        ("orders.csv", ["--horizon", "0"], ["--horizon must be a positive number"]),
    ],
)
def test_bad_orders_get_one_line_and_status_2(capsys, name, options, words):
    argv = ["retention", FIXTURES / name, *ORDERS, "--horizon", "40", *options]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"cx: error: {FIXTURES / name}: ")
    for word in words:
        assert word in last


EVENTS = ["--user", "user", "--step", "step", "--time", "time"]


def test_funnel_hand_checked(capsys):
    # u1 visit, search, book; u2 visit, search; u3 visit, book (not counted: never searched).
    code, out, _ = run(
        capsys, "funnel", FIXTURES / "events.csv", *EVENTS, "--steps", "visit,search,book"
    )
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[2:5]}
    assert rows["search"].split()[1:3] == ["2", "66.7%"] and "00:12:30" in rows["search"]
    assert rows["book"].split()[1:3] == ["1", "50.0%"] and "33.3%" in rows["book"]
    assert "1.8% to 87.5%" in rows["book"]  # 1 of 3 from the first step, Wilson with cc
    # A strict funnel within 10 minutes: only u1 searches in time, nobody books in time.
    options = ["--order", "strict", "--window", "10min"]
    code, out, _ = run(
        capsys, "funnel", FIXTURES / "events.csv", *EVENTS, "--steps", "visit,search,book", *options
    )
    assert code == 0 and out.splitlines()[3].split()[1:3] == ["1", "33.3%"]


def test_funnel_matches_the_library_on_the_booking_log(capsys):
    log = DATASETS / "booking_funnel.csv"
    argv = ["funnel", log, "--user", "visitor_id", "--step", "step", "--time", "time"]
    code, out, _ = run(capsys, *argv, "--steps", STEPS, "--window", "7D", "--by", "form_version")
    assert code == 0
    events = pd.read_csv(log)
    keys = dict(user="visitor_id", step="step", time="time", steps=STEPS.split(","), window="7D")
    expected = funnel.conversion(events, **keys)
    lines = out.splitlines()
    for k, row in expected.iterrows():
        shown = lines[2 + k].split()
        assert shown[:2] == [row["step"], str(row["users"])]
        first = f"{100 * row['from_first']:.1f}%"
        high = f"{100 * row['from_first_high']:.1f}%"
        assert first in shown and high in shown
    compared = funnel.compare(events, **keys, group="form_version")
    payment = lines[-1].split()
    assert payment[0] == "payment"
    assert payment[5] == f"{100 * compared.loc[4, 'difference']:+.1f}"
    assert payment[6] == f"{100 * compared.loc[4, 'low']:+.1f}"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--steps", "visit,serch,book"], ["--steps names 'serch'", "did you mean 'search'?"]),
        (["--steps", "visit"], ["at least two different step names"]),
        (["--steps", "visit,book", "--window", "1x"], ["--window: unknown unit 'x'"]),
        (["--steps", "visit,book", "--time", "tme"], ["no column 'tme'", "did you mean 'time'"]),
        (["--steps", "visit,book", "--by", "user"], ["column 'user' is given for two roles"]),
    ],
)
def test_bad_funnel_input_gets_one_line_and_status_2(capsys, options, words):
    code, out, err = run(capsys, "funnel", FIXTURES / "events.csv", *EVENTS, *options)
    assert code == 2 and out == "" and "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("cx: error: ")
    for word in words:
        assert word in last


def test_chinese_labels(capsys):
    chinese = ["--customer", "客户", "--time", "日期", "--amount", "金额", "--horizon", 40]
    code, out, _ = run(capsys, "retention", FIXTURES / "orders_gbk.csv", *chinese, "--lang", "zh")
    assert code == 0
    for word in ("同期群", "客户保留率", "重复购买率", "95%置信区间", "RFM 细分", "沉睡客户"):
        assert word in out
    code, out, _ = run(
        capsys, "funnel", FIXTURES / "events.csv", *EVENTS, "--steps", "visit,book", "--lang", "zh"
    )
    assert code == 0 and "漏斗分析" in out and "转化率（较上一步）" in out


def test_large_files_are_read_in_chunks_with_a_note(capsys, monkeypatch):
    small = retention_csv(capsys, FIXTURES / "orders.csv", *ORDERS, "--horizon", 40)
    monkeypatch.setattr(engine, "LARGE_FILE", 10)  # every file is large now
    code, out, err = run(
        capsys, "retention", FIXTURES / "orders.csv", *ORDERS, "--horizon", 40, "--format", "csv"
    )
    assert code == 0 and "with pandas in chunks" in err
    assert pd.read_csv(io.StringIO(out)).equals(small)


def test_help_has_examples(capsys):
    for command in ("retention", "funnel"):
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0
        assert "datasets/" in capsys.readouterr().out


def test_funnel_groups_are_checked_before_anything_is_printed(capsys, tmp_path):
    log = tmp_path / "events.csv"
    log.write_text(
        "user,time,step,form\nu1,2025-03-01 10:00,visit,old\nu1,2025-03-01 10:05,book,old\n"
        "u2,2025-03-01 11:00,visit,\nu3,2025-03-01 11:00,visit,new\n",
        encoding="utf-8",
    )
    argv = ["funnel", log, *EVENTS, "--steps", "visit,book", "--by", "form"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "column 'form' has 1 blank group labels on lines 4" in err
    log.write_text(log.read_text(encoding="utf-8").replace(",visit,\n", ",visit,mid\n"))
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "exactly two groups" in err
