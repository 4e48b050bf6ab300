"""Convert Fader & Hardie's CDNOW_sample.txt into datasets/cdnow_sample.csv (not synthetic).

The only dataset of this folder that is real: the purchases of a 1/10 systematic sample (2,357
customers) of the cohort that first bought at the online music shop CDNOW in the first quarter
of 1997, from then to the end of June 1998, as Peter Fader and Bruce Hardie published it for
teaching and research (brucehardie.com/datasets; Fader & Hardie 2001, Interfaces 31(3), S94-S107).
It is the data of Fader, Hardie & Lee (2005), "Counting your customers the easy way",
Marketing Science 24(2), 275-284, whose BG/NBD estimates ``cxlib.retention.fit_bgnbd``
reproduces (tests/test_repeat_buying.py).

The original is a text file of 6,919 lines, five fields separated by spaces: the customer's ID in
the master dataset, the ID in the sample (1 to 2,357), the date (YYYYMMDD), the number of CDs
bought and the dollar value. Two public copies were compared and found identical line for line
(they differ only in line endings): ``lifetimes/datasets/CDNOW_sample.txt`` of the MIT-licensed
``lifetimes`` package (github.com/CamDavidsonPilon/lifetimes) and ``CDNow/CDNOW_sample.txt`` of
github.com/srepho/srepho.github.io (sha256 of that copy, LF line endings:
e7de98a2448bda51026ac1b1115009d83d882a93a3beb6f8f1594611a0ebc795).

Run ``python datasets/from_cdnow_sample.py CDNOW_sample.txt`` to write the CSV again; the output
is byte-identical to the shipped file. Nothing here downloads anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUTPUT = "cdnow_sample.csv"
ORIGINAL_SHA256 = "e7de98a2448bda51026ac1b1115009d83d882a93a3beb6f8f1594611a0ebc795"


def convert(original: Path) -> pd.DataFrame:
    """The original text file as the shipped table: one row per transaction, file order kept."""
    raw = pd.read_csv(
        original,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "amount"],
        dtype={"master_id": str, "customer_id": str, "date": str},
    )
    if len(raw) != 6919 or raw["customer_id"].nunique() != 2357:
        raise ValueError(
            f"{original}: expected 6,919 transactions of 2,357 customers, found {len(raw):,} of "
            f"{raw['customer_id'].nunique():,}: not Fader & Hardie's CDNOW sample"
        )
    dates = pd.to_datetime(raw["date"], format="%Y%m%d")
    return pd.DataFrame(
        {
            "customer_id": raw["customer_id"],
            "master_id": raw["master_id"],
            "date": dates.dt.strftime("%Y-%m-%d"),
            "cds": raw["cds"],
            "amount": raw["amount"].map("{:.2f}".format),
        }
    )


def write(original: Path, path: Path) -> None:
    """Write the converted table to ``path`` (UTF-8, LF line endings)."""
    convert(original).to_csv(path, index=False, lineterminator="\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python datasets/from_cdnow_sample.py CDNOW_sample.txt")
    write(Path(sys.argv[1]), Path(__file__).resolve().parent / OUTPUT)
