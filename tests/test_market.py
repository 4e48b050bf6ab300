"""Market sizing (cxlib.market): Kotler & Keller's worked example, ranges, two routes."""

import math

import numpy as np
import pytest

from cxlib import market

Z90 = 1.6448536269514722


def test_kotler_keller_book_buyers():
    # Kotler & Keller (2012, p. 88): 100 million buyers x 3 books x $20 = $6 billion
    assert market.potential(100e6, 3, 20).central == pytest.approx(6e9)
    # 261 million people, 80% literate and over 12 (the book: "209 million"), 70% of them not
    # excluded by income and education: "approximately 146.3 million" after its rounding
    top_down = market.chain(261e6, {"literate, over 12": 0.8, "income, education": 0.7})
    assert top_down.central == pytest.approx(146.16e6)
    assert market.chain(209e6, {"income, education": 0.7}).central == pytest.approx(146.3e6)
    assert top_down.low == top_down.high == top_down.central  # no ranges, no spread


def test_a_range_is_a_lognormal_90_percent_interval():
    # one range: the result's range is that range scaled by the other (exact) terms
    size = market.potential((1000, 4000), 2, 100)
    assert (size.low, size.central, size.high) == pytest.approx((2e5, 4e5, 8e5))
    # two ranges each spanning a factor 4: log sds add in quadrature, factor 2 ** sqrt(2)
    both = market.potential((1000, 4000), 2, (50, 200))
    assert both.high / both.central == pytest.approx(2 ** math.sqrt(2))
    assert both.central / both.low == pytest.approx(2 ** math.sqrt(2))
    assert both.exact and both.spread == pytest.approx(4 ** math.sqrt(2))


def test_simulated_sum_agrees_with_the_exact_product_for_one_segment():
    exact = market.potential((1000, 4000), (1, 3), 100)
    simulated = market.bottom_up(
        {"only": {"buyers": (1000, 4000), "quantity": (1, 3), "price": 100}}, seed=3
    )
    assert simulated.central == pytest.approx(exact.central)
    assert simulated.low == pytest.approx(exact.low, rel=0.02)
    assert simulated.high == pytest.approx(exact.high, rel=0.02)
    assert not simulated.exact


def test_bottom_up_adds_segments_and_narrows_relative_spread():
    one = {"buyers": (500, 2000), "quantity": 1, "price": 10}
    size = market.bottom_up({"a": one, "b": one, "c": one, "d": one}, seed=1)
    single = market.potential((500, 2000), 1, 10)
    assert size.central == pytest.approx(4 * single.central)
    # independent segments: the sum's relative range is narrower than each segment's
    assert size.high / size.low < single.high / single.low
    assert list(size.terms.index) == ["a", "b", "c", "d"]
    # reproducible with a seed
    again = market.bottom_up({"a": one, "b": one, "c": one, "d": one}, seed=1)
    assert (again.low, again.high) == (size.low, size.high)


def test_compare_two_routes():
    assert market.compare(market.potential(100, 1), market.potential(400, 1)) == {
        "ratio": 0.25,
        "overlap": False,
    }


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: market.potential(0, 1), ValueError, "buyers must be positive"),
        (lambda: market.potential((10, 5), 1), ValueError, "low <= high"),
        (lambda: market.potential("100", 1), TypeError, "buyers must be a number"),
        (lambda: market.potential((True, 5), 1), TypeError, "two numbers"),
        (lambda: market.chain(100, {"adults": 80}), ValueError, "write 40% as 0.4"),
        (lambda: market.chain(100, {"adults": (0.5, 1.2)}), ValueError, "cannot exceed 1"),
        (lambda: market.chain(100, {}), TypeError, "non-empty mapping"),
        (lambda: market.bottom_up({"a": {}}), TypeError, "non-empty mapping of factor"),
        (lambda: market.bottom_up({"a": {"homes": -1}}), ValueError, "segment 'a', homes"),
        (
            lambda: market.bottom_up({"a": {"buyers": 1, "quantity": 1}}, draws=10),
            ValueError,
            "at least 1,000",
        ),
    ],
)
def test_bad_input_says_what_is_wrong(call, error, words):
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value)


def test_log_sd_matches_the_90_percent_rule():
    middle, log_sd, _, _ = market._term((10, 1000), "x")
    assert middle == pytest.approx(100)
    assert log_sd == pytest.approx(math.log(100) / (2 * Z90))
    assert np.exp(np.log(middle) + Z90 * log_sd) == pytest.approx(1000)
