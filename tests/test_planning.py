"""cxlib.planning: sample sizes and power, worked by hand here and checked by simulation."""

from math import sqrt

import numpy as np
import pytest

from cxlib import nps, planning

Z95, Z80 = 1.959963984540054, 0.8416212335729143  # normal quantiles 0.975 and 0.80


def test_old_names_still_work_from_nps():
    assert nps.sample_size(5, 0.5, 0.2) == planning.nps_sample_size(5, 0.5, 0.2) == 935
    assert nps.margin(400, 0.5, 0.5) == pytest.approx(planning.nps_margin(400, 0.5, 0.5))
    assert nps.margin([100, 400], 0.5, 0.5).tolist() == pytest.approx([19.17, 9.75], abs=0.01)


def _reported_half_width(n, p_promoters, p_detractors):
    """Half the width of nps.from_counts's interval when the counts are exactly as expected."""
    result = nps.from_counts(
        n * p_promoters, n * (1 - p_promoters - p_detractors), n * p_detractors
    )
    return (result.ci[1] - result.ci[0]) / 2


def test_margin_is_that_of_the_interval_the_user_gets():
    # hand-worked: 400 answers half promoters half detractors, adjusted shares 200.75 / 403,
    # Var' = 2 * 0.498139 - 0 = 0.996278, 1.96 * 100 * sqrt(0.996278 / 403) = 9.745
    assert planning.nps_margin(400, 0.5, 0.5) == pytest.approx(
        Z95 * 100 * sqrt(2 * 200.75 / 403 / 403), rel=1e-9
    )
    for n, shares in [(10, (0.5, 0.2)), (30, (0.99, 0.0)), (200, (0.3, 0.3)), (1, (1.0, 0.0))]:
        assert planning.nps_margin(n, *shares) == pytest.approx(_reported_half_width(n, *shares))
    # issue 26: margin(1, 1.0, 0) was 0 and sample_size(5, 1.0, 0) was 1
    assert planning.nps_margin(1, 1.0, 0.0) == pytest.approx((100 + 48.5) / 2, abs=0.1)


def test_sample_size_meets_the_margin_and_is_the_smallest():
    for margin, shares in [(5, (0.5, 0.2)), (5, (0.99, 0.0)), (5, (1.0, 0.0)), (10, (0.3, 0.3))]:
        n = planning.nps_sample_size(margin, *shares)
        assert _reported_half_width(n, *shares) <= margin < _reported_half_width(n - 1, *shares)
    # the floor: a margin the first ten answers already meet
    assert planning.nps_sample_size(150, 0.5, 0.2) == planning.MIN_ANSWERS == 10
    # issue 26: the Wald formula said 16 answers for +/-5 at 99% promoters
    assert planning.nps_sample_size(5, 0.99, 0.0) == 80


def test_assurance_by_simulation_with_the_library_interval():
    """With assurance=0.8, about 80% of surveys of that size get the margin (nps.score's own
    interval on simulated surveys); without it, only about half do (issue 26: 57%)."""
    rng = np.random.default_rng(26)
    shares = (0.2, 0.3, 0.5)  # detractors, passives, promoters
    for assurance, low, high in ((None, 0.45, 0.65), (0.8, 0.76, 0.86)):
        n = planning.nps_sample_size(5, 0.5, 0.2, assurance=assurance)
        counts = rng.multinomial(n, shares, size=1500)
        met = [
            (r.ci[1] - r.ci[0]) / 2 <= 5
            for r in (nps.from_counts(c[2], c[1], c[0]) for c in counts)
        ]
        assert low < np.mean(met) < high, (assurance, n, np.mean(met))
    assert (
        planning.nps_margin(957, 0.5, 0.2, assurance=0.8)
        <= 5
        < planning.nps_margin(956, 0.5, 0.2, assurance=0.8)
    )
    with pytest.raises(ValueError, match=r"assurance must be at least 0\.5"):
        planning.nps_sample_size(5, 0.5, 0.2, assurance=0.3)


