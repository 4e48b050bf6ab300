"""cxlib.nps: worked examples computed by hand here, properties, interval coverage."""

from math import sqrt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxlib import nps

Z95 = 1.959963984540054  # standard normal 97.5% quantile


def answers(promoters: int, passives: int, detractors: int) -> list[int]:
    """A sample with the given numbers of each type (scores 10, 7 and 0)."""
    return [10] * promoters + [7] * passives + [0] * detractors


# ---- worked examples -------------------------------------------------------------------------


def test_worked_example_reichheld_definition():
    # 50 promoters, 30 passives, 20 detractors out of 100:
    # NPS = 50% - 20% = 30; Var = 0.5 + 0.2 - 0.3^2 = 0.61; SE = 100 * sqrt(0.61/100) = 7.8102
    result = nps.score(answers(50, 30, 20), method="wald")
    assert result.nps == pytest.approx(30.0)
    assert result.se == pytest.approx(100 * sqrt(0.61 / 100))
    assert result.ci == pytest.approx((30 - Z95 * 7.810249675906654, 30 + Z95 * 7.810249675906654))
    assert (result.promoters, result.passives, result.detractors) == (50, 30, 20)
    assert (result.promoter_share, result.passive_share, result.detractor_share) == (0.5, 0.3, 0.2)
    assert result.n == 100 and result.effective_n == 100 and result.dropped == 0


def test_adjusted_wald_hand_worked_all_promoters():
    # Rocks (2016): add 3/4 promoter, 3/2 passive, 3/4 detractor. Five promoters become
    # 5.75 / 1.5 / 0.75 of 8 (hand-worked; the paper's text was not available to check against):
    # p_P = 0.71875, p_D = 0.09375, centre 62.5, Var = 0.8125 - 0.625^2 = 0.421875,
    # SE = 100 * sqrt(0.421875 / 8) = 22.964, interval 62.5 +/- 45.01 = 17.49 to 107.5 -> 100.
    result = nps.score([10] * 5)
    assert result.method == "adjusted-wald" and result.nps == 100
    assert result.se == pytest.approx(100 * sqrt(0.421875 / 8))
    assert result.ci == pytest.approx((62.5 - Z95 * 22.96396633859, 100.0))
    wald = nps.score([10] * 5, method="wald")
    assert wald.ci == (100.0, 100.0) and wald.se == 0  # the collapse the adjustment avoids


