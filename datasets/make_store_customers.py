"""Generate ``store_customers.csv``: SYNTHETIC shopping behaviour of a supermarket's card holders.

Every number is invented for teaching. 1,200 holders of a (fictional) supermarket chain's
loyalty card, each described by six measures of how they shopped over twelve months: visits a
month, the average basket, and the shares of their spending on promotions, on fresh food, online
and in the evening. Each customer was drawn from one of five behaviour segments, and the segment
is kept in the column ``true_segment`` so that a clustering can be checked against the truth;
real data never comes with this column.

Teaching assumptions built in:

- Five segments of different sizes: weekly family shoppers (30%), convenience top-up shoppers
  (25%), bargain hunters (20%), online-first shoppers (15%) and occasional visitors (10%).
- The segments overlap: a measure drawn for one segment can look like another's, so that a
  clustering recovers most customers' segments but not all of them.
- Visits and baskets are skewed (lognormal), as real spending is; the four shares are beta
  distributed between 0 and 1.
- Recency, frequency and monetary value (RFM) separate the top-up shoppers from the family
  shoppers only partly: both spend about the same a month. What tells them apart is how they
  shop (basket size, time of day), the point of segmenting on behaviour.

Run ``python datasets/make_store_customers.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261215
OUTPUT = "store_customers.csv"
CUSTOMERS = 1200
#: segment: share of customers, then per measure the centre of its distribution:
#: visits a month and basket (yuan) as lognormal medians; the four shares as beta means.
SEGMENTS = {
    "family_shop": (0.30, 4.0, 200, 0.20, 0.42, 0.10, 0.30),
    "top_up": (0.25, 12.0, 65, 0.12, 0.22, 0.04, 0.66),
    "bargain": (0.20, 3.2, 150, 0.55, 0.28, 0.08, 0.36),
    "online_first": (0.15, 5.0, 185, 0.24, 0.26, 0.72, 0.42),
    "occasional": (0.10, 0.8, 95, 0.30, 0.18, 0.15, 0.40),
}
#: spread: the log-sd of visits and basket, and the beta "sample size" (larger = tighter)
LOG_SD = (0.35, 0.30)
CONCENTRATION = 18.0


def make(seed: int = SEED) -> pd.DataFrame:
    """One row per card holder."""
    rng = np.random.default_rng(seed)
    names = list(SEGMENTS)
    table = np.array([SEGMENTS[name] for name in names])
    segment = rng.choice(len(names), CUSTOMERS, p=table[:, 0])
    centre = table[segment]
    visits = rng.lognormal(np.log(centre[:, 1]), LOG_SD[0])
    basket = rng.lognormal(np.log(centre[:, 2]), LOG_SD[1])
    means = centre[:, 3:]
    shares = rng.beta(means * CONCENTRATION, (1 - means) * CONCENTRATION)
    frame = pd.DataFrame(
        {
            "customer_id": [f"K{i + 1:04d}" for i in range(CUSTOMERS)],
            "visits_per_month": visits.round(1).clip(0.1, None),
            "basket_yuan": basket.round(0).astype(int).clip(5, None),
            "promo_share": shares[:, 0].round(2),
            "fresh_share": shares[:, 1].round(2),
            "online_share": shares[:, 2].round(2),
            "evening_share": shares[:, 3].round(2),
            "true_segment": np.array(names)[segment],
        }
    )
    return frame


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
