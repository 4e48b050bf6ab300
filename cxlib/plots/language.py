"""Pictures in the reader's language: every text of a figure translated as it is drawn (图表语言).

The course's pictures are written once, in English (titles, axis labels, legends, tick labels,
annotations). When the language is Chinese (``set_language("zh")``, or the environment variable
``CXLIB_LANG=zh``, which the Chinese build of the book sets), every text of a figure is looked up
in the catalogue ``cxlib/data/figures.zh.po`` at the moment the figure is saved or shown, and
replaced by its translation. Numbers are not part of a message: they are cut out before the
look-up and put back afterwards, so both editions show the same numbers, and a label such as
``"V001: peak-end 6.0, area 11"`` is one message, ``"{0}: peak-end {1}, area {2}"``.

The catalogue is kept complete like the book's (``book/_ext/i18n.py``): the English build
records every text it draws (``CXLIB_FIGURE_TEXTS=FILE``), ``make translations`` merges them
into the catalogue, and the check in ``make test`` fails while any is untranslated.

Examples
--------
>>> template("V001: peak-end 6.0, area 11")
('{0}: peak-end {1}, area {2}', ['V001', '6.0', '11'])
>>> template("intention: I mean to come back")
('intention: I mean to come back', [])
>>> template("NPS by city")
('NPS by city', [])
>>> fill("{0}：峰终得分 {1}，面积 {2}", ["V001", "6.0", "11"])
'V001：峰终得分 6.0，面积 11'
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = [
    "fill",
    "get_language",
    "label",
    "set_language",
    "template",
    "translate",
    "translate_figure",
]

_LANGUAGES = ("en", "zh")
_language: str | None = None
#: Numbers (with sign, decimals, thousands separators, percent) and identifiers made of a few
#: capitals and digits (visitor "V001", station "S12") are kept out of messages. Single letters
#: are not: "I" and "A" are words.
_NUMBER = re.compile(r"(?<![\w.])(?:[A-Z]{1,3}\d+|[-+−]?\d+(?:[.,]\d+)*%?)(?![\w])")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def get_language() -> str:
    """The language pictures are drawn in: ``set_language``'s, else ``$CXLIB_LANG``, else "en"."""
    if _language is not None:
        return _language
    value = os.environ.get("CXLIB_LANG", "en").strip().lower()
    return "zh" if value.startswith("zh") else "en"


def set_language(lang: str) -> None:
    """Draw every following picture in ``"en"`` (English) or ``"zh"`` (简体中文).

    Raises
    ------
    ValueError
        Any other language.
    """
    global _language
    if lang not in _LANGUAGES:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    _language = lang


def template(text: str) -> tuple[str, list[str]]:
    """A text as a message with numbered placeholders, and the numbers cut out of it."""
    values: list[str] = []

    def cut(match: re.Match) -> str:
        values.append(match.group(0))
        return f"{{{len(values) - 1}}}"

    return _NUMBER.sub(cut, text.replace("{", "{{").replace("}", "}}")), values


def fill(message: str, values: list[str]) -> str:
    """Put the numbers back into a translated message."""
    return message.format(*values)


@cache
def catalogue() -> dict[str, str]:
    """The Chinese translations of figure texts (``msgid -> msgstr``), fuzzy ones left out."""
    from babel.messages.pofile import read_po

    source = resources.files("cxlib").joinpath("data", "figures.zh.po")
    if not source.is_file():
        return {}
    with source.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def needs_translation(text: str) -> bool:
    """Whether a figure text has English words in it (numbers and Chinese need nothing)."""
    return bool(_LATIN.search(text))


def translate(text: str, lang: str | None = None) -> str:
    """One figure text in the given (default: current) language; unchanged if untranslated."""
    if (lang or get_language()) == "en" or not needs_translation(text):
        return text
    message, values = template(text)
    translated = catalogue().get(message)
    return fill(translated, values) if translated else text


def label(text: str) -> str:
    """A control's label (a widget's description) in the current language, recorded like figures."""
    recording = os.environ.get("CXLIB_FIGURE_TEXTS")
    if recording and needs_translation(text):
        _write(recording, {template(text)[0]})
    return translate(text)


def _write(path: str, messages: set[str]) -> None:
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.writelines(line.replace("\n", "\\n") + "\n" for line in sorted(messages))


def _texts(figure: Figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_text()]


def _record(figure: Figure, path: str) -> None:
    """Append the figure's English messages to ``path`` (one per line) for the catalogue."""
    lines = {template(t.get_text())[0] for t in _texts(figure) if needs_translation(t.get_text())}
    if lines:
        _write(path, lines)


def translate_figure(figure: Figure, lang: str | None = None) -> Figure:
    """Translate every text of ``figure`` in place (titles, labels, ticks, legends, notes).

    Tick labels are fixed before translation so that matplotlib does not redraw them in English.
    """
    if (lang or get_language()) == "en":
        return figure
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.get_text() for t in axis.get_ticklabels()]
            if any(needs_translation(label) for label in labels):
                axis.set_ticks(axis.get_ticklocs(), [translate(t, lang) for t in labels])
    for text in _texts(figure):
        text.set_text(translate(text.get_text(), lang))
    return figure


_original_print_figure = FigureCanvasBase.print_figure


def _print_figure(self: FigureCanvasBase, *args, **kwargs):
    """Matplotlib's ``print_figure`` (behind savefig and notebook display), language-aware."""
    recording = os.environ.get("CXLIB_FIGURE_TEXTS")
    if recording:
        _record(self.figure, recording)
    translate_figure(self.figure)
    return _original_print_figure(self, *args, **kwargs)


def install() -> None:
    """Route every saved or displayed figure through :func:`translate_figure` (idempotent)."""
    if FigureCanvasBase.print_figure is not _print_figure:
        FigureCanvasBase.print_figure = _print_figure