def test_adjusted_wald_hand_worked_mixed_sample():
    # 50/30/20 of 100 -> 50.75/31.5/20.75 of 103: centre 100 * 30/103 = 29.126,
    # Var = 0.69417 - 0.29126^2 = 0.60934, SE = 100 * sqrt(0.60934/103) = 7.6915,
    # interval 14.05 to 44.20 (hand-worked).
    result = nps.score(answers(50, 30, 20))
    p_p, p_d = 50.75 / 103, 20.75 / 103
    se = 100 * sqrt((p_p + p_d - (p_p - p_d) ** 2) / 103)
    assert se == pytest.approx(7.6915, abs=1e-4)
    assert result.nps == 30 and result.se == pytest.approx(se)
    assert result.ci == pytest.approx((100 * 30 / 103 - Z95 * se, 100 * 30 / 103 + Z95 * se))
    assert nps.from_counts(50, 30, 20).ci == pytest.approx(result.ci)
    counts = pd.DataFrame({"promoters": [50], "passives": [30], "detractors": [20]})
    assert nps.by_counts(counts)[["ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx(
        list(result.ci)
    )


def test_adjusted_wald_with_weights_scales_the_pseudo_answers_by_kish_n():
    # Shares 0.5 / 0.25 / 0.25 with n_eff = 8/3: adjusted shares (8/3 * 0.5 + 0.75) / (8/3 + 3)
    # = 0.36765 promoters and (8/3 * 0.25 + 0.75) / (17/3) = 0.25 detractors, n = 17/3.
    result = nps.score([10, 8, 2], weights=[2, 1, 1])
    p_p, p_d, n = (4 / 3 + 0.75) / (17 / 3), (2 / 3 + 0.75) / (17 / 3), 17 / 3
    assert result.se == pytest.approx(100 * sqrt((p_p + p_d - (p_p - p_d) ** 2) / n))
    centre = 100 * (p_p - p_d)
    assert result.ci[0] == pytest.approx(centre - Z95 * result.se)


@pytest.mark.parametrize("scale", [1e300, 1e-170, 3.0])
def test_weights_are_rescaled_so_their_size_does_not_matter(scale):
    scores = answers(5, 3, 2)
    weights = np.linspace(1, 2, 10)
    plain = nps.score(scores, weights=weights)
    scaled = nps.score(scores, weights=weights * scale)
    assert scaled.nps == pytest.approx(plain.nps) and scaled.se == pytest.approx(plain.se)
    assert scaled.effective_n == pytest.approx(plain.effective_n)
    assert scaled.ci == pytest.approx(plain.ci)
    ones = nps.score(scores, weights=np.full(10, scale))
    assert ones.ci == pytest.approx(nps.score(scores).ci) and ones.promoters == 5


def test_every_score_lands_in_its_category():
    result = nps.score(list(range(11)))  # 0-6 detractors (7), 7-8 passives (2), 9-10 promoters (2)
    assert (result.detractors, result.passives, result.promoters) == (7, 2, 2)
    assert result.nps == pytest.approx(100 * (2 - 7) / 11)


def test_classify_boundaries_and_index():
    scores = pd.Series([6, 7, 8, 9, 0, 10], index=list("abcdef"), name="q1")
    labels = nps.classify(scores)
    assert labels.tolist() == [
        "detractor",
        "passive",
        "passive",
        "promoter",
        "detractor",
        "promoter",
    ]
    assert list(labels.index) == list("abcdef") and labels.name == "q1"
    assert labels.cat.ordered and list(labels.cat.categories) == list(nps.CATEGORIES)


def test_confidence_level_changes_the_interval():
    # 90%: z = 1.644854; half-width = 1.644854 * 7.8102 = 12.847
    result = nps.score(answers(50, 30, 20), confidence=0.90, method="wald")
    assert result.ci[1] - result.nps == pytest.approx(1.6448536269514722 * 7.810249675906654)


def test_interval_is_clipped_to_the_scale():
    result = nps.score(
        answers(9, 0, 1), method="wald"
    )  # NPS 80, SE = 100*sqrt((1 - 0.64)/10) = 18.97
    assert result.ci[1] == 100.0
    assert result.ci[0] == pytest.approx(80 - Z95 * 100 * sqrt(0.36 / 10))


def test_weighted_counts_and_kish_effective_n():
    # Weights 2 on the promoter, 1 on the passive and 1 on the detractor:
    # shares 0.5 / 0.25 / 0.25, NPS 25; n_eff = 4^2 / (4 + 1 + 1) = 2.667. The weights are
    # rescaled to mean 1 (2, 1, 1 -> 1.5, 0.75, 0.75), so the weighted counts add up to n = 3.
    result = nps.score([10, 8, 2], weights=[2, 1, 1], method="wald")
    assert result.nps == pytest.approx(25.0)
    assert (result.promoters, result.passives, result.detractors) == (1.5, 0.75, 0.75)
    assert result.effective_n == pytest.approx(16 / 6)
    variance = 0.5 + 0.25 - 0.25**2
    assert result.se == pytest.approx(100 * sqrt(variance / (16 / 6)))


def _exact_p_by_scipy(a, b):
    """Two-sided exact p of the NPS difference, summed with scipy's multivariate hypergeometric."""
    from scipy.stats import multivariate_hypergeom

    a, b = np.asarray(a), np.asarray(b)
    total, n = a + b, int(a.sum())
    expected = n * (total[2] - total[0]) / total.sum()
    observed = abs(a[2] - a[0] - expected)
    p = 0.0
    for promoters in range(n + 1):
        for detractors in range(n + 1 - promoters):
            x = [detractors, n - promoters - detractors, promoters]
            if abs(promoters - detractors - expected) >= observed - 1e-9:
                p += multivariate_hypergeom.pmf(x, total, n)
    return p


def test_compare_worked_example():
    # A: 50/30/20 -> NPS 30, SE^2 = 61. B: 40/30/30 -> NPS 10, SE^2 = 100^2 * 0.69/100 = 69.
    result = nps.compare(answers(50, 30, 20), answers(40, 30, 30), method="wald")
    se = sqrt(61 + 69)
    assert result.difference == pytest.approx(20.0)
    assert result.se == pytest.approx(se)
    assert result.z == pytest.approx(20 / se)
    assert result.ci == pytest.approx((20 - Z95 * se, 20 + Z95 * se))
    # the p-value is the exact conditional test (normal p 0.0794 was too small in the tail)
    assert result.test == "exact"
    assert result.p_value == pytest.approx(_exact_p_by_scipy([20, 30, 50], [30, 30, 40]))
    assert result.p_value == pytest.approx(0.0987, abs=5e-4)
    assert "includes 0" in str(result)


def test_compare_with_wald_and_unanimous_samples_zero_width_and_a_note_not_infinity():
    # Wald SE of a unanimous sample is 0; so is the SE of the difference: a zero-width interval.
    result = nps.compare(nps.score([10] * 5, method="wald"), [8] * 5, method="wald")
    assert result.difference == 100 and result.se == 0
    assert np.isnan(result.z) and "no width" in result.note and "adjusted-wald" in str(result)
    assert "inf" not in str(result)
    # the exact test still has an answer: of the C(10, 5) = 252 splits of five promoters and
    # five passives, only the observed one and its mirror are as extreme: p = 2/252
    assert result.p_value == pytest.approx(2 / 252)
    same = nps.compare([9, 9], [10, 10], method="wald")
    assert same.difference == 0 and same.p_value == 1.0 and "nothing to test" in same.note
    weighted = nps.compare(
        nps.score([10] * 5, weights=[1, 2, 1, 1, 1], method="wald"), [8] * 5, method="wald"
    )
    assert weighted.test == "normal" and np.isnan(weighted.p_value)
    assert "no test is possible" in weighted.note and "no p-value" in str(weighted)


def test_compare_adjusted_wald_hand_worked_unanimous_samples():
    # [10]*5: counts + pseudo = 5.75 / 1.5 / 0.75 of 8: centre 62.5, Var = 0.8125 - 0.625^2 =
    # 0.421875, SE^2 = 100^2 * 0.421875 / 8 = 527.34. [8]*5: 0.75 / 6.5 / 0.75 of 8: centre 0,
    # Var = 0.1875, SE^2 = 234.375. SE = sqrt(761.72) = 27.599, z = 62.5 / 27.599 = 2.2646;
    # interval 62.5 +/- 1.96 * 27.599 = 8.41 to 116.59. Exact p = 2/252 (see above).
    result = nps.compare([10] * 5, [8] * 5)
    se = sqrt(100**2 * 0.421875 / 8 + 100**2 * 0.1875 / 8)
    assert result.difference == 100 and result.se == pytest.approx(se)
    assert result.z == pytest.approx(62.5 / se) and np.isfinite(result.z)
    assert result.p_value == pytest.approx(2 / 252)
    assert result.ci == pytest.approx((62.5 - Z95 * se, 62.5 + Z95 * se))
    assert result.method == "adjusted-wald" and result.note == ""


def test_compare_accepts_results_and_recomputes_them_by_its_method():
    a, b = nps.score(answers(50, 30, 20)), nps.score(answers(40, 30, 30), method="wald")
    assert nps.compare(a, b, method="wald").se == pytest.approx(sqrt(61 + 69))
    assert nps.compare(a, b).se == pytest.approx(
        nps.compare(answers(50, 30, 20), answers(40, 30, 30)).se
    )
    boot = nps.score(answers(50, 30, 20), method="bootstrap", seed=1)
    assert nps.compare(boot, b).se == pytest.approx(sqrt(boot.se**2 + b.se**2), rel=0.05)
    with pytest.raises(ValueError, match="method must be one of 'adjusted-wald', 'wald'"):
        nps.compare(a, b, method="bootstrap")


def test_sample_size_worked_examples():
    # Worst case p_P = p_D = 0.5, +/-10 points at 95%: the Wald formula (100 * 1.96 / 10)^2 =
    # 384.1 -> 385; the reported (adjusted Wald) interval: n + 3 answers with adjusted shares
    # (n/2 + 0.75) / (n + 3), Var' = 2 (n/2 + 0.75) / (n + 3), so 1.96 * 100 * sqrt(Var' / (n + 3))
    # <= 10 first at n = 380.
    def half(n):
        return Z95 * 100 * sqrt(2 * (n / 2 + 0.75) / (n + 3) / (n + 3))

    assert nps.sample_size(10, 0.5, 0.5) == 380
    assert half(380) <= 10 < half(379)
    assert nps.sample_size(5, 0.5, 0.2) == 935


def test_by_matches_score_per_group():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"g": rng.choice(["x", "y", "z"], 600), "s": rng.integers(0, 11, 600)})
    table = nps.by(df, "s", "g", sort="group")
    assert table["g"].tolist() == ["x", "y", "z"]
    for row in table.itertuples():
        single = nps.score(df.loc[df["g"] == row.g, "s"])
        assert row.n == single.n
        assert row.nps == pytest.approx(single.nps)
        assert row.se == pytest.approx(single.se)
        assert (row.ci_low, row.ci_high) == pytest.approx(single.ci)


