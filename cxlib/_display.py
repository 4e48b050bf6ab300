"""Data frames shown in the reader's language: Chinese column and row labels, for display only.

A notebook's code and its column names stay English (``result.table["ci_low"]`` works in both
editions); what a Chinese reader *sees* is a copy of the frame whose labels (column labels, row
labels, the names of the index and of the columns) are looked up in the catalogue
``cxlib/data/messages.zh.po`` with :func:`cxlib.language.translate`. The numbers, the cells and
the shape are untouched, so both editions of the book show the same numbers.

:func:`activate` registers IPython display formatters for pandas' ``DataFrame`` and ``Series``
(HTML and plain text) and ``Styler`` (HTML) when the language is Chinese, or when the English
build of the book records the labels it shows (``CXLIB_TABLE_TEXTS``, merged into the catalogue by
``make translations``); ``import cxlib`` calls it, and so does
:func:`cxlib.language.set_language`. Outside IPython nothing happens.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"nps": [11.6], "ci_low": [8.2]}, index=pd.Index(["上海"], name="city"))
>>> shown = display_copy(frame, lang="zh")
>>> list(shown.columns), shown.index.name, list(frame.columns)
(['净推荐值', '置信下限'], '城市', ['nps', 'ci_low'])
>>> shown.equals(frame.set_axis(shown.columns, axis=1).rename_axis("城市"))
True
"""

from __future__ import annotations

import os
import sys
from typing import Any

from cxlib.language import get_language, record, translate

__all__ = ["activate", "display_copy", "labels"]

#: Row labels are translated only for frames with at most this many distinct labels (a display
#: never shows more; a million-row index is left as it is rather than looked up row by row).
MAX_LABELS = 2_000
#: Columns whose cells are words that cxlib writes (why a comparison has nothing to test; a
#: channel step's verdict): shown translated too, like the labels.
PROSE_COLUMNS = ("note", "verdict")
#: (MIME type, module, class) of what is displayed; pandas 3 says its classes are in "pandas",
#: pandas 2 (the browser course's) in the submodules that define them.
_FORMATTED = (
    *[("text/html", module, "DataFrame") for module in ("pandas", "pandas.core.frame")],
    *[("text/plain", module, "DataFrame") for module in ("pandas", "pandas.core.frame")],
    *[("text/plain", module, "Series") for module in ("pandas", "pandas.core.series")],
    ("text/html", "pandas.io.formats.style", "Styler"),
)


def _one(value: Any, lang: str | None) -> Any:
    return translate(value, lang) if isinstance(value, str) else value


def _axis(index: Any, lang: str | None) -> Any:
    """An index with its string labels (every level) and its names translated."""
    import pandas as pd

    names = [_one(name, lang) for name in index.names]
    if isinstance(index, pd.MultiIndex):
        levels = [_axis(level, lang) for level in index.levels]
        return index.set_levels(levels).set_names(names)
    if isinstance(index, pd.CategoricalIndex):
        if len(index.categories) <= MAX_LABELS:
            translated = [_one(c, lang) for c in index.categories]
            if len(set(translated)) == len(translated):
                index = index.rename_categories(translated)
    elif index.dtype.kind in "OUST" or isinstance(index.dtype, pd.StringDtype):
        unique = index.unique()
        if len(unique) <= MAX_LABELS:
            mapping = {value: _one(value, lang) for value in unique}
            if any(k != v for k, v in mapping.items()):
                index = index.map(mapping)
    return index.set_names(names)


def labels(frame: Any, index: bool = True) -> set[str]:
    """The string labels a frame or Series shows: column and row labels and the axes' names
    (without the row labels when ``index`` is False: a table that hides them)."""
    import pandas as pd

    found: set[str] = set()
    axes = [frame.index] if index else []
    axes += [frame.columns] if isinstance(frame, pd.DataFrame) else []
    for index in axes:
        found.update(n for n in index.names if isinstance(n, str))
        values = index.levels if isinstance(index, pd.MultiIndex) else [index]
        for level in values:
            if len(level) <= MAX_LABELS:
                found.update(v for v in level.unique() if isinstance(v, str))
    if isinstance(frame, pd.Series) and isinstance(frame.name, str):
        found.add(frame.name)
    return found


