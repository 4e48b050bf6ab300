"""A deck being written: its text boxes, shapes, titles, footers and speaker notes.

:class:`DeckBoxes` holds one deck in one language (the python-pptx presentation, its
translations, its accent) and draws the pieces every slide is made of: a text box whose
paragraphs are shrunk to fit or refused with the slide named (:meth:`DeckBoxes.box`), a filled
shape, the title, the footer with the slide number, the title rule and the notes. Separate from
:mod:`slides_deck`, whose :class:`~slides_deck.DeckWriter` builds on it, because these are the
deck's drawing primitives; the layouts of each slide kind and the whole deck are there.
"""

from __future__ import annotations

import uuid

import slides_text as text
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from slides import Deck, FormatError, Slide
from slides_notes import Notes
from slides_pptx import DARK, WIDE, emu, set_font, template, write_paras
from slides_text import Para, runs

MARGIN = 0.6
BODY_TOP, BODY_BOTTOM = 1.7, 6.75
MUTED, LIGHT = "52606D", "F3F5F7"


class DeckBoxes:
    """One deck (one course, one language) and the pieces its slides are drawn with."""

    def __init__(self, deck: Deck, lang: str):
        self.deck, self.lang = deck, lang
        self.words = Notes(deck, lang)
        self.tr = self.words.tr
        self.accent = deck.accent.lstrip("#").upper()
        self.prs = template(deck.accent)
        self.agendas = self.words.agendas

    # boxes ---------------------------------------------------------------------------------

    def box(self, slide, name: str, left, top, width, height, paras, where, anchor="top"):
        """A text box whose paragraphs are shrunk to fit (down to their floors), or an error."""
        fitted = text.fit(paras, width * 72, height * 72)
        if fitted is None:
            sizes = ", ".join(f"{p.size:.0f} pt" for p in paras)
            raise FormatError(
                f"{where}: the text of {name!r} does not fit its box even at {sizes} "
                f"({self.lang}): cut words or split the slide"
            )
        shape = slide.shapes.add_textbox(emu(left), emu(top), emu(width), emu(height))
        shape.name = name
        write_paras(shape.text_frame, fitted, self.lang)
        shape.text_frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}[
            anchor
        ]
        return shape

    def rectangle(self, slide, left, top, width, height, colour, name, shape=MSO_SHAPE.RECTANGLE):
        item = slide.shapes.add_shape(shape, emu(left), emu(top), emu(width), emu(height))
        item.name = name
        item.fill.solid()
        item.fill.fore_color.rgb = RGBColor.from_string(colour)
        item.line.fill.background()
        item.shadow.inherit = False
        return item

    def para(self, english: str, size: float, **options) -> Para:
        return Para(runs(self.tr(english)), size, **options)

    def title(self, slide, source: Slide, where: str, left=MARGIN, top=0.35, width=None, **kw):
        shape = slide.shapes.title
        width = width or WIDE - 2 * MARGIN
        paras = [
            self.para(
                source.title,
                kw.get("size", 34),
                bold=True,
                role="title",
                colour=kw.get("colour", DARK),
            )
        ]
        fitted = text.fit(paras, width * 72, kw.get("height", 1.15) * 72)
        if fitted is None:
            raise FormatError(
                f"{where}: the title does not fit in two lines at 28 pt ({self.lang})"
            )
        shape.left, shape.top, shape.width = emu(left), emu(top), emu(width)
        shape.height = emu(kw.get("height", 1.15))
        write_paras(shape.text_frame, fitted, self.lang)
        shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE if kw.get("middle") else MSO_ANCHOR.TOP
        return shape

    def footer(self, slide, source: Slide) -> None:
        words = f"{self.tr(self.deck.title)} · {self.tr(source.block.title)}"
        paras = [Para(runs(words), 12, colour=MUTED, role="small")]
        paras = text.fit(paras, (WIDE - 2 * MARGIN - 1.2) * 72, 0.35 * 72)
        if paras is None:  # a long block title: keep the course's name only
            paras = [Para(runs(self.tr(self.deck.title)), 12, colour=MUTED, role="small")]
        shape = slide.shapes.add_textbox(
            emu(MARGIN), emu(7.0), emu(WIDE - 2 * MARGIN - 1.2), emu(0.35)
        )
        shape.name = "Footer"
        write_paras(shape.text_frame, paras, self.lang)
        number = slide.shapes.add_textbox(emu(WIDE - MARGIN - 1.0), emu(7.0), emu(1.0), emu(0.35))
        number.name = "Slide number"
        para = Para(runs(""), 12, colour=MUTED, align="center", role="small")
        para.align = "left"
        write_paras(number.text_frame, [para], self.lang)
        paragraph = number.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        field = etree.Element(
            qn("a:fld"), id="{" + str(uuid.uuid4()).upper() + "}", type="slidenum"
        )
        rpr = etree.SubElement(field, qn("a:rPr"))
        set_font(rpr, 12, False, False, MUTED, self.lang)
        etree.SubElement(field, qn("a:t")).text = str(source.number)
        paragraph._p.get_or_add_endParaRPr().addprevious(field)

    def rule(self, slide) -> None:
        self.rectangle(slide, MARGIN, 1.52, WIDE - 2 * MARGIN, 0.05, self.accent, "Title rule")

    def notes(self, slide, source: Slide) -> None:
        colon = "：" if self.lang == "zh" else ": "
        paras = [
            Para([text.Run(label + colon, bold=True), *runs(words)], 14, space_before=6)
            for label, words in self.words.lines(source)
        ]
        write_paras(slide.notes_slide.notes_text_frame, paras, self.lang)