def test_by_sorts_and_handles_several_keys_and_weights():
    df = pd.DataFrame(
        {"a": ["p", "p", "q", "q"], "b": [1, 2, 1, 1], "s": [10, 0, 9, 8], "w": [1.0, 1, 2, 2]}
    )
    table = nps.by(df, "s", ["a", "b"], weights="w")
    assert table[["a", "b"]].values.tolist() == [["p", 1], ["q", 1], ["p", 2]]
    assert table["nps"].tolist() == [100.0, 50.0, -100.0]
    assert table.loc[1, "effective_n"] == pytest.approx(2.0)
    assert nps.by(df, "s", "a", sort="n")["n"].tolist() == [2, 2]


def test_by_with_several_keys_ignores_unlabelled_rows_without_phantom_groups():
    # The only row of combination (p, 1) lacks its second label: no (p, 1) group may appear.
    df = pd.DataFrame({"a": ["p", "p", "q"], "b": [None, 2.0, 1.0], "s": [10, 0, 9]})
    table = nps.by(df, "s", ["a", "b"], dropna=True, sort="group")
    assert table[["a", "b"]].values.tolist() == [["p", 2.0], ["q", 1.0]]
    assert table["n"].tolist() == [1, 1] and table.attrs["dropped"] == 1


def test_by_keeps_category_order_and_drops_unobserved_categories():
    tiers = pd.Categorical(
        ["gold", "none", "gold"], categories=["none", "silver", "gold"], ordered=True
    )
    table = nps.by(pd.DataFrame({"tier": tiers, "s": [10, 3, 9]}), "s", "tier", sort="group")
    assert table["tier"].tolist() == ["none", "gold"] and table["tier"].cat.ordered


