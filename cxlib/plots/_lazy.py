"""matplotlib and seaborn imported when a picture is first drawn, not when ``cxlib.plots`` is
imported.

Importing them takes about a second here and several in the browser course (Pyodide, where the
packages must also be loaded first), and every notebook imports ``cxlib.plots`` in its first
cell. So the drawing modules refer to them through :class:`Module` (the real module is imported
at the first attribute access), and what must happen to matplotlib before anything is drawn
(the course theme, the translation of figure texts) is registered with :func:`when_imported`:
it runs right after matplotlib is imported, by whoever imports it (a cxlib picture, seaborn, a
notebook's own ``import matplotlib.pyplot as plt``), or at once if it already was.

Examples
--------
>>> plt = Module("matplotlib.pyplot")
>>> plt.subplots is __import__("matplotlib.pyplot").pyplot.subplots
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["Module", "when_imported"]

#: Run once, in order, right after matplotlib is imported.
_hooks: list[Callable[[], None]] = []


class Module:
    """A module imported at its first attribute access (``plt.subplots`` imports pyplot)."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported when first used>"


def when_imported(hook: Callable[[], None]) -> None:
    """Run ``hook`` right after matplotlib is imported, or now if it already is."""
    if "matplotlib" in sys.modules:
        hook()
        return
    if hook not in _hooks:
        _hooks.append(hook)
    if not any(isinstance(finder, _AfterImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport())


def _run_hooks() -> None:
    while _hooks:
        _hooks.pop(0)()


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds matplotlib with the other finders and runs the hooks once its module has run."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "matplotlib":
            return None
        spec = None
        for finder in [f for f in sys.meta_path if f is not self]:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find else None
            if spec is not None:
                break
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run_module = loader.exec_module

        def exec_module(module: Any) -> None:
            run_module(module)
            sys.modules[name] = module  # the hooks import matplotlib's submodules
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            _run_hooks()

        loader.exec_module = exec_module  # this import's loader only
        return spec
