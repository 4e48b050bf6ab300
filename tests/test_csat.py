"""cxlib.csat: worked examples computed by hand here, and cross-checks."""

from math import sqrt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlib import csat

Z95 = 1.959963984540054


def _wilson(p, n, z=Z95):
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_csat_top_two_box_and_continuity_corrected_wilson_by_hand():
    # 80 of 100 answers are 4-5. Wilson with continuity correction (R's prop.test(80, 100)):
    # the Wilson lower limit at p - 1/2n = 0.795 and the upper limit at p + 1/2n = 0.805.
    result = csat.csat([5] * 50 + [4] * 30 + [3] * 15 + [1] * 5)
    assert result.csat == 80.0 and result.satisfied == 80 and result.n == 100
    assert result.se == pytest.approx(4.0) and result.method == "wilson-cc"
    expected = (100 * _wilson(0.795, 100)[0], 100 * _wilson(0.805, 100)[1])
    assert result.ci == pytest.approx(expected)
    assert [round(x, 2) for x in result.ci] == [70.57, 87.08]  # scipy's "wilsoncc" agrees


def test_csat_wilson_without_correction_on_request():
    result = csat.csat([5] * 50 + [4] * 30 + [3] * 15 + [1] * 5, method="wilson")
    low, high = _wilson(0.8, 100)
    assert result.ci == pytest.approx((100 * low, 100 * high)) and result.method == "wilson"
    with pytest.raises(ValueError, match="method must be one of 'wilson-cc', 'wilson'"):
        csat.csat([5, 4], method="exact")


def test_csat_interval_agrees_with_scipy_wilsoncc():
    from scipy.stats import binomtest

    for x, n in [(0, 10), (1, 10), (9, 10), (10, 10), (3, 17), (81, 263), (990, 1000)]:
        expected = binomtest(x, n).proportion_ci(0.95, method="wilsoncc")
        got = csat.csat([5] * x + [1] * (n - x)).ci
        assert got == pytest.approx((100 * expected.low, 100 * expected.high), abs=1e-9)


def test_csat_exact_coverage_is_at_least_95_percent_near_the_edges():
    """Exact enumeration (Brown, Cai & DasGupta 2001): sum over every count x = 0..n."""
    from scipy.stats import binom

    grid = np.round(np.arange(0.01, 0.991, 0.002), 3)
    for n in (10, 11, 20, 37, 100):
        bounds = np.array([csat.csat([1] * x + [0] * (n - x), (0, 1), 1).ci for x in range(n + 1)])
        pmf = binom.pmf(np.arange(n + 1)[None, :], n, grid[:, None])
        truth = 100 * grid[:, None]
        inside = (bounds[None, :, 0] <= truth + 1e-9) & (truth - 1e-9 <= bounds[None, :, 1])
        coverage = (pmf * inside).sum(axis=1)
        assert coverage.min() >= 0.95, (n, grid[coverage.argmin()], coverage.min())
    # the plain Wilson interval does not hold it: 90.4% at n = 10, p = 0.99 (issue 26)
    bounds = np.array(
        [csat.csat([1] * x + [0] * (10 - x), (0, 1), 1, method="wilson").ci for x in range(11)]
    )
    pmf = binom.pmf(np.arange(11), 10, 0.99)
    assert (pmf * ((bounds[:, 0] <= 99) & (99 <= bounds[:, 1]))).sum() == pytest.approx(
        0.904, abs=0.001
    )


def test_csat_top_box_only_and_other_scales():
    assert csat.csat([5, 4, 4, 1], top_box=1).csat == 25.0
    assert csat.csat([7, 6, 5, 1], scale=(1, 7), top_box=2).csat == 50.0
    assert csat.csat([10, 9, 8, 0], scale=(0, 10), top_box=3).csat == 75.0


def test_interval_stays_inside_0_100_at_the_edges():
    low, high = csat.csat([5] * 20).ci
    assert high == pytest.approx(100.0) and 0 < low < 100
    # Wilson's lower limit at p - 1/2n = 0.975, n = 20
    assert low == pytest.approx(100 * _wilson(0.975, 20)[0]) and round(low / 100, 4) == 0.7995
    assert csat.csat([1] * 20).ci[0] == 0.0


