"""cxlib.reasons: word segmentation, bilingual themes, crosstabs, key drivers by hand."""

import numpy as np
import pandas as pd
import pytest

from cxlib import reasons


def test_keywords_match_whole_words_not_parts_of_words():
    coded = reasons.code(["排队等了很久", "会员等级很高", "等级制度"])
    assert coded["check-in"].tolist() == [True, False, False]  # 等 is not part of 等级
    assert coded["member perks"].tolist() == [False, True, False]


def test_english_words_and_phrases():
    coded = reasons.code(["Unfriendly front desk", "The fronts desk", "Thin walls, noisy"])
    assert coded["staff"].tolist() == [True, False, False]
    assert coded["noise"].tolist() == [False, False, True]


def test_themes_are_editable_and_missing_reasons_are_counted():
    themes = {"wifi": {"zh": "网络", "keywords": ["网络", "wifi", "wi-fi"]}}
    coded = reasons.code(
        pd.Series(["网络太慢", "Wi-Fi was slow", "", None], index=list("abcd")), themes
    )
    assert coded["wifi"].tolist() == [True, True, False, False]
    assert coded["answered"].tolist() == [True, True, False, False]
    assert list(coded.index) == list("abcd")


def test_by_type_shares_and_intervals_by_hand():
    coded = reasons.code(["太吵了", "早餐不错", "很吵", None, "Great breakfast"])
    table = reasons.by_type(coded, [3, 5, 6, 9, 10]).set_index(["theme", "type"])
    noise = table.loc[("noise", "detractor")]
    assert (noise["mentions"], noise["answered"], noise["share"]) == (2, 3, pytest.approx(2 / 3))
    # Wilson with continuity correction (the shared interval), p = 2/3, n = 3: Wilson's lower
    # limit at 2/3 - 1/6 = 0.5 and upper limit at 2/3 + 1/6 = 0.8333 -> 0.1253 to 0.9823
    # (scipy's binomtest(2, 3).proportion_ci(method="wilsoncc") agrees)
    assert noise["ci_low"] == pytest.approx(0.1253, abs=1e-3)
    assert noise["ci_high"] == pytest.approx(0.9823, abs=1e-3)
    assert (
        table.loc[("breakfast", "promoter"), "answered"] == 1
    )  # the promoter with no reason is out


def test_relative_weights_of_uncorrelated_predictors_are_their_squared_correlations():
    # Two exactly uncorrelated predictors: each weight is r^2 and they add up to R^2.
    x1 = np.array([1, -1, 1, -1, 1, -1, 1, -1], dtype=float)
    x2 = np.array([1, 1, -1, -1, 1, 1, -1, -1], dtype=float)
    y = 3 * x1 + 1 * x2 + np.array([0.5, -0.5, -0.5, 0.5, -0.5, 0.5, 0.5, -0.5])
    df = pd.DataFrame({"x1": x1, "x2": x2, "y": y})
    table = reasons.key_drivers(df, "y", ["x1", "x2"], resamples=200, seed=0).set_index("attribute")
    r = df.corr()["y"]
    assert table.loc["x1", "weight"] == pytest.approx(r["x1"] ** 2)
    assert table.loc["x2", "weight"] == pytest.approx(r["x2"] ** 2)
    design = np.column_stack([np.ones(8), x1, x2])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert table.attrs["r2"] == pytest.approx(r2)


def test_relative_weights_add_up_to_r2_for_correlated_predictors():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(400, 3))
    x[:, 1] += 0.8 * x[:, 0]  # correlated drivers
    y = x @ np.array([1.0, 0.5, 0.0]) + rng.normal(size=400)
    df = pd.DataFrame(np.column_stack([x, y]), columns=["a", "b", "c", "y"])
    table = reasons.key_drivers(df, "y", ["a", "b", "c"], resamples=300, seed=1)
    design = np.column_stack([np.ones(400), x])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert table["weight"].sum() == pytest.approx(r2)
    assert table["attribute"].iloc[0] == "a" and table["attribute"].iloc[-1] == "c"
    assert (table["weight_low"] <= table["weight"]).all() and (
        table["weight"] <= table["weight_high"]
    ).all()
    again = reasons.key_drivers(df, "y", ["a", "b", "c"], resamples=300, seed=1)
    assert table.equals(again)


def test_bad_input():
    with pytest.raises(TypeError, match="must be text"):
        reasons.code(["ok", 5])
    with pytest.raises(ValueError, match="needs a list of keywords"):
        reasons.code(["ok"], {"x": {"keywords": "ok"}})
    df = pd.DataFrame(
        {"a": [1.0, 2, 3, 4, 5, np.nan], "b": [2.0, 1, 4, 3, 5, 6], "y": [1.0, 2, 3, 4, 5, 6]}
    )
    with pytest.raises(ValueError, match="missing"):
        reasons.key_drivers(df, "y", ["a", "b"])
    assert (
        reasons.key_drivers(df, "y", ["a", "b"], dropna=True, resamples=100, seed=0).shape[0] == 2
    )
    with pytest.raises(ValueError, match="at least two attributes"):
        reasons.key_drivers(df, "y", ["a"])
    with pytest.raises(ValueError, match="no variation"):
        reasons.key_drivers(df.assign(b=1.0), "y", ["a", "b"], dropna=True)


def test_key_drivers_adjusted_columns():
    from scipy import stats

    rng = np.random.default_rng(4)
    ratings = pd.DataFrame(rng.normal(size=(80, 4)), columns=["staff", "room", "price", "wifi"])
    ratings["score"] = ratings["staff"] + 0.3 * ratings["room"] + rng.normal(size=80)
    attributes = ["staff", "room", "price", "wifi"]
    plain = reasons.key_drivers(ratings, "score", attributes, seed=1)
    assert "correlation_p_value" not in plain
    holm = reasons.key_drivers(ratings, "score", attributes, seed=1, adjust="holm")
    pd.testing.assert_frame_equal(holm[plain.columns], plain)  # unadjusted columns unchanged
    for row in holm.itertuples():
        # The t test of r = 0 equals scipy's Pearson test.
        expected = stats.pearsonr(ratings[row.attribute], ratings["score"]).pvalue
        assert row.correlation_p_value == pytest.approx(expected, rel=1e-8)
    by_hand = np.minimum(
        1, np.maximum.accumulate(np.sort(holm["correlation_p_value"]) * [4, 3, 2, 1])
    )
    assert np.sort(holm["correlation_p_adjusted"]) == pytest.approx(by_hand)
    # Bonferroni level 1 - 0.05 / 4 for the Fisher intervals.
    half = stats.norm.ppf(1 - 0.05 / 8) / np.sqrt(80 - 3)
    assert holm["correlation_high_adjusted"].to_numpy() == pytest.approx(
        np.tanh(np.arctanh(holm["correlation"]) + half).to_numpy()
    )
    assert (holm["weight_low_adjusted"] <= holm["weight_low"]).all()
    bh = reasons.key_drivers(ratings, "score", attributes, seed=1, adjust="bh")
    assert (bh["correlation_p_adjusted"] <= holm["correlation_p_adjusted"] + 1e-12).all()
