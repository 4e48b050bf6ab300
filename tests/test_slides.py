"""The lecture decks (book/slides/, ``make slides``): read back with python-pptx and checked.

The decks are the ones ``make slides`` wrote to ``_build/slides`` when they are newer than
everything they are made from; otherwise they are built there afresh, as ``make slides`` would
(about 2 min for the ten decks and their PDFs on two cores), so the next run and ``make kit`` reuse
them. Every test of this file runs on one pytest-xdist worker (conftest.py), so the decks are
built once, not once per worker. The PDF checks need LibreOffice
(``soffice``) and are skipped, saying so, without it.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pptx = pytest.importorskip("pptx", reason="python-pptx is not installed (requirements.txt)")
from pptx.oxml.ns import qn  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import slides  # noqa: E402
import slides_agenda  # noqa: E402
import slides_check  # noqa: E402
import slides_figures  # noqa: E402
import slides_render  # noqa: E402
import slides_text  # noqa: E402
from slides_notes import LABELS  # noqa: E402

DECKS = slides.decks()
LANGS = ("en", "zh")
CASES = [(deck, lang) for deck in DECKS for lang in LANGS]
IDS = [f"{deck.name}_{lang}" for deck, lang in CASES]
#: What the decks are made from: a deck older than any of these is built again.
INPUTS = [
    "book/slides/*.md",
    "book/locales/zh_CN/slides/*.po",
    "book/_ext/slides*.py",
    "book/trainers/*.md",
    "book/references.bib",
    "book/locales/zh_CN/LC_MESSAGES/**/*.po",
    "cxlib/**/*.py",
    "cxlib/data/*",
    "datasets/*.csv",
]
#: Shapes whose text is not body text (footers, the sources line): 12 pt is enough there.
SMALL_SHAPES = {"Footer", "Slide number", "Sources"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _newest_input() -> float:
    return max(p.stat().st_mtime for pattern in INPUTS for p in ROOT.glob(pattern))


@pytest.fixture(scope="session")
def built() -> Path:
    """The folder holding every course's decks (``_build/slides``), brought up to date."""
    newest = _newest_input()
    stale = [
        (deck, lang)
        for deck, lang in CASES
        if not (p := slides.OUTPUT / f"{deck.name}_{lang}.pptx").exists()
        or p.stat().st_mtime <= newest
    ]
    if stale:
        import slides_deck

        for deck, lang in stale:
            slides_deck.write(deck, lang, slides.OUTPUT)
    return slides.OUTPUT


@pytest.fixture(scope="session")
def rendered(built) -> Path:
    """The decks' PDFs and handouts beside them (skipped where LibreOffice is missing)."""
    if slides_render.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the decks' PDFs are not checked")
    decks = [built / f"{d.name}_{lang}.pptx" for d, lang in CASES]
    pdfs = [p.with_suffix(".pdf") for p in decks]
    if not all(
        p.exists() and p.stat().st_mtime > d.stat().st_mtime
        for p, d in zip(pdfs, decks, strict=True)
    ):
        slides_render.render(decks)
    return built


def open_deck(folder: Path, deck, lang):
    return pptx.Presentation(folder / f"{deck.name}_{lang}.pptx")


def shape_texts(shape):
    """(text frame, shape name, width in points, height in points) of a shape and its table."""
    if shape.has_text_frame:
        yield shape.text_frame, shape.name, shape.width / 12700, shape.height / 12700
    if getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        for r, row in enumerate(table.rows):
            for c, _ in enumerate(table.columns):
                cell = table.cell(r, c)
                yield cell.text_frame, "Table", table.columns[c].width / 12700, row.height / 12700


def runs_of(frame):
    """Every run of a text frame, fields (slide numbers) included, as lxml elements."""
    return frame._txBody.findall(".//" + qn("a:r")) + frame._txBody.findall(".//" + qn("a:fld"))


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


# --- the sources --------------------------------------------------------------------------------


def test_sources_agree_with_guides_book_data_and_catalogues():
    """Every lecture row has slides whose minutes add up, the guide names the slide ranges, the
    notes name real sections and sources, every declared number is recomputed from the data, and
    the Chinese catalogue is complete, on the course's terms and keeps the English's numbers."""
    left = slides_check.problems()
    report = "\n".join(f"{name}: {issue}" for name, issues in left.items() for issue in issues)
    assert not left, report[:4000]


