"""cxlib.funnel: hand-worked funnels, a brute-force reference, Newcombe's examples, bad input."""

import numpy as np
import pandas as pd
import pytest

from cxlib import funnel

STEPS = ["visit", "search", "view", "form", "pay"]


def log(rows):
    """Events from (user, step, minutes after 2025-03-01 00:00) triples."""
    frame = pd.DataFrame(rows, columns=["user", "step", "minute"])
    frame["time"] = pd.Timestamp("2025-03-01") + pd.to_timedelta(frame["minute"], unit="min")
    return frame.drop(columns="minute")


def run(events, **options):
    return funnel.conversion(events, user="user", step="step", time="time", steps=STEPS, **options)


def reference(events, steps, window=None, order="ordered"):
    """Per-user Python loop, written for clarity: the number of users reaching each step."""
    counts = [0] * len(steps)
    span = None if window is None else pd.Timedelta(window)
    for _, rows in events.groupby("user", sort=False):
        code = {name: k for k, name in enumerate(steps)}
        rows = rows.assign(code=rows["step"].map(code).fillna(len(steps)))
        rows = rows.sort_values(["time", "code"], kind="stable")
        if order == "ordered":
            rows = rows[rows["code"] < len(steps)]
        sequence = list(zip(rows["code"], rows["time"], strict=True))
        starts = [i for i, (c, _) in enumerate(sequence) if c == 0]
        if not starts:
            continue
        position, anchor = starts[0], sequence[starts[0]][1]
        counts[0] += 1
        for k in range(1, len(steps)):
            found = None
            if order == "ordered":
                for i in range(position + 1, len(sequence)):
                    if sequence[i][0] == k:
                        found = i
                        break
            elif position + 1 < len(sequence) and sequence[position + 1][0] == k:
                found = position + 1
            if found is None or (span is not None and sequence[found][1] - anchor > span):
                break
            position = found
            counts[k] += 1
    return counts


def test_hand_worked_ordered_funnel_counts_each_user_once_per_step():
    events = log(
        [
            ("a", "visit", 0), ("a", "search", 1), ("a", "search", 2), ("a", "view", 5),
            ("a", "form", 9), ("a", "pay", 12),
            ("b", "visit", 0), ("b", "help", 1), ("b", "search", 3), ("b", "view", 4),
            ("c", "visit", 0), ("c", "view", 2),  # skipped search: stops at visit
            ("d", "search", 0),  # never visited: not in the funnel
        ]
    )  # fmt: skip
    table = run(events)
    assert table["users"].tolist() == [3, 2, 2, 1, 1]
    assert table["lost"].tolist() == [0, 1, 0, 1, 0]
    assert table["from_first"].round(4).tolist() == [1.0, 0.6667, 0.6667, 0.3333, 0.3333]
    assert np.isnan(table.loc[0, "from_previous"]) and table.loc[3, "from_previous"] == 0.5
    # search: a after 1 minute, b after 3 (the help page between is allowed when ordered)
    assert table.loc[1, "median_time"] == pd.Timedelta("2min")
    assert table.loc[4, "median_time_from_first"] == pd.Timedelta("12min")


def test_strict_order_is_broken_by_any_event_between_steps():
    events = log(
        [
            ("a", "visit", 0), ("a", "search", 1), ("a", "view", 2),
            ("b", "visit", 0), ("b", "help", 1), ("b", "search", 3), ("b", "view", 4),
            ("c", "visit", 0), ("c", "search", 1), ("c", "search", 2), ("c", "view", 3),
        ]
    )  # fmt: skip
    table = run(events, order="strict")
    # b: a help page comes between; c: a repeated search is not the next step either
    assert table["users"].tolist()[:3] == [3, 2, 1]
    assert run(events)["users"].tolist()[:3] == [3, 3, 3]


def test_window_is_a_hard_limit_from_the_first_step():
    events = log(
        [("a", "visit", 0), ("a", "search", 30), ("a", "pay", 200), ("b", "visit", 0),
         ("b", "visit", 500), ("b", "search", 530)]
    )  # fmt: skip
    table = run(events, window="1h")
    assert table["users"].tolist()[:2] == [2, 1]  # b's search is 530 min after b's first visit
    assert run(events)["users"].tolist()[:2] == [2, 2]


