"""Generate ``appliance_aftersales.csv``: SYNTHETIC after-sales journeys of an appliance maker.

Every number is invented for teaching; nothing here describes Midea or any real company (the
Midea case page, ``casestudies/midea/midea.md``, says what is sourced). 300 customers who had a
home appliance delivered, installed and, after a fault, repaired, each rated the seven steps of
that journey from -2 (very bad) to +2 (very good), as on the kit's journey map. Each customer
reported the fault, booked the visit and paid through one channel: the service hotline (服务热线),
online self-service (线上自助: the app or mini-program) or a store (门店).

Built-in pattern (the teaching point): the steps done by the same people whatever the channel
(delivery, installation, the engineer's visit, the follow-up call) feel the same in every
channel; reporting the fault is worse on the hotline (the wait), and paying for the repair is
worse on the hotline and in the store, where the price is told only at the door, than online,
where it is shown before the visit.

Run ``python datasets/make_appliance_aftersales.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261212
OUTPUT = "appliance_aftersales.csv"
#: channel, Chinese name, customers
CHANNELS = [("hotline", "服务热线", 120), ("online", "线上自助", 120), ("store", "门店", 60)]
#: stage, step, Chinese name, importance (1-5), assumed mean rating per channel (hotline,
#: online, store) on -2..+2
STEPS = [
    ("purchase", "delivery booking", "预约送货", 3, (0.6, 0.6, 0.6)),
    ("use", "installation", "安装", 4, (0.8, 0.8, 0.8)),
    ("after-sales", "report the fault", "报修", 4, (-1.0, 0.3, 0.2)),
    ("after-sales", "book the engineer's visit", "预约上门", 4, (-0.2, 0.5, 0.1)),
    ("after-sales", "engineer's visit", "上门维修", 5, (0.9, 0.9, 0.9)),
    ("after-sales", "pay for the repair", "维修结算", 4, (-1.1, 0.3, -0.6)),
    ("loyalty", "follow-up call", "回访", 2, (0.3, 0.3, 0.3)),
]


def make(seed: int = SEED) -> pd.DataFrame:
    """One row per customer and step: the channel used and the rating (-2 to +2)."""
    rng = np.random.default_rng(seed)
    sizes = np.array([size for _, _, size in CHANNELS])
    channel_index = np.repeat(np.arange(len(CHANNELS)), sizes)
    customers = len(channel_index)
    means = np.array([step[4] for step in STEPS])  # steps x channels
    assumed = means[:, channel_index].T  # customers x steps
    ratings = np.clip(np.rint(assumed + rng.normal(0, 1.0, assumed.shape)), -2, 2).astype(np.int8)
    steps = len(STEPS)
    return pd.DataFrame(
        {
            "customer": np.repeat(np.arange(1, customers + 1), steps),
            "channel": np.repeat([CHANNELS[i][0] for i in channel_index], steps),
            "channel_zh": np.repeat([CHANNELS[i][1] for i in channel_index], steps),
            "stage": np.tile([step[0] for step in STEPS], customers),
            "step": np.tile([step[1] for step in STEPS], customers),
            "step_zh": np.tile([step[2] for step in STEPS], customers),
            "importance": np.tile([step[3] for step in STEPS], customers).astype(np.int8),
            "rating": ratings.ravel(),
        }
    )


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
