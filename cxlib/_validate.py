"""Input checks shared by every cxlib function: validation happens once, at the door.

Every message names the column, the offending values and how many rows are affected, and
nothing is silently coerced or dropped unless the caller asked for it (``dropna=True``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# The checks of a table's shape live in cxlib._frames; callers use them as _validate.columns etc.
from cxlib._frames import SHOW as SHOW  # how many offending values and rows a message quotes
from cxlib._frames import aligned as aligned
from cxlib._frames import columns as columns
from cxlib._frames import keys as keys


@dataclass(frozen=True)
class Clean:
    """Validated answers, ready for counting.

    Attributes
    ----------
    values : numpy.ndarray
        The answers that are kept, as a numeric array (integer dtype when the input was).
    weights : numpy.ndarray or None
        Float weights aligned with ``values``, or None when unweighted.
    dropped : int
        How many rows were left out because a value or weight was missing (``dropna=True``).
    kept : numpy.ndarray or None
        Boolean mask of the kept rows in the input, or None when every row was kept.

    Notes
    -----
    Integers come back in a signed type wide enough for differences: uint8/int8 as int16,
    uint16 as int32, uint32 as int64, uint64 as float64 (so ``P - E`` of unsigned answers cannot
    wrap around). Weights come back rescaled to mean 1 (they add up to the number of answers), so
    weights of 1e300 or 1e-170 give the same result as weights of 1 instead of overflowing or
    underflowing.
    """

    values: np.ndarray
    weights: np.ndarray | None
    dropped: int
    kept: np.ndarray | None


def _quote(values: np.ndarray, labels: np.ndarray) -> str:
    """Describe offending values and where they are: 'rows 3, 7 (values 11, -1)'."""
    vals = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in values[:SHOW])
    rows = ", ".join(str(r) for r in labels[:SHOW])
    more = ", ..." if len(values) > SHOW else ""
    return f"rows {rows}{more} (values {vals}{more})"


def _labels(values: Any, mask: np.ndarray) -> np.ndarray:
    """Row labels of the masked rows: the index for a Series, positions otherwise."""
    if isinstance(values, pd.Series):
        return np.asarray(values.index[mask])
    return np.flatnonzero(mask)


def _to_array(values: Any, name: str) -> np.ndarray:
    """Turn a list, array or Series into a 1-D NumPy array, refusing what is not numbers."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f"{name}: expected one column of answers, got a DataFrame; pass df['column']"
        )
    if isinstance(values, (str, bytes)) or np.isscalar(values):
        raise TypeError(
            f"{name}: expected a sequence of answers, got a single {type(values).__name__}"
        )
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if pd.api.types.is_bool_dtype(dtype):
            raise TypeError(f"{name} holds booleans (True/False), not scores")
        if isinstance(dtype, pd.CategoricalDtype):
            # NaN has no place in an integer category dtype: go through float when any is missing
            target = dtype.categories.dtype
            if values.isna().any() and target.kind in "iub":
                target = np.dtype("float64")
            values = values.astype(target)
        if pd.api.types.is_extension_array_dtype(values.dtype) and pd.api.types.is_numeric_dtype(
            values.dtype
        ):
            arr = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            arr = values.to_numpy()
    elif isinstance(values, np.ma.MaskedArray):
        arr = _unmask(values)
    elif isinstance(values, np.ndarray):
        arr = values
    else:
        # NumPy would turn [9, True] into [9, 1] and ["9", 8] into ["9", "8"]: keep the
        # Python objects whenever a list mixes in booleans or text, so they can be refused.
        arr = np.asarray(values)
        if arr.dtype.kind in "USb" or (
            arr.dtype.kind in "iuf" and any(isinstance(v, (bool, np.bool_)) for v in values)
        ):
            arr = np.empty(len(values), dtype=object)
            arr[:] = list(values)
    if arr.ndim != 1:
        raise TypeError(f"{name}: expected one-dimensional answers, got shape {arr.shape}")
    return arr


def _unmask(values: np.ma.MaskedArray) -> np.ndarray:
    """A masked array's data with every masked entry missing (NaN or None), never its value.

    A masked entry is not an answer: ``numpy.ma`` keeps whatever the data held there (often a
    fill value such as 0 or 999999), which would otherwise be counted.

    Examples
    --------
    >>> _unmask(np.ma.masked_array([9, 0, 10], mask=[False, True, False])).tolist()
    [9.0, nan, 10.0]
    """
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if not mask.any():
        return data
    if data.dtype.kind in "iufb":
        out = data.astype("float64")
        out[mask] = np.nan
        return out
    out = data.astype(object)
    out[mask] = None
    return out


