"""The chance of winning (机会评估): a checklist score, and whether it deserves to be trusted.

Book chapter: ``book/customer_analysis.md`` (section "Can we win it?"); workbook:
``notebooks/13_customer_analysis.ipynb``; handout: page 2 of the kit's market-sizing sheet.

The course outline's fifth line of analysis ends with "可参与的空间或概率（机会评估）": the part
of the market we can take part in, and the chance of winning it. Sales teams usually judge that
chance with a checklist: is the problem known, have we met the person who decides, are money and
timing confirmed... :data:`CHECKLIST` is such a list (a teaching illustration: its items follow
the outline's lines of analysis, its weights are a starting judgement, not a measured result),
and :func:`score` turns the answers into a score from 0 to 100.

A score is a judgement until it has been checked against what happened. Two checks:

- :func:`win_rates`: the share of past deals won in each score band, with a Wilson interval
  (Wilson 1927). If high scores do not win more often than low ones, the checklist ranks
  nothing; with a handful of deals per band, the intervals say how little is known yet.
- :func:`brier`: for stated win probabilities (a pipeline's "70%"), the Brier score, the mean
  squared difference between the probability and the outcome (1 = won, 0 = lost) (Brier 1950;
  here in the usual two-outcome form, half of Brier's original sum over both outcomes), compared
  with the score of always stating the overall win rate. A positive skill means the stated
  probabilities beat that simple rule.

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. *Monthly
Weather Review*, 78(1), 1-3.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _stats, _validate
from cxlib.language import tr

__all__ = ["CHECKLIST", "Brier", "brier", "example_deals", "score", "win_rates"]

#: The checklist (teaching illustration): item, the question in English and Chinese, its weight.
#: Each is answered 1 (yes), 0.5 (partly) or 0 (no). The first item carries most weight because
#: the outline puts the problem behind the request (需) first.
CHECKLIST = pd.DataFrame(
    [
        (
            "problem",
            "We know the problem behind the request, and the customer confirmed it",
            "我们知道需求背后的问题，并已得到客户确认",
            3,
        ),
        (
            "decider",
            "We have talked with the person who decides (or who pays)",
            "我们已与做决定的人（或付钱的人）谈过",
            2,
        ),
        (
            "money_time",
            "Money and timing are confirmed: a budget and a date",
            "预算和时间已确认：有预算，有日期",
            2,
        ),
        (
            "fit",
            "Our solution solves the problem better than the alternatives the customer knows",
            "我们的方案比客户知道的其他选择更能解决问题",
            2,
        ),
        ("ally", "Someone on the customer's side wants us to win", "客户一方有人希望我们赢", 1),
        (
            "history",
            "We have served this customer well before",
            "我们以前为这位客户提供过满意的服务",
            1,
        ),
        (
            "no_favourite",
            "No competitor is already favoured; the customer is not only collecting quotes",
            "没有竞争对手已被内定，客户不只是在收集报价",
            1,
        ),
    ],
    columns=["item", "question", "question_zh", "weight"],
).set_index("item")


def score(answers: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """The weighted checklist score of each deal, 0 to 100.

    ``100 × sum(weight × answer) / sum(weight)``, the answers 1 (yes), 0.5 (partly) or 0 (no).

    Parameters
    ----------
    answers : pandas.DataFrame
        One row per deal, one column per checklist item (the index of :data:`CHECKLIST`, or the
        items of ``weights``); other columns are ignored.
    weights : mapping of str to float, optional
        Item weights; default :data:`CHECKLIST`'s. Every weighted item must be a column.

    Returns
    -------
    pandas.Series
        The score of each deal, same index, named ``score``.

    Raises
    ------
    ValueError
        A weighted item is not a column, an answer is missing or not 0, 0.5 or 1, or a weight
        is negative (or all are zero).

    Examples
    --------
    A deal where the problem is known (3), the decider met (2) and an ally exists (1), the rest
    unknown, scores 100 × 6 / 12 = 50; the second deal has only "partly" on the problem:
    100 × 1.5 / 12 = 12.5.

    >>> deals = pd.DataFrame({"problem": [1, 0.5], "decider": [1, 0], "money_time": [0, 0],
    ...                       "fit": [0, 0], "ally": [1, 0], "history": [0, 0],
    ...                       "no_favourite": [0, 0]})
    >>> score(deals).tolist()
    [50.0, 12.5]
    """
    weights = dict(CHECKLIST["weight"]) if weights is None else dict(weights)
    _validate.columns(answers, list(weights), what="answers")
    w = np.array([float(v) for v in weights.values()])
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights must be zero or more and not all zero, got {weights}")
    values = answers[list(weights)]
    for item in weights:
        column = values[item]
        bad = ~column.isin([0, 0.5, 1]) | column.isna()
        if bad.any():
            rows = ", ".join(str(r) for r in column.index[bad][: _validate.SHOW])
            shown = ", ".join(repr(v) for v in column[bad].tolist()[: _validate.SHOW])
            raise ValueError(
                f"answers[{item!r}] must be 1 (yes), 0.5 (partly) or 0 (no); {int(bad.sum())} of "
                f"{len(column)} rows are not: rows {rows} (values {shown})"
            )
    total = values.to_numpy(dtype="float64") @ w
    return pd.Series(100 * total / w.sum(), index=answers.index, name="score")


def _won(won: Any, n: int | None = None) -> np.ndarray:
    """Outcomes as 0/1 floats (1 = won), refusing anything else."""
    array = np.asarray(won)
    if array.ndim != 1:
        raise TypeError(f"won must be one outcome per deal, got shape {array.shape}")
    if n is not None and len(array) != n:
        raise ValueError(f"won has {len(array)} outcomes for {n} deals")
    if array.dtype == bool:
        return array.astype("float64")
    values = pd.Series(array)
    bad = ~values.isin([0, 1]) | values.isna()
    if bad.any():
        raise ValueError(
            f"won must be 1 (won) or 0 (lost), or True/False; {int(bad.sum())} of {len(values)} "
            f"are not: {values[bad].tolist()[: _validate.SHOW]}"
        )
    return values.to_numpy(dtype="float64")


def win_rates(
    scores: Any,
    won: Any,
    bands: Sequence[float] = (0, 40, 70, 100),
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The share of past deals won in each score band, with Wilson intervals.

    Parameters
    ----------
    scores : array-like
        Each past deal's score (from :func:`score`, or a stated probability with
        ``bands=(0, 0.2, ..., 1)``).
    won : array-like
        Each deal's outcome: 1 or True if won, 0 or False if lost.
    bands : sequence of float, default (0, 40, 70, 100)
        Band edges; each band includes its upper edge, the first also its lower edge.
    confidence : float, default 0.95
        The interval's level.

    Returns
    -------
    pandas.DataFrame
        One row per band: ``deals``, ``won``, ``win_rate``, ``low``, ``high`` (NaN where a
        band has no deals).

    Examples
    --------
    Five deals: the three scored above 70 won twice, the two below 40 never.

    >>> table = win_rates([20, 35, 75, 80, 95], [0, 0, 1, 0, 1])
    >>> table[["deals", "won", "win_rate"]]
              deals  won  win_rate
    band
    0–40          2    0  0.000000
    40–70         0    0       NaN
    70–100        3    2  0.666667
    """
    values = np.asarray(scores, dtype="float64")
    outcome = _won(won, len(values))
    edges = np.asarray(bands, dtype="float64")
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bands must be increasing edges, at least two, got {list(bands)}")
    outside = (values < edges[0]) | (values > edges[-1]) | np.isnan(values)
    if outside.any():
        raise ValueError(
            f"{int(outside.sum())} of {len(values)} scores lie outside the bands "
            f"{edges[0]:g} to {edges[-1]:g}: {values[outside][: _validate.SHOW].tolist()}"
        )
    which = np.clip(np.searchsorted(edges, values, side="left") - 1, 0, len(edges) - 2)
    deals = np.bincount(which, minlength=len(edges) - 1)
    wins = np.bincount(which, weights=outcome, minlength=len(edges) - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(deals > 0, wins / np.maximum(deals, 1), np.nan)
    z = _stats.critical_z(confidence)
    low, high = _stats.wilson(np.nan_to_num(rate), np.maximum(deals, 1), z)
    names = [f"{a:g}–{b:g}" for a, b in itertools.pairwise(edges)]
    return pd.DataFrame(
        {
            "deals": deals,
            "won": wins.astype(int),
            "win_rate": rate,
            "low": np.where(deals > 0, low, np.nan),
            "high": np.where(deals > 0, high, np.nan),
        },
        index=pd.Index(names, name="band"),
    )


@dataclass(frozen=True)
class Brier:
    """The result of :func:`brier`.

    Attributes
    ----------
    score : float
        Mean of (probability - outcome)², 0 (perfect) to 1 (always sure and always wrong).
    reference : float
        The score of always stating the overall win rate: ``base_rate × (1 - base_rate)``.
    skill : float
        ``1 - score / reference``: above 0, the stated probabilities beat that rule; NaN when
        every deal had the same outcome.
    base_rate : float
        The share of deals won.
    deals : int
        How many deals were scored.
    """

    score: float
    reference: float
    skill: float
    base_rate: float
    deals: int

    def __str__(self) -> str:
        return tr(
            "Brier score {s.score:.3f} over {s.deals} deals (always saying the win rate "
            "{s.base_rate:.0%} scores {s.reference:.3f}; skill {s.skill:+.2f})",
            s=self,
        )


def brier(probability: Any, won: Any) -> Brier:
    """How good stated win probabilities were: the Brier score (Brier 1950) and its skill.

    Parameters
    ----------
    probability : array-like
        The probability of winning stated for each deal before it closed, 0 to 1.
    won : array-like
        1 or True if won, 0 or False if lost.

    Returns
    -------
    Brier

    Examples
    --------
    By hand: stated 0.9, 0.7, 0.2, 0.5 for deals that were won, lost, lost, won; squared
    errors 0.01, 0.49, 0.04, 0.25, mean 0.1975. Half were won, so always saying 50% scores
    0.25, and the skill is 1 - 0.1975 / 0.25 = 0.21.

    >>> result = brier([0.9, 0.7, 0.2, 0.5], [1, 0, 0, 1])
    >>> round(result.score, 4), result.reference, round(result.skill, 2)
    (0.1975, 0.25, 0.21)
    """
    p = np.asarray(probability, dtype="float64")
    if p.ndim != 1 or len(p) == 0:
        raise ValueError(f"probability must be one value per deal, got shape {p.shape}")
    bad = ~((p >= 0) & (p <= 1))
    if bad.any():
        raise ValueError(
            f"probability must lie between 0 and 1 (write 70% as 0.7); {int(bad.sum())} of "
            f"{len(p)} do not: {p[bad][: _validate.SHOW].tolist()}"
        )
    outcome = _won(won, len(p))
    value = float(np.mean((p - outcome) ** 2))
    base = float(outcome.mean())
    reference = base * (1 - base)
    skill = 1 - value / reference if reference > 0 else np.nan
    return Brier(value, reference, skill, base, len(p))


def example_deals(deals: int = 80, seed: int = 20261216) -> pd.DataFrame:
    """Past deals of an invented sales team (teaching illustration, synthetic).

    Each deal has the :data:`CHECKLIST` answers as they stood a month before it closed, the win
    probability the salesperson stated then, and the outcome. Built in: the problem, the
    decider and confirmed money and timing raise the chance of winning most, the other items a
    little; the salespeople state probabilities about 15 points too high, as an optimistic team
    would.

    Returns
    -------
    pandas.DataFrame
        ``deal`` (P01...), one column per checklist item (0, 0.5 or 1), ``stated`` (0 to 1) and
        ``won`` (True/False).

    Examples
    --------
    >>> deals = example_deals()
    >>> len(deals), round(float(deals["won"].mean()), 2)
    (80, 0.42)
    """
    rng = np.random.default_rng(seed)
    items = list(CHECKLIST.index)
    answers = rng.choice([0.0, 0.5, 1.0], size=(deals, len(items)), p=[0.35, 0.3, 0.35])
    effect = np.array([2.0, 0.9, 0.9, 0.6, 0.3, 0.2, 0.4])  # per item, on the log-odds scale
    chance = 1 / (1 + np.exp(-(-2.9 + answers @ effect)))
    won = rng.random(deals) < chance
    stated = np.clip(np.round(chance + 0.15 + rng.normal(0, 0.1, deals), 1), 0.1, 0.9)
    frame = pd.DataFrame(answers, columns=items)
    frame.insert(0, "deal", [f"P{k + 1:02d}" for k in range(deals)])
    frame["stated"] = stated
    frame["won"] = won
    return frame
