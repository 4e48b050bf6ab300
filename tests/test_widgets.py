"""Widgets: the controls exist, stay consistent, and redraw from the library's numbers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from cxlib import datasets
from cxlib.widgets import journey, kano, peakend, servqual, touchpoints


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def controls(box):
    return box.children[0].children


def test_peakend_end_slider_changes_memory_not_much_the_mean():
    (slider,) = controls(peakend.what_if_end(4))
    assert slider.description == "check-out rating" and (slider.min, slider.max) == (0, 10)
    assert peakend.stay_with_end(9)["rating"].iloc[-1] == 9


def test_servqual_menu_lists_every_branch():
    (menu,) = controls(servqual.gaps_by_branch(datasets.load("servqual_survey")))
    assert list(menu.options) == ["all", "上海", "北京", "广州"]


def test_kano_counts_give_the_library_coefficients():
    table = kano.table_from_counts(10, 5, 5, 0)
    assert table.loc[0, "better"] == pytest.approx(0.75) and table.loc[0, "worse"] == pytest.approx(
        -0.5
    )
    assert [c.description for c in controls(kano.coefficients())] == [
        "attractive (A)",
        "one-dimensional (O)",
        "must-be (M)",
        "indifferent (I)",
    ]
    with pytest.raises(ValueError, match="at least one guest"):
        kano.table_from_counts(0, 0, 0, 0)


def test_touchpoint_picture_says_when_the_rule_applies():
    assert "does not apply: the message carries information" in (
        touchpoints.draw_message(3, -3, -3, False).axes[0].get_title()
    )
    assert "channels agree" in touchpoints.draw_message(1, 1, 1, True).axes[0].get_title()


def test_journey_slider_follows_the_chosen_touchpoint():
    table = datasets.load("hotel_journey")
    menu, slider = controls(journey.redesign(table, importance="importance"))
    menu.value = "breakfast"
    expected = float(table.loc[table["touchpoint"] == "breakfast", "emotion"].iloc[0])
    assert slider.value == pytest.approx(round(expected * 2) / 2, abs=0.5)
