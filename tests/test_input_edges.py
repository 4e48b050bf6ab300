"""Issue 21's library items: shapes of input that gave a wrong number with no error."""

import numpy as np
import pandas as pd
import pytest

from cxlib import csat, exports, kano, nps, peakend


def test_masked_entries_are_missing_not_answers():
    # numpy.ma keeps the data under the mask (here 0, a detractor): it must not be counted
    scores = np.ma.masked_array([10, 0, 9, 10], mask=[False, True, False, False])
    with pytest.raises(ValueError, match="1 of 4 rows with a missing answer"):
        nps.score(scores)
    result = nps.score(scores, dropna=True)
    assert result.nps == 100.0 and result.n == 3 and result.dropped == 1
    satisfied = np.ma.masked_array([5, 1, 4], mask=[False, True, False])
    assert csat.csat(satisfied, dropna=True).csat == 100.0
    unmasked = np.ma.masked_array([9, 3], mask=False)
    assert nps.score(unmasked).nps == nps.score([9, 3]).nps


def test_weights_series_are_matched_by_index_not_position():
    scores = pd.Series([10, 0, 10], index=["a", "b", "c"])
    weights = pd.Series([1.0, 3.0, 1.0], index=["b", "a", "c"])  # a weighs 3, b 1
    # promoters a (3) and c (1) against detractor b (1): NPS = 100 * (4 - 1) / 5 = +60
    assert nps.score(scores, weights=weights).nps == pytest.approx(60.0)
    assert nps.score(scores, weights=weights.to_numpy()).nps == pytest.approx(-20.0)  # position
    ratings = pd.Series([5, 1], index=[7, 8])
    assert csat.csat(ratings, weights=pd.Series([0.0, 1.0], index=[8, 7])).csat == 100.0
    effort = csat.ces(
        pd.Series([7, 1, 1], index=[0, 1, 2]), weights=pd.Series([1, 0, 1], index=[1, 0, 2])
    )
    # by label the weights are 0, 1, 1: mean (1 + 1) / 2 = 1 (by position it would be 4)
    assert effort.ces == pytest.approx(1.0)
    with pytest.raises(ValueError, match="different index labels: scores has 'c' that weights"):
        nps.score(scores.rename("scores"), weights=weights.drop("c"))
    with pytest.raises(ValueError, match="index labels repeat"):
        nps.score(scores, weights=pd.Series([1.0, 1.0, 1.0], index=["a", "a", "b"]))


def test_kano_pairs_two_series_by_index():
    functional = pd.Series(["like", "like"], index=[1, 2])
    dysfunctional = pd.Series(["neutral", "dislike"], index=[2, 1])
    # respondent 1: like / dislike = O; respondent 2: like / neutral = A
    assert kano.classify(functional, dysfunctional).tolist() == ["O", "A"]
    with pytest.raises(ValueError, match="dysfunctional and functional are Series"):
        kano.classify(functional, dysfunctional.set_axis([2, 3]))


def test_infinite_values_are_refused():
    with pytest.raises(
        ValueError, match=r"ratings must hold finite numbers; 1 of 3 rows are infinite"
    ):
        peakend.summarize([1, np.inf, 5])
    with pytest.raises(ValueError, match="infinite"):
        nps.by_counts(pd.DataFrame({"promoters": [np.inf], "passives": [1], "detractors": [1]}))


def test_complex_values_are_refused_not_cut_to_their_real_part():
    answers = np.array([9, 10 + 2j, 3], dtype=object)
    with pytest.raises(TypeError, match=r"scores holds complex numbers in 1 rows: rows 1"):
        nps.score(answers)
    with pytest.raises(TypeError, match="must hold numbers; got dtype complex128"):
        nps.score(np.array([9, 10 + 0j]))


def test_by_counts_keeps_groups_whose_weights_sum_below_one_half():
    counts = pd.DataFrame(
        {"city": ["A", "B"], "promoters": [0.3, 40], "passives": [0.1, 30], "detractors": [0.0, 30]}
    )
    table = nps.by_counts(counts, "city")
    assert table["city"].tolist() == ["A", "B"]
    assert table.loc[0, "n"] == pytest.approx(0.4) and table.loc[0, "nps"] == pytest.approx(75.0)


def test_text_too_small_or_large_for_a_float_is_not_a_number():
    # "1e-400" would be read as 0 (a detractor) and "1e400" as infinity: the reading pipeline
    # (cxlib.answers.number, used by exports.numbers) takes only plain decimals
    text = pd.Series(["9", "1e-400", "0", "1e400"], index=[2, 3, 4, 5], name="ltr")
    with pytest.raises(
        exports.ExportError, match=r"2 answers that are not numbers: line 3 '1e-400'"
    ):
        exports.numbers(text, path="a.csv")


def test_a_segment_whose_weights_are_all_zero_is_refused_not_nan():
    survey = pd.DataFrame(
        {"city": ["A", "A", "B", "B"], "score": [10, 9, 3, 8], "w": [1.0, 1.0, 0.0, 0.0]}
    )
    with pytest.raises(
        ValueError, match=r"weights are all zero in 1 segment\(s\) of city: 'B' \(2 rows\)"
    ):
        nps.by(survey, "score", "city", weights="w")


def test_by_with_integer_duplicate_and_many_keys_gives_cxlibs_words():
    survey = pd.DataFrame({0: ["A", "B", "A"], 1: [10, 3, 9]})
    table = nps.by(survey, 1, 0, sort="group")
    assert table[0].tolist() == ["A", "B"] and table["nps"].tolist() == [100.0, -100.0]
    twice = pd.DataFrame([["A", 9, 10], ["B", 3, 4]], columns=["city", "score", "score"])
    with pytest.raises(ValueError, match=r"more than one column named 'score' \(2 times\)"):
        nps.by(twice, "score", "city")
    with pytest.raises(ValueError, match="by names a column twice: 'city'"):
        nps.by(survey.set_axis(["city", "score"], axis=1), "score", ["city", "city"])
    # five keys of 100,000 distinct values each: 1e25 combinations do not fit in 64 bits
    rng = np.random.default_rng(21)
    many = pd.DataFrame({f"k{i}": rng.permutation(100_000) for i in range(5)})
    many["score"] = rng.integers(0, 11, 100_000)
    table = nps.by(many.head(1000), "score", [f"k{i}" for i in range(5)], sort="group")
    assert len(table) == 1000 and table["n"].eq(1).all()
    first = many.head(1000).sort_values([f"k{i}" for i in range(5)]).iloc[0]
    assert (
        table.iloc[0][[f"k{i}" for i in range(5)]].tolist()
        == first[[f"k{i}" for i in range(5)]].tolist()
    )
    big = nps.by(many, "score", [f"k{i}" for i in range(5)])
    assert len(big) == 100_000
