"""The peak-end rule (峰终效应) and duration neglect (时长忽视).

Book chapter: ``book/peakend.md``; workbook: ``notebooks/02_peakend.ipynb``; pictures:
:mod:`cxlib.plots.peakend`; widget: :mod:`cxlib.widgets.peakend`.

People remember an episode mostly by its most intense moment (the *peak*) and its final moment
(the *end*), and hardly by how long it lasted. In the cold-hand experiment, participants held a
hand in 14 °C water for 60 s (short trial) and, with the other hand, for 60 s followed by 30 s
in which the water warmed by about 1 °C (long trial); asked which to repeat, most chose the
longer one, which had more pain in total but a milder end (Kahneman et al. 1993; in Kahneman's
account, 80% of those who felt the pain ease at the end). Patients' memories of colonoscopy
(n = 154) and lithotripsy (n = 133) tracked the worst pain and the pain of the last three
minutes, not the duration (Redelmeier & Kahneman 1996).

The peak-end score is the mean of the peak and the end. Its "total experience" counterpart is
the area under the moment-by-moment curve.

References
----------
Kahneman, D., Fredrickson, B. L., Schreiber, C. A. & Redelmeier, D. A. (1993). When more pain
is preferred to less: adding a better end. *Psychological Science*, 4(6), 401-405.
Redelmeier, D. A. & Kahneman, D. (1996). Patients' memories of painful medical treatments:
real-time and retrospective evaluations of two minimally invasive procedures. *Pain*, 66(1), 3-8.
Redelmeier, D. A., Katz, J. & Kahneman, D. (2003). Memories of colonoscopy: a randomized trial.
*Pain*, 104(1-2), 187-194.
Kahneman, D. (2011). *Thinking, Fast and Slow*, chapter 35. New York: Farrar, Straus & Giroux.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate

__all__ = ["EpisodeSummary", "cold_hand", "simulate", "summarize", "summarize_episodes"]

Valence = Literal["pain", "pleasure"]
Scale = Literal["intensity", "bipolar"]


@dataclass(frozen=True)
class EpisodeSummary:
    """What an episode felt like moment by moment, and what the peak-end rule predicts.

    Attributes
    ----------
    peak : float
        The most intense moment of the chosen valence.
    peak_time : float
        When it happened.
    end : float
        The final moment.
    mean : float
        The average of the moment ratings, as the peak-end papers compare it with memory.
    time_weighted_mean : float
        Area / duration: the mean rating per unit of time, which weights long stretches more
        (with uneven times it differs from ``mean``); the plain mean for one moment.
    duration : float
        Last time minus first time.
    area : float
        Area under the rating curve (trapezoid rule): the "total" experience.
    peak_end : float
        Mean of ``peak`` and ``end``: the predicted remembered rating.
    """

    peak: float
    peak_time: float
    end: float
    mean: float
    time_weighted_mean: float
    duration: float
    area: float
    peak_end: float


def _check_options(valence: str, scale: str) -> None:
    """Refuse unknown valence or scale names."""
    if valence not in ("pain", "pleasure"):
        raise ValueError(f"valence must be 'pain' or 'pleasure', got {valence!r}")
    if scale not in ("intensity", "bipolar"):
        raise ValueError(f"scale must be 'intensity' or 'bipolar', got {scale!r}")


def _peak_is_minimum(valence: str, scale: str) -> bool:
    """On a bipolar scale (negative = unpleasant) the most painful moment is the lowest."""
    return scale == "bipolar" and valence == "pain"


def summarize(
    ratings: Any, times: Any = None, valence: Valence = "pain", *, scale: Scale = "intensity"
) -> EpisodeSummary:
    """Peak, end, mean, time-weighted mean, duration, area and peak-end score of one episode.

    Parameters
    ----------
    ratings : array-like
        Moment-by-moment ratings, in time order.
    times : array-like, optional
        When each rating was made (strictly increasing); default 0, 1, 2, ...
    valence : {"pain", "pleasure"}, default "pain"
        Which moments count as intense: the most painful or the most delightful.
    scale : {"intensity", "bipolar"}, default "intensity"
        ``"intensity"``: ratings measure the strength of the chosen valence (0 = none, higher =
        more pain, or more delight), so the peak is the highest rating. ``"bipolar"``: ratings
        are signed (negative = unpleasant, positive = pleasant), so the peak of pain is the
        lowest rating and the peak of pleasure the highest.

    Returns
    -------
    EpisodeSummary

    Raises
    ------
    TypeError, ValueError
        Text or missing ratings, times that do not increase or differ in length, unknown
        ``valence`` or ``scale``.

    References
    ----------
    Kahneman et al. (1993), Psychological Science 4(6); Redelmeier & Kahneman (1996), Pain 66(1).

    See Also
    --------
    summarize_episodes : the same for many episodes at once. Book chapter ``book/peakend.md``.

    Examples
    --------
    Pain 2, 8, 4 at minutes 0, 1, 2: peak 8, end 4, peak-end 6; area (2+8)/2 + (8+4)/2 = 11;
    mean (2 + 8 + 4) / 3 = 4.67; time-weighted mean 11 / 2 = 5.5 (the trapezoid rule counts the
    first and last moments half).

    >>> s = summarize([2, 8, 4])
    >>> s.peak, s.end, s.peak_end, s.area, s.duration
    (8.0, 4.0, 6.0, 11.0, 2.0)
    >>> round(s.mean, 2), s.time_weighted_mean
    (4.67, 5.5)
    >>> summarize([1, -4, 2], valence="pain", scale="bipolar").peak
    -4.0
    """
    _check_options(valence, scale)
    values = _validate.answers(
        ratings, name="ratings", low=-np.inf, high=np.inf, integer=False
    ).values
    values = values.astype(float)
    clock = np.arange(len(values), dtype=float) if times is None else _times(times, len(values))
    position = int(np.argmin(values) if _peak_is_minimum(valence, scale) else np.argmax(values))
    duration = float(clock[-1] - clock[0])
    area = float(np.trapezoid(values, clock)) if len(values) > 1 else 0.0
    mean = float(values.mean())
    time_weighted = area / duration if duration > 0 else mean
    peak, end = float(values[position]), float(values[-1])
    return EpisodeSummary(
        peak, float(clock[position]), end, mean, time_weighted, duration, area, (peak + end) / 2
    )


def _times(times: Any, n: int) -> np.ndarray:
    """Validated, strictly increasing times of the same length as the ratings."""
    clock = _validate.answers(times, name="times", low=-np.inf, high=np.inf, integer=False).values
    if len(clock) != n:
        raise ValueError(f"times has {len(clock)} values but there are {n} ratings")
    steps = np.diff(clock.astype(float))
    if (steps <= 0).any():
        bad = np.flatnonzero(steps <= 0)[:5] + 1
        raise ValueError(f"times must increase strictly; they do not at positions {bad.tolist()}")
    return clock.astype(float)


def summarize_episodes(
    df: pd.DataFrame,
    episode: str = "episode",
    t: str = "t",
    rating: str = "rating",
    valence: Valence = "pain",
    *,
    scale: Scale = "intensity",
) -> pd.DataFrame:
    """:func:`summarize` for many episodes in long format, vectorised (no loop over episodes).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per moment: the episode, the time and the rating.
    episode, t, rating : str
        Column names.
    valence, scale
        As in :func:`summarize`.

    Returns
    -------
    pandas.DataFrame
        One row per episode (sorted): ``episode, moments, peak, peak_time, end, mean,
        time_weighted_mean, duration, area, peak_end`` (as in :class:`EpisodeSummary`).

    Raises
    ------
    TypeError, ValueError
        Missing columns, bad ratings or times, two ratings at the same time in one episode.

    See Also
    --------
    summarize. Book chapter ``book/peakend.md``.

    Examples
    --------
    >>> moments = pd.DataFrame({"episode": ["a", "a", "a", "b", "b"],
    ...                         "t": [0, 1, 2, 0, 5], "rating": [2, 8, 4, 6, 6]})
    >>> summarize_episodes(moments)[["episode", "peak", "end", "peak_end", "area"]]
      episode  peak  end  peak_end  area
    0       a   8.0  4.0       6.0  11.0
    1       b   6.0  6.0       6.0  30.0
    """
    _check_options(valence, scale)
    _validate.columns(df, [episode, t, rating])
    values = _validate.answers(df[rating], low=-np.inf, high=np.inf, integer=False).values
    clock = _validate.answers(df[t], low=-np.inf, high=np.inf, integer=False).values
    codes, names = pd.factorize(df[episode], sort=True)
    if (codes < 0).any():
        raise ValueError(f"{episode}: {int((codes < 0).sum())} rows have no episode label")
    order = np.lexsort((clock, codes))
    codes, clock, values = codes[order], clock[order].astype(float), values[order].astype(float)
    same = codes[1:] == codes[:-1]
    steps = np.diff(clock)
    if (same & (steps <= 0)).any():
        raise ValueError(f"two ratings share a time within an episode ({t} must differ)")
    count = len(names)
    starts = np.flatnonzero(np.r_[True, ~same])
    ends = np.r_[starts[1:], len(codes)] - 1
    signed = -values if _peak_is_minimum(valence, scale) else values
    peak_at = _group_argmax(signed, codes, count)
    segment = np.where(same, steps * (values[1:] + values[:-1]) / 2, 0.0)
    area = (
        np.bincount(codes[:-1], weights=segment, minlength=count)
        if len(codes) > 1
        else np.zeros(count)
    )
    duration = clock[ends] - clock[starts]
    moments = np.bincount(codes, minlength=count)
    plain_mean = np.bincount(codes, weights=values, minlength=count) / moments
    with np.errstate(invalid="ignore", divide="ignore"):
        time_weighted = np.where(duration > 0, area / duration, plain_mean)
    table = pd.DataFrame(
        {
            episode: names,
            "moments": moments,
            "peak": values[peak_at],
            "peak_time": clock[peak_at],
            "end": values[ends],
            "mean": plain_mean,
            "time_weighted_mean": time_weighted,
            "duration": duration,
            "area": area,
        }
    )
    table["peak_end"] = (table["peak"] + table["end"]) / 2
    return table


def _group_argmax(values: np.ndarray, codes: np.ndarray, count: int) -> np.ndarray:
    """Index of the first maximum of values within each group (rows sorted by group)."""
    order = np.lexsort((-values, codes))  # within a group: largest value first (stable)
    first = np.r_[True, codes[order][1:] != codes[order][:-1]]
    return order[first][:count]


def cold_hand(step: float = 1.0) -> pd.DataFrame:
    """The two trials of the cold-hand experiment as moment-by-moment discomfort (0-10).

    The design follows Kahneman et al. (1993): 60 s at 14 °C (short trial); the same 60 s
    followed by 30 s in which the water warms by about 1 °C (long trial). The discomfort numbers
    are TEACHING ASSUMPTIONS, not the published measurements: a steady 8 in cold water that
    eases linearly to 6 while the water warms.

    Parameters
    ----------
    step : float, default 1.0
        Seconds between ratings.

    Returns
    -------
    pandas.DataFrame
        Long format: ``episode`` ("short 60 s" or "long 90 s"), ``t`` (s), ``rating``.

    Raises
    ------
    ValueError
        A step that is not between 0 and 30 seconds.

    Examples
    --------
    >>> trials = summarize_episodes(cold_hand())
    >>> trials[["episode", "peak_end", "area"]].round(1)
          episode  peak_end   area
    0   long 90 s       7.0  690.0
    1  short 60 s       8.0  480.0
    """
    if (
        isinstance(step, bool)
        or not isinstance(step, (int, float, np.number))
        or not 0 < step <= 30
    ):
        raise ValueError(f"step must be a number of seconds between 0 and 30, got {step!r}")
    short_t = np.arange(0, 60 + step / 2, step)
    long_t = np.arange(0, 90 + step / 2, step)
    long_rating = np.where(long_t <= 60, 8.0, 8.0 - 2.0 * (long_t - 60) / 30)
    return pd.DataFrame(
        {
            "episode": ["short 60 s"] * len(short_t) + ["long 90 s"] * len(long_t),
            "t": np.r_[short_t, long_t],
            "rating": np.r_[np.full(len(short_t), 8.0), long_rating],
        }
    )


def simulate(
    episodes: int = 300, seed: int | np.random.Generator | None = None, memory_noise: float = 0.7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SIMULATED painful procedures and how patients remember them, for teaching.

    Each episode lasts 4 to 69 minutes with one rating per minute (a random walk of pain
    0-10 with one sharp peak). The remembered pain is the peak-end score plus noise: this
    *assumes* the peak-end rule, and shows what data produced by it look like (remembered pain
    correlates with peak and end, barely with duration), the pattern Redelmeier & Kahneman (1996)
    reported for real patients. It does not reproduce their data.

    Parameters
    ----------
    episodes : int, default 300
        How many procedures.
    seed : int or numpy.random.Generator, optional
        For reproducible draws.
    memory_noise : float, default 0.7
        Standard deviation of the noise added to the peak-end score.

    Returns
    -------
    moments : pandas.DataFrame
        ``episode, t, rating`` (minutes, pain 0-10).
    remembered : pandas.DataFrame
        The :func:`summarize_episodes` table plus ``remembered`` (0-10).

    Examples
    --------
    >>> moments, remembered = simulate(50, seed=1)
    >>> remembered[["remembered", "duration"]].corr().iloc[0, 1] < 0.3
    np.True_
    """
    if isinstance(episodes, bool) or not isinstance(episodes, (int, np.integer)) or episodes < 2:
        raise ValueError(f"episodes must be a whole number of at least 2, got {episodes!r}")
    rng = np.random.default_rng(seed)
    lengths = rng.integers(4, 70, size=episodes)
    episode = np.repeat(np.arange(episodes), lengths)
    minute = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    walk = rng.normal(0, 0.8, size=lengths.sum())
    level = rng.uniform(1, 4, size=episodes)[episode] + _cumsum_within(walk, episode)
    peak_at = (rng.random(episodes) * lengths).astype(int)
    peak = np.where(minute == peak_at[episode], rng.uniform(2, 6, size=episodes)[episode], 0.0)
    rating = np.clip(np.round(level + peak, 1), 0, 10)
    moments = pd.DataFrame({"episode": episode, "t": minute, "rating": rating})
    summary = summarize_episodes(moments)
    noise = rng.normal(0, memory_noise, size=episodes)
    summary["remembered"] = np.clip(summary["peak_end"] + noise, 0, 10).round(1)
    return moments, summary


def _cumsum_within(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at each group (groups sorted and contiguous)."""
    total = np.cumsum(values)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    offsets = np.repeat(total[starts] - values[starts], np.diff(np.r_[starts, len(values)]))
    return total - offsets
