"""Scoring a drill in reading emotion from cues (情绪识别练习计分): right answers against chance.

Book chapter: ``book/emotion_cues.md``; workbook: ``notebooks/12_emotion_cues.ipynb``.

In the course's drill a trainer says one neutral sentence ("好的，我知道了。") in several acted
tones, and each trainee writes down which feeling they heard, choosing from the options printed
on the answer sheet. This module scores such a drill the way judgment studies of nonverbal
behaviour are scored:

- :func:`score`: the share of right answers with its Wilson interval, against the share that
  guessing would give (one in the number of options), with a one-sided exact binomial test and
  Rosenthal and Rubin's proportion index, which puts tasks with different numbers of options on
  one scale (0.5 = guessing, 1 = every answer right);
- :func:`needed_to_beat_chance`: how many of ``n`` answers must be right before guessing becomes
  an unlikely explanation (the number the paper scoring sheet prints, so that no one needs code);
- :func:`by_emotion` and :func:`confusion`: which feelings were read, and which were taken for
  which, with Wagner's unbiased hit rate, which corrects a feeling's hit rate for how often its
  label was used at all (a trainee who writes "angry" for everything hits every angry clip).

The drill measures whether a room reads *this trainer's acted* voice; it is not a test of anyone's
ability to read real customers (acted displays are clearer than real ones; see the chapter).

References
----------
Wagner, H. L. (1993). On measuring performance in category judgment studies of nonverbal
behavior. *Journal of Nonverbal Behavior*, 17(1), 3-28.
Rosenthal, R. & Rubin, D. B. (1989). Effect size estimation for one-sample multiple-choice-type
data: Design, analysis, and meta-analysis. *Psychological Bulletin*, 106(2), 332-337.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxlib import _stats, _validate
from cxlib._drill import (
    DRILL_OPTIONS,
    _count_options,
    needed_to_beat_chance,
    proportion_index,
    simulate_drill,
)
from cxlib.language import N_, tr

__all__ = [
    "CueScore",
    "by_emotion",
    "confusion",
    "needed_to_beat_chance",
    "proportion_index",
    "score",
    "simulate_drill",
]

#: How many rows a message quotes before it says "...".
_SHOW = 5


@dataclass(frozen=True)
class CueScore:
    """A drill's right answers against guessing.

    Attributes
    ----------
    n : int
        Answers scored.
    right : int
        How many named the feeling that was acted.
    options : int
        Options on the answer sheet (``k``); guessing is right one time in ``k``.
    share, low, high : float
        Share right, and its Wilson interval.
    chance : float
        ``1 / k``.
    p_value : float
        One-sided exact binomial p-value: the probability of ``right`` or more right answers
        out of ``n`` if everyone had guessed.
    needed : int
        The fewest right answers out of ``n`` that guessing reaches with probability ``alpha``
        or less (``n + 1`` when even ``n`` of ``n`` would not).
    proportion_index : float
        Rosenthal and Rubin's pi: 0.5 = guessing, 1 = all right, whatever the number of options.
    alpha, confidence : float
        Level of the test and of the interval.
    """

    n: int
    right: int
    options: int
    share: float
    low: float
    high: float
    chance: float
    p_value: float
    needed: int
    proportion_index: float
    alpha: float
    confidence: float

    @property
    def beats_chance(self) -> bool:
        """Whether ``right`` reaches ``needed`` (guessing is an unlikely explanation)."""
        return self.right >= self.needed

    def __str__(self) -> str:
        if self.beats_chance:
            message = N_(
                "{s.right} of {s.n} right ({s.share:.0%}, {s.confidence:.0%} CI {s.low:.0%} to "
                "{s.high:.0%}); guessing gives {s.chance:.0%}, {s.needed} right needed: more "
                "than guessing (one-sided p = {s.p_value:.3g}); proportion index "
                "{s.proportion_index:.2f}"
            )
        else:
            message = N_(
                "{s.right} of {s.n} right ({s.share:.0%}, {s.confidence:.0%} CI {s.low:.0%} to "
                "{s.high:.0%}); guessing gives {s.chance:.0%}, {s.needed} right needed: not "
                "clearly more than guessing (one-sided p = {s.p_value:.3g}); proportion index "
                "{s.proportion_index:.2f}"
            )
        return tr(message, s=self)


def _labels(values: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    """The answers as an object array, and the row labels to quote in messages."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name} must be one column of answers (a Series or list), not a DataFrame")
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of answers, not one string")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    return series.to_numpy(dtype=object), np.array(series.index.tolist(), dtype=object)


