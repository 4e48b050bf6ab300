"""What repeat buyers spend, and what they are worth: the gamma-gamma model and BG/NBD value.

Public through :mod:`cxlib.retention` (``retention.fit_spend``, ``retention.expected_spend``,
``retention.repeat_value``).

The gamma-gamma model of Fader, Hardie & Lee (2005b): the value of each of a customer's
transactions varies around the customer's own mean; the means differ from customer to customer.
Its estimate of a customer's mean spend is a weighted average of the customer's observed mean
and the mean of everyone: the fewer the purchases, the more weight the population's mean gets.
It assumes that how much customers spend does not depend on how often they buy; check the
correlation of ``m_x`` and ``x`` before using it (0.11 in the CDNOW sample, the paper reports).

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV: using iso-value curves for
customer base analysis. *Journal of Marketing Research*, 42(4), 415-430 (the spend model; CDNOW
repeat buyers: p = 6.25, q = 3.74, gamma = 15.44). Fader, Hardie & Lee (2005), Marketing Science
24(2), 275-284 (the BG/NBD model, :mod:`cxlib._bgnbd`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammaln

from cxlib._bgnbd import BGNBDFit, _conditional
from cxlib._buyers import UNITS, _columns
from cxlib._likelihood import fit_by_likelihood
from cxlib.language import N_, tr

__all__ = ["RepeatValue", "SpendFit", "expected_spend", "fit_spend", "repeat_value"]


@dataclass(frozen=True)
class SpendFit:
    """A fitted gamma-gamma spend model.

    Attributes
    ----------
    p, q, gamma : float
        Estimates; ``gamma * p / (q - 1)`` is the mean spend per transaction across customers.
    se : dict of str to float
    ci : dict of str to tuple of float
        Intervals on the log scale.
    covariance : numpy.ndarray
    log_likelihood : float
    customers : int
        Customers with at least one repeat purchase (the only ones the model is fitted to).
    confidence : float
    """

    p: float
    q: float
    gamma: float
    se: dict
    ci: dict
    covariance: np.ndarray
    log_likelihood: float
    customers: int
    confidence: float

    @property
    def mean_spend(self) -> float:
        """Mean spend per transaction across customers, ``gamma p / (q - 1)`` (needs q > 1)."""
        return self.gamma * self.p / (self.q - 1) if self.q > 1 else float("inf")

    def __str__(self) -> str:
        return tr(
            "Gamma-gamma spend fit to {s.customers:,} repeat buyers: p {s.p:.2f}, "
            "q {s.q:.2f}, gamma {s.gamma:.2f}; mean spend per transaction {s.mean_spend:,.2f}",
            s=self,
        )


def _spend_columns(summary: Any) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """``x`` and ``m_x`` of the repeat buyers (x > 0) of a summary, checked."""
    x, _, _ = _columns(summary)
    if "m_x" not in summary.columns:
        raise ValueError(
            "summary has no m_x (mean value of the repeat purchases): make it with "
            "retention.repeat_summary(..., amount=COLUMN)"
        )
    m_x = summary["m_x"].to_numpy(dtype="float64", na_value=np.nan)
    buyers = x > 0
    bad = buyers & ~(np.isfinite(m_x) & (m_x > 0))
    if bad.any():
        labels = np.asarray(summary.index[bad])[:5]
        raise ValueError(
            f"m_x must be a positive number for every customer with repeat purchases; it is "
            f"not for {int(bad.sum())} (e.g. {', '.join(map(str, labels))}): leave out "
            "customers whose repeat purchases were free, or model them apart"
        )
    return x[buyers], m_x[buyers], summary.index[buyers]


def _log_likelihood(params: np.ndarray, x: np.ndarray, m_x: np.ndarray) -> float:
    """Fader, Hardie & Lee (2005b), appendix: the density of m_x given x, summed as logs."""
    p, q, gamma = params
    px = p * x
    return float(
        np.sum(
            gammaln(px + q)
            - gammaln(px)
            - gammaln(q)
            + q * np.log(gamma)
            + (px - 1) * np.log(m_x)
            + px * np.log(x)
            - (px + q) * np.log(gamma + m_x * x)
        )
    )


def fit_spend(summary: pd.DataFrame, *, confidence: float = 0.95) -> SpendFit:
    """Fit the gamma-gamma spend model to the repeat buyers of a summary.

    ``f(m_x | x) = Gamma(px + q) / (Gamma(px) Gamma(q)) gamma^q m_x^(px - 1) x^(px) /
    (gamma + m_x x)^(px + q)``, maximised over the logs of ``p, q, gamma``; customers without a
    repeat purchase have no ``m_x`` and are left out (``customers`` says how many were used).

    Parameters
    ----------
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T`` and ``m_x`` (:func:`cxlib.retention.repeat_summary` with
        ``amount``).
    confidence : float, default 0.95

    Returns
    -------
    SpendFit

    Raises
    ------
    TypeError, ValueError
        Not a summary, no ``m_x``, a repeat buyer whose ``m_x`` is not positive (named).

    References
    ----------
    Fader, Hardie & Lee (2005b), Journal of Marketing Research 42(4), 415-430.

    See Also
    --------
    expected_spend, repeat_value. Chapter ``book/customers.md``.

    Examples
    --------
    The CDNOW sample's 946 repeat buyers: p 6.25, q 3.74, gamma 15.44 in the paper.

    >>> from cxlib import datasets
    >>> from cxlib._buyers import repeat_summary
    >>> cdnow = datasets.load("cdnow_sample")
    >>> summary = repeat_summary(cdnow, customer="customer_id", time="date",
    ...                          amount="amount", end="1997-09-30")
    >>> spend = fit_spend(summary)
    >>> spend.customers, round(spend.p, 2), round(spend.q, 2), round(spend.gamma, 2)
    (946, 6.25, 3.74, 15.44)
    """
    x, m_x, _ = _spend_columns(summary)
    if len(x) < 3:
        raise ValueError(f"only {len(x)} customers made a repeat purchase: too few to fit")
    estimate, se, ci, covariance, log_likelihood = fit_by_likelihood(
        lambda params: _log_likelihood(params, x, m_x),
        [(1.0, 1.0, 1.0), (5.0, 3.0, float(np.mean(m_x)))],
        ("p", "q", "gamma"),
        confidence,
    )
    p, q, gamma = (float(v) for v in estimate)
    return SpendFit(p, q, gamma, se, ci, covariance, log_likelihood, len(x), confidence)


def _expected(p, q, gamma, x, m_x):
    """Conditional mean spend ``(gamma + m_x x) p / (p x + q - 1)``; population mean at x = 0."""
    m = np.where(x > 0, m_x, 0.0)
    return (gamma + m * x) * p / (p * x + q - 1)


def expected_spend(spend: SpendFit, summary: pd.DataFrame) -> pd.Series:
    """Each customer's expected spend per future transaction.

    ``E(M | p, q, gamma, m_x, x) = (gamma + m_x x) p / (p x + q - 1)``: a weighted average of the
    population mean ``gamma p / (q - 1)`` (weight ``(q - 1) / (p x + q - 1)``) and the customer's
    own mean ``m_x`` (weight ``p x / (p x + q - 1)``); customers with no repeat purchase get
    the population mean.

    Parameters
    ----------
    spend : SpendFit
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T``, ``m_x``.

    Returns
    -------
    pandas.Series

    Raises
    ------
    TypeError, ValueError
        Not a fit; as :func:`fit_spend` for the summary; ``q <= 1`` (no finite mean).

    References
    ----------
    Fader, Hardie & Lee (2005b), eq. 5.

    Examples
    --------
    Hardie's spreadsheet (note 025): the first CDNOW customer, 2 repeat purchases averaging
    22.35 dollars, is expected to spend 24.66 per purchase; a customer with none, 35.22.

    >>> spend = SpendFit(6.25, 3.74, 15.44, {}, {}, np.eye(3), 0.0, 946, 0.95)
    >>> two = pd.DataFrame({"x": [2, 0], "t_x": [30.43, 0.0], "T": [38.86, 38.86],
    ...                     "m_x": [22.35, np.nan]})
    >>> expected_spend(spend, two).round(2).tolist()
    [24.66, 35.22]
    """
    if not isinstance(spend, SpendFit):
        raise TypeError(f"expected a fit from retention.fit_spend(), got {type(spend).__name__}")
    if spend.q <= 1:
        raise ValueError(f"q = {spend.q:.3f} is not above 1: the mean spend is infinite")
    _spend_columns(summary)
    x = summary["x"].to_numpy(dtype=float)
    m_x = summary["m_x"].to_numpy(dtype="float64", na_value=np.nan)
    value = _expected(spend.p, spend.q, spend.gamma, x, m_x)
    return pd.Series(value, index=summary.index, name="spend")


@dataclass(frozen=True)
class RepeatValue:
    """Discounted value of customers' purchases over a horizon, BG/NBD and gamma-gamma.

    Attributes
    ----------
    customers : pandas.DataFrame
        Per customer: ``transactions`` (discounted expected purchases in the horizon),
        ``spend`` (expected spend per purchase), ``value`` (``margin * transactions * spend``)
        with ``value_low``, ``value_high``.
    total : float
        Sum of ``value``.
    ci : tuple of float
        Interval of ``total`` over parameter draws of both models.
    horizon : float
        In the summary's unit.
    margin, discount : float
    confidence : float
    unit : str
        The summary's time unit ("W" or "D").
    """

    customers: pd.DataFrame
    total: float
    ci: tuple[float, float]
    horizon: float
    margin: float
    discount: float
    confidence: float
    unit: str = "W"

    def __str__(self) -> str:
        low, high = self.ci
        units = {"W": N_("weeks"), "D": N_("days")}.get(self.unit, N_("periods"))
        return tr(
            "Value of {n:,} customers' purchases in the next {s.horizon:g} {units}: "
            "{s.total:,.0f} ({s.confidence:.0%} CI {low:,.0f} to {high:,.0f}) at a margin of "
            "{s.margin:.0%} and {s.discount:.0%} a year",
            s=self,
            n=len(self.customers),
            units=tr(units),
            low=low,
            high=high,
        )


def _draws(estimate: np.ndarray, covariance: np.ndarray, draws: int, rng) -> np.ndarray:
    """Parameter draws from the normal approximation on the log scale (rows: draws)."""
    scaled = covariance / np.outer(estimate, estimate)
    if not np.isfinite(scaled).all():
        return np.tile(estimate, (draws, 1))
    return np.exp(rng.multivariate_normal(np.log(estimate), scaled, size=draws))


def repeat_value(
    fit: BGNBDFit,
    spend: SpendFit,
    summary: pd.DataFrame,
    *,
    margin: float,
    discount: float,
    horizon: float,
    steps: int = 12,
    draws: int = 200,
    seed: int = 0,
) -> RepeatValue:
    """Each customer's discounted margin from purchases in the next ``horizon``, with intervals.

    The horizon is cut into ``steps`` equal periods; the purchases expected in period ``k``,
    ``E[Y(t_k)] - E[Y(t_(k-1))]`` (:func:`cxlib.retention.conditional_repeat`), are discounted by
    ``(1 + discount)^(t_k / year)``, summed, and multiplied by the expected spend
    (:func:`expected_spend`) and the margin. Summing discounted increments over a finite horizon
    is a stated approximation (the BG/NBD has no closed-form discounted value); the intervals
    come from ``draws`` parameter draws of both models and show their estimation error only.

    Parameters
    ----------
    fit : BGNBDFit
    spend : SpendFit
    summary : pandas.DataFrame
        Columns ``x``, ``t_x``, ``T``, ``m_x``.
    margin : float
        Share of spend that is margin, 0 to 1.
    discount : float
        Discount rate per year, e.g. 0.1.
    horizon : float
        Length of the future counted, in the summary's unit (52 for a year in weeks).
    steps : int, default 12
        Periods the horizon is cut into for discounting.
    draws, seed : int

    Returns
    -------
    RepeatValue

    Raises
    ------
    TypeError, ValueError
        Not fits; a margin outside 0 to 1, a negative discount, a horizon not positive,
        ``steps`` or ``draws`` not positive whole numbers.

    References
    ----------
    Fader, Hardie & Lee (2005), eq. 10; Fader, Hardie & Lee (2005b), eq. 5.

    Examples
    --------
    With no discounting, one step and no uncertainty the value is margin x purchases x spend:

    >>> fit = BGNBDFit(0.243, 4.414, 0.793, 2.426, {}, {}, np.full((4, 4), np.nan), 0, 1, "W", .95)
    >>> spend = SpendFit(6.25, 3.74, 15.44, {}, {}, np.full((3, 3), np.nan), 0.0, 946, 0.95)
    >>> one = pd.DataFrame({"x": [2], "t_x": [30.43], "T": [38.86], "m_x": [22.35]})
    >>> value = repeat_value(fit, spend, one, margin=0.3, discount=0.0, horizon=39, steps=1)
    >>> round(value.total, 2), round(0.3 * 1.226028 * 24.6587, 2)
    (9.07, 9.07)
    """
    if not isinstance(fit, BGNBDFit):
        raise TypeError(f"expected a fit from retention.fit_bgnbd(), got {type(fit).__name__}")
    if not isinstance(spend, SpendFit):
        raise TypeError(f"expected a fit from retention.fit_spend(), got {type(spend).__name__}")
    for name, number, low, high in (
        ("margin", margin, 0.0, 1.0),
        ("discount", discount, 0.0, np.inf),
        ("horizon", horizon, 1e-12, np.inf),
    ):
        if isinstance(number, bool) or not isinstance(number, (int, float, np.number)):
            raise TypeError(f"{name} must be a number, got {number!r}")
        if not (low <= number <= high) or not np.isfinite(number):
            raise ValueError(f"{name} must be between {low:g} and {high:g}, got {number!r}")
    for name, number in (("steps", steps), ("draws", draws)):
        if isinstance(number, bool) or not isinstance(number, (int, np.integer)) or number < 1:
            raise ValueError(f"{name} must be a positive whole number, got {number!r}")
    x, t_x, big_t = _columns(summary)
    _spend_columns(summary)
    m_x = summary["m_x"].to_numpy(dtype="float64", na_value=np.nan)
    year = 365.25 / UNITS[fit.unit]
    ends = horizon * np.arange(1, steps + 1) / steps
    factors = (1.0 + discount) ** -(ends / year)

    def per_customer(r, alpha, a, b, p, q, gamma):
        shape = (*np.shape(r), 1, 1)
        args = [np.reshape(v, shape) for v in (r, alpha, a, b)]
        cumulative = _conditional(*args, x[:, None], t_x[:, None], big_t[:, None], ends)
        increments = np.diff(cumulative, axis=-1, prepend=0.0)
        transactions = increments @ factors
        spent = _expected(*(np.reshape(v, (*np.shape(p), 1)) for v in (p, q, gamma)), x, m_x)
        return transactions, spent

    transactions, spent = per_customer(
        fit.r, fit.alpha, fit.a, fit.b, spend.p, spend.q, spend.gamma
    )
    value = margin * transactions * spent
    rng = np.random.default_rng(seed)
    behaviour = _draws(np.array([fit.r, fit.alpha, fit.a, fit.b]), fit.covariance, draws, rng)
    money = _draws(np.array([spend.p, spend.q, spend.gamma]), spend.covariance, draws, rng)
    money[:, 1] = np.maximum(money[:, 1], 1.0 + 1e-6)
    sampled_t, sampled_s = per_customer(*behaviour.T, *money.T)
    sampled = margin * sampled_t * sampled_s
    tail = (1 - fit.confidence) / 2 * 100
    low, high = np.percentile(sampled, [tail, 100 - tail], axis=0)
    totals = sampled.sum(axis=1)
    table = pd.DataFrame(
        {
            "transactions": transactions,
            "spend": spent,
            "value": value,
            "value_low": low,
            "value_high": high,
        },
        index=summary.index,
    )
    ci = tuple(float(v) for v in np.percentile(totals, [tail, 100 - tail]))
    return RepeatValue(
        table,
        float(value.sum()),
        ci,
        float(horizon),
        float(margin),
        float(discount),
        fit.confidence,
        fit.unit,
    )
