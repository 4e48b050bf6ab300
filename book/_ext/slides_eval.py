"""Evaluating a slide source's figure, table and number expressions against cxlib.

A slide names its figure (``plots.nps.distribution(...)``), its table or the expressions that
compute the numbers it shows; :func:`evaluate` runs one in :func:`namespace` (cxlib's metric
modules, its plots, the course datasets as ``data.<name>``, pandas as ``pd``), so that every
number on a slide comes from the library and the data. Separate from :mod:`slides` (which reads
the source) because this is where the slides meet the library: reading a deck needs no cxlib.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slides_model import FormatError


class _Data:
    """``data.hotel_nps`` loads a course dataset once."""

    def __getattr__(self, name: str):
        return _dataset(name)


@cache
def _dataset(name: str):
    from cxlib import datasets

    return datasets.load(name)


#: The cxlib modules a figure, table or number expression may name (``nps.score(...)``).
METRIC_MODULES = (
    "nps",
    "csat",
    "peakend",
    "journey",
    "channels",
    "touchpoints",
    "reasons",
    "peak_factors",
    "servqual",
    "kano",
    "tracking",
    "retention",
    "funnel",
    "economics",
    "needs",
    "before_after",
    "typology",
    "nps_programme",
    "callbacks",
    "referrals",
    "cue_reading",
    "market",
    "opportunity",
    "segments",
    "membership",
)


@cache
def namespace() -> dict:
    """The names a figure, table or number expression may use."""
    import importlib
    import pkgutil

    import cxlib.plots as plots

    for info in pkgutil.iter_modules(plots.__path__):  # plots.nps, plots.peakend, ...
        importlib.import_module(f"cxlib.plots.{info.name}")
    import pandas

    names = {"plots": plots, "data": _Data(), "pd": pandas}
    names.update({m: importlib.import_module(f"cxlib.{m}") for m in METRIC_MODULES})
    return names


def evaluate(expression: str, where: str):
    """Evaluate a figure, table or number expression of a slide source (trusted repository text)."""
    try:
        return eval(expression, {"__builtins__": __builtins__}, dict(namespace()))
    except Exception as error:
        raise FormatError(
            f"{where}: {expression!r} failed: {type(error).__name__}: {error}"
        ) from error
