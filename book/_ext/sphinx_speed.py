"""Two costs of the Chinese edition's build that do no work, removed (measured in building.md).

A profile of the Chinese build from a full execution cache (``python -m cProfile
book/_ext/i18n.py build-once zh``) spent most of its time outside the notebooks:

- **Docutils settings rebuilt for every translated message.** Sphinx parses each of the ~7,700
  Chinese messages as a small document of its own (``sphinx.transforms.i18n.publish_msgstr``), and
  MyST's renderer evaluates ``options.get("document", make_document())``: a new document with
  freshly computed default settings (an ``optparse`` parser of ~70 options) on every call, thrown
  away because the message's document is passed in. :func:`_cached_make_document` computes the
  defaults once per parser class and gives each document its own shallow copy.
- **A list searched for every word of the search index.** Sphinx's Chinese search language keeps
  every Latin word it has seen in the class attribute ``SearchChinese.latin_terms`` (a list, growing
  page after page) and asks ``word in latin_terms`` for each word it stems: quadratic in the size of
  the book. :class:`_Terms` is that list with a set beside it for membership; it holds the same
  words, so the index is the same.

Both patches change no output: ``tests/test_i18n.py`` and ``tests/test_site.py`` read the built
sites.
"""

from __future__ import annotations

import copy

_DEFAULTS: dict[type, object] = {}


def _cached_make_document(source_path: str = "notset", parser_cls: type | None = None):
    """myst_parser's ``make_document`` with the default settings computed once per parser class."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    parser_cls = RSTParser if parser_cls is None else parser_cls
    if parser_cls not in _DEFAULTS:
        _DEFAULTS[parser_cls] = get_default_settings(parser_cls)
    return new_document(source_path, settings=copy.copy(_DEFAULTS[parser_cls]))


class _Terms(list):
    """A list of words that answers ``in`` from a set (Sphinx's ``SearchChinese.latin_terms``).

    Examples
    --------
    >>> terms = _Terms()
    >>> terms.extend(["NPS", "CSAT"])
    >>> "NPS" in terms, "KANO" in terms, list(terms)
    (True, False, ['NPS', 'CSAT'])
    """

    def __init__(self, words=()) -> None:
        super().__init__(words)
        self._set = set(self)

    def extend(self, words) -> None:
        words = list(words)
        super().extend(words)
        self._set.update(words)

    def append(self, word) -> None:
        super().append(word)
        self._set.add(word)

    def __contains__(self, word) -> bool:
        return word in self._set


def apply() -> None:
    """Install both patches (idempotent); called by ``i18n._build`` before Sphinx starts."""
    from myst_parser.mdit_to_docutils import base
    from sphinx.search import zh

    base.make_document = _cached_make_document
    if not isinstance(zh.SearchChinese.latin_terms, _Terms):
        zh.SearchChinese.latin_terms = _Terms(zh.SearchChinese.latin_terms)
