"""Generate the SYNTHETIC NPS programme of a hotel chain: invitations, answers, call-backs.

Every number is invented for teaching; no real company or customer is described. Three files:

- ``survey_invitations.csv``: 6,000 guests who checked out of three hotels in the first quarter
  of 2025 and were invited to the NPS survey, with what is known about *every* one of them
  (hotel, trip, how they were invited, whether a service problem was logged during the stay)
  and what each did in the following twelve months (stayed again; a friend booked with their
  referral code);
- ``survey_responses.csv``: the answers of those who responded (recommend score, satisfaction);
- ``detractor_callbacks.csv``: the call-back log (回访记录) of every detractor.

Teaching assumptions built in, so that the lessons have something to find:

- **Non-response is not random.** Guests with a logged problem answer more often (1 in 3 against
  about 1 in 5), and WeChat invitations are answered more than e-mails. Problem stays score much
  lower, so the respondents' NPS is a few points below what all invited guests would have said
  (their true answers are simulated for everyone, and only the respondents' are kept). Weighting
  by the problem flag recovers most of the gap.
- **Scores go with behaviour, loosely.** One latent experience drives the score, satisfaction,
  staying again and referring: promoters stay again and refer more than detractors, yet most
  promoters never refer anyone (intention is not behaviour; compare Kumar et al. 2007).
- **The call-back has no effect in these data.** Whether a detractor stays again depends on
  their experience only; but detractors with a better experience are easier to reach, so a
  naive "reached versus not reached" comparison finds a difference that the call did not cause.

Run ``python datasets/make_survey_followup.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261209
OUTPUT = "survey_invitations.csv"
RESPONSES_OUTPUT = "survey_responses.csv"
CALLBACKS_OUTPUT = "detractor_callbacks.csv"
INVITED = 6000
START = np.datetime64("2025-01-01T00:00")
DAYS = 90
HOTELS = {"上海": 0.15, "北京": 0.0, "广州": -0.25}  # hotel effect on the latent experience
HOTEL_SHARES = [0.4, 0.35, 0.25]
CHANNELS = ["sms", "wechat", "email"]
CHANNEL_SHARES = [0.35, 0.45, 0.20]
CHANNEL_RESPONSE = {"sms": 0.0, "wechat": 0.35, "email": -0.45}  # log-odds of answering
PROBLEM_RATE = 0.18  # share of stays with a logged service problem
PROBLEM_HIT = 1.3  # how much a problem lowers the latent experience
PROBLEM_RESPONSE = 0.9  # log-odds: guests with a problem answer more often
CALLERS = ["duty_manager", "front_office_manager", "guest_relations"]
CAUSES_PROBLEM = ["maintenance", "cleanliness", "noise", "staff"]
CAUSES_OTHER = ["price", "check_in", "breakfast", "other"]


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def make(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables: invitations, responses, call-backs."""
    return _make(seed)[:3]


def true_scores(seed: int = SEED) -> np.ndarray:
    """Every invited guest's simulated answer, respondents or not: what the survey cannot see."""
    return _make(seed)[3]


