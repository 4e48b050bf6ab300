"""Generate ``hotel_customers.csv`` and ``hotel_stays.csv``: SYNTHETIC customers of a hotel chain.

Every number is invented for teaching; no real company or customer is described. 8,000 customers
first stay between 2019 and 2025 (the end of observation is 2025-12-31). Each arrives through
one acquisition channel at a cost, books stays at their own rate until, one day, they quietly
stop, and may join the chain's paid club (会员俱乐部, 199 yuan a year), which they renew, or not,
at each anniversary.

Teaching assumptions built in, so that the lessons have something to find:

- **Channels differ** in cost and in the customers they bring: travel agencies bring many
  customers cheaply per head but ones who return least; referrals cost least and return most;
  app advertising costs most.
- **Customers differ**: each has their own stay rate (gamma-distributed) and own lifetime, so
  cohort retention rates rise with age (the sorting effect) and a straight line fitted to early
  retention forecasts badly.
- **Selection into the club** (the Starbucks question): at each stay a non-member joins with a
  probability that rises steeply with how often they stay, so members were heavier customers
  before joining. Joining truly raises the stay rate by a factor ``CLUB_UPLIFT`` (1.25) while the
  membership lasts. A naive member vs non-member comparison therefore overstates the club's effect
  several times. Comparing the same customers before and after joining comes much closer, but
  is not clean either: some members stop being customers after joining (pulling it down), and
  customers who join at a stay had, by chance, not joined at the stays before (pulling it up).
- **Club renewals follow the sBG story**: each member has a churn probability drawn from
  Beta(``RENEW_ALPHA``, ``RENEW_BETA``) and keeps it; renewals stop at the first "no".
- **Retention costs** (perks, birthday coupons, win-back offers) are recorded per customer, so
  acquisition and retention spending can be compared on the data.

Run ``python datasets/make_hotel_members.py``; the output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261208
OUTPUT = "hotel_customers.csv"
STAYS_OUTPUT = "hotel_stays.csv"
CUSTOMERS = 8000
START, END = np.datetime64("2019-01-01"), np.datetime64("2025-12-31")
CHANNELS = ["app", "website", "travel_agency", "referral"]
CHANNEL_SHARES = [0.30, 0.20, 0.35, 0.15]
ACQUISITION_COST = {"app": 220.0, "website": 120.0, "travel_agency": 150.0, "referral": 60.0}
STAYS_PER_YEAR = {"app": 1.8, "website": 1.5, "travel_agency": 1.0, "referral": 2.2}
LIFETIME_YEARS = {"app": 2.5, "website": 2.5, "travel_agency": 1.2, "referral": 4.0}
RATE_SHAPE = 1.3  # gamma shape of the stay rate across customers: smaller is more unequal
CLUB_FEE = 199
CLUB_UPLIFT = 1.25  # the club's true effect on the stay rate while a membership lasts
JOIN_BASE = 0.08  # chance of joining at a stay, for a customer at the average stay rate
JOIN_POWER = 1.5  # how steeply that chance rises with the stay rate (selection)
RENEW_ALPHA, RENEW_BETA = 0.6, 1.5  # beta distribution of members' yearly churn probability
PERK_COST = 90.0  # yuan a year of club perks per member
CRM_COST = 25.0  # yuan a year of coupons and messages per customer with a stay that year
ROOM_RATE = 420.0  # median yuan a night


def _customer_table(rng: np.random.Generator) -> pd.DataFrame:
    """One row per customer: channel, first stay, cost, stay rate and lifetime (latent)."""
    channel = rng.choice(CHANNELS, CUSTOMERS, p=CHANNEL_SHARES)
    # more customers arrive in later years (the chain grows); first stays up to 2025-10-31
    span = int((np.datetime64("2025-10-31") - START).astype(int))
    first = START + (span * rng.beta(1.3, 1.0, CUSTOMERS)).astype(int)
    cost = np.array([ACQUISITION_COST[c] for c in channel]) * rng.lognormal(0, 0.35, CUSTOMERS)
    mean_rate = np.array([STAYS_PER_YEAR[c] for c in channel])
    rate = rng.gamma(RATE_SHAPE, mean_rate / RATE_SHAPE)
    life = rng.exponential(np.array([LIFETIME_YEARS[c] for c in channel]) * 365.25)
    frame = pd.DataFrame(
        {"channel": channel, "first": first, "cost": cost.round(0), "rate": rate, "life": life}
    )
    return frame.sort_values("first", kind="stable").reset_index(drop=True)


def _simulate(rng: np.random.Generator, people: pd.DataFrame) -> tuple[list, list]:
    """Stays and club memberships, customer by customer (a seeded generator, not library code)."""
    stays, members = [], []
    end = int(END.astype(int))
    mean_rate = float(people["rate"].mean())
    for i, person in enumerate(people.itertuples()):
        day = int(np.datetime64(person.first, "D").astype(int))
        last_day = min(end, day + int(person.life))
        join_chance = min(0.6, JOIN_BASE * (person.rate / mean_rate) ** JOIN_POWER)
        member_from = member_until = None
        renewals = 0
        while True:
            stays.append((i, day))
            if member_from is None and rng.random() < join_chance:
                member_from = day
                churn = rng.beta(RENEW_ALPHA, RENEW_BETA)
                renewals = 0
                while member_from + 365 * (renewals + 1) <= end and rng.random() > churn:
                    renewals += 1
                member_until = member_from + 365 * (renewals + 1)
            in_club = member_from is not None and day < member_until
            rate = person.rate * (CLUB_UPLIFT if in_club else 1.0)
            gap = max(1, int(rng.exponential(365.25 / rate)))
            if member_from is not None and day < member_until < day + gap:
                # the membership ends before the next stay: redraw the rest at the plain rate
                gap = member_until - day + max(1, int(rng.exponential(365.25 / person.rate)))
            day += gap
            if day > last_day:
                break
        if member_from is not None:
            lapsed = member_until <= end
            members.append((i, member_from, renewals, lapsed))
    return stays, members


def make(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(customers, stays), both sorted and with identifiers C0001..., S00001...."""
    rng = np.random.default_rng(seed)
    people = _customer_table(rng)
    stays, members = _simulate(rng, people)
    stay = pd.DataFrame(stays, columns=["customer", "day"])
    nights = np.minimum(1 + rng.poisson(0.8, len(stay)), 7)
    price = ROOM_RATE * rng.lognormal(0, 0.3, len(stay))
    stay["nights"] = nights
    stay["amount"] = (nights * price).round(0).astype(int)
    stay["date"] = stay["day"].to_numpy().astype("datetime64[D]")  # days since 1970
    stay = stay.sort_values(["date", "customer"], kind="stable").reset_index(drop=True)
    club = pd.DataFrame(members, columns=["customer", "since", "renewals", "lapsed"])
    people["member"] = False
    people.loc[club["customer"], "member"] = True
    since = pd.Series(pd.NaT, index=people.index, dtype="datetime64[s]")
    since[club["customer"].to_numpy()] = club["since"].to_numpy().astype("datetime64[D]")
    renewals = pd.Series(0, index=people.index)
    renewals[club["customer"].to_numpy()] = club["renewals"].to_numpy()
    lapsed = pd.Series(False, index=people.index)
    lapsed[club["customer"].to_numpy()] = club["lapsed"].to_numpy()
    # tier at the end of 2025, current members only: by their stays in 2025
    recent = stay[stay["date"] >= np.datetime64("2025-01-01")].groupby("customer").size()
    recent = recent.reindex(people.index, fill_value=0).to_numpy()
    current = people["member"].to_numpy() & ~lapsed.to_numpy()
    tier = np.select(
        [~current, recent >= 6, recent >= 3], ["none", "platinum", "gold"], default="silver"
    )
    # retention spending: perks per club year, CRM per calendar year with a stay
    active_years = stay.assign(year=stay["date"].dt.year).groupby("customer")["year"].nunique()
    club_years = np.where(people["member"], renewals + 1, 0)
    retention_cost = (
        PERK_COST * club_years + CRM_COST * active_years.reindex(people.index, fill_value=0)
    ) * rng.lognormal(0, 0.2, CUSTOMERS)
    ids = np.array([f"C{i + 1:04d}" for i in range(CUSTOMERS)])
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "first_stay": pd.to_datetime(people["first"]).dt.strftime("%Y-%m-%d"),
            "channel": people["channel"],
            "acquisition_cost": people["cost"].astype(int),
            "member": people["member"],
            "member_since": since.dt.strftime("%Y-%m-%d").fillna(""),
            "renewals": renewals.astype(int),
            "lapsed": lapsed,
            "tier": tier,
            "retention_cost": retention_cost.round(0).astype(int),
        }
    )
    stays_table = pd.DataFrame(
        {
            "stay_id": [f"S{i + 1:05d}" for i in range(len(stay))],
            "customer_id": ids[stay["customer"].to_numpy()],
            "date": pd.to_datetime(stay["date"]).dt.strftime("%Y-%m-%d"),
            "nights": stay["nights"].astype(int),
            "amount": stay["amount"],
        }
    )
    return customers, stays_table


def write(path: Path) -> None:
    """Write both CSVs (UTF-8, Unix line endings); ``path`` names the customers file."""
    customers, stays = make()
    customers.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    stays.to_csv(path.with_name(STAYS_OUTPUT), index=False, lineterminator="\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(OUTPUT))
