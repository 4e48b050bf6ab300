"""cxlib.peakend: hand-computed episodes, vectorised = one-by-one, the published pattern."""

import pandas as pd
import pytest

from cxlib import peakend


def test_summary_by_hand_with_uneven_times():
    # pain 1 at t=0, 9 at t=1, 3 at t=4: area = (1+9)/2*1 + (9+3)/2*3 = 5 + 18 = 23
    s = peakend.summarize([1, 9, 3], times=[0, 1, 4])
    assert (s.peak, s.peak_time, s.end, s.duration, s.area) == (9, 1, 3, 4, 23)
    assert s.time_weighted_mean == pytest.approx(23 / 4) and s.peak_end == 6
    # The mean of the moments, as in the peak-end papers: (1 + 9 + 3) / 3.
    assert s.mean == pytest.approx(13 / 3)


def test_pleasure_and_bipolar_scales():
    assert peakend.summarize([2, 5, 1], valence="pleasure").peak == 5
    assert peakend.summarize([2, -5, 1], valence="pain", scale="bipolar").peak == -5
    assert peakend.summarize([2, -5, 1], valence="pleasure", scale="bipolar").peak == 2


def test_cold_hand_memory_prefers_the_longer_trial():
    table = peakend.summarize_episodes(peakend.cold_hand()).set_index("episode")
    assert table.loc["long 90 s", "area"] > table.loc["short 60 s", "area"]  # more pain in total
    assert table.loc["long 90 s", "peak_end"] < table.loc["short 60 s", "peak_end"]  # better memory


def test_vectorised_summary_equals_one_episode_at_a_time():
    moments, _ = peakend.simulate(40, seed=3)
    shuffled = moments.sample(frac=1, random_state=1)  # order of rows must not matter
    table = peakend.summarize_episodes(shuffled).set_index("episode")
    for number, group in moments.groupby("episode"):
        single = peakend.summarize(group["rating"], group["t"])
        row = table.loc[number]
        assert (row.peak, row.end, row.duration) == (single.peak, single.end, single.duration)
        assert row.area == pytest.approx(single.area) and row.peak_time == single.peak_time


def test_simulation_shows_the_pattern_redelmeier_and_kahneman_reported():
    _, remembered = peakend.simulate(300, seed=2026)
    correlation = remembered[["remembered", "peak", "end", "duration"]].corr()["remembered"]
    assert correlation["peak"] > 0.5 and correlation["end"] > 0.5
    assert abs(correlation["duration"]) < 0.2


def test_bad_input():
    with pytest.raises(ValueError, match="increase strictly"):
        peakend.summarize([1, 2, 3], times=[0, 2, 2])
    with pytest.raises(ValueError, match="times has 2 values but there are 3"):
        peakend.summarize([1, 2, 3], times=[0, 1])
    with pytest.raises(ValueError, match="valence"):
        peakend.summarize([1, 2], valence="joy")
    with pytest.raises(TypeError, match="text"):
        peakend.summarize([1, "high"])
    with pytest.raises(ValueError, match="share a time"):
        peakend.summarize_episodes(pd.DataFrame({"episode": [1, 1], "t": [0, 0], "rating": [1, 2]}))
    with pytest.raises(ValueError, match="no column"):
        peakend.summarize_episodes(pd.DataFrame({"episode": [1], "time": [0], "rating": [1]}))
    with pytest.raises(ValueError, match="episodes"):
        peakend.simulate(1)
    with pytest.raises(ValueError, match="step"):
        peakend.cold_hand(step=0)


def test_mean_is_the_average_moment_and_the_time_weighted_mean_has_its_own_name():
    # Hand-worked: pain 0, 0, 10 at minutes 0, 1, 10. Mean of the moments 10 / 3; area
    # 0 + (0 + 10) / 2 * 9 = 45, time-weighted mean 45 / 10 = 4.5. One moment: both are it.
    s = peakend.summarize([0, 0, 10], times=[0, 1, 10])
    assert s.mean == pytest.approx(10 / 3) and s.time_weighted_mean == pytest.approx(4.5)
    one = peakend.summarize([7])
    assert one.mean == one.time_weighted_mean == 7
    moments = pd.DataFrame(
        {"episode": ["a"] * 3 + ["b"], "t": [0, 1, 10, 0], "rating": [0, 0, 10, 7]}
    )
    table = peakend.summarize_episodes(moments).set_index("episode")
    assert table.loc["a", "mean"] == pytest.approx(10 / 3)
    assert table.loc["a", "time_weighted_mean"] == pytest.approx(4.5)
    assert table.loc["b", ["mean", "time_weighted_mean"]].tolist() == [7, 7]
