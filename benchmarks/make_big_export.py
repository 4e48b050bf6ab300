"""Write a large, seeded survey export for measuring ``cx`` on big files (not a unit test).

    python benchmarks/make_big_export.py --rows 50000000 --segments 50 --out /tmp/cx_big.csv
    /usr/bin/time -v cx report /tmp/cx_big.csv --score score --by segment -o /tmp/big.html

Columns ``score`` (0-10) and ``segment``; with ``--segments 10000`` it checks the report's cap
on drawn segments. The file is written in chunks of a million lines (memory stays small); keep
it out of the repository.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

CHUNK = 1_000_000
# Seeded answer shares of the scores 0-10 (invented): about 45% promoters, 25% detractors.
SHARES = np.array([2, 1, 2, 3, 3, 6, 8, 12, 18, 20, 25], dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--segments", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=Path("/tmp/cx_big.csv"))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    width = len(str(args.segments - 1))
    lines = np.array(
        [
            f"{score},s{segment:0{width}d}\n".encode()
            for score in range(11)
            for segment in range(args.segments)
        ],
        dtype=object,
    )
    with open(args.out, "wb") as out:
        out.write(b"score,segment\n")
        for start in range(0, args.rows, CHUNK):
            size = min(CHUNK, args.rows - start)
            scores = rng.choice(11, size=size, p=SHARES / SHARES.sum())
            segments = rng.integers(0, args.segments, size=size)
            out.write(b"".join(lines[scores * args.segments + segments]))
    print(f"wrote {args.out}: {args.rows:,} answers, {args.out.stat().st_size / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
