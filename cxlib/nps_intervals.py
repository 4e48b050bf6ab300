"""How sure is an NPS? The interval methods, for one sample or many groups at once.

Part of :mod:`cxlib.nps` (import the public names from there). Book chapter ``book/nps.md``,
sections "How sure can we be?" and "Small samples: which interval?".

One answer scored +1/0/-1 has the trinomial variance ``Var = p_P + p_D - (p_P - p_D)**2``, so
the Wald standard error of NPS in points is ``100 * sqrt(Var / n)``. The adjusted Wald interval
(Rocks 2016) applies the same formula after adding three pseudo-answers, 3/4 promoter, 3/2
passive and 3/4 detractor; it is the default because it covers close to the stated level from
n = 5 upwards, even for extreme shares, where the plain Wald interval collapses to a point
(``benchmarks/nps_coverage.py``). The percentile bootstrap resamples the three counts.

References
----------
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372 (arXiv:1601.07235).
Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact" for interval estimation
of binomial proportions. *The American Statistician*, 52(2), 119-126 (the idea of adding
pseudo-answers).
Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

#: Interval methods; the first is the default.
METHODS = ("adjusted-wald", "wald", "bootstrap")
#: Rocks' (2016) pseudo-answers added by the adjusted Wald interval: detractor, passive, promoter.
PSEUDO = np.array([0.75, 1.5, 0.75])
#: Most bootstrap resamples allowed (10**6 resamples of 3 counts take 24 MB).
MAX_RESAMPLES = 1_000_000
Method = Literal["adjusted-wald", "wald", "bootstrap"]


def check_method(method: str, allowed: tuple[str, ...] = METHODS) -> str:
    """Refuse an unknown interval method, naming the ones this function offers."""
    if method not in allowed:
        raise ValueError(f"method must be one of {', '.join(map(repr, allowed))}, got {method!r}")
    return method


def centre_and_se(
    p_p: np.ndarray, p_d: np.ndarray, n_eff: np.ndarray, method: str
) -> tuple[np.ndarray, np.ndarray]:
    """Centre of the interval and standard error in points, one per group.

    ``"wald"``: the observed NPS and ``100 * sqrt(Var / n)``. ``"adjusted-wald"`` (Rocks 2016):
    the same formulas on counts with 3/4 promoter, 3/2 passive and 3/4 detractor added, i.e.
    shares ``(n p + 3/4) / (n + 3)`` and ``n + 3`` answers. With weights, ``n`` is Kish's
    effective n, so the pseudo-answers weigh as much against a weighted sample as against a
    simple random sample of the same precision.
    """
    if method == "adjusted-wald":
        n_adj = n_eff + PSEUDO.sum()
        p_p = (n_eff * p_p + PSEUDO[2]) / n_adj
        p_d = (n_eff * p_d + PSEUDO[0]) / n_adj
        n_eff = n_adj
    variance = np.clip(p_p + p_d - (p_p - p_d) ** 2, 0, None)  # clip float noise below 0
    return 100 * (p_p - p_d), 100 * np.sqrt(variance / n_eff)


def interval(
    nps: np.ndarray, centre: np.ndarray, se: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """``centre +/- z * se`` within [-100, 100], widened if needed to contain ``nps``."""
    low = np.minimum(np.clip(centre - z * se, -100, 100), nps)
    high = np.maximum(np.clip(centre + z * se, -100, 100), nps)
    return low, high


def statistics(
    counts: np.ndarray, n_eff: np.ndarray, z: float, method: str = "adjusted-wald"
) -> dict[str, np.ndarray]:
    """NPS, shares, standard error and interval from category counts, one value per group.

    ``counts`` has shape (groups, 3) in the order detractor, passive, promoter. This is the
    one place the formulas live.
    """
    total = counts.sum(axis=1)
    shares = counts / total[:, None]
    p_d, p_p = shares[:, 0], shares[:, 2]
    nps = 100 * (p_p - p_d)
    centre, se = centre_and_se(p_p, p_d, n_eff, method)
    low, high = interval(nps, centre, se, z)
    return {
        "nps": nps,
        "promoters": counts[:, 2],
        "passives": counts[:, 1],
        "detractors": counts[:, 0],
        "promoter_share": p_p,
        "passive_share": shares[:, 1],
        "detractor_share": p_d,
        "se": se,
        "ci_low": low,
        "ci_high": high,
    }


def bootstrap(
    shares: np.ndarray,
    n_eff: float,
    confidence: float,
    resamples: int,
    seed: int | np.random.Generator | None,
) -> tuple[float, tuple[float, float]]:
    """SE and percentile interval from multinomial resamples of the category counts."""
    if (
        isinstance(resamples, bool)
        or not isinstance(resamples, (int, np.integer))
        or not 100 <= resamples <= MAX_RESAMPLES
    ):
        raise ValueError(
            f"resamples must be a whole number from 100 to {MAX_RESAMPLES:,}, got {resamples!r}"
            " (10,000 is plenty for a 95% interval)"
        )
    rng = np.random.default_rng(seed)
    n = max(1, round(n_eff))
    draws = rng.multinomial(n, shares / shares.sum(), size=int(resamples))
    nps = 100 * (draws[:, 2] - draws[:, 0]) / n
    alpha = 1 - confidence
    low, high = np.quantile(nps, [alpha / 2, 1 - alpha / 2])
    return float(nps.std(ddof=1)), (float(low), float(high))
