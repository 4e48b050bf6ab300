"""Repeat buying without a contract: the BG/NBD model and the customer summary it needs.

Public through :mod:`cxlib.retention` (``retention.fit_bgnbd``,
``retention.expected_repeat``, ``retention.conditional_repeat``, ``retention.p_alive``,
``retention.expected_frequencies``).

Where the sBG model (:mod:`cxlib._sbg`) needs a contract whose end is seen, a hotel guest, a shop
customer or a bank-branch visitor simply stops coming: nobody sees the day they left. The
beta-geometric/NBD model of Fader, Hardie & Lee (2005) tells this story. While alive, a customer
buys at a steady rate ``lambda`` (a Poisson process); the rates differ from customer to customer
following a gamma distribution (shape ``r``, scale ``alpha``). After each purchase the customer
may drop out for good with probability ``p``; the ``p`` differ following a beta distribution
(``a``, ``b``). Three numbers per customer are all it needs: ``x`` repeat purchases, the time
``t_x`` of the last one and the time ``T`` each was observed, both counted from the first.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284 (likelihood eq. 6,
E[X(t)] eq. 7, P(X(t) = x) eq. 8, P(alive) and the conditional expectation eq. 10; the CDNOW
sample: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln, hyp2f1

from cxlib._buyers import _columns
from cxlib._likelihood import fit_by_likelihood
from cxlib.language import N_, tr

__all__ = [
    "BGNBDFit",
    "conditional_repeat",
    "expected_frequencies",
    "expected_repeat",
    "fit_bgnbd",
    "p_alive",
]


@dataclass(frozen=True)
class BGNBDFit:
    """A fitted BG/NBD model.

    Attributes
    ----------
    r, alpha : float
        Shape and scale of the gamma distribution of purchase rates (rate per ``unit``).
    a, b : float
        The beta distribution of the chance of dropping out after a purchase.
    se : dict of str to float
        Standard errors from the observed information (numerical Hessian).
    ci : dict of str to tuple of float
        Intervals on the log scale (so never below 0).
    covariance : numpy.ndarray
        4 x 4 covariance of (r, alpha, a, b).
    log_likelihood : float
    customers : int
    unit : str
        The summary's time unit ("W" or "D").
    confidence : float
    """

    r: float
    alpha: float
    a: float
    b: float
    se: dict
    ci: dict
    covariance: np.ndarray
    log_likelihood: float
    customers: int
    unit: str
    confidence: float

    @property
    def mean_rate(self) -> float:
        """Mean purchase rate per unit while alive, ``r / alpha``."""
        return self.r / self.alpha

    @property
    def mean_dropout(self) -> float:
        """Mean chance of dropping out after a purchase, ``a / (a + b)``."""
        return self.a / (self.a + self.b)

    def __str__(self) -> str:
        unit = {"W": N_("week"), "D": N_("day")}.get(self.unit)
        return tr(
            "BG/NBD fit to {s.customers:,} customers: r {s.r:.3f}, alpha {s.alpha:.3f}, "
            "a {s.a:.3f}, b {s.b:.3f} (SE {s.se[r]:.3f}, {s.se[alpha]:.3f}, "
            "{s.se[a]:.3f}, {s.se[b]:.3f}), log-likelihood {s.log_likelihood:.1f}; "
            "while alive a mean of {s.mean_rate:.3f} purchases per {unit}, "
            "{s.mean_dropout:.1%} mean chance of leaving after each purchase",
            s=self,
            unit=tr(unit) if unit else self.unit,
        )


def _log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray):
    """Fader, Hardie & Lee (2005), eq. 6, summed over customers (as a log)."""
    r, alpha, a, b = params
    head = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    alive = -(r + x) * np.log(alpha + big_t)
    with np.errstate(divide="ignore"):
        left = np.where(
            x > 0,
            np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return float(np.sum(head + np.logaddexp(alive, left)))


def fit_bgnbd(summary: pd.DataFrame, *, confidence: float = 0.95) -> BGNBDFit:
    """Fit the BG/NBD model to a customer summary by maximum likelihood.

    ``L = A1 A2 (A3 + [x > 0] A4)`` per customer with ``A1 = Gamma(r + x) alpha^r / Gamma(r)``,
    ``A2 = B(a, b + x) / B(a, b)``, ``A3 = (alpha + T)^-(r + x)`` and
    ``A4 = a / (b + x - 1) (alpha + t_x)^-(r + x)`` (Fader, Hardie & Lee 2005, eq. 6), maximised
    over the logs of ``r, alpha, a, b`` from two starting points.

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T`` (:func:`cxlib.retention.repeat_summary`).
    confidence : float, default 0.95

    Returns
    -------
    BGNBDFit

    Raises
    ------
    TypeError, ValueError
        Not a summary; missing or impossible values (named); estimates that run off (too few
        repeat purchases).

    References
    ----------
    Fader, Hardie & Lee (2005), Marketing Science 24(2), 275-284.

    See Also
    --------
    expected_repeat, conditional_repeat, p_alive. Chapter ``book/customers.md``.

    Examples
    --------
    The paper's CDNOW sample (2,357 customers, 39 weeks): r 0.243, alpha 4.414, a 0.793, b 2.426.

    >>> from cxlib import datasets
    >>> from cxlib._buyers import repeat_summary
    >>> cdnow = datasets.load("cdnow_sample")
    >>> summary = repeat_summary(cdnow, customer="customer_id", time="date", end="1997-09-30")
    >>> fit = fit_bgnbd(summary)
    >>> [round(v, 3) for v in (fit.r, fit.alpha, fit.a, fit.b)], round(fit.log_likelihood, 1)
    ([0.243, 4.414, 0.793, 2.426], -9582.4)
    """
    x, t_x, big_t = _columns(summary)
    if not (x > 0).any():
        raise ValueError("no customer made a repeat purchase: there is nothing to model")
    estimate, se, ci, covariance, log_likelihood = fit_by_likelihood(
        lambda p: _log_likelihood(p, x, t_x, big_t),
        [(1.0, 3.0, 1.0, 3.0), (0.5, float(np.mean(big_t)), 0.5, 5.0)],
        ("r", "alpha", "a", "b"),
        confidence,
    )
    r, alpha, a, b = (float(v) for v in estimate)
    unit = summary.attrs.get("unit", "W")
    return BGNBDFit(r, alpha, a, b, se, ci, covariance, log_likelihood, len(x), unit, confidence)


def _check_fit(fit: Any) -> BGNBDFit:
    if not isinstance(fit, BGNBDFit):
        raise TypeError(f"expected a fit from retention.fit_bgnbd(), got {type(fit).__name__}")
    return fit


def _times(t: Any, name: str = "t") -> np.ndarray:
    values = np.asarray(t, dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"{name} must be finite and not negative, got {t!r}")
    return values


def _population(r, alpha, a, b, t):
    """E[X(t)] of eq. 7, broadcasting over parameters and times."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (
            (a + b - 1)
            / (a - 1)
            * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
        )
    return np.where(t == 0, 0.0, value)