def test_simultaneous_events_are_taken_in_funnel_order_and_input_order_does_not_matter():
    events = log([("a", "search", 5), ("a", "visit", 5), ("a", "view", 5)])
    assert run(events)["users"].tolist()[:3] == [1, 1, 1]
    rng = np.random.default_rng(3)
    many = log(
        [
            (f"u{rng.integers(40)}", STEPS[rng.integers(5)] if rng.random() < 0.9 else "help",
             int(rng.integers(0, 600)))
            for _ in range(600)
        ]
    )  # fmt: skip
    shuffled = many.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(run(many), run(shuffled))


@pytest.mark.parametrize("order", ["ordered", "strict"])
@pytest.mark.parametrize("window", [None, "2h"])
def test_vectorised_counts_match_a_per_user_loop(order, window):
    rng = np.random.default_rng(11)
    weights = np.array([0.35, 0.25, 0.2, 0.1, 0.05, 0.05])
    names = [*STEPS, "help"]
    events = log(
        [
            (f"u{rng.integers(150)}", names[rng.choice(6, p=weights)], int(rng.integers(0, 400)))
            for _ in range(2500)
        ]
    )
    table = run(events, window=window, order=order)
    assert table["users"].tolist() == reference(events, STEPS, window, order)
    assert (np.diff(table["users"]) <= 0).all()


def test_wilson_intervals_bracket_the_rates():
    events = log([(f"u{i}", "visit", 0) for i in range(10)] + [("u1", "search", 3)])
    row = run(events).loc[1]
    assert row["from_previous_low"] < 0.1 < row["from_previous_high"] < 0.5


def test_newcombe_worked_examples():
    # Newcombe (1998b), Table II, method 10: (a) 56/70 vs 48/80, (b) 9/10 vs 3/10.
    wilson = {"method": "wilson"}
    assert [round(x, 4) for x in funnel.difference(48, 80, 56, 70, **wilson)] == [
        0.2,
        0.0524,
        0.3339,
    ]
    assert [round(x, 4) for x in funnel.difference(3, 10, 9, 10, **wilson)] == [0.6, 0.1705, 0.8090]
    # method 11 (continuity-corrected Wilson, the default): (a) 0.0428 to 0.3422
    assert [round(x, 4) for x in funnel.difference(48, 80, 56, 70)] == [0.2, 0.0428, 0.3422]
    # hand-worked from the formula at the boundary: 10/10 vs 0/20 stays within [-1, 1]
    assert funnel.difference(0, 20, 10, 10)[2] == 1.0


