"""Every public function refuses bad input with a message naming what, which rows, how many."""

import numpy as np
import pandas as pd
import pytest

from cxlib import csat, datasets, nps


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [
        ([9, 11, 12, 3], ValueError, ["between 0 and 10", "2 of 4 rows", "rows 1, 2", "11, 12"]),
        ([-1, 5], ValueError, ["between 0 and 10", "1 of 2 rows", "-1"]),
        ([7.5, 9.0], ValueError, ["whole numbers", "1 of 2", "7.5"]),
        (["9", "ten", 8], TypeError, ["text", "2 rows", "'ten'"]),
        ([True, False], TypeError, ["booleans"]),
        ([9, True], TypeError, ["booleans"]),
        ([], ValueError, ["empty"]),
        ([9, np.nan, 3], ValueError, ["missing", "1 of 3", "dropna=True"]),
        (np.array(["2025-01-01"], dtype="datetime64[D]"), TypeError, ["numbers"]),
        (pd.DataFrame({"a": [1]}), TypeError, ["DataFrame"]),
        (7, TypeError, ["sequence"]),
        ("9 10", TypeError, ["sequence"]),
    ],
)
def test_score_refuses(bad, error, words):
    with pytest.raises(error) as caught:
        nps.score(bad)
    for word in words:
        assert word in str(caught.value)


def test_series_messages_name_the_column_and_index_labels():
    scores = pd.Series([9, 15, 3], index=[101, 102, 103], name="likelihood")
    with pytest.raises(
        ValueError,
        match=r"likelihood must lie between 0 and 10; 1 of 3 rows do not: rows 102 \(values 15\)",
    ):
        nps.score(scores)


def test_long_lists_of_offenders_are_shortened_and_counted():
    with pytest.raises(ValueError, match=r"12 of 12 rows.*rows 0, 1, 2, 3, 4, \.\.\."):
        nps.score([11] * 12)


def test_dropna_leaves_out_and_reports_missing():
    result = nps.score(pd.Series([10, None, 0, np.nan], dtype="Float64"), dropna=True)
    assert (result.n, result.dropped, result.nps) == (2, 2, 0.0)
    assert "2 missing left out" in str(result)
    with pytest.raises(ValueError, match="every one of the 2 rows is missing"):
        nps.score([np.nan, np.nan], dropna=True)


def test_classify_with_dropna_keeps_labels_of_the_rest():
    labels = nps.classify(pd.Series([10, np.nan, 3], index=["a", "b", "c"]), dropna=True)
    assert list(labels.index) == ["a", "c"]


def test_out_of_range_after_dropping_points_at_original_rows():
    with pytest.raises(ValueError, match=r"rows 3 \(values 12.0\)"):
        nps.score([9, np.nan, 8, 12], dropna=True)


@pytest.mark.parametrize(
    ("weights", "error", "words"),
    [
        ([1, -2, 1], ValueError, ["non-negative", "1 of 3", "-2"]),
        ([0, 0, 0], ValueError, ["all zero"]),
        ([1, 1], ValueError, ["2 rows", "3 answers"]),
        ([1, np.inf, 1], ValueError, ["finite"]),
        (["a", 1, 1], TypeError, ["text"]),
        ([True, True, False], TypeError, ["booleans"]),
        ([1, np.nan, 1], ValueError, ["missing"]),
    ],
)
def test_weights_are_checked(weights, error, words):
    with pytest.raises(error) as caught:
        nps.score([9, 5, 7], weights=weights)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"confidence": 1.0}, ValueError),
        ({"confidence": 0}, ValueError),
        ({"confidence": "95%"}, TypeError),
        ({"method": "exact"}, ValueError),
        ({"method": "bootstrap", "resamples": 10}, ValueError),
    ],
)
def test_score_options_are_checked(kwargs, error):
    with pytest.raises(error):
        nps.score([9, 10, 3], **kwargs)


def test_sample_size_refuses_impossible_shares():
    with pytest.raises(ValueError, match="must not exceed 1"):
        nps.sample_size(5, 0.7, 0.4)
    with pytest.raises(ValueError, match="margin"):
        nps.sample_size(0, 0.5, 0.2)
    with pytest.raises(ValueError, match="p_promoters"):
        nps.sample_size(5, 1.5, 0.2)
    with pytest.raises(TypeError, match="margin"):
        nps.sample_size("5", 0.5, 0.2)


def test_by_refuses_missing_columns_and_labels():
    df = pd.DataFrame({"score": [9, 3, 10], "city": ["A", None, "B"]})
    with pytest.raises(ValueError, match=r"df has no column 'segment' \(it has: 'score', 'city'\)"):
        nps.by(df, "score", "segment")
    with pytest.raises(ValueError, match=r"city: 1 of 3 rows have no segment label \(rows 1\)"):
        nps.by(df, "score", "city")
    table = nps.by(df, "score", "city", dropna=True)
    assert table["n"].sum() == 2 and table.attrs["dropped"] == 1
    with pytest.raises(TypeError, match="DataFrame"):
        nps.by([1, 2], "score", "city")
    with pytest.raises(ValueError, match="sort"):
        nps.by(df.dropna(), "score", "city", sort="size")


def test_by_names_the_score_column_in_messages():
    df = pd.DataFrame({"ltr": [9, 13], "city": ["A", "B"]})
    with pytest.raises(ValueError, match=r"ltr must lie between 0 and 10"):
        nps.by(df, "ltr", "city")


def test_csat_and_ces_check_their_scale():
    with pytest.raises(ValueError, match="between 1 and 5"):
        csat.csat([5, 6])
    with pytest.raises(ValueError, match="top_box"):
        csat.csat([5, 4], top_box=5)
    with pytest.raises(ValueError, match="scale"):
        csat.csat([5, 4], scale=(5, 1))
    with pytest.raises(TypeError, match="scale"):
        csat.ces([5, 4], scale=(1.0, 7))
    with pytest.raises(ValueError, match="at least two"):
        csat.ces([5])


def test_unknown_dataset_lists_what_exists():
    with pytest.raises(
        ValueError, match=r"no dataset named 'hotel'; available: .*hotel_journey, hotel_nps"
    ):
        datasets.load("hotel")
