"""cxlib.kano: the evaluation table, words in two languages, Better/Worse by hand."""

import numpy as np
import pandas as pd
import pytest

from cxlib import kano


def test_evaluation_table_of_berger_1993():
    table = kano.EVALUATION_TABLE
    assert table.loc["like", "dislike"] == "O"
    assert table.loc["like", "neutral"] == "A" and table.loc["like", "live-with"] == "A"
    assert table.loc["must-be", "dislike"] == "M" and table.loc["live-with", "dislike"] == "M"
    assert table.loc["neutral", "neutral"] == "I"
    assert table.loc["like", "like"] == "Q" and table.loc["dislike", "dislike"] == "Q"
    assert table.loc["dislike", "like"] == "R" and table.loc["must-be", "like"] == "R"


def test_classify_every_cell_matches_the_table():
    f, d = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
    result = kano.classify(f.ravel(), d.ravel())
    assert result.tolist() == kano.EVALUATION_TABLE.to_numpy().ravel().tolist()


def test_words_in_english_and_chinese_with_spaces_and_case():
    result = kano.classify(
        pd.Series([" Like", "理所当然", "喜欢"]), pd.Series(["DISLIKE", "不喜欢", "无所谓"])
    )
    assert result.tolist() == ["O", "M", "A"]


def test_evaluate_counts_category_better_worse_by_hand():
    df = pd.DataFrame(
        {
            "feature": ["wifi"] * 5 + ["spa"] * 4,
            "functional": [2, 2, 2, 1, 3, 1, 1, 1, 5],
            "dysfunctional": [5, 5, 5, 5, 3, 3, 3, 5, 1],
        }
    )
    table = kano.evaluate(df).set_index("feature")
    # wifi: M, M, M, O, I -> better (O)/5 = 0.2, worse -(O + M)/5 = -0.8, category M
    assert table.loc["wifi", ["M", "O", "A", "I", "R", "Q"]].tolist() == [3, 1, 0, 1, 0, 0]
    assert table.loc["wifi", "category"] == "M"
    assert table.loc["wifi", "better"] == pytest.approx(0.2)
    assert table.loc["wifi", "worse"] == pytest.approx(-0.8)
    # spa: A, A, O, R -> A+O+M+I = 3: better 1, worse -1/3; R is left out of both
    assert table.loc["spa", "better"] == pytest.approx(1.0)
    assert table.loc["spa", "worse"] == pytest.approx(-1 / 3)
    assert table.loc["spa", "better_low"] < 1 and table.loc["spa", "better_high"] == pytest.approx(
        1
    )
    assert (
        table.loc["spa", "worse_low"] <= table.loc["spa", "worse"] <= table.loc["spa", "worse_high"]
    )


def test_ties_go_to_must_be_then_one_dimensional_then_attractive():
    df = pd.DataFrame(
        {"feature": ["x"] * 4, "functional": [1, 1, 2, 3], "dysfunctional": [3, 5, 5, 3]}
    )
    # A, O, M, I once each: M wins the tie
    assert kano.evaluate(df)["category"].item() == "M"
    df = pd.DataFrame({"feature": ["x"] * 2, "functional": [1, 1], "dysfunctional": [3, 5]})
    assert kano.evaluate(df)["category"].item() == "O"


def test_bad_answers_are_named():
    with pytest.raises(
        ValueError,
        match=r"functional has 1 of 2 answers that are not Kano answers \(rows 1: 'love'\)",
    ):
        kano.classify(["like", "love"], ["dislike", "dislike"])
    with pytest.raises(ValueError, match="between 1 and 5"):
        kano.classify([1, 6], [1, 1])
    with pytest.raises(ValueError, match="2 answers but dysfunctional has 1"):
        kano.classify([1, 2], [1])
    with pytest.raises(ValueError, match="no column"):
        kano.evaluate(pd.DataFrame({"feature": ["x"], "f": [1], "d": [1]}))


def test_one_pair_gives_one_category():
    assert kano.classify("like", "dislike") == "O"
    assert kano.classify("喜欢", "无所谓") == "A"
    assert kano.classify(2, 5) == "M"


def test_whole_number_floats_and_digit_strings_are_codes():
    # 1.0 / "1" = like, 5.0 / "5" = dislike: one-dimensional; "2" with "5" must-be.
    assert kano.classify([1.0, 2.0], [5.0, 5.0]).tolist() == ["O", "M"]
    assert kano.classify(["1", " 2 "], ["5", "5.0"]).tolist() == ["O", "M"]
    assert kano.classify(pd.Series([1.0, "3"], dtype=object), [5, 5]).tolist() == ["O", "M"]
    with pytest.raises(ValueError, match=r"not Kano answers.*'1.5'"):
        kano.classify(["1.5"], ["5"])
    with pytest.raises(ValueError, match="whole numbers"):
        kano.classify([1.5], [5])
    with pytest.raises(ValueError, match=r"not Kano answers.*'6'"):
        kano.classify(["6"], ["5"])


def test_adjusted_columns_by_hand():
    # Feature "wifi": M 6, O 3, I 1 of 10. Lead of M over O: z = 3 / sqrt(9 - 9/10) = 1.054,
    # p = 0.2918. Feature "robot": A 9, I 1 of 10: z = 8 / sqrt(10 - 6.4) = 4.216.
    answers = pd.DataFrame(
        {
            "feature": ["wifi"] * 10 + ["robot"] * 10,
            "functional": [2] * 6 + [1] * 3 + [3] + [1] * 9 + [3],
            "dysfunctional": [5] * 6 + [5] * 3 + [3] + [3] * 9 + [3],
        }
    )
    plain = kano.evaluate(answers)
    assert "lead_p_value" not in plain
    table = kano.evaluate(answers, adjust="holm").set_index("feature")
    pd.testing.assert_frame_equal(
        table.reset_index()[plain.columns], plain
    )  # unadjusted columns unchanged
    assert table.loc["wifi", "lead_z"] == pytest.approx(3 / np.sqrt(8.1))
    assert table.loc["robot", "lead_z"] == pytest.approx(8 / np.sqrt(3.6))
    p_wifi = table.loc["wifi", "lead_p_value"]
    assert p_wifi == pytest.approx(0.2918, abs=1e-4)
    # Holm with two tests: the smaller p doubled, the larger kept (but not below the first).
    assert table.loc["wifi", "lead_p_adjusted"] == pytest.approx(p_wifi)
    assert table.loc["robot", "lead_p_adjusted"] == pytest.approx(
        2 * table.loc["robot", "lead_p_value"]
    )
    # Bonferroni intervals at 97.5% are wider than the 95% ones.
    assert (table["better_low_adjusted"] <= table["better_low"]).all()
    assert (table["worse_low_adjusted"] <= table["worse_low"]).all()
    bh = kano.evaluate(answers, adjust="bh").set_index("feature")
    # One discovery (robot) of two: BY level 1 - 1 * 0.05 / 2 = 0.975, the same as Bonferroni.
    assert bh["better_low_adjusted"].tolist() == pytest.approx(
        table["better_low_adjusted"].tolist()
    )
