"""The BG/NBD and gamma-gamma models in cxlib.retention, on Fader, Hardie & Lee's CDNOW sample.

Published numbers: Fader, Hardie & Lee (2005), Marketing Science 24(2), 275-284 (r = 0.243,
alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4); Fader, Hardie & Lee (2005b), JMR 42(4),
415-430 (p = 6.25, q = 3.74, gamma = 15.44; correlation of spend and frequency 0.11); Hardie's
spreadsheets for both papers (the 1.226 conditional expectation, E[X(t)] at six times, the
expected spend of the first ten customers).
"""

import numpy as np
import pandas as pd
import pytest

from cxlib import datasets, retention

# The CDNOW RFM summary of Hardie's note 022 (as the lifetimes package ships it,
# cdnow_customers_summary_with_transactions.csv), first ten customers, 39 weeks to
# 1997-09-30: repeat purchases x, recency t_x, age T (weeks, two decimals) and mean repeat spend.
HARDIE_FIRST_TEN = pd.DataFrame(
    {
        "x": [2, 1, 0, 0, 0, 7, 1, 0, 2, 0],
        "t_x": [30.43, 1.71, 0.0, 0.0, 0.0, 29.43, 5.0, 0.0, 35.71, 0.0],
        "T": [38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86],
        "m_x": [22.35, 11.77, np.nan, np.nan, np.nan, 73.74, 11.77, np.nan, 25.55, np.nan],
    },
    index=pd.Index([f"{i:04d}" for i in range(1, 11)], name="customer_id"),
)


@pytest.fixture(scope="module")
def cdnow():
    orders = datasets.load("cdnow_sample")
    summary = retention.repeat_summary(
        orders,
        customer="customer_id",
        time="date",
        amount="amount",
        end="1997-09-30",
        holdout_end="1998-06-30",
    )
    return summary


@pytest.fixture(scope="module")
def fits(cdnow):
    return retention.fit_bgnbd(cdnow), retention.fit_spend(cdnow)


def test_the_dataset_is_real_labelled_and_complete():
    orders = datasets.load("cdnow_sample")
    assert orders.attrs["synthetic"] is False and "Fader" in orders.attrs["source"]
    assert len(orders) == 6919 and orders["customer_id"].nunique() == 2357
    assert orders["date"].min() == pd.Timestamp("1997-01-01")
    assert orders["date"].max() == pd.Timestamp("1998-06-30")
    assert orders.groupby("customer_id")["date"].min().max() < pd.Timestamp("1997-04-01")


def test_summary_reproduces_hardies_rfm_summary(cdnow):
    first = cdnow.loc[HARDIE_FIRST_TEN.index]
    np.testing.assert_array_equal(first["x"], HARDIE_FIRST_TEN["x"])
    np.testing.assert_allclose(first[["t_x", "T"]].round(2), HARDIE_FIRST_TEN[["t_x", "T"]])
    np.testing.assert_allclose(first["m_x"], HARDIE_FIRST_TEN["m_x"], atol=0.006)
    assert len(cdnow) == 2357 and int(cdnow["x"].sum()) == 2457
    assert (cdnow["x"] > 0).sum() == 946  # the repeat buyers of the spend model
    assert cdnow.attrs == {"unit": "W", "end": "1997-09-30", "later_customers": 0}


def test_bgnbd_reproduces_the_published_estimates(fits):
    fit, _ = fits
    assert [round(v, 3) for v in (fit.r, fit.alpha, fit.a, fit.b)] == [0.243, 4.414, 0.793, 2.426]
    assert round(fit.log_likelihood, 1) == -9582.4
    for name in ("r", "alpha", "a", "b"):
        low, high = fit.ci[name]
        assert 0 < fit.se[name] and low < getattr(fit, name) < high
    assert "2,357 customers" in str(fit)


def test_expectations_match_hardies_spreadsheet(fits):
    fit, _ = fits
    times = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00]
    expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    np.testing.assert_allclose(retention.expected_repeat(fit, times), expected, atol=6e-4)
    one = pd.DataFrame({"x": [2], "t_x": [30.43], "T": [38.86]})
    assert retention.conditional_repeat(fit, one, 39).iloc[0] == pytest.approx(1.226, abs=5e-4)