@pytest.mark.parametrize("deck", DECKS, ids=[d.name for d in DECKS])
def test_every_lecture_row_of_every_agenda_has_slides(deck):
    rows = slides_agenda.row_slides(deck)
    agendas = slides_agenda.agendas(deck.guide)
    assert agendas, f"{deck.guide}: no agenda found"
    for row, shown in rows.items():
        if row.lecture:
            assert shown, f"{row.label} has no slides"
            assert sum(s.minutes(row.agenda) for s in shown) == row.minutes, row.label


def test_a_wrong_number_or_a_wrong_timing_is_caught(tmp_path):
    """The checks can fail: a number that is not the data's, and a slide's minutes changed."""
    source = next(d for d in DECKS if d.course == "000").path.read_text(encoding="utf-8")
    assert "+11.6: nps.score(" in source and "minutes: 1-day 3, 2-day 5" in source
    changed = source.replace("+11.6: nps.score(", "+11.7: nps.score(", 1)
    changed = changed.replace("- NPS +11.6", "- NPS +11.7", 1)
    changed = changed.replace("minutes: 1-day 3, 2-day 5", "minutes: 1-day 4, 2-day 5", 1)
    path = tmp_path / "course_000.md"
    path.write_text(changed, encoding="utf-8")
    issues = "\n".join(slides_check.structure_problems(slides.load(path)))
    assert "+11.7 shown, but nps.score" in issues and "is 11.6" in issues
    timing = re.search(r"the slides take (\d+) minutes, the guide (\d+)", issues)
    assert timing and int(timing[1]) == int(timing[2]) + 1, issues


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("kind: key\nminutes: 1-day 2", "kind: keynote\nminutes: 1-day 2"), "kind"),
        (
            ("minutes: 1-day 2, 2-day 3\nread: nps § The question", "minutes: four\nread: nps §"),
            "minutes is",
        ),
        (("```{notes}\nSay: NPS asks one", "```{notes}\nTell: NPS asks one"), "notes start"),
        (("verdict: not-supported", "verdict: false"), "verdict must be"),
        (("handout: name cards\n", ""), "names its handout"),
        (
            ("figure: plots.nps.score_distribution", "figures: plots.nps.score_distribution"),
            "not a setting",
        ),
    ],
)
def test_a_source_that_leaves_the_format_is_refused_with_its_line(tmp_path, edit, message):
    source = next(d for d in DECKS if d.course == "000").path.read_text(encoding="utf-8")
    old, new = edit
    assert old in source, old
    path = tmp_path / "course_000.md"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(slides.FormatError, match=rf"course_000\.md:\d+: .*{message}"):
        slides.load(path)


