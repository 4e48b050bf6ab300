"""Writing text into PowerPoint: the template, and every run with its fonts and language.

The low-level half of ``book/_ext/slides_deck.py``. The template is python-pptx's default one
widened to 16:9 (its placeholders moved to match), with the course colour as the theme's first
accent and Microsoft YaHei (微软雅黑) as the theme's Latin and East Asian font, so that a slide a
trainer adds in PowerPoint or WPS starts in the course's look. :func:`write_paras` writes a text
frame so that every run carries its size, weight, colour, Latin, East Asian and complex-script
typeface and its language (``lang="zh-CN" altLang="en-US"`` in the Chinese deck): PowerPoint
picks the font of a Chinese character from ``<a:ea>``, not from ``<a:latin>``, and without it
falls back to whatever the machine has. Paragraphs get an exact line pitch
(``slides_text.LINE_PITCH``) and real bullets or numbering.
"""

from __future__ import annotations

import slides_text as text
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from slides_text import Para

INCH = 914400
WIDE, HIGH = 40 / 3, 7.5  # 16:9 in inches: 12,192,000 x 6,858,000 EMU, as PowerPoint makes it
DARK = "1F2933"
#: Latin and East Asian typefaces per deck language (both on every Chinese Windows and WPS).
FONTS = {"en": ("Segoe UI", "Microsoft YaHei"), "zh": ("Microsoft YaHei", "Microsoft YaHei")}
LANG_TAG = {"en": "en-US", "zh": "zh-CN"}


def emu(inches: float) -> Emu:
    return Emu(round(inches * INCH))


def template(accent: str) -> Presentation:
    """python-pptx's default template at 16:9, in the course colour and Microsoft YaHei."""
    prs = Presentation()
    factor = WIDE / 10
    prs.slide_width, prs.slide_height = emu(WIDE), emu(HIGH)
    for layout in [prs.slide_master, *prs.slide_layouts]:
        for shape in layout.placeholders:
            if shape.left is not None:
                shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for font in root.iter(qn("a:majorFont"), qn("a:minorFont")):
        font.find(qn("a:latin")).set("typeface", "Microsoft YaHei")
        font.find(qn("a:ea")).set("typeface", "Microsoft YaHei")
        for script in font.iter(qn("a:font")):
            if script.get("script") == "Hans":
                script.set("typeface", "微软雅黑")
    root.find(f".//{qn('a:accent1')}/{qn('a:srgbClr')}").set("val", accent.lstrip("#").upper())
    root.find(f".//{qn('a:dk2')}/{qn('a:srgbClr')}").set("val", DARK)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    title_layout = prs.slide_layouts[0]
    title_layout.background.fill.solid()
    title_layout.background.fill.fore_color.rgb = RGBColor.from_string(accent.lstrip("#"))
    return prs


# --- writing text ------------------------------------------------------------------------------


def set_font(rpr, size: float, bold: bool, italic: bool, colour: str, lang: str) -> None:
    """Size, weight, colour, Latin and East Asian typeface and language of one run."""
    latin, east_asian = FONTS[lang]
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")
    rpr.set("i", "1" if italic else "0")
    rpr.set("cap", "none")
    rpr.set("lang", LANG_TAG[lang])
    rpr.set("altLang", "en-US" if lang == "zh" else "zh-CN")
    for child in list(rpr):
        if child.tag in (qn("a:solidFill"), qn("a:latin"), qn("a:ea"), qn("a:cs")):
            rpr.remove(child)
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour)
    etree.SubElement(rpr, qn("a:latin"), typeface=latin)
    etree.SubElement(rpr, qn("a:ea"), typeface=east_asian)
    etree.SubElement(rpr, qn("a:cs"), typeface=latin)
    # the schema's order: fill before the typefaces, hyperlinks after them
    for child in list(rpr):
        if child.tag not in (qn("a:ln"), qn("a:solidFill"), qn("a:latin"), qn("a:ea"), qn("a:cs")):
            rpr.remove(child)
            rpr.append(child)


def _paragraph_format(paragraph, para: Para) -> None:
    paragraph.line_spacing = Pt(para.size * text.LINE_PITCH)
    paragraph.space_before = Pt(para.space_before)
    paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER}[para.align]
    ppr = paragraph._p.get_or_add_pPr()
    if para.bullet:
        ppr.set("marL", str(int(para.indent * 12700)))
        ppr.set("indent", str(-int(para.indent * 12700)))
        colour = etree.SubElement(ppr, qn("a:buClr"))
        etree.SubElement(colour, qn("a:srgbClr"), val=para.extra.get("bullet_colour", para.colour))
        if para.bullet == "1.":
            etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
            etree.SubElement(
                ppr, qn("a:buAutoNum"), type="arabicPeriod", startAt=str(para.extra["number"])
            )
        else:
            etree.SubElement(ppr, qn("a:buSzPct"), val="55000")
            etree.SubElement(ppr, qn("a:buFont"), typeface=para.extra.get("bullet_font", "Arial"))
            etree.SubElement(ppr, qn("a:buChar"), char=para.bullet)
    else:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        etree.SubElement(ppr, qn("a:buNone"))


def write_paras(frame, paras: list[Para], lang: str) -> None:
    """Replace a text frame's text by the paragraphs, every run with its fonts and language."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(text.INSET_X)
    frame.margin_top = frame.margin_bottom = Pt(text.INSET_Y)
    for index, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        _paragraph_format(paragraph, para)
        for piece in para.runs:
            run = paragraph.add_run()
            run.text = piece.text
            set_font(
                run._r.get_or_add_rPr(),
                para.size,
                para.bold or piece.bold,
                piece.italic,
                para.colour,
                lang,
            )
        end = paragraph._p.get_or_add_endParaRPr()
        set_font(end, para.size, para.bold, False, para.colour, lang)
