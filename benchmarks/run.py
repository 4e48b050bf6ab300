"""cxlib's speed, measured against the hardware floor in the same run (``make bench``).

Every row times one piece of cxlib and a floor (the plain NumPy or pandas a user would write)
on the same data, interleaved, and reports the ratio of the best times: this machine is shared
and noisy, so absolute times wander but ratios hold. Prints one table, writes the numbers to
``benchmarks/latest.json`` and exits 1 if any goal is missed.

``python benchmarks/run.py --tiny`` runs every row once on tiny data (``tests/`` does this so the
benchmarks cannot rot); its timings mean nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cxlib import kano, nps, retention, servqual

HERE = Path(__file__).resolve().parent


@dataclass
class Row:
    """One line of the table."""

    work: str
    floor: str
    goal: str
    measured: str
    ratio: float | None
    met: bool


def best_times(
    work: Callable[[], object], floor: Callable[[], object] | None, repeats: int
) -> tuple[float, float | None]:
    """Best wall time of work and of floor over interleaved repeats (one warm-up call each)."""
    work()
    if floor is not None:
        floor()
    work_times, floor_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        work_times.append(time.perf_counter() - start)
        if floor is not None:
            start = time.perf_counter()
            floor()
            floor_times.append(time.perf_counter() - start)
    return min(work_times), (min(floor_times) if floor_times else None)


def ratio_row(work: str, floor: str, goal: float, times: tuple[float, float | None]) -> Row:
    """A row whose goal is a ratio to the floor."""
    spent, floor_time = times
    ratio = spent / floor_time
    measured = f"{spent * 1e3:.1f} ms vs {floor_time * 1e3:.1f} ms"
    return Row(work, floor, f"≤ {goal:.1f}×", measured, round(ratio, 2), ratio <= goal)


def run(size: str = "full", repeats: int = 7) -> list[Row]:
    """Measure every row; ``size="tiny"`` only checks that each row runs."""
    tiny = size == "tiny"
    rng = np.random.default_rng(2026)
    n_nps, n_boot, n_servqual, n_kano = (
        (1_000, 1_000, 200, 1_000) if tiny else (10_000_000, 1_000_000, 1_000_000, 1_000_000)
    )
    repeats = 1 if tiny else repeats
    rows = []

    scores = rng.integers(0, 11, n_nps, dtype=np.int8)
    rows.append(
        ratio_row(
            "nps.score, 10M answers (int8 array)",
            "numpy.bincount",
            2.0,
            best_times(
                lambda: nps.score(scores), lambda: np.bincount(scores, minlength=11), repeats
            ),
        )
    )
    series = pd.Series(scores)
    rows.append(
        ratio_row(
            "nps.score, same data as a pandas Series",
            "numpy.bincount",
            2.5,
            best_times(
                lambda: nps.score(series), lambda: np.bincount(scores, minlength=11), repeats
            ),
        )
    )

    segments = pd.Categorical.from_codes(
        rng.integers(0, 50, n_nps), [f"segment {i:02d}" for i in range(50)]
    )
    survey = pd.DataFrame({"score": scores, "segment": segments})
    rows.append(
        ratio_row(
            "nps.by, 10M answers x 50 segments",
            "groupby().value_counts()",
            1.0,
            best_times(
                lambda: nps.by(survey, "score", "segment"),
                lambda: survey.groupby("segment", observed=True)["score"].value_counts(),
                repeats,
            ),
        )
    )

    boot = scores[:n_boot]
    spent, _ = best_times(
        lambda: nps.score(boot, method="bootstrap", resamples=10_000, seed=1), None, repeats
    )
    rows.append(
        Row(
            "bootstrap CI, 1M answers, 10,000 resamples",
            "—",
            "< 1 s",
            f"{spent * 1e3:.1f} ms",
            None,
            spent < 1.0,
        )
    )

    expectations = rng.integers(1, 8, (n_servqual, 22), dtype=np.int8)
    perceptions = rng.integers(1, 8, (n_servqual, 22), dtype=np.int8)
    rows.append(
        ratio_row(
            "servqual.gaps, 1M respondents x 22 items x (E, P)",
            "NumPy mean of P - E per item, (P - E).mean(axis=0)",
            3.0,
            best_times(
                lambda: servqual.gaps(expectations, perceptions),
                lambda: (perceptions - expectations).mean(axis=0),
                repeats,
            ),
        )
    )

    functional = rng.integers(1, 6, n_kano, dtype=np.int8)
    dysfunctional = rng.integers(1, 6, n_kano, dtype=np.int8)
    features = pd.Categorical.from_codes(
        rng.integers(0, 20, n_kano), [f"feature {i:02d}" for i in range(20)]
    )
    answers = pd.DataFrame(
        {"feature": features, "functional": functional, "dysfunctional": dysfunctional}
    )
    table = kano.EVALUATION_TABLE.to_numpy()
    rows.append(
        ratio_row(
            "kano.evaluate, 1M answer pairs, 20 features",
            "5x5 lookup-table index in NumPy",
            3.0,
            best_times(
                lambda: kano.evaluate(answers),
                lambda: table[functional - 1, dysfunctional - 1],
                repeats,
            ),
        )
    )

    rows.extend(order_rows(rng, 1_000 if tiny else 10_000_000, repeats))
    rows.append(import_row(repeats))
    rows.append(memory_row(scores))
    return rows


def order_rows(rng: np.random.Generator, n_orders: int, repeats: int) -> list[Row]:
    """cohorts, repeat_rate and rfm on an order table, against the pandas a user would write."""
    n_customers = max(n_orders // 10, 10)
    start = np.datetime64("2019-01-01T00:00:00", "ns")
    seconds = rng.integers(0, 7 * 365 * 86_400, n_orders).astype("timedelta64[s]")
    orders = pd.DataFrame(
        {
            "customer": rng.integers(0, n_customers, n_orders),
            "time": (start + seconds).astype("datetime64[ns]"),
            "amount": rng.gamma(2.0, 300.0, n_orders).round(0),
        }
    )
    now = pd.Timestamp("2026-01-01")
    horizon = pd.Timedelta("365D")
    label = f"{n_orders / 1e6:g}M orders x {n_customers / 1e6:g}M customers"

    def cohort_floor() -> pd.DataFrame:
        month = orders["time"].dt.year * 12 + orders["time"].dt.month
        cohort = month.groupby(orders["customer"]).transform("min")
        table = orders.assign(cohort=cohort, age=month - cohort)
        return table.groupby(["cohort", "age"])["customer"].nunique().unstack()

    def repeat_floor() -> float:
        first = orders.groupby("customer")["time"].transform("min")
        second = orders[orders["time"] > first].groupby("customer")["time"].min()
        firsts = orders.groupby("customer")["time"].min()
        gap = second.reindex(firsts.index) - firsts
        eligible = firsts + horizon <= orders["time"].max()
        return float((gap[eligible] <= horizon).mean())

    def rfm_floor() -> pd.DataFrame:
        g = orders.groupby("customer").agg(
            last=("time", "max"), frequency=("time", "size"), monetary=("amount", "sum")
        )
        recency = (now - g["last"]).dt.days
        for column, values in (("r", -recency), ("f", g["frequency"]), ("m", g["monetary"])):
            g[column] = pd.qcut(values.rank(method="first"), 5, labels=False) + 1
        return g

    return [
        ratio_row(
            f"retention.cohorts (monthly), {label}",
            "groupby(['cohort', 'age']).nunique().unstack()",
            1.0,
            best_times(
                lambda: retention.cohorts(orders, customer="customer", time="time"),
                cohort_floor,
                repeats,
            ),
        ),
        ratio_row(
            f"retention.repeat_rate (365 days), {label}",
            "groupby().transform('min'), then groupby().min()",
            1.0,
            best_times(
                lambda: retention.repeat_rate(orders, customer="customer", time="time"),
                repeat_floor,
                repeats,
            ),
        ),
        ratio_row(
            f"retention.rfm (scores and segments), {label}",
            "groupby().agg() and three pandas.qcut",
            1.0,
            best_times(
                lambda: retention.rfm(
                    orders, customer="customer", time="time", amount="amount", now=now
                ),
                rfm_floor,
                repeats,
            ),
        ),
    ]


def import_row(repeats: int) -> Row:
    """``import cxlib`` vs ``import pandas``, each in a fresh interpreter (median of runs)."""

    def fresh(module: str) -> float:
        code = (
            f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(out.stdout)

    cxlib_times, pandas_times = [], []
    for _ in range(max(3, repeats)):  # interleaved, so that drift on the machine hits both alike
        cxlib_times.append(fresh("cxlib"))
        pandas_times.append(fresh("pandas"))
    spent, floor = statistics.median(cxlib_times), statistics.median(pandas_times)
    return Row(
        "import cxlib (fresh interpreter)",
        "import pandas",
        "≤ 1.2×",
        f"{spent * 1e3:.0f} ms vs {floor * 1e3:.0f} ms",
        round(spent / floor, 2),
        spent / floor <= 1.2,
    )


def memory_row(scores: np.ndarray) -> Row:
    """Peak memory traced while scoring, against 3x the input's bytes plus 1 MiB."""
    tracemalloc.start()
    nps.score(scores)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    limit = 3 * scores.nbytes + 2**20
    return Row(
        f"peak memory of nps.score, {len(scores):,} int8 answers",
        "3 × input + 1 MiB",
        f"≤ {limit / 2**20:.1f} MiB",
        f"{peak / 2**20:.1f} MiB",
        round(peak / scores.nbytes, 2),
        peak <= limit,
    )


