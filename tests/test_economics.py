"""cxlib.economics: total value by hand, discounting, payback, clear errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxlib import economics

BENEFITS = {"saved staff time": [0, 60, 60, 60]}
COSTS = {"system": 100, "maintenance": [0, 10, 10, 10]}


def test_undiscounted_totals_and_payback_by_hand():
    result = economics.total_value(BENEFITS, COSTS)
    assert (result.total_benefit, result.total_cost, result.total_value) == (180, 130, 50)
    assert result.payback == 2.0
    assert result.years["cumulative"].tolist() == [-100, -50, 0, 50]


def test_discounted_by_hand_at_ten_percent():
    result = economics.total_value(BENEFITS, COSTS, discount_rate=0.10)
    annuity = 1 / 1.1 + 1 / 1.21 + 1 / 1.331  # 2.486852...
    assert result.total_benefit == pytest.approx(60 * annuity)
    assert result.total_cost == pytest.approx(100 + 10 * annuity)
    assert result.total_value == pytest.approx(50 * annuity - 100)  # 24.3426
    cumulative = -100 + 50 / 1.1 + 50 / 1.21
    assert result.payback == pytest.approx(2 + -cumulative / (50 / 1.331))  # 2.352
    factors = [1, 1 / 1.1, 1 / 1.21, 1 / 1.331]
    assert result.years["discount_factor"].tolist() == pytest.approx(factors)


def test_brealey_myers_allen_present_value_of_one_payment():
    # PV = C_t / (1 + r)^t: 100 received in year 2 at 7% is worth 87.34 today
    result = economics.total_value({"payment": [0, 0, 100]}, {}, discount_rate=0.07)
    assert result.total_benefit == pytest.approx(100 / 1.07**2)
    assert round(result.total_benefit, 2) == 87.34


def test_items_table_and_series_or_frame_inputs():
    as_frame = pd.DataFrame([[0, 60, 60, 60]], index=["saved staff time"])
    result = economics.total_value(as_frame, pd.Series({"system": 100}))
    assert result.items["item"].tolist() == ["saved staff time", "system"]
    assert result.items["kind"].tolist() == ["benefit", "cost"]
    assert result.total_value == 80


def test_payback_none_zero_and_a_later_dip():
    assert economics.total_value({"a": [0, 10]}, {"b": [100, 0]}).payback is None
    assert economics.total_value({"a": [50, 10]}, {"b": [10, 0]}).payback == 0.0
    # positive by year 1, a big cost in year 2 makes it negative again, year 3 recovers
    dip = economics.total_value({"a": [0, 100, 0, 100]}, {"b": [50, 0, 100, 0]})
    assert dip.years["cumulative"].tolist() == [-50, 50, -50, 50]
    assert dip.payback == 2.5


def test_str_summarises():
    text = str(economics.total_value(BENEFITS, COSTS, discount_rate=0.1))
    assert text.startswith(
        "total value 24.3 = benefit 149.2 - cost 124.9 (today's money, years 0 to 3"
    )
    assert "pays back after 2.35 years" in text
    never = str(economics.total_value({"a": 10}, {"b": 20}))
    assert "year 0 only" in never and "does not pay back" in never


@pytest.mark.parametrize(
    ("benefits", "costs", "kwargs", "error", "words"),
    [
        ({"a": -5}, {}, {}, ValueError, r"benefits\['a'\] must lie between 0 and inf"),
        ({"a": [1, 2]}, {"b": [1, 2, 3]}, {}, ValueError, "different numbers of years"),
        ({"a": "10"}, {}, {}, TypeError, "text"),
        ({"a": [1, np.nan]}, {}, {}, ValueError, "missing"),
        ([10, 20], {}, {}, TypeError, "must be a dict"),
        ({}, {}, {}, ValueError, "both empty"),
        ({"a": 1}, {}, {"discount_rate": 8}, ValueError, r"\[0, 1\)"),
        ({"a": 1}, {}, {"discount_rate": "8%"}, TypeError, "number"),
    ],
)
def test_bad_input(benefits, costs, kwargs, error, words):
    with pytest.raises(error, match=words):
        economics.total_value(benefits, costs, **kwargs)


def test_waterfall_bars_match_the_items():
    from cxlib.plots import economics as economics_plots

    result = economics.total_value(BENEFITS, COSTS, discount_rate=0.1)
    ax = economics_plots.waterfall(result)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([149.2111, -100, -24.8685, 24.3426], abs=1e-3)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "total value"
    with pytest.raises(TypeError, match="total_value"):
        economics_plots.waterfall({"a": 1})
    plt.close("all")