def expected_repeat(fit: BGNBDFit, t: Any) -> np.ndarray | float:
    """Expected repeat purchases of a new customer in ``t`` units after the first (eq. 7).

    ``E[X(t)] = (a + b - 1) / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1;
    t / (alpha + t))]``.

    Parameters
    ----------
    fit : BGNBDFit
    t : float or array of float
        Time since the first purchase, in the fit's unit.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    TypeError, ValueError
        Not a fit; negative or missing times.

    References
    ----------
    Fader, Hardie & Lee (2005), eq. 7.

    Examples
    --------
    Hardie's BG/NBD spreadsheet for the CDNOW sample gives 0.0532 after 1 week, 1.0405 after
    31.8571 and 1.8576 after 78 at the unrounded estimates (tests/test_repeat_buying.py checks
    them); with the rounded published ones:

    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 2357, "W", 0.95)
    >>> [round(float(v), 3) for v in expected_repeat(fit, [1, 31.8571, 78])]
    [0.053, 1.042, 1.861]
    """
    fit = _check_fit(fit)
    t = _times(t)
    value = _population(fit.r, fit.alpha, fit.a, fit.b, t)
    return float(value) if value.ndim == 0 else value


def _alive_odds(r, alpha, a, b, x, t_x, big_t):
    """``[x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)``: dead-to-alive odds."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        odds = a / (b + x - 1) * np.exp((r + x) * np.log((alpha + big_t) / (alpha + t_x)))
    return np.where(x > 0, odds, 0.0)


def p_alive(fit: BGNBDFit, summary: pd.DataFrame) -> pd.Series:
    """The chance that each customer is still alive at the end of their observation.

    ``P(alive | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r +
    x))`` (Fader, Hardie & Lee 2005, section 5 and its technical note). A customer
    with no repeat purchase is taken as alive: in this model one can only drop out right after
    a purchase.

    Parameters
    ----------
    fit : BGNBDFit
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T``.

    Returns
    -------
    pandas.Series
        Indexed like ``summary``.

    Raises
    ------
    TypeError, ValueError
        As :func:`conditional_repeat`.

    References
    ----------
    Fader, Hardie & Lee (2005).

    Examples
    --------
    Two customers seen 39 weeks, each with 5 repeat purchases: the one whose last was in week 38
    is probably still buying; the one silent since week 10 has probably left.

    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 2357, "W", 0.95)
    >>> two = pd.DataFrame({"x": [5, 5], "t_x": [38.0, 10.0], "T": [39.0, 39.0]})
    >>> p_alive(fit, two).round(3).tolist()
    [0.878, 0.024]
    """
    fit = _check_fit(fit)
    x, t_x, big_t = _columns(summary)
    odds = _alive_odds(fit.r, fit.alpha, fit.a, fit.b, x, t_x, big_t)
    return pd.Series(1.0 / (1.0 + odds), index=summary.index, name="p_alive")


def _conditional(r, alpha, a, b, x, t_x, big_t, t):
    """E[Y(t) | x, t_x, T] of eq. 10, broadcasting."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ahead = (
            (a + b + x - 1)
            / (a - 1)
            * (
                1
                - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x)
                * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
            )
        )
    return ahead / (1.0 + _alive_odds(r, alpha, a, b, x, t_x, big_t))


