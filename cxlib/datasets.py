"""The course datasets: small, documented CSV files shipped with cxlib (never downloaded).

Each dataset is a CSV in ``datasets/`` with a data dictionary beside it (``NAME.json``: what
each column means, its type, the allowed values, and whether the data is synthetic). An
installed wheel carries the same files inside the package, so :func:`load` works from a
checkout and from ``pip install cxlib`` alike.

See Also
--------
``datasets/README.md`` for the dictionaries in prose; ``book/nps.md`` for the first use.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from cxlib.language import tr, translate

__all__ = ["available", "describe", "load"]


def _folder() -> Path:
    """Where the datasets are: inside the installed package, else the checkout's datasets/."""
    here = Path(__file__).resolve().parent
    for folder in (here / "_datasets", here.parent / "datasets"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(
        f"cxlib's datasets are missing: neither {here / '_datasets'} nor "
        f"{here.parent / 'datasets'} exists; reinstall cxlib"
    )


@cache
def _dictionaries() -> dict[str, dict[str, Any]]:
    """Every data dictionary, by dataset name."""
    found = {}
    for path in sorted(_folder().glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        found[meta["name"]] = meta
    return found


def _dictionary(name: str) -> dict[str, Any]:
    """The data dictionary of one dataset; a clear error for an unknown name."""
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a string, got {type(name).__name__}")
    dictionaries = _dictionaries()
    if name not in dictionaries:
        have = ", ".join(sorted(dictionaries)) or "none"
        raise ValueError(f"no dataset named {name!r}; available: {have}")
    return dictionaries[name]


def available() -> pd.DataFrame:
    """List the datasets: name, title (English and Chinese), rows, and whether synthetic.

    Examples
    --------
    >>> "hotel_nps" in available()["name"].tolist()
    True
    """
    rows = [
        {key: meta[key] for key in ("name", "title", "title_zh", "rows", "synthetic")}
        for meta in _dictionaries().values()
    ]
    return pd.DataFrame(rows)


def describe(name: str) -> pd.DataFrame:
    """The data dictionary of a dataset: column, type, meaning, allowed values.

    The meanings, and the allowed values where they are words ("H00001 to H02000"), are in the
    reader's language (:mod:`cxlib.language`: ``CXLIB_LANG=zh`` shows them in Chinese, from
    ``cxlib/data/messages.zh.po``); the column names and types are code and stay as they are.

    Examples
    --------
    >>> describe("hotel_nps").loc[2, ["column", "type"]].tolist()
    ['score', 'int8']
    >>> describe("hotel_nps").loc[0, ["meaning", "allowed"]].tolist()
    ['Respondent identifier, unique', 'H00001 to H02000']
    """
    columns = _dictionary(name)["columns"]
    return pd.DataFrame(
        {
            "column": [c["name"] for c in columns],
            "type": [c["type"] for c in columns],
            "meaning": [tr(c["meaning"]) for c in columns],
            "allowed": [
                translate(c["allowed"]) if isinstance(c["allowed"], str) else c["allowed"]
                for c in columns
            ],
        }
    )


def load(name: str) -> pd.DataFrame:
    """Load a course dataset as a typed DataFrame, checked against its data dictionary.

    Parameters
    ----------
    name : str
        A name from :func:`available`, e.g. ``"hotel_nps"``.

    Returns
    -------
    pandas.DataFrame
        Columns typed as the dictionary says: ``int8`` numbers, dates and date-times
        (``date``, ``datetime``) as ``datetime64``,
        categories as (ordered) categoricals, text as strings (missing text stays missing).
        ``df.attrs`` holds the title, whether the data is synthetic, and its source.

    Raises
    ------
    ValueError
        Unknown name, or a file that does not match its dictionary (columns, rows, values).

    Examples
    --------
    >>> hotel = load("hotel_nps")
    >>> hotel.shape, str(hotel["score"].dtype), hotel.attrs["synthetic"]
    ((2000, 15), 'int8', True)
    """
    meta = _dictionary(name)
    path = _folder() / meta["file"]
    numeric = ("int8", "int16", "float")
    text_columns = {c["name"]: "string" for c in meta["columns"] if c["type"] not in numeric}
    frame = pd.read_csv(
        path,
        dtype=text_columns,
        encoding="utf-8",
        keep_default_na=False,
        na_values={c: [""] for c in text_columns},
    )
    expected = [c["name"] for c in meta["columns"]]
    if list(frame.columns) != expected or len(frame) != meta["rows"]:
        raise ValueError(
            f"{path} does not match its dictionary: columns {list(frame.columns)}, "
            f"{len(frame)} rows; expected {expected}, {meta['rows']} rows"
        )
    for column in meta["columns"]:
        frame[column["name"]] = _typed(frame[column["name"]], column, path)
    frame.attrs.update(title=meta["title"], synthetic=meta["synthetic"], source=meta["source"])
    return frame


def _typed(values: pd.Series, column: dict[str, Any], path: Path) -> pd.Series:
    """Give a column the type its dictionary names, refusing values it does not allow."""
    kind, allowed = column["type"], column["allowed"]
    if kind in ("int8", "int16", "float"):
        low, high = allowed
        if values.isna().any() or not values.between(low, high).all():
            raise ValueError(f"{path}: column {column['name']!r} has values outside {low}-{high}")
        return values.astype("float64" if kind == "float" else kind)
    if kind == "bool":
        return values.map({"True": True, "False": False}).astype(bool)
    if kind == "date":
        return pd.to_datetime(values, format="%Y-%m-%d")
    if kind == "datetime":
        return pd.to_datetime(values, format="%Y-%m-%d %H:%M:%S")
    if kind in ("category", "ordered"):
        unknown = set(values.dropna().unique()) - set(allowed)
        if unknown:
            raise ValueError(
                f"{path}: column {column['name']!r} has values not in its "
                f"dictionary: {sorted(unknown)}"
            )
        return values.astype(pd.CategoricalDtype(allowed, ordered=kind == "ordered"))
    return values
