"""The course's terminology and name registry: one English and one Chinese name per thing (术语表).

Two files decide how things are named in both editions of the book, in the Chinese translation
catalogues, the figure texts, the worksheets, the ``cx report`` labels and the Chinese search
dictionary of the site:

- ``cxlib/data/terminology.csv``: the concepts (净推荐值, 中立者, 峰终效应, 服务环境 …), the
  glossary's headwords;
- ``cxlib/data/names.csv``: the registry of what a trainer names aloud in the room: activities,
  worksheets and handouts, table column headings, the parts of an activity's description, teaching
  methods, the parts of models (the outline's motives, the sharing levers, the four steps …) and
  formulas, each with a ``kind``.

Both have the same columns: ``key``, ``en``, ``zh`` (the one Chinese name), ``avoid`` (other
Chinese forms the edition must not use, ``;``-separated), ``outline`` (the course outline's own
word where an outline names the thing, with the course number), ``note`` and ``note_zh`` (why,
in English and Chinese). The Chinese names are the outlines' own wherever an outline names the
thing (``../shared/seeds/``); where the edition keeps another word, the note says why.

See Also
--------
Book page ``book/terminology.md`` (the tables), ``book/glossary.md`` (definitions).

Examples
--------
>>> from cxlib import terms
>>> terms.zh("passive"), terms.label("passive", "zh"), terms.label("passive", "en")
('中立者', '中立者', 'passive')
>>> terms.avoided()["被动者"]
'passive'
>>> terms.zh("sharing_brainstorm_sheet"), terms.kind("sharing_brainstorm_sheet")
('转发场景头脑风暴单', 'worksheet')
>>> terms.misused("服务场景的设计很重要")
[('服务场景', 'servicescape')]
>>> terms.misused("服务环境（也称服务场景）")
[]
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

__all__ = [
    "KINDS",
    "LANGUAGES",
    "avoided",
    "entries",
    "kind",
    "label",
    "misused",
    "names",
    "table",
    "zh",
]

#: The editions of the course: English and Simplified Chinese.
LANGUAGES = ("en", "zh")

#: The kinds of registered names, in the order the terminology page shows them, with their
#: headings in English and Chinese. ``concept`` is terminology.csv; the others are names.csv.
KINDS = {
    "concept": ("Concepts", "概念"),
    "course_part": ("Parts of the course and its pages", "课程与页面的组成部分"),
    "activity": ("Classroom activities", "课堂活动"),
    "activity_part": ("Parts of an activity's description", "课堂活动说明的各项"),
    "method": ("Teaching methods in the agendas", "课程安排中的教学方法"),
    "worksheet": ("Worksheets and handouts", "练习单与讲义"),
    "material": ("Room materials", "教具"),
    "column": ("Table column headings", "表格列标题"),
    "model_part": ("Parts of models", "模型的组成部分"),
    "formula": ("Formulas", "公式"),
}

#: Longer words that contain an avoided form but mean something else (a laptop is not a notebook
#: of the course): occurrences inside them are not counted.
COMPOUNDS = ("笔记本电脑",)

#: How close (in characters) the preferred name must stand to an avoided form for the form to
#: count as explained ("中立者（也称被动者）") rather than used.
BESIDE = 16


def _read(name: str) -> dict[str, dict[str, str]]:
    text = resources.files("cxlib").joinpath("data", name).read_text("utf-8")
    rows = {}
    for row in csv.DictReader(text.splitlines()):
        key = row.pop("key")
        if key in rows:
            raise ValueError(f"cxlib/data/{name}: the key {key!r} appears twice")
        rows[key] = row
    return rows


@cache
def table() -> dict[str, dict[str, str]]:
    """Every concept, keyed by its identifier: ``{"en", "zh", "avoid", "outline", "note", ...}``.

    Examples
    --------
    >>> table()["nps"]["zh"]
    '净推荐值'
    >>> table()["servicescape"]["outline"]
    '服务环境 (001)'
    """
    return _read("terminology.csv")


@cache
def names() -> dict[str, dict[str, str]]:
    """Every registered name a trainer says aloud, keyed by identifier, with its ``kind``.

    Examples
    --------
    >>> row = names()["act_colour_quiz"]
    >>> row["kind"], row["zh"], row["outline"]
    ('activity', '性格测评', '性格测评与解析 (002)')
    """
    rows = _read("names.csv")
    unknown = {row["kind"] for row in rows.values()} - set(KINDS)
    if unknown:
        raise ValueError(f"cxlib/data/names.csv: unknown kind(s) {sorted(unknown)}")
    return rows


@cache
def entries() -> dict[str, dict[str, str]]:
    """Concepts and names together, each row with its ``kind`` (``"concept"`` for the concepts).

    Raises
    ------
    ValueError
        A key in both files.

    Examples
    --------
    >>> entries()["nps"]["kind"], entries()["nps_tally_sheet"]["kind"]
    ('concept', 'worksheet')
    """
    both = set(table()) & set(names())
    if both:
        raise ValueError(f"keys in both terminology.csv and names.csv: {sorted(both)}")
    return {**{k: {"kind": "concept", **v} for k, v in table().items()}, **names()}


def zh(key: str) -> str:
    """The Chinese name of a concept or a registered name.

    Raises
    ------
    KeyError
        A key in neither file (the message lists close keys).
    """
    return _row(key)["zh"]


def kind(key: str) -> str:
    """What a key names: ``"concept"`` or one of the registry's kinds (see :data:`KINDS`)."""
    return _row(key)["kind"]


