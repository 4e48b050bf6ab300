"""cxlib.retention: Fader & Hardie's published estimates, hand-worked tables, bad input."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import betaln

from cxlib import retention

# Fader & Hardie (2007), "How to project customer retention", Table 1: customers (of 1,000)
# still active at the start of years 0-12. The paper fits years 0-7.
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


@pytest.mark.parametrize(
    ("counts", "alpha", "beta", "log_likelihood"),
    [(REGULAR, 0.704, 1.182, -1680.3), (HIGH_END, 0.668, 3.806, -1611.2)],
    ids=["regular", "high end"],
)
def test_fader_hardie_published_estimates(counts, alpha, beta, log_likelihood):
    fit = retention.fit_sbg(counts[:8])
    assert (round(fit.alpha, 3), round(fit.beta, 3)) == (alpha, beta)
    assert round(fit.log_likelihood, 1) == log_likelihood
    assert 0 < fit.se_alpha < fit.alpha and 0 < fit.se_beta < fit.beta
    assert fit.ci_alpha[0] < fit.alpha < fit.ci_alpha[1]
    assert "alpha 0." in str(fit)


def test_log_likelihood_matches_the_closed_form_by_hand():
    # Fader & Hardie's appendix B likelihood, written out for alpha = beta = 1 on three periods:
    # P(T=1) = 1/2, P(T=2) = 1/6, S(2) = 1/3.
    fit_counts = np.array([100.0, 60.0, 45.0])
    from cxlib._sbg import _log_likelihood

    expected = 40 * np.log(1 / 2) + 15 * np.log(1 / 6) + 45 * np.log(1 / 3)
    assert _log_likelihood(1.0, 1.0, fit_counts) == pytest.approx(expected)
    assert betaln(1, 3) == pytest.approx(np.log(1 / 3))


def test_standard_errors_agree_with_a_simulation():
    fit = retention.fit_sbg(HIGH_END[:8])
    rng = np.random.default_rng(5)
    estimates = []
    for _ in range(60):
        theta = rng.beta(fit.alpha, fit.beta, 1000)
        leave = rng.geometric(theta)  # renewal at which each customer leaves
        alive = [int((leave > t).sum()) for t in range(8)]
        estimates.append(retention.fit_sbg(alive).beta)
    assert np.std(estimates) == pytest.approx(fit.se_beta, rel=0.35)


def test_projection_follows_the_retention_formula_and_forecasts_the_holdout():
    fit = retention.fit_sbg(HIGH_END[:8])
    ahead = retention.project(fit, 12)
    t = np.arange(1, 13)
    r = (fit.beta + t - 1) / (fit.alpha + fit.beta + t - 1)
    np.testing.assert_allclose(ahead["retention"].to_numpy()[1:], r)
    np.testing.assert_allclose(ahead["survival"].to_numpy()[1:], np.cumprod(r))
    assert (np.diff(ahead["retention"].to_numpy()[1:]) > 0).all()  # rising: the sorting effect
    # Years 8-12 were not fitted; the model stays within 5% of them (the paper's point).
    held_out = np.array(HIGH_END[8:]) / 1000
    assert np.abs(ahead["survival"].to_numpy()[8:] / held_out - 1).max() < 0.05
    assert (ahead["survival_low"] <= ahead["survival"] + 1e-12).all()
    assert ahead["observed"].iloc[:8].tolist() == HIGH_END[:8]
    # A straight line through the same years does much worse (the paper's warning).
    slope, intercept = np.polyfit(np.arange(8), np.array(HIGH_END[:8]) / 1000, 1)
    assert abs((intercept + 12 * slope) / held_out[-1] - 1) > 0.5


def test_lifetime_value_against_its_definition_and_the_constant_retention_formula():
    fit = retention.fit_sbg(REGULAR[:8])
    value = retention.lifetime_value(fit, margin=100.0, discount=0.1)
    survival = retention.project(fit, 2000)["survival"].to_numpy()
    discount = 1.1 ** -np.arange(2001)
    assert value.expected_lifetime == pytest.approx(survival @ discount, rel=1e-6)
    assert value.clv == pytest.approx(100 * value.expected_lifetime)
    # DERL after n - 1 renewals: sum over t >= n of S(t) / S(n - 1) / 1.1^(t - n)
    for renewals in (0, 3, 7):
        n = renewals + 1
        by_hand = survival[n:] / survival[n - 1] @ discount[: len(survival) - n]
        assert value.residual.loc[renewals, "derl"] == pytest.approx(by_hand, rel=1e-6)
    assert value.expected_lifetime == pytest.approx(1 + value.residual.loc[0, "derl"] / 1.1)
    assert value.residual["derl"].is_monotonic_increasing  # loyal customers remain
    assert value.ci[0] < value.clv < value.ci[1]
    # Without heterogeneity (alpha, beta large, theta fixed) DERL -> r (1 + d) / (1 + d - r).
    homogeneous = retention.SBGFit(
        2000.0, 8000.0, 0.0, 0.0, (2000.0, 2000.0), (8000.0, 8000.0),
        np.zeros((2, 2)), 0.0, (100, 80, 64), 0.95,
    )  # fmt: skip
    r = 0.8
    flat = retention.lifetime_value(homogeneous, margin=1.0, discount=0.1)
    assert flat.residual.loc[0, "derl"] == pytest.approx(r * 1.1 / (1.1 - r), rel=1e-3)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1000, 900], "at least 3 counts"),
        ([1000, 900, 950], "never increase"),
        ([1000, 1000, 1000], "no customer left"),
        ([1000, 0, 0], "every customer left"),
        ([1000, 900.5, 800], "whole"),
        ([0, 0, 0], "positive"),
    ],
)
def test_fit_sbg_refuses_counts_it_cannot_model(counts, message):
    with pytest.raises(ValueError, match=message):
        retention.fit_sbg(counts)


def test_lifetime_value_refuses_bad_arguments():
    fit = retention.fit_sbg(HIGH_END[:8])
    with pytest.raises(ValueError, match="discount must be positive"):
        retention.lifetime_value(fit, 100, 0)
    with pytest.raises(TypeError, match="margin must be a number"):
        retention.lifetime_value(fit, "100", 0.1)
    with pytest.raises(TypeError, match="fit_sbg"):
        retention.project({"alpha": 1}, 5)


def orders_from(rows, amount=False):
    columns = ["customer", "time"] + (["amount"] if amount else [])
    frame = pd.DataFrame(rows, columns=columns)
    frame["time"] = pd.to_datetime(frame["time"])
    return frame


def random_orders(seed=0, n=3000, customers=300):
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 3 * 365, n)
    return pd.DataFrame(
        {
            "customer": rng.integers(0, customers, n),
            "time": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"),
            "amount": rng.gamma(2.0, 200.0, n).round(0),
        }
    )


def test_cohorts_match_plain_pandas():
    orders = random_orders()
    table = retention.cohorts(orders, customer="customer", time="time")
    month = orders["time"].dt.to_period("M")
    cohort = month.groupby(orders["customer"]).transform("min")
    age = (month - cohort).map(lambda offset: offset.n)
    expected = (
        orders.assign(cohort=cohort, age=age)
        .groupby(["cohort", "age"])["customer"]
        .nunique()
        .unstack(fill_value=0)
    )
    observed = table.active.fillna(-1).astype(int)
    expected = expected.reindex_like(observed).fillna(0).astype(int)
    expected = expected.where(table.active.notna(), -1)
    pd.testing.assert_frame_equal(observed, expected, check_names=False)
    assert (table.rate.iloc[:, 0] == 1).all()
    assert ((table.low <= table.rate) | table.rate.isna()).all().all()


def test_cohort_curve_pools_observed_cohorts_only():
    orders = orders_from(
        [(1, "2025-01-05"), (1, "2025-02-01"), (2, "2025-01-20"), (3, "2025-02-03")]
    )
    curve = retention.cohorts(orders, customer="customer", time="time").curve()
    assert curve["customers"].tolist() == [3, 2] and curve["rate"].tolist() == [1.0, 0.5]


@pytest.mark.parametrize(("period", "label"), [("Q", "2025Q1"), ("Y", "2025"), ("W", "2025-01-06")])
def test_other_period_lengths(period, label):
    orders = orders_from([(1, "2025-01-08"), (1, "2025-06-01"), (2, "2025-01-12")])
    table = retention.cohorts(orders, customer="customer", time="time", period=period)
    assert str(table.active.index[0]).startswith(label)
    assert table.size.iloc[0] == 2


def test_cohorts_mark_unobserved_periods_and_read_text_dates_and_time_zones():
    text = pd.DataFrame({"customer": ["a", "b"], "time": ["2025-03-01", "2025-01-15"]})
    table = retention.cohorts(text, customer="customer", time="time", now="2025-04-30")
    assert table.active.shape == (2, 4) and np.isnan(table.active.iloc[1, 3])
    zoned = orders_from([(1, "2025-01-31 23:30"), (1, "2025-02-01 00:30")])
    zoned["time"] = zoned["time"].dt.tz_localize("Asia/Shanghai")
    local = retention.cohorts(zoned, customer="customer", time="time")
    assert local.active.iloc[0].tolist() == [1.0, 1.0]  # months in local time, not UTC


def test_repeat_rate_by_hand_and_against_plain_pandas():
    orders = orders_from(
        [(1, "2024-01-01"), (1, "2024-02-10"), (2, "2024-01-01"), (2, "2025-02-04"),
         (3, "2024-03-01"), (4, "2025-03-01"), (5, "2024-01-01"), (5, "2024-01-01")]
    )  # fmt: skip
    result = retention.repeat_rate(orders, customer="customer", time="time", now="2025-03-11")
    # customer 5's two orders at the same moment are not a repeat; customer 4 is too recent
    assert (result.repeaters, result.customers, result.too_recent) == (1, 4, 1)
    orders = random_orders(seed=2)
    result = retention.repeat_rate(orders, customer="customer", time="time", within="180D")
    first = orders.groupby("customer")["time"].min()
    later = orders[orders["time"] > orders.groupby("customer")["time"].transform("min")]
    second = later.groupby("customer")["time"].min().reindex(first.index)
    eligible = first + pd.Timedelta("180D") <= orders["time"].max()
    expected = ((second - first) <= pd.Timedelta("180D"))[eligible]
    assert (result.repeaters, result.customers) == (int(expected.sum()), int(eligible.sum()))
    assert result.ci[0] < result.rate < result.ci[1]


def test_repeat_rate_by_segment():
    orders = random_orders(seed=4)
    orders["channel"] = np.where(orders["customer"] % 2 == 0, "app", "agency")
    table = retention.repeat_rate(orders, customer="customer", time="time", by="channel")
    assert list(table.index) == ["agency", "app"]
    overall = retention.repeat_rate(orders, customer="customer", time="time")
    assert table["customers"].sum() == overall.customers
    assert table["repeaters"].sum() == overall.repeaters
    orders.loc[0, "channel"] = "app" if orders.loc[0, "channel"] == "agency" else "agency"
    with pytest.raises(ValueError, match="constant within a customer; 1 customers"):
        retention.repeat_rate(orders, customer="customer", time="time", by="channel")
    with pytest.raises(ValueError, match="no customer's first order"):
        retention.repeat_rate(orders, customer="customer", time="time", within="5000D")


def test_rfm_scores_ties_profile_and_reference():
    orders = random_orders(seed=7)
    result = retention.rfm(
        orders, customer="customer", time="time", amount="amount", now="2025-01-01"
    )
    customers = result.customers
    # same value, same score
    assert (customers.groupby("frequency")["f"].nunique() == 1).all()
    assert (customers.groupby("recency_days")["r"].nunique() == 1).all()
    # scores follow the values: better values never score lower
    ranked = customers.sort_values("monetary")
    assert ranked["m"].is_monotonic_increasing
    assert customers["r"].between(1, 5).all()
    expected = orders.groupby("customer").agg(
        frequency=("time", "size"), monetary=("amount", "sum")
    )
    pd.testing.assert_series_equal(
        customers["frequency"], expected["frequency"], check_dtype=False, check_names=False
    )
    profile = result.profile
    assert profile["customers"].sum() == len(customers)
    assert profile["revenue_share"].sum() == pytest.approx(1.0)
    assert list(profile.index) == list(retention.SEGMENTS.index)
    champions = customers[customers["segment"] == "champions"]
    assert (champions["r"] >= 4).all() and ((champions["f"] + champions["m"]) / 2 >= 4).all()


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda o: o.assign(time=o["time"].where(o.index != 1, pd.Timestamp("2026-05-01"))),
         ValueError, "1 dates after now"),
        (lambda o: o.assign(amount=o["amount"].where(o.index != 2, -50.0)), ValueError,
         "amount is negative in 1 of 4 rows: rows 2 \\(values -50.0\\)"),
        (lambda o: pd.concat([o, pd.DataFrame({"customer": [9], "time": [pd.NaT],
                                               "amount": [np.nan]})], ignore_index=True),
         ValueError, "1 customers have no orders"),
        (lambda o: o.assign(time=o["time"].where(o.index != 3)), ValueError, "without a date"),
        (lambda o: o.assign(time=["2025-01-01 10:00+08:00", "2025-01-02 10:00+01:00",
                                  "2025-01-03 10:00+08:00", "2025-01-04 10:00+08:00"]),
         ValueError, "mixes time zones"),
        (lambda o: o.assign(time=pd.Series([pd.Timestamp("2025-01-01"),
                                            pd.Timestamp("2025-01-02", tz="UTC"),
                                            pd.Timestamp("2025-01-03"),
                                            pd.Timestamp("2025-01-04")], dtype=object)),
         ValueError, "with a time zone \\(1 rows: rows 1\\) and without one \\(3 rows"),
        (lambda o: o.assign(time=["2025-01-01", "2025-13-45", "2025-01-03", "yesterday"]),
         ValueError, "2 of 4 values that are not dates"),
        (lambda o: o.assign(amount=["10", "20", "30", "40"]), TypeError, "must hold numbers"),
        (lambda o: o.assign(amount=[10.0, np.nan, 30.0, 40.0]), ValueError, "missing or infinite"),
        (lambda o: o.assign(customer=[1.0, np.nan, 2.0, 2.0]), ValueError, "customer is missing"),
        (lambda o: o.drop(columns="amount"), ValueError, "no column 'amount'"),
    ],
)  # fmt: skip
def test_bad_orders_name_rows_and_counts(change, error, message):
    orders = orders_from(
        [(1, "2025-01-01", 100.0), (1, "2025-02-01", 80.0), (2, "2025-01-15", 60.0),
         (2, "2025-03-01", 90.0)],
        amount=True,
    )  # fmt: skip
    with pytest.raises(error, match=message):
        retention.rfm(
            change(orders), customer="customer", time="time", amount="amount", now="2025-12-31"
        )


def test_now_must_match_the_dates_time_zone_state():
    orders = orders_from([(1, "2025-01-01"), (2, "2025-02-01")])
    orders["time"] = orders["time"].dt.tz_localize("UTC")
    with pytest.raises(ValueError, match="both have a time zone or both have none"):
        retention.cohorts(orders, customer="customer", time="time", now="2025-06-01")
    table = retention.cohorts(orders, customer="customer", time="time", now="2025-06-01 00:00Z")
    assert table.active.shape[1] == 6


def test_identifiers_of_any_kind_give_the_same_answer():
    orders = random_orders(seed=9)
    expected = retention.repeat_rate(orders, customer="customer", time="time")
    for ids in (
        orders["customer"] * 1000 - 7,  # sparse integers: factorised, not a presence table
        orders["customer"].astype("Int64"),
        "K" + orders["customer"].astype(str),
        orders["customer"].astype("category"),
    ):
        result = retention.repeat_rate(
            orders.assign(customer=ids), customer="customer", time="time"
        )
        assert (result.repeaters, result.customers) == (expected.repeaters, expected.customers)


def test_cohorts_give_the_same_table_without_the_presence_bitmap(monkeypatch):
    orders = random_orders(seed=12)
    expected = retention.cohorts(orders, customer="customer", time="time", period="W")
    monkeypatch.setattr(retention, "_BITMAP_LIMIT", 0)  # the sort-based path for huge tables
    result = retention.cohorts(orders, customer="customer", time="time", period="W")
    pd.testing.assert_frame_equal(result.active, expected.active)
