"""Sharing and referrals (转发与推荐): who shares, what a share brings in, with intervals.

A promoter's score is an intention; a referral is behaviour. Kumar, Petersen and Leone (2007)
followed customers of a telecoms company and a financial-services firm: 81% and 68% said they
intended to recommend, 30% and 33% actually did, and only 12% and 14% of the people referred
became customers. This module measures the behaviour, each number with its uncertainty:

- :func:`referral_rate`: the share of customers who did something (shared, referred a friend
  who booked), with the interval of a proportion;
- :func:`visits_per_share`: what a share brings in (visits, or bookings, per share), a rate
  with the exact Poisson interval of Garwood (1936), or, from per-share counts, a quasi-Poisson
  interval that widens when a few shares bring most of the visits (McCullagh & Nelder 1989);
  it and :class:`ShareYield` live in :mod:`cxlib._share_yield` (a rate per share, not a
  share of customers) and are re-exported here;
- :func:`by_type`: the same share for promoters, passives and detractors: do promoters refer
  more, and how many of them refer at all?
- :func:`compare_rates`: two groups (a referral reward against none), the difference of the two
  shares with Newcombe's interval (:func:`cxlib.funnel.difference`).

Book chapters: ``book/sharing.md`` (measuring sharing) and ``book/nps.md`` (the outline's claims
weighed); workbook ``notebooks/14_nps_programme.ipynb``; data ``referral_campaign`` and
``survey_invitations`` (synthetic).

References
----------
Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika*, 28(3/4),
437-442.
Kumar, V., Petersen, J. A. & Leone, R. P. (2007). How valuable is word of mouth? *Harvard
Business Review*, 85(10), 139-146.
McCullagh, P. & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman & Hall,
section 6.2 (quasi-likelihood for over-dispersed counts).
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._share_yield import METHODS as METHODS  # moved there; still importable from here
from cxlib._share_yield import ShareYield, _count, visits_per_share
from cxlib._stats import critical_z, wilson
from cxlib.language import tr

__all__ = ["Rate", "ShareYield", "by_type", "compare_rates", "referral_rate", "visits_per_share"]


@dataclass(frozen=True)
class Rate:
    """A share of customers with its interval (a proportion, between 0 and 1).

    Attributes
    ----------
    count, n : int
        How many did it, out of how many.
    rate : float
        ``count / n``.
    ci : tuple of float
        The interval of ``rate`` (Wilson's score interval).
    confidence : float
        The interval's level.
    """

    count: int
    n: int
    rate: float
    ci: tuple[float, float]
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "{s.rate:.1%} ({s.confidence:.0%} CI {low:.1%} to {high:.1%}): {s.count} of {s.n:,}",
            s=self,
            low=low,
            high=high,
        )


def _flags(values: Any, name: str) -> np.ndarray:
    """One yes/no per customer: booleans, or 0 and 1; anything else is refused with its rows."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name}: expected one column of yes/no values, got a DataFrame")
    if isinstance(values, (str, bytes)) or np.isscalar(values):
        raise TypeError(f"{name}: expected one yes/no value per customer, got {values!r}")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    missing = series.isna().to_numpy()
    if missing.any():
        raise ValueError(
            f"{name} has {int(missing.sum())} missing values in {len(series)} rows: "
            f"{_validate._quote(series.to_numpy()[missing], _validate._labels(series, missing))}"
            "; decide what a missing value means (did not refer?) and fill it first"
        )
    raw = series.to_numpy(dtype=object)
    ok = np.fromiter(
        (isinstance(v, (bool, np.bool_)) or (not isinstance(v, str) and v in (0, 1)) for v in raw),
        dtype=bool,
        count=len(raw),
    )
    if not ok.all():
        bad = ~ok
        raise ValueError(
            f"{name} must hold yes/no values (True/False or 1/0); {int(bad.sum())} of "
            f"{len(raw)} rows do not: {_validate._quote(raw[bad], _validate._labels(series, bad))}"
        )
    return raw.astype(bool)


def referral_rate(referred: Any, customers: int | None = None, confidence: float = 0.95) -> Rate:
    """The share of customers who referred (or shared, or returned), with Wilson's interval.

    Parameters
    ----------
    referred : int or sequence of bool
        Either the number of customers who did it (then give ``customers``), or one yes/no per
        customer (True/False or 1/0; missing values are refused).
    customers : int, optional
        How many customers could have done it: the denominator. Required with a count.
    confidence : float, default 0.95

    Returns
    -------
    Rate

    Raises
    ------
    TypeError, ValueError
        A count that is not a whole number, more referrers than customers, no customers, or
        flags that are not yes/no (the message names the rows).

    Notes
    -----
    The denominator decides what the number means: referrers among *all* customers is the
    referral rate; among promoters it tests what a 9 or 10 promises (:func:`by_type`). Wilson's
    score interval (1927) keeps its coverage near 0%, where referral rates live and where the
    simple ``p +/- 1.96 * sqrt(p(1 - p) / n)`` fails.

    See Also
    --------
    by_type : the rate for each type of customer.
    cxlib._stats.wilson : the interval.

    Examples
    --------
    Kumar et al. (2007): of the telecoms customers who said they would recommend, 30% did. With
    1,000 such customers and 300 referrers the interval is about 27.2% to 32.9%:

    >>> print(referral_rate(300, 1000))
    30.0% (95% CI 27.2% to 32.9%): 300 of 1,000
    >>> referral_rate([True, False, False, True]).rate
    0.5
    """
    if customers is None:
        flags = _flags(referred, "referred")
        count, n = int(flags.sum()), len(flags)
    else:
        count, n = _count(referred, "referred"), _count(customers, "customers")
        if count > n:
            raise ValueError(f"referred ({count}) cannot exceed customers ({n})")
    if n == 0:
        raise ValueError("no customers: a rate needs at least one customer in the denominator")
    z = critical_z(confidence)
    low, high = wilson(count / n, n, z)
    return Rate(count, n, count / n, (float(low), float(high)), confidence)


