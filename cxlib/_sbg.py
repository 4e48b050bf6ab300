"""The shifted-beta-geometric (sBG) retention model and the lifetime value it implies.

Public through :mod:`cxlib.retention` (``retention.fit_sbg``, ``retention.project``,
``retention.lifetime_value``). The fit itself (likelihood, maximum, standard errors) is in
:mod:`cxlib._sbg_fit` (re-exported here); this module holds what a fit implies: survival and
retention ahead, and the lifetime value.

The story (Fader & Hardie 2007): at each renewal, a customer leaves with a probability
``theta`` that stays the same for that customer but differs from customer to customer, following
a beta distribution with parameters ``alpha`` and ``beta``. Then

- the chance of leaving at renewal ``t`` is
  ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)``,
- the chance of still being a customer after ``t`` renewals is
  ``S(t) = B(alpha, beta + t) / B(alpha, beta)``,
- the retention rate at renewal ``t`` is ``r(t) = (beta + t - 1) / (alpha + beta + t - 1)``, which
  *rises* with ``t`` although no customer changes: the customers likely to leave leave first.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing*, 21(1), 76-90 (equations 5-8; appendix B for the likelihood).
Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85-93 (DEL and DERL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import hyp2f1

from cxlib._sbg_fit import SBGFit, fit_sbg
from cxlib._sbg_fit import _log_likelihood as _log_likelihood  # moved there; importable here
from cxlib.language import tr

__all__ = ["LifetimeValue", "SBGFit", "fit_sbg", "lifetime_value", "project"]


def _draws(fit: SBGFit, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Parameter draws from the estimate's normal approximation on the log scale."""
    rng = np.random.default_rng(seed)
    scale = np.array([fit.alpha, fit.beta])
    covariance = fit.covariance / np.outer(scale, scale)
    if not np.isfinite(covariance).all():
        return np.full(draws, fit.alpha), np.full(draws, fit.beta)
    logs = rng.multivariate_normal(np.log(scale), covariance, size=draws)
    return np.exp(logs[:, 0]), np.exp(logs[:, 1])


def _check_fit(fit: Any) -> SBGFit:
    if not isinstance(fit, SBGFit):
        raise TypeError(f"expected a fit from retention.fit_sbg(), got {type(fit).__name__}")
    return fit


