"""Many NPS comparisons: each segment against the rest, every pair, adjusted p-values."""

from math import sqrt

import numpy as np
import pandas as pd
import pytest

from cxlib import nps
from cxlib._stats import adjust_p, critical_z
from cxlib.nps_intervals import statistics


def survey(seed: int = 3, n: int = 900, weights: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "city": rng.choice(
                ["Beijing", "Chengdu", "Shanghai", "Xi'an"], n, p=[0.4, 0.3, 0.2, 0.1]
            ),
            "score": rng.integers(0, 11, n),
        }
    )
    if weights:
        df["w"] = rng.uniform(0.5, 2.0, n)
    return df


@pytest.mark.parametrize("method", ["adjusted-wald", "wald"])
@pytest.mark.parametrize("weighted", [False, True])
def test_versus_rest_equals_compare_of_the_group_and_everyone_else(method, weighted):
    df = survey(weights=weighted)
    w = "w" if weighted else None
    table = nps.by(df, "score", "city", weights=w, method=method, versus="rest", sort="group")
    for row in table.itertuples():
        inside = df["city"] == row.city
        a = nps.score(
            df.loc[inside, "score"], weights=None if w is None else df.loc[inside, w], method=method
        )
        b = nps.score(
            df.loc[~inside, "score"],
            weights=None if w is None else df.loc[~inside, w],
            method=method,
        )
        expected = nps.compare(a, b, method=method)
        assert row.rest_nps == pytest.approx(b.nps)
        assert row.difference == pytest.approx(expected.difference)
        assert row.difference_se == pytest.approx(expected.se)
        assert (row.difference_ci_low, row.difference_ci_high) == pytest.approx(expected.ci)
        assert row.z == pytest.approx(expected.z) and row.p_value == pytest.approx(expected.p_value)


def test_versus_rest_hand_worked_with_wald():
    # A: 10, 10, 0 (NPS 33.3, Var = 1 - 1/9 = 8/9, SE^2 = 100^2 * 8/27); rest B: 9, 8, 0, 0
    # (NPS -25, Var = 0.75 - 0.0625 = 0.6875, SE^2 = 100^2 * 0.6875/4).
    df = pd.DataFrame({"g": list("AAABBBB"), "score": [10, 10, 0, 9, 8, 0, 0]})
    row = nps.by(df, "score", "g", method="wald", versus="rest", sort="group").iloc[0]
    se = 100 * sqrt(8 / 27 + 0.6875 / 4)
    assert row["difference"] == pytest.approx(100 / 3 + 25)
    assert row["difference_se"] == pytest.approx(se)
    # exact test: together 3 promoters, 1 passive, 3 detractors; A's three answers give
    # T = P - D = 1 against E(T) = 0. Of the C(7, 3) = 35 draws, T = 0 only for one of each
    # (3 * 3 * 1 = 9 draws), so p = P(|T| >= 1) = 26/35 (the normal z = 0.8525 gave 0.394).
    assert row["p_value"] == pytest.approx(26 / 35)
    assert nps.by(df, "score", "g", versus="rest").attrs["test"] == "exact"


@pytest.mark.parametrize("adjust", ["holm", "bh"])
def test_adjusted_columns_follow_adjust_p_and_the_adjusted_level(adjust):
    table = nps.by(survey(), "score", "city", method="wald", versus="rest", adjust=adjust)
    assert table["p_adjusted"].tolist() == pytest.approx(
        adjust_p(table["p_value"], adjust).tolist()
    )
    assert (table["p_adjusted"] >= table["p_value"] - 1e-12).all()
    if adjust == "holm":  # Bonferroni level 1 - 0.05/4 = 0.9875
        half = critical_z(1 - 0.05 / 4) * table["difference_se"]
        assert table["difference_ci_low_adjusted"].tolist() == pytest.approx(
            (table["difference"] - half).tolist()
        )
    assert (table["difference_ci_low_adjusted"] <= table["difference_ci_low"] + 1e-12).all()


def test_adjust_needs_versus_and_versus_is_checked():
    with pytest.raises(ValueError, match="versus='rest'"):
        nps.by(survey(), "score", "city", adjust="holm")
    with pytest.raises(ValueError, match="versus must be None or 'rest'"):
        nps.by(survey(), "score", "city", versus="overall")
    with pytest.raises(ValueError, match="adjust must be one of"):
        nps.by(survey(), "score", "city", versus="rest", adjust="bonferroni")


def test_pairwise_equals_compare_of_each_pair_and_adjusts():
    df = survey()
    table = nps.pairwise(df, "score", "city", adjust="bh")
    assert len(table) == 6  # 4 cities: 4 * 3 / 2 pairs
    for row in table.itertuples():
        a = df.loc[df["city"] == row.group_a, "score"]
        b = df.loc[df["city"] == row.group_b, "score"]
        expected = nps.compare(a, b)
        assert row.difference == pytest.approx(expected.difference)
        assert row.se == pytest.approx(expected.se)
        assert (row.ci_low, row.ci_high) == pytest.approx(expected.ci)
        assert row.p_value == pytest.approx(expected.p_value)
    assert table["p_adjusted"].tolist() == pytest.approx(adjust_p(table["p_value"], "bh").tolist())
    plain = nps.pairwise(df, "score", "city", adjust=None)
    assert "p_adjusted" not in plain and list(plain["difference"]) == list(table["difference"])


