"""The membership business case (会员制度的商业论证): what a scheme must add to pay for itself.

A scheme pays when the margin on the purchases it **causes** covers what it costs. Two traps
decide most business cases. First, rewards are paid on every purchase members make, including
the ones they would have made anyway; Dowling & Uncles (1997) ask for a scheme to be "fully
costed" for this reason. Second, the purchases the scheme causes are not the difference between
members and non-members: heavy buyers join first (Leenheer et al. 2007 found the true effect on
share of wallet about seven times smaller than the naive comparison; Liu 2007). So the input
that matters most, the **uplift**, must come from a fair test (a randomised offer, or a
before/after with a comparison group), with its interval, and the case is computed at both ends
of that interval.

Per year, with ``N`` members who each made ``V`` visits before, a margin ``m`` per visit, a
spend ``s`` per visit, rewards worth a share ``rho`` of spend, perks costing ``c`` per member, a
fee ``F`` per member and fixed costs ``K``, an uplift ``u`` (0.10: members come 10% more often
because of the scheme) gives

    net = N [F + u V m - (1 + u) V s rho - c] - K

and the scheme breaks even at ``u* = (K / N + c + V s rho - F) / (V (m - s rho))``. The formula
is plain accounting; the sources above say which terms a business case must not leave out.

Book chapter: ``book/loyalty.md`` (section "The membership business case"); worksheet
``membership_case`` in the course 003 kit.

References
----------
Dowling, G. R. & Uncles, M. (1997). Do customer loyalty programs really work? *Sloan Management
Review*, 38(4), 71-82.
Leenheer, J., van Heerde, H. J., Bijmolt, T. H. A. & Smidts, A. (2007). Do loyalty programs
really enhance behavioral loyalty? An empirical analysis accounting for self-selecting members.
*International Journal of Research in Marketing*, 24(1), 31-47.
Liu, Y. (2007). The long-term impact of loyalty programs on consumer purchase behavior and
loyalty. *Journal of Marketing*, 71(4), 19-35.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxlib.language import N_, tr

__all__ = ["BusinessCase", "business_case"]


@dataclass(frozen=True)
class BusinessCase:
    """A membership scheme's yearly accounts at the low, central and high uplift.

    Attributes
    ----------
    table : pandas.DataFrame
        Rows ``low``, ``central``, ``high`` (the uplift's interval and estimate); columns
        ``uplift``, ``fees``, ``extra_margin``, ``rewards``, ``perks``, ``fixed``, ``net`` and
        ``net_per_member`` (money per year).
    break_even_uplift : float
        The uplift at which ``net`` is 0 (``inf`` when each extra visit earns less than its
        reward: no uplift pays).
    members : int
    """

    table: pd.DataFrame
    break_even_uplift: float
    members: int

    @property
    def pays(self) -> str:
        """Whether it pays: "yes" (even the low uplift), "no" (not even the high one), "unsure"."""
        low, high = self.table.loc["low", "net"], self.table.loc["high", "net"]
        return "yes" if low > 0 else "no" if high <= 0 else "unsure"

    def __str__(self) -> str:
        central = self.table.loc["central"]
        low, high = self.table.loc["low", "net"], self.table.loc["high", "net"]
        verdicts = {"yes": N_("pays: yes"), "no": N_("pays: no"), "unsure": N_("pays: unsure")}
        return tr(
            "Membership case for {s.members:,} members: net {net:,.0f} a year at an uplift of "
            "{uplift:.1%} ({low:,.0f} to {high:,.0f} across the uplift's interval); breaks even "
            "at an uplift of {s.break_even_uplift:.1%}; {verdict}",
            s=self,
            net=central["net"],
            uplift=central["uplift"],
            low=low,
            high=high,
            verdict=tr(verdicts[self.pays]),
        )


def _number(name: str, value: Any, *, low: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value) or value < low:
        raise ValueError(f"{name} must be a finite number of at least {low:g}, got {value!r}")
    return float(value)


def _uplifts(uplift: Any) -> tuple[float, float, float]:
    """(low, central, high) from a number, a (low, central, high) triple or a rate ratio."""
    if hasattr(uplift, "ratio") and hasattr(uplift, "ci"):  # cxlib.before_after.RateRatio
        values = (uplift.ci[0] - 1, uplift.ratio - 1, uplift.ci[1] - 1)
    elif isinstance(uplift, (tuple, list)):
        if len(uplift) != 3:
            raise ValueError(f"uplift must be one number or (low, central, high), got {uplift!r}")
        values = tuple(uplift)
    else:
        values = (uplift, uplift, uplift)
    low, central, high = (_number("uplift", v, low=-1.0) for v in values)
    if not low <= central <= high:
        raise ValueError(f"uplift must be ordered low <= central <= high, got {values!r}")
    return low, central, high


def business_case(
    *,
    members: int,
    visits: float,
    margin: float,
    uplift: Any,
    spend: float = 0.0,
    reward_rate: float = 0.0,
    perks: float = 0.0,
    fee: float = 0.0,
    fixed: float = 0.0,
) -> BusinessCase:
    """A membership scheme's yearly net value and break-even uplift, across the uplift's interval.

    ``net = N [F + u V m - (1 + u) V s rho - c] - K`` and
    ``u* = (K / N + c + V s rho - F) / (V (m - s rho))`` (module docstring).

    Parameters
    ----------
    members : int
        Members ``N`` expected in the year.
    visits : float
        Visits (purchases) per member per year **without** the scheme ``V``: members' own
        history before joining, not non-members' (those who join buy more to begin with).
    margin : float
        Margin per visit ``m``, before rewards.
    uplift : float, (low, central, high), or a RateRatio
        Extra visits the scheme causes, as a share (0.1 for 10%); best a pilot's interval, e.g.
        ``before_after.rate_ratio(...)`` of a randomised offer (its ratio minus 1 is used).
    spend : float, default 0
        Spend per visit ``s``, on which rewards are paid.
    reward_rate : float, default 0
        Value of the points or rewards as a share of spend ``rho`` (0.05 for 5%).
    perks : float, default 0
        Other perks per member per year ``c`` (birthday gift, upgrades, member events).
    fee : float, default 0
        Membership fee per member per year ``F``.
    fixed : float, default 0
        Fixed yearly cost ``K`` (the system, cards, staff time, training).

    Returns
    -------
    BusinessCase

    Raises
    ------
    TypeError, ValueError
        A value that is not a number, is negative (an uplift below -1), or an uplift interval
        out of order; ``members`` not a positive whole number; a reward rate above 1.

    References
    ----------
    Dowling & Uncles (1997); Leenheer et al. (2007); Liu (2007).

    See Also
    --------
    cxlib.before_after.rate_ratio : the uplift's estimate and interval from a pilot.
    Chapter ``book/loyalty.md``.

    Examples
    --------
    A hotel club (a teaching illustration): 5,000 members with 4 stays a year before joining,
    150 yuan of margin and 500 yuan of spend per stay, points worth 3% of spend, 60 yuan of
    perks per member and 300,000 yuan of fixed costs; a pilot found an uplift of 10% (2% to 18%).
    Worked by hand: rewards on the 4 stays cost 4 x 500 x 0.03 = 60 a member, the fixed costs 60
    a member, perks 60: 180 a member to recover; each extra stay earns 150 - 15 = 135, so the
    scheme needs 180 / 135 = 1.33 extra stays a member, an uplift of 1.33 / 4 = 33.3%.

    >>> case = business_case(members=5000, visits=4, margin=150, spend=500, reward_rate=0.03,
    ...                      perks=60, fixed=300_000, uplift=(0.02, 0.10, 0.18))
    >>> round(case.break_even_uplift, 3), case.pays
    (0.333, 'no')
    >>> case.table.loc["central", ["extra_margin", "rewards", "net"]].tolist()
    [300000.0, 330000.0, -630000.0]
    """
    if isinstance(members, bool) or not isinstance(members, (int, np.integer)) or members < 1:
        raise ValueError(f"members must be a positive whole number, got {members!r}")
    visits = _number("visits", visits)
    margin = _number("margin", margin)
    spend = _number("spend", spend)
    reward_rate = _number("reward_rate", reward_rate)
    if reward_rate > 1:
        raise ValueError(f"reward_rate is a share of spend (0.05 for 5%), got {reward_rate!r}")
    perks = _number("perks", perks)
    fee = _number("fee", fee)
    fixed = _number("fixed", fixed)
    uplifts = np.array(_uplifts(uplift))
    fees = members * fee + 0 * uplifts
    extra_margin = members * visits * uplifts * margin
    rewards = members * (1 + uplifts) * visits * spend * reward_rate
    perk_cost = members * perks + 0 * uplifts
    fixed_cost = fixed + 0 * uplifts
    net = fees + extra_margin - rewards - perk_cost - fixed_cost
    table = pd.DataFrame(
        {
            "uplift": uplifts,
            "fees": fees,
            "extra_margin": extra_margin,
            "rewards": rewards,
            "perks": perk_cost,
            "fixed": fixed_cost,
            "net": net,
            "net_per_member": net / members,
        },
        index=pd.Index(["low", "central", "high"], name="scenario"),
    )
    per_visit = visits * (margin - spend * reward_rate)
    to_recover = fixed / members + perks + visits * spend * reward_rate - fee
    if per_visit > 0:
        break_even = to_recover / per_visit
    else:
        break_even = float("inf") if to_recover > 0 else float("-inf")
    return BusinessCase(table, float(break_even), int(members))
