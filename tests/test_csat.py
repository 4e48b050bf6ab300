"""cxlib.csat: worked examples computed by hand here, and cross-checks."""

from math import sqrt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlib import csat

Z95 = 1.959963984540054


def test_csat_top_two_box_and_wilson_interval_by_hand():
    # 80 of 100 answers are 4-5. Wilson: centre (0.8 + z^2/200) / (1 + z^2/100),
    # half-width z * sqrt(0.8 * 0.2 / 100 + z^2 / 40000) / (1 + z^2/100).
    result = csat.csat([5] * 50 + [4] * 30 + [3] * 15 + [1] * 5)
    z2 = Z95**2
    centre = (0.8 + z2 / 200) / (1 + z2 / 100)
    half = Z95 * sqrt(0.0016 + z2 / 40000) / (1 + z2 / 100)
    assert result.csat == 80.0 and result.satisfied == 80 and result.n == 100
    assert result.se == pytest.approx(4.0)
    assert result.ci == pytest.approx((100 * (centre - half), 100 * (centre + half)))


def test_csat_top_box_only_and_other_scales():
    assert csat.csat([5, 4, 4, 1], top_box=1).csat == 25.0
    assert csat.csat([7, 6, 5, 1], scale=(1, 7), top_box=2).csat == 50.0
    assert csat.csat([10, 9, 8, 0], scale=(0, 10), top_box=3).csat == 75.0


def test_wilson_interval_stays_inside_0_100_at_the_edges():
    low, high = csat.csat([5] * 20).ci
    assert high == pytest.approx(100.0) and 0 < low < 100
    # Wilson at p = 1, n = 20: low = n / (n + z^2) = 20 / 23.8415 = 83.9%
    assert low == pytest.approx(100 * 20 / (20 + Z95**2))


def test_ces_t_interval_by_hand():
    # 5, 6, 7, 6: mean 6, sd = sqrt(2/3), se = sd/2, t(0.975, 3) = 3.182446 (t table)
    result = csat.ces([5, 6, 7, 6])
    se = sqrt(2 / 3) / 2
    assert result.ces == 6.0 and result.sd == pytest.approx(sqrt(2 / 3))
    assert result.ci == pytest.approx((6 - 3.182446 * se, 6 + 3.182446 * se), rel=1e-6)


def test_ces_agrees_with_scipy_for_unweighted_answers():
    from scipy import stats

    rng = np.random.default_rng(3)
    answers = rng.integers(1, 8, 500)
    result = csat.ces(answers)
    low, high = stats.t.interval(0.95, len(answers) - 1, answers.mean(), stats.sem(answers))
    assert result.ci == pytest.approx((low, high))


@given(st.lists(st.integers(1, 5), min_size=2, max_size=200))
def test_weights_of_one_equal_unweighted(answers):
    ones = [1.0] * len(answers)
    assert csat.csat(answers, weights=ones).ci == pytest.approx(csat.csat(answers).ci)
    assert csat.ces(answers, scale=(1, 5), weights=ones).ci == pytest.approx(
        csat.ces(answers, scale=(1, 5)).ci
    )
