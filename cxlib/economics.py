"""Customer-system economics (客户系统经济学): total value = total benefit − total cost.

Book chapter: ``book/needs.md``; workbook: ``notebooks/09_needs.ipynb``; pictures:
:mod:`cxlib.plots.economics`.

The course outline (004 客户分析) asks the seller to look past the customer's one-off purchase
price at everything the customer gains and spends by buying: **总价值 = 总收益 − 总成本**
(total value = total benefit − total cost). :func:`total_value` does the bookkeeping, item by
item and, when the amounts are spread over years, with money discounted to today's value:
an amount :math:`C_t` paid or received in year :math:`t` is worth :math:`C_t / (1 + r)^t`
today at the discount rate :math:`r` (Brealey, Myers & Allen 2008, on present values), and the
payback period is the time until the cumulative (discounted) value turns non-negative (on
investment criteria: with :math:`r > 0` this is the *discounted* payback period).

References
----------
Brealey, R. A., Myers, S. C. & Allen, F. (2008). *Principles of Corporate Finance* (9th ed.).
McGraw-Hill/Irwin: the chapters on present values (the discount factor) and on investment
criteria (the payback period).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib.language import tr

__all__ = ["Economics", "total_value"]


@dataclass(frozen=True)
class Economics:
    """The result of :func:`total_value`.

    Attributes
    ----------
    total_benefit, total_cost, total_value : float
        Sums over items and years, in today's money when ``discount_rate > 0``;
        ``total_value = total_benefit - total_cost``.
    payback : float or None
        Years until the cumulative value first reaches zero or more, interpolated within the
        year on which it turns (amounts spread evenly over that year); 0 if it is never
        negative; None if it never pays back within the years given.
    discount_rate : float
        The rate used (0 = no discounting).
    items : pandas.DataFrame
        One row per item: ``item``, ``kind`` ("benefit" or "cost"), ``amount`` (undiscounted
        sum) and ``present_value`` (discounted sum), benefits first, in the order given.
    years : pandas.DataFrame
        One row per year 0, 1, …: ``benefit``, ``cost``, ``net``, ``discount_factor``,
        ``present_value`` (of the net) and ``cumulative`` (running sum of present values).
    """

    total_benefit: float
    total_cost: float
    total_value: float
    payback: float | None
    discount_rate: float
    items: pd.DataFrame
    years: pd.DataFrame

    def __str__(self) -> str:
        money = tr("today's money") if self.discount_rate > 0 else tr("undiscounted")
        payback = (
            tr("does not pay back within the years given")
            if self.payback is None
            else tr("pays back after {s.payback:.2f} years", s=self)
        )
        last = len(self.years) - 1
        span = tr("years 0 to {last}", last=last) if last else tr("year 0 only")
        return tr(
            "total value {s.total_value:,.1f} = benefit {s.total_benefit:,.1f} - cost "
            "{s.total_cost:,.1f} ({money}, {span}, discount rate {s.discount_rate:.1%}); {payback}",
            s=self,
            money=money,
            span=span,
            payback=payback,
        )


def _amounts(items: Any, kind: str) -> dict[str, np.ndarray]:
    """Turn {item: amount or [amount per year]} (or a Series/DataFrame) into arrays."""
    if isinstance(items, pd.DataFrame):
        items = {str(k): row.to_numpy() for k, row in items.iterrows()}
    elif isinstance(items, pd.Series):
        items = {str(k): v for k, v in items.items()}
    if not isinstance(items, Mapping):
        raise TypeError(
            f"{kind} must be a dict {{item: amount}} or {{item: [amount in year 0, 1, ...]}}, "
            f"a pandas Series or a DataFrame (rows = items, columns = years); "
            f"got {type(items).__name__}"
        )
    out = {}
    for item, amount in items.items():
        name = f"{kind}[{item!r}]"
        values = [amount] if np.ndim(amount) == 0 else amount
        try:
            clean = _validate.answers(values, name=name, low=0, high=np.inf, integer=False)
        except ValueError as error:
            if "must lie between" not in str(error):
                raise
            raise ValueError(
                f"{error}; amounts must be non-negative: enter a saving as a benefit and a "
                "payment as a cost"
            ) from None
        out[str(item)] = clean.values.astype("float64")
    return out


def total_value(
    benefits: Any,
    costs: Any,
    *,
    discount_rate: float = 0.0,
) -> Economics:
    """Total value to the customer: total benefit − total cost, item by item, year by year.

    Each item is a one-off amount (a number, counted in year 0, i.e. now) or a list of amounts
    for year 0, 1, 2, … (year 0 is now; year *t* is *t* years from now). All items given as
    lists must cover the same number of years. Amounts are non-negative: a saving is a
    benefit, a payment is a cost.

    With ``discount_rate`` :math:`r > 0`, an amount :math:`C_t` in year :math:`t` counts as
    its present value :math:`C_t / (1 + r)^t` (Brealey, Myers & Allen 2008), so the totals are
    in today's money; the default 0 adds the amounts as they are.

    Parameters
    ----------
    benefits, costs : dict, pandas.Series or pandas.DataFrame
        ``{item: amount}`` or ``{item: [amount in year 0, 1, ...]}``; a Series (index =
        items) or a DataFrame (rows = items, columns = years) also works.
    discount_rate : float, default 0.0
        The yearly rate in [0, 1) at which later money is worth less (e.g. 0.08 for 8%).

    Returns
    -------
    Economics
        Totals, payback period, and tables by item and by year.

    Raises
    ------
    TypeError
        Items not given as a dict, Series or DataFrame; an amount that is text or boolean;
        a discount rate that is not a number.
    ValueError
        No items at all, a negative, missing or infinite amount, items covering different
        numbers of years, a discount rate outside [0, 1).

    References
    ----------
    Brealey, R. A., Myers, S. C. & Allen, F. (2008). *Principles of Corporate Finance*
    (9th ed.). McGraw-Hill/Irwin: the discount factor :math:`1/(1+r)^t` (present values) and
    the (discounted) payback period (investment criteria).

    See Also
    --------
    cxlib.plots.economics.waterfall : the items as a waterfall from benefits to total value.
    book/needs.md : the chapter (customer-system economics, 客户系统经济学).

    Examples
    --------
    A hand-worked example. A system costs 100 now and 10 a year to maintain; it saves the
    customer 60 a year for three years. Undiscounted: benefit 180, cost 130, value 50; the net
    flows are -100, +50, +50, +50, so the cumulative value is -100, -50, 0: it pays back
    after exactly 2 years.

    >>> result = total_value({"saved staff time": [0, 60, 60, 60]},
    ...                      {"system": 100, "maintenance": [0, 10, 10, 10]})
    >>> print(result)  # doctest: +NORMALIZE_WHITESPACE
    total value 50.0 = benefit 180.0 - cost 130.0 (undiscounted, years 0 to 3,
    discount rate 0.0%); pays back after 2.00 years

    At 10% a year the discount factors are 1, 1/1.1 = 0.9091, 1/1.21 = 0.8264 and
    1/1.331 = 0.7513 (sum over years 1-3: 2.4869). Benefit 60 × 2.4869 = 149.21; cost
    100 + 10 × 2.4869 = 124.87; value 24.34. The cumulative present value is -100, -54.55,
    -13.22, +24.34: it turns positive in year 3, 13.22 / 37.57 = 0.35 of the way through.

    >>> result = total_value({"saved staff time": [0, 60, 60, 60]},
    ...                      {"system": 100, "maintenance": [0, 10, 10, 10]},
    ...                      discount_rate=0.10)
    >>> round(result.total_benefit, 2), round(result.total_cost, 2), round(result.total_value, 2)
    (149.21, 124.87, 24.34)
    >>> round(result.payback, 2)
    2.35
    >>> result.items
                   item     kind  amount  present_value
    0  saved staff time  benefit   180.0     149.211119
    1            system     cost   100.0     100.000000
    2       maintenance     cost    30.0      24.868520
    """
    if isinstance(discount_rate, (bool, np.bool_)) or not isinstance(
        discount_rate, (int, float, np.number)
    ):
        raise TypeError(f"discount_rate must be a number such as 0.08, got {discount_rate!r}")
    if not 0 <= discount_rate < 1:
        raise ValueError(
            f"discount_rate must lie in [0, 1), got {discount_rate!r}; write 8% as 0.08"
        )
    gains, spend = _amounts(benefits, "benefits"), _amounts(costs, "costs")
    if not gains and not spend:
        raise ValueError("benefits and costs are both empty: list at least one item")
    lengths = {
        f"{kind}[{item!r}]": len(v)
        for kind, group in (("benefits", gains), ("costs", spend))
        for item, v in group.items()
        if len(v) > 1
    }
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(
            f"items cover different numbers of years ({listed}); give every yearly item the "
            "same years, with 0 where there is no amount"
        )
    n_years = max(lengths.values(), default=1)

    def grid(group: dict[str, np.ndarray]) -> np.ndarray:
        rows = np.zeros((len(group), n_years))
        for k, v in enumerate(group.values()):
            rows[k, : len(v)] = v
        return rows

    factor = (1.0 + discount_rate) ** -np.arange(n_years)
    benefit_rows, cost_rows = grid(gains), grid(spend)
    items = pd.DataFrame(
        {
            "item": [*gains, *spend],
            "kind": ["benefit"] * len(gains) + ["cost"] * len(spend),
            "amount": np.concatenate([benefit_rows.sum(axis=1), cost_rows.sum(axis=1)]),
            "present_value": np.concatenate([benefit_rows @ factor, cost_rows @ factor]),
        }
    )
    benefit_by_year, cost_by_year = benefit_rows.sum(axis=0), cost_rows.sum(axis=0)
    net = benefit_by_year - cost_by_year
    present = net * factor
    cumulative = np.cumsum(present)
    years = pd.DataFrame(
        {
            "benefit": benefit_by_year,
            "cost": cost_by_year,
            "net": net,
            "discount_factor": factor,
            "present_value": present,
            "cumulative": cumulative,
        },
        index=pd.RangeIndex(n_years, name="year"),
    )
    total_benefit = float(benefit_by_year @ factor)
    total_cost = float(cost_by_year @ factor)
    return Economics(
        total_benefit=total_benefit,
        total_cost=total_cost,
        total_value=total_benefit - total_cost,
        payback=_payback(cumulative, present),
        discount_rate=float(discount_rate),
        items=items,
        years=years,
    )


def _payback(cumulative: np.ndarray, present: np.ndarray) -> float | None:
    """Years until the cumulative value is first >= 0 for good, interpolated within the year.

    The value must stay non-negative from then on: a later dip below zero (a big cost in a
    later year) moves the payback to the last time it turns.
    """
    negative = np.flatnonzero(cumulative < 0)
    if negative.size == 0:
        return 0.0
    last = negative[-1]
    if last == len(cumulative) - 1:
        return None
    turn = last + 1  # the year in which the cumulative value turns non-negative
    return float(last + (-cumulative[last]) / present[turn])
