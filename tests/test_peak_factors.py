"""Tests for cxlib.peak_factors: segment means, Welch comparisons, the synthetic visits."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlib import _stats
from cxlib.peak_factors import compare_segments, segment_means, simulate_visits


@pytest.fixture
def small():
    """Hand-worked data: young 1, 2, 3 (mean 2, sd 1); old 4, 6 (mean 5, sd √2)."""
    return pd.DataFrame({"age": ["young"] * 3 + ["old"] * 2, "peak": [1, 2, 3, 4, 6]})


def test_segment_means_hand_worked(small):
    table = segment_means(small, "age").set_index("age")
    assert table.loc["young", "mean"] == pytest.approx(2.0)
    assert table.loc["young", "sd"] == pytest.approx(1.0)
    # t(2, 0.975) = 4.302653; half-width 4.302653 / √3 = 2.484138
    assert table.loc["young", "lower"] == pytest.approx(2 - 2.484138, abs=1e-6)
    assert table.loc["old", "upper"] == pytest.approx(5 + 12.706205, abs=1e-6)


def test_segment_means_matches_scipy_t_interval():
    rng = np.random.default_rng(0)
    values = rng.normal(4, 2, size=40)
    frame = pd.DataFrame({"seg": "a", "end": values})
    row = segment_means(frame, "seg", "end", confidence=0.9).iloc[0]
    low, high = stats.t.interval(0.9, 39, loc=values.mean(), scale=stats.sem(values))
    assert (row["lower"], row["upper"]) == pytest.approx((low, high))


def test_compare_matches_scipy_welch(small):
    row = compare_segments(small, "age", reference="young").iloc[0]
    welch = stats.ttest_ind([4, 6], [1, 2, 3], equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert row["difference"] == pytest.approx(3.0)
    assert row["p_value"] == pytest.approx(welch.pvalue)
    assert (row["lower"], row["upper"]) == pytest.approx((interval.low, interval.high))


def test_compare_adjusts_p_and_widens_intervals():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"seg": np.repeat(["a", "b", "c", "d"], 30), "peak": rng.normal(5, 1.5, size=120)}
    )
    table = compare_segments(frame, "seg", adjust="holm")
    assert table["seg"].tolist() == ["b", "c", "d"]
    assert table["p_adjusted"].to_numpy() == pytest.approx(
        _stats.adjust_p(table["p_value"].to_numpy(), "holm")
    )
    b = frame[frame["seg"] == "b"]["peak"]
    a = frame[frame["seg"] == "a"]["peak"]
    level = _stats.adjusted_confidence(0.95, 3, "holm")
    interval = stats.ttest_ind(b, a, equal_var=False).confidence_interval(level)
    assert (table.loc[0, "lower"], table.loc[0, "upper"]) == pytest.approx(
        (interval.low, interval.high)
    )


def test_compare_constant_groups():
    frame = pd.DataFrame({"seg": ["a", "a", "b", "b"], "peak": [3, 3, 3, 3]})
    row = compare_segments(frame, "seg").iloc[0]
    assert row["difference"] == 0 and row["p_value"] == 1.0
    assert row["lower"] == row["upper"] == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: segment_means(f, "city"), "no column 'city'"),
        (lambda f: segment_means(f, "age", confidence=1.5), "confidence"),
        (lambda f: compare_segments(f, "age", reference="middle"), "reference 'middle'"),
        (lambda f: compare_segments(f, "age", adjust="bonferroni"), "adjust must be one of"),
        (lambda f: compare_segments(f[f["age"] == "young"], "age"), "at least two"),
        (lambda f: segment_means(f.iloc[:4], "age"), "'old' \\(n = 1\\)"),
    ],
)
def test_bad_input(small, call, message):
    with pytest.raises(ValueError, match=message):
        call(small)


def test_bad_values_and_labels(small):
    with pytest.raises((TypeError, ValueError), match="peak"):
        segment_means(small.assign(peak=["a", 2, 3, 4, 6]), "age")
    with pytest.raises(ValueError, match="1 rows have no segment label"):
        segment_means(small.assign(age=["young", None, "young", "old", "old"]), "age")


def test_simulate_visits_reproducible_and_built_in_effects():
    moments, summary = simulate_visits(400, seed=7)
    again, _ = simulate_visits(400, seed=7)
    pd.testing.assert_frame_equal(moments, again)
    assert len(summary) == 400
    assert set(summary["complexity"]) == {"simple", "complex"}
    complexity = compare_segments(summary, "complexity", reference="simple").iloc[0]
    assert complexity["lower"] > 0  # built in: snags in complex business
    rush = compare_segments(summary, "time_of_day", reference="off-peak").iloc[0]
    assert rush["lower"] > 0  # built in: longer queues
    assert moments["rating"].between(0, 10).all()


def test_simulate_visits_rejects_too_few():
    with pytest.raises(ValueError, match="at least 20"):
        simulate_visits(5)
