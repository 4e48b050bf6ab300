"""Write a course's slide source as an editable 16:9 PowerPoint deck (python-pptx).

One deck per course and language (``_build/slides/course_NNN_{en,zh}.pptx``), from the source
read by ``book/_ext/slides.py``: real text boxes and native tables, the book's figures drawn by
``cxlib.plots`` in the deck's language at the size they take on the slide, speaker notes on every
slide (what to say, the question for the room and the answers to expect, the minutes per agenda,
the chapter section to read, the sources), and one custom show per agenda. Every run carries its
Latin and East Asian font (``<a:latin>``, ``<a:ea typeface="Microsoft YaHei">``) and its language
(``zh-CN`` in the Chinese deck), so that PowerPoint and WPS on Chinese Windows never fall back to
a font without Chinese. The template is made here: the default python-pptx template widened to
16:9, with the course colour as the theme's first accent and Microsoft YaHei as its fonts.
"""

from __future__ import annotations

import io
from pathlib import Path

import slides_text as text
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from slides import ROOT, Deck, Item, Slide, evaluate
from slides_boxes import BODY_BOTTOM, BODY_TOP, LIGHT, MARGIN, MUTED, DeckBoxes
from slides_pptx import (
    DARK,
    FONTS,
    HIGH,
    INCH,
    LANG_TAG,
    WIDE,
    emu,
    write_paras,
)
from slides_text import Para, runs

VERDICT_COLOURS = {
    "supported": "1B7F3B",
    "narrow": "B7791F",
    "contested": "C05621",
    "not-supported": "B42318",
    "no-source": "52606D",
}


