"""Generate ``hotel_journey.csv`` and ``touchpoint_audit.csv``: SYNTHETIC journey data.

Every number is invented for teaching. ``hotel_journey.csv``: 15 touchpoints of a hotel stay
from awareness to loyalty, each with the mean emotion of 80 surveyed guests (-5 to +5), an
importance weight and a channel. Built-in pattern: the queue at check-in is the worst moment,
the first look at the room the best, and the stay ends on a slightly sour check-out and invoice.
``touchpoint_audit.csv``: 60 mystery-shopper visits to five front-desk interactions, each
channel (words, tone, body language) rated -3 to +3.

Run ``python datasets/make_journey.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, GUESTS, VISITS = 20261125, 80, 12
OUTPUT = "hotel_journey.csv"
AUDIT_OUTPUT = "touchpoint_audit.csv"
TOUCHPOINTS = [  # stage, touchpoint, Chinese, channel, assumed mean emotion, importance
    ("awareness", "friend's recommendation", "朋友推荐", "word of mouth", 2.5, 4),
    ("awareness", "social media post", "社交媒体推文", "app", 1.0, 2),
    ("consideration", "read reviews", "阅读点评", "website", 0.5, 4),
    ("consideration", "compare prices", "比价", "travel agency", -0.5, 3),
    ("purchase", "book in the app", "应用内预订", "app", 1.5, 3),
    ("purchase", "payment", "付款", "app", 0.5, 2),
    ("use", "arrival and check-in queue", "到店排队入住", "front desk", -2.5, 5),
    ("use", "first look at the room", "初见房间", "room", 3.0, 5),
    ("use", "night's sleep", "夜间睡眠", "room", 1.0, 5),
    ("use", "breakfast", "早餐", "restaurant", 2.0, 3),
    ("after-sales", "check-out", "退房", "front desk", -1.0, 4),
    ("after-sales", "invoice request", "开发票", "front desk", -2.0, 3),
    ("after-sales", "feedback survey", "满意度调查", "email", 0.0, 1),
    ("loyalty", "member points", "会员积分", "app", 1.0, 2),
    ("loyalty", "return-visit offer", "回头客优惠", "email", 1.5, 3),
]
AUDIT = [  # touchpoint, Chinese, about feelings, assumed mean words / tone / body
    ("welcome at check-in", "入住欢迎", True, 2.5, 0.5, -0.5),
    ("apology for a late room", "房间未备好的致歉", True, 2.0, -0.5, -1.0),
    ("answer about breakfast hours", "回答早餐时间", False, 2.0, 0.5, 0.0),
    ("explaining the bill", "解释账单", False, 1.5, 0.0, 0.0),
    ("farewell at check-out", "退房送别", True, 2.0, 1.5, 1.0),
]


def make(seed: int = SEED) -> pd.DataFrame:
    """Mean emotion of GUESTS synthetic guests at each touchpoint."""
    rng = np.random.default_rng(seed)
    means = np.array([row[4] for row in TOUCHPOINTS])
    ratings = np.clip(np.rint(means + rng.normal(0, 1.5, (GUESTS, len(means)))), -5, 5)
    return pd.DataFrame(
        {
            "stage": [row[0] for row in TOUCHPOINTS],
            "touchpoint": [row[1] for row in TOUCHPOINTS],
            "touchpoint_zh": [row[2] for row in TOUCHPOINTS],
            "channel": [row[3] for row in TOUCHPOINTS],
            "emotion": ratings.mean(axis=0).round(2),
            "importance": [row[5] for row in TOUCHPOINTS],
            "guests": GUESTS,
        }
    )


def make_audit(seed: int = SEED + 1) -> pd.DataFrame:
    """VISITS mystery-shopper ratings of each audited interaction."""
    rng = np.random.default_rng(seed)
    means = np.repeat(np.array([row[3:] for row in AUDIT], dtype=float), VISITS, axis=0)
    ratings = np.clip(np.rint(means + rng.normal(0, 0.9, means.shape)), -3, 3).astype(np.int8)
    return pd.DataFrame(
        {
            "visit": np.arange(1, len(means) + 1),
            "touchpoint": np.repeat([row[0] for row in AUDIT], VISITS),
            "touchpoint_zh": np.repeat([row[1] for row in AUDIT], VISITS),
            "about_feelings": np.repeat([row[2] for row in AUDIT], VISITS),
            "words": ratings[:, 0],
            "tone": ratings[:, 1],
            "body": ratings[:, 2],
        }
    )


def write(path: Path) -> None:
    """Write both CSVs (UTF-8, Unix line endings); ``path`` names the journey file."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    make_audit().to_csv(
        path.with_name(AUDIT_OUTPUT), index=False, lineterminator="\n", encoding="utf-8"
    )


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
