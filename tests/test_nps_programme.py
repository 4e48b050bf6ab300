"""cxlib.nps_programme and cxlib.callbacks: who answered, what that does, and the call-back log."""

import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from cxlib import callbacks, datasets, nps, nps_programme

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def invitations():
    return datasets.load("survey_invitations")


@pytest.fixture(scope="module")
def answers(invitations):
    return datasets.load("survey_responses").merge(invitations, on="invitation_id")


def test_response_rates_and_chi_square_match_scipy(invitations):
    table = nps_programme.response_rates(invitations, "responded", by="invited_by")
    crosstab = pd.crosstab(invitations["invited_by"], invitations["responded"])
    chi2, p, dof, _ = chi2_contingency(crosstab.to_numpy(), correction=False)
    assert table.attrs["chi2"] == pytest.approx(chi2)
    assert table.attrs["p_value"] == pytest.approx(p)
    assert table.attrs["df"] == dof
    assert table["invited"].sum() == len(invitations)
    assert table["responded"].sum() == invitations["responded"].sum()
    assert table["share_of_respondents"].sum() == pytest.approx(1, abs=0.002)


def test_one_segment_has_no_test(invitations):
    table = nps_programme.response_rates(invitations, "responded")
    assert len(table) == 1 and table.attrs["p_value"] is None
    assert table.loc[0, "rate"] == pytest.approx(invitations["responded"].mean(), abs=5e-4)


def test_weights_by_hand():
    invited = pd.DataFrame(
        {"problem": [True] * 4 + [False] * 6, "answered": [1, 1, 1, 0, 1, 0, 0, 0, 0, 1]}
    )
    weights = nps_programme.nonresponse_weights(invited, "answered", "problem")
    assert list(weights.index) == [0, 1, 2, 4, 9]
    # 1 / (3/4) and 1 / (2/6), rescaled to a mean of 1
    raw = np.array([4 / 3] * 3 + [3.0] * 2)
    assert weights.to_numpy() == pytest.approx(raw / raw.mean())


def test_weighting_recovers_most_of_the_nonresponse_gap(invitations, answers):
    generator = runpy.run_path(str(ROOT / "datasets/make_survey_followup.py"))
    truth = nps.score(generator["true_scores"]())
    plain = nps.score(answers["score"])
    weights = nps_programme.nonresponse_weights(invitations, "responded", "problem")
    # the weights follow the invitations' respondent rows, in the same order as the answers
    ordered = answers.set_index("invitation_id").loc[
        invitations.loc[weights.index, "invitation_id"]
    ]
    weighted = nps.score(ordered["score"].to_numpy(), weights=weights.to_numpy())
    assert abs(weighted.nps - truth.nps) < abs(plain.nps - truth.nps) / 3
    assert not (plain.ci[0] <= truth.nps <= plain.ci[1])
    assert weighted.ci[0] <= truth.nps <= weighted.ci[1]


def test_manski_bounds_by_hand_and_on_the_data(answers, invitations):
    bounds = nps_programme.nonresponse_bounds([10] * 25 + [8] * 15 + [3] * 10, invited=200)
    assert (bounds.observed, bounds.low, bounds.high) == (30.0, -67.5, 82.5)
    wide = nps_programme.nonresponse_bounds(answers["score"], len(invitations))
    assert wide.high - wide.low == pytest.approx(200 * (1 - wide.response_rate))
    assert "everyone invited" in str(wide)
    full = nps_programme.nonresponse_bounds([10, 3], invited=2)
    assert full.low == full.high == full.observed == 0.0


def test_programme_input_errors_name_what_is_wrong(invitations):
    with pytest.raises(ValueError, match="no column 'answered'"):
        nps_programme.response_rates(invitations, "answered")
    bad = invitations.head(5).assign(responded=["yes", True, False, True, False])
    with pytest.raises(ValueError, match="rows 0 \\(values 'yes'\\)"):
        nps_programme.response_rates(bad, "responded")
    with pytest.raises(ValueError, match="cannot be fewer than the answers"):
        nps_programme.nonresponse_bounds([9, 9, 9], invited=2)
    nobody = pd.DataFrame({"seg": ["a", "a", "b"], "answered": [True, False, False]})
    with pytest.raises(ValueError, match="nobody answered in segment"):
        nps_programme.nonresponse_weights(nobody, "answered", "seg")
    gaps = pd.DataFrame({"seg": ["a", None], "answered": [True, False]})
    with pytest.raises(ValueError, match="missing values in 1 of 2 rows"):
        nps_programme.response_rates(gaps, "answered", by="seg")