def test_compare_two_variants():
    rows = []
    for i in range(40):
        variant = "new" if i % 2 else "old"
        rows += [(i, "visit", 0, variant)]
        if i % 4 in (1, 3, 0):
            rows += [(i, "pay", 5, variant)]
    events = pd.DataFrame(rows, columns=["user", "step", "minute", "variant"])
    events["time"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(events["minute"], unit="min")
    table = funnel.compare(
        events, user="user", step="step", time="time", steps=["visit", "pay"],
        group="variant", groups=("old", "new"),
    )  # fmt: skip
    last = table.iloc[-1]
    assert (last["n_a"], last["users_a"], last["n_b"], last["users_b"]) == (20, 10, 20, 20)
    assert last["difference"] == 0.5 and last["low"] > 0 and last["p_value"] < 0.001
    assert table.attrs["groups"] == ("old", "new")
    default = funnel.compare(
        events, user="user", step="step", time="time", steps=["visit", "pay"], group="variant"
    )
    assert default.attrs["groups"] == ("new", "old")


def test_compare_adjusts_for_many_steps():
    events = log(
        [(i, "visit", 0) for i in range(60)]
        + [(i, "search", 1) for i in range(0, 60, 2)]
        + [(i, "search", 1) for i in range(1, 60, 4)]
        + [(i, "pay", 2) for i in range(0, 60, 3)]
    )
    events["variant"] = np.where(events["user"] % 2 == 0, "even", "odd")
    options = dict(user="user", step="step", time="time", steps=["visit", "search", "pay"],
                   group="variant", groups=("odd", "even"), base="previous")  # fmt: skip
    plain = funnel.compare(events, **options)
    holm = funnel.compare(events, **options, adjust="holm")
    from cxlib._stats import adjust_p

    np.testing.assert_allclose(holm["p_adjusted"], adjust_p(plain["p_value"].to_numpy(), "holm"))
    assert np.isnan(plain.loc[0, "p_value"]) and holm.attrs["confidence"] == 0.975
    assert (holm["high"] - holm["low"] >= plain["high"] - plain["low"]).iloc[1:].all()


def test_compare_refuses_users_in_two_groups_and_more_than_two_groups():
    events = log([("a", "visit", 0), ("a", "pay", 1), ("b", "visit", 0), ("c", "visit", 0)])
    events["variant"] = ["x", "y", "x", "z"]
    options = dict(user="user", step="step", time="time", steps=["visit", "pay"], group="variant")
    with pytest.raises(ValueError, match="constant within a user; 1 users"):
        funnel.compare(events, **options)
    events["variant"] = ["x", "x", "y", "z"]
    with pytest.raises(ValueError, match="exactly two groups"):
        funnel.compare(events, **options)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda e: e.drop(columns="time"), ValueError, "no column 'time'"),
        (lambda e: e.assign(time=e["time"].astype(str).where(e.index != 1, "soon")), ValueError,
         "1 of 4 values that are not dates"),
        (lambda e: e.assign(time=["2025-03-01 10:00+08:00", "2025-03-01 11:00+00:00",
                                  "2025-03-01 12:00+08:00", "2025-03-01 13:00+08:00"]),
         ValueError, r"mixes time zones \(\+0800 in 3 rows, \+0000 in 1 rows"),
        (lambda e: e.assign(time=["2025-03-01 10:00+08:00", "2025-03-01 11:00",
                                  "2025-03-01 12:00", "2025-03-01 13:00"]),
         ValueError, "with a time zone \\(1 rows: rows 0\\) and without one"),
        (lambda e: e.assign(time=[1, 2, 3, 4]), TypeError, "not dates"),
        (lambda e: e.assign(time=e["time"].where(e.index != 2)), ValueError, "without a date"),
        (lambda e: e.assign(user=[None, "a", "b", "b"]), ValueError, "user is missing in 1"),
        (lambda e: e.assign(step=["visit", None, "visit", "pay"]), ValueError, "step is missing"),
        (lambda e: e.assign(step="browse"), ValueError, "no user reached the first step"),
    ],
)  # fmt: skip
def test_bad_input_names_the_problem(change, error, message):
    events = log([("a", "visit", 0), ("a", "pay", 1), ("b", "visit", 0), ("b", "pay", 2)])
    with pytest.raises(error, match=message):
        funnel.conversion(
            change(events), user="user", step="step", time="time", steps=["visit", "pay"]
        )


def test_bad_options():
    events = log([("a", "visit", 0), ("a", "pay", 1)])
    options = dict(user="user", step="step", time="time")
    with pytest.raises(ValueError, match="at least two different steps"):
        funnel.conversion(events, steps=["visit"], **options)
    with pytest.raises(TypeError, match="list of step names"):
        funnel.conversion(events, steps="visit", **options)
    with pytest.raises(ValueError, match="positive duration"):
        funnel.conversion(events, steps=["visit", "pay"], window="-1h", **options)
    with pytest.raises(ValueError, match="order must be"):
        funnel.conversion(events, steps=["visit", "pay"], order="loose", **options)


