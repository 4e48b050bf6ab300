"""cxlib.channels: a journey's consistency across channels (Welch, Holm/Bonferroni, verdicts)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlib import channels, datasets

# Student (1908), the sleep data of Cushny & Peebles: hours gained with two drugs.
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def sleep():
    return pd.DataFrame(
        {"step": "sleep", "channel": ["one"] * 10 + ["two"] * 10, "rating": DRUG_1 + DRUG_2}
    )


def test_one_pair_is_welchs_test_on_students_sleep_data():
    # R: t.test(extra ~ group, data = sleep) gives t = -1.8608, df = 17.776, p = 0.07939,
    # 95% CI -3.3654832 to 0.2054832 for group 1 minus group 2.
    result = channels.consistency(sleep(), scale=(-10, 10))
    pair = result.pairs.iloc[0]
    assert (pair["channel"], pair["other"]) == ("one", "two")
    assert pair["difference"] == pytest.approx(-1.58)
    assert pair["t"] == pytest.approx(-1.8608, abs=5e-5)
    assert pair["df"] == pytest.approx(17.776, abs=5e-4)
    assert pair["p_value"] == pytest.approx(0.07939, abs=5e-6)
    assert (pair["ci_low"], pair["ci_high"]) == pytest.approx((-3.3654832, 0.2054832), abs=1e-6)
    # one comparison: the adjusted interval is the plain one, and the gap is best minus worst
    assert pair["ci_low_adjusted"] == pytest.approx(pair["ci_low"])
    step = result.steps.iloc[0]
    assert (step["best"], step["worst"]) == ("two", "one")
    assert (step["ci_low"], step["ci_high"]) == pytest.approx((-0.2054832, 3.3654832), abs=1e-6)


def test_three_channels_match_scipy_and_bonferronis_level():
    rng = np.random.default_rng(7)
    groups = {"hotline": rng.normal(-1, 1, 30), "online": rng.normal(0, 1.5, 25)}
    groups["store"] = rng.normal(0.2, 0.5, 12)
    frame = pd.DataFrame(
        {
            "step": "pay",
            "channel": np.repeat(list(groups), [len(v) for v in groups.values()]),
            "rating": np.concatenate(list(groups.values())),
        }
    )
    result = channels.consistency(frame, scale=(-10, 10))
    assert len(result.pairs) == 3
    for row in result.pairs.itertuples():
        welch = stats.ttest_ind(groups[row.channel], groups[row.other], equal_var=False)
        assert row.p_value == pytest.approx(welch.pvalue)
        plain = welch.confidence_interval(0.95)
        assert (row.ci_low, row.ci_high) == pytest.approx((plain.low, plain.high))
        wide = welch.confidence_interval(1 - 0.05 / 3)  # Bonferroni: three pairs
        assert (row.ci_low_adjusted, row.ci_high_adjusted) == pytest.approx((wide.low, wide.high))
    holm = np.minimum(np.maximum.accumulate(np.sort(result.pairs["p_value"]) * [3, 2, 1]), 1)
    assert np.sort(result.pairs["p_adjusted"]) == pytest.approx(holm)
    means = result.means.set_index("channel")
    assert means.loc["store", "n"] == 12
    assert means.loc["online", "mean"] == pytest.approx(groups["online"].mean())


def _step(name, channel_means, n=200, spread=0.3):
    rows = []
    for channel, mean in channel_means.items():
        offsets = np.tile([-spread, spread], n // 2)  # exact mean, known sd
        rows.append(pd.DataFrame({"step": name, "channel": channel, "rating": mean + offsets}))
    return pd.concat(rows)


def test_verdicts_differ_within_tolerance_and_unclear():
    frame = pd.concat(
        [
            _step("pay", {"hotline": -1.0, "online": 0.5}),
            _step("visit", {"hotline": 0.9, "online": 0.9}),
            _step("book", {"hotline": 0.0, "online": 0.45}),
        ]
    )
    result = channels.consistency(frame, tolerance=0.5).steps.set_index("step")
    assert result.loc["pay", "verdict"] == "differs"
    assert result.loc["pay", "gap"] == pytest.approx(1.5)
    assert result.loc["visit", "verdict"] == "within tolerance"
    assert result.loc["book", "verdict"] == "unclear"  # 0.45 with an interval over 0.5
    assert result.index.tolist() == ["pay", "visit", "book"]  # the data's order of steps
    strict = channels.consistency(frame).steps.set_index("step")
    assert strict.loc["visit", "verdict"] == "unclear"  # tolerance 0: never "within"


def test_the_synthetic_aftersales_data_show_their_built_in_pattern():
    data = datasets.load("appliance_aftersales")
    assert data.attrs["synthetic"] is True
    result = channels.consistency(data, tolerance=0.5).steps.set_index("step")
    differs = set(result.index[result["verdict"] == "differs"])
    assert differs == {"report the fault", "pay for the repair"}
    assert result.loc["pay for the repair", "worst"] == "hotline"
    assert result.loc["engineer's visit", "verdict"] != "differs"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="channel"), "df has no column 'channel'"),
        (lambda f: f.assign(rating=[3] + [0] * 19), "rating must lie between -2 and 2"),
        (lambda f: f.assign(channel="one"), "rated through one channel only"),
        (lambda f: f.iloc[:11], "at least 2 ratings of a step"),
        (lambda f: f.assign(step=[None] + ["s"] * 19), "step: 1 of 20 rows have no label"),
    ],
)
def test_bad_input_names_the_column_and_rows(change, message):
    frame = sleep().assign(rating=np.tile([1, -1], 10))
    with pytest.raises(ValueError, match=message):
        channels.consistency(change(frame))


def test_bad_settings():
    with pytest.raises(ValueError, match="tolerance must be a number of at least 0"):
        channels.consistency(sleep(), tolerance=-1, scale=(-10, 10))
    with pytest.raises(ValueError, match="adjust must be"):
        channels.consistency(sleep(), adjust="none", scale=(-10, 10))
    with pytest.raises(ValueError, match="confidence must lie in"):
        channels.consistency(sleep(), confidence=1.0, scale=(-10, 10))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        channels.consistency([1, 2, 3])
