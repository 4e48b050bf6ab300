"""Generate ``servqual_survey.csv``: a SYNTHETIC SERVQUAL survey of three hotels of one chain.

Every number is invented for teaching. 300 guests answer the 22 SERVQUAL items twice on a 1-7
scale: expectations of an excellent hotel (E1-E22) and perceptions of this hotel (P1-P22), and
split 100 importance points over the five dimensions (the 1991 form of the survey). Built-in
patterns: expectations are highest for reliability, perceptions lowest for responsiveness,
and the Guangzhou hotel is slowest to respond.

Run ``python datasets/make_servqual.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, ROWS = 20261123, 300
OUTPUT = "servqual_survey.csv"
BRANCHES = ["上海", "北京", "广州"]
SIZES = [4, 5, 4, 4, 5]
DIMENSIONS = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
EXPECTATION_SHIFT = np.array([-0.4, 0.5, 0.2, 0.2, 0.0])
PERCEPTION_SHIFT = np.array([0.4, -0.2, -0.5, 0.1, -0.1])
GUANGZHOU_RESPONSIVENESS = -0.8
IMPORTANCE = np.array([11, 32, 22, 19, 16])  # mean points: teaching assumption


def make(seed: int = SEED, rows: int = ROWS) -> pd.DataFrame:
    """Draw the survey (vectorised over respondents)."""
    rng = np.random.default_rng(seed)
    branch = rng.choice(len(BRANCHES), size=rows)
    item_dimension = np.repeat(np.arange(5), SIZES)
    e_level = rng.normal(6.0, 0.5, size=(rows, 1)) + EXPECTATION_SHIFT[item_dimension]
    p_shift = PERCEPTION_SHIFT[item_dimension] + np.where(
        (branch[:, None] == 2) & (item_dimension == 2), GUANGZHOU_RESPONSIVENESS, 0.0
    )
    p_level = rng.normal(5.2, 0.7, size=(rows, 1)) + p_shift
    expectations = np.clip(np.rint(e_level + rng.normal(0, 0.6, (rows, 22))), 1, 7).astype(np.int8)
    perceptions = np.clip(np.rint(p_level + rng.normal(0, 0.7, (rows, 22))), 1, 7).astype(np.int8)
    frame = pd.DataFrame(
        {
            "respondent_id": [f"S{i:03d}" for i in range(1, rows + 1)],
            "branch": np.asarray(BRANCHES)[branch],
        }
    )
    for i in range(22):
        frame[f"E{i + 1}"] = expectations[:, i]
    for i in range(22):
        frame[f"P{i + 1}"] = perceptions[:, i]
    points = _points(rng.dirichlet(IMPORTANCE / 2, size=rows) * 100)
    for d, name in enumerate(DIMENSIONS):
        frame[f"points_{name}"] = points[:, d]
    return frame


def _points(shares: np.ndarray) -> np.ndarray:
    """Whole points summing to 100 per row (largest remainders get the leftover points)."""
    whole = np.floor(shares).astype(int)
    short = 100 - whole.sum(axis=1)
    order = np.argsort(-(shares - whole), axis=1)
    rank = np.argsort(order, axis=1)
    return whole + (rank < short[:, None])


def write(path: Path) -> None:
    """Write the CSV in UTF-8 with Unix line endings."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