def label(key: str, lang: str = "en") -> str:
    """The name for ``key`` in the reader's language (``"en"`` or ``"zh"``).

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
    """Chinese forms the edition does not use, mapped to the key of the preferred name."""
    pairs = {}
    for key, row in entries().items():
        for word in filter(None, (w.strip() for w in row["avoid"].split(";"))):
            pairs[word] = key
    return pairs


def misused(text: str) -> list[tuple[str, str]]:
    """Avoided forms that ``text`` uses, as ``(form, key)`` pairs; an empty list when none.

    A form counts as explained, not used, when the preferred name stands within :data:`BESIDE`
    characters of it ("中立者（也称被动者）", "批判者（贬损者）"), and as quoted when it is the
    outline's own word in quotation marks (the outline's “问题客户”). A form that contains the
    preferred name ("练习册笔记本" for 练习册) is never explained by it. Occurrences of the
    preferred name itself are not searched for the form ("网点" inside a preferred "服务网点").

    Examples
    --------
    >>> misused("他们是被动者。")
    [('被动者', 'passive')]
    >>> misused("中立者（也称被动者）")
    []
    >>> misused("大纲说的“问题客户”"), misused("识别问题客户")
    ([], [('问题客户', 'customer_misbehaviour')])
    >>> misused("每人一台笔记本电脑")
    []
    >>> misused("下载练习册笔记本")
    [('练习册笔记本', 'workbook_notebook')]
    """
    found = []
    for word, key in avoided().items():
        if word not in text:
            continue
        preferred = zh(key)
        if preferred in word:
            found.append((word, key))
            continue
        spans = [m.span() for m in re.finditer(re.escape(preferred), text)]
        outline = word in entries()[key]["outline"]
        others = [m.span() for c in COMPOUNDS if word in c for m in re.finditer(c, text)]
        for match in re.finditer(re.escape(word), text):
            start, end = match.span()
            inside = any(a <= start and end <= b for a, b in spans + others)
            near = any(a - BESIDE <= end and start <= b + BESIDE for a, b in spans)
            quoted = (
                outline
                and start > 0
                and end < len(text)
                and text[start - 1] in "“\"'‘"
                and text[end] in "”\"'’"
            )
            if not inside and not near and not quoted:
                found.append((word, key))
                break
    return found


def _row(key: str) -> dict[str, str]:
    try:
        return entries()[key]
    except KeyError:
        close = [k for k in entries() if key.lower() in k or k in key.lower()][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(
            f"{key!r} is not in cxlib/data/terminology.csv or cxlib/data/names.csv{hint}"
        ) from None
