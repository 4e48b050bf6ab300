"""cxlib.before_after: rate ratios and difference in differences against hand examples."""

from math import exp, log, sqrt

import numpy as np
import pytest
from scipy import stats

from cxlib import before_after, nps


def test_rate_ratio_hand_example():
    # Rothman, Greenland & Lash (2008) ch. 14: SE(log IRR) = sqrt(1/a + 1/b).
    result = before_after.rate_ratio(90, 100, 40, 100)
    assert result.ratio == pytest.approx(2.25)
    assert result.se_log == pytest.approx(sqrt(1 / 90 + 1 / 40))
    assert result.ci[0] == pytest.approx(2.25 * exp(-1.959964 * result.se_log), rel=1e-6)
    assert result.ci[1] == pytest.approx(2.25 * exp(1.959964 * result.se_log), rel=1e-6)
    assert result.z == pytest.approx(log(2.25) / result.se_log)
    assert "excludes 1" in str(result)


def test_rate_ratio_uses_exposure():
    # Twice the events over twice the exposure is no change at all.
    result = before_after.rate_ratio(80, 200, 40, 100)
    assert result.ratio == pytest.approx(1.0) and result.p_value == pytest.approx(1.0)
    assert "includes 1" in str(result)


def test_rate_ratio_agrees_with_the_exact_conditional_test_for_large_counts():
    # Given the total, the "after" count is binomial with p = E_a / (E_a + E_b) under no change.
    after, before = 300, 240
    wald = before_after.rate_ratio(after, 1, before, 1)
    exact = stats.binomtest(after, after + before, 0.5)
    assert wald.p_value == pytest.approx(exact.pvalue, rel=0.15)


def test_rate_ratio_interval_covers_about_95_percent():
    rng = np.random.default_rng(7)
    before, after = rng.poisson(50, 4000), rng.poisson(75, 4000)
    keep = (before > 0) & (after > 0)
    low = np.log(after[keep] / before[keep]) - 1.959964 * np.sqrt(
        1 / after[keep] + 1 / before[keep]
    )
    high = low + 2 * 1.959964 * np.sqrt(1 / after[keep] + 1 / before[keep])
    covered = ((low < log(1.5)) & (log(1.5) < high)).mean()
    assert 0.93 <= covered <= 0.97
    one = before_after.rate_ratio(int(after[0]), 1, int(before[0]), 1)
    assert one.ci[0] == pytest.approx(exp(low[0])) and one.ci[1] == pytest.approx(exp(high[0]))


def test_ratio_of_ratios():
    both = before_after.ratio_of_ratios(
        before_after.rate_ratio(90, 1, 40, 1), before_after.rate_ratio(60, 1, 50, 1)
    )
    assert both.ratio == pytest.approx(1.875)
    assert both.se_log == pytest.approx(sqrt(1 / 90 + 1 / 40 + 1 / 60 + 1 / 50))


def test_nps_difference_in_differences_hand_example():
    before = nps.from_counts(40, 30, 30, method="wald")
    effect = before_after.nps_difference_in_differences(
        before,
        nps.from_counts(50, 30, 20, method="wald"),
        before,
        nps.from_counts(45, 30, 25, method="wald"),
        method="wald",
    )
    assert effect.pilot_change == pytest.approx(20) and effect.comparison_change == pytest.approx(
        10
    )
    assert effect.estimate == pytest.approx(10)
    assert effect.se == pytest.approx(sqrt(69 + 61 + 69 + 66))
    assert effect.ci[0] == pytest.approx(10 - 1.959964 * sqrt(265), rel=1e-6)
    assert "difference in differences +10.0" in str(effect)


