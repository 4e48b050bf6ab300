"""Reason widget: type a reason in Chinese or English and see its words and themes.
Workbook ``notebooks/07_reasons.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from cxlib import language, reasons
from cxlib.language import tr, translate
from cxlib.widgets._live import LAYOUT, STYLE

__all__ = ["describe", "try_reason"]


def describe(text: str, themes: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """One line: the words the reason was split into, and the themes it mentions.

    Examples
    --------
    >>> describe("排队等了很久，前台态度冷淡")
    'words: 排队 / 等 / 了 / 很 / 久 / 前台 / 态度 / 冷淡  ->  themes: staff, check-in'
    """
    themes = reasons.THEMES if themes is None else themes
    keywords = [k for spec in themes.values() for k in spec["keywords"]]
    coded = reasons.code([text], themes).iloc[0]
    found = [translate(name) for name in themes if coded[name]] or [tr("(none)")]
    return tr(
        "words: {words}  ->  themes: {themes}",
        words=" / ".join(reasons.tokens(text, keywords)),
        themes=tr(", ").join(found),
    )


def try_reason(text: str = "排队等了很久，前台态度冷淡") -> widgets.VBox:
    """A text box and the reason's words and themes, updated as you type.

    Examples
    --------
    >>> try_reason()  # doctest: +SKIP
    """
    box = widgets.Text(
        value=text,
        description=language.label("reason"),
        style=STYLE,
        layout=LAYOUT,
        continuous_update=False,
    )
    label = widgets.Label(value=describe(text))

    def update(change: dict) -> None:
        label.value = describe(change["new"]) if change["new"].strip() else ""

    box.observe(update, names="value")
    return widgets.VBox([box, label])