class DeckWriter(DeckBoxes):
    """Builds one deck (one course, one language)."""

    # slides --------------------------------------------------------------------------------

    def add(self, source: Slide) -> None:
        where = f"{self.deck.path.name}:{source.line} ({source.title})"
        kind = source.kind
        layout = {"title": 0, "section": 2}.get(kind, 5)
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[layout])
        for placeholder in list(slide.placeholders):
            if placeholder.placeholder_format.idx != 0:  # keep only the title placeholder
                placeholder._element.getparent().remove(placeholder._element)
        getattr(self, f"_{kind}")(slide, source, where)
        if kind not in ("title", "section"):
            self.footer(slide, source)
        self.notes(slide, source)

    def _title(self, slide, source: Slide, where: str) -> None:
        self.title(
            slide,
            source,
            where,
            left=0.9,
            top=2.0,
            width=WIDE - 1.8,
            height=1.9,
            size=48,
            colour="FFFFFF",
        )
        subtitle = [self.para(self.deck.subtitle, 26, colour="FFFFFF")]
        self.box(slide, "Subtitle", 0.9, 4.05, WIDE - 1.8, 1.3, subtitle, where)
        self.rectangle(slide, 0.9, 3.95, 2.2, 0.06, "FFFFFF", "Title rule")
        line = [Para(runs(self.tr.label("course", self.deck.course)), 20, colour="FFFFFF")]
        self.box(slide, "Course", 0.9, 6.3, WIDE - 1.8, 0.6, line, where)

    def _section(self, slide, source: Slide, where: str) -> None:
        self.rectangle(slide, 0, 0, 0.35, HIGH, self.accent, "Section band")
        self.title(
            slide,
            source,
            where,
            left=1.0,
            top=2.4,
            width=WIDE - 2.0,
            height=1.6,
            size=44,
            colour=self.accent,
            middle=True,
        )
        words = [self.para(i.text, 26, colour=MUTED) for i in source.items if i.kind != "table"]
        if words:
            self.box(slide, "Subtitle", 1.0, 4.1, WIDE - 2.0, 1.6, words, where)

    def _content(self, slide, source: Slide, where: str) -> None:
        self.title(slide, source, where)
        self.rule(slide)

    def list_paras(self, items: list[Item], size: float, lead_size: float | None = None):
        """Paragraphs for a slide's words: a lead statement, then bullets or numbered steps."""
        paras, number = [], 0
        for item in items:
            if item.kind == "paragraph":
                paras.append(
                    self.para(
                        item.text,
                        lead_size or size,
                        bold=bool(lead_size),
                        colour=self.accent if lead_size else DARK,
                        space_before=size * 0.6,
                    )
                )
            elif item.kind in ("bullet", "numbered"):
                number += item.kind == "numbered"
                paras.append(
                    self.para(
                        item.text,
                        size,
                        bullet="1." if item.kind == "numbered" else "●",
                        indent=size * 1.2,
                        space_before=size * 0.55,
                        extra={
                            "number": number,
                            "bullet_colour": self.accent,
                            "bullet_font": FONTS[self.lang][0],
                        },
                    )
                )
        return paras

    def _key(self, slide, source: Slide, where: str) -> None:
        self._content(slide, source, where)
        paras = self.list_paras(source.items, 28, lead_size=36)
        height = BODY_BOTTOM - BODY_TOP
        self.box(slide, "Body", MARGIN, BODY_TOP + 0.1, WIDE - 2 * MARGIN, height, paras, where)

    _outcomes = _summary = _key

    def _activity(self, slide, source: Slide, where: str) -> None:
        self._content(slide, source, where)
        steps = self.list_paras(source.items, 26, lead_size=28)
        self.box(slide, "Steps", MARGIN, BODY_TOP + 0.1, 7.9, BODY_BOTTOM - BODY_TOP, steps, where)
        panel_left = MARGIN + 8.2
        panel_width = WIDE - MARGIN - panel_left
        self.rectangle(
            slide,
            panel_left,
            BODY_TOP + 0.1,
            panel_width,
            BODY_BOTTOM - BODY_TOP - 0.1,
            LIGHT,
            "Activity panel",
        )
        facts = [
            (self.tr.label("Time"), self.words.minutes_text(source, lines=True)),
            (self.tr.label("Group"), self.tr(source.settings["group"])),
            (self.tr.label("Handout"), self.tr(source.settings["handout"])),
        ]
        paras = []
        for label, value in facts:
            paras.append(Para(runs(label), 20, bold=True, colour=self.accent, space_before=14))
            paras.extend(Para(runs(v), 22, colour=DARK, space_before=2) for v in value.split("\n"))
        self.box(
            slide,
            "Activity facts",
            panel_left + 0.15,
            BODY_TOP + 0.25,
            panel_width - 0.3,
            BODY_BOTTOM - BODY_TOP - 0.4,
            paras,
            where,
        )

    def _proven(self, slide, source: Slide, where: str) -> None:
        self._content(slide, source, where)
        verdict = source.settings["verdict"]
        badge_width = 4.2
        badge = self.rectangle(
            slide,
            WIDE - MARGIN - badge_width,
            BODY_TOP + 0.15,
            badge_width,
            0.75,
            VERDICT_COLOURS[verdict],
            "Verdict",
            MSO_SHAPE.ROUNDED_RECTANGLE,
        )
        label = [Para(runs(self.tr.label(verdict)), 22, bold=True, colour="FFFFFF", align="center")]
        label = text.fit(label, badge_width * 72, 0.75 * 72)
        write_paras(badge.text_frame, label, self.lang)
        badge.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        claims = [i for i in source.items if i.kind == "paragraph"][:1]
        claim = [Para(runs(self.tr.label("Claim")), 20, bold=True, colour=MUTED)]
        claim += [
            self.para(
                f"“{i.text}”" if self.lang == "en" else i.text,
                28,
                bold=True,
                colour=self.accent,
                space_before=4,
            )
            for i in claims
        ]
        width = WIDE - 2 * MARGIN - badge_width - 0.3
        self.box(slide, "Claim", MARGIN, BODY_TOP + 0.1, width, 1.6, claim, where)
        evidence = [Para(runs(self.tr.label("Evidence")), 20, bold=True, colour=MUTED)]
        evidence += self.list_paras([i for i in source.items if i.kind != "paragraph"], 24)
        self.box(
            slide, "Evidence", MARGIN, BODY_TOP + 1.75, WIDE - 2 * MARGIN, 3.0, evidence, where
        )
        if not source.sources:
            return
        cited = self.tr.label("list").join(self.words.citation(k) for k in source.sources)
        line = [
            Para(
                runs(f"{self.tr.label('Sources')}{'：' if self.lang == 'zh' else ': '}{cited}"),
                14,
                colour=MUTED,
                role="small",
            )
        ]
        self.box(slide, "Sources", MARGIN, 6.52, WIDE - 2 * MARGIN, 0.45, line, where)

    def _figure(self, slide, source: Slide, where: str) -> None:
        """The figure at the left with the bullets beside it; full width with a paragraph
        (a caption) below it; or full width alone."""
        self._content(slide, source, where)
        words = [i for i in source.items if i.kind != "table"]
        caption = bool(words) and all(i.kind == "paragraph" for i in words)
        height = BODY_BOTTOM - BODY_TOP
        if caption:
            area = (WIDE - 2 * MARGIN, height - 0.75)
        elif words:
            area = (WIDE - 2 * MARGIN - 4.3, height)
        else:
            area = (WIDE - 2 * MARGIN, height)
        image, (w, h) = self.figure(source, area, where)
        scale = min(area[0] / w, area[1] / h)
        left = MARGIN + (area[0] - w * scale) / 2 if not words or caption else MARGIN
        shape = slide.shapes.add_picture(
            io.BytesIO(image), emu(left), emu(BODY_TOP + 0.05), emu(w * scale), emu(h * scale)
        )
        shape.name = "Figure"
        shape._element.nvPicPr.cNvPr.set("descr", self.tr(source.title))
        if caption:
            paras = [self.para(i.text, 22, colour=MUTED) for i in words]
            top = BODY_TOP + 0.1 + h * scale
            self.box(
                slide,
                "Caption",
                MARGIN,
                top,
                WIDE - 2 * MARGIN,
                BODY_BOTTOM + 0.2 - top,
                paras,
                where,
            )
        elif words:
            paras = self.list_paras(words, 22, lead_size=26)
            left = MARGIN + w * scale + 0.25
            self.box(
                slide, "Body", left, BODY_TOP + 0.1, WIDE - MARGIN - left, height, paras, where
            )

    def figure(self, source: Slide, area: tuple[float, float], where: str):
        """The slide's figure as PNG bytes and its size in inches, in the deck's language."""
        import slides_figures

        return slides_figures.draw(source.settings["figure"], self.lang, area, where)

    def _table(self, slide, source: Slide, where: str) -> None:
        self._content(slide, source, where)
        top = BODY_TOP + 0.15
        lead = [i for i in source.items if i.kind == "paragraph"]
        if lead:
            paras = self.list_paras(lead[:1], 24, lead_size=26)
            shape = self.box(slide, "Lead", MARGIN, top, WIDE - 2 * MARGIN, 0.9, paras, where)
            top += shape.height / INCH + 0.1
        rows = self.table_rows(source, where)
        import slides_tables

        slides_tables.add(
            self, slide, rows, (MARGIN, top, WIDE - 2 * MARGIN, BODY_BOTTOM - top), where
        )

    def table_rows(self, source: Slide, where: str) -> list[list[str]]:
        """The table's cells in the deck's language (a literal table, or one from data)."""
        tables = [i for i in source.items if i.kind == "table"]
        if tables:
            return [[self.tr(cell) for cell in row] for row in tables[0].rows]
        frame = evaluate(source.settings["table"], where)
        formats = {}
        if "format" in source.settings:
            import yaml

            formats = yaml.safe_load("{" + source.settings["format"] + "}")
        rows = [[self.tr(str(c)) for c in frame.columns]]
        for record in frame.itertuples(index=False):
            rows.append(
                [
                    formats[c].format(v).replace("-", "−") if c in formats else self.tr(str(v))
                    for c, v in zip(frame.columns, record, strict=True)
                ]
            )
        return rows

    # the whole deck ------------------------------------------------------------------------

    def custom_shows(self) -> None:
        """One custom show per agenda: its blocks in its own order, without its 0-minute slides."""
        presentation = self.prs.part._element
        ids = [s.get(qn("r:id")) for s in presentation.find(qn("p:sldIdLst"))]
        shows = etree.Element(qn("p:custShowLst"))
        for number, agenda in enumerate(self.agendas):
            blocks = [b for b in self.deck.blocks if agenda in b.rows]
            blocks.sort(key=lambda b: b.rows[agenda])
            chosen = [s.number for b in blocks for s in b.slides if s.minutes(agenda) > 0]
            show = etree.SubElement(
                shows, qn("p:custShow"), name=self.tr.label(agenda), id=str(number)
            )
            listed = etree.SubElement(show, qn("p:sldLst"))
            for slide_number in chosen:
                etree.SubElement(listed, qn("p:sld"), {qn("r:id"): ids[slide_number - 1]})
        presentation.find(qn("p:defaultTextStyle")).addprevious(shows)

    def build(self) -> Presentation:
        for source in self.deck.slides:
            self.add(source)
        self.custom_shows()
        properties = self.prs.core_properties
        properties.title = self.tr(self.deck.title)
        properties.author = "CX Workbook"
        properties.language = LANG_TAG[self.lang]
        properties.subject = self.tr.label("course", self.deck.course)
        return self.prs


def write(deck: Deck, lang: str, out: Path) -> Path:
    """Build a deck and save it as ``out/course_NNN_<lang>.pptx``; returns the path."""
    out.mkdir(parents=True, exist_ok=True)
    writer = DeckWriter(deck, lang)
    prs = writer.build()
    path = out / f"{deck.name}_{lang}.pptx"
    prs.save(path)
    if writer.tr.missing:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{len(set(writer.tr.missing))} text(s) not yet translated are shown in English "
            "(run `slides.py update`, then translate them)"
        )
    print(f"{path.name}: {len(prs.slides)} slides")
    return path