def test_nps_difference_in_differences_adjusted_wald_hand_example():
    # Rocks (2016) adds 3/4 promoter, 3/2 passive, 3/4 detractor to each sample (n = 103):
    # centres 100 * (40.75 - 30.75) / 103 = 9.709, (50.75 - 20.75) / 103 = 29.126 and
    # (45.75 - 25.75) / 103 = 19.417, so the interval is centred on 19.417 - 9.709 = 9.709.
    before = nps.from_counts(40, 30, 30)
    effect = before_after.nps_difference_in_differences(
        before, nps.from_counts(50, 30, 20), before, nps.from_counts(45, 30, 25)
    )
    assert effect.estimate == pytest.approx(10)  # the observed change is reported as is
    assert sum(effect.ci) / 2 == pytest.approx(100 * 10 / 103, abs=1e-9)
    assert effect.ci[0] < effect.estimate < effect.ci[1]
    with pytest.raises(ValueError, match="method"):
        before_after.nps_difference_in_differences(before, before, before, before, method="x")


def test_nps_difference_in_differences_takes_raw_answers():
    a = [10] * 5 + [0] * 5
    effect = before_after.nps_difference_in_differences(a, [10] * 10, a, a)
    assert effect.estimate == pytest.approx(100) and effect.se > 0


@pytest.mark.parametrize(
    "args, error, words",
    [
        ((0, 1, 5, 1), ValueError, "events must be finite and positive"),
        ((5, 1, -1, 1), ValueError, "baseline_events"),
        ((5, 0, 5, 1), ValueError, "exposure must be finite and positive"),
        (("5", 1, 5, 1), TypeError, "events must be a number"),
        ((5, 1, 5, float("inf")), ValueError, "baseline_exposure"),
        ((5, 1, 5, float("nan")), ValueError, "baseline_exposure"),
    ],
)
def test_rate_ratio_refuses_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        before_after.rate_ratio(*args)


def test_ratio_of_ratios_refuses_mixed_input():
    with pytest.raises(TypeError, match="RateRatio"):
        before_after.ratio_of_ratios(2.0, before_after.rate_ratio(5, 1, 5, 1))
    with pytest.raises(ValueError, match="confidence"):
        before_after.ratio_of_ratios(
            before_after.rate_ratio(5, 1, 5, 1), before_after.rate_ratio(5, 1, 5, 1, 0.9)
        )


def test_quasi_poisson_by_hand():
    # After: 10 and 30 events in one month each (rate 20; Pearson 100/20 + 100/20 = 10).
    # Before: 8 and 12 (rate 10; 4/10 + 4/10 = 0.8). phi = 10.8 / (4 - 2) = 5.4.
    result = before_after.rate_ratio([10, 30], [1, 1], [8, 12], [1, 1], method="quasi-poisson")
    assert result.ratio == pytest.approx(2.0)
    assert result.dispersion == pytest.approx(5.4)
    assert result.se_log == pytest.approx(sqrt(5.4 * (1 / 40 + 1 / 20)))
    assert result.method == "quasi-poisson" and "dispersion 5.40" in str(result)
    # Per-unit arrays with the Poisson method are the totals' Poisson interval.
    plain = before_after.rate_ratio([10, 30], [1, 1], [8, 12], [1, 1])
    assert plain.se_log == pytest.approx(before_after.rate_ratio(40, 2, 20, 2).se_log)
    assert plain.dispersion is None


def test_quasi_poisson_is_poisson_when_units_are_alike():
    # Poisson counts per unit: phi is near 1, so the interval is about the Poisson one.
    rng = np.random.default_rng(12)
    exposure = rng.integers(5, 15, 200).astype(float)
    after, before = rng.poisson(3.0 * exposure), rng.poisson(2.0 * exposure)
    result = before_after.rate_ratio(after, exposure, before, exposure, method="quasi-poisson")
    assert result.dispersion == pytest.approx(1.0, abs=0.15)