def _object_to_float(arr: np.ndarray, original: Any, name: str) -> np.ndarray:
    """Accept an object/string array only if every entry is a real number or missing."""
    series = pd.Series(arr, dtype=object)
    is_bool = series.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
    if is_bool.any():
        raise TypeError(
            f"{name} holds booleans (True/False) in {int(is_bool.sum())} rows: "
            f"{_quote(arr[is_bool], _labels(original, is_bool))}"
        )
    is_text = series.map(lambda v: isinstance(v, (str, bytes))).to_numpy(dtype=bool)
    if is_text.any():
        raise TypeError(
            f"{name} holds text in {int(is_text.sum())} rows where numbers are expected: "
            f"{_quote(arr[is_text], _labels(original, is_text))}; convert them first "
            "(for example with pandas.to_numeric) if they are numbers written as text"
        )
    is_complex = series.map(lambda v: isinstance(v, (complex, np.complexfloating))).to_numpy(
        dtype=bool
    )
    if is_complex.any():
        raise TypeError(
            f"{name} holds complex numbers in {int(is_complex.sum())} rows: "
            f"{_quote(arr[is_complex], _labels(original, is_complex))}; answers are real numbers"
        )
    numeric = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64")
    bad = np.isnan(numeric) & series.notna().to_numpy()
    if bad.any():
        raise TypeError(
            f"{name} holds {int(bad.sum())} values that are not numbers: "
            f"{_quote(arr[bad], _labels(original, bad))}"
        )
    return numeric


def answers(
    values: Any,
    *,
    name: str | None = None,
    low: float,
    high: float,
    integer: bool = True,
    weights: Any = None,
    dropna: bool | None = None,
    widen: bool = True,
) -> Clean:
    """Validate survey answers (and optional weights) in one vectorised pass.

    Parameters
    ----------
    values : array-like or pandas.Series
        The answers. A Series lends its name to the messages.
    name : str, optional
        What to call the answers in messages; defaults to the Series name or ``"scores"``.
    low, high : float
        The allowed range, inclusive.
    integer : bool
        Whether answers must be whole numbers (float arrays of whole numbers are accepted).
    weights : array-like, optional
        Non-negative survey weights, one per answer, not all zero.
    dropna : bool or None, default None
        Leave out rows whose answer or weight is missing instead of raising. ``False`` means
        the caller has a ``dropna`` option the user left off (the message suggests it); ``None``
        means it has none (the message says to fill or remove the missing values instead).
    widen : bool, default True
        Return small integer types widened by :func:`signed`, safe for arithmetic; ``False``
        keeps the input's type for callers that only compare and count (no copy: a copy of
        10 million int8 answers as int16 is 20 MB).

    Returns
    -------
    Clean

    Raises
    ------
    TypeError
        Booleans, text, dates or a DataFrame where numbers are expected.
    ValueError
        Empty input, missing values (unless ``dropna``), values out of range or not whole,
        negative, infinite or all-zero weights, weights of another length.

    Examples
    --------
    >>> answers([9, 10, 3], low=0, high=10).values
    array([ 9, 10,  3])
    >>> answers([9, 11, 12], low=0, high=10)
    Traceback (most recent call last):
    ...
    ValueError: scores must lie between 0 and 10; 2 of 3 rows do not: rows 1, 2 (values 11, 12)
    """
    if name is None:
        name = (
            str(values.name)
            if isinstance(values, pd.Series) and values.name is not None
            else "scores"
        )
    arr = _to_array(values, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty: there are no answers to score")
    kind = arr.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} holds booleans (True/False), not scores")
    if kind in "OUS":
        arr = _object_to_float(arr, values, name)
        kind = "f"
    if kind not in "iuf":
        raise TypeError(f"{name} must hold numbers; got dtype {arr.dtype}")

    if weights is not None:
        weights = aligned(values, weights, name, "weights")
    w = None if weights is None else _weights_array(weights, len(arr))
    missing = np.isnan(arr) if kind == "f" else None
    if w is not None and np.isnan(w).any():
        missing = np.isnan(w) if missing is None else missing | np.isnan(w)
    dropped, kept = 0, None
    if missing is not None and missing.any():
        count = int(missing.sum())
        if not dropna:
            advice = (
                "pass dropna=True to leave them out"
                if dropna is False
                else "remove or fill them before calling"
            )
            raise ValueError(
                f"{name} has {count} of {len(arr)} rows with a missing answer or weight "
                f"(rows {', '.join(map(str, _labels(values, missing)[:SHOW]))}"
                f"{', ...' if count > SHOW else ''}); {advice}"
            )
        kept = ~missing
        arr, dropped = arr[kept], count
        w = None if w is None else w[kept]
        if arr.size == 0:
            raise ValueError(f"{name}: every one of the {count} rows is missing; nothing to score")
    if kind == "f" and not np.isfinite(arr).all():
        bad = ~np.isfinite(arr)
        raise ValueError(
            f"{name} must hold finite numbers; {int(bad.sum())} of {len(arr)} rows are infinite: "
            f"{_quote(arr[bad], _row_labels(values, kept, bad))}"
        )
    _check_range(arr, values, kept, name, low, high, integer)
    if w is not None:
        _check_weights(w, values, kept)
        w = rescale_weights(w)
    return Clean(signed(arr) if widen else arr, w, dropped, kept)


