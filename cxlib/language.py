"""The reader's language for everything cxlib shows (读者的语言): printed results, self-check
messages, widget labels, table labels and figure texts.

cxlib is written once, in English. When the language is Chinese (``set_language("zh")``, or the
environment variable ``CXLIB_LANG=zh``, which the Chinese build of the book and the ``_zh``
notebooks set), what it shows is looked up in two catalogues shipped with the package:

- ``cxlib/data/messages.zh.po``: the printed results (``str(nps.score(...))``), the self-check
  messages of :mod:`cxlib.exercises`, the exercises' hints, and the labels of the tables the
  notebooks show (column and row labels, for display only: :mod:`cxlib._display`);
- ``cxlib/data/figures.zh.po``: every text of a figure and a widget's control labels
  (:mod:`cxlib.plots.language`).

Two kinds of message:

- A result's printed form is a *format string* with named fields, translated before it is
  filled (:func:`tr`), as gettext does: ``"NPS {nps:+.1f} ..."`` becomes ``"净推荐值 {nps:+.1f}
  ..."``, so the numbers are formatted by the same code in both languages.
- A text that exists only at run time (a figure title, a column label) is looked up with its
  numbers cut out and put back afterwards (:func:`translate`), so ``"learner 3"`` is the message
  ``"learner {0}"``.

Either way the numbers are the same in both editions and in the same order (the catalogue check
in ``book/_ext/cxlib_messages.py`` refuses a translation that drops, adds or reorders one).

This module needs neither matplotlib nor IPython: computing modules use it too.

Examples
--------
>>> template("V001: peak-end 6.0, area 11")
('{0}: peak-end {1}, area {2}', ['V001', '6.0', '11'])
>>> template("intention: I mean to come back")
('intention: I mean to come back', [])
>>> fill("{0}：峰终得分 {1}，面积 {2}", ["V001", "6.0", "11"])
'V001：峰终得分 6.0，面积 11'
>>> tr("✓ {name}: correct.", name="x", lang="en")
'✓ x: correct.'
>>> tr("✓ {name}: correct.", name="x", lang="zh")
'✓ x：正确。'
>>> translate("learner 3", lang="zh")
'学员 3'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "N_",
    "catalogue",
    "fill",
    "get_language",
    "in_language",
    "label",
    "read_po",
    "set_language",
    "template",
    "tr",
    "translate",
]

#: The editions of the course: English and Simplified Chinese.
LANGUAGES = ("en", "zh")
#: The catalogues, in lookup order (a message in both is taken from the first).
CATALOGUES = ("messages.zh.po", "figures.zh.po")
_language: str | None = None
#: Numbers (with sign, decimals, thousands separators, percent) and identifiers made of a few
#: capitals and digits (visitor "V001", station "S12") are kept out of messages. Single letters
#: are not: "I" and "A" are words.
_NUMBER = re.compile(r"(?<![\w.])(?:[A-Z]{1,3}\d+|[-+−]?\d+(?:[.,]\d+)*%?)(?![\w])")
_LATIN = re.compile(r"[A-Za-z]{2,}")
#: A format field in a message ("{s.nps:+.1f}", "{0}"): such a message is filled, not shown as is.
_FIELDS = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def get_language() -> str:
    """The reader's language: ``set_language``'s, else ``$CXLIB_LANG``, else ``"en"``."""
    if _language is not None:
        return _language
    value = os.environ.get("CXLIB_LANG", "en").strip().lower()
    return "zh" if value.startswith("zh") else "en"


def set_language(lang: str) -> None:
    """Show every following result, message, table label and picture in ``"en"`` or ``"zh"``.

    In a notebook this also switches how data frames are displayed (:mod:`cxlib._display`).

    Raises
    ------
    ValueError
        Any other language.

    Examples
    --------
    >>> set_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'en' or 'zh', got 'fr'
    """
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    _language = lang
    from cxlib import _display

    _display.activate()


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Within the block, results, messages and pictures in ``lang``; after it, the reader's own
    setting again (their :func:`set_language`, or ``$CXLIB_LANG`` if they set none).

    Examples
    --------
    >>> with in_language("zh"):
    ...     get_language()
    'zh'
    >>> get_language() == ("zh" if os.environ.get("CXLIB_LANG", "").startswith("zh") else "en")
    True
    """
    global _language
    previous = _language
    set_language(lang)
    try:
        yield
    finally:
        _language = previous


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it (gettext's ``N_``): for a
    constant that is translated later, where it is shown, with :func:`tr`."""
    return message


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


def needs_translation(text: str) -> bool:
    """Whether a text has English words in it (numbers and Chinese need nothing)."""
    return bool(_LATIN.search(text))


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def read_po(text: str) -> dict[str, str]:
    """``msgid -> msgstr`` of a gettext catalogue: translated, non-fuzzy, non-obsolete entries.

    A small reader (no Babel, which the browser course does not have) for the catalogues this
    package writes: one entry per paragraph, strings possibly continued on following lines.

    Examples
    --------
    >>> read_po('msgid "a {0}"\\nmsgstr ""\\n"甲 {0}"\\n\\n#, fuzzy\\nmsgid "b"\\nmsgstr "乙"\\n')
    {'a {0}': '甲 {0}'}
    """
    messages: dict[str, str] = {}
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        current, fuzzy = None, False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith(("msgid ", "msgstr ")):
                current = line.split(" ", 1)[0]
                fields[current] = _unquote(line)
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
            elif not line.startswith("#"):
                current = None
        msgid, msgstr = fields.get("msgid"), fields.get("msgstr")
        if msgid and msgstr and not fuzzy:
            messages[msgid] = msgstr
    return messages


@cache
def catalogue() -> dict[str, str]:
    """The Chinese translations (``msgid -> msgstr``) of both catalogues, fuzzy ones left out."""
    from importlib import resources  # here: ``import cxlib`` need not import it

    merged: dict[str, str] = {}
    for name in reversed(CATALOGUES):
        source = resources.files("cxlib").joinpath("data", name)
        if source.is_file():
            merged.update(read_po(source.read_text(encoding="utf-8")))
    return merged


def tr(message: str, /, *values: object, lang: str | None = None, **fields: object) -> str:
    """A format string in the reader's language, filled with ``values`` and ``fields``
    (gettext style).

    The English ``message`` is the catalogue's key; its translation carries the same named
    fields with the same format specifications, so numbers print identically. Untranslated
    messages are shown in English.
    """
    if (lang or get_language()) != "en":
        message = catalogue().get(message, message)
    return message.format(*values, **fields) if values or fields else message


def translate(text: str, lang: str | None = None) -> str:
    """A run-time text (a figure text, a table label, a note) in the given (default: current)
    language: looked up as it is (a constant marked with :func:`N_`), else with its numbers cut
    out; unchanged if untranslated or already without English."""
    if (lang or get_language()) == "en" or not needs_translation(text):
        return text
    exact = catalogue().get(text)
    if exact is not None and not _FIELDS.search(exact):
        return exact
    message, values = template(text)
    translated = catalogue().get(message)
    return fill(translated, values) if translated else text


def record(variable: str, texts: set[str] | list[str]) -> None:
    """Append the messages of run-time texts to the file named by ``$variable`` (one a line).

    The English build of the book sets ``CXLIB_FIGURE_TEXTS`` and ``CXLIB_TABLE_TEXTS`` so that
    every text it shows reaches the catalogues (``make translations``); unset, nothing happens.
    """
    path = os.environ.get(variable)
    lines = {template(t)[0] for t in texts if isinstance(t, str) and needs_translation(t)}
    if path and lines:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.writelines(line.replace("\n", "\\n") + "\n" for line in sorted(lines))


def label(text: str) -> str:
    """A control's label or option (a widget's description) in the current language, recorded
    like figure texts."""
    record("CXLIB_FIGURE_TEXTS", {text})
    return translate(text)
