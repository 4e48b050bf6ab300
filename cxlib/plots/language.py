"""Pictures in the reader's language: every text of a figure translated as it is drawn (图表语言).

The course's pictures are written once, in English (titles, axis labels, legends, tick labels,
annotations). When the language is Chinese (``set_language("zh")``, or the environment variable
``CXLIB_LANG=zh``, which the Chinese build of the book sets), every text of a figure is looked up
in the catalogue ``cxlib/data/figures.zh.po`` at the moment the figure is saved or shown, and
replaced by its translation. Numbers are not part of a message: they are cut out before the
look-up and put back afterwards, so both editions show the same numbers, and a label such as
``"V001: peak-end 6.0, area 11"`` is one message, ``"{0}: peak-end {1}, area {2}"``.

The language, the catalogues and the look-up are :mod:`cxlib.language`'s (printed results and
table labels use them too, without matplotlib); this module applies them to figures.

The catalogue is kept complete like the book's (``book/_ext/i18n.py``): the English build
records every text it draws (``CXLIB_FIGURE_TEXTS=FILE``), ``make translations`` merges them
into the catalogue, and the check in ``make test`` fails while any is untranslated.

Examples
--------
>>> template("NPS by city")  # more in cxlib.language
('NPS by city', [])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxlib.language import (
    catalogue,
    fill,
    get_language,
    label,
    needs_translation,
    record,
    set_language,
    template,
    translate,
)

if TYPE_CHECKING:
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "catalogue",
    "fill",
    "get_language",
    "label",
    "needs_translation",
    "set_language",
    "template",
    "translate",
    "translate_figure",
]


def _texts(figure: Figure) -> list[Text]:
    from matplotlib.text import Text

    return [t for t in figure.findobj(Text) if t.get_text()]


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


_original_print_figure = None


def _print_figure(self: FigureCanvasBase, *args, **kwargs):
    """Matplotlib's ``print_figure`` (behind savefig and notebook display), language-aware."""
    record("CXLIB_FIGURE_TEXTS", [t.get_text() for t in _texts(self.figure)])
    translate_figure(self.figure)
    return _original_print_figure(self, *args, **kwargs)


def install() -> None:
    """Route every saved or displayed figure through :func:`translate_figure` (idempotent;
    imports matplotlib: ``cxlib.plots`` calls it when matplotlib is first imported)."""
    global _original_print_figure
    from matplotlib.backend_bases import FigureCanvasBase

    if FigureCanvasBase.print_figure is not _print_figure:
        _original_print_figure = FigureCanvasBase.print_figure
        FigureCanvasBase.print_figure = _print_figure