def by_type(df: pd.DataFrame, score: str, outcome: str, confidence: float = 0.95) -> pd.DataFrame:
    """For promoters, passives and detractors: how many did ``outcome`` (referred, returned).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per surveyed customer.
    score : str
        The column of recommend answers (0-10).
    outcome : str
        A yes/no column of what the customer did afterwards (True/False or 1/0).
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per type (detractor, passive, promoter): ``type``, ``n``, ``count``, ``rate``,
        ``ci_low``, ``ci_high`` (Wilson), and ``times_detractors``: the rate divided by the
        detractors' rate.

    Raises
    ------
    ValueError, TypeError
        Missing columns, scores outside 0-10, or an outcome that is not yes/no (naming rows).

    Notes
    -----
    This is how the outline's claim "satisfaction goes with repurchase and recommendation" is
    checked on one's own data: by what customers *did*, not by what they said. A rate that rises
    from detractors to promoters supports the association; the promoters' own rate says how far
    an intention is from behaviour (Kumar et al. 2007). Neither shows that raising a score
    would cause the behaviour.

    See Also
    --------
    referral_rate : one group's rate.
    cxlib.nps.classify : the three types.

    Examples
    --------
    >>> survey = pd.DataFrame({"score": [10, 9, 8, 3, 10, 2], "referred": [1, 0, 0, 0, 1, 0]})
    >>> by_type(survey, "score", "referred")[["type", "n", "count", "rate"]]
            type  n  count  rate
    0  detractor  2      0   0.0
    1    passive  1      0   0.0
    2   promoter  3      2   0.667
    """
    from cxlib import nps

    _validate.columns(df, [score, outcome])
    types = nps.classify(df[score])
    flags = _flags(df[outcome], f"column {outcome!r}")
    z = critical_z(confidence)
    order = ["detractor", "passive", "promoter"]
    frame = pd.DataFrame({"type": np.asarray(types, dtype=object), "did": flags})
    counts = frame.groupby("type")["did"].agg(["size", "sum"]).reindex(order, fill_value=0)
    n = counts["size"].to_numpy(dtype=float)
    count = counts["sum"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(n > 0, count / np.where(n > 0, n, 1), np.nan)
        low, high = wilson(rate, n, z)
        ratio = rate / rate[0]
    return pd.DataFrame(
        {
            "type": order,
            "n": n.astype(int),
            "count": count.astype(int),
            "rate": rate.round(3),
            "ci_low": np.where(n > 0, low, np.nan).round(3),
            "ci_high": np.where(n > 0, high, np.nan).round(3),
            "times_detractors": np.where(np.isfinite(ratio), ratio, np.nan).round(2),
        }
    )


def compare_rates(
    count_a: int, n_a: int, count_b: int, n_b: int, confidence: float = 0.95
) -> pd.Series:
    """Two groups' rates and the difference ``b - a`` with Newcombe's hybrid score interval.

    For an A/B test of a sharing tool or a referral reward: did more customers share in group
    ``b`` than in group ``a``? The interval is :func:`cxlib.funnel.difference` (Newcombe 1998,
    method 11: continuity-corrected Wilson limits), which holds up near 0% where referral rates are.

    Returns
    -------
    pandas.Series
        ``rate_a``, ``rate_b``, ``difference``, ``ci_low``, ``ci_high``.

    Examples
    --------
    Newcombe's (1998) worked example: 48/80 against 56/70, difference 0.2; his Table II gives
    0.0428 to 0.3422 for method 11.

    >>> compare_rates(48, 80, 56, 70).round(4).tolist()
    [0.6, 0.8, 0.2, 0.0428, 0.3422]
    """
    from cxlib import funnel

    counts = [_count(v, name) for v, name in ((count_a, "count_a"), (n_a, "n_a"))]
    counts += [_count(v, name) for v, name in ((count_b, "count_b"), (n_b, "n_b"))]
    count_a, n_a, count_b, n_b = counts
    for count, n, side in ((count_a, n_a, "a"), (count_b, n_b, "b")):
        if n == 0:
            raise ValueError(f"group {side} has no customers (n_{side} = 0)")
        if count > n:
            raise ValueError(f"count_{side} ({count}) cannot exceed n_{side} ({n})")
    difference, low, high = funnel.difference(count_a, n_a, count_b, n_b, confidence)
    return pd.Series(
        {
            "rate_a": count_a / n_a,
            "rate_b": count_b / n_b,
            "difference": difference,
            "ci_low": low,
            "ci_high": high,
        }
    )
