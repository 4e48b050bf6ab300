"""Customers over time: cohort retention (客户保留率), repeat purchase (重复购买率), the sBG model,
lifetime value (客户终身价值) and RFM segments.

- :func:`cohorts`: customers grouped by the period of their first order (a cohort, 同期群), and
  how many of each cohort order again in each later period.
- :func:`repeat_rate`: the share of customers who buy again within a horizon of their first
  order, with a continuity-corrected Wilson interval (:func:`cxlib._stats.proportion_interval`);
  customers too recent to have had the whole horizon are left out and counted.
- :func:`fit_sbg`, :func:`project`, :func:`lifetime_value`: the shifted-beta-geometric model of
  Fader & Hardie (2007) for contracts renewed period by period (a paid membership), and the
  lifetime value it implies (Fader & Hardie 2010).
- :func:`rfm`: recency, frequency and monetary quintile scores with named segments.
- :func:`repeat_summary`, :func:`fit_bgnbd`, :func:`expected_repeat`, :func:`conditional_repeat`,
  :func:`p_alive`, :func:`expected_frequencies`: the BG/NBD model of Fader, Hardie & Lee (2005)
  for customers who buy again without a contract (a hotel guest, a shop customer), whose leaving
  nobody sees; :func:`fit_spend`, :func:`expected_spend` and :func:`repeat_value`: what they
  spend (the gamma-gamma model, Fader, Hardie & Lee 2005b) and are worth over a horizon.

Orders may come in any order; dates may be datetime64 (with one time zone or none) or text.
Future dates (after ``now``), negative amounts, customers without orders, missing or unreadable
dates and mixed time zones are refused with a message naming the rows.

Book chapter: ``book/customers.md``; workbook ``notebooks/08_customers.ipynb``; pictures:
:mod:`cxlib.plots.retention`.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing*, 21(1), 76-90.
Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85-93.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV: using iso-value curves for
customer base analysis. *Journal of Marketing Research*, 42(4), 415-430.
Wilson, E. B. (1927). *Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _durations, _orders
from cxlib._bgnbd import (
    BGNBDFit,
    conditional_repeat,
    expected_frequencies,
    expected_repeat,
    fit_bgnbd,
    p_alive,
)
from cxlib._buyers import repeat_summary
from cxlib._rfm import RFM, SEGMENTS, rfm
from cxlib._sbg import LifetimeValue, SBGFit, fit_sbg, lifetime_value, project
from cxlib._spend import RepeatValue, SpendFit, expected_spend, fit_spend, repeat_value
from cxlib._stats import critical_z, proportion_interval
from cxlib.language import tr

__all__ = [
    "RFM",
    "SEGMENTS",
    "BGNBDFit",
    "Cohorts",
    "LifetimeValue",
    "RepeatRate",
    "RepeatValue",
    "SBGFit",
    "SpendFit",
    "cohorts",
    "conditional_repeat",
    "expected_frequencies",
    "expected_repeat",
    "expected_spend",
    "fit_bgnbd",
    "fit_sbg",
    "fit_spend",
    "lifetime_value",
    "p_alive",
    "project",
    "repeat_rate",
    "repeat_summary",
    "repeat_value",
    "rfm",
]

_BITMAP_LIMIT = 100_000_000  # customer x period cells (bytes) up to which a bitmap replaces a sort


@dataclass(frozen=True)
class Cohorts:
    """A cohort table: rows are cohorts (period of first order), columns periods since then.

    Attributes
    ----------
    active : pandas.DataFrame
        Customers of the cohort with at least one order in that period (column 0 is the cohort's
        size); NaN where the period has not been observed yet.
    rate : pandas.DataFrame
        ``active`` divided by the cohort's size: the retention rate (客户保留率) by age.
    low, high : pandas.DataFrame
        Wilson interval (with continuity correction) of each rate.
    size : pandas.Series
        Customers per cohort.
    period : str
        "D", "W", "M", "Q" or "Y".
    confidence : float
    """

    active: pd.DataFrame
    rate: pd.DataFrame
    low: pd.DataFrame
    high: pd.DataFrame
    size: pd.Series
    period: str
    confidence: float

    def curve(self) -> pd.DataFrame:
        """All cohorts pooled: the share active at each age among cohorts observed that long.

        Examples
        --------
        >>> orders = pd.DataFrame({"c": [1, 1, 2, 3], "t": pd.to_datetime(
        ...     ["2025-01-05", "2025-02-01", "2025-01-20", "2025-02-03"])})
        >>> cohorts(orders, customer="c", time="t").curve()["rate"].tolist()
        [1.0, 0.5]
        """
        observed = self.active.notna()
        active = self.active.where(observed, 0).sum()
        base = observed.mul(self.size, axis=0).sum()
        rate = active / base
        low, high = proportion_interval(
            rate.to_numpy(), base.to_numpy(), critical_z(self.confidence)
        )
        return pd.DataFrame(
            {
                "active": active.astype(int),
                "customers": base.astype(int),
                "rate": rate,
                "low": low,
                "high": high,
            }
        ).rename_axis("age")


def cohorts(
    orders: pd.DataFrame,
    *,
    customer: str,
    time: str,
    period: str = "M",
    now: Any = None,
    confidence: float = 0.95,
) -> Cohorts:
    """Cohort × period table of active customers and retention rates.

    A customer's cohort is the period of their first order; at age ``k`` they are active if they
    ordered in the ``k``-th period after it (several orders in one period count once). Periods
    after the last observed one (``now``, or the last order) are NaN, not 0: nobody could have
    ordered yet.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, any order.
    customer, time : str
        Columns: customer identifier and order date.
    period : {"M", "Q", "Y", "W", "D"}
        Length of a period (month by default; weeks run Monday to Sunday).
    now : date, optional
        End of observation; orders after it are an error.
    confidence : float, default 0.95

    Returns
    -------
    Cohorts

    Raises
    ------
    TypeError, ValueError
        Missing columns or customers, bad dates (missing, unreadable, mixed zones, after
        ``now``), an unknown period.

    References
    ----------
    Wilson (1927) for the intervals; Fader & Hardie (2007) on why retention rates rise with age.

    See Also
    --------
    Chapter ``book/customers.md``; :func:`cxlib.plots.retention.heatmap`.

    Examples
    --------
    Hand-worked: customer 1 orders in January and March, customer 2 in January, customer 3 first
    in February. The January cohort has 2 customers, 0 active in February, 1 in March.

    >>> orders = pd.DataFrame({"c": [1, 1, 2, 3], "t": pd.to_datetime(
    ...     ["2025-01-05", "2025-03-01", "2025-01-20", "2025-02-03"])})
    >>> table = cohorts(orders, customer="c", time="t")
    >>> table.active
    age        0    1    2
    cohort
    2025-01  2.0  0.0  1.0
    2025-02  1.0  0.0  NaN
    """
    coded = _orders.read(orders, customer, time, now=now)
    index = _orders.period_index(coded.when, period)
    n = len(coded.customers)
    cohort = _orders.per_customer_min(coded.codes, index, n)
    first = int(cohort.min())
    last = int(index.max())
    if coded.now is not None:
        last = int(_orders.period_index(np.array([coded.now]), period)[0])
    ages = last - first + 1
    # Recode customers in cohort order, so that each cohort is one block of rows of a
    # customer x age presence table: distinct customers per cell are then block sums.
    rank = np.argsort(cohort, kind="stable")
    recode = np.empty(n, dtype=np.int64)
    recode[rank] = np.arange(n)
    sizes = np.bincount(cohort - first, minlength=ages)
    if n * ages <= _BITMAP_LIMIT:
        seen = np.zeros((n, ages), dtype=np.uint8)
        seen[recode[coded.codes], index - cohort[coded.codes]] = 1
        ends = np.cumsum(sizes)
        counts = np.zeros((ages, ages))
        for row in np.flatnonzero(sizes):  # one block sum per cohort (period), not per customer
            counts[row] = seen[ends[row] - sizes[row] : ends[row]].sum(axis=0, dtype=np.int64)
    else:
        key = np.unique(recode[coded.codes] * ages + index - cohort[coded.codes])
        who, when = np.searchsorted(np.cumsum(sizes), key // ages, side="right"), key % ages
        counts = np.bincount(who * ages + when, minlength=ages * ages).reshape(ages, ages)
        counts = counts.astype(float)
    rows = np.arange(ages)
    counts[rows[:, None] + rows[None, :] > last - first] = np.nan
    labels = _orders.period_labels(np.arange(first, last + 1), period)
    keep = np.nan_to_num(counts[:, 0]) > 0
    active = pd.DataFrame(counts[keep], index=labels[keep], columns=rows)
    active = active.rename_axis(index="cohort", columns="age")
    size = active[0].astype(int)
    rate = active.div(size, axis=0)
    z = critical_z(confidence)
    low, high = proportion_interval(rate.to_numpy(), size.to_numpy()[:, None], z)
    low = pd.DataFrame(np.where(rate.isna(), np.nan, low), index=rate.index, columns=rate.columns)
    high = pd.DataFrame(np.where(rate.isna(), np.nan, high), index=rate.index, columns=rate.columns)
    return Cohorts(active, rate, low, high, size, period, confidence)


@dataclass(frozen=True)
class RepeatRate:
    """The share of customers who bought again within a horizon of their first order.

    Attributes
    ----------
    rate : float
        ``repeaters / customers``.
    ci : tuple of float
        Wilson interval with continuity correction.
    repeaters, customers : int
        Customers with a second order within the horizon; customers observed for the whole
        horizon after their first order.
    too_recent : int
        Customers left out because their first order is less than the horizon before the end.
    within : pandas.Timedelta
        The horizon.
    confidence : float
    """

    rate: float
    ci: tuple[float, float]
    repeaters: int
    customers: int
    too_recent: int
    within: pd.Timedelta
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Repeat rate {s.rate:.1%} ({s.confidence:.0%} CI {low:.1%} to {high:.1%}): "
            "{s.repeaters:,} of {s.customers:,} customers bought again within {s.within.days} "
            "days of their first order ({s.too_recent:,} too recent to tell, left out)",
            s=self,
            low=low,
            high=high,
        )


def repeat_rate(
    orders: pd.DataFrame,
    *,
    customer: str,
    time: str,
    within: Any = "365D",
    now: Any = None,
    by: str | None = None,
    confidence: float = 0.95,
) -> RepeatRate | pd.DataFrame:
    """Share of customers who buy again within ``within`` of their first order (重复购买率).

    A repeat is any later order (strictly after the first one's time) no more than ``within``
    after it. Only customers whose first order lies at least ``within`` before the end of
    observation (``now``, or the last order) are counted: for newer ones we cannot know yet, and
    counting them as non-repeaters would bias the rate down. Wilson's interval with continuity
    correction (Newcombe 1998, method 4).

    Parameters
    ----------
    orders : pandas.DataFrame
    customer, time : str
    within : str or Timedelta, default "365D"
        With its unit (``"365D"``, ``"52W"``); a bare number is refused
        (:func:`cxlib._durations.duration`).
    now : date, optional
        End of observation; orders after it are an error.
    by : str, optional
        A column constant within each customer (e.g. acquisition channel): one row per group.
    confidence : float, default 0.95

    Returns
    -------
    RepeatRate, or a DataFrame with one row per group when ``by`` is given (columns
    ``customers, repeaters, rate, low, high, too_recent``).

    Raises
    ------
    TypeError, ValueError
        As :func:`cohorts`; a horizon that is not a positive duration; no customer observed for
        the whole horizon; a ``by`` column that varies within a customer.

    References
    ----------
    Wilson (1927).

    See Also
    --------
    Chapter ``book/customers.md``.

    Examples
    --------
    Customer 1 returns after 40 days, customer 2 after 400, customer 3 never, customer 4 is too
    recent (first order 10 days before the end): 1 repeater of 3.

    >>> orders = pd.DataFrame({"c": [1, 1, 2, 2, 3, 4], "t": pd.to_datetime(
    ...     ["2024-01-01", "2024-02-10", "2024-01-01", "2025-02-04", "2024-03-01",
    ...      "2025-03-01"])})
    >>> print(repeat_rate(orders, customer="c", time="t", now="2025-03-11"))
    Repeat rate 33.3% (95% CI 1.8% to 87.5%): 1 of 3 customers bought again within 365 days
    of their first order (1 too recent to tell, left out)
    """
    horizon = _durations.duration(within, "within")  # a unit is required: 365 is not a day
    coded = _orders.read(orders, customer, time, now=now)
    n = len(coded.customers)
    first = _orders.per_customer_min(coded.codes, coded.when, n)
    later = coded.when > first[coded.codes]
    second = _orders.per_customer_min(coded.codes[later], coded.when[later], n)
    end = coded.now if coded.now is not None else int(coded.when.max())
    span = horizon.value
    observed = first + span <= end
    has_second = second != np.iinfo(np.int64).max
    repeated = observed & has_second & (second - np.minimum(first, second) <= span)
    z = critical_z(confidence)
    if by is None:
        customers, repeaters = int(observed.sum()), int(repeated.sum())
        if customers == 0:
            raise ValueError(
                f"no customer's first order is {horizon.days} days before the end of the data; "
                "use a shorter horizon or a later now="
            )
        rate = repeaters / customers
        low, high = proportion_interval(rate, customers, z)
        return RepeatRate(
            rate,
            (float(low), float(high)),
            repeaters,
            customers,
            n - customers,
            horizon,
            confidence,
        )
    group = _per_customer(orders[by], coded, by)
    table = pd.DataFrame({"group": group, "observed": observed, "repeated": repeated})
    counts = table.groupby("group", observed=True, sort=True).agg(
        customers=("observed", "sum"), repeaters=("repeated", "sum"), all=("observed", "size")
    )
    rate = counts["repeaters"] / counts["customers"]
    low, high = proportion_interval(rate.to_numpy(), counts["customers"].to_numpy(), z)
    return pd.DataFrame(
        {
            "customers": counts["customers"],
            "repeaters": counts["repeaters"],
            "rate": rate,
            "low": low,
            "high": high,
            "too_recent": counts["all"] - counts["customers"],
        }
    ).rename_axis(by)


def _per_customer(values: pd.Series, coded: _orders.Orders, column: str) -> pd.Series:
    """One value per customer of a column that must be constant within each customer."""
    labels, uniques = pd.factorize(values)
    n = len(coded.customers)
    low = _orders.per_customer_min(coded.codes, labels, n)
    high = _orders.per_customer_max(coded.codes, labels, n)
    if (low != high).any():
        bad = coded.customers[low != high]
        raise ValueError(
            f"{column} must be constant within a customer; {len(bad)} customers have several "
            f"values (e.g. {', '.join(map(str, bad[:5]))})"
        )
    if (low < 0).any():
        raise ValueError(f"{column} is missing for {int((low < 0).sum())} customers")
    categories = values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else None
    out = pd.Series(np.asarray(uniques)[low], index=coded.customers)
    if categories is not None:
        out = out.astype(pd.CategoricalDtype(categories, ordered=values.cat.ordered))
    return out