def test_bootstrap_agrees_with_wald_for_a_large_sample_and_is_seeded():
    scores = answers(4500, 3000, 2500)
    wald = nps.score(scores)
    boot = nps.score(scores, method="bootstrap", seed=7)
    assert boot.se == pytest.approx(wald.se, rel=0.05)
    assert boot.ci == pytest.approx(wald.ci, abs=0.5)
    assert nps.score(scores, method="bootstrap", seed=7).ci == boot.ci


def test_bootstrap_refuses_a_resample_count_that_would_exhaust_memory():
    with pytest.raises(ValueError, match="resamples must be a whole number from 100 to"):
        nps.score([10, 9, 3], method="bootstrap", resamples=10**9)


def test_unknown_method_is_refused_by_name():
    for call in (
        lambda: nps.score([9], method="exact"),
        lambda: nps.from_counts(1, 1, 1, method="bootstrap"),
        lambda: nps.by(pd.DataFrame({"s": [9], "g": ["a"]}), "s", "g", method="bootstrap"),
    ):
        with pytest.raises(ValueError, match="method must be one of"):
            call()


def test_bootstrap_resamples_counts_not_rows():
    # A million answers and 10,000 resamples must stay cheap: the draw is 10,000 x 3 counts.
    big = np.repeat(np.array([10, 8, 3], dtype=np.int8), [400_000, 350_000, 250_000])
    result = nps.score(big, method="bootstrap", seed=1, resamples=10_000)
    assert result.ci[0] < result.nps < result.ci[1]
    assert result.se == pytest.approx(100 * sqrt((0.4 + 0.25 - 0.15**2) / 1e6), rel=0.05)


