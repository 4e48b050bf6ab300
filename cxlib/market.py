"""Market sizing (市场空间或存量估计): how big is the market, top-down and bottom-up, with a range.

Book chapter: ``book/customer_analysis.md`` (section "How big is the market?"); workbook:
``notebooks/13_customer_analysis.ipynb``; handout: the kit's market-sizing sheet.

The course outline's fifth line of analysis asks for "目前市场空间或存量估计": an estimate of
the market's size today. Kotler & Keller (2012, p. 88) give the common arithmetic: total market
potential = the number of potential buyers × the average quantity each buys × the average price
(:func:`potential`), with the number of buyers found **top-down** by starting from a base (the
population) and eliminating the groups that would not buy, or more generally by multiplying a
base by several adjusting percentages, the chain-ratio method (:func:`chain`). **Bottom-up**
(:func:`bottom_up`) adds the market up segment by segment from what is known about each (the
hotels in our city by class, the households around our branch by age). Two routes that land far
apart show which assumption to check (:func:`compare`).

Every input may be one number or a range ``(low, high)``. A range is read as a 90% interval,
the way Hubbard (2014) asks estimators to state what they do not know: the true value lies in
it nine times in ten. Quantities that cannot be negative and are multiplied together are best
described on the log scale, so a range is taken as a lognormal 90% interval: its middle is the
geometric mean ``sqrt(low × high)`` and its log standard deviation
``(ln high - ln low) / (2 × 1.645)``. A product of independent lognormal terms is lognormal,
with the product of the middles as its middle and the sum of the log variances as its log
variance, so top-down results get an exact interval; sums (bottom-up) get theirs from a seeded
simulation.

Honest limits: the interval describes only the ranges typed in (assumed independent), not the
uncertainty of choosing the wrong base or leaving a segment out; and a share's range read this
way has an upper tail that can pass 100% in the arithmetic, so keep share ranges away from 1 or
give shares near 1 as single numbers.

References
----------
Kotler, P. & Keller, K. L. (2012). *Marketing Management* (14th ed.). Pearson Prentice Hall,
"Estimating Current Demand", p. 88: total market potential, the book buyers' worked example and
the chain-ratio method.
Hubbard, D. W. (2014). *How to Measure Anything* (3rd ed.). Wiley: calibrated 90% intervals and
Monte Carlo simulation of a model built from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from cxlib.language import N_, tr

__all__ = ["MarketSize", "bottom_up", "chain", "compare", "potential"]

#: The 90% interval a range stands for, and its normal quantile (1.6449).
LEVEL = 0.90
_Z = NormalDist().inv_cdf(0.5 + LEVEL / 2)


@dataclass(frozen=True)
class MarketSize:
    """A market size with its 90% range, and the terms it was built from.

    Attributes
    ----------
    central : float
        The estimate from the middle of every range (for a product, also the median).
    low, high : float
        The 90% interval.
    method : str
        "potential (n × q × p)", "chain ratio (top-down)" or "bottom-up".
    terms : pandas.DataFrame
        One row per input (top-down) or per segment (bottom-up): ``low``, ``central``,
        ``high``.
    exact : bool
        True when the interval is computed exactly (products), False when simulated (sums).
    """

    central: float
    low: float
    high: float
    method: str
    terms: pd.DataFrame
    exact: bool

    @property
    def spread(self) -> float:
        """How many times wider the high end is than the low end (``high / low``)."""
        return self.high / self.low if self.low > 0 else np.inf

    def __str__(self) -> str:
        return tr(
            "{method}: {s.central:,.0f} (90% range {s.low:,.0f} to {s.high:,.0f}, {how})",
            s=self,
            method=tr(self.method),
            how=tr("exact") if self.exact else tr("simulated"),
        )


def _term(value: Any, name: str, *, share: bool = False) -> tuple[float, float, float, float]:
    """(middle, log sd, low, high) of a number or a (low, high) range."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number or a (low, high) range, got {value!r}")
    if isinstance(value, (int, float, np.number)):
        low = high = float(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        if any(
            isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number))
            for v in value
        ):
            raise TypeError(f"{name}: a range is two numbers (low, high), got {value!r}")
        low, high = float(value[0]), float(value[1])
    else:
        raise TypeError(f"{name} must be a number or a (low, high) range, got {value!r}")
    if not (np.isfinite(low) and np.isfinite(high)) or low <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    if high < low:
        raise ValueError(f"{name}: the range must be (low, high) with low <= high, got {value!r}")
    if share and high > 1:
        raise ValueError(
            f"{name} is a share of the step before and cannot exceed 1, got {value!r} "
            "(write 40% as 0.4)"
        )
    middle = float(np.sqrt(low * high))
    log_sd = (np.log(high) - np.log(low)) / (2 * _Z)
    return middle, float(log_sd), low, high