def conditional_repeat(fit: BGNBDFit, summary: pd.DataFrame, t: float) -> pd.Series:
    """Expected purchases of each customer in the next ``t`` units, given their history.

    ``E[Y(t) | x, t_x, T] = [(a + b + x - 1) / (a - 1)] [1 - ((alpha + T) / (alpha + T + t))^(r + x)
    2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t))] / (1 + [x > 0] a / (b + x - 1)
    ((alpha + T) / (alpha + t_x))^(r + x))`` (Fader, Hardie & Lee 2005, eq. 10).

    Parameters
    ----------
    fit : BGNBDFit
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T``.
    t : float
        Length of the period ahead, in the fit's unit.

    Returns
    -------
    pandas.Series
        Indexed like ``summary``.

    Raises
    ------
    TypeError, ValueError
        Not a fit or a summary; impossible summary values (named); a negative ``t``; a value the
        hypergeometric function cannot give (named customers).

    References
    ----------
    Fader, Hardie & Lee (2005), eq. 10.

    Examples
    --------
    Hardie's spreadsheet example: a CDNOW customer with 2 repeat purchases, the last in week
    30.43, observed 38.86 weeks, is expected to buy 1.226 times in the next 39 weeks.

    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 2357, "W", 0.95)
    >>> one = pd.DataFrame({"x": [2], "t_x": [30.43], "T": [38.86]})
    >>> round(float(conditional_repeat(fit, one, 39).iloc[0]), 3)
    1.226
    """
    fit = _check_fit(fit)
    x, t_x, big_t = _columns(summary)
    t = float(_times(t))
    value = _conditional(fit.r, fit.alpha, fit.a, fit.b, x, t_x, big_t, t)
    bad = ~np.isfinite(value)
    if bad.any():
        labels = np.asarray(summary.index[bad])[:5]
        raise ValueError(
            f"the conditional expectation could not be computed for {int(bad.sum())} customers "
            f"(e.g. {', '.join(map(str, labels))}): extreme x or T for these parameters"
        )
    return pd.Series(value, index=summary.index, name="expected")


def expected_frequencies(fit: BGNBDFit, observed: Any, *, max_x: int = 7) -> pd.Series:
    """Expected number of customers with 0, 1, ..., ``max_x``+ repeat purchases in their own T.

    Sums ``P(X(T_i) = x)`` (Fader, Hardie & Lee 2005, eq. 8) over customers:
    ``P(X(t) = x) = B(a, b + x) / B(a, b) NBD_x(t) + [x > 0] B(a + 1, b + x - 1) / B(a, b)
    [1 - sum_{j < x} NBD_j(t)]``, ``NBD_j(t) = Gamma(r + j) / (Gamma(r) j!) (alpha / (alpha +
    t))^r (t / (alpha + t))^j``. Compared with the observed counts it is the paper's first check
    of fit (its Figure 2).

    Parameters
    ----------
    fit : BGNBDFit
    observed : array of float or pandas.DataFrame
        Each customer's time observed ``T``, or a summary (its ``T`` column).
    max_x : int, default 7
        The last class holds ``max_x`` or more.

    Returns
    -------
    pandas.Series
        Indexed 0 .. max_x (the last labelled ``"7+"``); sums to the number of customers.

    Raises
    ------
    TypeError, ValueError
        Not a fit; negative times; ``max_x`` not a positive whole number.

    References
    ----------
    Fader, Hardie & Lee (2005), eq. 8 and Figure 2.

    Examples
    --------
    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.eye(4), 0.0, 2357, "W", 0.95)
    >>> counts = expected_frequencies(fit, [39.0] * 1000, max_x=3)
    >>> round(float(counts.sum()), 6), counts.index.tolist()
    (1000.0, [0, 1, 2, '3+'])
    """
    fit = _check_fit(fit)
    if isinstance(max_x, bool) or not isinstance(max_x, (int, np.integer)) or max_x < 1:
        raise ValueError(f"max_x must be a positive whole number, got {max_x!r}")
    big_t = observed["T"] if isinstance(observed, pd.DataFrame) else observed
    t = _times(big_t, "T")[:, None]
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    j = np.arange(max_x)
    log_nbd = (
        gammaln(r + j)
        - gammaln(r)
        - gammaln(j + 1)
        + r * np.log(alpha / (alpha + t))
        + j * np.log(np.where(t > 0, t / (alpha + t), 1.0))
    )
    nbd = np.where((t == 0) & (j > 0), 0.0, np.exp(log_nbd))
    before = np.cumsum(nbd, axis=1) - nbd  # sum_{i < j} NBD_i
    stay = np.exp(betaln(a, b + j) - betaln(a, b))
    left = np.where(j > 0, np.exp(betaln(a + 1, b + j - 1) - betaln(a, b)), 0.0)
    probability = stay * nbd + left * (1.0 - before)
    counts = probability.sum(axis=0)
    labels = [*range(max_x), f"{max_x}+"]
    return pd.Series([*counts, len(t) - counts.sum()], index=labels, name="expected")