def test_expected_frequencies_sum_to_the_customers_and_track_the_observed(cdnow, fits):
    fit, _ = fits
    expected = retention.expected_frequencies(fit, cdnow)
    assert expected.sum() == pytest.approx(len(cdnow))
    observed = np.bincount(np.minimum(cdnow["x"], 7), minlength=8)
    # the paper's Figure 2: close in every class
    np.testing.assert_allclose(expected.to_numpy(), observed, rtol=0.15, atol=8)


def test_p_alive_behaves_as_the_model_says(fits):
    fit, _ = fits
    customers = pd.DataFrame(
        {"x": [0, 3, 3, 3, 10], "t_x": [0.0, 38.0, 20.0, 5.0, 20.0], "T": [39.0] * 5}
    )
    alive = retention.p_alive(fit, customers).to_numpy()
    assert alive[0] == 1.0  # no repeat purchase: cannot have dropped out yet
    assert alive[1] > alive[2] > alive[3]  # a longer silence since the last purchase
    assert alive[4] < alive[2]  # the same silence means more for a frequent buyer


def test_spend_model_reproduces_the_published_estimates(cdnow, fits):
    _, spend = fits
    assert spend.customers == 946
    assert (round(spend.p, 2), round(spend.q, 2), round(spend.gamma, 2)) == (6.25, 3.74, 15.44)
    assert spend.mean_spend == pytest.approx(35.17, abs=0.01)
    buyers = cdnow[cdnow["x"] > 0]
    assert np.corrcoef(buyers["x"], buyers["m_x"])[0, 1] == pytest.approx(0.11, abs=0.005)
    hardie = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
    got = retention.expected_spend(spend, cdnow.loc[HARDIE_FIRST_TEN.index])
    np.testing.assert_allclose(got, hardie, atol=0.02)


def test_bgnbd_recovers_known_parameters_from_simulated_customers():
    rng = np.random.default_rng(20261207)
    n, r, alpha, a, b = 6000, 0.5, 6.0, 0.7, 2.8
    rates = rng.gamma(r, 1 / alpha, n)
    dropout = rng.beta(a, b, n)
    big_t = rng.uniform(30, 40, n)
    # vectorised simulation: up to 80 purchases each (beyond any realistic count here)
    gaps = rng.exponential(1 / rates[:, None], (n, 80))
    times = np.cumsum(gaps, axis=1)
    leave = rng.random((n, 80)) < dropout[:, None]
    # a customer is alive for purchase k if no drop-out followed purchases 1..k-1 (repeat k)
    alive = np.cumprod(np.concatenate([np.ones((n, 1), bool), ~leave[:, :-1]], axis=1), axis=1)
    seen = alive.astype(bool) & (times <= big_t[:, None])
    x = seen.sum(axis=1)
    t_x = np.where(x > 0, np.take_along_axis(times, np.maximum(x - 1, 0)[:, None], 1)[:, 0], 0.0)
    summary = pd.DataFrame({"x": x, "t_x": t_x, "T": big_t})
    fit = retention.fit_bgnbd(summary)
    for name, truth in (("r", r), ("alpha", alpha), ("a", a), ("b", b)):
        estimate, se = getattr(fit, name), fit.se[name]
        assert abs(estimate - truth) < 3.5 * se, (name, estimate, truth, se)
    expected = retention.expected_frequencies(fit, summary, max_x=5)
    observed = np.bincount(np.minimum(x, 5), minlength=6)
    np.testing.assert_allclose(expected.to_numpy(), observed, rtol=0.12, atol=15)


