"""Which quiz questions did the course change? Right answers per question, before and after.

The same learners answer each question before and after the course, so a question's answers are
matched pairs: what counts is how many went from wrong to right (``c``) against how many went
from right to wrong (``b``); learners right (or wrong) both times say nothing about a change.
McNemar's test compares ``b`` with ``c`` (McNemar 1947); its exact conditional form refers
``min(b, c)`` to a Binomial(b + c, 1/2) distribution (as in Fagerland, Lydersen & Laake 2013).
The score-level analysis (paired t, difference in differences) is :mod:`cxlib.training_effect`;
the Excel route is :mod:`cxlib.workbook_training` (its "Question results" sheet).

References
----------
McNemar, Q. (1947). Note on the sampling error of the difference between correlated proportions
or percentages. *Psychometrika*, 12(2), 153-157.
Fagerland, M. W., Lydersen, S. & Laake, P. (2013). The McNemar test for binary matched-pairs
data: mid-p and asymptotic are better than exact conditional. *BMC Medical Research
Methodology*, 13, 91.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxlib import _validate
from cxlib._stats import ADJUST_METHODS, adjust_p

__all__ = ["mcnemar_exact", "question_changes"]


def mcnemar_exact(right_to_wrong: Any, wrong_to_right: Any) -> np.ndarray | float:
    """McNemar's exact two-sided p-value from the two kinds of discordant pairs.

    Given ``b`` learners right before and wrong after and ``c`` wrong before and right after,
    under "no change" each of the ``b + c`` changes is equally likely either way, so
    ``p = min(1, 2 * P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)``; 1 when nobody
    changed. Works element-wise on arrays (one entry per question).

    References
    ----------
    McNemar (1947); Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91 (the exact
    conditional test; it is conservative: their mid-p version rejects a little more often).

    Examples
    --------
    Fagerland et al.'s (2013) example: 1 pair changed one way, 7 the other; the exact p-value
    is 2 * (1 + 8) / 2^8 = 0.0703.

    >>> round(mcnemar_exact(1, 7), 4)
    0.0703
    >>> mcnemar_exact([0, 5], [0, 5]).tolist()
    [1.0, 1.0]
    """
    b = np.asarray(right_to_wrong, dtype=float)
    c = np.asarray(wrong_to_right, dtype=float)
    if (b < 0).any() or (c < 0).any() or (b != np.round(b)).any() or (c != np.round(c)).any():
        raise ValueError("the counts of changed pairs must be whole numbers of at least 0")
    total = b + c
    p = np.where(total > 0, np.minimum(1.0, 2 * stats.binom.cdf(np.minimum(b, c), total, 0.5)), 1)
    return float(p) if p.ndim == 0 else p


def question_changes(
    before: pd.DataFrame, after: pd.DataFrame, *, adjust: str | None = None
) -> pd.DataFrame:
    """Per question: right answers before and after among the same learners, McNemar's test.

    Parameters
    ----------
    before, after : pandas.DataFrame
        One row per learner (the same learners, in the same order), one column per question,
        1 for right and 0 for wrong; NaN where a learner has no answer (that learner is left out
        of that question only).
    adjust : {"holm", "bh"}, optional
        Adjust the p-values for testing every question (:func:`cxlib._stats.adjust_p`): with ten
        questions, one p below 0.05 in ten is expected by chance alone.

    Returns
    -------
    pandas.DataFrame
        Indexed by question: ``pairs``, ``right_before``, ``right_after``, ``right_to_wrong``,
        ``wrong_to_right``, ``p_value`` (and ``p_adjusted`` with ``adjust``).

    Raises
    ------
    TypeError
        Not DataFrames.
    ValueError
        Different shapes or columns, or values other than 0, 1 and NaN (naming the question,
        the values and how many rows).

    Examples
    --------
    >>> before = pd.DataFrame({"Q1": [0, 0, 1, 0], "Q2": [1, 1, 1, 0]})
    >>> after = pd.DataFrame({"Q1": [1, 1, 1, 0], "Q2": [1, 0, 1, 1]})
    >>> question_changes(before, after)
        pairs  right_before  right_after  right_to_wrong  wrong_to_right  p_value
    Q1      4             1            3               0               2      0.5
    Q2      4             3            3               1               1      1.0
    """
    for name, frame in (("before", before), ("after", after)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a DataFrame (learners x questions), got {frame!r}")
    if before.shape != after.shape or list(before.columns) != list(after.columns):
        raise ValueError(
            f"before has shape {before.shape} and columns {list(before.columns)[:5]}, after "
            f"{after.shape} and {list(after.columns)[:5]}: give the same learners and questions"
        )
    if adjust is not None and adjust not in ADJUST_METHODS:
        raise ValueError(f"adjust must be one of {ADJUST_METHODS} or None, got {adjust!r}")
    values = {}
    for name, frame in (("before", before), ("after", after)):
        array = frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isin(array, (0.0, 1.0)) & ~(np.isnan(array) & frame.isna().to_numpy())
        if bad.any():
            column = frame.columns[np.flatnonzero(bad.any(axis=0))[0]]
            rows = np.flatnonzero(bad[:, frame.columns.get_loc(column)])
            shown = frame[column].iloc[rows[: _validate.SHOW]].tolist()
            raise ValueError(
                f"{name}[{column!r}] must hold 1 (right), 0 (wrong) or NaN; {len(rows)} rows do "
                f"not: rows {rows[: _validate.SHOW].tolist()} (values {shown})"
            )
        values[name] = array
    first, second = values["before"], values["after"]
    pair = ~np.isnan(first) & ~np.isnan(second)
    right_to_wrong = (pair & (first == 1) & (second == 0)).sum(axis=0)
    wrong_to_right = (pair & (first == 0) & (second == 1)).sum(axis=0)
    table = pd.DataFrame(
        {
            "pairs": pair.sum(axis=0),
            "right_before": (pair & (first == 1)).sum(axis=0),
            "right_after": (pair & (second == 1)).sum(axis=0),
            "right_to_wrong": right_to_wrong,
            "wrong_to_right": wrong_to_right,
            "p_value": mcnemar_exact(right_to_wrong, wrong_to_right),
        },
        index=before.columns,
    )
    if adjust is not None:
        table["p_adjusted"] = adjust_p(table["p_value"].to_numpy(), adjust)
    return table
