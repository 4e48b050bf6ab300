"""Generate ``park_moments.csv`` and ``park_visitors.csv``: SYNTHETIC theme-park days (迪士尼案例).

Every number is invented for teaching; nothing here is Disney's data or describes a real
guest. 400 fictional visitors to a theme park, each rating how they feel (-5 to +5) at every
moment of the day in an experience-sampling app: entry, queues and rides, a meal, a character
meeting, the parade, walks, the fireworks for those who stay, and the exit. The next day each
rates the day (0-10) and how likely they are to recommend the park (0-10).

Teaching assumptions built in (so finding them later shows the *method*, not a fact):

- a queue feels worse the longer it is, much less so in a themed queue with something to do
  (Maister's 1985 proposition that occupied time feels shorter, taken as given);
- the remembered day follows the peak-end rule (the mean of the best moment and the last
  one), so total queueing time barely enters it (duration neglect);
- families with young children tire: they leave before the fireworks more often, and their
  exit feels worse. Comparing stayers with leavers therefore mixes the fireworks with who
  stays (selection), which the case study untangles.

Run ``python datasets/make_park_day.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, VISITORS = 20261203, 400
OUTPUT = "park_visitors.csv"
MOMENTS_OUTPUT = "park_moments.csv"
PARTIES = ["young children", "older children", "adults only"]
PARTY_SHARES = [0.35, 0.35, 0.30]
STAY_FOR_FIREWORKS = {"young children": 0.35, "older children": 0.7, "adults only": 0.75}
EXIT_AFTER_FIREWORKS = 2.5  # leaving in the crowd under the lights, music playing
FATIGUE = {"young children": 1.5, "older children": 0.5, "adults only": 0.3}  # late-day drop
MOMENT_ZH = {
    "entry": "入园",
    "queue": "排队",
    "ride": "游乐项目",
    "meal": "用餐",
    "character": "与角色见面",
    "parade": "巡游",
    "walk": "步行",
    "fireworks": "烟花",
    "exit": "离园",
}
FEELING = {  # assumed mean happiness of each kind of moment (queues are modelled apart)
    "entry": 2.5, "ride": 3.0, "meal": 1.0, "character": 3.0, "parade": 2.5, "walk": 0.5,
    "fireworks": 4.2, "exit": 1.0,
}  # fmt: skip


def _plan(rng: np.random.Generator, stays: bool) -> list[tuple[str, float]]:
    """The kinds of moment in one visitor's day, each with its clock time (hours)."""
    clock = 9.0 + rng.uniform(0, 1)
    day = [("entry", clock)]
    rides = int(rng.integers(4, 8))
    for ride in range(rides):
        if ride == rides // 2:
            clock += rng.uniform(0.3, 0.6)
            day.append(("meal", clock))
            if rng.random() < 0.6:
                clock += rng.uniform(0.3, 0.8)
                day.append(("character", clock))
        clock += rng.uniform(0.2, 0.5)
        day.append(("walk", clock))
        clock += rng.uniform(0.1, 0.2)
        day.append(("queue", clock))
        clock += rng.uniform(0.4, 1.0)
        day.append(("ride", clock))
    if clock < 15.0 and rng.random() < 0.7:
        day.append(("parade", 15.0 + rng.uniform(0, 0.1)))
        clock = day[-1][1]
    if stays:
        day.append(("fireworks", 21.0))
        day.append(("exit", 21.5 + rng.uniform(0, 0.3)))
    else:
        day.append(("exit", max(clock, 16.0) + rng.uniform(0.3, 2.5)))
    return day


def make_moments(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables: the moments (long format) and the visitors (one row each)."""
    rng = np.random.default_rng(seed)
    party = rng.choice(PARTIES, VISITORS, p=PARTY_SHARES)
    stays = rng.random(VISITORS) < np.vectorize(STAY_FOR_FIREWORKS.get)(party)
    rows = []
    for index in range(VISITORS):
        for kind, clock in _plan(rng, bool(stays[index])):
            rows.append((index, kind, clock))
    moments = pd.DataFrame(rows, columns=["index", "moment", "t"])
    kind = moments["moment"].to_numpy()
    queue = kind == "queue"
    themed = queue & (rng.random(len(kind)) < 0.4)
    midday = np.exp(-((moments["t"].to_numpy() - 13.5) ** 2) / 8)
    wait = np.where(queue, np.rint(rng.gamma(3.0, 8.0 + 10.0 * midday)), 0)
    mood = rng.normal(0, 0.8, VISITORS)[moments["index"]]
    fatigue = np.vectorize(FATIGUE.get)(party[moments["index"]])
    late = np.clip(moments["t"].to_numpy() - 16, 0, None) / 5
    feel = np.vectorize(lambda k: FEELING.get(k, 0.0))(kind)
    feel = np.where(queue, 1.0 - np.where(themed, 0.02, 0.06) * wait, feel)
    after_fireworks = (kind == "exit") & stays[moments["index"]]
    feel = np.where(after_fireworks, EXIT_AFTER_FIREWORKS, feel)
    happiness = feel + mood - fatigue * late + rng.normal(0, 1.0, len(kind))
    moments["happiness"] = np.clip(np.rint(happiness), -5, 5).astype(np.int8)
    moments["wait_minutes"] = wait.astype(np.int16)
    moments["themed_queue"] = themed
    moments["visitor"] = [f"V{i + 1:03d}" for i in moments["index"]]
    moments["moment_zh"] = moments["moment"].map(MOMENT_ZH)
    moments["t"] = moments["t"].round(2)
    moments = moments[
        ["visitor", "t", "moment", "moment_zh", "wait_minutes", "themed_queue", "happiness"]
    ]
    return moments, _visitors(rng, moments, party, stays)


def _visitors(
    rng: np.random.Generator, moments: pd.DataFrame, party: np.ndarray, stays: np.ndarray
) -> pd.DataFrame:
    """Next-day ratings: the remembered day follows the peak-end rule (an assumption)."""
    by_visitor = moments.groupby("visitor", sort=True)
    peak, end = by_visitor["happiness"].max(), by_visitor["happiness"].last()
    memory = ((peak + end) / 2).to_numpy()
    remembered = np.clip(np.rint(5.2 + 0.9 * memory + rng.normal(0, 0.9, VISITORS)), 0, 10)
    score = np.clip(np.rint(remembered + 0.8 + rng.normal(0, 1.0, VISITORS)), 0, 10)
    return pd.DataFrame(
        {
            "visitor": peak.index,
            "party": party,
            "stayed_for_fireworks": stays,
            "queue_minutes": by_visitor["wait_minutes"].sum().to_numpy().astype(np.int16),
            "remembered": remembered.astype(np.int8),
            "score": score.astype(np.int8),
        }
    )


def write(path: Path) -> None:
    """Write both CSVs (UTF-8, Unix line endings); ``path`` names the visitors file."""
    moments, visitors = make_moments()
    visitors.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    moments.to_csv(
        path.with_name(MOMENTS_OUTPUT), index=False, lineterminator="\n", encoding="utf-8"
    )


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
