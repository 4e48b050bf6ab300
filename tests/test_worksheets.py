"""The printable worksheets (book/_ext/worksheets.py): content from cxlib, glyphs, A4 pages."""

import base64
import io
import re
import runpy
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from cxlib import kano, nps, servqual, webfont

ROOT = Path(__file__).resolve().parents[1]
worksheets = runpy.run_path(str(ROOT / "book" / "_ext" / "worksheets.py"))
SHEETS = worksheets["BOOK_SHEETS"]
LANGS = ("zh", "en", "both")
needs_font = pytest.mark.skipif(webfont.source_font() is None, reason="mplfonts not installed")


@pytest.fixture(scope="module")
def pages():
    """The bilingual print of every sheet of book/no_code.md."""
    return {name: worksheets["render_html"](name) for name in SHEETS}


@pytest.fixture(scope="module")
def prints():
    """Every sheet in each language: {(name, lang): html}."""
    return {
        (name, lang): worksheets["render_html"](name, lang) for name in SHEETS for lang in LANGS
    }


def embedded_font(html):
    """The subset font embedded in a worksheet as a data URI."""
    data = re.search(r'url\("data:font/woff;base64,([^"]+)"\)', html).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


@needs_font
def test_every_chinese_character_is_in_the_embedded_font(pages):
    for name, html in pages.items():
        cmap = embedded_font(html).getBestCmap()
        missing = [c for c in webfont.characters(html) if ord(c) not in cmap]
        assert not missing, f"{name}: no glyph for {''.join(missing)}"
        assert "@page { size: A4" in html, name


@needs_font
def test_servqual_sheet_prints_the_library_items(pages):
    html = pages["servqual_questionnaire"]
    for item in servqual.ITEMS.itertuples():
        assert item.label_zh in html and item.label.replace("'", "&#39;") in html, item.item
    assert html.count("<span>7</span>") == 2 * 22


@needs_font
def test_kano_sheet_prints_the_library_evaluation_table(pages):
    cells = re.findall(r"<td>([AOMIRQ])</td>", pages["kano_questionnaire"])
    assert cells == kano.EVALUATION_TABLE.to_numpy().ravel().tolist()


@needs_font
def test_roleplay_cards_cover_the_four_roles_and_the_observer_checks(pages):
    html = pages["roleplay_cards"]
    for word in ("前台接待", "话务", "售后", "销售", "尊重", "热情", "真诚", "积极关注", "倾听"):
        assert word in html, word
    for word in ("共情", "无条件接纳", "多元化思维"):
        assert html.count(word) >= 4, word


def visible_text(html):
    """The text a sheet prints: no style sheet, no tags."""
    body = re.sub(
        r"<style>.*?</style>|<title>.*?</title>|<p class=\"footer\">.*?</p>", " ", html, flags=re.S
    )
    return re.sub(r"<[^>]+>", " ", body)


@needs_font
def test_each_language_prints_only_its_own_text(prints):
    """The Chinese print has no English sentence, the English print no Chinese character."""
    for (name, lang), html in prints.items():
        text = visible_text(html)
        chinese = webfont.characters(text)
        if lang == "en":
            assert not chinese, f"{name} (en) prints Chinese: {chinese[:20]}"
            assert 'class="en' not in html, name
            assert '<html lang="en">' in html, name
        if lang == "zh":
            # model names and formulas stay Latin (NPS, SERVQUAL, KANO, MOT, P − E): no English
            # words of three or more letters other than those
            words = set(re.findall(r"[A-Za-z]{3,}", text)) - LATIN_IN_CHINESE
            assert not words, f"{name} (zh) prints English: {sorted(words)[:12]}"
        if lang == "both":
            assert chinese and 'class="en' in html, name


#: Latin words a Chinese sheet keeps: model and method names, authors, formulas, cxlib names.
LATIN_IN_CHINESE = set(
    "NPS SERVQUAL KANO MOT Wald Rocks cxlib score Better Worse Berger Requirements Wants Pains "
    "ITEMS servqual gaps nps Parasuraman Berry Zeithaml".split()
)