def test_summary_matches_plain_pandas_on_random_orders():
    rng = np.random.default_rng(3)
    orders = pd.DataFrame(
        {
            "who": rng.integers(0, 300, 4000).astype(str),
            "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 500, 4000), "D"),
            "paid": rng.uniform(1, 100, 4000).round(2),
        }
    ).sample(frac=1, random_state=1)
    end = pd.Timestamp("2024-12-31")
    got = retention.repeat_summary(
        orders,
        customer="who",
        time="when",
        amount="paid",
        end=end,
        holdout_end="2025-05-14",
        unit="D",
    )
    days = orders.groupby(["who", "when"], as_index=False)["paid"].sum()
    calibration = days[days["when"] <= end]
    first = calibration.groupby("who")["when"].min()
    last = calibration.groupby("who")["when"].max()
    x = calibration.groupby("who").size() - 1
    repeat = calibration[calibration["when"] > calibration["who"].map(first)]
    m_x = repeat.groupby("who")["paid"].mean()
    holdout = days[days["when"] > end].groupby("who").size()
    want = pd.DataFrame(
        {
            "x": x,
            "t_x": (last - first).dt.days.astype(float),
            "T": (end - first).dt.days.astype(float),
            "m_x": m_x,
            "x_holdout": holdout,
        }
    ).fillna({"x_holdout": 0})
    got = got.sort_index()
    want = want.loc[got.index]
    np.testing.assert_array_equal(got["x"], want["x"])
    np.testing.assert_allclose(got[["t_x", "T"]], want[["t_x", "T"]])
    np.testing.assert_allclose(got["m_x"], want["m_x"])
    np.testing.assert_array_equal(got["x_holdout"], want["x_holdout"])
    later = orders.groupby("who")["when"].min() > end
    assert got.attrs["later_customers"] == int(later.sum())


def test_repeat_value_is_margin_times_purchases_times_spend_discounted(cdnow, fits):
    fit, spend = fits
    plain = retention.repeat_value(
        fit, spend, cdnow, margin=0.3, discount=0.0, horizon=39, steps=1, draws=50
    )
    purchases = retention.conditional_repeat(fit, cdnow, 39)
    money = retention.expected_spend(spend, cdnow)
    np.testing.assert_allclose(plain.customers["value"], 0.3 * purchases * money)
    discounted = retention.repeat_value(
        fit, spend, cdnow, margin=0.3, discount=0.1, horizon=52, draws=50
    )
    low, high = discounted.ci
    assert low < discounted.total < high
    assert (discounted.customers["value_low"] <= discounted.customers["value"] + 1e-9).all()
    longer = retention.repeat_value(
        fit, spend, cdnow, margin=0.3, discount=0.1, horizon=104, draws=10
    )
    assert longer.total > discounted.total
    stingy = retention.repeat_value(
        fit, spend, cdnow, margin=0.3, discount=0.5, horizon=52, draws=10
    )
    assert stingy.total < discounted.total


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.drop(columns="t_x"), "lacks column"),
        (lambda s: s.assign(x=s["x"] + 0.5), "x not a whole number"),
        (lambda s: s.assign(T=0.0), "T not positive"),
        (lambda s: s.assign(t_x=s["T"] + 1), "t_x outside 0 to T"),
        (lambda s: s.assign(x=0, t_x=1.0), "t_x not 0"),
        (lambda s: s.iloc[:0], "empty"),
    ],
)
def test_bad_summaries_are_named(change, message):
    summary = HARDIE_FIRST_TEN.copy()
    with pytest.raises(ValueError, match=message):
        retention.fit_bgnbd(change(summary))


def test_other_bad_input():
    with pytest.raises(TypeError, match="DataFrame with columns x, t_x, T"):
        retention.fit_bgnbd([1, 2, 3])
    with pytest.raises(ValueError, match="no customer made a repeat purchase"):
        retention.fit_bgnbd(HARDIE_FIRST_TEN.assign(x=0, t_x=0.0))
    orders = pd.DataFrame({"c": ["a", "a"], "t": ["2025-01-01", "2025-02-01"]})
    with pytest.raises(ValueError, match=r"holdout_end .* must be after end"):
        retention.repeat_summary(
            orders, customer="c", time="t", end="2025-03-01", holdout_end="2025-02-01"
        )
    with pytest.raises(ValueError, match="unit must be one of"):
        retention.repeat_summary(orders, customer="c", time="t", end="2025-03-01", unit="M")
    with pytest.raises(ValueError, match="no m_x"):
        retention.fit_spend(HARDIE_FIRST_TEN.drop(columns="m_x"))
    with pytest.raises(ValueError, match=r"m_x must be a positive number .* 0001"):
        retention.fit_spend(
            HARDIE_FIRST_TEN.assign(
                m_x=HARDIE_FIRST_TEN["m_x"].where(HARDIE_FIRST_TEN.index != "0001", 0.0)
            )
        )
    with pytest.raises(TypeError, match=r"retention\.fit_bgnbd"):
        retention.p_alive("fit", HARDIE_FIRST_TEN)
    with pytest.raises(ValueError, match="t must be finite and not negative"):
        fit = retention.BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 1, "W", 0.95)
        retention.expected_repeat(fit, -1)
