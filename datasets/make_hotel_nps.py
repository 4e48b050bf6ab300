"""Generate ``hotel_nps.csv``: a SYNTHETIC NPS survey export of a fictional hotel chain.

Every number in this file is invented for teaching; nothing describes a real company. The
segment effects below are chosen so that the course has something to find (one city scores
lower, higher member tiers score higher) and something not to over-read (small segments with
wide intervals).

Run ``python datasets/make_hotel_nps.py`` to rewrite the CSV; the output is byte-identical on
every run (seeded NumPy generator, fixed formatting), which ``tests/test_datasets.py`` checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261122
ROWS = 2000
OUTPUT = "hotel_nps.csv"

# Segment: (levels, sampling probabilities, effect on the latent 0-10 score).
SEGMENTS = {
    "trip_type": (["business", "leisure"], [0.45, 0.55], [-0.3, 0.1]),
    "member_tier": (
        ["none", "silver", "gold", "platinum"],
        [0.4, 0.3, 0.2, 0.1],
        [-0.4, 0.0, 0.3, 0.6],
    ),
    "city": (
        ["上海", "北京", "广州", "成都", "杭州"],
        [0.3, 0.25, 0.15, 0.15, 0.15],
        [0.2, 0.0, -0.6, 0.3, 0.1],
    ),
    "channel": (
        ["app", "website", "phone", "travel_agency"],
        [0.4, 0.2, 0.1, 0.3],
        [0.2, 0.0, -0.1, -0.3],
    ),
}
BASE_SCORE, SPREAD = 7.9, 1.16  # with the drivers (sd 1.38) the total spread stays about 1.8
SATISFACTION_NOISE, SATISFACTION_SHIFT = 1.2, 0.4
# How much each part of the stay moves the 0-10 recommend score (teaching assumptions).
DRIVER_WEIGHTS = {
    "rating_staff": 0.9,
    "rating_cleanliness": 0.7,
    "rating_check_in": 0.5,
    "rating_room": 0.5,
    "rating_value": 0.3,
    "rating_breakfast": 0.1,
}

# Free-text reasons by customer type, in Chinese and English (share of Chinese: ZH_SHARE).
REASONS = {
    "promoter": (
        [
            "前台服务很热情，入住很快",
            "房间干净，床很舒服",
            "早餐种类丰富，味道好",
            "位置方便，离地铁近",
            "会员礼遇很贴心，送了欢迎水果",
            "退房时员工帮忙叫车，很周到",
            "安静，睡得很好",
        ],
        [
            "Friendly staff and a fast check-in",
            "Spotless room and a very comfortable bed",
            "Great breakfast",
            "Convenient location near the metro",
            "Quiet room, slept well",
        ],
    ),
    "passive": (
        [
            "总体还可以，价格偏高",
            "房间一般，没有特别的亮点",
            "早餐一般，选择不多",
            "服务还行，就是入住等了一会儿",
            "设施有点旧",
        ],
        [
            "Fine overall but a bit pricey",
            "Nothing special",
            "Breakfast was average",
            "Room was OK, facilities a little dated",
        ],
    ),
    "detractor": (
        [
            "房间隔音差，晚上很吵",
            "入住排队太久",
            "卫生间不干净",
            "空调坏了，报修没人管",
            "价格太贵，不值",
            "前台态度冷淡",
            "床不舒服，枕头太硬",
        ],
        [
            "Noisy room, thin walls",
            "Long queue at check-in",
            "Bathroom was not clean",
            "Air conditioning broke and nobody came to fix it",
            "Overpriced for what you get",
            "Unfriendly front desk",
        ],
    ),
}
ZH_SHARE, NO_REASON_SHARE = 0.7, 0.15


def make(seed: int = SEED, rows: int = ROWS) -> pd.DataFrame:
    """Draw the synthetic survey (vectorised; no loop over respondents)."""
    rng = np.random.default_rng(seed)
    frame = {"respondent_id": [f"H{i:05d}" for i in range(1, rows + 1)]}
    days = rng.integers(0, 365, size=rows)
    frame["date"] = (
        pd.Timestamp("2025-01-01") + pd.to_timedelta(np.sort(days), unit="D")
    ).strftime("%Y-%m-%d")
    latent = np.full(rows, BASE_SCORE)
    drawn = {}
    for column, (levels, probabilities, effects) in SEGMENTS.items():
        index = rng.choice(len(levels), size=rows, p=probabilities)
        drawn[column] = np.asarray(levels)[index]
        latent += np.asarray(effects)[index]
    driver_parts = rng.normal(0, 1, size=(rows, len(DRIVER_WEIGHTS)))
    experience = (
        latent
        + driver_parts @ np.array(list(DRIVER_WEIGHTS.values()))
        + rng.normal(0, SPREAD, size=rows)
    )
    score = np.clip(np.rint(experience), 0, 10).astype(np.int8)
    frame["score"] = score
    # Satisfaction (1-5) follows the same experience, loosely: satisfied guests need not promote.
    noise = rng.normal(0, SATISFACTION_NOISE, size=rows)
    satisfaction = (experience + noise) / 2 + SATISFACTION_SHIFT
    frame["satisfaction"] = np.clip(np.rint(satisfaction), 1, 5).astype(np.int8)
    # Attribute ratings (1-5): each follows its own part of the stay; the recommend score leans on
    # them with the DRIVER_WEIGHTS below (teaching assumptions), so key-driver analysis has an
    # answer to find.
    for column, part in zip(DRIVER_WEIGHTS, driver_parts.T, strict=True):
        frame[column] = np.clip(
            np.rint(3.6 + 1.0 * part + 0.08 * (experience - BASE_SCORE)), 1, 5
        ).astype(np.int8)
    frame.update(drawn)
    frame["reason"] = _reasons(rng, score)
    return pd.DataFrame(frame)


def _reasons(rng: np.random.Generator, score: np.ndarray) -> np.ndarray:
    """One reason per respondent matching their customer type; some leave it blank."""
    category = np.where(score >= 9, "promoter", np.where(score >= 7, "passive", "detractor"))
    chinese = rng.random(score.size) < ZH_SHARE
    pick = rng.random(score.size)
    reasons = np.empty(score.size, dtype=object)
    for name, (zh, en) in REASONS.items():  # a loop over 3 types x 2 languages, not respondents
        for language, pool in ((True, zh), (False, en)):
            mask = (category == name) & (chinese == language)
            reasons[mask] = np.asarray(pool, dtype=object)[(pick[mask] * len(pool)).astype(int)]
    reasons[rng.random(score.size) < NO_REASON_SHARE] = None
    return reasons


def write(path: Path) -> None:
    """Write the CSV in UTF-8 with Unix line endings."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