#: The signed type each small integer type is widened to (wide enough for any difference).
_WIDER = {1: np.int16, 2: np.int32, 4: np.int64}


def signed(arr: np.ndarray) -> np.ndarray:
    """The array in a signed or float type in which differences and sums cannot wrap around.

    Unsigned integers (uint8 after a memory-saving read) would make ``3 - 5`` equal 254; int8
    would make ``100 - (-100)`` equal -56. Both are widened: 1-byte types to int16, uint16 to
    int32, uint32 to int64, uint64 to float64. Wider signed integers and floats pass unchanged.

    Examples
    --------
    >>> a = signed(np.array([3, 5], dtype=np.uint8))
    >>> a.dtype, int(a[0] - a[1])
    (dtype('int16'), -2)
    """
    kind, size = arr.dtype.kind, arr.dtype.itemsize
    if kind == "u":
        return arr.astype(_WIDER.get(size, np.float64))
    if kind == "i" and size == 1:
        return arr.astype(np.int16)
    return arr


def rescale_weights(w: np.ndarray) -> np.ndarray:
    """Weights divided by their mean (computed safely), so that they add up to len(w).

    Survey weights only matter relative to each other; dividing first by the largest weight
    and then by the mean keeps ``sum(w)`` and ``sum(w**2)`` away from overflow (weights of
    1e300) and underflow (1e-170, whose squares are 0 in float64).

    Examples
    --------
    >>> rescale_weights(np.array([1e300, 1e300, 2e300])).tolist()
    [0.75, 0.75, 1.5]
    >>> rescale_weights(np.array([1e-170, 1e-170])).tolist()
    [1.0, 1.0]
    """
    w = w / w.max()
    return w / w.mean()


def _check_range(
    arr: np.ndarray,
    original: Any,
    kept: np.ndarray | None,
    name: str,
    low: float,
    high: float,
    integer: bool,
) -> None:
    """Raise if any answer is outside [low, high] or (when integer) not a whole number."""
    if integer and arr.dtype.kind == "f":
        bad = arr != np.floor(arr)
        if bad.any():
            raise ValueError(
                f"{name} must hold whole numbers; {int(bad.sum())} of {len(arr)} rows do not: "
                f"{_quote(arr[bad], _row_labels(original, kept, bad))}"
            )
    if arr.min() < low or arr.max() > high:  # two fast passes; the mask only on failure
        bad = (arr < low) | (arr > high)
        raise ValueError(
            f"{name} must lie between {low:g} and {high:g}; {int(bad.sum())} of {len(arr)} rows "
            f"do not: {_quote(arr[bad], _row_labels(original, kept, bad))}"
        )


def _row_labels(original: Any, kept: np.ndarray | None, bad: np.ndarray) -> np.ndarray:
    """Labels of bad rows, where ``bad`` indexes the kept rows of ``original``."""
    if kept is None:
        return _labels(original, bad)
    full = np.zeros(len(kept), dtype=bool)
    full[np.flatnonzero(kept)[bad]] = True
    return _labels(original, full)


def _weights_array(weights: Any, n: int) -> np.ndarray:
    """Weights as a float array of length n; text, booleans and other lengths are refused."""
    w = _to_array(weights, "weights")
    if w.dtype.kind == "b":
        raise TypeError("weights hold booleans (True/False), not numbers")
    if w.dtype.kind in "OUS":
        w = _object_to_float(w, weights, "weights")
    if w.dtype.kind not in "iuf":
        raise TypeError(f"weights must hold numbers; got dtype {w.dtype}")
    if len(w) != n:
        raise ValueError(
            f"weights has {len(w)} rows but there are {n} answers; give one weight per answer"
        )
    return w.astype("float64", copy=False)


def _check_weights(w: np.ndarray, original: Any, kept: np.ndarray | None) -> None:
    """Raise on negative or infinite weights, or weights that are all zero."""
    bad = (w < 0) | ~np.isfinite(w)
    if bad.any():
        raise ValueError(
            f"weights must be finite and non-negative; {int(bad.sum())} of {len(w)} rows are not: "
            f"{_quote(w[bad], _row_labels(original, kept, bad))}"
        )
    if not (w > 0).any():
        raise ValueError(f"weights are all zero ({len(w)} rows): at least one answer needs weight")


def probability(
    value: float, name: str, *, allow_zero: bool = True, allow_one: bool = True
) -> float:
    """Check a share or confidence level lies in [0, 1] (ends allowed as asked).

    Examples
    --------
    >>> probability(0.95, "confidence", allow_zero=False, allow_one=False)
    0.95
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number between 0 and 1, got {value!r}")
    value = float(value)
    lo_ok = value > 0 or (allow_zero and value == 0)
    hi_ok = value < 1 or (allow_one and value == 1)
    if not (lo_ok and hi_ok) or np.isnan(value):
        interval = ("[" if allow_zero else "(") + "0, 1" + ("]" if allow_one else ")")
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return value
