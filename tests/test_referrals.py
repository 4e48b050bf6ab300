"""cxlib.referrals: referral rates, visits per share and the promoters' say-versus-do."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlib import datasets, referrals

# Garwood (1936) exact 95% limits of a Poisson count, as tabulated (Sahai & Khurshid 1993;
# and R's poisson.test): count -> (lower, upper).
GARWOOD = {
    0: (0.0, 3.6889),
    1: (0.0253, 5.5716),
    5: (1.6235, 11.6683),
    10: (4.7954, 18.3904),
    20: (12.2165, 30.8884),
}


@pytest.mark.parametrize("count", sorted(GARWOOD))
def test_exact_interval_matches_garwoods_table(count):
    result = referrals.visits_per_share(count, 1)
    assert result.ci == pytest.approx(GARWOOD[count], abs=1e-4)
    # per share: the limits divide by the number of shares
    assert referrals.visits_per_share(count, 4).ci == pytest.approx(
        (GARWOOD[count][0] / 4, GARWOOD[count][1] / 4), abs=1e-4
    )


def test_exact_interval_covers_at_its_level():
    # a seeded check of the exact interval's promise (coverage at least 95%) at small means
    rng = np.random.default_rng(1)
    for mean in (0.5, 3.0, 12.0):
        counts = rng.poisson(mean * 10, 2000)
        covered = [
            referrals.visits_per_share(int(c), 10).ci[0]
            <= mean
            <= referrals.visits_per_share(int(c), 10).ci[1]
            for c in counts[:400]
        ]
        assert np.mean(covered) >= 0.93


def test_quasi_poisson_hand_worked_example():
    result = referrals.visits_per_share([0, 0, 1, 11], method="quasi-poisson")
    # Pearson: (9 + 9 + 4 + 64) / 3 / 3 = 9.556; half-width t(3) * sqrt(9.556 / 12)
    assert result.dispersion == pytest.approx(86 / 9)
    half = stats.t.ppf(0.975, 3) * np.sqrt((86 / 9) / 12)
    assert result.ci == pytest.approx((3 * np.exp(-half), 3 * np.exp(half)))


def test_quasi_poisson_with_unequal_shares_per_sharer():
    # two sharers: 2 shares -> 4 visits, 1 share -> 2 visits: exactly Poisson-like, floored at 1
    result = referrals.visits_per_share([4, 2], [2, 1], method="quasi-poisson")
    assert result.rate == pytest.approx(2.0) and result.dispersion == 1.0


def test_quasi_poisson_is_wider_when_shares_are_uneven():
    campaign = datasets.load("referral_campaign")
    sharers = campaign[campaign["shared"] & (campaign["arm"] == "no_reward")]
    exact = referrals.visits_per_share(int(sharers["visits"].sum()), int(sharers["shares"].sum()))
    quasi = referrals.visits_per_share(sharers["visits"], sharers["shares"], method="quasi-poisson")
    assert quasi.rate == pytest.approx(exact.rate)
    assert quasi.dispersion > 2
    assert quasi.ci[0] < exact.ci[0] and quasi.ci[1] > exact.ci[1]


def test_referral_rate_is_wilsons_interval():
    # Newcombe (1998a) Table I, method 3 (Wilson): 81/263 -> 0.2553 to 0.3662
    result = referrals.referral_rate(81, 263)
    assert result.ci == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert referrals.referral_rate(0, 20).ci[0] == 0.0


def test_referral_rate_from_flags_and_from_counts_agree():
    flags = [True] * 3 + [False] * 7
    assert referrals.referral_rate(flags) == referrals.referral_rate(3, 10)
    assert referrals.referral_rate(pd.Series([1, 0, 0, 1])).count == 2


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((5, 3), ValueError, "cannot exceed customers"),
        ((0, 0), ValueError, "no customers"),
        ((2.5, 10), ValueError, "whole number"),
        ((True, 10), TypeError, "whole number"),
        (([True, None, False],), ValueError, "1 missing values in 3 rows"),
        (([1, 2, 0],), ValueError, "rows 1 (values 2)"),
        ((["yes", "no"],), ValueError, "yes/no"),
    ],
)
def test_bad_input_is_refused_with_its_rows(args, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        referrals.referral_rate(*args)


def test_visits_per_share_refuses_what_it_cannot_rate():
    with pytest.raises(ValueError, match="needs one count per share"):
        referrals.visits_per_share(10, 5, method="quasi-poisson")
    with pytest.raises(ValueError, match="shares must be at least 1"):
        referrals.visits_per_share(3, 0)
    with pytest.raises(ValueError, match="one number of shares per entry"):
        referrals.visits_per_share([1, 2], [1], method="quasi-poisson")
    with pytest.raises(ValueError, match="no visits at all"):
        referrals.visits_per_share([0, 0, 0], method="quasi-poisson")
    with pytest.raises(ValueError, match="method must be one of"):
        referrals.visits_per_share(3, 1, method="poisson")
    with pytest.raises((TypeError, ValueError), match="visits"):
        referrals.visits_per_share([1, -2, 3], method="quasi-poisson")


def test_by_type_on_the_course_data_shows_intention_is_not_behaviour():
    answers = datasets.load("survey_responses").merge(
        datasets.load("survey_invitations"), on="invitation_id"
    )
    table = referrals.by_type(answers, "score", "referred").set_index("type")
    assert table["n"].sum() == len(answers)
    # promoters refer more than detractors, but most promoters refer nobody
    assert table.loc["promoter", "ci_low"] > table.loc["detractor", "ci_high"]
    assert table.loc["promoter", "rate"] < 0.1
    returned = referrals.by_type(answers, "score", "returned").set_index("type")
    assert returned["rate"].is_monotonic_increasing


def test_by_type_counts_match_a_hand_count():
    survey = pd.DataFrame({"score": [10, 9, 8, 7, 6, 0], "did": [1, 1, 0, 1, 0, 0]})
    table = referrals.by_type(survey, "score", "did").set_index("type")
    assert table.loc["promoter", ["n", "count"]].tolist() == [2, 2]
    assert table.loc["passive", ["n", "count"]].tolist() == [2, 1]
    assert table.loc["detractor", ["n", "count"]].tolist() == [2, 0]
    with pytest.raises(ValueError, match="no column 'returned'"):
        referrals.by_type(survey, "score", "returned")


def test_compare_rates_is_newcombes_interval():
    result = referrals.compare_rates(48, 80, 56, 70)
    # Newcombe (1998), Table II, method 11 (the default since the stats merge)
    assert result[["difference", "ci_low", "ci_high"]].round(4).tolist() == [0.2, 0.0428, 0.3422]
    with pytest.raises(ValueError, match="group a has no customers"):
        referrals.compare_rates(0, 0, 1, 2)