@needs_font
def test_english_print_embeds_no_font_and_keeps_its_structure(prints):
    for name in SHEETS:
        zh, en = prints[(name, "zh")], prints[(name, "en")]
        assert "@font-face" not in en, name  # no Chinese: no subset font
        assert "@font-face" in zh, name
        for tag in ("<table", "<tr", "<td", 'class="page"', 'class="box"'):
            assert zh.count(tag) == en.count(tag), (name, tag)


def test_a_template_without_its_titles_is_refused(tmp_path, monkeypatch):
    (tmp_path / "base.html").write_text(
        (ROOT / "book" / "worksheets" / "base.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "bare.html").write_text(
        '{% extends "base.html" %}{% block body %}x{% endblock %}', encoding="utf-8"
    )
    monkeypatch.setitem(worksheets["sheet_meta"].__globals__, "SOURCES", tmp_path)
    with pytest.raises(ValueError, match=r"bare\.html sets no title_zh, title_en, orientation"):
        worksheets["sheet_meta"]("bare")


def test_a_language_the_sheets_do_not_have_is_refused():
    with pytest.raises(ValueError, match="'zh', 'en' or 'both', not 'fr'"):
        worksheets["render_html"]("nps_tally", "fr")


def test_tally_sheet_example_agrees_with_cxlib():
    """The hand steps printed on the NPS tally sheet give cxlib's interval."""
    promoters, passives, detractors = worksheets["NPS_EXAMPLE"]
    example = worksheets["nps_example"](promoters, passives, detractors)
    result = nps.score([10] * promoters + [8] * passives + [3] * detractors)
    assert example["nps"] == f"{result.nps:g}"
    assert example["se"] == f"{result.se:.2f}"
    assert (example["low"], example["high"]) == tuple(f"{x:.2f}" for x in result.ci)
    # the docstring's hand-worked numbers (cxlib.nps.score)
    assert (example["centre"], example["var"], example["half"]) == ("29.13", "0.60934", "15.08")


@needs_font
@pytest.mark.skipif(
    not worksheets["CHROMIUM"].is_file() or shutil.which("pdfinfo") is None,
    reason="needs Chromium and poppler-utils",
)
def test_pdfs_are_a4_with_the_expected_pages(tmp_path):
    for pdf in worksheets["build"](tmp_path, force=True):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
        assert size, f"{pdf.name} is not A4: {info}"
        landscape = float(size.group(1)) > float(size.group(2))
        assert landscape == (worksheets["sheet_meta"](pdf.stem)["orientation"] == "landscape")
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages == SHEETS[pdf.stem], f"{pdf.name}: {pages} pages"


def test_bundle_carries_the_worksheets_and_the_calculator(tmp_path, monkeypatch):
    bundle = runpy.run_path(str(ROOT / "book" / "_ext" / "bundle.py"))
    # the notebooks' Chinese copies are tests/test_bundle.py's concern
    monkeypatch.setattr(bundle["zh_notebooks"], "write_all", lambda folder: {})
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<h1>CX</h1>", encoding="utf-8")
    wheel = tmp_path / "cxlib-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    kit = tmp_path / "worksheets"
    kit.mkdir()
    for name in ("nps_tally.pdf", "nps_calculator.xlsx", "notes.txt"):
        (kit / name).write_bytes(b"x")
    target = bundle["make_bundle"](site, wheel, tmp_path / "dist", kit=(kit,))
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        start = archive.read(f"{target.stem}/START-HERE.md").decode("utf-8")
    assert f"{target.stem}/worksheets/nps_tally.pdf" in names
    assert f"{target.stem}/worksheets/nps_calculator.xlsx" in names
    assert not any(n.endswith("notes.txt") for n in names)
    assert "`worksheets/`" in start