def _product(terms: dict[str, tuple[float, float, float, float]], method: str) -> MarketSize:
    """The exact lognormal interval of a product of independent terms."""
    middle = float(np.prod([t[0] for t in terms.values()]))
    log_sd = float(np.sqrt(sum(t[1] ** 2 for t in terms.values())))
    factor = float(np.exp(_Z * log_sd))
    table = pd.DataFrame(
        {
            "low": [t[2] for t in terms.values()],
            "central": [t[0] for t in terms.values()],
            "high": [t[3] for t in terms.values()],
        },
        index=pd.Index(list(terms), name="term"),
    )
    return MarketSize(middle, middle / factor, middle * factor, method, table, True)


def potential(buyers: Any, quantity: Any, price: Any = 1.0) -> MarketSize:
    """Total market potential ``Q = n × q × p`` (Kotler & Keller 2012, p. 88).

    Parameters
    ----------
    buyers : number or (low, high)
        The number of potential buyers in the period (people, households, companies).
    quantity : number or (low, high)
        What the average buyer buys in the period (units, visits, contracts).
    price : number or (low, high), default 1
        The average price per unit; leave at 1 for a market counted in units.

    Returns
    -------
    MarketSize
        The central estimate and its 90% interval (exact: a product of lognormal ranges).

    Raises
    ------
    TypeError
        An input is neither a number nor a pair of numbers.
    ValueError
        An input is zero, negative or not finite, or a range has low > high.

    See Also
    --------
    chain : the number of buyers top-down; bottom_up : segment by segment.
    book/customer_analysis.md : the chapter.

    Examples
    --------
    Kotler & Keller's worked example: 100 million book buyers, three books a year each, at $20
    a book: a market of $6 billion.

    >>> potential(100e6, 3, 20).central
    6000000000.0

    With a range for the buyers, (1,000, 4,000), the middle is 2,000 and the result's range is
    the buyers' range times the rest: 200,000 to 800,000 around 400,000.

    >>> size = potential((1000, 4000), 2, 100)
    >>> round(size.low), round(size.central), round(size.high)
    (200000, 400000, 800000)
    """
    terms = {
        "buyers": _term(buyers, "buyers"),
        "quantity": _term(quantity, "quantity"),
        "price": _term(price, "price"),
    }
    return _product(terms, N_("potential (n × q × p)"))


def chain(base: Any, ratios: Mapping[str, Any]) -> MarketSize:
    """A base number multiplied by adjusting shares: the chain-ratio (top-down) method.

    Kotler & Keller (2012, p. 88) start from the population and eliminate, step by step, the
    groups that would not buy; each step keeps a share of the step before.

    Parameters
    ----------
    base : number or (low, high)
        The starting number (population, households, hotels in the province).
    ratios : mapping of str to number or (low, high)
        Each step's name and the share of the step before that it keeps, between 0 and 1.

    Returns
    -------
    MarketSize
        The result with its exact 90% interval; ``terms`` lists the base and every ratio.

    Examples
    --------
    Kotler & Keller's book buyers: 261 million people; the 80% who are literate and over 12; of
    them, the 70% not excluded by low income and education. The book rounds the 208.8 million
    of the first step to 209 million and reports "approximately 146.3 million" buyers:

    >>> round(chain(261e6, {"literate, over 12": 0.8, "income, education": 0.7}).central / 1e6, 2)
    146.16
    >>> round(chain(209e6, {"income, education": 0.7}).central / 1e6, 1)
    146.3
    """
    if not isinstance(ratios, Mapping) or not ratios:
        raise TypeError(
            "ratios must be a non-empty mapping of step name to share, e.g. {'adults': 0.8}"
        )
    terms = {"base": _term(base, "base")}
    for name, value in ratios.items():
        if name in terms:
            raise ValueError(f"ratio name {name!r} is used twice")
        terms[str(name)] = _term(value, f"ratio {name!r}", share=True)
    return _product(terms, N_("chain ratio (top-down)"))


