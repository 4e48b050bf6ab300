"""The course's terminology: one English and one Chinese term per concept (术语表).

One file, ``cxlib/data/terminology.csv``, decides how each concept is named in both editions of
the book, in the Chinese translation catalogues, in the ``cx report`` labels and in the Chinese
search dictionary of the site. The Chinese terms are the course outlines' own (客户, 中立者,
峰终效应, 客户旅程图 …; see ``../shared/SYLLABUS.md``); the ``avoid`` column lists synonyms that
must not appear in the Chinese edition, so that a learner meets one word for one idea.

See Also
--------
Book page ``book/terminology.md`` (the table), ``book/glossary.md`` (definitions).

Examples
--------
>>> from cxlib import terms
>>> terms.zh("passive"), terms.label("passive", "zh"), terms.label("passive", "en")
('中立者', '中立者', 'passive')
>>> terms.avoided()["被动者"]
'passive'
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

__all__ = ["LANGUAGES", "avoided", "label", "table", "zh"]

#: The editions of the course: English and Simplified Chinese.
LANGUAGES = ("en", "zh")


@cache
def table() -> dict[str, dict[str, str]]:
    """Every term, keyed by its identifier: ``{"en": ..., "zh": ..., "avoid": ..., "note": ...}``.

    Examples
    --------
    >>> table()["nps"]["zh"]
    '净推荐值'
    """
    text = resources.files("cxlib").joinpath("data", "terminology.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row.pop("key"): row for row in rows}


def zh(key: str) -> str:
    """The Chinese term for a concept.

    Raises
    ------
    KeyError
        A key not in the terminology file (the message lists close keys).
    """
    return _row(key)["zh"]


def label(key: str, lang: str = "en") -> str:
    """The term for ``key`` in the reader's language (``"en"`` or ``"zh"``).

    Raises
    ------
    ValueError
        An unknown language.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    return _row(key)[lang]


@cache
def avoided() -> dict[str, str]:
    """Synonyms the Chinese edition does not use, mapped to the key of the preferred term."""
    pairs = {}
    for key, row in table().items():
        for word in filter(None, (w.strip() for w in row["avoid"].split(";"))):
            pairs[word] = key
    return pairs


def _row(key: str) -> dict[str, str]:
    try:
        return table()[key]
    except KeyError:
        close = [k for k in table() if key.lower() in k or k in key.lower()][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"{key!r} is not in cxlib/data/terminology.csv{hint}") from None