def _log():
    return pd.DataFrame(
        {
            "answered_at": pd.to_datetime(["2025-03-01 09:00"] * 5),
            "called_at": pd.to_datetime(
                [
                    "2025-03-01 15:00",
                    "2025-03-02 09:00",
                    "2025-03-05 09:00",
                    None,
                    "2025-03-03 08:00",
                ]
            ),
            "reached": [True, True, False, False, True],
            "outcome": ["fixed", "not_fixed", "not_reached", "not_called", "partly_fixed"],
            "told_customer": [True, False, False, False, False],
            "site": ["a", "a", "b", "b", "b"],
        }
    )


def test_callback_summary_by_hand():
    row = callbacks.summary(_log()).iloc[0]
    # calls after 6, 24, 96 and 47 hours; one never called
    assert row["detractors"] == 5 and row["never_called"] == 1
    assert row["called_in_time"] == 3 and row["called_in_time_share"] == 0.6
    assert row["reached"] == 3 and row["reached_share"] == 0.75
    assert row["helped"] == 2 and row["told"] == 1 and row["told_share"] == 0.5
    assert row["median_hours"] == pytest.approx(35.5)
    by_site = callbacks.summary(_log(), by="site", target_hours=24).set_index("site")
    assert by_site.loc["a", "called_in_time"] == 2 and by_site.loc["b", "called_in_time"] == 0


def test_callback_summary_refuses_impossible_logs():
    early = _log()
    early.loc[0, "called_at"] = pd.Timestamp("2025-02-28 09:00")
    with pytest.raises(ValueError, match="before 'answered_at' in 1 rows"):
        callbacks.summary(early)
    orphan = _log()
    orphan.loc[3, "reached"] = True
    with pytest.raises(ValueError, match="marked 'reached' without a call time"):
        callbacks.summary(orphan)
    odd = _log()
    odd.loc[0, "outcome"] = "sorted"
    with pytest.raises(ValueError, match="rows 0 \\(values 'sorted'\\)"):
        callbacks.summary(odd)
    text = _log().astype({"called_at": object})
    text.loc[1, "called_at"] = "tomorrow"
    with pytest.raises(TypeError, match="not date-times"):
        callbacks.summary(text)


def test_callback_summary_on_the_course_log():
    log = datasets.load("detractor_callbacks")
    row = callbacks.summary(log).iloc[0]
    assert row["detractors"] == len(log)
    assert row["never_called"] == int(log["called_at"].isna().sum())
    assert row["reached"] == int(log["reached"].sum())
    assert row["helped"] == int(log["outcome"].isin(["fixed", "partly_fixed"]).sum())
    assert row["called_in_time_low"] < row["called_in_time_share"] < row["called_in_time_high"]


def test_the_naive_comparison_finds_what_the_calls_did_not_cause(invitations):
    log = datasets.load("detractor_callbacks").merge(invitations, on="invitation_id")
    table = callbacks.naive_comparison(log, "reached", "returned")
    # the generator gives the call no effect; the reached still come back more often
    assert table.loc[1, "rate"] > table.loc[0, "rate"]
    assert "not the call's effect" in table.attrs["warning"]
    assert table.attrs["difference"]["difference"] == pytest.approx(
        table.loc[1, "rate"] - table.loc[0, "rate"]
    )


def test_hours_to_call():
    hours = callbacks.hours_to_call(
        pd.to_datetime(["2025-03-01 09:00", "2025-03-01 09:00"]),
        pd.to_datetime(["2025-03-01 10:30", None]),
    )
    assert hours[0] == 1.5 and np.isnan(hours[1])
