"""cxlib.training_effect and cxlib.training_questions: paired scores, McNemar, Welch.

The worked examples (Student's sleep data, Fagerland et al.'s 1-versus-7 pairs) are in the
docstrings; here the functions are checked against SciPy's own tests on random data, and bad
input is refused with messages that say what and where.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxlib
from cxlib import training_effect, training_questions


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paired_change_is_scipys_paired_t_test(seed):
    rng = np.random.default_rng(seed)
    before = rng.integers(0, 11, 25).astype(float)
    after = before + rng.normal(1, 2, 25).round()
    result = training_effect.paired_change(before, after, confidence=0.9)
    reference = stats.ttest_rel(after, before)
    assert result.t == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.ci == pytest.approx(tuple(reference.confidence_interval(0.9)))


@pytest.mark.parametrize("seed", [4, 5])
def test_difference_in_differences_is_welchs_test_on_the_changes(seed):
    rng = np.random.default_rng(seed)
    tb, cb = rng.integers(0, 11, 20).astype(float), rng.integers(0, 11, 9).astype(float)
    ta, ca = tb + rng.normal(2, 2, 20), cb + rng.normal(0, 0.5, 9)
    result = training_effect.difference_in_differences(tb, ta, cb, ca)
    reference = stats.ttest_ind(ta - tb, ca - cb, equal_var=False)
    assert result.t == pytest.approx(reference.statistic)
    assert result.df == pytest.approx(reference.df)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.ci == pytest.approx(tuple(reference.confidence_interval()))
    assert "difference in differences" in str(result)


def test_mcnemar_exact_is_the_binomial_test_of_the_discordant_pairs():
    b = np.array([0, 1, 3, 10, 4, 0])
    c = np.array([2, 7, 3, 2, 0, 0])
    pairs = zip(b, c, strict=True)
    expected = [stats.binomtest(x, x + y).pvalue if x + y else 1.0 for x, y in pairs]
    assert training_questions.mcnemar_exact(b, c).tolist() == pytest.approx(expected)


def test_a_learner_with_one_score_is_refused_unless_dropped_and_counted():
    with pytest.raises(ValueError, match=r"1 of 3 learners have only one .*rows \[1\].*dropna"):
        training_effect.paired_change([4, np.nan, 6], [5, 6, 7])
    result = training_effect.paired_change([4, np.nan, 6, 5], [5, 6, 7, 8], dropna=True)
    assert (result.n, result.left_out) == (3, 1)


@pytest.mark.parametrize(
    ("before", "after", "error", "message"),
    [
        ([4, 5], [5, 6, 7], ValueError, "2 scores before but 3 after"),
        ([4, "x", 6], [5, 6, 7], TypeError, "scores before holds text in 1 rows"),
        ([4], [5], ValueError, "1 learner\\(s\\) with both scores"),
        ([True, False], [1, 0], TypeError, "booleans"),
    ],
)
def test_bad_scores_are_refused_naming_what_is_wrong(before, after, error, message):
    with pytest.raises(error, match=message):
        training_effect.paired_change(before, after)


def test_no_variation_gives_an_interval_of_width_zero_and_no_p_value():
    result = training_effect.paired_change([3, 4, 5], [5, 6, 7])
    assert result.ci == (2.0, 2.0) and np.isnan(result.p_value)


def test_question_changes_refuses_values_other_than_right_and_wrong():
    before = pd.DataFrame({"Q1": [1, 0, 2], "Q2": [1, 1, 0]})
    after = pd.DataFrame({"Q1": [1, 1, 1], "Q2": [0, 1, 1]})
    with pytest.raises(ValueError, match=r"before\['Q1'\] must hold 1 \(right\), 0 \(wrong\)"):
        training_questions.question_changes(before, after)
    with pytest.raises(ValueError, match="same learners and questions"):
        training_questions.question_changes(before[["Q1"]], after)


def test_question_changes_adjusts_for_testing_every_question():
    rng = np.random.default_rng(9)
    before = pd.DataFrame((rng.random((30, 8)) < 0.4).astype(int))
    after = pd.DataFrame((rng.random((30, 8)) < 0.7).astype(int))
    table = training_questions.question_changes(before, after, adjust="holm")
    assert (table["p_adjusted"] >= table["p_value"]).all()


def test_the_modules_are_topics_of_cxlib():
    assert cxlib.training_effect is training_effect
    assert cxlib.training_questions is training_questions
