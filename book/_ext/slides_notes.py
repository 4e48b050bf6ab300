"""Speaker notes and the deck's own words, in the deck's language (``book/_ext/slides_deck.py``).

A slide source's notes hold what to say, the question for the room, the answers to expect and
a tip (``Say:``, ``Ask:``, ``Expect:``, ``Watch:``); they reach the deck through the catalogue
like every other text (:class:`Translator`). The rest of each slide's notes is made here, in the
deck's language: the minutes in each agenda, the chapter section to read (the chapter's and the
section's titles come from the book's own Chinese catalogue, so notes and book agree), and the
sources (short citations from ``book/references.bib``: "Keiningham 等（2007）").
"""

from __future__ import annotations

import re

import i18n
from slides import ROOT, Deck, Slide
from slides_agenda import agendas
from slides_check import bibliography, read_target, translations

#: The deck's own words (interface texts, like the book's navigation), in both languages.
LABELS = {
    "en": {
        "Say": "Say",
        "Ask": "Ask",
        "Expect": "Expect",
        "Watch": "Watch for",
        "Time": "Time",
        "Read": "Read",
        "Sources": "Sources",
        "minutes": "{0} min",
        "in agenda": "{0} min in the {1}",
        "only": "{0} min ({1} only)",
        "1-day": "1-day course",
        "2-day": "2-day course",
        "3-day": "3-day course",
        "section": "the book, “{0}”, section “{1}”",
        "chapter": "the book, “{0}”",
        "Group": "Group",
        "Handout": "Handout",
        "Claim": "The claim",
        "Evidence": "What the evidence says",
        "supported": "Supported",
        "narrow": "True only under conditions",
        "contested": "Contested",
        "not-supported": "Not supported",
        "no-source": "No source found",
        "course": "Course {0} · CX Workbook",
        "cite": "{0} ({1})",
        "and": " & ",
        "et al": " et al.",
        "list": "; ",
    },
    "zh": {
        "Say": "讲解",
        "Ask": "提问",
        "Expect": "预期回答",
        "Watch": "注意",
        "Time": "时间",
        "Read": "阅读",
        "Sources": "来源",
        "minutes": "{0} 分钟",
        "in agenda": "{1} {0} 分钟",
        "only": "{0} 分钟（仅{1}）",
        "1-day": "一天课程",
        "2-day": "两天课程",
        "3-day": "三天课程",
        "section": "教材《{0}》“{1}”一节",
        "chapter": "教材《{0}》",
        "Group": "分组",
        "Handout": "材料",
        "Claim": "流行说法",
        "Evidence": "证据怎么说",
        "supported": "有证据支持",
        "narrow": "仅在特定条件下成立",
        "contested": "有争议",
        "not-supported": "未获证实",
        "no-source": "找不到出处",
        "course": "课程 {0} · 客户体验分析练习册",
        "cite": "{0}（{1}）",
        "and": " 和 ",
        "et al": " 等",
        "list": "；",
    },
}


class Translator:
    """A deck's texts in its language: the catalogue's Chinese, or the English as it is."""

    def __init__(self, deck: Deck, lang: str):
        self.lang = lang
        self.catalogue = translations(deck) if lang == "zh" else {}
        self.missing: list[str] = []

    def __call__(self, english: str) -> str:
        if self.lang == "en" or not english:
            return english
        message = self.catalogue.get(english)
        if message is not None and message.string and not message.fuzzy:
            return message.string
        if i18n.needs_words(english):
            self.missing.append(english)
        return english

    def label(self, key: str, *values) -> str:
        return LABELS[self.lang][key].format(*values)


class Notes:
    """The generated parts of a deck's notes and panels: minutes, reading, sources."""

    def __init__(self, deck: Deck, lang: str):
        self.lang = lang
        self.tr = Translator(deck, lang)
        self.agendas = list(agendas(deck.guide))

    def minutes_text(self, source: Slide, lines: bool = False) -> str:
        """The slide's minutes per agenda, as one line (notes) or one line per agenda (panel)."""
        used = [(a, source.minutes(a)) for a in self.agendas if source.minutes(a) > 0]
        if len(used) == 1 and len(source.block.rows) < len(self.agendas):
            agenda, minutes = used[0]
            return self.tr.label("only", minutes, self.tr.label(agenda))
        values = {minutes for _, minutes in used}
        if len(values) == 1 and len(used) == len(self.agendas):
            return self.tr.label("minutes", values.pop())
        separator = "\n" if lines else "；" if self.lang == "zh" else "; "
        return separator.join(
            self.tr.label("in agenda", minutes, self.tr.label(agenda)) for agenda, minutes in used
        )

    def read_text(self, source: Slide) -> str | None:
        target = read_target(source)
        if not target or not target[1]:
            return None
        page, page_title, section = target
        name = self.book_heading(page, page_title)
        if not section or section == page_title:
            return self.tr.label("chapter", name)
        return self.tr.label("section", name, self.book_heading(page, section))

    def book_heading(self, page: str, heading: str) -> str:
        """A heading of the book in the deck's language (from the book's own catalogue)."""
        english = heading.split(" · ")[0].strip()
        if self.lang == "en":
            return english
        from babel.messages.pofile import read_po

        path = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "book" / f"{page}.po"
        if path.exists():
            with path.open("rb") as handle:
                for message in read_po(handle):
                    if message.id == heading and message.string and not message.fuzzy:
                        return message.string
        return heading.split(" · ")[-1].strip()

    def citation(self, key: str) -> str:
        """'Keiningham et al. (2007)' / 'Keiningham 等（2007）'."""
        cited = bibliography()[key]
        who, year = re.match(r"(.*) \((.*)\)$", cited).groups()
        who = who.replace(" et al.", self.tr.label("et al")).replace(" & ", self.tr.label("and"))
        return self.tr.label("cite", who, year)

    def lines(self, source: Slide) -> list[tuple[str, str]]:
        """The notes of a slide as (label, words) pairs in the deck's language."""
        lines = [
            (self.tr.label(label), self.tr(source.notes[label]))
            for label in ("Say", "Ask", "Expect", "Watch")
            if label in source.notes
        ]
        lines.append((self.tr.label("Time"), self.minutes_text(source)))
        read = self.read_text(source)
        if read:
            lines.append((self.tr.label("Read"), read))
        if source.sources:
            cited = self.tr.label("list").join(self.citation(k) for k in source.sources)
            lines.append((self.tr.label("Sources"), cited))
        return lines
