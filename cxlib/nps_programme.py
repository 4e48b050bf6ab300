"""Running an NPS programme (NPS 调研的组织): who answered, who did not, and what that does.

A survey's NPS describes the customers who answered. Whether it describes the others depends on
why people answer, not on how many do: in 59 studies with 959 estimates, Groves and Peytcheva
(2008) found the response rate a weak predictor of non-response bias. So a programme checks
who answered against what it knows about *everyone* it invited (the stay, the channel, a
problem logged during the visit), and says how far the answer could move. This module does the
three checks:

- :func:`response_rates`: the response rate in each segment of the invited customers, with
  intervals and Pearson's chi-square test of "every segment answers alike";
- :func:`nonresponse_weights`: weighting-class weights (each respondent weighs
  ``1 / response rate of their segment``; Kalton & Flores-Cervantes 2003), to pass to
  :func:`cxlib.nps.score` as ``weights=``;
- :func:`nonresponse_bounds`: Manski's (1989) worst-case bounds: the NPS of everyone invited if
  the non-respondents could have answered anything.

Book chapter: ``book/nps.md`` (running an NPS programme); workbook
``notebooks/14_nps_programme.ipynb``; data ``survey_invitations`` and ``survey_responses``
(synthetic).

References
----------
Groves, R. M. & Peytcheva, E. (2008). The impact of nonresponse rates on nonresponse bias: a
meta-analysis. *Public Opinion Quarterly*, 72(2), 167-189.
Kalton, G. & Flores-Cervantes, I. (2003). Weighting methods. *Journal of Official Statistics*,
19(2), 81-97 (weighting-class adjustment).
Manski, C. F. (1989). Anatomy of the selection problem. *Journal of Human Resources*, 24(3),
343-360.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, wilson
from cxlib.language import tr

__all__ = ["Bounds", "nonresponse_bounds", "nonresponse_weights", "response_rates"]


@dataclass(frozen=True)
class Bounds:
    """The NPS of everyone invited, as far as the respondents alone can say.

    Attributes
    ----------
    observed : float
        The respondents' NPS.
    response_rate : float
        Respondents / invited.
    low, high : float
        Manski's worst-case bounds: every non-respondent a detractor, or every one a promoter.
    invited, responded : int
    """

    observed: float
    response_rate: float
    low: float
    high: float
    invited: int
    responded: int

    def __str__(self) -> str:
        return tr(
            "respondents' NPS {s.observed:+.1f} ({s.responded:,} of {s.invited:,} invited, "
            "{s.response_rate:.0%} answered); everyone invited: somewhere from {s.low:+.1f} to "
            "{s.high:+.1f} if non-respondents could be anyone",
            s=self,
        )


def _responded(df: pd.DataFrame, column: str) -> np.ndarray:
    """The yes/no column of who answered (True/False or 1/0), refused with its rows otherwise."""
    from cxlib.referrals import _flags

    return _flags(df[column], f"column {column!r}")


def response_rates(
    invited: pd.DataFrame, responded: str, by: str | list[str] | None = None, confidence=0.95
) -> pd.DataFrame:
    """Response rate per segment of the invited customers, and whether segments differ.

    Parameters
    ----------
    invited : pandas.DataFrame
        One row per invited customer, respondents and non-respondents alike.
    responded : str
        Yes/no column: did this customer answer?
    by : str or list of str, optional
        Column(s) known for everyone invited (hotel, channel, a logged problem). None gives one
        row for all.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per segment: the segment column(s), ``invited``, ``responded``, ``rate``,
        ``ci_low``, ``ci_high`` (Wilson), ``share_of_invited`` and ``share_of_respondents``.
        ``attrs["chi2"]``, ``attrs["df"]`` and ``attrs["p_value"]``: Pearson's chi-square test
        that every segment answers at the same rate (None for a single segment).

    Raises
    ------
    ValueError, TypeError
        Missing columns, a ``responded`` column that is not yes/no, or missing segment values.

    Notes
    -----
    A segment that answers more is over-represented among respondents (compare the two share
    columns). That biases the NPS only if the segments also score differently: then weight the
    respondents (:func:`nonresponse_weights`), and say that the weights correct only for what
    the segments capture.

    Examples
    --------
    >>> invited = pd.DataFrame({"problem": [True] * 4 + [False] * 6,
    ...                         "answered": [1, 1, 1, 0, 1, 0, 0, 0, 0, 1]})
    >>> table = response_rates(invited, "answered", by="problem")
    >>> table[["problem", "invited", "responded", "rate"]]
       problem  invited  responded   rate
    0    False        6          2  0.333
    1     True        4          3  0.750
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    _validate.columns(invited, [responded, *keys], what="invited")
    flags = _responded(invited, responded)
    if keys:
        missing = invited[keys].isna().any(axis=1).to_numpy()
        if missing.any():
            raise ValueError(
                f"segment column(s) {', '.join(map(repr, keys))} have missing values in "
                f"{int(missing.sum())} of {len(invited)} rows (rows "
                f"{', '.join(map(str, invited.index[missing][:5]))}); fill them or drop those rows"
            )
    frame = invited[keys].copy() if keys else pd.DataFrame(index=invited.index)
    frame["_answered"] = flags
    if keys:
        grouped = frame.groupby(keys, observed=True, sort=True)["_answered"]
        table = grouped.agg(invited="size", responded="sum").reset_index()
    else:
        table = pd.DataFrame({"invited": [len(frame)], "responded": [int(flags.sum())]})
    n = table["invited"].to_numpy(dtype=float)
    k = table["responded"].to_numpy(dtype=float)
    rate = k / n
    low, high = wilson(rate, n, critical_z(confidence))
    table["responded"] = table["responded"].astype(int)
    table["rate"] = rate.round(3)
    table["ci_low"], table["ci_high"] = low.round(3), high.round(3)
    table["share_of_invited"] = (n / n.sum()).round(3)
    table["share_of_respondents"] = (k / k.sum() if k.sum() else np.full_like(k, np.nan)).round(3)
    chi2 = dof = p = None
    if len(table) > 1 and 0 < k.sum() < n.sum():
        from scipy.stats import chi2 as chi2_distribution  # lazy

        observed = np.column_stack([k, n - k])
        expected = np.outer(n, observed.sum(axis=0)) / n.sum()
        chi2 = float(((observed - expected) ** 2 / expected).sum())
        dof = len(table) - 1
        p = float(chi2_distribution.sf(chi2, dof))
    table.attrs.update(chi2=chi2, df=dof, p_value=p)
    return table


