"""RFM scores and segments (RFM 客户细分): recency, frequency and monetary value of each customer.

Public through :mod:`cxlib.retention` (``retention.rfm``, ``retention.SEGMENTS``).

RFM is a practitioners' tool from direct marketing (Hughes 1994); its segment names and cut-offs
are conventions, not validated categories. Its three numbers are, however, the inputs of the
probability models of customer value (Fader, Hardie & Lee 2005).

References
----------
Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
customer base analysis. *Journal of Marketing Research*, 42(4), 415-430.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _orders

__all__ = ["RFM", "SEGMENTS", "rfm"]

#: The named segments, in the order their rules are tried (first match wins). R is the recency
#: score, FM the mean of the frequency and monetary scores (1 worst, 5 best).
SEGMENTS = pd.DataFrame(
    [
        ("champions", "冠军客户", "R >= 4 and FM >= 4", "reward them; ask for reviews, referrals"),
        ("loyal", "忠诚客户", "R >= 3 and FM >= 3", "keep them close: member perks, early access"),
        ("new", "新客户", "R >= 4 and one order", "welcome them; make the second stay easy"),
        ("promising", "潜力客户", "R >= 4", "build the habit: a reason to come back soon"),
        ("at_risk", "流失风险客户", "R <= 2 and FM >= 3", "win them back personally, soon"),
        ("hibernating", "沉睡客户", "R <= 2", "a low-cost reminder; do not overspend"),
        ("need_attention", "需要关注", "everyone else (R = 3, FM < 3)", "find out why they slowed"),
    ],
    columns=["segment", "segment_zh", "rule", "action"],
).set_index("segment")


@dataclass(frozen=True)
class RFM:
    """RFM scores per customer and a profile per segment.

    Attributes
    ----------
    customers : pandas.DataFrame
        One row per customer: ``recency_days, frequency, monetary, r, f, m, segment``.
    profile : pandas.DataFrame
        One row per segment (all of :data:`SEGMENTS`, empty ones with 0 customers):
        ``customers, share, recency_days, frequency, monetary`` (means) and ``revenue_share``.
    now : pandas.Timestamp
    """

    customers: pd.DataFrame
    profile: pd.DataFrame
    now: pd.Timestamp


def _scores(values: np.ndarray, bins: int) -> np.ndarray:
    """1..bins by rank, worst to best; tied values share the score of their first position."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first_position = np.maximum.accumulate(np.where(starts, np.arange(len(values)), 0))
    scores = np.empty(len(values), dtype=np.int8)
    scores[order] = 1 + (bins * first_position) // len(values)
    return scores


def rfm(
    orders: pd.DataFrame,
    *,
    customer: str,
    time: str,
    amount: str,
    now: Any,
    bins: int = 5,
) -> RFM:
    """Recency, frequency and monetary quintile scores, named segments and a segment profile.

    Recency is whole days from the last order to ``now`` (fewer is better), frequency the number
    of orders, monetary the total amount. Each becomes a score from 1 (worst fifth) to 5 (best
    fifth) by rank. **Ties:** customers with the same value always get the same score, the score
    of the first position their tie occupies when ranked from worst to best. So when many
    customers share a value (most bought once) they all get the lowest score that covers them,
    and the scores are not equal fifths (some may be empty). Segments follow :data:`SEGMENTS`,
    tried in order, on R and FM (the mean of F and M).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, any order.
    customer, time, amount : str
        Columns: customer identifier, order date, order amount (non-negative).
    now : date
        The day the analysis looks back from; no order may be later.
    bins : int, default 5
        Number of score levels (5: quintiles).

    Returns
    -------
    RFM

    Raises
    ------
    TypeError, ValueError
        Missing columns or customers; dates missing, unreadable, in mixed zones or after
        ``now``; negative, missing or non-numeric amounts; customers without orders.

    References
    ----------
    Hughes (1994); Fader, Hardie & Lee (2005).

    See Also
    --------
    Chapter ``book/customers.md``; :func:`cxlib.plots.retention.segments`.

    Examples
    --------
    Hand-worked with 5 customers and ``bins=5``: each customer is one fifth, so ranks are scores.
    Customers 1 and 2 both ordered once: they tie on frequency and both score 1 (the score of
    position 1 of 5). On money, customers 2 and 4 tie at 300 yuan and both score 2.

    >>> orders = pd.DataFrame({
    ...     "c": [1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5],
    ...     "t": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-03-01", "2025-11-20",
    ...                          "2025-02-01", "2025-05-01", "2025-12-01", "2025-09-01",
    ...                          "2025-10-01", "2025-11-01", "2025-12-20"]),
    ...     "yuan": [100, 300, 200, 200, 100, 100, 100, 500, 500, 500, 500]})
    >>> result = rfm(orders, customer="c", time="t", amount="yuan", now="2025-12-31")
    >>> result.customers[["recency_days", "frequency", "r", "f", "m", "segment"]]
       recency_days  frequency  r  f  m      segment
    c
    1           364          1  1  1  1  hibernating
    2           213          1  2  1  2  hibernating
    3            41          2  3  3  4        loyal
    4            30          3  4  4  2        loyal
    5            11          4  5  5  5    champions
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 10:
        raise ValueError(f"bins must be a whole number from 2 to 10, got {bins!r}")
    coded = _orders.read(orders, customer, time, amount, now, need_now=True)
    n = len(coded.customers)
    last = _orders.per_customer_max(coded.codes, coded.when, n)
    recency = (coded.now - last) // _orders.DAY
    frequency = np.bincount(coded.codes, minlength=n)
    monetary = np.bincount(coded.codes, weights=coded.amount, minlength=n)
    r = _scores(-recency, bins)
    f = _scores(frequency, bins)
    m = _scores(monetary, bins)
    top, middle, low = bins - 1, (bins + 1) / 2, bins * 2 / 5
    fm = (f + m) / 2
    rules = [
        (r >= top) & (fm >= top),
        (r >= middle) & (fm >= middle),
        (r >= top) & (frequency == 1),
        r >= top,
        (r <= low) & (fm >= middle),
        r <= low,
    ]
    code = np.select(rules, np.arange(len(rules)), default=len(rules))
    segment = pd.Categorical.from_codes(code, SEGMENTS.index)
    customers = pd.DataFrame(
        {
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
            "r": r,
            "f": f,
            "m": m,
            "segment": segment,
        },
        index=coded.customers.rename(customer),
    )
    size = np.bincount(code, minlength=len(SEGMENTS))
    with np.errstate(invalid="ignore", divide="ignore"):
        profile = pd.DataFrame(
            {
                "segment_zh": SEGMENTS["segment_zh"],
                "customers": size,
                "share": size / n,
                "recency_days": np.bincount(code, recency, len(SEGMENTS)) / size,
                "frequency": np.bincount(code, frequency, len(SEGMENTS)) / size,
                "monetary": np.bincount(code, monetary, len(SEGMENTS)) / size,
                "revenue_share": np.bincount(code, monetary, len(SEGMENTS)) / monetary.sum(),
                "action": SEGMENTS["action"],
            },
            index=SEGMENTS.index,
        )
    stamp = pd.Timestamp(now)
    return RFM(customers, profile, stamp)
