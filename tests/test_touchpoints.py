"""cxlib.touchpoints: 7-38-55 by hand, and only where the rule applies."""

import numpy as np
import pandas as pd
import pytest

from cxlib import touchpoints


def test_weights_are_mehrabians_and_sum_to_one():
    assert touchpoints.MEHRABIAN_WEIGHTS == {"words": 0.07, "tone": 0.38, "body": 0.55}
    assert sum(touchpoints.MEHRABIAN_WEIGHTS.values()) == pytest.approx(1)


def test_impression_by_hand():
    table = touchpoints.impression([3, 2, 1], [-1, 2, 1], [-2, 2, -2], [True, True, True])
    # row 0: 0.21 - 0.38 - 1.10 = -1.27, spread 5: the channels disagree, the rule applies
    assert table.loc[0, "mehrabian"] == pytest.approx(-1.27)
    # row 1: all channels agree (spread 0): the rule does not apply
    assert not table.loc[1, "disagree"] and np.isnan(table.loc[1, "mehrabian"])
    # row 2: spread 3 -> 0.07 + 0.38 - 1.10 = -0.65
    assert table.loc[2, "mehrabian"] == pytest.approx(-0.65)
    assert table["equal_weights"].tolist() == pytest.approx([0, 2, 0])


def test_information_messages_never_get_the_weights():
    table = touchpoints.impression([3], [-3], [-3], about_feelings=False)
    assert table.loc[0, "disagree"] and not table.loc[0, "rule_applies"]
    assert np.isnan(table.loc[0, "mehrabian"])


def test_audit_finds_the_weakest_channel_and_the_loss():
    visits = pd.DataFrame(
        {"touchpoint": ["phone"], "words": [2], "tone": [-2], "body": [1], "about_feelings": [True]}
    )
    row = touchpoints.audit(visits).iloc[0]
    assert row["weakest"] == "tone"
    # 0.14 - 0.76 + 0.55 = -0.07 -> lost = 3 - (-0.07) = 3.07
    assert row["lost"] == pytest.approx(3.07)


def test_bad_input():
    with pytest.raises(ValueError, match="between -3 and 3"):
        touchpoints.impression(4, 0, 0)
    with pytest.raises(ValueError, match="same length"):
        touchpoints.impression([1, 2], [1], [1])
    with pytest.raises(TypeError, match="about_feelings"):
        touchpoints.impression(1, 1, 1, about_feelings="yes")


def test_audit_rounds_lost_like_summary():
    # Hand-worked: not about feelings, so the plain mean (2 + 1 + 1) / 3 = 1.3333: summary 1.33,
    # lost 3 - 1.3333 = 1.6667 -> 1.67 (two decimals, like summary; together they make 3).
    visits = pd.DataFrame(
        {"touchpoint": ["desk"], "words": [2], "tone": [1], "body": [1], "about_feelings": [False]}
    )
    row = touchpoints.audit(visits).iloc[0]
    assert row["summary"] == 1.33 and row["lost"] == 1.67
    assert row["summary"] + row["lost"] == pytest.approx(3.0)