def test_ces_interval_by_hand():
    # 5, 6, 7, 6: mean 6, variance 0.5 (divided by n). a = z^2 / 2 pseudo-answers at 1 and 7.
    a = Z95**2 / 2
    total = 4 + 2 * a
    centre = (24 + 8 * a) / total
    spread = (4 * (0.5 + (6 - centre) ** 2) + a * ((1 - centre) ** 2 + (7 - centre) ** 2)) / total
    se = sqrt(spread / total)
    result = csat.ces([5, 6, 7, 6])
    assert result.ces == 6.0 and result.sd == pytest.approx(sqrt(2 / 3))
    assert result.se == pytest.approx(se) and result.method == "adjusted-wald"
    assert result.ci == pytest.approx((centre - Z95 * se, centre + Z95 * se))


def test_ces_on_two_points_is_agresti_coull():
    # On a 0-1 scale the pseudo-answers are Agresti & Coull's (1998): x + z^2/2 of n + z^2.
    for x, n in [(0, 10), (3, 10), (10, 10), (37, 50)]:
        p_tilde = (x + Z95**2 / 2) / (n + Z95**2)
        half = Z95 * sqrt(p_tilde * (1 - p_tilde) / (n + Z95**2))
        low, high = csat.ces([1] * x + [0] * (n - x), scale=(0, 1)).ci
        assert low == pytest.approx(max(min(p_tilde - half, x / n), 0))
        assert high == pytest.approx(min(max(p_tilde + half, x / n), 1))


def test_ces_interval_never_zero_width_never_off_scale():
    # issue 26: ces([7, 7]) was 7.00 to 7.00 and ces([1, 7]) -34.1 to 42.1
    for answers in ([7, 7], [1, 7], [4, 4, 4], [1] * 50, [7] * 1000):
        low, high = csat.ces(answers).ci
        assert 1 <= low < high <= 7
        assert low <= np.mean(answers) <= high


def test_ces_coverage_with_ceiling_answers_seeded_simulation():
    """90% and 99% sevens at n = 10 and 30: t covered 66% / 9%; the default at least 93%."""
    rng = np.random.default_rng(26)
    values = np.arange(1, 8)
    for shares in (
        (0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.90),
        (0.004, 0.001, 0.001, 0.001, 0.001, 0.002, 0.990),
        (0.02, 0.03, 0.05, 0.10, 0.20, 0.35, 0.25),
    ):
        truth = float(np.dot(shares, values))
        for n in (10, 30):
            counts = rng.multinomial(n, shares, size=400)
            covered = [
                low <= truth <= high
                for low, high in (csat.ces(np.repeat(values, c)).ci for c in counts)
            ]
            assert np.mean(covered) >= 0.93, (shares, n, np.mean(covered))


def test_ces_t_interval_on_request_agrees_with_scipy():
    from scipy import stats

    rng = np.random.default_rng(3)
    answers = rng.integers(1, 8, 500)
    result = csat.ces(answers, method="t")
    low, high = stats.t.interval(0.95, len(answers) - 1, answers.mean(), stats.sem(answers))
    assert result.ci == pytest.approx((low, high)) and result.method == "t"
    assert csat.ces([5, 6, 7, 6], method="t").ci[1] == 7.0  # clipped to the scale
    with pytest.raises(ValueError, match="method must be one of 'adjusted-wald', 't'"):
        csat.ces([5, 6], method="bootstrap")


@given(st.lists(st.integers(1, 5), min_size=2, max_size=200))
def test_weights_of_one_equal_unweighted(answers):
    ones = [1.0] * len(answers)
    assert csat.csat(answers, weights=ones).ci == pytest.approx(csat.csat(answers).ci)
    assert csat.ces(answers, scale=(1, 5), weights=ones).ci == pytest.approx(
        csat.ces(answers, scale=(1, 5)).ci
    )
