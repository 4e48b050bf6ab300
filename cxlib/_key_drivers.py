"""Key drivers (关键驱动因素): which attribute ratings go with the likelihood to recommend.

Public through :mod:`cxlib.reasons` (``reasons.key_drivers``). Separate from the reason themes
there: this is not text but ratings, each attribute's correlation with the outcome (a Fisher-z
interval) and its relative weight (Johnson 2000), the share of the explained variance it accounts
for, with a bootstrap interval; with ``adjust``, p-values and intervals corrected for testing many
attributes at once.

Book chapter: ``book/nps.md`` ("Why did they answer that way?").

References
----------
Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
variables in multiple regression. *Multivariate Behavioral Research*, 35(1), 1-19.
Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a
small sample. *Metron*, 1, 3-32.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import adjust_p, adjusted_confidence, critical_z

__all__ = ["key_drivers"]


def _relative_weights(correlations: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights from the joint correlation matrix [X..., y].

    With R_xx = Q diag(l) Q', Lambda = Q diag(sqrt l) Q' (the correlations of X with its closest
    orthogonal counterpart Z), beta = Lambda^-1 r_xy, the weight of predictor j is
    sum_k Lambda_jk^2 beta_k^2; the weights add up to the model's R^2.
    """
    r_xx, r_xy = correlations[:-1, :-1], correlations[:-1, -1]
    values, vectors = np.linalg.eigh(r_xx)
    values = np.clip(values, 1e-12, None)
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, r_xy)
    return (lam**2) @ (beta**2)


def key_drivers(
    df: pd.DataFrame,
    target: str,
    attributes: list[str],
    confidence: float = 0.95,
    *,
    resamples: int = 1000,
    seed: int | np.random.Generator | None = None,
    dropna: bool = False,
    adjust: str | None = None,
) -> pd.DataFrame:
    """Which attribute ratings go with the likelihood to recommend, and how much each explains.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent.
    target : str
        The outcome column (for example the 0-10 recommend score).
    attributes : list of str
        Attribute rating columns (at least two).
    confidence : float, default 0.95
        Confidence level of the intervals.
    resamples : int, default 1000
        Bootstrap resamples of respondents for the relative-weight intervals.
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap.
    dropna : bool, default False
        Leave out respondents with a missing value instead of raising.
    adjust : {None, "holm", "bh"}, default None
        For many attributes at once: adds ``correlation_p_value`` (t test of r = 0, n - 2
        degrees of freedom), ``correlation_p_adjusted`` (Holm or Benjamini-Hochberg) and
        intervals at the adjusted level (Bonferroni for Holm, Benjamini-Yekutieli for BH):
        ``correlation_low_adjusted``, ``correlation_high_adjusted``, ``weight_low_adjusted``,
        ``weight_high_adjusted`` (raise ``resamples`` so the far tails hold enough resamples).
        The unadjusted columns stay.

    Returns
    -------
    pandas.DataFrame
        One row per attribute, largest relative weight first: ``attribute, correlation,
        correlation_low, correlation_high`` (Fisher z interval), ``weight`` (Johnson's relative
        weight: its part of R^2), ``weight_low, weight_high`` (bootstrap percentile interval;
        resamples in which a column happens not to vary are left out),
        ``share`` (weight / R^2). ``df.attrs["r2"]`` holds the model's R^2.

    Raises
    ------
    TypeError, ValueError
        Missing columns, non-numeric ratings, missing values (unless ``dropna``), fewer than two
        attributes, fewer respondents than attributes + 3, a column with no variation.

    References
    ----------
    Johnson (2000), Multivariate Behavioral Research 35(1); Fisher (1921), Metron 1.

    See Also
    --------
    code, by_type.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ratings = pd.DataFrame(rng.normal(size=(500, 2)), columns=["staff", "price"])
    >>> ratings["score"] = 2 * ratings["staff"] + ratings["price"] + rng.normal(size=500)
    >>> drivers = key_drivers(ratings, "score", ["staff", "price"], seed=1)
    >>> drivers["attribute"].tolist(), drivers["share"].round(1).tolist()
    (['staff', 'price'], [0.8, 0.2])
    """
    if len(attributes) < 2:
        raise ValueError("key_drivers needs at least two attributes")
    columns = [*attributes, target]
    _validate.columns(df, columns)
    frame = df[columns].dropna() if dropna else df[columns]
    data = np.column_stack(
        [
            _validate.answers(frame[c], low=-np.inf, high=np.inf, integer=False).values
            for c in columns
        ]
    ).astype(float)
    n, k = data.shape[0], len(attributes)
    if n < k + 3:
        raise ValueError(f"key_drivers needs at least {k + 3} complete respondents, got {n}")
    flat = data.std(axis=0) == 0
    if flat.any():
        raise ValueError(
            f"columns with no variation: {[c for c, f in zip(columns, flat, strict=True) if f]}"
        )
    z = critical_z(confidence)
    correlations = np.corrcoef(data, rowvar=False)
    r = correlations[:-1, -1]
    fisher = np.arctanh(np.clip(r, -0.999999, 0.999999))
    half = z / np.sqrt(n - 3)
    weights = _relative_weights(correlations)
    rng = np.random.default_rng(seed)
    boot = np.empty((resamples, k))
    with np.errstate(invalid="ignore", divide="ignore"):
        for b in range(resamples):  # a loop over resamples; each resample is vectorised
            sample = data[rng.integers(0, n, n)]
            matrix = np.corrcoef(sample, rowvar=False)
            # a resample in which a column does not vary has no correlations: leave it out
            boot[b] = np.nan if np.isnan(matrix).any() else _relative_weights(matrix)
    alpha = 1 - confidence
    low, high = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
    extra = {} if adjust is None else _adjusted_drivers(r, n, boot, confidence, adjust)
    r2 = float(weights.sum())
    table = (
        pd.DataFrame(
            {
                "attribute": attributes,
                "correlation": r,
                "correlation_low": np.tanh(fisher - half),
                "correlation_high": np.tanh(fisher + half),
                "weight": weights,
                "weight_low": low,
                "weight_high": high,
                "share": weights / r2,
                **extra,
            }
        )
        .sort_values("weight", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    table.attrs["r2"] = r2
    return table


def _adjusted_drivers(
    r: np.ndarray, n: int, boot: np.ndarray, confidence: float, adjust: str
) -> dict[str, np.ndarray]:
    """P-values of r = 0 (t test), adjusted p-values, and intervals at the adjusted level."""
    from scipy.special import stdtr  # lazy: keeps `import cxlib` light

    with np.errstate(divide="ignore"):
        t = r * np.sqrt((n - 2) / np.maximum(1 - r * r, 0))
    p_value = 2 * stdtr(n - 2, -np.abs(t))
    p_adjusted = adjust_p(p_value, adjust)
    level = adjusted_confidence(
        confidence, len(r), adjust, int((p_adjusted <= 1 - confidence).sum())
    )
    fisher, half = np.arctanh(np.clip(r, -0.999999, 0.999999)), critical_z(level) / np.sqrt(n - 3)
    low, high = np.nanquantile(boot, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return {
        "correlation_p_value": p_value,
        "correlation_p_adjusted": p_adjusted,
        "correlation_low_adjusted": np.tanh(fisher - half),
        "correlation_high_adjusted": np.tanh(fisher + half),
        "weight_low_adjusted": low,
        "weight_high_adjusted": high,
    }