def cpu_model() -> str:
    """The processor's model name (``/proc/cpuinfo`` on Linux, ``sysctl`` on macOS)."""
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    if sys.platform == "darwin":
        out = subprocess.run(
            ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True
        )
        if out.stdout.strip():
            return out.stdout.strip()
    return platform.processor() or platform.machine()


def blas() -> list[dict[str, object]]:
    """NumPy's and SciPy's BLAS: library, version, kernel type and threads (threadpoolctl).

    The same code costs differently with another kernel or thread count (servqual.gaps: book/
    reference/performance.md), so every run says which it had.
    """
    import scipy.linalg  # noqa: F401  (loads SciPy's own BLAS, so that it is listed too)

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return [{"library": "unknown (install threadpoolctl to see it)"}]
    return [
        {
            "library": f"{pool.get('internal_api', pool.get('prefix'))} ({pool.get('prefix')})",
            "version": pool.get("version"),
            "kernel": pool.get("architecture"),
            "threads": pool.get("num_threads"),
        }
        for pool in threadpool_info()
        if pool.get("user_api") == "blas"
    ]


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    import os

    return {
        "cpu": cpu_model(),
        "processor": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "blas": blas(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
    }


def describe(info: dict[str, object]) -> str:
    """The machine as one line above the table."""
    pools = "; ".join(
        f"{b['library']} {b.get('version', '')}, {b.get('kernel', '?')} kernels, "
        f"{b.get('threads', '?')} thread(s)"
        for b in info["blas"]
    )
    return (
        f"{info['cpu']} ({info['processor']}, {info['cores']} cores); Python {info['python']}, "
        f"NumPy {info['numpy']}, pandas {info['pandas']}; BLAS: {pools}"
    )


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| work | floor | goal | measured | ratio | met |", "|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
        lines.append(
            f"| {row.work} | {row.floor} | {row.goal} | {row.measured} | {ratio} | "
            f"{'yes' if row.met else '**no**'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="run each row once on tiny data")
    parser.add_argument(
        "--repeats", type=int, default=7, help="timed repeats per row (best is kept)"
    )
    parser.add_argument(
        "--json", type=Path, default=HERE / "latest.json", help="where to write the numbers"
    )
    options = parser.parse_args()
    rows = run("tiny" if options.tiny else "full", options.repeats)
    info = machine()
    print(f"Machine: {describe(info)}\n")
    print(table(rows))
    if not options.tiny:
        options.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "numpy": np.__version__,
                    "pandas": pd.__version__,
                    "rows": [asdict(row) for row in rows],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if all(row.met for row in rows) or options.tiny else 1


if __name__ == "__main__":
    sys.exit(main())
