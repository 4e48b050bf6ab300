"""Generate ``referral_campaign.csv``: a SYNTHETIC test of a reward for sharing (分享奖励).

Every number is invented for teaching; no real company or customer is described. After their
stay, 2,000 guests who had answered 9 or 10 were invited to share a booking link with friends.
Half, chosen at random, were offered a reward (50 yuan off for the guest and the friend when the
friend books); the other half got the same link without one. For each guest the file records
whether they shared, how many times, how many visits their links brought and how many of those
visits became bookings.

Teaching assumptions built in, so that the lessons have something to find:

- **The reward raises sharing** (about 14% of guests share without it, about 22% with it) and
  the number of shares per sharer.
- **But a rewarded share brings fewer visits** (about 1.0 against 1.6 per share) and a visit
  from it books less often (5% against 7%): shares that look paid for persuade less. Counting
  shares alone overstates the reward's value; bookings per invited guest differ little.
- **Visits per share are over-dispersed**: most links bring nobody and a few bring many
  (negative binomial, shape 0.5), so a Poisson interval of visits per share is too narrow.

Run ``python datasets/make_referral_campaign.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261210
OUTPUT = "referral_campaign.csv"
GUESTS = 2000
SHARE_RATE = {"no_reward": 0.14, "reward": 0.22}
EXTRA_SHARES = {"no_reward": 0.6, "reward": 1.0}  # Poisson mean of shares beyond the first
VISITS_PER_SHARE = {"no_reward": 1.6, "reward": 1.0}
BOOKING_RATE = {"no_reward": 0.07, "reward": 0.05}
SHAPE = 0.5  # negative binomial shape of visits per share: smaller is more uneven


def make(seed: int = SEED) -> pd.DataFrame:
    """One row per invited guest, randomised 1:1 to the two arms."""
    rng = np.random.default_rng(seed)
    arm = rng.permutation(np.repeat(["no_reward", "reward"], GUESTS // 2))
    share_rate = np.vectorize(SHARE_RATE.get)(arm)
    shared = rng.random(GUESTS) < share_rate
    shares = np.where(shared, 1 + rng.poisson(np.vectorize(EXTRA_SHARES.get)(arm)), 0)
    mean_visits = shares * np.vectorize(VISITS_PER_SHARE.get)(arm)
    # negative binomial as a gamma-Poisson mixture; each share's visits summed per guest
    visits = rng.poisson(
        rng.gamma(SHAPE * np.maximum(shares, 1), 1 / SHAPE) * mean_visits / np.maximum(shares, 1)
    )
    visits = np.where(shared, visits, 0)
    bookings = rng.binomial(visits, np.vectorize(BOOKING_RATE.get)(arm))
    return pd.DataFrame(
        {
            "guest_id": [f"R{i:04d}" for i in range(1, GUESTS + 1)],
            "arm": arm,
            "shared": shared,
            "shares": shares,
            "visits": visits,
            "bookings": bookings,
        }
    )


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