@pytest.mark.parametrize("module", [slides_text, slides_check], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    """book/_ext is outside pytest's doctest paths: run the slide modules' examples here."""
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_a_figure_left_in_english_is_found():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    ax.set_title("answers per score")
    ax.set_xlabel("NPS")
    assert slides_figures.leftover_latin(figure) == ["answers per score"]
    plt.close(figure)


# --- the decks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_the_deck_has_every_slide_of_its_source_at_16_9(built, deck, lang):
    prs = open_deck(built, deck, lang)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert len(prs.slides) == len(deck.slides)
    catalogue = slides_check.translations(deck)
    for slide, source in zip(prs.slides, deck.slides, strict=True):
        title = source.title
        if lang == "zh" and title in catalogue and catalogue[title].string:
            title = catalogue[title].string
        assert slide.shapes.title.text_frame.text == title


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_every_slide_has_notes_that_say_ask_and_expect(built, deck, lang):
    prs = open_deck(built, deck, lang)
    labels = LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    sentence = r"[。！？]" if lang == "zh" else r"[.!?](\s|$)"
    for slide, source in zip(prs.slides, deck.slides, strict=True):
        lines = notes_text(slide).splitlines()
        where = f"{deck.name}_{lang} slide {source.number} ({source.title})"
        say = [line for line in lines if line.startswith(labels["Say"] + colon)]
        assert say, f"{where}: no notes"
        assert len(re.findall(sentence, say[0])) >= 2, f"{where}: say it in two sentences or more"
        if source.kind not in slides.NO_QUESTION:
            for key in ("Ask", "Expect"):
                assert any(line.startswith(labels[key] + colon) for line in lines), (where, key)
        assert any(line.startswith(labels["Time"] + colon) for line in lines), where


@pytest.mark.parametrize("deck", DECKS, ids=[d.name for d in DECKS])
def test_the_minutes_in_the_notes_add_up_to_each_agenda_row(built, deck):
    """The timings a trainer reads in the English deck's notes add up, row by row."""
    prs = open_deck(built, deck, "en")
    noted = {}
    for slide, source in zip(prs.slides, deck.slides, strict=True):
        line = next(x for x in notes_text(slide).splitlines() if x.startswith("Time: "))
        per_agenda = dict(
            (agenda, int(minutes))
            for minutes, agenda in re.findall(r"(\d+) min (?:in the |\()(\d-day) course", line)
        )
        if not per_agenda:  # "4 min": the same in every agenda of its block
            minutes = int(re.fullmatch(r"Time: (\d+) min", line).group(1))
            per_agenda = dict.fromkeys(source.block.rows, minutes)
        noted[source.number] = per_agenda
    for row, shown in slides_agenda.row_slides(deck).items():
        if shown:
            total = sum(noted[s.number].get(row.agenda, 0) for s in shown)
            assert total == row.minutes, f"{row.label}: {total} min in the notes"


def _latin_allowed() -> set[str]:
    """Latin words a Chinese deck may show: model names, and the names of cited authors."""
    import i18n_check
    from pybtex.database import parse_file

    # As `slides.py check` allows: the registry's own Latin words (SPIN, RFM, the outline's
    # Requirements/Wants/Pains) and the book's allow-list (App, Wi-Fi...).
    names = set(slides_check.MODEL_NAMES) | i18n_check.ALLOWED | i18n_check._registered_latin()
    for entry in parse_file(str(ROOT / "book" / "references.bib")).entries.values():
        for person in entry.persons.get("author", []) + entry.persons.get("editor", []):
            for part in person.first_names + person.middle_names + person.last_names:
                names.update(re.findall(r"[A-Za-z]{2,}", part))
    return names


@pytest.mark.parametrize("deck", DECKS, ids=[d.name for d in DECKS])
def test_the_chinese_deck_is_in_chinese(built, deck):
    allowed = _latin_allowed()
    prs = open_deck(built, deck, "zh")
    found = []
    for number, slide in enumerate(prs.slides, 1):
        texts = [notes_text(slide)]
        texts += [f.text for shape in slide.shapes for f, *_ in shape_texts(shape)]
        words = {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)} - allowed
        words = {w for w in words if not w.isupper()}  # acronyms (IT, KPI), as the check allows
        if words:
            found.append(f"slide {number}: {sorted(words)}")
        assert CJK.search(" ".join(texts)), f"slide {number} has no Chinese"
    assert not found, "English left on the Chinese slides:\n" + "\n".join(found)


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_every_run_has_its_east_asian_font_and_language(built, deck, lang):
    prs = open_deck(built, deck, lang)
    tag = {"en": "en-US", "zh": "zh-CN"}[lang]
    bad = []
    for number, slide in enumerate(prs.slides, 1):
        frames = [f for shape in slide.shapes for f, *_ in shape_texts(shape)]
        frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for run in runs_of(frame):
                rpr = run.find(qn("a:rPr"))
                ea = None if rpr is None else rpr.find(qn("a:ea"))
                latin = None if rpr is None else rpr.find(qn("a:latin"))
                if (
                    ea is None
                    or ea.get("typeface") != "Microsoft YaHei"
                    or latin is None
                    or rpr.get("lang") != tag
                ):
                    bad.append(f"slide {number}: {run.findtext(qn('a:t'))!r}")
    assert not bad, f"{len(bad)} runs without the East Asian font or language: {bad[:5]}"


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_numbers_from_the_data_are_on_the_slides(built, deck, lang):
    """Each number a slide declares in ``numbers`` (recomputed by the first test) is shown."""
    prs = open_deck(built, deck, lang)
    checked = 0
    for slide, source in zip(prs.slides, deck.slides, strict=True):
        shown = " ".join(f.text for shape in slide.shapes for f, *_ in shape_texts(shape))
        for literal in source.numbers:
            checked += 1
            missing = slides_check.numbers_in(literal) - slides_check.numbers_in(shown)
            assert not missing, f"slide {source.number}: {literal} is not on the {lang} slide"
    assert checked >= 10 or deck.course != "000"


