"""Visits per share (每次转发带来的访问): what shares bring in, with its interval.

Public through :mod:`cxlib.referrals` (``referrals.visits_per_share``, ``referrals.ShareYield``).
A separate concept from the rest of that module: there a share *of customers* (a proportion,
Wilson's interval); here a *rate* of events per share (a count over an exposure), with Garwood's
(1936) exact Poisson interval or, from per-share counts, a quasi-Poisson interval that widens
when a few shares bring most of the visits (McCullagh & Nelder 1989). Also :func:`_count`, the
check of a whole, non-negative count that :mod:`cxlib.referrals` uses too.

Book chapter: ``book/sharing.md``; workbook ``notebooks/14_nps_programme.ipynb``.

References
----------
Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika*, 28(3/4),
437-442.
McCullagh, P. & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman & Hall,
section 6.2 (quasi-likelihood for over-dispersed counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cxlib import _validate
from cxlib.language import tr

__all__ = ["METHODS", "ShareYield", "visits_per_share"]

METHODS = ("exact", "quasi-poisson")


@dataclass(frozen=True)
class ShareYield:
    """What shares bring in: events (visits, bookings) per share, with its interval.

    Attributes
    ----------
    events, shares : float
        Total events counted and total shares that could have brought them.
    rate : float
        ``events / shares``.
    ci : tuple of float
        The interval of ``rate``.
    method : str
        ``"exact"`` (Garwood's Poisson interval) or ``"quasi-poisson"``.
    dispersion : float or None
        The quasi-Poisson dispersion (at least 1): how much more the per-share counts vary than
        Poisson counts would; None for the exact method.
    confidence : float
        The interval's level.
    """

    events: float
    shares: float
    rate: float
    ci: tuple[float, float]
    method: str
    dispersion: float | None
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        if self.dispersion is None:  # Garwood's exact Poisson interval
            return tr(
                "{s.rate:.3f} per share ({s.confidence:.0%} CI {low:.3f} to {high:.3f}; "
                "{s.events:g} from {s.shares:g} shares, exact)",
                s=self,
                low=low,
                high=high,
            )
        return tr(
            "{s.rate:.3f} per share ({s.confidence:.0%} CI {low:.3f} to {high:.3f}; {s.events:g} "
            "from {s.shares:g} shares, quasi-poisson, dispersion {s.dispersion:.2f})",
            s=self,
            low=low,
            high=high,
        )


def _count(value: Any, name: str) -> int:
    """A whole, non-negative count (not a boolean, not text)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return int(value)


def _garwood(events: int, confidence: float) -> tuple[float, float]:
    """Exact Poisson limits of a count (Garwood 1936), from the chi-square distribution."""
    from scipy.stats import chi2  # lazy: keeps `import cxlib` light

    alpha = 1 - confidence
    low = 0.0 if events == 0 else float(chi2.ppf(alpha / 2, 2 * events)) / 2
    high = float(chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2
    return low, high


def visits_per_share(
    visits: Any, shares: Any = None, *, method: str = "exact", confidence: float = 0.95
) -> ShareYield:
    """Visits (or bookings) per share, with an interval that says how sure the rate is.

    Parameters
    ----------
    visits : int or sequence of int
        The total visits that came through shared links, or one count per share (then
        ``shares`` may be left out: each entry is one share).
    shares : int or sequence of int, optional
        The number of shares, or one number per sharer aligned with ``visits`` (a sharer's
        shares and the visits they brought).
    method : {"exact", "quasi-poisson"}, default "exact"
        ``"exact"``: Garwood's (1936) Poisson interval of the total count, divided by the
        shares. It assumes each visit arrives on its own, as Poisson counts do.
        ``"quasi-poisson"``: for per-share (or per-sharer) counts; the Poisson variance is
        scaled by the Pearson dispersion ``phi = sum((v - m s)^2 / (m s)) / (k - 1)`` with
        ``m`` the overall rate, floored at 1 (McCullagh & Nelder 1989, section 6.2), and the
        interval is ``exp(log(rate) +/- t_(k-1) * sqrt(phi / visits))``. Use it when a few
        shares bring most of the visits, as they usually do.
    confidence : float, default 0.95

    Returns
    -------
    ShareYield

    Raises
    ------
    TypeError, ValueError
        Counts that are not whole and non-negative, no shares, mismatched lengths, an unknown
        method, quasi-Poisson without per-share counts or with fewer than two, or no visits at
        all with quasi-Poisson (no rate to scale).

    See Also
    --------
    referral_rate : the share of customers who shared.
    cxlib.before_after.rate_ratio : two rates compared.

    Examples
    --------
    Garwood's limits for a count of 10 are 4.795 and 18.390 (the classic table's entry); over
    10 shares that is 0.480 to 1.839 visits per share:

    >>> result = visits_per_share(10, 10)
    >>> round(result.rate, 3), [round(x, 3) for x in result.ci]
    (1.0, [0.48, 1.839])

    Four shares brought 0, 0, 1 and 11 visits (mean 3). Pearson's statistic is
    (9 + 9 + 4 + 64) / 3 = 28.67 on 3 degrees of freedom: dispersion 9.56. The interval
    ``exp(log 3 +/- 3.182 * sqrt(9.56 / 12)) = 3 / 17.1 to 3 * 17.1`` runs from 0.175 to 51.3,
    where Poisson would say
    1.55 to 5.24: one share's 11 visits say little about the next share.

    >>> result = visits_per_share([0, 0, 1, 11], method="quasi-poisson")
    >>> round(result.dispersion, 2), [round(x, 3) for x in result.ci]
    (9.56, [0.175, 51.341])
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    per_share = not np.isscalar(visits) and not isinstance(visits, (int, np.integer))
    if per_share:
        counts = _validate.answers(visits, name="visits", low=0, high=np.inf).values
        counts = counts.astype(float)
        if shares is None:
            exposure = np.ones_like(counts)
        else:
            exposure = _validate.answers(shares, name="shares", low=0, high=np.inf).values
            exposure = exposure.astype(float)
            if len(exposure) != len(counts):
                raise ValueError(
                    f"visits has {len(counts)} entries but shares has {len(exposure)}: "
                    "give one number of shares per entry of visits"
                )
        total_events, total_shares = float(counts.sum()), float(exposure.sum())
    else:
        if method == "quasi-poisson":
            raise ValueError(
                "method='quasi-poisson' needs one count per share (or per sharer), not a total: "
                "the spread between shares is what it measures"
            )
        total_events = float(_count(visits, "visits"))
        total_shares = float(_count(shares, "shares")) if shares is not None else np.nan
    if not total_shares > 0:
        raise ValueError("shares must be at least 1: a rate per share needs shares")
    rate = total_events / total_shares
    if method == "exact":
        low, high = _garwood(int(total_events), confidence)
        return ShareYield(
            total_events,
            total_shares,
            rate,
            (low / total_shares, high / total_shares),
            "exact",
            None,
            confidence,
        )
    if len(counts) < 2:
        raise ValueError("method='quasi-poisson' needs at least two shares (or sharers)")
    if total_events == 0:
        raise ValueError(
            "no visits at all: the quasi-Poisson interval scales a rate above 0; "
            "use method='exact' (its upper limit still says how high the rate could be)"
        )
    from scipy.stats import t as student_t  # lazy

    expected = rate * exposure
    pearson = float(np.sum(np.where(expected > 0, (counts - expected) ** 2 / expected, 0.0)))
    dispersion = max(1.0, pearson / (len(counts) - 1))
    half = float(student_t.ppf(0.5 + confidence / 2, len(counts) - 1)) * np.sqrt(
        dispersion / total_events
    )
    low, high = rate * np.exp(-half), rate * np.exp(half)
    return ShareYield(
        total_events,
        total_shares,
        rate,
        (float(low), float(high)),
        "quasi-poisson",
        dispersion,
        confidence,
    )
