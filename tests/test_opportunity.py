"""The chance of winning (cxlib.opportunity): checklist score, win rates by band, Brier score."""

import numpy as np
import pandas as pd
import pytest

from cxlib import _stats, opportunity


def all_items(value):
    return pd.DataFrame({item: [value] for item in opportunity.CHECKLIST.index})


def test_score_runs_from_0_to_100_with_the_default_weights():
    assert opportunity.CHECKLIST["weight"].sum() == 12
    assert opportunity.score(all_items(1)).iloc[0] == 100
    assert opportunity.score(all_items(0)).iloc[0] == 0
    assert opportunity.score(all_items(0.5)).iloc[0] == 50
    # the problem alone is 3 of 12 points
    only_problem = all_items(0).assign(problem=1)
    assert opportunity.score(only_problem).iloc[0] == 25


def test_score_with_own_weights_and_bad_answers():
    deals = pd.DataFrame({"a": [1, 0], "b": [0, 1]}, index=["D1", "D2"])
    assert opportunity.score(deals, {"a": 3, "b": 1}).tolist() == [75.0, 25.0]
    with pytest.raises(ValueError, match=r"answers\['b'\] must be 1 \(yes\).*rows D2 \(values 2\)"):
        opportunity.score(deals.assign(b=[0, 2]), {"a": 3, "b": 1})
    with pytest.raises(ValueError, match="has no columns 'problem', 'decider'"):
        opportunity.score(deals)


def test_win_rates_use_wilson_intervals():
    # 10 deals in the top band, 8 won: Wilson's 95% interval of 0.8 among 10
    scores = [80] * 10 + [10] * 4
    won = [1] * 8 + [0] * 2 + [0, 0, 0, 1]
    table = opportunity.win_rates(scores, won)
    low, high = _stats.wilson(0.8, 10, _stats.critical_z(0.95))
    assert table.loc["70–100", ["deals", "won"]].tolist() == [10, 8]
    assert table.loc["70–100", "low"] == pytest.approx(float(low))
    assert table.loc["70–100", "high"] == pytest.approx(float(high))
    assert table.loc["0–40", "win_rate"] == 0.25
    assert np.isnan(table.loc["40–70", "win_rate"])
    # edges: 40 belongs to the first band, 70 to the second
    edges = opportunity.win_rates([0, 40, 70, 100], [1, 1, 0, 0])
    assert edges["deals"].tolist() == [2, 1, 1]


def test_win_rates_refuse_bad_input():
    with pytest.raises(ValueError, match="outside the bands"):
        opportunity.win_rates([120], [1])
    with pytest.raises(ValueError, match=r"won must be 1 \(won\) or 0 \(lost\)"):
        opportunity.win_rates([50, 60], [1, "yes"])
    with pytest.raises(ValueError, match="increasing edges"):
        opportunity.win_rates([50], [1], bands=(0, 50, 40))


def test_brier_by_hand_and_its_limits():
    result = opportunity.brier([0.9, 0.7, 0.2, 0.5], [True, False, False, True])
    assert result.score == pytest.approx(0.1975)
    assert result.skill == pytest.approx(0.21)
    # always saying the base rate has skill 0; a perfect forecast has score 0, skill 1
    assert opportunity.brier([0.25] * 4, [1, 0, 0, 0]).skill == pytest.approx(0)
    perfect = opportunity.brier([1, 0, 0], [1, 0, 0])
    assert perfect.score == 0 and perfect.skill == 1
    assert np.isnan(opportunity.brier([0.4, 0.6], [1, 1]).skill)
    with pytest.raises(ValueError, match=r"write 70% as 0\.7"):
        opportunity.brier([70, 20], [1, 0])
    assert "skill +0.21" in str(result)


def test_example_deals_rank_but_their_stated_chances_are_too_high():
    deals = opportunity.example_deals()
    table = opportunity.win_rates(opportunity.score(deals), deals["won"])
    assert table["win_rate"].is_monotonic_increasing  # higher scores won more often
    assert deals["stated"].mean() > deals["won"].mean() + 0.1  # an optimistic team
    assert set(deals.columns) >= set(opportunity.CHECKLIST.index) | {"stated", "won"}
