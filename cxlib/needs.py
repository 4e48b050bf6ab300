"""Customer needs (客户需求): the needs evaluation table and ranking by urgency × importance.

Book chapter: ``book/needs.md``; workbook: ``notebooks/09_needs.ipynb``; pictures:
:mod:`cxlib.plots.needs`; worked example: :func:`example`
(``cxlib/data/needs_evaluation_table.csv``); blank printable table:
``book/templates/needs_evaluation_blank.csv``.

The course outline (004 客户分析) defines a customer need as a **problem** (问题, the essence) plus
the **customer's solution** (客户的解决方案, how the customer expresses it), and asks the analyst to
record each need in a **needs evaluation table** (客户需求评估表): the problem the customer raised,
its essence, the stakeholders, the customer's solution, the solution we propose, the final
solution and the customer's evaluation. The problems are then ranked on two judgements,
**urgency** (紧迫性) and **importance** (重要性), to find what the customer cares about most.

:func:`rank` scores each need as urgency × importance and places it in one of the four quadrants
of the urgent/important matrix that Covey (1989) popularised from a remark attributed to
Eisenhower (时间管理四象限): **do now** (立即做: urgent and important), **plan** (计划做: important,
not urgent), **delegate** (授权做: urgent, not important; hand it to a partner or solve it quickly)
and **drop** (不做: neither, for now).

References
----------
Covey, S. R. (1989). *The 7 Habits of Highly Effective People*. New York: Free Press (habit 3,
the time management matrix).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate

__all__ = ["COLUMNS", "QUADRANTS", "example", "quadrant_counts", "rank"]

#: The columns of the needs evaluation table (客户需求评估表), in the outline's order, with the
#: outline's Chinese headings; ``urgency`` and ``importance`` are the two ratings to rank by.
COLUMNS = {
    "need": "需求编号",
    "stakeholder": "利益相关方",
    "level": "层面（组织/个人）",
    "stated_problem": "客户提出的问题",
    "root_problem": "问题的本质",
    "customer_solution": "客户的解决方案",
    "our_solution": "我们引导的方案",
    "final_solution": "最终解决方案",
    "customer_evaluation": "客户对方案的评价",
    "urgency": "紧迫性",
    "importance": "重要性",
}
#: The four quadrants: (urgent?, important?) -> name, with the Chinese name and the action.
QUADRANTS = {
    (True, True): ("do now", "立即做", "urgent and important: act in this sales cycle"),
    (False, True): ("plan", "计划做", "important, not urgent: put it in the plan and the proposal"),
    (True, False): ("delegate", "授权做", "urgent, not important: a quick fix or a partner's job"),
    (False, False): ("drop", "不做", "neither: record it, do not spend on it now"),
}
_ORDER = ["do now", "plan", "delegate", "drop"]


def example() -> pd.DataFrame:
    """The worked needs evaluation table of the chapter (teaching illustration).

    An invented regional hotel group buying a guest-service system: eight needs from six
    people (chairman, finance director, IT director, front-office manager, procurement manager,
    general manager's assistant), with every column of :data:`COLUMNS`. No real company is
    described. Shipped with cxlib, so it loads without a checkout.

    Returns
    -------
    pandas.DataFrame
        One row per need, columns in the order of :data:`COLUMNS`.

    See Also
    --------
    rank : score, rank and quadrant of each need.
    book/needs.md : the chapter, where the table is printed.

    Examples
    --------
    >>> table = example()
    >>> len(table), list(table.columns) == list(COLUMNS)
    (8, True)
    >>> rank(table)["need"].head(3).tolist()
    ['N1', 'N2', 'N3']
    """
    path = resources.files("cxlib").joinpath("data", "needs_evaluation_table.csv")
    with path.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def _scale(scale: Any) -> tuple[float, float]:
    """Check ``scale`` is (low, high) with two finite numbers, low < high."""
    try:
        low, high = scale
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        raise TypeError(f"scale must be a pair (low, high) such as (1, 5), got {scale!r}") from None
    if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
        raise ValueError(
            f"scale must be (low, high) with low < high, both finite, got {scale!r}; "
            "for ratings from 1 to 5 pass scale=(1, 5)"
        )
    return low, high


def rank(
    table: pd.DataFrame,
    *,
    urgency: str = "urgency",
    importance: str = "importance",
    scale: tuple[float, float] = (1, 5),
    cut: float | None = None,
) -> pd.DataFrame:
    """Score, rank and place each need in the urgent/important matrix (紧迫性 × 重要性).

    The score is ``urgency × importance``; rank 1 is the highest score. Needs with equal scores
    **share a rank** (competition ranking: 1, 2, 2, 4), because the ratings cannot tell them
    apart; the returned rows are sorted by score, then importance, then urgency (both
    descending), then their order in ``table``, so that among equal scores the more important
    need is listed first. A need counts as urgent when its urgency is **above** ``cut`` and as
    important when its importance is above ``cut``; a rating equal to ``cut`` counts as not
    urgent (not important).

    Parameters
    ----------
    table : pandas.DataFrame
        The needs evaluation table, one row per need (see :data:`COLUMNS`); other columns are
        kept as they are.
    urgency, importance : str, default "urgency", "importance"
        The columns holding the two ratings (numbers on ``scale``; averages of several raters
        are accepted).
    scale : (float, float), default (1, 5)
        The lowest and highest rating allowed.
    cut : float, optional
        The line between low and high; defaults to the middle of ``scale`` (3 on a 1-5 scale,
        so 4 and 5 are high). It must lie within ``scale``.

    Returns
    -------
    pandas.DataFrame
        ``table``'s columns plus ``score``, ``rank`` (1 = first; ties share), ``urgent``,
        ``important`` (booleans), ``quadrant`` ("do now", "plan", "delegate", "drop") and
        ``quadrant_zh`` (立即做, 计划做, 授权做, 不做), sorted as described above (columns of
        ``table`` with these names are replaced). The index of ``table`` is kept, so rows can
        be matched back.

    Raises
    ------
    TypeError
        ``table`` is not a DataFrame, a rating column holds text or booleans, ``scale`` is not
        a pair of numbers.
    ValueError
        A column is missing, the table is empty, a rating is missing (the message says how to
        leave unrated needs out) or outside ``scale``,
        ``scale`` has low >= high, ``cut`` lies outside ``scale``.

    References
    ----------
    Covey, S. R. (1989). *The 7 Habits of Highly Effective People*. Free Press (the time
    management matrix of urgent and important activities).

    See Also
    --------
    cxlib.plots.needs.matrix : the needs drawn on the urgency × importance matrix.
    book/needs.md : the chapter (the needs evaluation table, with a worked example).

    Examples
    --------
    Four needs rated by hand on 1-5 (a hand-worked example): 5 × 4 = 20 ranks first; 2 × 5
    and 5 × 2 tie at 10 and share rank 2, the more important one listed first; 1 × 2 = 2 is
    last. With the cut at 3, "delay" is urgent and important (do now), "report" important only
    (plan), "noise" urgent only (delegate), "colour" neither (drop).

    >>> needs = pd.DataFrame({"need": ["delay", "noise", "report", "colour"],
    ...                       "urgency": [5, 5, 2, 1], "importance": [4, 2, 5, 2]})
    >>> rank(needs)[["need", "score", "rank", "quadrant"]]
         need  score  rank  quadrant
    0   delay     20     1    do now
    2  report     10     2      plan
    1   noise     10     2  delegate
    3  colour      2     4      drop
    >>> rank(needs.assign(urgency=[5, 6, 2, 1]))
    Traceback (most recent call last):
    ...
    ValueError: urgency must lie between 1 and 5; 1 of 4 rows do not: rows 1 (values 6)
    """
    _validate.columns(table, [urgency, importance], what="table")
    if len(table) == 0:
        raise ValueError("table is empty: add one row per need before ranking")
    low, high = _scale(scale)
    if cut is None:
        cut = (low + high) / 2
    elif isinstance(cut, (bool, np.bool_)) or not isinstance(cut, (int, float, np.number)):
        raise TypeError(f"cut must be a number within scale {scale!r}, got {cut!r}")
    elif not low <= cut <= high:
        raise ValueError(
            f"cut must lie within scale ({low:g} to {high:g}), got {cut!r}; "
            "leave it out to use the middle of the scale"
        )
    rated = {}
    for column in (urgency, importance):
        series = table[column].reset_index(drop=True).rename(column)
        missing = series.isna().to_numpy()
        if missing.any():
            rows = ", ".join(str(r) for r in table.index[missing][: _validate.SHOW])
            more = ", ..." if missing.sum() > _validate.SHOW else ""
            raise ValueError(
                f"{column} is missing in {int(missing.sum())} of {len(table)} rows "
                f"(rows {rows}{more}): rate every need before ranking, or leave the unrated "
                f"ones out with table.dropna(subset=[{urgency!r}, {importance!r}])"
            )
        rated[column] = _validate.answers(
            series, name=column, low=low, high=high, integer=False
        ).values.astype("float64")
    u, i = rated[urgency], rated[importance]
    score = u * i
    out = table.copy()
    whole = np.all(score == np.round(score))
    out["score"] = score.astype("int64") if whole else score
    out["rank"] = pd.Series(score).rank(method="min", ascending=False).astype("int64").to_numpy()
    out["urgent"] = u > cut
    out["important"] = i > cut
    names = np.select(
        [out["urgent"] & out["important"], out["important"], out["urgent"]],
        ["do now", "plan", "delegate"],
        default="drop",
    )
    out["quadrant"] = names
    out["quadrant_zh"] = (
        pd.Series(names).map({name: zh for name, zh, _ in QUADRANTS.values()}).to_numpy()
    )
    order = np.lexsort((np.arange(len(out)), -u, -i, -score))
    return out.iloc[order]


def quadrant_counts(ranked: pd.DataFrame) -> pd.Series:
    """How many needs fall in each quadrant, in the order do now, plan, delegate, drop.

    Parameters
    ----------
    ranked : pandas.DataFrame
        The output of :func:`rank`.

    Returns
    -------
    pandas.Series
        Counts indexed by quadrant name (zeros included).

    Examples
    --------
    >>> needs = pd.DataFrame({"urgency": [5, 5, 2], "importance": [4, 2, 5]})
    >>> quadrant_counts(rank(needs)).tolist()
    [1, 1, 1, 0]
    """
    _validate.columns(ranked, ["quadrant"], what="ranked")
    return ranked["quadrant"].value_counts().reindex(_ORDER, fill_value=0)