def test_pairwise_with_several_keys_labels_the_combinations():
    df = pd.DataFrame({"a": list("xxyy"), "b": [1, 2, 1, 2], "score": [10, 9, 0, 7]})
    table = nps.pairwise(df, "score", ["a", "b"])
    assert table["group_a"].iloc[0] == "x / 1" and len(table) == 6


def test_adjusted_wald_covers_at_small_n_where_wald_does_not():
    # 95% promoters, 2% detractors, n = 10 (the example): 4,000 seeded surveys.
    rng = np.random.default_rng(12)
    counts = rng.multinomial(10, [0.02, 0.03, 0.95], size=4000).astype(float)
    n = np.full(4000, 10.0)
    z = critical_z(0.95)
    coverage = {}
    for method in ("wald", "adjusted-wald"):
        stats = statistics(counts, n, z, method)
        coverage[method] = np.mean((stats["ci_low"] <= 93) & (93 <= stats["ci_high"]))
    assert coverage["wald"] < 0.5
    assert 0.92 <= coverage["adjusted-wald"] <= 0.99


def _segment_tables(pooled: np.ndarray, n: int):
    """Every segment of ``n`` answers from ``pooled``, with its probability under "no difference".

    ``pooled`` holds the (detractors, passives, promoters) of all answers; given these totals a
    segment's counts are multivariate hypergeometric.
    """
    from scipy.special import comb

    for d in range(n + 1):
        for p in range(n + 1 - d):
            a = np.array([d, n - p - d, p])
            if (a <= pooled).all():
                yield a, pooled - a, comb(pooled, a).prod() / comb(pooled.sum(), n)


def _answers(counts: np.ndarray) -> np.ndarray:
    return np.repeat([0, 7, 10], counts.astype(int))


@pytest.mark.parametrize("shares", [(0.02, 0.03, 0.95), (0.1, 0.2, 0.7), (0.3, 0.3, 0.4)])
def test_exact_p_values_hold_holms_first_threshold_exact_enumeration(shares):
    # 20 segments of 30 answers: Holm's first threshold is 0.05 / 20 = 0.0025, deep in the
    # tail. Holm holds the family-wise error at 5% whenever every p-value is valid,
    # P(p <= u) <= u, and BH holds the FDR under positive dependence (Benjamini & Yekutieli
    # 2001). Every segment of 30 against the rest of 600 answers is enumerated.
    from scipy.special import ndtr

    pooled = np.round(600 * np.array(shares)).astype(int)
    levels = np.array([0.05 / 20, 0.05 / 10, 0.05])
    exact_size, normal_size = np.zeros(3), np.zeros(3)
    for a, b, probability in _segment_tables(pooled, 30):
        result = nps.compare(_answers(a), _answers(b))
        exact_size += probability * (result.p_value <= levels)
        normal_size += probability * (2 * ndtr(-abs(result.z)) <= levels)
    assert (exact_size <= levels * (1 + 1e-9)).all(), exact_size
    if shares == (0.3, 0.3, 0.4):  # the z-test it replaced: 0.0039 at 0.0025, 0.0078 at 0.005
        assert (normal_size[:2] > 1.4 * levels[:2]).all(), normal_size


def test_a_comparison_with_nothing_to_test_is_reported_and_counted_in_the_family():
    # A and B: every answer a promoter (0% vs 0% detractors and passives): p = 1 with a note,
    # kept in the table and counted in the family (Holm multiplies the smallest p by 3).
    df = pd.DataFrame(
        {"g": ["A"] * 12 + ["B"] * 12 + ["C"] * 12, "score": [10] * 24 + [0] * 10 + [10] * 2}
    )
    table = nps.pairwise(df, "score", "g", adjust="holm")
    assert len(table) == 3
    same = table[(table["group_a"] == "A") & (table["group_b"] == "B")].iloc[0]
    assert same["p_value"] == 1.0 and "nothing to test" in same["note"]
    smallest = table["p_value"].min()
    assert table["p_adjusted"].min() == pytest.approx(min(1.0, 3 * smallest))
    rest = nps.by(
        pd.DataFrame({"g": ["A"] * 5 + ["B"] * 5, "score": [10] * 10}),
        "score",
        "g",
        versus="rest",
        adjust="bh",
    )
    assert len(rest) == 2 and (rest["p_value"] == 1.0).all() and (rest["p_adjusted"] == 1.0).all()
    assert rest["note"].str.contains("nothing to test").all()
