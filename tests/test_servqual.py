"""cxlib.servqual: worked examples by hand, alpha against a second formula, bad input."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlib import reliability, servqual


def test_items_and_dimensions_follow_parasuraman_1988():
    assert len(servqual.ITEMS) == 22
    sizes = servqual.ITEMS.groupby("dimension", sort=False).size()
    assert sizes.to_dict() == {
        "Tangibles": 4,
        "Reliability": 5,
        "Responsiveness": 4,
        "Assurance": 4,
        "Empathy": 5,
    }
    assert servqual.ITEMS.loc[servqual.ITEMS["item"] == 14, "dimension"].item() == "Assurance"
    assert servqual.ITEMS["label_zh"].str.len().gt(0).all()


def test_gaps_by_hand():
    # Respondent 1: expects 7, perceives 6 on Tangibles (gap -1), 4 elsewhere (gap -3).
    # Respondent 2: expects 6, perceives 6 on Tangibles (gap 0), 5 elsewhere (gap -1).
    e = np.array([[7] * 22, [6] * 22])
    p = np.array([[6] * 4 + [4] * 18, [6] * 4 + [5] * 18])
    result = servqual.gaps(e, p)
    dims = result.dimensions.set_index("dimension")
    assert dims.loc["Tangibles", "gap"] == pytest.approx(-0.5)
    assert dims.loc["Reliability", "gap"] == pytest.approx(-2.0)
    # Overall per respondent: (-1 - 3*4)/5 = -2.6 and (0 - 1*4)/5 = -0.8; mean -1.7
    assert result.score == pytest.approx(-1.7)
    # t interval, n = 2: sd = 1.8 / sqrt(2) = 1.2728, se = 0.9, t(0.975, 1) = 12.706
    assert result.score_ci == pytest.approx((-1.7 - 12.7062047 * 0.9, -1.7 + 12.7062047 * 0.9))
    assert result.items.loc[0, "expectation"] == 6.5 and result.items.loc[0, "perception"] == 6.0


def test_weighted_score_by_hand():
    e = np.array([[7] * 22, [6] * 22])
    p = np.array([[6] * 4 + [4] * 18, [6] * 4 + [5] * 18])
    weights = {
        "Tangibles": 40,
        "Reliability": 15,
        "Responsiveness": 15,
        "Assurance": 15,
        "Empathy": 15,
    }
    result = servqual.gaps(e, p, weights=weights)
    # Respondent 1: 0.4*-1 + 0.6*-3 = -2.2; respondent 2: 0.4*0 + 0.6*-1 = -0.6; mean -1.4
    assert result.weighted_score == pytest.approx(-1.4)
    per_respondent = pd.DataFrame([weights, {**weights, "Tangibles": 20, "Empathy": 35}])
    mixed = servqual.gaps(e, p, weights=per_respondent)
    # Respondent 2 now: 0.2*0 + 0.8*-1 = -0.8; mean (-2.2 - 0.8) / 2 = -1.5
    assert mixed.weighted_score == pytest.approx(-1.5)


def test_alpha_by_hand_and_against_the_covariance_formula():
    data = np.array([[2, 2, 2], [3, 3, 3], [4, 4, 4], [1, 2, 3]], dtype=float)
    # totals 6, 9, 12, 6: variance 8.25; item variances 5/3, 11/12, 2/3: sum 3.25
    assert servqual.alpha(data) == pytest.approx(1.5 * (1 - 3.25 / 8.25))
    rng = np.random.default_rng(5)
    answers = np.clip(rng.integers(1, 8, (200, 1)) + rng.integers(-2, 3, (200, 22)), 1, 7)
    for start, size in zip([0, 4, 9, 13, 17], [4, 5, 4, 4, 5], strict=True):
        block = answers[:, start : start + size].astype(float)
        cov = np.cov(block, rowvar=False)
        mean_var = np.trace(cov) / size
        mean_cov = (cov.sum() - np.trace(cov)) / (size * (size - 1))
        expected = size * mean_cov / (mean_var + (size - 1) * mean_cov)
        dimension = servqual.DIMENSIONS["dimension"][[0, 4, 9, 13, 17].index(start)]
        assert servqual.cronbach_alpha(answers)[dimension] == pytest.approx(expected)


def test_bad_input_is_named():
    good = np.full((3, 22), 5)
    with pytest.raises(ValueError, match="22 columns"):
        servqual.gaps(np.full((3, 21), 5), good)
    with pytest.raises(ValueError, match="perceptions must lie between 1 and 7"):
        servqual.gaps(good, np.full((3, 22), 8))
    missing = good.astype(float)
    missing[1, 3] = np.nan
    with pytest.raises(ValueError, match=r"1 missing answers in 1 of 3 respondents \(rows 1\)"):
        servqual.gaps(missing, good)
    assert servqual.gaps(missing, good, dropna=True).n == 2
    with pytest.raises(ValueError, match="sum to 100"):
        servqual.gaps(good, good, weights={d: 10 for d in servqual.DIMENSIONS["dimension"]})
    with pytest.raises(ValueError, match="unknown"):
        servqual.gaps(good, good, weights={"Price": 100})
    with pytest.raises(ValueError, match="at least two"):
        servqual.gaps(good[:1], good[:1])


def test_moment_algebra_matches_a_direct_per_respondent_computation():
    rng = np.random.default_rng(11)
    e = rng.integers(1, 8, (40_000, 22), dtype=np.int8)  # more than two 16,384-row chunks
    p = rng.integers(1, 8, (40_000, 22), dtype=np.int8)
    result = servqual.gaps(
        e,
        p,
        weights={
            "Tangibles": 10,
            "Reliability": 30,
            "Responsiveness": 20,
            "Assurance": 20,
            "Empathy": 20,
        },
    )
    gap = p.astype(float) - e
    assert np.allclose(result.items["gap"], gap.mean(axis=0))
    assert np.allclose(result.items["se"], gap.std(axis=0, ddof=1) / np.sqrt(len(gap)))
    starts, sizes = [0, 4, 9, 13, 17], [4, 5, 4, 4, 5]
    dims = np.column_stack(
        [gap[:, s : s + k].mean(axis=1) for s, k in zip(starts, sizes, strict=True)]
    )
    assert np.allclose(result.dimensions["gap"], dims.mean(axis=0))
    assert np.allclose(result.dimensions["se"], dims.std(axis=0, ddof=1) / np.sqrt(len(gap)))
    overall = dims.mean(axis=1)
    half = (result.score_ci[1] - result.score_ci[0]) / 2
    assert result.score == pytest.approx(overall.mean())
    assert half == pytest.approx(1.960 * overall.std(ddof=1) / np.sqrt(len(gap)), rel=1e-3)
    weighted = dims @ np.array([0.1, 0.3, 0.2, 0.2, 0.2])
    assert result.weighted_score == pytest.approx(weighted.mean())
    assert np.allclose(result.items["expectation"], e.mean(axis=0))


def test_unsigned_answers_give_negative_gaps_not_wrapped_ones():
    # uint8 7 - 5 would wrap to 254 if subtracted in uint8; the gap must be -2 (and -1 below).
    for dtype in (np.uint8, np.uint16):
        e = np.full((2, 22), 7, dtype=dtype)
        p = np.array([[5] * 22, [6] * 22], dtype=dtype)
        result = servqual.gaps(e, p)
        assert result.score == pytest.approx(-1.5)
        assert result.items["gap"].tolist() == pytest.approx([-1.5] * 22)
        assert result.items["se"].tolist() == pytest.approx([0.5] * 22)


def test_sums_are_exact_on_a_0_to_100_scale():
    # 40,000 respondents answering 0-100: squared gaps up to 10**4, summed over chunks of 16,384
    # rows, pass float32's 2**24 exact whole numbers (the old float32 sums were off by 5e-8).
    # Expected values from exact int64 sums.
    rng = np.random.default_rng(0)
    n = 40_000
    e, p = rng.integers(0, 101, (n, 22)), rng.integers(0, 101, (n, 22))
    g = (p - e).astype(np.int64)
    total, squares = g.sum(axis=0), (g * g).sum(axis=0)
    mean = total / n
    se = np.sqrt((squares - total * mean) / (n - 1) / n)
    items = servqual.gaps(e, p, scale=(0, 100)).items
    assert items["gap"].to_numpy() == pytest.approx(mean, rel=1e-14)
    assert items["se"].to_numpy() == pytest.approx(se, rel=1e-13)


def test_adjusted_item_columns():
    rng = np.random.default_rng(3)
    e = rng.integers(4, 8, (40, 22))
    p = np.clip(e + rng.integers(-2, 2, (40, 22)), 1, 7)
    plain = servqual.gaps(e, p)
    assert "p_adjusted" not in plain.items  # default table unchanged
    for method in ("holm", "bh"):
        items = servqual.gaps(e, p, adjust=method).items
        # The unadjusted columns are untouched.
        pd.testing.assert_frame_equal(items[plain.items.columns], plain.items)
        t = items["gap"] / items["se"]
        expected_p = 2 * stats.t.sf(np.abs(t), 39)
        assert items["p_value"].to_numpy() == pytest.approx(expected_p)
        assert (items["p_adjusted"] >= items["p_value"] - 1e-15).all()
        assert (items["ci_low_adjusted"] <= items["ci_low"] + 1e-12).all()
    holm = servqual.gaps(e, p, adjust="holm").items
    # Bonferroni's level 1 - 0.05 / 22 for the intervals reported with Holm's p-values.
    half = stats.t.ppf(1 - 0.025 / 22, 39) * holm["se"]
    assert holm["ci_high_adjusted"].to_numpy() == pytest.approx((holm["gap"] + half).to_numpy())
    with pytest.raises(ValueError, match="adjust must be one of"):
        servqual.gaps(e, p, adjust="bonferroni")


def test_feldt_interval_against_worked_examples():
    # Chris Evans's R function feldt1.return(0.913, 873, 20): 0.9044024 to 0.9211588.
    low, high = reliability.feldt_interval(0.913, 873, 20)
    assert (low, high) == pytest.approx((0.9044024, 0.9211588), abs=1e-7)
    # Hand-worked (see reliability.alpha_interval): n = 4, k = 3, alpha = 10/11.
    low, high = reliability.feldt_interval(10 / 11, 4, 3)
    f_high, f_low = stats.f.ppf([0.975, 0.025], 3, 6)
    assert low == pytest.approx(1 - f_high / 11) and high == pytest.approx(1 - f_low / 11)
    assert low == pytest.approx(0.4001, abs=1e-3)


def test_feldt_interval_covers_about_95_percent_for_parallel_items():
    # Parallel items: true score + independent error of equal variance, population alpha
    # = k r / (1 + (k - 1) r) with r = 1 / (1 + 1) = 0.5, k = 5: 5/6.
    rng = np.random.default_rng(8)
    k, n, runs = 5, 60, 1500
    true = rng.normal(size=(runs, n, 1))
    answers = true + rng.normal(size=(runs, n, k))
    hits = 0
    for sample in answers:
        low, high = reliability.alpha_interval(sample).ci
        hits += low <= 5 / 6 <= high
    assert hits / runs == pytest.approx(0.95, abs=0.015)


def test_alpha_table_and_old_names_still_work():
    rng = np.random.default_rng(5)
    answers = np.clip(rng.integers(1, 8, (200, 1)) + rng.integers(-2, 3, (200, 22)), 1, 7)
    table = servqual.alpha_table(answers, confidence=0.9)
    assert table.index.name == "dimension" and table["items"].tolist() == [4, 5, 4, 4, 5]
    pd.testing.assert_series_equal(servqual.cronbach_alpha(answers), table["alpha"])
    low, high = reliability.feldt_interval(table["alpha"].iloc[0], 200, 4, 0.9)
    assert table[["ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx([low, high])
    assert servqual.alpha is reliability.alpha
