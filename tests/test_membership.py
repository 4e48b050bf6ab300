"""cxlib.membership: the membership business case, worked by hand, and its bad input."""

import numpy as np
import pytest

from cxlib import before_after, membership

HOTEL = dict(
    members=5000, visits=4, margin=150, spend=500, reward_rate=0.03, perks=60, fixed=300_000
)


def test_the_docstring_hotel_by_hand():
    case = membership.business_case(**HOTEL, uplift=(0.02, 0.10, 0.18))
    # per member: rewards on the 4 usual stays 60, fixed 60, perks 60 = 180 to recover;
    # each extra stay earns 150 - 500 * 3% = 135; 180 / 135 = 1.333 stays = 33.3% of 4
    assert case.break_even_uplift == pytest.approx(1 / 3)
    row = case.table.loc["high"]
    assert row["extra_margin"] == pytest.approx(5000 * 4 * 0.18 * 150)
    assert row["rewards"] == pytest.approx(5000 * 4 * 1.18 * 500 * 0.03)
    assert row["net"] == pytest.approx(540_000 - 354_000 - 300_000 - 300_000)
    assert case.pays == "no" and "breaks even at an uplift of 33.3%" in str(case)


def test_net_is_zero_at_the_break_even_uplift_and_rises_with_the_uplift():
    base = membership.business_case(**HOTEL, uplift=0.1)
    at = membership.business_case(**HOTEL, uplift=base.break_even_uplift)
    assert at.table.loc["central", "net"] == pytest.approx(0, abs=1e-6)
    nets = [
        membership.business_case(**HOTEL, uplift=u).table.loc["central", "net"]
        for u in (0.0, 0.2, 0.4)
    ]
    assert np.all(np.diff(nets) > 0)


def test_a_fee_can_make_a_scheme_pay_without_any_uplift():
    case = membership.business_case(**{**HOTEL, "fee": 199}, uplift=(0.0, 0.05, 0.1))
    # 199 - 180 = 19 a member left over at no uplift
    assert case.table.loc["low", "net_per_member"] == pytest.approx(19)
    assert case.break_even_uplift < 0 and case.pays == "yes"


def test_rewards_larger_than_the_margin_never_pay():
    case = membership.business_case(
        members=100,
        visits=2,
        margin=10,
        spend=100,
        reward_rate=0.2,
        fixed=1000,
        uplift=(0.1, 0.5, 0.9),
    )
    assert case.break_even_uplift == float("inf") and case.pays == "no"


def test_the_uplift_can_come_from_a_pilots_rate_ratio():
    pilot = before_after.rate_ratio(660, 150, 600, 150)  # stays per member-year: offer vs none
    case = membership.business_case(**HOTEL, uplift=pilot)
    low, high = pilot.ci
    np.testing.assert_allclose(case.table["uplift"], [low - 1, pilot.ratio - 1, high - 1])
    assert case.pays == "no"


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"members": 0}, ValueError, "members must be a positive whole number"),
        ({"visits": -1}, ValueError, "visits must be a finite number"),
        ({"margin": "150"}, TypeError, "margin must be a number"),
        ({"reward_rate": 5}, ValueError, "share of spend"),
        ({"uplift": (0.2, 0.1, 0.3)}, ValueError, "ordered low <= central <= high"),
        ({"uplift": (0.1, 0.2)}, ValueError, r"one number or \(low, central, high\)"),
        ({"uplift": -2}, ValueError, "uplift must be a finite number of at least -1"),
    ],
)
def test_bad_input_is_named(change, error, message):
    arguments = {**HOTEL, "uplift": 0.1, **change}
    with pytest.raises(error, match=message):
        membership.business_case(**arguments)


def test_the_worksheets_worked_column_is_cxlibs_arithmetic():
    from pathlib import Path

    sheet = (
        Path(__file__).resolve().parents[1] / "book/worksheets/membership_case.html"
    ).read_text(encoding="utf-8")
    case = membership.business_case(
        members=20_000,
        visits=24,
        margin=12,
        spend=35,
        reward_rate=0.02,
        perks=10,
        fixed=200_000,
        uplift=(0.03, 0.10, 0.17),
    )
    per_member = case.table["net_per_member"].round(1).tolist()
    for value in per_member:
        assert f">{value:.1f}<".replace("-", "−") in sheet, value
    assert f">{case.break_even_uplift:.1%}<" in sheet
    assert ">36.8<" in sheet and ">11.3<" in sheet and ">3.3<" in sheet
