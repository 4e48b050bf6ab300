"""Maximum likelihood for the repeat-buying models: estimates, standard errors, intervals.

Shared by :mod:`cxlib._bgnbd` and :mod:`cxlib._spend`: parameters are positive, so the search runs
over their logarithms (Nelder-Mead, from several starting points); standard errors come from the
observed information (a central-difference Hessian) and intervals from the log scale, as
:mod:`cxlib._sbg` does for the sBG model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import minimize

from cxlib._stats import critical_z

__all__ = ["fit_by_likelihood", "hessian"]


def hessian(f: Any, x: np.ndarray) -> np.ndarray:
    """Central-difference Hessian of ``f`` at ``x`` (relative steps), any dimension."""
    h = 1e-4 * np.maximum(np.abs(x), 1e-3)
    n = len(x)
    out = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            e_i, e_j = np.eye(n)[i] * h[i], np.eye(n)[j] * h[j]
            out[i, j] = out[j, i] = (
                f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)
            ) / (4 * h[i] * h[j])
    return out


def fit_by_likelihood(log_likelihood: Any, starts: list, names: tuple, confidence: float):
    """Maximise ``log_likelihood(params)`` over the logs of positive parameters; SEs and intervals.

    Returns ``(estimate, se, ci, covariance, log_likelihood)``; shared with the spend model.
    """

    def negative(logs: np.ndarray) -> float:
        return -log_likelihood(np.exp(logs))

    best = None
    for start in starts:
        result = minimize(
            negative,
            np.log(start),
            method="Nelder-Mead",
            options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 20_000, "maxfev": 40_000},
        )
        if best is None or result.fun < best.fun:
            best = result
    estimate = np.exp(best.x)
    if estimate.max() > 1e6 or estimate.min() < 1e-6:
        raise ValueError(
            "the estimate runs off to "
            + ", ".join(f"{n}={v:.3g}" for n, v in zip(names, estimate, strict=True))
            + ": the data do not pin the model down (too few customers or repeat purchases)"
        )
    information = hessian(lambda p: -log_likelihood(p), estimate)
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        covariance = np.full(information.shape, np.nan)
    diagonal = np.diag(covariance)
    se = np.sqrt(np.where(diagonal > 0, diagonal, np.nan))
    z = critical_z(confidence)
    ci = {
        n: (float(v * np.exp(-z * s / v)), float(v * np.exp(z * s / v)))
        for n, v, s in zip(names, estimate, se, strict=True)
    }
    se_named = {n: float(s) for n, s in zip(names, se, strict=True)}
    return estimate, se_named, ci, covariance, -float(best.fun)
