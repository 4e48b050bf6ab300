"""Generate ``kano_survey.csv``: a SYNTHETIC Kano survey about eight hotel features.

Every number is invented for teaching. 200 guests answer the functional and dysfunctional
question for each feature, in Chinese (60%) or English words. Each feature has an assumed mix
of true categories (below); answers are drawn from the evaluation-table cells of that category,
with 4% random answer pairs as noise (some become "questionable").

Run ``python datasets/make_kano.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, GUESTS = 20261124, 200
OUTPUT = "kano_survey.csv"
# feature, Chinese name, assumed shares of A, O, M, I, R (teaching assumptions)
FEATURES = [
    ("free Wi-Fi", "免费无线网络", [0.05, 0.20, 0.60, 0.15, 0.00]),
    ("spotless room", "房间一尘不染", [0.05, 0.30, 0.55, 0.10, 0.00]),
    ("fast check-in", "快速入住", [0.15, 0.55, 0.15, 0.15, 0.00]),
    ("late check-out", "延迟退房", [0.40, 0.35, 0.05, 0.20, 0.00]),
    ("welcome fruit", "欢迎水果", [0.55, 0.10, 0.00, 0.35, 0.00]),
    ("robot room service", "机器人送物", [0.35, 0.05, 0.00, 0.50, 0.10]),
    ("smart TV", "智能电视", [0.15, 0.10, 0.05, 0.65, 0.05]),
    ("lobby music", "大堂背景音乐", [0.10, 0.00, 0.00, 0.55, 0.35]),
]
TABLE = np.array([list("QAAAO"), list("RIIIM"), list("RIIIM"), list("RIIIM"), list("RRRRQ")])
ENGLISH = ["like", "must-be", "neutral", "live-with", "dislike"]
CHINESE = ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"]
NOISE = 0.04


def make(seed: int = SEED, guests: int = GUESTS) -> pd.DataFrame:
    """Draw the answers (vectorised over guests, a loop over the eight features)."""
    rng = np.random.default_rng(seed)
    chinese = rng.random(guests) < 0.6
    cells = {letter: np.argwhere(TABLE == letter) for letter in "AOMIR"}
    frames = []
    for name, name_zh, shares in FEATURES:
        category = rng.choice(list("AOMIR"), size=guests, p=shares)
        pair = np.empty((guests, 2), dtype=int)
        for letter in "AOMIR":
            mask = category == letter
            options = cells[letter]
            pair[mask] = options[rng.integers(0, len(options), mask.sum())]
        noisy = rng.random(guests) < NOISE
        pair[noisy] = rng.integers(0, 5, size=(noisy.sum(), 2))
        words = np.where(chinese[:, None], np.asarray(CHINESE)[pair], np.asarray(ENGLISH)[pair])
        frames.append(
            pd.DataFrame(
                {
                    "guest_id": [f"K{i:03d}" for i in range(1, guests + 1)],
                    "feature": name,
                    "feature_zh": name_zh,
                    "functional": words[:, 0],
                    "dysfunctional": words[:, 1],
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(["guest_id", "feature"], kind="stable")


def write(path: Path) -> None:
    """Write the CSV in UTF-8 with Unix line endings."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