def project(fit: SBGFit, periods: int, *, draws: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Survival and retention rates ahead, from a fitted sBG model, with intervals.

    ``r(t) = (beta + t - 1) / (alpha + beta + t - 1)`` and ``S(t) = r(1) r(2) ... r(t)``
    (Fader & Hardie 2007, equations 1 and 8). Intervals: percentiles over ``draws`` parameter
    draws from the estimate's normal approximation on the log scale (seeded); they show the
    parameters' uncertainty only, not whether the model's story holds.

    Parameters
    ----------
    fit : SBGFit
    periods : int
        Last period to project (0, 1, ..., periods).
    draws : int, default 2000
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by period: ``survival, survival_low, survival_high, retention, retention_low,
        retention_high, expected`` (customers, from the cohort's size) and ``observed`` (the
        fitted counts, NaN beyond them).

    Raises
    ------
    TypeError, ValueError
        Not a fit; ``periods`` not a positive whole number.

    References
    ----------
    Fader & Hardie (2007), equations 1 and 8.

    Examples
    --------
    >>> fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> ahead = project(fit, 12)
    >>> round(float(ahead.loc[12, "survival"]), 3), round(float(ahead.loc[1, "retention"]), 3)
    (0.378, 0.851)
    """
    fit = _check_fit(fit)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods must be a positive whole number, got {periods!r}")
    t = np.arange(1, periods + 1)
    alphas, betas = _draws(fit, draws, seed)
    ratio = (betas[:, None] + t - 1) / (alphas[:, None] + betas[:, None] + t - 1)
    survival = np.cumprod(ratio, axis=1)
    retention = (fit.beta + t - 1) / (fit.alpha + fit.beta + t - 1)
    point = np.concatenate([[1.0], np.cumprod(retention)])
    tail = (1 - fit.confidence) / 2 * 100
    low_s, high_s = np.percentile(survival, [tail, 100 - tail], axis=0)
    low_r, high_r = np.percentile(ratio, [tail, 100 - tail], axis=0)
    observed = np.full(periods + 1, np.nan)
    known = min(len(fit.alive), periods + 1)
    observed[:known] = fit.alive[:known]
    return pd.DataFrame(
        {
            "survival": point,
            "survival_low": np.concatenate([[1.0], low_s]),
            "survival_high": np.concatenate([[1.0], high_s]),
            "retention": np.concatenate([[np.nan], retention]),
            "retention_low": np.concatenate([[np.nan], low_r]),
            "retention_high": np.concatenate([[np.nan], high_r]),
            "expected": fit.alive[0] * point,
            "observed": observed,
        },
        index=pd.RangeIndex(periods + 1, name="period"),
    )


@dataclass(frozen=True)
class LifetimeValue:
    """Expected discounted lifetime value under a fitted sBG model.

    Attributes
    ----------
    clv : float
        Expected discounted lifetime value of a new customer, ``margin * expected_lifetime``.
    ci : tuple of float
        Interval of ``clv`` over parameter draws.
    expected_lifetime : float
        DEL: discounted expected lifetime of a new customer, in payments (the first payment, at
        acquisition, undiscounted).
    residual : pandas.DataFrame
        By renewals made so far: ``derl`` (discounted expected residual lifetime, in payments)
        and ``value`` (``margin * derl``), with ``value_low``, ``value_high``.
    margin, discount : float
    confidence : float
    """

    clv: float
    ci: tuple[float, float]
    expected_lifetime: float
    residual: pd.DataFrame
    margin: float
    discount: float
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Expected lifetime value of a new customer {s.clv:,.0f} ({s.confidence:.0%} CI "
            "{low:,.0f} to {high:,.0f}): {s.expected_lifetime:.2f} discounted payments of "
            "{s.margin:,.0f} at a {s.discount:.0%} discount rate",
            s=self,
            low=low,
            high=high,
        )


def _hyp2f1(b: Any, c: Any, z: float) -> np.ndarray:
    """Gauss's 2F1(1, b; c; z) for 0 < z < 1, c > b > 0: SciPy's, or where it fails (large b and
    c) the series itself, ``sum_k (b)_k / (c)_k z^k``, whose terms shrink at least like z^k."""
    b, c = np.broadcast_arrays(np.asarray(b, dtype=float), np.asarray(c, dtype=float))
    out = np.asarray(hyp2f1(1.0, b, c, z), dtype=float).copy()
    failed = ~np.isfinite(out)
    if failed.any():
        k = np.arange(int(np.ceil(np.log(1e-15) / np.log(z))) + 1)
        for i in zip(*np.nonzero(failed), strict=True) if out.ndim else [()]:
            ratios = (b[i] + k[:-1]) / (c[i] + k[:-1]) * z
            out[i] = 1.0 + np.cumprod(ratios).sum()
    return out if out.ndim else float(out)


def _del(alpha: Any, beta: Any, discount: float) -> Any:
    """Fader & Hardie (2010): DEL = 2F1(1, beta; alpha + beta; 1 / (1 + d))."""
    return _hyp2f1(beta, np.add(alpha, beta), 1.0 / (1.0 + discount))


def _derl(alpha: Any, beta: Any, discount: float, renewals: Any) -> Any:
    """Fader & Hardie (2010), n - 1 = renewals made:
    DERL = (beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1/(1+d))."""
    n = renewals + 1
    return (
        (beta + n - 1)
        / (alpha + beta + n - 1)
        * _hyp2f1(beta + n, alpha + beta + n, 1.0 / (1.0 + discount))
    )


def lifetime_value(
    fit: SBGFit,
    margin: float,
    discount: float,
    *,
    renewals: int | None = None,
    draws: int = 2000,
    seed: int = 0,
) -> LifetimeValue:
    """Expected discounted customer lifetime value (客户终身价值) and residual lifetime, sBG model.

    A new customer pays ``margin`` now and at every renewal while still a customer, each payment
    discounted by ``1 + discount`` per period: ``E(CLV) = margin * DEL`` with
    ``DEL = sum_t S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d))``. A customer who
    has made ``n - 1`` renewals, valued just before the next renewal decision, is worth
    ``margin * DERL`` with ``DERL = sum_{t >= n} S(t) / S(n - 1) / (1 + d)^(t - n)``
    ``= (beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))``
    (Fader & Hardie 2010). DERL rises with tenure: those still here are the loyal ones, which a
    single average retention rate ignores, undervaluing the customer base.

    Parameters
    ----------
    fit : SBGFit
    margin : float
        Net margin per period (per payment).
    discount : float
        Discount rate per period, e.g. 0.1 for 10% a year; must be positive.
    renewals : int, optional
        Highest number of renewals for the ``residual`` table; default: the fitted periods.
    draws, seed : int
        Parameter draws for the interval (as :func:`project`).

    Returns
    -------
    LifetimeValue

    Raises
    ------
    TypeError, ValueError
        Not a fit; a margin or discount that is not a finite number, or a discount that is not
        positive.

    References
    ----------
    Fader & Hardie (2010), Marketing Science 29(1), 85-93; Fader & Hardie (2007).

    Examples
    --------
    Checked against the definition (a hand-worked sum, stated as such): DEL is
    ``sum_t S(t) / 1.1^t``.

    >>> fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> value = lifetime_value(fit, margin=100, discount=0.10)
    >>> survival = project(fit, 400)["survival"].to_numpy()
    >>> round(value.expected_lifetime, 4) == round(float(survival @ 1.1 ** -np.arange(401)), 4)
    True
    >>> round(value.clv, 1)
    592.2
    """
    fit = _check_fit(fit)
    for name, number in (("margin", margin), ("discount", discount)):
        if isinstance(number, bool) or not isinstance(number, (int, float, np.number)):
            raise TypeError(f"{name} must be a number, got {number!r}")
        if not np.isfinite(number):
            raise ValueError(f"{name} must be finite, got {number!r}")
    if discount <= 0:
        raise ValueError(
            f"discount must be positive (e.g. 0.1 for 10% a period), got {discount!r}: without "
            "discounting the expected lifetime can be infinite under the sBG model"
        )
    top = len(fit.alive) - 1 if renewals is None else int(renewals)
    made = np.arange(top + 1)
    alphas, betas = _draws(fit, draws, seed)
    tail = (1 - fit.confidence) / 2 * 100
    lifetime = float(_del(fit.alpha, fit.beta, discount))
    sampled = margin * _del(alphas, betas, discount)
    residual = _derl(fit.alpha, fit.beta, discount, made)
    sampled_residual = margin * _derl(alphas[:, None], betas[:, None], discount, made)
    low, high = np.percentile(sampled_residual, [tail, 100 - tail], axis=0)
    table = pd.DataFrame(
        {"derl": residual, "value": margin * residual, "value_low": low, "value_high": high},
        index=pd.RangeIndex(top + 1, name="renewals"),
    )
    ci = tuple(float(v) for v in np.percentile(sampled, [tail, 100 - tail]))
    return LifetimeValue(
        margin * lifetime, ci, lifetime, table, float(margin), float(discount), fit.confidence
    )