def display_copy(frame: Any, lang: str | None = None) -> Any:
    """A copy of a DataFrame or Series whose labels are in the language (the data unchanged)."""
    import pandas as pd

    shown = frame.copy(deep=False)
    shown.index = _axis(frame.index, lang)
    if isinstance(frame, pd.DataFrame):
        for position, name in enumerate(frame.columns):
            column = frame.iloc[:, position]
            text = column.dtype == object or isinstance(column.dtype, pd.StringDtype)
            if name in PROSE_COLUMNS and text and len(column) <= MAX_LABELS:
                shown.isetitem(position, column.map(lambda value: _one(value, lang)))
        shown.columns = _axis(frame.columns, lang)
    elif isinstance(frame.name, str):
        shown.name = _one(frame.name, lang)
    return shown


def _shown(obj: Any) -> Any:
    """What to display: the translated copy in Chinese, the object itself in English (with its
    labels recorded for the catalogue when the English build asks for them)."""
    record("CXLIB_TABLE_TEXTS", labels(obj))
    return display_copy(obj) if get_language() == "zh" else obj


#: Added to pandas' own style block of a Chinese table: a short Chinese column label over a
#: narrow column of digits would otherwise break after every character (员/工/评/分).
_KEEP_LABELS_WHOLE = "    .dataframe thead th {\n        white-space: nowrap;\n    }\n</style>"


def _html(obj: Any) -> str | None:
    html = _shown(obj)._repr_html_()
    if html and get_language() == "zh":
        html = html.replace("</style>", _KEEP_LABELS_WHOLE, 1)
    return html


def _plain(obj: Any, printer: Any, cycle: bool) -> None:
    import pandas as pd

    if get_language() != "zh":
        printer.text(repr(_shown(obj)))
        return
    with pd.option_context("display.unicode.east_asian_width", True):  # columns line up
        printer.text(repr(_shown(obj)))


def _styler_html(styler: Any) -> str:
    """A Styler with its labels relabelled (display only) on a copy of it."""
    import copy

    data = styler.data
    hidden_index = all(getattr(styler, "hide_index_", [False]))
    record("CXLIB_TABLE_TEXTS", labels(data, index=not hidden_index))
    if get_language() != "zh":
        return styler._repr_html_()
    shown = copy.deepcopy(styler)
    try:
        for axis, index in (("index", data.index), ("columns", data.columns)):
            relabelled = _axis(index, None)
            hidden = set(styler.hidden_rows if axis == "index" else styler.hidden_columns)
            visible = [label for i, label in enumerate(relabelled) if i not in hidden]
            if list(relabelled) != list(index):
                shown = shown.relabel_index(visible, axis=axis)
    except (TypeError, ValueError, IndexError):  # a styling pandas cannot relabel: as it is
        return styler._repr_html_()
    return shown._repr_html_()


def activate() -> bool:
    """Register the display formatters in the running IPython shell when the language is
    Chinese or the English build records labels; return whether they are registered.

    Outside IPython (a script, the test suite) nothing changes and False is returned.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    wanted = get_language() == "zh" or "CXLIB_TABLE_TEXTS" in os.environ
    printers = {"text/html": _html, "text/plain": _plain}
    for mime, module, name in _FORMATTED:
        formatter = shell.display_formatter.formatters[mime]
        printer = _styler_html if name == "Styler" else printers[mime]
        if wanted:
            formatter.for_type_by_name(module, name, printer)
        else:
            _forget(formatter, module, name, printer)
    return wanted


def _forget(formatter: Any, module: str, name: str, printer: Any) -> None:
    """Remove our printer for a type (registered by name or, once imported, by type)."""
    if formatter.deferred_printers.get((module, name)) is printer:
        del formatter.deferred_printers[(module, name)]
    for kind, registered in list(formatter.type_printers.items()):
        if (kind.__module__, kind.__name__) == (module, name) and registered is printer:
            del formatter.type_printers[kind]
