"""Input checks of a table's shape (列检查): the columns asked for, two aligned Series, group keys.

Part of cxlib's checks at the door (:mod:`cxlib._validate`, which re-exports them): every
message names the columns or labels at fault and how many there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

#: How many offending values, rows or labels a message quotes (every cxlib check).
SHOW = 5


def columns(df: Any, names: Sequence[str], *, what: str = "df") -> None:
    """Check ``df`` is a DataFrame holding every column in ``names``.

    Examples
    --------
    >>> columns(pd.DataFrame({"score": [9]}), ["score", "city"])
    Traceback (most recent call last):
    ...
    ValueError: df has no column 'city' (it has: 'score')
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in names if c not in df.columns]
    repeated = [c for c in names if c not in missing and (df.columns == c).sum() > 1]
    if repeated:
        counts = ", ".join(f"{c!r} ({int((df.columns == c).sum())} times)" for c in repeated)
        raise ValueError(
            f"{what} has more than one column named {counts}; rename them so that each name is "
            "used once (e.g. df.columns = [...])"
        )
    if missing:
        have = ", ".join(repr(c) for c in df.columns[:20])
        lacks = ", ".join(repr(c) for c in missing)
        plural = "s" if len(missing) > 1 else ""
        raise ValueError(f"{what} has no column{plural} {lacks} (it has: {have})")


def aligned(first: Any, second: Any, first_name: str, second_name: str) -> Any:
    """``second`` lined up with ``first`` by index when both are Series, else unchanged.

    Two Series are paired by their index labels, as pandas pairs them everywhere else, not by
    position: weights (or dysfunctional answers) given in another row order are reordered to
    the answers' order. Labels that are missing on either side, or repeated, are refused,
    naming them; plain lists and arrays are paired by position.

    Examples
    --------
    >>> scores = pd.Series([9, 3], index=["a", "b"])
    >>> aligned(scores, pd.Series([2.0, 1.0], index=["b", "a"]), "scores", "weights").tolist()
    [1.0, 2.0]
    >>> aligned(scores, pd.Series([1.0], index=["c"]), "scores", "weights")
    Traceback (most recent call last):
    ...
    ValueError: weights and scores are Series with different index labels: scores has 'a', 'b'
    that weights lacks, weights has 'c' that scores lacks; align them (e.g.
    weights.reindex(scores.index)) or pass arrays to pair them by position
    """
    if not (isinstance(first, pd.Series) and isinstance(second, pd.Series)):
        return second
    if first.index.equals(second.index):
        return second
    if first.index.is_unique and second.index.is_unique:
        only_first = first.index.difference(second.index, sort=False)
        only_second = second.index.difference(first.index, sort=False)
        if len(only_first) == 0 and len(only_second) == 0:
            return second.reindex(first.index)
        parts = []
        if len(only_first):
            labels = ", ".join(map(repr, only_first[:SHOW])) + (
                ", ..." if len(only_first) > SHOW else ""
            )
            parts.append(f"{first_name} has {labels} that {second_name} lacks")
        if len(only_second):
            labels = ", ".join(map(repr, only_second[:SHOW])) + (
                ", ..." if len(only_second) > SHOW else ""
            )
            parts.append(f"{second_name} has {labels} that {first_name} lacks")
        detail = ", ".join(parts)
    else:
        detail = "their index labels repeat, so they cannot be paired by label"
    raise ValueError(
        f"{second_name} and {first_name} are Series with different index labels: {detail}; "
        f"align them (e.g. {second_name}.reindex({first_name}.index)) or pass arrays to pair "
        "them by position"
    )


def keys(by: Any, name: str = "by") -> list[Any]:
    """Grouping column names as a list: one name (a string, number or other label) or several.

    Examples
    --------
    >>> keys("city"), keys(0), keys(["city", 2025])
    (['city'], [0], ['city', 2025])
    """
    if isinstance(by, (list, tuple)):
        names = list(by)
    elif isinstance(by, (set, dict, pd.Index, np.ndarray, pd.Series)):
        raise TypeError(f"{name} must be a column name or a list of them, got {type(by).__name__}")
    else:
        names = [by]
    if not names:
        raise ValueError(f"{name} must name at least one column")
    repeated = sorted({repr(k) for k in names if names.count(k) > 1})
    if repeated:
        raise ValueError(f"{name} names a column twice: {', '.join(repeated)}")
    return names