# ---- properties ------------------------------------------------------------------------------

scores_lists = st.lists(st.integers(0, 10), min_size=1, max_size=300)


@given(scores_lists, st.sampled_from(["adjusted-wald", "wald", "bootstrap"]))
def test_nps_and_interval_stay_in_bounds_and_contain_the_estimate(scores, method):
    result = nps.score(scores, method=method, resamples=200, seed=1)
    assert -100 <= result.ci[0] <= result.nps <= result.ci[1] <= 100
    assert result.se >= 0
    if method == "adjusted-wald":
        assert result.se > 0 and result.ci[1] > result.ci[0]  # never a zero-width interval


@given(scores_lists, st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(scores, random):
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert nps.score(shuffled).nps == pytest.approx(nps.score(scores).nps)
    assert nps.score(shuffled).se == pytest.approx(nps.score(scores).se)


@given(scores_lists, st.integers(1, 50))
def test_adding_promoters_never_lowers_nps(scores, extra):
    assert nps.score(scores + [10] * extra).nps >= nps.score(scores).nps - 1e-9


@given(scores_lists)
def test_weights_of_one_equal_unweighted(scores):
    plain = nps.score(scores)
    weighted = nps.score(scores, weights=[1.0] * len(scores))
    assert weighted.nps == pytest.approx(plain.nps)
    assert weighted.se == pytest.approx(plain.se)
    assert weighted.ci == pytest.approx(plain.ci)


# ---- coverage of the 95% interval ------------------------------------------------------------


@pytest.mark.parametrize("n", [200, 2000])
def test_wald_interval_covers_the_true_nps_about_95_percent(n):
    rng = np.random.default_rng(2026 + n)
    shares = np.array([0.25, 0.40, 0.35])  # detractors, passives, promoters
    true_nps = 100 * (shares[2] - shares[0])
    trials = 4000  # the coverage estimate's SE is about 0.35 percentage points
    counts = rng.multinomial(n, shares, size=trials)
    covered = 0
    for detractors, passives, promoters in counts:
        sample = np.repeat(np.array([3, 8, 10], dtype=np.int8), [detractors, passives, promoters])
        low, high = nps.score(sample, method="wald").ci
        covered += low <= true_nps <= high
    assert 0.93 <= covered / trials <= 0.97


# ---- results read well -----------------------------------------------------------------------


def test_result_prints_and_converts():
    result = nps.score(answers(50, 30, 20), method="wald")
    assert str(result).startswith("NPS +30.0 (95% CI +14.7 to +45.3), n = 100")
    series = result.to_series()
    assert series["ci_low"] == pytest.approx(result.ci[0]) and "ci" not in series
