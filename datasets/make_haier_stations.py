"""Generate ``haier_stations.csv``: SYNTHETIC service-station months for the Haier case (海尔案例).

Every number is invented for teaching; nothing here is Haier's data. Sixteen fictional
after-sales service stations (服务网点) over 24 months. From month 13 the eight ``pilot``
stations name each adopted improvement after the engineer who proposed it (the practice the
Haier case describes); the eight ``comparison`` stations do not. Each station-month records
its engineers, the suggestions they made, how many were adopted, and the NPS survey of its
repair visits (promoters, passives, detractors).

Teaching assumptions built in, so that the honest analysis has something to find: stations
differ in how much they suggest (more than Poisson chance: over-dispersion); a company-wide
quality campaign lifts every station from month 13 (suggestions x 1.15, NPS about +5 points);
the scheme multiplies the pilot's suggestions by 1.5 for good plus a novelty bonus that fades
(x 2.5 in month 13, decaying over about six months), more in some stations than in others
(the multiplier is raised to a station's own power around 1), and adds about 5 NPS points. A naive
before/after in the pilot therefore overstates the scheme's effect on NPS about twofold.

Run ``python datasets/make_haier_stations.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED, STATIONS, MONTHS, START = 20261202, 16, 24, 13
OUTPUT = "haier_stations.csv"
BASE_RATE = 0.3  # suggestions per engineer-month, on average, before anything changes
CAMPAIGN = 1.15  # company-wide multiplier from month START, every station
BASE_SHARES = (0.45, 0.33, 0.22)  # promoters, passives, detractors before
CAMPAIGN_SHIFT = 0.025  # promoters up and detractors down by this much: about +5 points
SCHEME_SHIFT = 0.025  # the pilot's own extra shift: about +5 points more
RESPONSE_SPREAD = 0.35  # stations respond unequally: the multiplier is raised to a lognormal power


def _scheme_multiplier(month: np.ndarray) -> np.ndarray:
    """The scheme's effect on suggestions: x1.5 for good plus a novelty bonus that fades."""
    months_in = month - START
    return np.where(months_in >= 0, 1.5 + 1.0 * np.exp(-np.maximum(months_in, 0) / 6), 1.0)


def make(seed: int = SEED) -> pd.DataFrame:
    """One row per station and month, stations S01-S08 pilot, S09-S16 comparison."""
    rng = np.random.default_rng(seed)
    station = np.repeat(np.arange(1, STATIONS + 1), MONTHS)
    month = np.tile(np.arange(1, MONTHS + 1), STATIONS)
    pilot = station <= STATIONS // 2
    after = month >= START
    engineers = np.repeat(rng.integers(8, 21, STATIONS), MONTHS)
    station_rate = np.repeat(rng.gamma(4.0, BASE_RATE / 4.0, STATIONS), MONTHS)
    season = 1 + 0.15 * np.sin(2 * np.pi * (month - 3) / 12)  # busier summers
    rate = station_rate * season * np.where(after, CAMPAIGN, 1.0)
    response = np.repeat(rng.lognormal(0, RESPONSE_SPREAD, STATIONS), MONTHS)
    rate *= np.where(pilot, _scheme_multiplier(month) ** response, 1.0)
    suggestions = rng.poisson(rate * engineers)
    adopted = rng.binomial(suggestions, 0.3)
    surveyed = rng.integers(40, 81, len(month))
    shift = np.where(after, CAMPAIGN_SHIFT, 0.0) + np.where(pilot & after, SCHEME_SHIFT, 0.0)
    station_tilt = np.repeat(rng.normal(0, 0.02, STATIONS), MONTHS)
    promoters_p = BASE_SHARES[0] + shift + station_tilt
    detractors_p = BASE_SHARES[2] - shift - station_tilt
    shares = np.column_stack([promoters_p, 1 - promoters_p - detractors_p, detractors_p])
    answers = np.array([rng.multinomial(n, p) for n, p in zip(surveyed, shares, strict=True)])
    return pd.DataFrame(
        {
            "station": [f"S{s:02d}" for s in station],
            "group": np.where(pilot, "pilot", "comparison"),
            "month": month.astype(np.int8),
            "period": np.where(after, "after", "before"),
            "engineers": engineers.astype(np.int8),
            "suggestions": suggestions.astype(np.int16),
            "adopted": adopted.astype(np.int16),
            "surveyed": surveyed.astype(np.int16),
            "promoters": answers[:, 0].astype(np.int16),
            "passives": answers[:, 1].astype(np.int16),
            "detractors": answers[:, 2].astype(np.int16),
        }
    )


def write(path: Path) -> None:
    """Write the CSV (UTF-8, Unix line endings)."""
    make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
