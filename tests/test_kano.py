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
