"""cxlib.typology: quiz scoring, ties, hand-worked kappa, bad input, the retest simulation."""

import numpy as np
import pandas as pd
import pytest

from cxlib import typology


def _quiz(rows):
    return pd.DataFrame(rows, columns=list(typology.COURSE_KEY))


def test_score_counts_each_colour_with_the_course_key():
    # q1 B red, q2 A red, q3 C blue, q4 A blue, q5 D red, q6 D green, q7 D green, q8 B green
    result = typology.score(_quiz([list("BACADDDB")]), ties="missing")
    row = result.iloc[0]
    assert (row.red, row.yellow, row.blue, row.green) == (3, 0, 2, 3)
    assert row.tied and row.lead == 0 and pd.isna(row.colour)


def test_every_letter_a_maps_each_item_to_its_key():
    result = typology.score(_quiz([list("AAAAAAAA")]))
    expected = pd.Series([c["A"] for c in typology.COURSE_KEY.values()]).value_counts()
    for colour in typology.COLOURS:
        assert result.loc[0, colour] == expected.get(colour, 0)
    assert result.loc[:, list(typology.COLOURS)].sum(axis=1).item() == 8


def test_random_ties_pick_only_among_the_tied_colours_and_follow_the_seed():
    quiz = _quiz([list("BACADDDB")] * 400)  # red 3, blue 2, green 3: red/green tie
    picked = typology.score(quiz, seed=5)["colour"]
    assert set(picked) == {"red", "green"}
    assert picked.equals(typology.score(quiz, seed=5)["colour"])


def test_lead_is_top_minus_second():
    result = typology.score(_quiz([list("ABABCDAC")]))  # yellow red yellow green yellow ...
    counts = result.loc[0, list(typology.COLOURS)].to_numpy()
    top_two = np.sort(counts)[-2:]
    assert result.loc[0, "lead"] == top_two[1] - top_two[0]
    assert not result.loc[0, "tied"] or result.loc[0, "lead"] == 0


def test_kappa_hand_worked():
    # p_o = 4/6; p_e = (2*2 + 1*0 + 2*3 + 1*1)/36 = 11/36; kappa = 13/25
    result = typology.retest_agreement(
        ["red", "red", "blue", "green", "yellow", "blue"],
        ["red", "blue", "blue", "green", "red", "blue"],
    )
    assert result.same == 4 and result.n == 6
    assert result.agreement == pytest.approx(2 / 3)
    assert result.kappa == pytest.approx(0.52)
    assert result.agreement_low < 2 / 3 < result.agreement_high
    assert result.kappa_low <= 0.52 <= result.kappa_high


def test_perfect_and_chance_agreement():
    same = ["red", "blue", "green", "yellow"] * 5
    assert typology.retest_agreement(same, same).kappa == pytest.approx(1.0)
    # independent halves: each colour half the time at each attempt, agreement 50% = chance
    first = ["red"] * 10 + ["blue"] * 10
    second = ["red", "blue"] * 10
    assert typology.retest_agreement(first, second).kappa == pytest.approx(0.0)


def test_one_colour_for_everyone_gives_undefined_kappa():
    result = typology.retest_agreement(["red"] * 5, ["red"] * 5)
    assert result.agreement == 1 and np.isnan(result.kappa)


def test_series_align_by_index_and_missing_ties_are_left_out():
    first = pd.Series(["red", "blue", None, "green"], index=["a", "b", "c", "d"])
    second = pd.Series(["green", "red", "blue", "blue"], index=["d", "a", "c", "b"])
    result = typology.retest_agreement(first, second)
    assert (result.n, result.same) == (3, 3)


def test_wilson_interval_matches_the_shared_helper():
    result = typology.retest_agreement(["red"] * 8 + ["blue"] * 2, ["red"] * 6 + ["blue"] * 4)
    assert (result.agreement_low, result.agreement_high) == pytest.approx(
        (0.4422, 0.9646), abs=1e-4
    )  # continuity-corrected Wilson for 8/10, z = 1.96 (scipy's "wilsoncc" agrees)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (["red", "blue"], ["red"], "same people"),
        (["red", "purple"], ["red", "blue"], "unknown colour"),
        (["red"], ["red"], "at least 2 people"),
    ],
)
def test_retest_bad_input(first, second, message):
    with pytest.raises(ValueError, match=message):
        typology.retest_agreement(first, second)


def test_score_bad_input_names_column_rows_and_fix():
    quiz = _quiz([list("AAAAAAAA"), list("AAAAAAAE")])
    with pytest.raises(ValueError, match=r"answers\['q8'\] has 1 row.*'E'.*drop incomplete"):
        typology.score(quiz)
    with pytest.raises(ValueError, match="no column 'q8'"):
        typology.score(quiz.drop(columns="q8"))
    with pytest.raises(ValueError, match="unknown colour"):
        typology.score(quiz, key={"q1": {"A": "purple"}})
    with pytest.raises(TypeError):
        typology.score([["A"] * 8])


def test_simulation_flips_types_most_when_scores_are_close():
    people = typology.simulate_retest(4000, 12, seed=3)
    same = people["first"] == people["second"]
    close, clear = same[people["lead"] <= 1].mean(), same[people["lead"] >= 4].mean()
    assert 0.35 < same.mean() < 0.65
    assert close < clear
    # a longer quiz is more stable, but still far from perfect
    longer = typology.simulate_retest(4000, 48, seed=3)
    assert same.mean() < (longer["first"] == longer["second"]).mean() < 0.9


def test_simulation_bad_input():
    with pytest.raises(ValueError, match="n_items"):
        typology.simulate_retest(10, 0)
    with pytest.raises(ValueError, match="concentration"):
        typology.simulate_retest(10, 5, concentration=0)


def test_retest_picture_draws_the_computed_shares():
    from cxlib.plots import typology as typology_plots

    people = typology.simulate_retest(600, 12, seed=4)
    figure = typology_plots.retest(people)
    left = figure.axes[0]
    same = (people["first"] == people["second"]).mean() * 100
    heights = [patch.get_height() for patch in left.patches]
    assert heights == pytest.approx([same, 100 - same])
    with pytest.raises(ValueError, match="no column 'lead'"):
        typology_plots.retest(people.drop(columns="lead"))
