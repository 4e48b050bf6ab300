"""The cue-reading drill's answer sheet (答题卡): its options and what guessing gives.

What depends only on the answer sheet, not on a class's answers: the feelings it offers
(:data:`DRILL_OPTIONS`), :func:`needed_to_beat_chance` (the count printed on the paper scoring
sheet), :func:`proportion_index` (drills with different numbers of options on one scale) and
:func:`simulate_drill` (a synthetic class, for the workbook). :mod:`cxlib.cue_reading` scores real
answers and re-exports these names, where the book and the workbook use them.

Book chapter: ``book/emotion_cues.md``; workbook: ``notebooks/12_emotion_cues.ipynb``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxlib import _validate

__all__ = [
    "DRILL_OPTIONS",
    "DRILL_OPTIONS_ZH",
    "needed_to_beat_chance",
    "proportion_index",
    "simulate_drill",
]

#: The feelings of the course's drill, in the order results use (the answer sheet's options).
DRILL_OPTIONS = ("angry", "worried", "hurried", "pleased")
#: Their Chinese names, as printed on the Chinese answer sheet.
DRILL_OPTIONS_ZH = {"angry": "生气", "worried": "担心", "hurried": "着急", "pleased": "满意"}


def _count_options(options: int, name: str = "options") -> int:
    if isinstance(options, (bool, np.bool_)) or not isinstance(options, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number of answer options, got {options!r}")
    if options < 2:
        raise ValueError(
            f"{name} must be at least 2 (with one option nothing is judged), got {options}"
        )
    return int(options)


def proportion_index(share: float | np.ndarray, options: int) -> float | np.ndarray:
    """Rosenthal and Rubin's proportion index: accuracy on a two-option scale.

    ``pi = P (k - 1) / (1 + P (k - 2))`` for a share right ``P`` among ``k`` options: the share
    right that a two-option task of the same difficulty would give. Guessing (``P = 1 / k``)
    gives 0.5 and a perfect score 1, whatever ``k``, so drills with different numbers of options
    can be compared (Juslin and Laukka's review of vocal expression reports accuracy this way).

    Parameters
    ----------
    share : float or numpy.ndarray
        Share of right answers, in [0, 1].
    options : int
        Number of answer options ``k`` (at least 2).

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If a share lies outside [0, 1] or ``options`` is below 2.

    References
    ----------
    Rosenthal, R. & Rubin, D. B. (1989). Effect size estimation for one-sample
    multiple-choice-type data. *Psychological Bulletin*, 106(2), 332-337.

    See Also
    --------
    cxlib.cue_reading.score : reports the index with the share right.

    Examples
    --------
    Half right among four options is as good as three in four right among two:

    >>> proportion_index(0.5, 4)
    0.75
    >>> proportion_index(0.25, 4), proportion_index(1.0, 4)
    (0.5, 1.0)
    """
    k = _count_options(options)
    p = np.asarray(share, dtype=float)
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError(f"share must lie in [0, 1], got {share!r}")
    pi = p * (k - 1) / (1 + p * (k - 2))
    return float(pi) if pi.ndim == 0 else pi


def needed_to_beat_chance(
    n: int | np.ndarray, options: int, alpha: float = 0.05
) -> int | np.ndarray:
    """The fewest right answers out of ``n`` that guessing reaches with probability <= ``alpha``.

    The smallest ``x`` with ``P(X >= x) <= alpha`` when ``X`` is binomial with ``n`` trials and
    success probability ``1 / options`` (everyone guessing): the one-sided exact binomial test
    with the chance level of the answer sheet, as Wagner (1993) asks. When even ``n`` right is not
    rare enough, the result is ``n + 1``: so few answers cannot show anything.

    Parameters
    ----------
    n : int or numpy.ndarray
        Answers scored (whole numbers, at least 1).
    options : int
        Options on the answer sheet (at least 2).
    alpha : float, default 0.05
        Level of the test.

    Returns
    -------
    int or numpy.ndarray

    Raises
    ------
    ValueError
        If ``n`` is not a whole number of at least 1, ``options`` is below 2 or ``alpha`` is not
        in (0, 1).

    References
    ----------
    Wagner, H. L. (1993). On measuring performance in category judgment studies of nonverbal
    behavior. *Journal of Nonverbal Behavior*, 17(1), 3-28 (the right chance level and test).

    See Also
    --------
    cxlib.cue_reading.score : applies the rule to a drill's answers.

    Examples
    --------
    One trainee, 8 clips, 4 options: 5 right are needed (4 right happen by guessing 11% of the
    time, 5 right 2.7%); a class of 20 trainees, 160 answers: 50 right.

    >>> needed_to_beat_chance(8, 4), needed_to_beat_chance(160, 4)
    (5, 50)
    >>> needed_to_beat_chance(2, 4)  # n + 1: two answers cannot beat guessing at the 5% level
    3
    """
    k = _count_options(options)
    alpha = _validate.probability(alpha, "alpha", allow_zero=False, allow_one=False)
    counts = np.asarray(n)
    if counts.dtype.kind not in "iu" or (counts < 1).any():
        raise ValueError(f"n must be a whole number of answers, at least 1, got {n!r}")
    flat = counts.reshape(-1)
    top = int(flat.max())
    x = np.arange(top + 2)
    # survival P(X >= x) = sf(x - 1); rows are the n's, columns the candidate x's
    tail = stats.binom.sf(x[None, :] - 1, flat[:, None], 1 / k)
    ok = (tail <= alpha) & (x[None, :] <= flat[:, None])
    needed = np.where(ok.any(axis=1), ok.argmax(axis=1), flat + 1)
    return int(needed[0]) if counts.ndim == 0 else needed.reshape(counts.shape)


def simulate_drill(
    reading: np.ndarray | Sequence[Sequence[float]],
    n_trainees: int = 20,
    clips_per_feeling: int = 2,
    options: Sequence[str] = DRILL_OPTIONS,
    *,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Synthetic data: a class answers a drill whose feelings are read with given probabilities.

    Each trainee hears every feeling ``clips_per_feeling`` times and writes down an answer drawn,
    independently, from the row of ``reading`` for the feeling acted. A teaching simulation, not a
    model of real customers.

    Parameters
    ----------
    reading : (k, k) array-like
        Row ``i``: the probabilities of writing each option when feeling ``i`` is acted (rows sum
        to 1). The identity matrix is a perfect class; every entry ``1 / k`` a guessing class.
    n_trainees : int, default 20
    clips_per_feeling : int, default 2
    options : sequence of str, default :data:`DRILL_OPTIONS`
    seed : int or None, default 0

    Returns
    -------
    pandas.DataFrame
        One row per answer: ``trainee`` (1, 2, ...), ``clip`` (1, 2, ...), ``intended``,
        ``judged``.

    Raises
    ------
    ValueError
        If ``reading`` is not a square matrix of the options' size with rows of probabilities
        summing to 1, or a count is below 1.

    See Also
    --------
    cxlib.cue_reading.score, cxlib.cue_reading.by_emotion : what the notebook computes from the
        simulated class.

    Examples
    --------
    >>> guessing = [[0.25] * 4] * 4
    >>> answers = simulate_drill(guessing, n_trainees=50, seed=3)
    >>> len(answers), sorted(answers["intended"].unique())
    (400, ['angry', 'hurried', 'pleased', 'worried'])
    """
    opts = tuple(options)
    k = _count_options(len(opts), "the number of options")
    probs = np.asarray(reading, dtype=float)
    if probs.shape != (k, k):
        raise ValueError(
            f"reading must be a {k} x {k} matrix (one row per option), got shape {probs.shape}"
        )
    if (probs < 0).any() or not np.allclose(probs.sum(axis=1), 1):
        sums = ", ".join(f"{s:.3g}" for s in probs.sum(axis=1))
        raise ValueError(
            f"each row of reading must hold probabilities summing to 1; row sums: {sums}"
        )
    for name, value in (("n_trainees", n_trainees), ("clips_per_feeling", clips_per_feeling)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
    rng = np.random.default_rng(seed)
    clips = np.repeat(np.arange(k), clips_per_feeling)
    acted = rng.permuted(np.tile(clips, (n_trainees, 1)), axis=1)  # trainee x clip, shuffled
    cumulative = probs.cumsum(axis=1)
    draws = rng.random(acted.shape)
    written = (draws[..., None] > cumulative[acted]).sum(axis=-1).clip(max=k - 1)
    labels = np.array(opts, dtype=object)
    return pd.DataFrame(
        {
            "trainee": np.repeat(np.arange(1, n_trainees + 1), clips.size),
            "clip": np.tile(np.arange(1, clips.size + 1), n_trainees),
            "intended": labels[acted.reshape(-1)],
            "judged": labels[written.reshape(-1)],
        }
    )
