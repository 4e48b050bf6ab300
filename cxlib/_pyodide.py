"""Running cxlib in the browser (Pyodide, WebAssembly): 32-bit indices and missing extras.

The in-browser course (``make lite``, README.md "Run in the browser") runs cxlib on Pyodide
0.27.7: numpy 2.0.2, pandas 2.2.3, scipy 1.14.1, matplotlib 3.8.4, but no jieba and no DuckDB.
WebAssembly is a 32-bit platform, so ``np.intp`` is int32 there and :func:`numpy.bincount` and
:func:`numpy.repeat` refuse int64 counts ("Cannot cast array data from dtype('int64') to
dtype('int32') according to the rule 'safe'"), as does :func:`numpy.take` with int64 indices.
:func:`install` (called by ``cxlib/__init__.py`` on ``sys.platform == "emscripten"`` only) makes
them accept those; nothing changes elsewhere.

See Also
--------
README.md, "Run in the browser · 在浏览器中运行".
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

import numpy as np

_bincount = np.bincount
_repeat = np.repeat
_take = np.take


def _as_intp(values: Any) -> Any:
    """Integer arrays wider than the platform's index type, cast to it (others unchanged)."""
    array = np.asarray(values)
    if array.dtype.kind in "iu" and array.dtype.itemsize > np.dtype(np.intp).itemsize:
        return array.astype(np.intp)
    return values


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> np.ndarray:
    """:func:`numpy.bincount` that accepts int64 codes on a 32-bit platform."""
    return _bincount(_as_intp(x), weights, minlength)


def repeat(a: Any, repeats: Any, axis: int | None = None) -> np.ndarray:
    """:func:`numpy.repeat` that accepts int64 counts on a 32-bit platform."""
    return _repeat(a, _as_intp(repeats), axis)


def take(a: Any, indices: Any, axis: int | None = None, out: Any = None, mode: str = "raise"):
    """:func:`numpy.take` that accepts int64 indices on a 32-bit platform."""
    return _take(a, _as_intp(indices), axis=axis, out=out, mode=mode)


def install() -> None:
    """Patch :func:`numpy.bincount`, :func:`numpy.repeat` and :func:`numpy.take` where
    ``np.intp`` is 32-bit (on 64-bit platforms nothing changes)."""
    if np.dtype(np.intp).itemsize < 8:
        np.bincount = bincount
        np.repeat = repeat
        np.take = take


def optional(name: str, feature: str) -> ModuleType:
    """Import an optional dependency, or raise ImportError saying what needs it and what to do.

    Examples
    --------
    >>> optional("math", "arithmetic").sqrt(4.0)
    2.0
    >>> optional("no_such_module_cx", "a test feature")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: a test feature needs the package 'no_such_module_cx', which is not installed. ...
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        where = (
            "It cannot be installed in the in-browser course (Pyodide): run this part in a "
            "local Python (python -m pip install -r requirements.txt)."
            if sys.platform == "emscripten"
            else f"Install it: python -m pip install {name} (it is in requirements.txt)."
        )
        raise ImportError(
            f"{feature} needs the package {name!r}, which is not installed. {where}"
        ) from None
