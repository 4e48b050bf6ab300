"""cxlib.reliability: Cronbach's alpha with Feldt's and the BCa bootstrap's intervals."""

import numpy as np
import pytest

from cxlib import reliability


def _skewed_items(rng, n, k=5, cuts=(-2.3, -1.9, -1.3, -0.3)):
    """5-point answers to k items of one trait (loading 0.7), most answers 4 and 5."""
    latent = 0.7 * rng.standard_normal((n, 1)) + np.sqrt(0.51) * rng.standard_normal((n, k))
    return 1 + np.searchsorted(np.asarray(cuts), latent).astype(float)


def test_resampled_alphas_and_jackknife_equal_plain_loops():
    rng = np.random.default_rng(3)
    matrix = _skewed_items(rng, 40)
    picks = rng.integers(0, 40, size=(5, 40))
    counts = np.array([np.bincount(p, minlength=40) for p in picks], dtype=float)
    expected = [reliability.alpha(matrix[p]) for p in picks]
    assert reliability._alphas(counts, matrix) == pytest.approx(expected)
    loop = [reliability.alpha(np.delete(matrix, i, axis=0)) for i in range(40)]
    assert reliability._jackknife(matrix) == pytest.approx(loop)


def test_bca_agrees_with_scipy_bootstrap():
    from scipy.stats import bootstrap

    rng = np.random.default_rng(4)
    matrix = _skewed_items(rng, 150)

    def statistic(rows, axis=-1):
        rows = np.atleast_2d(rows)
        return np.array([reliability.alpha(matrix[r.astype(int)]) for r in rows])

    ours = reliability.bca_interval(matrix, resamples=4000, seed=1)
    theirs = bootstrap(
        (np.arange(150.0),),
        statistic,
        method="BCa",
        n_resamples=4000,
        vectorized=True,
        random_state=np.random.default_rng(2),
    ).confidence_interval
    assert ours == pytest.approx((float(theirs.low[0]), float(theirs.high[0])), abs=0.012)


def test_auto_chooses_feldt_for_normal_items_and_bca_for_skewed_ones():
    rng = np.random.default_rng(5)
    normal = 0.7 * rng.standard_normal((200, 1)) + 0.7 * rng.standard_normal((200, 5))
    result = reliability.alpha_interval(normal)
    assert result.method == "feldt" and result.note == ""
    feldt = reliability.feldt_interval(result.alpha, 200, 5)
    assert result.ci == pytest.approx(feldt)
    matrix = _skewed_items(rng, 200)
    skewed = reliability.alpha_interval(matrix)
    assert skewed.method == "bca" and "skewness" in skewed.note
    assert skewed.ci == reliability.bca_interval(matrix, seed=0)
    # reproducible: the same data give the same interval (seed 0 by default)
    again = reliability.alpha_interval(_skewed_items(np.random.default_rng(9), 200))
    assert again.ci == reliability.alpha_interval(_skewed_items(np.random.default_rng(9), 200)).ci
    with pytest.raises(ValueError, match="method must be one of 'auto', 'feldt', 'bca'"):
        reliability.alpha_interval(normal, method="adf")
    with pytest.raises(ValueError, match="resamples must be a whole number"):
        reliability.alpha_interval(normal, method="bca", resamples=10)


def test_alpha_of_one_is_handled_as_alpha_handles_it():
    # issue 26: alpha() returns 1.0 for identical items, alpha_interval raised
    identical = [[1, 1], [2, 2], [3, 3], [5, 5]]
    assert reliability.alpha(identical) == 1.0
    result = reliability.alpha_interval(identical)
    assert result.alpha == 1.0 and result.ci == (1.0, 1.0) and "agree perfectly" in str(result)
    assert reliability.feldt_interval(1.0, 4, 2) == (1.0, 1.0)
    with pytest.raises(ValueError, match="cannot exceed 1"):
        reliability.feldt_interval(1.2, 4, 2)


def test_bca_covers_better_than_feldt_on_skewed_items_seeded_simulation():
    """Issue 26: Feldt's interval covered 86% on skewed 5-point items at n = 200."""
    from cxlib.reliability import alpha

    truth = alpha(_skewed_items(np.random.default_rng(1), 1_000_000))
    rng = np.random.default_rng(26)
    feldt = bca = 0
    runs = 150
    for run in range(runs):
        matrix = _skewed_items(rng, 200)
        low, high = reliability.alpha_interval(matrix, method="feldt").ci
        feldt += low <= truth <= high
        low, high = reliability.alpha_interval(matrix, resamples=1000, seed=run).ci
        bca += low <= truth <= high
    assert feldt / runs < 0.9 < bca / runs