def bottom_up(
    segments: Mapping[str, Mapping[str, Any]], *, draws: int = 100_000, seed: int | None = 0
) -> MarketSize:
    """Add the market up segment by segment, each the product of its own factors.

    Parameters
    ----------
    segments : mapping of str to mapping
        Each segment's name and its factors, by name, each a number or a (low, high) range:
        Kotler & Keller's ``buyers``, ``quantity`` and ``price``, or any others that multiply
        to the segment's size (households × people per household × share who could switch).
    draws : int, default 100,000
        Simulated draws for the interval of the sum.
    seed : int, optional
        Makes the simulation reproducible (default 0).

    Returns
    -------
    MarketSize
        ``central`` is the sum of the segments' central estimates; ``low`` and ``high`` the 5th
        and 95th percentiles of the simulated sum (the segments' ranges independent);
        ``terms`` gives each segment's own exact range.

    Examples
    --------
    Two segments with no ranges add up exactly: 40 × 2 × 100 + 10 × 12 × 50 = 14,000.

    >>> size = bottom_up({"families": {"buyers": 40, "quantity": 2, "price": 100},
    ...                   "companies": {"buyers": 10, "quantity": 12, "price": 50}})
    >>> size.central, size.low, size.high
    (14000.0, 14000.0, 14000.0)
    """
    if not isinstance(segments, Mapping) or not segments:
        raise TypeError(
            "segments must be a non-empty mapping: "
            "{'segment': {'buyers': ..., 'quantity': ..., 'price': ...}}"
        )
    if (
        isinstance(draws, (bool, np.bool_))
        or not isinstance(draws, (int, np.integer))
        or draws < 1000
    ):
        raise ValueError(f"draws must be a whole number of at least 1,000, got {draws!r}")
    rng = np.random.default_rng(seed)
    rows, total = {}, np.zeros(draws)
    for name, parts in segments.items():
        if not isinstance(parts, Mapping) or not parts:
            raise TypeError(
                f"segment {name!r} must be a non-empty mapping of factor name to value, "
                "e.g. {'buyers': 1200, 'quantity': 2, 'price': 300}"
            )
        size = _product(
            {str(k): _term(v, f"segment {name!r}, {k}") for k, v in parts.items()}, "segment"
        )
        rows[str(name)] = size
        log_sd = np.log(size.high / size.central) / _Z if size.high > size.central else 0.0
        total += size.central * np.exp(log_sd * rng.standard_normal(draws))
    table = pd.DataFrame(
        {
            "low": [s.low for s in rows.values()],
            "central": [s.central for s in rows.values()],
            "high": [s.high for s in rows.values()],
        },
        index=pd.Index(list(rows), name="segment"),
    )
    central = float(table["central"].sum())
    low, high = (float(q) for q in np.quantile(total, [(1 - LEVEL) / 2, (1 + LEVEL) / 2]))
    if table["low"].equals(table["high"]):  # no ranges: the sum is exact
        low = high = central
    return MarketSize(central, low, high, N_("bottom-up"), table, bool(low == high))


def compare(top_down: MarketSize, bottom_up: MarketSize) -> dict[str, float | bool]:
    """Two routes to the same market: how far apart, and whether their ranges overlap.

    Returns
    -------
    dict
        ``ratio`` (top-down central / bottom-up central) and ``overlap`` (whether the two 90%
        ranges share any value). Far apart and not overlapping: one route has a wrong step.

    Examples
    --------
    >>> compare(potential((900, 1100), 1), potential((1000, 1300), 1))
    {'ratio': 0.873, 'overlap': True}
    """
    for name, value in (("top_down", top_down), ("bottom_up", bottom_up)):
        if not isinstance(value, MarketSize):
            raise TypeError(f"{name} must be a MarketSize, got {type(value).__name__}")
    ratio = round(top_down.central / bottom_up.central, 3)
    overlap = top_down.low <= bottom_up.high and bottom_up.low <= top_down.high
    return {"ratio": ratio, "overlap": bool(overlap)}
