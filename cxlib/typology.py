"""A four-colour personality quiz (红黄蓝绿), scored honestly: the type, its ties, its retest.

Book chapter: ``book/personality_types.md``; workbook: ``notebooks/10_personality_quiz.ipynb``.

Colour typologies are popular and unvalidated (see the chapter). This module does not claim
that the colours measure anything. It scores a forced-choice quiz the way such quizzes are
scored (the colour chosen most often), says when the top colours tie and by how much the top
colour leads, and measures the test-retest agreement of the resulting type: the share of people
who get the same colour twice, with a Wilson interval, and Cohen's kappa, the agreement beyond
what chance alone would give, with a bootstrap interval. :func:`simulate_retest` shows that a
type flips often even when nothing about the person has changed.

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and Psychological
Measurement*, 20(1), 37-46.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
Pittenger, D. J. (2005). Cautionary comments regarding the Myers-Briggs Type Indicator.
*Consulting Psychology Journal: Practice and Research*, 57(3), 210-221.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _stats, _validate
from cxlib.language import tr

__all__ = [
    "COLOURS",
    "COLOURS_ZH",
    "COURSE_KEY",
    "RetestAgreement",
    "retest_agreement",
    "score",
    "simulate_retest",
]

#: The four colours, in the order every result uses.
COLOURS = ("red", "yellow", "blue", "green")
#: Their Chinese names (红黄蓝绿).
COLOURS_ZH = {"red": "红", "yellow": "黄", "blue": "蓝", "green": "绿"}
#: The key of the eight-item teaching quiz in ``book/personality_types.md`` (item -> letter ->
#: colour). A teaching illustration written for the course, not a published or validated test.
COURSE_KEY: dict[str, dict[str, str]] = {
    "q1": {"A": "yellow", "B": "red", "C": "blue", "D": "green"},
    "q2": {"A": "red", "B": "yellow", "C": "blue", "D": "green"},
    "q3": {"A": "yellow", "B": "red", "C": "blue", "D": "green"},
    "q4": {"A": "blue", "B": "green", "C": "yellow", "D": "red"},
    "q5": {"A": "blue", "B": "green", "C": "yellow", "D": "red"},
    "q6": {"A": "yellow", "B": "blue", "C": "red", "D": "green"},
    "q7": {"A": "yellow", "B": "blue", "C": "red", "D": "green"},
    "q8": {"A": "red", "B": "green", "C": "yellow", "D": "blue"},
}

Ties = Literal["random", "missing"]


def _top_colour(counts: np.ndarray, ties: Ties, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Top colour per row of a (people x 4) count matrix, whether it tied, and its lead."""
    best = counts.max(axis=1, keepdims=True)
    tied = (counts == best).sum(axis=1) > 1
    # among the tied maxima, the one with the largest random key wins (uniform over the tied)
    keys = np.where(counts == best, rng.random(counts.shape), -1.0)
    colour = np.array(COLOURS, dtype=object)[keys.argmax(axis=1)]
    if ties == "missing":
        colour = np.where(tied, None, colour)
    ordered = np.sort(counts, axis=1)
    return colour, tied, ordered[:, -1] - ordered[:, -2]


