"""Running cxlib in the browser (Pyodide, WebAssembly): 32-bit indices, a Chinese font, and
packages loaded when first used.

The in-browser course (``make lite``, README.md "Run in the browser") runs cxlib on Pyodide
0.27.7: numpy 2.0.2, pandas 2.2.3, scipy 1.14.1, matplotlib 3.8.4, but no DuckDB.
:func:`install` (called by ``cxlib/__init__.py`` on ``sys.platform == "emscripten"`` only) does
three things there; nothing changes elsewhere.

- **32-bit indices.** WebAssembly is a 32-bit platform, so ``np.intp`` is int32 there and
  :func:`numpy.bincount` and :func:`numpy.repeat` refuse int64 counts ("Cannot cast array data
  from dtype('int64') to dtype('int32') according to the rule 'safe'"), as does
  :func:`numpy.take` with int64 indices: they are made to accept those.
- **A Chinese font.** Pyodide has none, so Chinese labels would be empty boxes. The site ships
  the course's characters of Noto Sans CJK SC as the package ``cx_cjk_font`` (loaded with
  cxlib); :func:`cxlib.webfont.source_font` returns it, so the course theme registers it with
  matplotlib as it does the full font elsewhere.
- **Packages when first used.** ``import cxlib`` loads only numpy and pandas: the first output of
  a notebook comes sooner. SciPy, matplotlib, seaborn, ipywidgets and jieba (:data:`ON_DEMAND`)
  load the first time anything imports them, even inside a function: with JavaScript Promise
  Integration (Chrome and Edge 137 or later) at once, where the import happens
  (:class:`LoadOnImport`); elsewhere they start loading in the background when cxlib is imported,
  and the kernel waits for them before it runs the next cell.

See Also
--------
README.md, "Run in the browser · 在浏览器中运行".
"""

from __future__ import annotations

import importlib
import importlib.abc
import logging
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
    ``np.intp`` is 32-bit (on 64-bit platforms nothing changes); under Pyodide also use the
    site's Chinese font and load the extras on first import."""
    if np.dtype(np.intp).itemsize < 8:
        np.bincount = bincount
        np.repeat = repeat
        np.take = take
    if sys.platform == "emscripten":
        _use_site_font()
        _load_on_demand()
        logging.getLogger("matplotlib.font_manager").addFilter(quiet_font_cache)


#: matplotlib's notice as it builds its font cache (``font_manager``, at its first import).
FONT_CACHE_NOTICE = "Matplotlib is building the font cache"


def quiet_font_cache(record: logging.LogRecord) -> bool:
    """A logging filter that drops matplotlib's font-cache notice and keeps every other record.

    In the browser the notice comes on every page load (Pyodide's files are new each time), as
    a red box under the first chart of the notebook, for about a second of work that needs no
    attention; font warnings that do (a missing font) still show.

    Examples
    --------
    >>> notice = logging.makeLogRecord({"msg": FONT_CACHE_NOTICE + "; this may take a moment."})
    >>> missing = logging.makeLogRecord({"msg": "findfont: Font family 'X' not found."})
    >>> quiet_font_cache(notice), quiet_font_cache(missing)
    (False, True)
    """
    return not record.getMessage().startswith(FONT_CACHE_NOTICE)


#: Packages of the site cxlib imports only when a feature needs them (loaded on first import).
ON_DEMAND = ("scipy", "matplotlib", "seaborn", "ipywidgets", "jieba")
#: Their import names when the site's lock cannot be read (the lock is the first choice).
_IMPORT_NAMES = {
    "scipy": "scipy",
    "matplotlib": "matplotlib",
    "mpl_toolkits": "matplotlib",
    "seaborn": "seaborn",
    "ipywidgets": "ipywidgets",
    "jieba": "jieba",
}


def _use_site_font() -> None:
    """Make :func:`cxlib.webfont.source_font` return the site's subset of Noto Sans CJK SC."""
    from cxlib import webfont

    try:
        import cx_cjk_font
    except ImportError:  # a site built without it: Chinese labels stay boxes, as before
        return
    webfont.source_font = lambda: cx_cjk_font.FONT if cx_cjk_font.FONT.is_file() else None


class LoadOnImport(importlib.abc.MetaPathFinder):
    """Load a package of the site the first time it is imported (Pyodide loads a package's
    files only on request; the kernel does it for the imports it sees in a cell, not for an
    import inside cxlib's functions).

    With JavaScript Promise Integration the import waits for the package; without it, the
    package is already loading in the background, and the import raises an ImportError that
    says to run the cell again (the kernel waits for the loading before the next cell).
    """

    def __init__(self, packages: dict[str, str], background: Any = None) -> None:
        self.packages = packages  # import name -> package name
        self.background = background
        self.busy: set[str] = set()

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        package = self.packages.get(name) if path is None else None
        if package is None or name in self.busy or _loaded(package):
            return None
        import pyodide_js
        from pyodide.ffi import can_run_sync, run_sync

        self.busy.add(name)
        try:
            if can_run_sync():
                run_sync(pyodide_js.loadPackage(package))
            else:
                if self.background is None:
                    self.background = pyodide_js.loadPackage(package)
                raise ImportError(
                    f"{name} is still loading in the browser (cxlib loads it when first used); "
                    "run this cell again in a moment. 正在加载，请稍后重新运行本单元格。",
                    name=name,
                )
        finally:
            self.busy.discard(name)
        importlib.invalidate_caches()
        return None  # the ordinary finders find it now


def _loaded(package: str) -> bool:
    import pyodide_js

    return bool(getattr(pyodide_js.loadedPackages, package, None))


def _import_names() -> dict[str, str]:
    """Import name -> package for :data:`ON_DEMAND` and their dependencies, from the lock."""
    import pyodide_js

    try:
        mapping = pyodide_js._api._import_name_to_package_name.to_py()
        wanted = set(ON_DEMAND)
        for name in list(wanted):
            depends = pyodide_js._api.lockfile_packages[name].depends.to_py()
            wanted.update(depends)
        names = {k: v for k, v in mapping.items() if v in wanted}
        return names or dict(_IMPORT_NAMES)
    except Exception:  # a private API that moved: the names cxlib itself imports
        return dict(_IMPORT_NAMES)


def _load_on_demand() -> None:
    """Install :class:`LoadOnImport`; without JSPI start loading in the background and have the
    kernel wait for it before each following cell (an async step before the cell runs)."""
    if any(isinstance(finder, LoadOnImport) for finder in sys.meta_path):
        return
    import pyodide_js
    from pyodide.ffi import can_run_sync, to_js

    background = None
    if not can_run_sync():
        background = pyodide_js.loadPackage(to_js([p for p in ON_DEMAND if not _loaded(p)]))
        _wait_before_each_cell(background)
    sys.meta_path.insert(0, LoadOnImport(_import_names(), background))


def _wait_before_each_cell(loading: Any) -> None:
    """Have the JupyterLite kernel wait for ``loading`` before it runs the next cell."""
    kernel = sys.modules.get("pyodide_kernel")
    manager = getattr(getattr(kernel, "kernel_instance", None), "lite_transform_manager", None)
    if manager is None:
        return

    async def wait(lines: list[str]) -> list[str]:
        await loading
        return lines

    manager.line_transforms.insert(0, wait)


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
