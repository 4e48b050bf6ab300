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
    )
    assert effect.pilot_change == pytest.approx(20) and effect.comparison_change == pytest.approx(
        10
    )
    assert effect.estimate == pytest.approx(10)
    assert effect.se == pytest.approx(sqrt(69 + 61 + 69 + 66))
    assert effect.ci[0] == pytest.approx(10 - 1.959964 * sqrt(265), rel=1e-6)
    assert "difference in differences +10.0" in str(effect)


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