def score(
    answers: pd.DataFrame,
    key: Mapping[str, Mapping[str, str]] = COURSE_KEY,
    *,
    ties: Ties = "random",
    seed: int | None = 0,
) -> pd.DataFrame:
    """Count each person's answers per colour, and name the colour chosen most often.

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per person, one column per quiz item (named as in ``key``), each cell the
        letter chosen. Extra columns (a name, a date) are ignored.
    key : mapping, default :data:`COURSE_KEY`
        For each item, which colour each letter stands for.
    ties : {"random", "missing"}, default "random"
        When two or more colours share the top count: pick one of them at random (what a learner
        told "pick either" does), or leave the colour missing (NaN).
    seed : int or None, default 0
        Seed for breaking ties at random.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``answers``: one count column per colour (``red``, ``yellow``, ``blue``,
        ``green``), ``colour`` (the top colour), ``tied`` (whether the top was shared) and
        ``lead`` (top count minus second count: 0 when tied).

    Raises
    ------
    ValueError
        If an item of ``key`` is not a column, a key maps a letter to an unknown colour, or an
        answer is missing or not one of the item's letters.
    TypeError
        If ``answers`` is not a DataFrame.

    References
    ----------
    Forced-choice scoring as colour quizzes do it; the chapter explains why a type is unstable.

    See Also
    --------
    book/personality_types.md : the typology, its evidence and the classroom quiz.

    Examples
    --------
    >>> quiz = pd.DataFrame({"q1": ["A", "B"], "q2": ["B", "A"], "q3": ["A", "C"],
    ...                      "q4": ["C", "A"], "q5": ["C", "D"], "q6": ["A", "D"],
    ...                      "q7": ["A", "D"], "q8": ["C", "B"]}, index=["Li", "Wang"])
    >>> score(quiz, ties="missing")
          red  yellow  blue  green  colour   tied  lead
    Li      0       8     0      0  yellow  False     8
    Wang    3       0     2      3     NaN   True     0
    """
    items = list(key)
    _validate.columns(answers, items, what="answers")
    for item, letters in key.items():
        unknown = sorted({str(c) for c in letters.values()} - set(COLOURS))
        if unknown:
            raise ValueError(
                f"key[{item!r}] maps letters to unknown colour(s) {unknown}; "
                f"use {', '.join(COLOURS)}"
            )
    if ties not in ("random", "missing"):
        raise ValueError(f"ties must be 'random' or 'missing', got {ties!r}")
    colours = pd.DataFrame({item: answers[item].map(dict(key[item])) for item in items})
    bad = colours.isna()
    if bad.to_numpy().any():
        column = bad.any().idxmax()
        rows = answers.index[bad[column].to_numpy()]
        values = sorted({repr(v) for v in answers.loc[rows, column]})
        raise ValueError(
            f"answers[{column!r}] has {len(rows)} row(s) with an answer that is not one of "
            f"{sorted(key[column])}: {', '.join(values[:5])} (rows {list(rows[:5])}); "
            "correct the letters or drop incomplete quizzes"
        )
    counts = np.stack([(colours == c).sum(axis=1).to_numpy() for c in COLOURS], axis=1)
    colour, tied, lead = _top_colour(counts, ties, np.random.default_rng(seed))
    result = pd.DataFrame(counts, index=answers.index, columns=list(COLOURS))
    result["colour"], result["tied"], result["lead"] = colour, tied, lead
    return result


@dataclass(frozen=True)
class RetestAgreement:
    """How often the same people got the same colour twice.

    Attributes
    ----------
    n : int
        People with a colour on both attempts.
    same : int
        How many got the same colour.
    agreement, agreement_low, agreement_high : float
        Share with the same colour, and its Wilson interval.
    kappa, kappa_low, kappa_high : float
        Cohen's kappa (1 = perfect, 0 = no better than chance), and its bootstrap percentile
        interval; ``nan`` when chance agreement is already 1 (one colour for everyone).
    confidence : float
        Confidence level of both intervals.
    """

    n: int
    same: int
    agreement: float
    agreement_low: float
    agreement_high: float
    kappa: float
    kappa_low: float
    kappa_high: float
    confidence: float

    def __str__(self) -> str:
        pct = round(100 * self.confidence)
        return tr(
            "same colour {s.same} of {s.n} ({s.agreement:.0%}, {pct}% CI {s.agreement_low:.0%} "
            "to {s.agreement_high:.0%}); Cohen's kappa {s.kappa:.2f} ({pct}% CI "
            "{s.kappa_low:.2f} to {s.kappa_high:.2f})",
            s=self,
            pct=pct,
        )