def _make(seed: int):
    rng = np.random.default_rng(seed)
    n = INVITED
    day = np.sort(rng.integers(0, DAYS, n))
    minutes = day * 24 * 60 + 8 * 60 + rng.integers(0, 6 * 60, n)  # check-out 08:00-14:00
    checkout = START + minutes.astype("timedelta64[m]")
    hotel = rng.choice(list(HOTELS), n, p=HOTEL_SHARES)
    leisure = rng.random(n) < 0.45
    channel = rng.choice(CHANNELS, n, p=CHANNEL_SHARES)
    problem = rng.random(n) < PROBLEM_RATE
    experience = (
        rng.normal(0, 1, n)
        + np.vectorize(HOTELS.get)(hotel)
        + 0.15 * leisure
        - PROBLEM_HIT * problem
    )
    score = np.clip(np.round(8.25 + 1.6 * experience + rng.normal(0, 0.9, n)), 0, 10)
    satisfaction = np.clip(np.round(3.9 + 0.75 * experience + rng.normal(0, 0.55, n)), 1, 5)
    answer_odds = (
        -1.55
        + PROBLEM_RESPONSE * problem
        + np.vectorize(CHANNEL_RESPONSE.get)(channel)
        + 0.2 * leisure
    )
    responded = rng.random(n) < _logistic(answer_odds)
    returned = rng.random(n) < _logistic(-0.65 + 0.95 * experience + 0.45 * ~leisure)
    referred = rng.random(n) < _logistic(-3.75 + 0.95 * experience)
    ids = np.array([f"V{i:04d}" for i in range(1, n + 1)])
    invitations = pd.DataFrame(
        {
            "invitation_id": ids,
            "checkout": pd.to_datetime(checkout).strftime("%Y-%m-%d"),
            "hotel": hotel,
            "trip_type": np.where(leisure, "leisure", "business"),
            "invited_by": channel,
            "problem": problem,
            "responded": responded,
            "returned": returned,
            "referred": referred,
        }
    )
    delay_minutes = np.round(rng.exponential(30 * 60, n)).astype("int64") + 30
    answered = checkout + delay_minutes.astype("timedelta64[m]")
    responses = pd.DataFrame(
        {
            "invitation_id": ids[responded],
            "answered_at": pd.to_datetime(answered[responded]).strftime("%Y-%m-%d %H:%M:%S"),
            "score": score[responded].astype(int),
            "satisfaction": satisfaction[responded].astype(int),
        }
    )
    callbacks = _callbacks(rng, ids, answered, score, responded, problem, experience)
    return invitations, responses, callbacks, score.astype(int)


def _callbacks(rng, ids, answered, score, responded, problem, experience) -> pd.DataFrame:
    """One row per detractor: who called, when, whether they got through, what was done."""
    rows = responded & (score <= 6)
    k = int(rows.sum())
    called = rng.random(k) >= 0.12
    quick = rng.random(k) < 0.75
    hours = np.where(quick, rng.lognormal(np.log(18), 0.6, k), rng.uniform(48, 200, k))
    called_at = answered[rows] + np.round(hours * 60).astype("int64").astype("timedelta64[m]")
    # easier to reach with a better experience (relative to the other detractors): selection
    relative = experience[rows] - np.median(experience[rows])
    reached = called & (rng.random(k) < _logistic(1.0 + 3.0 * relative))
    cause = np.where(
        problem[rows],
        rng.choice(CAUSES_PROBLEM, k, p=[0.35, 0.25, 0.25, 0.15]),
        rng.choice(CAUSES_OTHER, k, p=[0.4, 0.3, 0.15, 0.15]),
    )
    draw = rng.random(k)
    outcome = np.select(
        [~called, ~reached, draw < 0.45, draw < 0.75],
        ["not_called", "not_reached", "fixed", "partly_fixed"],
        "not_fixed",
    )
    told = np.isin(outcome, ["fixed", "partly_fixed"]) & (rng.random(k) < 0.65)
    return pd.DataFrame(
        {
            "invitation_id": ids[rows],
            "answered_at": pd.to_datetime(answered[rows]).strftime("%Y-%m-%d %H:%M:%S"),
            "called_at": np.where(
                called, pd.to_datetime(called_at).strftime("%Y-%m-%d %H:%M:%S"), ""
            ),
            "caller": rng.choice(CALLERS, k, p=[0.45, 0.35, 0.20]),
            "reached": reached,
            "cause": cause,
            "outcome": outcome,
            "told_customer": told,
        }
    )


def write(path: Path) -> None:
    """Write the three CSVs (UTF-8, Unix line endings); ``path`` names the invitations file."""
    invitations, responses, callbacks = make()
    options = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}
    invitations.to_csv(path, **options)
    responses.to_csv(path.with_name(RESPONSES_OUTPUT), **options)
    callbacks.to_csv(path.with_name(CALLBACKS_OUTPUT), **options)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
