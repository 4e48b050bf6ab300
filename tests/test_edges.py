"""Library edges (issue 11): unsigned answers, intervals that contain their estimate, extreme
weights, categorical answers with gaps, messages that only suggest options a function has."""

import numpy as np
import pandas as pd
import pytest

from cxlib import _validate, csat, nps, planning
from cxlib._stats import wilson

Z95 = 1.959963984540054
SCORES = np.array([10, 9, 8, 7, 3, 0, 10, 6, 9, 2, 10, 8])


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64, np.int8])
def test_validate_hands_back_a_signed_type_in_which_differences_do_not_wrap(dtype):
    values = _validate.answers(np.array([3, 5], dtype=dtype), low=0, high=10).values
    assert values.dtype.kind in "if"
    assert values[0] - values[1] == -2  # uint8 would give 254


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_every_nps_and_csat_entry_point_gives_the_same_answer_for_unsigned_answers(dtype):
    small = SCORES.astype(dtype)
    df = pd.DataFrame({"g": list("ab") * 6, "s": SCORES})
    df_small = df.assign(s=df["s"].astype(dtype))
    assert nps.score(small) == nps.score(SCORES)
    assert nps.classify(small).tolist() == nps.classify(SCORES).tolist()
    assert nps.score_counts(small).tolist() == nps.score_counts(SCORES).tolist()
    assert (
        nps.compare(small[:6], small[6:]).difference
        == nps.compare(SCORES[:6], SCORES[6:]).difference
    )
    pd.testing.assert_frame_equal(
        nps.by(df_small, "s", "g", versus="rest"), nps.by(df, "s", "g", versus="rest")
    )
    pd.testing.assert_frame_equal(nps.pairwise(df_small, "s", "g"), nps.pairwise(df, "s", "g"))
    counts = pd.DataFrame({"promoters": [5], "passives": [3], "detractors": [4]})
    pd.testing.assert_frame_equal(nps.by_counts(counts.astype(dtype)), nps.by_counts(counts))
    ratings = np.array([5, 4, 1, 2, 5, 3])
    assert csat.csat(ratings.astype(dtype)) == csat.csat(ratings)
    assert csat.ces(ratings.astype(dtype), scale=(1, 5)) == csat.ces(ratings, scale=(1, 5))
    n = np.array([100, 200], dtype=dtype)
    assert (
        planning.nps_margin(n, 0.5, 0.2).tolist()
        == planning.nps_margin([100, 200], 0.5, 0.2).tolist()
    )
    assert planning.nps_difference_power(n, (0.5, 0.2), (0.4, 0.3)).tolist() == pytest.approx(
        planning.nps_difference_power([100, 200], (0.5, 0.2), (0.4, 0.3)).tolist()
    )


def test_wilson_bounds_contain_the_share_at_zero_and_one():
    # Unclamped, rounding puts the bound 1e-17 on the wrong side for hundreds of these n.
    n = np.linspace(1, 300, 3001)
    for p in (0.0, 1.0):
        low, high = wilson(np.full_like(n, p), n, Z95)
        assert (low <= p).all() and (p <= high).all()
    for answers in ([5] * 7, [1] * 7, [5] * 29 + [4] * 11):
        result = csat.csat(answers)
        assert result.ci[0] <= result.csat <= result.ci[1]


def test_ces_refuses_an_effective_sample_below_two():
    with pytest.raises(ValueError, match=r"effective sample size of at least 2.*1 \(Kish\)"):
        csat.ces([5, 6, 7], weights=[1, 0, 0])
    with pytest.raises(ValueError, match="effective sample size"):
        csat.ces([5, 6], weights=[1, 1e-9])
    assert np.isfinite(csat.ces([5, 6, 7], weights=[1, 1, 0]).se)


def test_weights_of_any_size_give_the_answer_of_weights_of_one():
    ratings = [5, 4, 1, 2, 5, 3]
    for scale in (1e300, 1e-170):
        assert csat.csat(ratings, weights=[scale] * 6).ci == pytest.approx(csat.csat(ratings).ci)
        assert csat.ces(ratings, weights=[scale] * 6).ci == pytest.approx(csat.ces(ratings).ci)
        assert nps.score(SCORES, weights=[scale] * 12) == nps.score(SCORES)
    df = pd.DataFrame({"g": list("ab") * 6, "s": SCORES, "w": 1e-170})
    pd.testing.assert_frame_equal(
        nps.by(df, "s", "g", weights="w"), nps.by(df.assign(w=1.0), "s", "g", weights="w")
    )


@pytest.mark.parametrize(
    "scores",
    [
        pd.Series([10, np.nan, 3, 8], dtype="category"),
        pd.Series(pd.Categorical([10, 3, 8, 3]).add_categories([5])).where(lambda s: s != 8),
        pd.Series(pd.Categorical([10, 3, None, 8], categories=[3, 8, 10])),
    ],
)
def test_categorical_scores_with_missing_values_work_with_dropna(scores):
    result = nps.score(scores, dropna=True)
    assert result.dropped == 1 and result.n == 3
    assert nps.classify(scores, dropna=True).notna().all()
    with pytest.raises(ValueError, match="dropna=True"):
        nps.score(scores)


def test_messages_suggest_dropna_only_where_the_function_has_it():
    with pytest.raises(ValueError, match="pass dropna=True"):
        nps.score([9, np.nan])
    with pytest.raises(ValueError, match="pass dropna=True"):
        csat.csat([5, np.nan])
    counts = pd.DataFrame({"promoters": [5, np.nan], "passives": [1, 2], "detractors": [0, 1]})
    with pytest.raises(ValueError, match="remove or fill them") as error:
        nps.by_counts(counts)
    assert "dropna" not in str(error.value)
    with pytest.raises(ValueError, match="remove or fill them") as error:
        planning.nps_margin([100, np.nan], 0.5, 0.2)
    assert "dropna" not in str(error.value)
