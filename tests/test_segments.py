"""Behaviour segments (cxlib.segments): k-means, silhouette, adjusted Rand index, stability."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlib import _cluster_scores, datasets, segments

MEASURES = [
    "visits_per_month",
    "basket_yuan",
    "promo_share",
    "fresh_share",
    "online_share",
    "evening_share",
]


def brute_silhouette(x, labels):
    """Rousseeuw's definition, one row at a time (the reference for the vectorised version)."""
    x, labels = np.asarray(x, float), np.asarray(labels)
    out = []
    for i in range(len(x)):
        d = np.sqrt(((x - x[i]) ** 2).sum(1))
        own = labels == labels[i]
        if own.sum() == 1:
            out.append(0.0)
            continue
        a = d[own].sum() / (own.sum() - 1)
        b = min(d[labels == c].mean() for c in set(labels.tolist()) - {labels[i]})
        out.append((b - a) / max(a, b))
    return np.array(out)


def brute_rand(a, b):
    """The adjusted Rand index from its pair counts, pair by pair (Hubert & Arabie 1985)."""
    pairs = list(itertools.combinations(range(len(a)), 2))
    both = sum(a[i] == a[j] and b[i] == b[j] for i, j in pairs)
    in_a = sum(a[i] == a[j] for i, j in pairs)
    in_b = sum(b[i] == b[j] for i, j in pairs)
    expected = in_a * in_b / len(pairs)
    return (both - expected) / ((in_a + in_b) / 2 - expected)


def test_silhouette_matches_the_definition():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(60, 3))
    labels = rng.integers(0, 4, 60)
    labels[0] = 9  # a segment of one: width 0
    assert np.allclose(segments.silhouette(x, labels), brute_silhouette(x, labels))
    assert segments.silhouette(x, labels)[0] == 0


def test_silhouette_in_chunks_equals_one_block(monkeypatch):
    rng = np.random.default_rng(5)
    x, labels = rng.normal(size=(50, 2)), rng.integers(0, 3, 50)
    whole = segments.silhouette(x, labels)
    monkeypatch.setattr(_cluster_scores, "_CHUNK", 7)
    assert np.allclose(segments.silhouette(x, labels), whole)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=3, max_size=12), st.data())
def test_adjusted_rand_matches_pair_counting(a, data):
    b = data.draw(st.lists(st.integers(0, 3), min_size=len(a), max_size=len(a)))
    expected_trivial = len(set(a)) in (1, len(a)) and len(set(b)) in (1, len(b))
    value = segments.adjusted_rand(a, b)
    if not expected_trivial:
        assert value == pytest.approx(brute_rand(a, b))
    # renaming the segments changes nothing
    assert segments.adjusted_rand([f"s{v}" for v in a], b) == pytest.approx(value)


def test_kmeans_finds_separated_groups_and_is_reproducible():
    rng = np.random.default_rng(0)
    truth = np.repeat([0, 1, 2], [50, 30, 20])
    x = np.vstack([rng.normal(c, 0.2, (n, 2)) for c, n in ((0, 50), (4, 30), (8, 20))])
    fit = segments.kmeans(x, 3, seed=7)
    assert segments.adjusted_rand(fit.labels, truth) == 1.0
    assert fit.sizes.tolist() == [50, 30, 20]  # numbered from the largest
    again = segments.kmeans(x, 3, seed=7)
    assert np.array_equal(again.labels, fit.labels) and again.inertia == fit.inertia
    # inertia is the sum of squared distances to the centres
    assert fit.inertia == pytest.approx(((x - fit.centres[fit.labels]) ** 2).sum())


def test_store_customers_recovers_the_five_true_segments():
    customers = datasets.load("store_customers")
    z = segments.standardise(customers, MEASURES, log=["visits_per_month", "basket_yuan"])
    table = segments.compare_k(z, [3, 4, 5, 6], seed=1, pairs=8)
    assert table["silhouette"].idxmax() == 5
    fit = segments.kmeans(z, 5, seed=1)
    assert segments.adjusted_rand(fit.labels, customers["true_segment"]) > 0.9
    assert table.loc[5, "stability"] > 0.9
    profile = segments.profile(customers, fit.labels, MEASURES)
    assert profile["customers"].sum() == len(customers)
    assert profile["share"].sum() == pytest.approx(1)


def test_structureless_data_still_gets_segments_with_a_weak_silhouette():
    rng = np.random.default_rng(2)
    noise = rng.uniform(size=(300, 2))
    fit = segments.kmeans(noise, 4, seed=1)
    assert fit.k == 4  # k-means always returns the groups asked for
    assert segments.silhouette(noise, fit.labels).mean() < 0.5  # weak at best


def test_bad_input_names_the_problem():
    frame = pd.DataFrame({"visits": [1.0, np.nan, 3.0], "basket": [10.0, 20.0, np.inf]})
    with pytest.raises(ValueError, match=r"2 missing or infinite values in basket, visits"):
        segments.kmeans(frame, 2)
    with pytest.raises(TypeError, match=r"\['city'\] are not numbers"):
        segments.kmeans(pd.DataFrame({"city": ["a", "b"], "x": [1, 2]}), 2)
    with pytest.raises(ValueError, match="need at least 3 distinct rows; data has 2"):
        segments.kmeans([[1.0], [1.0], [2.0]], 3)
    with pytest.raises(TypeError, match="k must be a whole number"):
        segments.kmeans([[1.0], [2.0]], 2.0)
    with pytest.raises(ValueError, match="must be positive to take its logarithm; 1 of 3"):
        segments.standardise(pd.DataFrame({"v": [1.0, 0.0, 2.0]}), ["v"], log=["v"])
    with pytest.raises(ValueError, match="do not vary"):
        segments.standardise(pd.DataFrame({"v": [1.0, 1.0]}), ["v"])
    with pytest.raises(ValueError, match="at least two segments"):
        segments.silhouette([[1.0], [2.0]], [0, 0])
