"""cxlib.journey: ordering, pain points, moments of truth, Chinese stage names."""

import pandas as pd
import pytest

from cxlib import journey


def stay():
    return pd.DataFrame(
        {
            "stage": ["use", "purchase", "认知", "use", "售后"],
            "touchpoint": ["room", "booking", "advert", "breakfast", "check-out"],
            "emotion": [3, 1, 2, -4, -1],
            "importance": [3, 1, 1, 2, 5],
        }
    )


def test_touchpoints_follow_the_stages_then_the_given_order():
    result = journey.analyze(stay(), importance="importance")
    assert result.touchpoints["touchpoint"].tolist() == [
        "advert",
        "booking",
        "room",
        "breakfast",
        "check-out",
    ]
    assert result.touchpoints["stage_zh"].tolist() == ["意识", "购买", "使用", "使用", "售后"]


def test_pain_points_priority_and_moments_by_hand():
    result = journey.analyze(stay(), importance="importance")
    table = result.touchpoints.set_index("touchpoint")
    assert table["pain_point"].to_dict() == {
        "advert": False,
        "booking": False,
        "room": False,
        "breakfast": True,
        "check-out": True,
    }
    # priority = importance x (0 - emotion): breakfast 2 x 4 = 8, check-out 5 x 1 = 5
    assert table.loc["breakfast", "priority"] == 8 and table.loc["check-out", "priority"] == 5
    moments = result.moments.set_index("moment")["touchpoint"].to_dict()
    assert moments == {"peak": "room", "trough": "breakfast", "end": "check-out"}
    assert table.loc["room", "local_peak"] and table.loc["breakfast", "local_trough"]
    stages = result.stages.set_index("stage")
    assert (
        stages.loc["use", "emotion"] == pytest.approx(-0.5)
        and stages.loc["use", "touchpoints"] == 2
    )


def test_bad_input():
    bad = stay().assign(stage=["use", "paying", "认知", "use", "售后"])
    with pytest.raises(ValueError, match=r"unknown stages \(\['paying'\]\)"):
        journey.analyze(bad)
    with pytest.raises(ValueError, match="between -5 and 5"):
        journey.analyze(stay().assign(emotion=[9, 1, 2, -4, -1]))
    with pytest.raises(ValueError, match="no column"):
        journey.analyze(stay(), importance="weight")
