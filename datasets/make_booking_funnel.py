"""Generate ``booking_funnel.csv``: a SYNTHETIC event log of a hotel's online booking funnel.

Every number is invented for teaching. 5,000 visitors in March 2025 arrive on the app or the
website and may go on from a visit (访问) to a search (搜索), a room view (查看房型), the booking
form (填写订单) and payment (支付). Half the visitors, chosen at random by visitor, see a new,
shorter booking form (an A/B test).

Teaching assumptions built in:

- The largest drop is between the room view and the booking form (prices shown late), the
  second largest at payment.
- The website converts worse than the app at every step after the search.
- The new form raises payment from the form from about 55% to about 63% (a true effect of +8
  points), and changes nothing before it.
- Some visitors open the help page (帮助页) between steps (allowed by an ordered funnel, not by
  a strict one), repeat a search, or come back days later to pay, so the conversion window
  matters: about one payer in ten pays more than 3 days after the first visit.

Run ``python datasets/make_booking_funnel.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261209
OUTPUT = "booking_funnel.csv"
VISITORS = 5000
STEPS = ["visit", "search", "room_view", "booking_form", "payment"]
# chance of going on from the previous step, by device: search, room view, form, payment
GO_ON = {
    "app": [0.72, 0.70, 0.42, 0.57],
    "web": [0.66, 0.62, 0.33, 0.51],
}
NEW_FORM_LIFT = 0.08  # added to the chance of paying once on the form
HELP = 0.12  # chance of a help-page visit before each later step
REPEAT_SEARCH = 0.2
LATE_PAYER = 0.1  # payers who come back days later


def make(seed: int = SEED) -> pd.DataFrame:
    """One row per event, sorted by time."""
    rng = np.random.default_rng(seed)
    device = rng.choice(["app", "web"], VISITORS, p=[0.55, 0.45])
    form = rng.choice(["old", "new"], VISITORS)
    start = np.datetime64("2025-03-01T00:00:00") + rng.integers(0, 31 * 86_400, VISITORS).astype(
        "timedelta64[s]"
    )
    chances = np.array([GO_ON[d] for d in device])
    chances[:, 3] += np.where(form == "new", NEW_FORM_LIFT, 0.0)
    reached = np.cumprod(rng.random((VISITORS, 4)) < chances, axis=1).astype(bool)
    # seconds between steps (lognormal), a few late payers
    gaps = rng.lognormal(np.log([40, 60, 120, 150]), 0.8, (VISITORS, 4))
    late = rng.random(VISITORS) < LATE_PAYER
    gaps[:, 3] += np.where(late, rng.uniform(3, 9, VISITORS) * 86_400, 0.0)
    offsets = np.cumsum(gaps, axis=1)
    rows = [(np.arange(VISITORS), np.zeros(VISITORS), np.zeros(VISITORS, dtype=int))]
    for k in range(4):
        who = np.flatnonzero(reached[:, k])
        rows.append((who, offsets[who, k], np.full(len(who), k + 1)))
        helped = who[rng.random(len(who)) < HELP]  # a help page shortly before this step
        rows.append((helped, offsets[helped, k] - 15, np.full(len(helped), 5)))
    searchers = np.flatnonzero(reached[:, 0])
    again = searchers[rng.random(len(searchers)) < REPEAT_SEARCH]
    rows.append((again, offsets[again, 0] + 20, np.full(len(again), 1)))
    who = np.concatenate([r[0] for r in rows])
    seconds = np.concatenate([r[1] for r in rows]).round().astype("timedelta64[s]")
    step = np.concatenate([r[2] for r in rows])
    names = np.array([*STEPS, "help_page"])
    events = pd.DataFrame(
        {
            "visitor_id": np.array([f"V{i + 1:04d}" for i in range(VISITORS)])[who],
            "time": start[who] + seconds,
            "step": names[step],
            "device": device[who],
            "form_version": form[who],
        }
    )
    events = events.sort_values(["time", "visitor_id"], kind="stable").reset_index(drop=True)
    events["time"] = events["time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return events


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
