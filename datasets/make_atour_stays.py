"""Generate ``atour_stays.csv``: SYNTHETIC hotel stays for the Atour case study (亚朵案例).

Every number is invented for teaching; nothing here is Atour's data or describes a real guest.
1,600 stays in two service designs of a fictional mid-scale hotel chain: ``standard`` and
``designed`` (a welcome drink on arrival, a late-night snack, staff allowed to fix problems on
the spot, a farewell gift at check-out: the practices popular accounts attribute to Atour,
used here as assumptions). Each stay has the guest's emotion at seven touchpoints (-5 to +5),
at most one service problem, whether staff recovered it, the 0-10 recommendation score and a
short Chinese reason.

Teaching assumptions built in (so finding them later shows the *method*, not a fact): the
designed touchpoints feel better on average; a problem costs 4 points of emotion where it
happens, 1.5 if recovered; the score is generated from the remembered stay, modelled as the
mean of the best moment, the worst moment and the end (85%) plus the plain average (15%).

Run ``python datasets/make_atour_stays.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, STAYS_PER_DESIGN = 20261201, 800
OUTPUT = "atour_stays.csv"
TOUCHPOINTS = ["booking", "arrival", "check_in", "room", "night", "breakfast", "check_out"]
MEANS = {  # assumed mean emotion at each touchpoint, in journey order
    "standard": [1.5, 0.5, -0.5, 2.0, 0.5, 1.0, -0.5],
    "designed": [1.5, 2.5, 0.5, 2.0, 1.5, 1.0, 2.0],
}
PROBLEM_RATE = 0.15  # share of stays with one service problem
PROBLEM_PLACES = ["check_in", "room", "night", "breakfast"]
RECOVERY_RATE = {"standard": 0.2, "designed": 0.6}  # problems fixed on the spot
COMPLAINT = {
    "booking": "预订页面太复杂",
    "arrival": "到店没人招呼",
    "check_in": "办理入住排队太久",
    "room": "房间有异味",
    "night": "晚上太吵，没睡好",
    "breakfast": "早餐品种太少",
    "check_out": "退房等了很久，发票也慢",
}
PRAISE = {
    "booking": "预订很方便",
    "arrival": "一进门就奉上一杯热茶，很贴心",
    "check_in": "入住办理很快",
    "room": "房间安静干净，床很舒服",
    "night": "深夜还有一碗热粥",
    "breakfast": "早餐很丰富",
    "check_out": "离店时送了一瓶水和手写卡片，很暖心",
}
RECOVERED = "出了问题，但员工马上解决了"


def _emotions(rng: np.random.Generator, design: str, n: int) -> np.ndarray:
    """Guest mood plus touchpoint noise around the design's means (not yet rounded)."""
    return np.array(MEANS[design]) + rng.normal(0, 1.0, (n, 1)) + rng.normal(0, 1.3, (n, 7))


def _problems(rng: np.random.Generator, design: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each stay's problem happened ("none" for most) and whether it was recovered."""
    has_problem = rng.random(n) < PROBLEM_RATE
    place = np.where(has_problem, rng.choice(PROBLEM_PLACES, n), "none")
    recovered = has_problem & (rng.random(n) < RECOVERY_RATE[design])
    return place, recovered


def _reasons(
    rng: np.random.Generator, emotions: np.ndarray, score: np.ndarray, recovered: np.ndarray
) -> list[str | None]:
    """A short Chinese reason: praise of the best moment, or a complaint about the worst."""
    tie_break = rng.uniform(0, 0.1, emotions.shape)  # ties go to a random touchpoint
    best = np.array(TOUCHPOINTS)[(emotions + tie_break).argmax(axis=1)]
    worst = np.array(TOUCHPOINTS)[(emotions - tie_break).argmin(axis=1)]
    silent = rng.random(len(score)) < 0.2
    reasons: list[str | None] = []
    for i in range(len(score)):
        if silent[i]:
            reasons.append(None)
        elif recovered[i] and score[i] >= 7:
            reasons.append(RECOVERED)
        elif score[i] <= 6:
            reasons.append(COMPLAINT[worst[i]])
        else:
            reasons.append(PRAISE[best[i]])
    return reasons


def make(seed: int = SEED) -> pd.DataFrame:
    """The synthetic stays, standard design first."""
    rng = np.random.default_rng(seed)
    frames = []
    for design in ("standard", "designed"):
        latent = _emotions(rng, design, STAYS_PER_DESIGN)
        place, recovered = _problems(rng, design, STAYS_PER_DESIGN)
        where = place[:, None] == np.array(TOUCHPOINTS)[None, :]
        latent -= where * np.where(recovered, 1.5, 4.0)[:, None]
        emotions = np.clip(np.rint(latent), -5, 5)
        memory = 0.85 * (emotions.max(1) + emotions.min(1) + emotions[:, -1]) / 3
        memory += 0.15 * emotions.mean(1)
        score = np.clip(np.rint(7.0 + 1.1 * memory + rng.normal(0, 1.2, STAYS_PER_DESIGN)), 0, 10)
        frame = pd.DataFrame(
            emotions.astype(np.int8), columns=[f"emotion_{t}" for t in TOUCHPOINTS]
        )
        frame.insert(0, "design", design)
        frame["problem_at"] = place
        frame["recovered"] = recovered
        frame["score"] = score.astype(np.int8)
        frame["reason"] = _reasons(rng, emotions, score, recovered)
        frames.append(frame)
    stays = pd.concat(frames, ignore_index=True)
    stays.insert(0, "stay_id", [f"A{i:04d}" for i in range(1, len(stays) + 1)])
    return stays


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
