"""cxlib.cue_reading: a cue-reading drill scored against guessing (Wilson, binomial, pi, Hu)."""

from math import comb

import numpy as np
import pandas as pd
import pytest

from cxlib import cue_reading as cr

OPTIONS = cr.DRILL_OPTIONS


def _answers(pairs):
    acted, heard = zip(*pairs, strict=True)
    return list(acted), list(heard)


def test_newcombe_worked_examples_of_the_wilson_interval():
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
    # Medicine 17(8), 857-872, Table I, method 3 (score interval without continuity correction).
    cases = {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605), (1, 29): (0.0061, 0.1718)}
    for (right, n), expected in cases.items():
        acted = ["angry"] * n
        heard = ["angry"] * right + ["worried"] * (n - right)
        result = cr.score(acted, heard)
        assert (round(result.low, 4), round(result.high, 4)) == expected
        assert result.right == right and result.n == n


def test_p_value_is_the_binomial_tail_counted_by_hand():
    acted = list(OPTIONS) * 5  # 20 answers, 4 options
    heard = acted[:9] + [OPTIONS[(OPTIONS.index(a) + 1) % 4] for a in acted[9:]]  # 9 right
    result = cr.score(acted, heard)
    tail = sum(comb(20, x) * 0.25**x * 0.75 ** (20 - x) for x in range(9, 21))
    assert result.right == 9 and result.p_value == pytest.approx(tail, rel=1e-12)
    assert result.needed == 9 and result.beats_chance  # P(X >= 8) = 0.10, P(X >= 9) = 0.041


@pytest.mark.parametrize("options", [2, 3, 4, 5])
def test_needed_is_the_first_count_with_a_tail_at_most_alpha(options):
    p = 1 / options
    for n in (1, 2, 3, 5, 8, 12, 20, 33, 60):
        tails = [
            sum(comb(n, y) * p**y * (1 - p) ** (n - y) for y in range(x, n + 1))
            for x in range(n + 1)
        ]
        expected = next((x for x, t in enumerate(tails) if t <= 0.05), n + 1)
        assert cr.needed_to_beat_chance(n, options) == expected


def test_needed_is_vectorised_and_says_n_plus_one_when_nothing_can_show():
    assert cr.needed_to_beat_chance(np.array([2, 8, 160]), 4).tolist() == [3, 5, 50]
    assert cr.needed_to_beat_chance(1, 2) == 2


def test_proportion_index_anchors_and_two_option_identity():
    for k in (2, 3, 4, 6):
        assert cr.proportion_index(1 / k, k) == pytest.approx(0.5)
        assert cr.proportion_index(1.0, k) == pytest.approx(1.0)
        assert cr.proportion_index(0.0, k) == 0.0
    shares = np.linspace(0, 1, 11)
    assert np.allclose(cr.proportion_index(shares, 2), shares)  # with two options pi is the share
    assert (np.diff(cr.proportion_index(shares, 5)) > 0).all()
    assert cr.proportion_index(0.5, 4) == 0.75


def test_unbiased_hit_rate_of_one_label_for_everything_equals_its_chance_value():
    acted = list(OPTIONS) * 3
    table = cr.by_emotion(acted, ["angry"] * len(acted))
    angry = table.loc["angry"]
    assert angry.hit_rate == 1.0  # every angry clip "read"
    assert angry.unbiased_hit_rate == pytest.approx(angry.chance_unbiased) == pytest.approx(0.25)
    assert table.loc[["worried", "hurried", "pleased"], "unbiased_hit_rate"].isna().all()


def test_perfect_class_has_unbiased_hit_rates_of_one():
    acted = list(OPTIONS) * 4
    table = cr.by_emotion(acted, acted)
    assert (table["unbiased_hit_rate"] == 1).all() and (table["hit_rate"] == 1).all()
    assert cr.score(acted, acted).proportion_index == 1.0


def test_guessing_class_averages_the_chance_value_of_hu():
    guessing = [[0.25] * 4] * 4
    means = []
    for seed in range(40):
        drill = cr.simulate_drill(guessing, n_trainees=30, seed=seed)
        means.append(cr.by_emotion(drill["intended"], drill["judged"])["unbiased_hit_rate"].mean())
    assert np.mean(means) == pytest.approx(1 / 16, abs=0.004)


def test_confusion_counts_every_pair_and_keeps_unused_options():
    acted, heard = _answers([("angry", "worried"), ("angry", "angry"), ("pleased", "angry")])
    table = cr.confusion(acted, heard)
    assert table.loc["angry", "worried"] == 1 and table.loc["pleased", "angry"] == 1
    assert table.to_numpy().sum() == 3 and list(table.columns) == list(OPTIONS)


def test_series_keep_their_index_in_messages():
    acted = pd.Series(["angry", "sad", "worried"], index=["L01-1", "L01-2", "L01-3"])
    heard = pd.Series(["angry", "angry", "angry"], index=acted.index)
    with pytest.raises(ValueError, match=r"intended has 1 of 3 rows .*'L01-2': 'sad'"):
        cr.score(acted, heard)


def test_bad_input_is_refused_with_rows_and_values():
    with pytest.raises(ValueError, match=r"judged has 2 of 3 rows .*\(rows 1: blank, 2: 'mad'\)"):
        cr.score(["angry"] * 3, ["angry", None, "mad"])
    with pytest.raises(ValueError, match="intended has 2 rows and judged 3"):
        cr.score(["angry"] * 2, ["angry"] * 3)
    with pytest.raises(ValueError, match="no answers"):
        cr.score([], [])
    with pytest.raises(TypeError, match="not a DataFrame"):
        cr.score(pd.DataFrame({"a": ["angry"]}), ["angry"])
    with pytest.raises(TypeError, match="not one string"):
        cr.score("angry", "angry")
    with pytest.raises(ValueError, match="must not repeat"):
        cr.score(["a"], ["a"], options=["a", "a"])
    with pytest.raises(ValueError, match="at least 2"):
        cr.score(["a"], ["a"], options=["a"])
    with pytest.raises(ValueError, match="different indexes"):
        cr.score(pd.Series(["angry"], index=[1]), pd.Series(["angry"], index=[2]))
    with pytest.raises(ValueError, match=r"share must lie in \[0, 1\]"):
        cr.proportion_index(1.2, 4)
    with pytest.raises(ValueError, match="whole number of answers"):
        cr.needed_to_beat_chance(0, 4)


def test_simulation_is_seeded_and_checks_its_matrix():
    perfect = np.eye(4)
    drill = cr.simulate_drill(perfect, n_trainees=5, clips_per_feeling=3, seed=1)
    assert len(drill) == 60 and (drill["intended"] == drill["judged"]).all()
    assert drill.groupby("trainee")["intended"].value_counts().eq(3).all()
    guessing = [[0.25] * 4] * 4
    assert cr.simulate_drill(guessing, seed=7).equals(cr.simulate_drill(guessing, seed=7))
    with pytest.raises(ValueError, match=r"row sums: 1\.1"):
        cr.simulate_drill([[0.5, 0.6, 0, 0]] + [[0.25] * 4] * 3)
    with pytest.raises(ValueError, match="4 x 4"):
        cr.simulate_drill(np.eye(3))