def _check_answers(
    intended: Any, judged: Any, options: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Validate a drill's answers at the door; return them as index arrays into ``options``."""
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
        raise TypeError(f"options must be the list of labels on the answer sheet, got {options!r}")
    opts = tuple(options)
    _count_options(len(opts), "the number of options")
    if len(set(opts)) != len(opts):
        raise ValueError(f"options must not repeat a label, got {list(opts)}")
    if isinstance(intended, pd.Series) and isinstance(judged, pd.Series):
        if not intended.index.equals(judged.index):
            raise ValueError(
                "intended and judged are Series with different indexes: align them first "
                "(one row per answer, the acted feeling and the feeling written down)"
            )
    first, rows = _labels(intended, "intended")
    second, _ = _labels(judged, "judged")
    if len(first) != len(second):
        raise ValueError(
            f"intended has {len(first)} rows and judged {len(second)}: give one acted feeling and "
            "one written answer per row"
        )
    if len(first) == 0:
        raise ValueError("there are no answers to score (intended and judged are empty)")
    coded = []
    for name, values in (("intended", first), ("judged", second)):
        # labels map to 0..k-1; anything else (a typo, a blank, a number) to -1
        codes = pd.Index(opts, dtype=object).get_indexer(pd.Index(values, dtype=object))
        bad = codes < 0
        if bad.any():
            shown = ", ".join(
                f"{rows[i]!r}: {'blank' if pd.isna(values[i]) else repr(values[i])}"
                for i in np.flatnonzero(bad)[:_SHOW]
            )
            more = ", ..." if bad.sum() > _SHOW else ""
            raise ValueError(
                f"{name} has {int(bad.sum())} of {len(values)} rows that are not one of the "
                f"options {list(opts)} (rows {shown}{more}); blank answers must be filled in or "
                "left out before scoring"
            )
        coded.append(codes)
    return coded[0], coded[1], opts


def score(
    intended: Sequence[str] | pd.Series,
    judged: Sequence[str] | pd.Series,
    options: Sequence[str] = DRILL_OPTIONS,
    *,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> CueScore:
    """Share of right answers in a cue-reading drill, against what guessing would give.

    Parameters
    ----------
    intended : sequence of str or pandas.Series
        For each answer, the feeling that was acted (from the trainer's key).
    judged : sequence of str or pandas.Series
        For each answer, the feeling the trainee wrote down, in the same order (Series must share
        the index of ``intended``).
    options : sequence of str, default :data:`DRILL_OPTIONS`
        The labels printed on the answer sheet. Guessing is right one time in ``len(options)``,
        whatever the trainees actually wrote.
    alpha : float, default 0.05
        Level of the one-sided test against guessing.
    confidence : float, default 0.95
        Level of the Wilson interval.

    Returns
    -------
    CueScore

    Raises
    ------
    ValueError
        If the two lengths differ, nothing is given, or a label (including a blank) is not one of
        ``options``; the message names the rows.
    TypeError
        If an argument is a DataFrame or a single string.

    References
    ----------
    Wagner (1993) for the chance level and the binomial test; Wilson (1927) for the interval;
    Rosenthal & Rubin (1989) for the proportion index.

    See Also
    --------
    by_emotion : the same answers feeling by feeling.
    book/emotion_cues.md : the drill and what its result does and does not show.

    Examples
    --------
    Eight answers, five right, four options:

    >>> acted = ["angry", "worried", "hurried", "pleased"] * 2
    >>> heard = ["angry", "hurried", "hurried", "pleased", "angry", "angry", "worried", "pleased"]
    >>> print(score(acted, heard))  # doctest: +NORMALIZE_WHITESPACE
    5 of 8 right (62%, 95% CI 31% to 86%); guessing gives 25%, 5 right needed: more than
    guessing (one-sided p = 0.0273); proportion index 0.83
    """
    first, second, opts = _check_answers(intended, judged, options)
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    alpha = _validate.probability(alpha, "alpha", allow_zero=False, allow_one=False)
    k = len(opts)
    n = len(first)
    right = int((first == second).sum())
    share = right / n
    low, high = _stats.wilson(share, n, _stats.critical_z(confidence))
    p_value = float(stats.binom.sf(right - 1, n, 1 / k))
    return CueScore(
        n=n,
        right=right,
        options=k,
        share=share,
        low=float(low),
        high=float(high),
        chance=1 / k,
        p_value=p_value,
        needed=int(needed_to_beat_chance(n, k, alpha)),
        proportion_index=float(proportion_index(share, k)),
        alpha=alpha,
        confidence=confidence,
    )


def confusion(
    intended: Sequence[str] | pd.Series,
    judged: Sequence[str] | pd.Series,
    options: Sequence[str] = DRILL_OPTIONS,
) -> pd.DataFrame:
    """Which feeling was taken for which: counts, one row per acted feeling, one column per answer.

    Parameters
    ----------
    intended, judged, options
        As for :func:`score`.

    Returns
    -------
    pandas.DataFrame
        Rows ``options`` (acted), columns ``options`` (written down), integer counts; every option
        appears even when never used.

    Raises
    ------
    ValueError, TypeError
        As for :func:`score`.

    See Also
    --------
    by_emotion : hit rates from this table.

    Examples
    --------
    >>> acted = ["angry", "worried", "hurried", "pleased"] * 2
    >>> heard = ["angry", "hurried", "hurried", "pleased", "angry", "angry", "worried", "pleased"]
    >>> confusion(acted, heard)
    judged   angry  worried  hurried  pleased
    intended
    angry        2        0        0        0
    worried      1        0        1        0
    hurried      0        1        1        0
    pleased      0        0        0        2
    """
    first, second, opts = _check_answers(intended, judged, options)
    k = len(opts)
    counts = np.bincount(first * k + second, minlength=k * k).reshape(k, k)
    return pd.DataFrame(
        counts,
        index=pd.Index(opts, name="intended"),
        columns=pd.Index(opts, name="judged"),
    )


def by_emotion(
    intended: Sequence[str] | pd.Series,
    judged: Sequence[str] | pd.Series,
    options: Sequence[str] = DRILL_OPTIONS,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Feeling by feeling: how often it was acted, named, and read right.

    For feeling ``i`` with ``a_i`` clips acted, label ``i`` written ``b_i`` times and ``h_i`` right
    among ``N`` answers: the hit rate ``h_i / a_i``; Wagner's unbiased hit rate
    ``Hu_i = h_i^2 / (a_i b_i)`` (the hit rate times the share of uses of the label that were
    right), and the value ``Hu`` takes on average when answers are unrelated to the feeling acted,
    ``(a_i / N)(b_i / N)``. A label written for every clip has a hit rate of 1 for its own feeling
    but a low ``Hu``.

    Parameters
    ----------
    intended, judged, options
        As for :func:`score`.
    confidence : float, default 0.95
        Level of the Wilson interval of each hit rate.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``options``: ``acted``, ``named``, ``right`` (counts), ``hit_rate`` with its
        Wilson interval ``low`` and ``high``, ``unbiased_hit_rate``, ``chance_unbiased`` (``NaN``
        where a feeling was never acted or its label never used).

    Raises
    ------
    ValueError, TypeError
        As for :func:`score`.

    References
    ----------
    Wagner, H. L. (1993). On measuring performance in category judgment studies of nonverbal
    behavior. *Journal of Nonverbal Behavior*, 17(1), 3-28.

    See Also
    --------
    confusion : the table these come from.

    Examples
    --------
    Hand-worked for "angry": acted 2 times, written 3 times, right 2 times:
    Hu = 2 * 2 / (2 * 3) = 0.667; chance (2/8)(3/8) = 0.094.

    >>> acted = ["angry", "worried", "hurried", "pleased"] * 2
    >>> heard = ["angry", "hurried", "hurried", "pleased", "angry", "angry", "worried", "pleased"]
    >>> table = by_emotion(acted, heard).drop(columns=["low", "high"])
    >>> table.round(3)
             acted  named  right  hit_rate  unbiased_hit_rate  chance_unbiased
    angry        2      3      2       1.0              0.667            0.094
    worried      2      1      0       0.0              0.000            0.031
    hurried      2      2      1       0.5              0.250            0.062
    pleased      2      2      2       1.0              1.000            0.062
    """
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    table = confusion(intended, judged, options).to_numpy()
    n = table.sum()
    acted = table.sum(axis=1)
    named = table.sum(axis=0)
    right = np.diag(table)
    with np.errstate(invalid="ignore", divide="ignore"):
        hit_rate = np.where(acted > 0, right / acted, np.nan)
        unbiased = np.where((acted > 0) & (named > 0), right**2 / (acted * named), np.nan)
    chance = np.where((acted > 0) & (named > 0), (acted / n) * (named / n), np.nan)
    low, high = _stats.wilson(
        np.nan_to_num(hit_rate), np.maximum(acted, 1), _stats.critical_z(confidence)
    )
    never = acted == 0
    return pd.DataFrame(
        {
            "acted": acted,
            "named": named,
            "right": right,
            "hit_rate": hit_rate,
            "low": np.where(never, np.nan, low),
            "high": np.where(never, np.nan, high),
            "unbiased_hit_rate": unbiased,
            "chance_unbiased": chance,
        },
        index=pd.Index(tuple(options), name=None),
    )