def test_nps_difference_sample_size_hand_worked():
    # A 50%/20% (Var 0.61), B 40%/30% (Var 0.69), delta = 0.2:
    # (1.959964 + 0.841621)^2 * 1.30 / 0.04 = 255.09 -> 256 per group.
    exact = (Z95 + Z80) ** 2 * (0.61 + 0.69) / 0.2**2
    assert exact == pytest.approx(255.09, abs=0.01)
    assert planning.nps_difference_sample_size((0.5, 0.2), (0.4, 0.3)) == 256
    # Power 0.9 (z = 1.281552): (3.241516)^2 * 32.5 = 341.49 -> 342.
    assert planning.nps_difference_sample_size((0.5, 0.2), (0.4, 0.3), power=0.9) == 342


def test_nps_power_inverts_the_sample_size():
    n = planning.nps_difference_sample_size((0.5, 0.2), (0.4, 0.3))
    assert planning.nps_difference_power(n, (0.5, 0.2), (0.4, 0.3)) >= 0.8
    assert planning.nps_difference_power(n - 2, (0.5, 0.2), (0.4, 0.3)) < 0.8
    curve = planning.nps_difference_power([50, 256, 1000], (0.5, 0.2), (0.4, 0.3))
    assert np.all(np.diff(curve) > 0) and curve[-1] > 0.99


def test_nps_power_matches_a_seeded_simulation_of_compare():
    # 4,000 pairs of surveys with 256 answers each; the Wald z-test of nps.compare rejects
    # "no difference" in about 80% of them (SE of the estimate 0.6 points).
    rng = np.random.default_rng(5)
    runs, n = 4000, 256
    a = rng.multinomial(n, [0.2, 0.3, 0.5], size=runs) / n
    b = rng.multinomial(n, [0.3, 0.3, 0.4], size=runs) / n

    def nps_and_var(shares):
        score = shares[:, 2] - shares[:, 0]
        return score, shares[:, 2] + shares[:, 0] - score**2

    (sa, va), (sb, vb) = nps_and_var(a), nps_and_var(b)
    rejected = np.abs(sa - sb) / np.sqrt((va + vb) / n) > Z95
    assert rejected.mean() == pytest.approx(
        planning.nps_difference_power(n, (0.5, 0.2), (0.4, 0.3)), abs=0.025
    )


def test_proportion_difference_hand_worked_fleiss_levin_paik():
    # CSAT 80% vs 70% (Fleiss, Levin & Paik 2003, eq. 4.14 without continuity correction):
    # p = 0.75, (1.959964 * sqrt(0.375) + 0.841621 * sqrt(0.37))^2 / 0.01 = 293.15 -> 294.
    # (Cohen's arcsine effect size h = 0.23198 gives 2 * (2.801585 / h)^2 = 291.7 instead: a
    # different approximation, so 292 there and 294 here are both "right".)
    exact = (Z95 * sqrt(2 * 0.75 * 0.25) + Z80 * sqrt(0.16 + 0.21)) ** 2 / 0.1**2
    assert exact == pytest.approx(293.15, abs=0.01)
    assert planning.proportion_difference_sample_size(0.8, 0.7) == 294
    assert planning.proportion_difference_sample_size(0.7, 0.8) == 294
    assert planning.proportion_difference_power(294, 0.8, 0.7) == pytest.approx(0.801, abs=5e-4)
    assert planning.proportion_difference_power(293, 0.8, 0.7) < 0.8 + 1e-3


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda: planning.nps_difference_sample_size((0.5, 0.2), (0.4, 0.1)),
            ValueError,
            "same NPS",
        ),
        (
            lambda: planning.nps_difference_sample_size((0.5, 0.6), (0.4, 0.1)),
            ValueError,
            "exceed 1",
        ),
        (lambda: planning.nps_difference_sample_size(0.5, (0.4, 0.1)), TypeError, "pair"),
        (lambda: planning.nps_difference_power(0, (0.5, 0.2), (0.4, 0.3)), ValueError, "n must"),
        (lambda: planning.proportion_difference_sample_size(0.8, 0.8), ValueError, "equal"),
        (
            lambda: planning.proportion_difference_sample_size(0.8, 0.7, power=0.3),
            ValueError,
            "power",
        ),
        (lambda: planning.proportion_difference_power(10, 1.2, 0.7), ValueError, "p_a"),
    ],
)
def test_planning_refuses_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
