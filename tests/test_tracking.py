"""cxlib.tracking: control charts and trend tests for a metric per period."""

from math import sqrt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlib import tracking

NOISE = (0.25, 0.35, 0.40)  # detractor, passive, promoter shares of a stable process: NPS +15


def _answers(rng, periods, size, shares):
    """Answer-level 0-10 scores: ``shares[i]`` = (detractor, passive, promoter) in period i."""
    n = rng.integers(size // 2, size * 3 // 2, size=periods)
    month = np.repeat(np.arange(periods), n)
    cumulative = np.cumsum(np.asarray(shares), axis=1)[month]
    kind = (rng.random(month.size)[:, None] > cumulative[:, :2]).sum(axis=1)
    score = np.choose(kind, [rng.integers(0, 7, month.size), rng.integers(7, 9, month.size), 10])
    dates = pd.Timestamp("2024-01-15") + pd.to_timedelta(30.4 * month, unit="D")
    return pd.DataFrame({"score": score, "date": dates})


def _counts(rng, periods, size, shares):
    n = rng.integers(size // 2, size * 3 // 2, size=periods)
    counts = np.array([rng.multinomial(k, p) for k, p in zip(n, shares, strict=True)])
    return pd.DataFrame(
        {
            "t": np.arange(periods),
            "detractors": counts[:, 0],
            "passives": counts[:, 1],
            "promoters": counts[:, 2],
        }
    )


def _brute_limits(answer_pmf, n, alpha=0.0027):
    """Limits of the period total by repeated convolution and a loop over totals (no FFT)."""
    pmf = np.array([1.0])
    for _ in range(n):
        pmf = np.convolve(pmf, answer_pmf)
    inside = []
    for total, own in enumerate(pmf):
        less = pmf[pmf < own * (1 - 1e-9)].sum()
        same = pmf[np.abs(pmf - own) <= own * 1e-9].sum()
        if less + same / 2 > alpha:
            inside.append(total)
    median = int(np.searchsorted(np.cumsum(pmf), 0.5 - 1e-12))
    return inside[0], inside[-1], median


def test_hand_worked_nps_limits_and_trend():
    # Month 1: 10, 9, 7, 3 (NPS +25); month 2: 10, 6, 5, 8 (NPS -25), 25 copies of each month.
    # Pooled: 3/8 detractors, 2/8 passives, 3/8 promoters; centre 0. The limits are those of
    # the NPS of 100 answers drawn from these shares: the totals whose two-sided mid-p value is
    # above 0.27%, found here by plain repeated convolution.
    one = [10, 9, 7, 3] * 25
    two = [10, 6, 5, 8] * 25
    df = pd.DataFrame({"score": one + two, "date": ["2025-01-05"] * 100 + ["2025-02-05"] * 100})
    result = tracking.by_period(df, "score", "date")
    table = result.table
    assert table["value"].tolist() == pytest.approx([25.0, -25.0])
    low, high, median = _brute_limits(np.array([3, 2, 3]) / 8, 100)  # totals 0..200 = T + 100
    assert table["lcl"].tolist() == pytest.approx([low - 100] * 2)
    assert table["ucl"].tolist() == pytest.approx([high - 100] * 2)
    assert table["median"].tolist() == pytest.approx([median - 100] * 2) and median == 100
    assert 24 <= table["ucl"][0] < 3 * 100 * sqrt(0.0075)  # close to the normal 25.98
    assert not table["beyond"].any()
    # Trend: t = 0, 1, sum n (t - tbar)^2 = 200 * 0.25 = 50, slope -50, SE = 100 sqrt(0.75 / 50).
    assert result.trend.slope == pytest.approx(-50.0)
    assert result.trend.se == pytest.approx(100 * sqrt(0.75 / 50))
    # Own-period SE: 100 * sqrt((0.5 + 0.25) - 0.25^2) / sqrt(100) = 8.29.
    assert table["se"][0] == pytest.approx(100 * sqrt(0.75 - 0.0625) / 10)


def test_adjusted_wald_interval_of_a_small_period():
    # Rocks (2016): add 3/4 promoter, 3/4 detractor, 3/2 passive. Two promoters of two answers:
    # n' = 5, p_P = 2.75 / 5 = 0.55, p_D = 0.15, NPS' = 0.40, var = 0.70 - 0.16 = 0.54.
    df = pd.DataFrame({"score": [10, 9, 5, 8], "date": ["2025-01-01"] * 2 + ["2025-03-01"] * 2})
    table = tracking.by_period(df, "score", "date").table
    half = 1.959964 * sqrt(0.54 / 5)
    assert table["ci_low"][0] == pytest.approx(100 * (0.40 - half), rel=1e-5)
    assert table["ci_high"][0] == pytest.approx(100, rel=1e-9)  # 40 + 64.4, clipped
    # February has no answers: shown as missing, not an error.
    assert table["period"].astype(str).tolist() == ["2025-01", "2025-02", "2025-03"]
    assert table["n"][1] == 0 and np.isnan(table["value"][1]) and not table["flagged"][1]
    assert table[["se", "ci_low", "ci_high", "lcl", "ucl"]].iloc[1].isna().all()


def test_cochran_armitage_matches_r_prop_trend_test():
    # R: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)): X-squared = 8.2249,
    # p-value = 0.004132 (the example in R's documentation).
    counts = pd.DataFrame(
        {"g": [1, 2, 3, 4], "successes": [83, 90, 129, 70], "n": [86, 93, 136, 82]}
    )
    trend = tracking.from_counts(counts, "g", "share").trend
    assert trend.z**2 == pytest.approx(8.2249, abs=1e-4)
    assert trend.p_value == pytest.approx(0.004132, abs=1e-6)
    assert trend.slope < 0


def test_csat_is_a_p_chart_with_exact_binomial_limits():
    # Top-2-box on 1-5: month A 8 of 10, month B 2 of 10. pbar = 0.5; the total of 10 answers
    # is binomial: 0 and 10 have probability 1/1024 each, so their mid-p value is
    # 0 + (2/1024) / 2 = 0.00098 <= 0.0027 (flagged); 1 and 9 have 2/1024 + (20/1024) / 2 =
    # 0.0117 (not flagged): the limits are 10% and 90% (the normal ones: 50 -/+ 47.4).
    df = pd.DataFrame(
        {
            "sat": [5] * 8 + [1] * 2 + [4] * 2 + [2] * 8,
            "month": ["A"] * 10 + ["B"] * 10,
        }
    )
    table = tracking.by_period(df, "sat", "month", period=None, metric="csat").table
    assert table["value"].tolist() == pytest.approx([80.0, 20.0])
    assert table["lcl"].tolist() == pytest.approx([10.0] * 2)
    assert table["ucl"].tolist() == pytest.approx([90.0] * 2)
    assert table["median"].tolist() == pytest.approx([50.0] * 2)
    assert table["beyond"].tolist() == [False, False]
    ci = stats.binomtest(8, 10).proportion_ci(method="wilsoncc")
    assert (table["ci_low"][0], table["ci_high"][0]) == pytest.approx((100 * ci.low, 100 * ci.high))


def test_ces_limits_from_the_distribution_of_the_mean():
    # Period 1: 5, 6, 7 (mean 6); period 2: 3, 4, 5 (mean 4). Pooled answers 3, 4, 5, 5, 6, 7
    # on 1-7; the mean of 3 answers drawn from them: limits by plain convolution. The trend
    # uses the pooled within-period sd = sqrt(4/4) = 1, as the x-bar chart does.
    df = pd.DataFrame({"ces": [5, 6, 7, 3, 4, 5], "t": [1, 1, 1, 2, 2, 2]})
    result = tracking.by_period(df, "ces", "t", period=None, metric="ces")
    assert result.centre == pytest.approx(5.0)
    low, high, _ = _brute_limits(np.array([0, 0, 1, 1, 2, 1, 1]) / 6, 3)  # totals 0..18 = sum - 3
    assert result.table["lcl"].tolist() == pytest.approx([(low + 3) / 3] * 2)
    assert result.table["ucl"].tolist() == pytest.approx([(high + 3) / 3] * 2)
    assert result.table["se"].tolist() == pytest.approx([1 / sqrt(3)] * 2)
    assert result.trend.slope == pytest.approx(-2.0)
    assert result.trend.se == pytest.approx(sqrt(1 / 1.5))  # sum n (t - tbar)^2 = 6 * 0.25
    # each period's interval is the bounded-mean interval of csat.ces and contains the mean
    from cxlib import csat

    assert (result.table["ci_low"][0], result.table["ci_high"][0]) == pytest.approx(
        csat.ces([5, 6, 7]).ci
    )


def test_skewed_metrics_keep_their_false_alarm_rate():
    """Issue 26: CSAT 99% with 30 answers a month had 1.5% of stable months beyond 3-sigma
    limits (0.27% promised). Exact limits: P(beyond) summed over every count stays near 0.27%
    (the mid-p rule aims at it on average, so a lumpy case may sit a little above or below)."""
    from scipy.stats import binom

    for n, p in ((30, 0.99), (30, 0.9), (100, 0.95), (100, 0.99), (300, 0.5), (1000, 0.99)):
        # a long baseline at p: the limits are those of Binomial(n, p)
        counts = pd.DataFrame({"t": [0, 1], "successes": [n * 1000 * p, n * p], "n": [n * 1000, n]})
        table = tracking.from_counts(counts, "t", "share", baseline=(0, 0)).table
        low, high = table["lcl"][1] / 100 * n, table["ucl"][1] / 100 * n
        x = np.arange(n + 1)
        outside = binom.pmf(x, n, p)[(x < low - 1e-9) | (x > high + 1e-9)].sum()
        assert 0.0005 < outside < 0.005, (n, p, outside)
        normal = 100 * p - 300 * sqrt(p * (1 - p) / n)  # the old lower limit, for comparison
        if (n, p) == (30, 0.99):
            assert binom.cdf(np.ceil(normal * n / 100) - 1, n, p) > 0.03  # 3.6%, not 0.27%


def test_share_with_success_values():
    df = pd.DataFrame({"channel": ["app", "web", "app", "app"], "d": ["2025-01-02"] * 4})
    table = tracking.by_period(df, "channel", "d", metric="share", success="app").table
    assert table["value"][0] == pytest.approx(75.0)


def test_planted_shift_is_flagged():
    # 24 months of about 150 answers; from month 18 on, NPS drops from +15 to -15.
    rng = np.random.default_rng(2024)
    shares = [NOISE] * 17 + [(0.40, 0.35, 0.25)] + [NOISE] * 6
    result = tracking.by_period(_answers(rng, 24, 150, shares), "score", "date")
    table = result.table
    assert table.loc[table["beyond"], "period"].astype(str).tolist() == ["2025-06"]
    assert table["value"][17] < table["lcl"][17]


def test_pure_noise_over_24_months_is_not_flagged():
    # About 93% of pure-noise 24-month series flag nothing (see the false-alarm test below);
    # seed 0 is the first one tried.
    result = tracking.by_period(
        _answers(np.random.default_rng(0), 24, 150, [NOISE] * 24), "score", "date"
    )
    assert not result.table["flagged"].any()
    assert result.trend.p_value > 0.05
    assert 0.5 < result.trend.dispersion < 1.6


def test_false_alarm_rate_of_the_limits_is_near_nominal():
    # Probability limits at 0.27% a period. With the centre estimated from the same 24 periods
    # the rate is a little lower; 600 series x 24 periods (binomial SE of the rate 0.0004).
    rng = np.random.default_rng(11)
    beyond = sum(
        tracking.from_counts(_counts(rng, 24, 150, [NOISE] * 24), "t").table["beyond"].sum()
        for _ in range(600)
    )
    rate = beyond / (600 * 24)
    assert 0.0012 < rate < 0.0040


def _no_run_probability(periods, length):
    """P(no run of ``length`` equal signs in ``periods`` fair coin flips), by recursion."""
    state = np.zeros(length)
    state[1] = 1.0  # after the first flip: a run of 1
    for _ in range(periods - 1):
        new = np.zeros(length)
        new[1] = 0.5 * state[1:].sum()
        new[2:] = 0.5 * state[1:-1]
        state = new
    return state.sum()


def test_run_rule_false_alarm_rate_matches_the_coin_flip_probability():
    # With a known centre, each period is above or below with probability 1/2: the chance of a
    # run of 8 somewhere in 24 periods is 1 - P(no run) = 0.0695 (exact recursion).
    nominal = 1 - _no_run_probability(24, 8)
    assert nominal == pytest.approx(0.0695, abs=1e-4)
    rng = np.random.default_rng(5)
    sides = rng.choice([-1, 1], size=(20000, 24))
    rate = np.mean([tracking._runs(s, 8).any() for s in sides])
    assert rate == pytest.approx(nominal, abs=0.006)  # binomial SE 0.0018
    assert (
        tracking._runs(np.array([1] * 8 + [0] + [-1] * 7), 8).tolist() == [True] * 8 + [False] * 8
    )


def test_run_of_nine_is_flagged():
    # Nine months just above the centre and nine below: no point beyond, both runs flagged
    # (Nelson's rule: nine in a row on one side of the median); eight would not be by default.
    counts = pd.DataFrame(
        {
            "t": range(18),
            "promoters": [44] * 9 + [36] * 9,
            "passives": [30] * 18,
            "detractors": [26] * 9 + [34] * 9,
        }
    )
    result = tracking.from_counts(counts, "t")
    assert not result.table["beyond"].any()
    assert result.table["run"].all() and result.run_length == 9
    assert tracking.from_counts(counts, "t", run_length=None).flagged.empty
    assert result.trend.p_value < 0.01
    eight = tracking.from_counts(counts.iloc[1:17], "t")
    assert not eight.table["run"].any()
    assert tracking.from_counts(counts.iloc[1:17], "t", run_length=8).table["run"].all()


def test_unparseable_dates_are_named():
    df = pd.DataFrame({"score": [9, 3, 7], "date": ["2025-01-02", "soon", "2025-13-45"]})
    with pytest.raises(ValueError, match=r"2 of 3 values that are not dates: rows 1 \('soon'\)"):
        tracking.by_period(df, "score", "date")


def test_missing_dates_need_dropna():
    df = pd.DataFrame({"score": [9, 3, 7], "date": ["2025-01-02", None, "2025-02-01"]})
    with pytest.raises(ValueError, match=r"1 of 3 rows without a date.*dropna=True"):
        tracking.by_period(df, "score", "date")
    assert tracking.by_period(df, "score", "date", dropna=True).table["n"].tolist() == [1, 1]


def test_bad_arguments():
    df = pd.DataFrame({"score": [9, 3], "date": ["2025-01-02", "2025-02-01"]})
    with pytest.raises(ValueError, match="metric must be one of"):
        tracking.by_period(df, "score", "date", metric="mean")
    with pytest.raises(ValueError, match="period alias"):
        tracking.by_period(df, "score", "date", period="fortnight")
    with pytest.raises(ValueError, match="between 0 and 10"):
        tracking.by_period(df.assign(score=[9, 11]), "score", "date")
    with pytest.raises(TypeError, match="period=None"):
        tracking.by_period(df.assign(date=[1, 2]), "score", "date")
    with pytest.raises(ValueError, match="no column 'nope'"):
        tracking.by_period(df, "nope", "date")
    with pytest.raises(ValueError, match="sigmas"):
        tracking.by_period(df, "score", "date", sigmas=0)


def test_str_names_flagged_periods():
    counts = pd.DataFrame(
        {
            "t": [1, 2, 3, 4, 5],
            "promoters": [50, 50, 50, 50, 20],
            "passives": [30, 30, 30, 30, 30],
            "detractors": [20, 20, 20, 20, 50],
        }
    )
    text = str(tracking.from_counts(counts, "t"))
    assert "1 flagged (5)" in text and "Trend" in text


def test_baseline_sets_the_centre_and_a_later_shift_is_flagged():
    # Twelve stable months (NPS +20 from 50/20/30 of 100) then three at NPS -10 (30/30/40).
    # Over all periods the centre is pulled to +14 and the stable months form a run; with the
    # first twelve as baseline the centre is +20 and only the shifted months are flagged: the
    # NPS of 100 answers from 50/20/30 falls below -6 with less than 0.27% chance.
    counts = pd.DataFrame(
        {
            "t": range(15),
            "promoters": [50] * 12 + [30] * 3,
            "passives": [20] * 12 + [30] * 3,
            "detractors": [30] * 12 + [40] * 3,
        }
    )
    phase1 = tracking.from_counts(counts, "t")
    assert phase1.centre == pytest.approx(14.0) and phase1.table["run"][:12].all()
    phase2 = tracking.from_counts(counts, "t", baseline=(0, 11))
    assert phase2.centre == pytest.approx(20.0)
    low, high, _ = _brute_limits(np.array([0.3, 0.2, 0.5]), 100)
    assert phase2.table["lcl"][0] == pytest.approx(low - 100)  # normal: 20 - 26.2
    assert phase2.table["ucl"][0] == pytest.approx(high - 100)
    assert phase2.table["flagged"].tolist() == [False] * 12 + [True] * 3
    # The trend does not depend on the baseline.
    assert phase2.trend.slope == pytest.approx(phase1.trend.slope)
    dated = pd.DataFrame({"score": [9, 3, 10], "date": ["2025-01-02", "2025-02-02", "2025-03-02"]})
    assert tracking.by_period(dated, "score", "date", baseline=("2025-01", "2025-02")).centre == 0
    with pytest.raises(ValueError, match="holds none of the periods"):
        tracking.by_period(dated, "score", "date", baseline=("2024-01", "2024-02"))


def test_chart_band_follows_n_and_rings_flagged_periods():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cxlib.plots import tracking as tracking_plots

    counts = pd.DataFrame(
        {
            "t": [1, 2, 3, 4],
            "promoters": [40, 10, 20, 41],
            "passives": [30, 7, 30, 30],
            "detractors": [30, 8, 50, 29],
        }
    )
    result = tracking.from_counts(counts, "t")
    ax = tracking_plots.chart(result, labels={"flagged": "异常"})
    band = ax.collections[0].get_paths()[0].vertices
    widths = result.table["ucl"] - result.table["lcl"]
    assert widths[1] > 1.9 * widths[0]  # 25 answers against 100: twice as wide
    assert band[:, 1].max() == pytest.approx(result.table["ucl"].max())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "异常" in legend and result.table["flagged"].sum() == 1
    plt.close("all")


def test_a_period_interval_always_contains_its_value():
    # issue 26: a month of one promoter had the interval (-48.5, 98.5), excluding its +100.
    # Every possible month of 1 to 6 answers, for NPS, a share and CES.
    for n in range(1, 7):
        for promoters in range(n + 1):
            for detractors in range(n + 1 - promoters):
                counts = pd.DataFrame(
                    {
                        "t": [0, 1],
                        "promoters": [promoters, 5],
                        "passives": [n - promoters - detractors, 5],
                        "detractors": [detractors, 5],
                    }
                )
                row = tracking.from_counts(counts, "t").table.iloc[0]
                assert row["ci_low"] <= row["value"] <= row["ci_high"], (n, promoters, detractors)
                share = tracking.from_counts(
                    pd.DataFrame({"t": [0, 1], "successes": [promoters, 3], "n": [n, 6]}),
                    "t",
                    "share",
                ).table.iloc[0]
                assert share["ci_low"] <= share["value"] <= share["ci_high"]
    one = tracking.by_period(
        pd.DataFrame({"s": [7, 1, 4], "t": [0, 1, 1]}), "s", "t", None, "ces"
    ).table.iloc[0]
    assert one["n"] == 1 and one["ci_low"] <= 7 <= one["ci_high"] and one["ci_low"] < 7