def test_quasi_poisson_interval_covers_about_95_percent_with_overdispersed_units():
    # 24 units a side, negative binomial counts (variance = mean * 4 at mean 20): the Poisson
    # interval misses far too often, the quasi-Poisson one is near its level.
    rng = np.random.default_rng(21)
    runs, units, mean, size = 2000, 24, 20.0, 20 / 3  # variance = mean + mean**2 / size = 80
    p = size / (size + mean)
    after = rng.negative_binomial(size, p, (runs, units)) * 1.0
    before = rng.negative_binomial(size, p, (runs, units)) * 1.0
    exposure = np.ones(units)
    poisson_hits = quasi_hits = 0
    for a, b in zip(after, before, strict=True):
        low, high = before_after.rate_ratio(a, exposure, b, exposure).ci
        poisson_hits += low <= 1 <= high
        low, high = before_after.rate_ratio(a, exposure, b, exposure, method="quasi-poisson").ci
        quasi_hits += low <= 1 <= high
    assert poisson_hits / runs < 0.75
    assert quasi_hits / runs == pytest.approx(0.95, abs=0.02)


def test_per_unit_input_errors():
    with pytest.raises(ValueError, match="2 per-unit counts but 3 exposures"):
        before_after.rate_ratio([1, 2], [1, 1, 1], [3, 4], [1, 1], method="quasi-poisson")
    with pytest.raises(ValueError, match="at least three units"):
        before_after.rate_ratio([5], [1], [4], [1], method="quasi-poisson")
    with pytest.raises(ValueError, match="method must be"):
        before_after.rate_ratio(5, 1, 4, 1, method="negative-binomial")
    with pytest.raises(ValueError, match="exposures must be positive"):
        before_after.rate_ratio([5, 6], [1, 0], [4, 4], [1, 1], method="quasi-poisson")


def test_quasi_poisson_uses_t_on_units_minus_two_degrees_of_freedom():
    from scipy import stats

    result = before_after.rate_ratio([10, 30], [1, 1], [8, 12], [1, 1], method="quasi-poisson")
    se = sqrt(5.4 * (1 / 40 + 1 / 20))
    t = stats.t.ppf(0.975, 2)  # 4.3027
    assert result.df == 2 and result.ci == pytest.approx((2 * exp(-t * se), 2 * exp(t * se)))
    assert result.p_value == pytest.approx(2 * stats.t.sf(log(2) / se, 2))


def test_identical_units_floor_the_dispersion_at_one_with_a_note():
    # issue 26: identical units gave dispersion 0, a zero-width interval and a NaN p-value
    result = before_after.rate_ratio([20] * 3, [1] * 3, [20] * 3, [1] * 3, method="quasi-poisson")
    assert result.dispersion == 1.0 and "dispersion estimate 0.00" in result.note
    assert result.ci[0] < 1 < result.ci[1] and result.p_value == pytest.approx(1.0)
    assert result.se_log == pytest.approx(sqrt(1 / 60 + 1 / 60)) and result.note in str(result)
    # under-dispersed units are never narrower than Poisson
    alike = before_after.rate_ratio(
        [19, 20, 21], [1] * 3, [10, 11, 9], [1] * 3, method="quasi-poisson"
    )
    poisson = before_after.rate_ratio([19, 20, 21], [1] * 3, [10, 11, 9], [1] * 3)
    assert alike.se_log >= poisson.se_log and alike.dispersion == 1.0


def test_quasi_poisson_type_one_error_with_five_units_per_side():
    """Issue 26: 9.4% false alarms at the 5% level with 5 units per side (normal critical value)."""
    rng = np.random.default_rng(26)
    ones = np.ones(5)
    for dispersion in (1.0, 3.0):
        rejected = 0
        for _ in range(3000):
            if dispersion == 1:
                after, before = rng.poisson(20, (2, 5))
            else:
                shape = 20 / (dispersion - 1)
                after, before = rng.poisson(rng.gamma(shape, 20 / shape, (2, 5)))
            p = before_after.rate_ratio(after, ones, before, ones, method="quasi-poisson").p_value
            rejected += p <= 0.05
        assert rejected / 3000 <= 0.06, (dispersion, rejected / 3000)