def test_time_zone_aware_dates_are_fine():
    events = log([("a", "visit", 0), ("a", "pay", 90)])
    events["time"] = events["time"].dt.tz_localize("Asia/Shanghai")
    table = funnel.conversion(events, user="user", step="step", time="time", steps=["visit", "pay"])
    assert table.loc[1, "median_time"] == pd.Timedelta("90min")
    # across the switch to summer time (Berlin, 2025-03-30 02:00 -> 03:00) one real hour passes
    events["time"] = pd.to_datetime(["2025-03-30 01:30", "2025-03-30 03:30"]).tz_localize(
        "Europe/Berlin"
    )
    table = funnel.conversion(events, user="user", step="step", time="time", steps=["visit", "pay"])
    assert table.loc[1, "median_time"] == pd.Timedelta("1h")


def test_difference_refuses_an_empty_group_and_impossible_counts():
    # issue 26: difference(0, 0, 1, 5) was a bare ZeroDivisionError
    with pytest.raises(ValueError, match="n_a is 0: group a has no users"):
        funnel.difference(0, 0, 1, 5)
    with pytest.raises(ValueError, match=r"successes_b \(6\) exceeds n_b \(5\)"):
        funnel.difference(1, 5, 6, 5)
    with pytest.raises(ValueError, match="non-negative"):
        funnel.difference(-1, 5, 1, 5)
    with pytest.raises(TypeError, match="must be a number of users"):
        funnel.difference("3", 5, 1, 5)
    with pytest.raises(ValueError, match="method must be one of"):
        funnel.difference(1, 5, 1, 5, method="wald")
    # hand-worked method 11 at the edge: 0/10 vs 0/20, each Wilson-cc interval from 0
    d, low, high = funnel.difference(0, 10, 0, 20)
    z = 1.959963984540054
    upper = [(2 * n * 0 + z * z + 1 + z * np.sqrt(z * z + 2 - 1 / n)) / (2 * (n + z * z))
             for n in (10, 20)]  # fmt: skip
    assert d == 0 and low == pytest.approx(-upper[0]) and high == pytest.approx(upper[1])


def _ab(converted_a, n_a, converted_b, n_b):
    rows = [(f"a{i}", "visit", 0, "A") for i in range(n_a)]
    rows += [(f"a{i}", "pay", 1, "A") for i in range(converted_a)]
    rows += [(f"b{i}", "visit", 0, "B") for i in range(n_b)]
    rows += [(f"b{i}", "pay", 1, "B") for i in range(converted_b)]
    events = pd.DataFrame(rows, columns=["user", "step", "minute", "variant"])
    events["time"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(events["minute"], unit="min")
    return events


def test_compare_uses_fishers_exact_test():
    from scipy.stats import fisher_exact

    table = funnel.compare(_ab(2, 20, 9, 20), user="user", step="step", time="time",
                           steps=["visit", "pay"], group="variant")  # fmt: skip
    expected = fisher_exact([[2, 18], [9, 11]]).pvalue
    assert table.loc[1, "p_value"] == pytest.approx(expected) and table.loc[1, "note"] == ""


def test_compare_zero_against_zero_is_reported_and_counted_not_dropped():
    # issue 26: both arms converting 0% gave a NaN p-value with no note, and Holm dropped it
    options = dict(user="user", step="step", time="time", steps=["visit", "pay"], group="variant")
    table = funnel.compare(_ab(0, 20, 0, 20), **options, adjust="holm")
    assert table.loc[1, "p_value"] == 1.0 and table.loc[1, "p_adjusted"] == 1.0
    assert "no user of either group converted" in table.loc[1, "note"]
    everyone = funnel.compare(_ab(20, 20, 20, 20), **options)
    assert everyone.loc[1, "p_value"] == 1.0 and "every user" in everyone.loc[1, "note"]


def test_compare_type_one_error_of_small_ab_tests_exact_enumeration():
    """20 users per arm, the same conversion rate p: P(p-value <= 0.05), summed exactly."""
    from scipy.stats import binom

    from cxlib import _exact

    n = 20
    p_values = np.array([[_exact.fisher(x, n, y, n) for y in range(n + 1)] for x in range(n + 1)])
    for rate in (0.05, 0.2, 0.5, 0.9):
        pmf = binom.pmf(np.arange(n + 1), n, rate)
        size = (np.outer(pmf, pmf) * (p_values <= 0.05)).sum()
        assert size <= 0.05, (rate, size)