def _paras(frame) -> list[slides_text.Para]:
    """A text frame's paragraphs as the fitting estimate sees them (size, weight, indent)."""
    found = []
    for paragraph in frame.paragraphs:
        sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
        bold = any(r.font.bold for r in paragraph.runs)
        ppr = paragraph._p.pPr
        indent = int(ppr.get("marL", "0")) / 12700 if ppr is not None else 0.0
        before = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        text = "".join(r.text for r in paragraph.runs)
        size = max(sizes) if sizes else 12.0
        found.append(
            slides_text.Para(
                [slides_text.Run(text)], size, bold=bold, indent=indent, space_before=before
            )
        )
    return found


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_text_is_large_and_stays_inside_its_box(built, deck, lang):
    prs = open_deck(built, deck, lang)
    small, overflow = [], []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            for frame, name, width, height in shape_texts(shape):
                floor = 12 if name in SMALL_SHAPES else 20
                for run in frame._txBody.findall(".//" + qn("a:rPr")):
                    size = int(run.get("sz", "0")) / 100
                    if size < floor:
                        small.append(f"slide {number} {name}: {size} pt")
                paras = _paras(frame)
                if any(p.text for p in paras) and not slides_text.fits(paras, width, height):
                    overflow.append(
                        f"slide {number} {name}: {slides_text.height(paras, width):.0f} pt of "
                        f"text in {height:.0f} pt"
                    )
                if shape.top / 12700 + height > 540.5 or shape.left / 12700 + width > 960.5:
                    overflow.append(f"slide {number} {name}: outside the slide")
    assert not small, f"text below its floor (20 pt body): {small[:5]}"
    assert not overflow, f"text outside its box: {overflow[:5]}"


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_each_agenda_has_a_custom_show_in_its_own_order(built, deck, lang):
    prs = open_deck(built, deck, lang)
    presentation = prs.part._element
    ids = [s.get(qn("r:id")) for s in presentation.find(qn("p:sldIdLst"))]
    shows = presentation.find(qn("p:custShowLst"))
    assert shows is not None
    found = {
        show.get("name"): [ids.index(s.get(qn("r:id"))) + 1 for s in show.iter(qn("p:sld"))]
        for show in shows
    }
    for agenda in slides_agenda.agendas(deck.guide):
        blocks = sorted((b for b in deck.blocks if agenda in b.rows), key=lambda b: b.rows[agenda])
        wanted = [s.number for b in blocks for s in b.slides if s.minutes(agenda) > 0]
        assert found[LABELS[lang][agenda]] == wanted, agenda


@pytest.mark.parametrize("deck", DECKS, ids=[d.name for d in DECKS])
def test_the_chinese_font_has_every_character_of_the_chinese_deck(built, deck):
    """No missing glyph: every character the Chinese deck uses is in Noto Sans CJK SC (the
    render's font; Microsoft YaHei covers GB 18030, a superset of what the decks use)."""
    fonttools = pytest.importorskip("fontTools.ttLib")
    source = slides_render.sc_font_folder()
    if source is None:
        pytest.skip("Noto Sans CJK SC (mplfonts) is not installed")
    font = fonttools.TTFont(source / "NotoSansCJKsc-Regular.otf", lazy=True)
    cmap = set(font.getBestCmap())
    prs = open_deck(built, deck, "zh")
    used = set()
    for slide in prs.slides:
        used |= set(notes_text(slide))
        used |= {c for shape in slide.shapes for f, *_ in shape_texts(shape) for c in f.text}
    missing = sorted(c for c in used if ord(c) not in cmap and not c.isspace())
    assert not missing, f"characters without a glyph: {missing}"


# --- the PDFs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_the_pdf_has_one_page_per_slide_in_the_sc_font(rendered, deck, lang):
    pdf = rendered / f"{deck.name}_{lang}.pdf"
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo, pdffonts) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages == len(deck.slides), "a slide spilled onto a second page, or one is missing"
    faces = slides_render.fonts(pdf)
    assert faces and all("CJKsc" in face for face in faces), faces


@pytest.mark.parametrize(("deck", "lang"), CASES, ids=IDS)
def test_the_handout_has_three_slides_a_page(rendered, deck, lang):
    pypdf = pytest.importorskip("pypdf")
    handout = pypdf.PdfReader(rendered / f"{deck.name}_{lang}_handout.pdf")
    assert len(handout.pages) == math.ceil(len(deck.slides) / 3)
    width, height = (float(v) for v in handout.pages[0].mediabox[2:])
    assert round(width) == 595 and round(height) == 842  # A4
