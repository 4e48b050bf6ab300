"""Fitting the shifted-beta-geometric (sBG) model: its likelihood and the maximum-likelihood fit.

Public through :mod:`cxlib.retention` (``retention.fit_sbg``) and :mod:`cxlib._sbg`, which holds
what a fit implies (projections, lifetime value); this module holds how the fit is found: the
cohort's counts checked, the log-likelihood of Fader & Hardie (2007, appendix B), its maximum
over ``ln alpha, ln beta`` and the standard errors from a numerical Hessian.

The chance of leaving at renewal ``t`` is ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha,
beta)`` and of still being a customer after ``t`` renewals ``S(t) = B(alpha, beta + t) /
B(alpha, beta)``; customers who left contribute ``ln P(T = t)``, those still active ``ln S(n)``.

References
----------
Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
Interactive Marketing*, 21(1), 76-90 (equations 5-8; appendix B for the likelihood).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln

from cxlib._stats import critical_z
from cxlib.language import tr

__all__ = ["SBGFit", "fit_sbg"]


@dataclass(frozen=True)
class SBGFit:
    """A fitted sBG model.

    Attributes
    ----------
    alpha, beta : float
        Maximum-likelihood estimates of the beta distribution of churn probabilities.
    se_alpha, se_beta : float
        Standard errors from the observed information (the inverse of the numerical Hessian of
        the negative log-likelihood at the estimate).
    ci_alpha, ci_beta : tuple of float
        Intervals, computed on the log scale (so never below 0).
    covariance : numpy.ndarray
        2 x 2 covariance matrix of (alpha, beta).
    log_likelihood : float
    alive : tuple of int
        The counts fitted: customers still active after 0, 1, ..., n renewals.
    confidence : float
    """

    alpha: float
    beta: float
    se_alpha: float
    se_beta: float
    ci_alpha: tuple[float, float]
    ci_beta: tuple[float, float]
    covariance: np.ndarray
    log_likelihood: float
    alive: tuple[int, ...]
    confidence: float

    @property
    def mean_churn(self) -> float:
        """Average churn probability across customers, ``alpha / (alpha + beta)``."""
        return self.alpha / (self.alpha + self.beta)

    def __str__(self) -> str:
        return tr(
            "sBG fit to {periods} periods of {s.alive[0]:,} customers: alpha {s.alpha:.3f} "
            "(SE {s.se_alpha:.3f}), beta {s.beta:.3f} (SE {s.se_beta:.3f}), log-likelihood "
            "{s.log_likelihood:.1f}; mean churn probability {s.mean_churn:.1%}",
            s=self,
            periods=len(self.alive) - 1,
        )


def _counts(alive: Any) -> np.ndarray:
    values = np.asarray(alive, dtype=float)
    if values.ndim != 1 or len(values) < 3:
        raise ValueError(
            "alive must be a list of at least 3 counts: customers active after 0, 1, 2, ... "
            f"renewals; got {alive!r}"
        )
    if not np.isfinite(values).all() or (values != np.round(values)).any() or values.min() < 0:
        raise ValueError(f"alive must hold whole, non-negative counts; got {alive!r}")
    if values[0] == 0:
        raise ValueError("alive[0] (the cohort's size) must be positive")
    rises = np.flatnonzero(np.diff(values) > 0)
    if len(rises):
        raise ValueError(
            f"alive must never increase (customers who left cannot be active again); it rises "
            f"after period {', '.join(map(str, rises[:5]))}: {values.astype(int).tolist()}"
        )
    if values[-1] == values[0]:
        raise ValueError("no customer left in the periods given: the model cannot estimate churn")
    if values[1] == 0:
        raise ValueError("every customer left at the first renewal: there is nothing to model")
    return values


def _log_likelihood(alpha: float, beta: float, alive: np.ndarray) -> float:
    """Fader & Hardie (2007), appendix B: lost customers by period, survivors censored."""
    t = np.arange(1, len(alive))
    lost = alive[:-1] - alive[1:]
    base = betaln(alpha, beta)
    churn = betaln(alpha + 1, beta + t - 1) - base
    survive = betaln(alpha, beta + t[-1]) - base
    return float(lost @ churn + alive[-1] * survive)


def _hessian(f: Any, x: np.ndarray) -> np.ndarray:
    """Central-difference Hessian of f at x (relative steps)."""
    h = 1e-4 * np.maximum(np.abs(x), 1e-3)
    out = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            e_i, e_j = np.eye(2)[i] * h[i], np.eye(2)[j] * h[j]
            out[i, j] = (
                f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)
            ) / (4 * h[i] * h[j])
    return out


def fit_sbg(alive: Any, *, confidence: float = 0.95) -> SBGFit:
    """Fit the shifted-beta-geometric model to a cohort's survivor counts by maximum likelihood.

    ``LL = sum_t n_t ln P(T = t) + alive[-1] ln S(n)`` where ``n_t = alive[t-1] - alive[t]``
    customers left at renewal ``t`` and ``alive[-1]`` are still customers (censored). Maximised
    over ``ln alpha, ln beta`` from two starting points (Fader & Hardie's advice); the standard
    errors come from the observed information, the interval on the log scale.

    Parameters
    ----------
    alive : sequence of int
        Customers of one cohort still active after 0, 1, ..., n renewals (non-increasing).
    confidence : float, default 0.95

    Returns
    -------
    SBGFit

    Raises
    ------
    ValueError
        Fewer than three counts, counts that rise or are not whole, no churn at all, or everyone
        gone at the first renewal.

    References
    ----------
    Fader & Hardie (2007), Journal of Interactive Marketing 21(1), 76-90.

    See Also
    --------
    project, lifetime_value. Chapter ``book/customers.md``.

    Examples
    --------
    Fader & Hardie's (2007) "high end" cohort, years 0-7: alpha 0.668, beta 3.806, LL -1611.2.

    >>> fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> round(fit.alpha, 3), round(fit.beta, 3), round(fit.log_likelihood, 1)
    (0.668, 3.806, -1611.2)
    """
    counts = _counts(alive)

    def negative(x: np.ndarray) -> float:
        return -_log_likelihood(float(np.exp(x[0])), float(np.exp(x[1])), counts)

    best = None
    for start in ((0.0, 0.0), (np.log(0.5), np.log(5.0))):
        result = minimize(
            negative,
            np.array(start),
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000},
        )
        if best is None or result.fun < best.fun:
            best = result
    alpha, beta = np.exp(best.x)
    if max(alpha, beta) > 1e5:
        raise ValueError(
            f"the sBG estimate runs off to alpha={alpha:.3g}, beta={beta:.3g}: the counts show "
            "no heterogeneity the model can use (every customer seems to churn alike)"
        )
    hessian = _hessian(lambda p: -_log_likelihood(p[0], p[1], counts), np.array([alpha, beta]))
    try:
        covariance = np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        covariance = np.full((2, 2), np.nan)
    se = np.sqrt(np.where(np.diag(covariance) > 0, np.diag(covariance), np.nan))
    z = critical_z(confidence)
    ci = [
        (float(v * np.exp(-z * s / v)), float(v * np.exp(z * s / v)))
        for v, s in zip((alpha, beta), se, strict=True)
    ]
    return SBGFit(
        float(alpha),
        float(beta),
        float(se[0]),
        float(se[1]),
        ci[0],
        ci[1],
        covariance,
        -float(best.fun),
        tuple(int(v) for v in counts),
        confidence,
    )