def nonresponse_weights(invited: pd.DataFrame, responded: str, by: str | list[str]) -> pd.Series:
    """Weighting-class weights for the respondents: ``1 / response rate of their segment``.

    Each respondent stands for the invited customers of their segment who did not answer
    (Kalton & Flores-Cervantes 2003, the weighting-class adjustment). The weights are returned
    for the respondents' rows only, rescaled to a mean of 1; pass them to
    :func:`cxlib.nps.score` as ``weights=`` (which uses Kish's effective sample size for the
    interval).

    Parameters
    ----------
    invited : pandas.DataFrame
        One row per invited customer.
    responded : str
        Yes/no column: did this customer answer?
    by : str or list of str
        The segment column(s), known for everyone invited.

    Returns
    -------
    pandas.Series
        One weight per respondent, indexed like ``invited``'s respondent rows.

    Raises
    ------
    ValueError
        A segment where nobody answered (its customers cannot be represented: merge it with a
        neighbouring segment), plus the checks of :func:`response_rates`.

    Examples
    --------
    Problem stays answered 3 of 4, the others 2 of 6: weights 4/3 and 3, rescaled to mean 1.

    >>> invited = pd.DataFrame({"problem": [True] * 4 + [False] * 6,
    ...                         "answered": [1, 1, 1, 0, 1, 0, 0, 0, 0, 1]})
    >>> nonresponse_weights(invited, "answered", "problem").round(3).tolist()
    [0.667, 0.667, 0.667, 1.5, 1.5]
    """
    keys = [by] if isinstance(by, str) else list(by)
    table = response_rates(invited, responded, by=keys)
    empty = table[table["responded"] == 0]
    if len(empty):
        segments = ", ".join(str(tuple(row)) for row in empty[keys].itertuples(index=False))
        raise ValueError(
            f"nobody answered in segment(s) {segments}: their customers cannot be represented; "
            "merge each with a neighbouring segment"
        )
    flags = _responded(invited, responded)
    exact = table["responded"] / table["invited"]
    rates = table[keys].assign(_rate=exact.to_numpy())
    respondents = invited.loc[flags, keys].reset_index()
    merged = respondents.merge(rates, on=keys, how="left")
    weights = 1.0 / merged["_rate"].to_numpy(dtype=float)
    weights = weights / weights.mean()
    return pd.Series(weights, index=invited.index[flags], name="weight")


def nonresponse_bounds(scores: Any, invited: int) -> Bounds:
    """Manski's bounds on the NPS of everyone invited, from the respondents' answers alone.

    With ``r`` the response rate and ``N`` the respondents' NPS, the invited customers' NPS lies
    between ``r * N - 100 * (1 - r)`` (every non-respondent a detractor) and
    ``r * N + 100 * (1 - r)`` (every one a promoter): a range ``200 * (1 - r)`` points wide
    (Manski 1989). These bounds assume nothing about the non-respondents; every narrower
    statement rests on an assumption about them, such as the weights of
    :func:`nonresponse_weights`.

    Parameters
    ----------
    scores : sequence of int
        The respondents' answers, 0-10.
    invited : int
        How many customers were invited (respondents included).

    Returns
    -------
    Bounds

    Raises
    ------
    TypeError, ValueError
        Scores that are not 0-10 whole numbers (naming the rows), or fewer invited than
        answers.

    Examples
    --------
    200 invited, 50 answered: 25 promoters, 15 passives, 10 detractors, NPS +30. With r = 0.25
    the bounds are 7.5 - 75 = -67.5 and 7.5 + 75 = +82.5.

    >>> bounds = nonresponse_bounds([10] * 25 + [8] * 15 + [3] * 10, invited=200)
    >>> bounds.observed, bounds.low, bounds.high
    (30.0, -67.5, 82.5)
    """
    from cxlib import nps
    from cxlib.referrals import _count

    result = nps.score(scores)
    invited = _count(invited, "invited")
    if invited < result.n:
        raise ValueError(f"invited ({invited}) cannot be fewer than the answers ({result.n})")
    rate = result.n / invited
    centre = rate * result.nps
    return Bounds(
        observed=float(result.nps),
        response_rate=rate,
        low=float(centre - 100 * (1 - rate)),
        high=float(centre + 100 * (1 - rate)),
        invited=invited,
        responded=int(result.n),
    )