def _kappa(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cohen's kappa along the last axis of two integer-coded arrays (codes 0..3)."""
    observed = (first == second).mean(axis=-1)
    chance = sum((first == c).mean(axis=-1) * (second == c).mean(axis=-1) for c in range(4))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(chance < 1, (observed - chance) / (1 - chance), np.nan)


def retest_agreement(
    first: Sequence[Any] | pd.Series,
    second: Sequence[Any] | pd.Series,
    *,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
) -> RetestAgreement:
    """Test-retest agreement of a colour type: share unchanged and Cohen's kappa.

    ``kappa = (p_o - p_e) / (1 - p_e)``, where ``p_o`` is the share with the same colour twice
    and ``p_e`` the share expected by chance, the sum over colours of the product of the two
    attempts' shares of that colour (Cohen 1960).

    Parameters
    ----------
    first, second : sequence or pandas.Series
        The colour of each person at the first and the second attempt, in the same order
        (Series are matched by index). People with a missing colour on either attempt (a tie
        left missing) are left out.
    confidence : float, default 0.95
        Confidence level of the intervals.
    n_boot : int, default 2000
        Bootstrap resamples of people for the kappa interval.
    seed : int or None, default 0
        Seed for the bootstrap.

    Returns
    -------
    RetestAgreement

    Raises
    ------
    ValueError
        If the two attempts differ in length, a colour is unknown, fewer than 2 people remain,
        or ``n_boot`` is below 100.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement*, 20(1), 37-46. Wilson (1927) for the interval of the share;
    Efron & Tibshirani (1993) for the bootstrap percentile interval.

    See Also
    --------
    book/personality_types.md : why types flip on retest.

    Examples
    --------
    Hand-worked: 4 of 6 unchanged, p_o = 24/36; chance p_e = (2*2 + 1*0 + 2*3 + 1*1)/36 = 11/36;
    kappa = (24 - 11) / (36 - 11) = 13/25 = 0.52.

    >>> result = retest_agreement(["red", "red", "blue", "green", "yellow", "blue"],
    ...                           ["red", "blue", "blue", "green", "red", "blue"])
    >>> result.same, round(result.agreement, 4), round(result.kappa, 4)
    (4, 0.6667, 0.52)
    """
    if isinstance(first, pd.Series) and isinstance(second, pd.Series):
        first, second = first.align(second, join="outer")
    a = np.asarray(first, dtype=object)
    b = np.asarray(second, dtype=object)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"first and second must list the same people: got {a.shape} and {b.shape} colours"
        )
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be an integer of at least 100, got {n_boot!r}")
    confidence = _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    kept = ~(pd.isna(a) | pd.isna(b))
    codes = {colour: number for number, colour in enumerate(COLOURS)}
    for name, values in (("first", a[kept]), ("second", b[kept])):
        unknown = sorted({repr(v) for v in values if v not in codes})
        if unknown:
            count = sum(v not in codes for v in values)
            raise ValueError(
                f"{name} has {count} unknown colour(s) {', '.join(unknown[:5])}; "
                f"use {', '.join(COLOURS)}"
            )
    n = int(kept.sum())
    if n < 2:
        raise ValueError(
            f"retest_agreement needs at least 2 people with a colour on both attempts, got {n}"
        )
    x = np.array([codes[v] for v in a[kept]])
    y = np.array([codes[v] for v in b[kept]])
    same = int((x == y).sum())
    low, high = _stats.proportion_interval(same / n, n, _stats.critical_z(confidence))
    rows = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    boot = _kappa(x[rows], y[rows])
    tail = 100 * (1 - confidence) / 2
    kappa_low, kappa_high = (
        np.nanpercentile(boot, [tail, 100 - tail]) if np.isfinite(boot).any() else (np.nan, np.nan)
    )
    return RetestAgreement(
        n,
        same,
        same / n,
        float(low),
        float(high),
        float(_kappa(x, y)),
        float(kappa_low),
        float(kappa_high),
        confidence,
    )


def simulate_retest(
    n_people: int = 1000, n_items: int = 12, *, concentration: float = 3.0, seed: int | None = 0
) -> pd.DataFrame:
    """Synthetic data: people with fixed colour preferences take the same quiz twice.

    Each simulated person has preferences for the four colours drawn from a symmetric Dirichlet
    distribution (``concentration`` larger = preferences more even), and answers each item by
    choosing a colour with those probabilities, independently, on both attempts. Nothing about
    the person changes between attempts, so any change of type is the quiz's own noise.

    Parameters
    ----------
    n_people : int, default 1000
    n_items : int, default 12
        Items in the quiz.
    concentration : float, default 3.0
        Dirichlet concentration of the preferences (must be positive).
    seed : int or None, default 0

    Returns
    -------
    pandas.DataFrame
        One row per person: ``first`` and ``second`` (colour on each attempt, ties broken at
        random) and ``lead`` (top count minus second count on the first attempt).

    Raises
    ------
    ValueError
        If a count is below 1 or ``concentration`` is not positive.

    References
    ----------
    A teaching simulation (synthetic data), not a model fitted to any test.

    See Also
    --------
    book/personality_types.md : the retest picture drawn from this kind of simulation.

    Examples
    --------
    >>> people = simulate_retest(2000, 12, seed=1)
    >>> print(f"{(people['first'] == people['second']).mean():.0%} kept their colour")
    49% kept their colour
    """
    for name, value in (("n_people", n_people), ("n_items", n_items)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
    if not concentration > 0:
        raise ValueError(f"concentration must be positive, got {concentration!r}")
    rng = np.random.default_rng(seed)
    preference = rng.dirichlet([concentration] * 4, size=n_people)
    first_counts = rng.multinomial(n_items, preference)
    second_counts = rng.multinomial(n_items, preference)
    first, _, lead = _top_colour(first_counts, "random", rng)
    second, _, _ = _top_colour(second_counts, "random", rng)
    return pd.DataFrame({"first": first, "second": second, "lead": lead})
