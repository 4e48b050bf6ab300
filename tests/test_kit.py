"""The classroom kit (book/_ext/kit.py, kit_build.py): manifests, agenda rows, the {kit} role,
and the built kit in _build/kit (make kit): every file there in both languages, with its pages,
its fonts embedded and no glyph missing.

The checks of the built kit skip, saying so, until ``make kit`` has run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "book" / "_ext"
sys.path.insert(0, str(EXT))
sys.path.insert(0, str(ROOT / "tests"))
import kit  # noqa: E402
import kit_build  # noqa: E402

KIT = ROOT / "_build" / "kit"
COURSES = kit.courses()


def test_every_course_has_a_manifest_and_it_loads():
    assert COURSES == ["000", "001", "002", "003", "004"][: len(COURSES)] and COURSES
    for number in COURSES:
        course = kit.load(number)
        assert course.files, number
        assert course.guide.is_file() and course.title["zh"] and course.title["en"]


@pytest.mark.parametrize("number", COURSES)
def test_every_file_an_agenda_row_names_is_in_its_course_manifest(number):
    course = kit.load(number)
    ids = {f.id for f in course.files}
    for row in kit.agenda_rows(course.guide):
        for file_id in row.files:
            assert file_id in ids, (
                f"{course.guide.relative_to(ROOT)}:{row.line} ({row.time}) names "
                f"{{kit}}`{file_id}`, which {course.manifest.relative_to(ROOT)} does not list"
            )


@pytest.mark.parametrize("number", COURSES)
def test_the_agendas_are_read_whole(number):
    """Every agenda table is found: two agendas, three tables, rows with clock times."""
    rows = kit.agenda_rows(kit.load(number).guide)
    agendas = {row.agenda for row in rows}
    assert len(agendas) == 3, agendas
    assert all(re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", row.time) for row in rows), rows


def test_outcomes_are_the_guides_numbered_list():
    found = kit.outcomes(kit.load("002").guide)
    assert list(found) == [1, 2, 3, 4, 5]
    assert found[2].startswith("defuse a conflict with the four steps")


def write_manifest(folder: Path, body: str) -> Path:
    path = folder / "course_009.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """course = "009"
title = { zh = "测试", en = "Test" }
guide = "book/trainers/course_002_service_psychology.md"
quiz = "book/quizzes/course_002.md"

[[file]]
id = "nps_tally"
kind = "sheet"
title = { zh = "NPS 计票表", en = "NPS tally sheet" }
audience = "trainee"
pages = { zh = 2, en = 2 }
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "sheet"', 'kind = "poster"'), "kind must be one of"),
        (('audience = "trainee"', 'audience = "everyone"'), "audience must be 'trainee' or"),
        (("pages = { zh = 2, en = 2 }", "pages = 0"), "pages must be whole numbers of at least 1"),
        (("pages = { zh = 2, en = 2 }", "pages = { zh = 2 }"), "pages must be a number or"),
        (('id = "nps_tally"', 'id = "no_such_sheet"'), "no template book/worksheets/no_such_sheet"),
        (('title = { zh = "NPS 计票表", en = "NPS tally sheet" }', 'title = "NPS"'), "title must"),
        (('en = "NPS tally sheet"', 'en = ""'), "title has no text for en"),
        (('course = "009"', 'course = "008"'), "course must be '009'"),
        (("[[file]]", '[[file]]\ncolour = "red"'), "unknown key(s) ['colour']"),
        (('guide = "book/trainers/course_002_service_psychology.md"', 'guide = "x.md"'), "guide"),
    ],
)
def test_a_bad_manifest_is_refused_naming_file_and_key(tmp_path, monkeypatch, change, message):
    monkeypatch.setattr(kit, "MANIFESTS", tmp_path)
    monkeypatch.setattr(kit, "ROOT", ROOT)
    write_manifest(tmp_path, GOOD.replace(*change))
    with pytest.raises(kit.KitError) as error:
        kit.load("009")
    assert "course_009.toml" in str(error.value) or "course 009" in str(error.value)
    assert message in str(error.value)


def test_a_file_listed_twice_and_an_unknown_id_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(kit, "MANIFESTS", tmp_path)
    entry = GOOD[GOOD.index("[[file]]") :]
    write_manifest(tmp_path, GOOD + "\n" + entry)
    with pytest.raises(kit.KitError, match=r"listed twice: \['nps_tally'\]"):
        kit.load("009")
    write_manifest(tmp_path, GOOD)
    with pytest.raises(kit.KitError, match="lists no kit file 'tally' \\(it has: nps_tally\\)"):
        kit.load("009").file("tally")


def test_the_role_resolves_ids_in_a_guide_and_course_ids_elsewhere():
    course, kit_file = kit.resolve("roleplay_cards", "book/trainers/course_002_service_psychology")
    assert (course.number, kit_file.path) == ("002", "roleplay_cards.pdf")
    assert kit.resolve("002:roleplay_cards", "book/no_code")[1].id == "roleplay_cards"
    with pytest.raises(kit.KitError, match="belongs to no course"):
        kit.resolve("roleplay_cards", "book/no_code")


# ---- the {kit} role in a (small) book build -----------------------------------------------


def build_page(tmp_path: Path, page: str, language: str = "en"):
    """Build one page named like a course guide, with the kit extension, into tmp_path/html."""
    from _small_book import build

    src = tmp_path / "src"
    (src / "trainers").mkdir(parents=True, exist_ok=True)
    (src / "trainers" / "course_002_test.md").write_text(page, encoding="utf-8")
    (src / "_toc.yml").write_text("format: jb-book\nroot: trainers/course_002_test\n")
    (src / "_config.yml").write_text(
        f"title: Kit test\nsphinx:\n  local_extensions:\n    kit: {EXT}\n", encoding="utf-8"
    )
    out = tmp_path / "html"
    result = build(src, out, tmp_path / "doctrees", {"language": language})
    return result, out / "trainers" / "course_002_test.html"


ROW = "# Guide\n\n| Time | Material |\n|---|---|\n| 13:20 | {kit}`roleplay_cards` |\n"


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Role-play cards and observer checklists"), ("zh_CN", "话术演练卡")],
)
def test_the_role_prints_the_title_in_the_page_language_and_the_path(tmp_path, language, title):
    result, page = build_page(tmp_path, ROW, language)
    assert result == 0, result
    html = page.read_text(encoding="utf-8")
    cell = re.search(r'<span class="cx-kit cx-kit-roleplay_cards">(.*?)</span>\s*</p>', html, re.S)
    assert cell, html[-2000:]
    assert title in cell.group(1) and "roleplay_cards.pdf" in cell.group(1)


def test_an_unknown_kit_file_stops_the_build_naming_page_and_line(tmp_path):
    result, _ = build_page(tmp_path, ROW.replace("roleplay_cards", "role_cards"))
    assert isinstance(result, Exception), result
    assert "course_002_test.md:5" in str(result)
    assert "lists no kit file 'role_cards'" in str(result)


# ---- the built kit (make kit) -------------------------------------------------------------


def built(number: str, lang: str) -> Path:
    folder = KIT / f"course_{number}" / lang
    if not (folder / "index.html").is_file():
        pytest.skip(f"no kit at {folder.relative_to(ROOT)}: run `make kit`")
    return folder


def optional_missing(kit_file: kit.KitFile, lang: str, number: str) -> bool:
    """A deck that `make slides` has not made yet (the slides are another target's work)."""
    if kit_file.kind != "slides":
        return False
    return not (kit_build.SLIDES / kit_file.deck.format(course=number, lang=lang)).is_file()


@pytest.mark.parametrize("lang", kit.LANGUAGES)
@pytest.mark.parametrize("number", COURSES)
def test_every_manifest_file_is_in_the_built_kit_with_its_pages(number, lang):
    folder = built(number, lang)
    course = kit.load(number)
    for kit_file in course.files:
        path = folder / kit_file.path
        if optional_missing(kit_file, lang, number):
            continue
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
        expected = kit_file.pages[lang]
        if expected is not None:
            pages = kit_build.page_count(path)
            assert pages == expected, f"{path.relative_to(ROOT)}: {pages} pages, not {expected}"
    index = (folder / "index.html").read_text(encoding="utf-8")
    for kit_file in course.files:
        assert f'href="{kit_file.path}"' in index or optional_missing(kit_file, lang, number)
    assert (folder / "index.pdf").is_file()


FONT_TYPES = "Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?"


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, embedded."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        match = re.match(rf"^(\S+)\s+({FONT_TYPES})\s+\S+\s+(yes|no)", line)
        assert match, f"{pdf.name}: unexpected pdffonts line {line!r}"
        fonts.append({"name": match.group(1), "type": match.group(2), "emb": match.group(3)})
    return fonts


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils (pdffonts)")
@pytest.mark.parametrize("lang", kit.LANGUAGES)
@pytest.mark.parametrize("number", COURSES)
def test_every_kit_pdf_embeds_its_fonts_and_only_the_course_fonts(number, lang):
    folder = built(number, lang)
    for pdf in sorted(folder.rglob("*.pdf")):
        if pdf.name.startswith("slides"):
            continue  # the decks come from LibreOffice: tests/test_slides.py checks them
        for font in pdf_fonts(pdf):
            assert font["emb"] == "yes", f"{pdf.relative_to(ROOT)}: {font['name']} not embedded"
            assert font["name"] in ALLOWED_FONTS or font["name"].split("+")[-1] in ALLOWED_FONTS, (
                f"{pdf.relative_to(ROOT)} uses {font['name']}: a fallback font, so a character "
                "is missing from the course font"
            )


#: Fonts a kit PDF may use: the course's Chinese subset font, DejaVu for Latin text.
ALLOWED_FONTS = {"[none]", "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "DejaVuSans-Oblique"}


def test_the_bundle_carries_the_classroom_kits(tmp_path, monkeypatch):
    import runpy
    import zipfile

    bundle = runpy.run_path(str(EXT / "bundle.py"))
    monkeypatch.setattr(bundle["zh_notebooks"], "write_all", lambda folder: {})
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<h1>CX</h1>", encoding="utf-8")
    wheel = tmp_path / "cxlib-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    classroom = tmp_path / "kit"
    for path in ("course_002/zh/index.html", "course_002/zh/trainer/quiz_key.pdf", "html/x.html"):
        (classroom / path).parent.mkdir(parents=True, exist_ok=True)
        (classroom / path).write_bytes(b"x")
    target = bundle["make_bundle"](
        site, wheel, tmp_path / "dist", kit=(), book_pdfs=tmp_path, classroom_kit=classroom
    )
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        start = archive.read(f"{target.stem}/START-HERE.md").decode("utf-8")
    assert f"{target.stem}/kit/course_002/zh/index.html" in names
    assert f"{target.stem}/kit/course_002/zh/trainer/quiz_key.pdf" in names
    assert not any("/kit/html/" in name for name in names)  # the intermediate pages stay out
    assert "`kit/`" in start


# ---- glyphs: every character drawn by a font the kit carries ------------------------------

#: The system fonts a kit page may draw with (its Chinese comes from the embedded web font).
SYSTEM_FONTS = {"DejaVu Sans", "DejaVu Sans Mono"}
DEJAVU = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def kit_pages() -> list[Path]:
    """Every HTML page the kit printed (the sheets' sources and the index pages)."""
    if not (KIT / "html").is_dir():
        pytest.skip("no kit at _build/kit: run `make kit`")
    return sorted([*(KIT / "html").rglob("*.html"), *KIT.glob("course_*/*/index.html")])


def page_text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>|<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.skipif(not all(path.is_file() for path in DEJAVU), reason="no DejaVu fonts")
def test_every_character_of_every_kit_page_is_in_a_font_it_carries():
    """Chinese in the embedded subset font, everything else in DejaVu Sans (regular and bold)."""
    import base64
    import html as html_lib
    import io

    from fontTools.ttLib import TTFont

    from cxlib import webfont

    latin = set.intersection(*(set(TTFont(path).getBestCmap()) for path in DEJAVU))
    for path in kit_pages():
        html = path.read_text(encoding="utf-8")
        text = html_lib.unescape(page_text(html))
        chinese = webfont.characters(text)
        if chinese:
            data = re.search(r'url\("data:font/woff;base64,([^"]+)"\)', html)
            assert data, f"{path.relative_to(ROOT)} has Chinese but no embedded font"
            cmap = TTFont(io.BytesIO(base64.b64decode(data.group(1)))).getBestCmap()
            missing = [c for c in chinese if ord(c) not in cmap]
            assert not missing, f"{path.relative_to(ROOT)}: no glyph for {''.join(missing)}"
        other = {c for c in text if not webfont.CJK.match(c) and not c.isspace()}
        missing = sorted(c for c in other if ord(c) not in latin)
        assert not missing, f"{path.relative_to(ROOT)}: DejaVu has no {missing}"


def test_chromium_draws_every_kit_page_with_the_kit_fonts_only():
    """What Chromium reports it drew each text with: no system fallback font anywhere."""
    sys.path.insert(0, str(ROOT / "tests"))
    from _browser import CHROMIUM, NO_CHROMIUM, launch

    pages = kit_pages()
    if not CHROMIUM.exists():
        pytest.skip(f"{NO_CHROMIUM}: the font check in the browser is skipped")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as driver:
        browser = launch(driver)
        page = browser.new_page()
        session = page.context.new_cdp_session(page)
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            session.send("DOM.enable")
            session.send("CSS.enable")
            root = session.send("DOM.getDocument")["root"]["nodeId"]
            nodes = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})
            used = set()
            for node in nodes["nodeIds"]:
                fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                used.update((font["familyName"], font["isCustomFont"]) for font in fonts)
            system = {name for name, custom in used if not custom}
            assert system <= SYSTEM_FONTS, f"{path.relative_to(ROOT)}: system fonts {system}"
            web = {name for name, custom in used if custom}
            assert web <= {"Noto Sans CJK SC Regular"}, f"{path.relative_to(ROOT)}: {web}"
            assert bool(web) == ("@font-face" in path.read_text(encoding="utf-8")), path
        browser.close()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
@pytest.mark.parametrize("number", COURSES)
def test_every_kit_pdf_page_renders_and_has_ink(number, tmp_path):
    """pdftoppm draws every page without a complaint, and no page is blank."""
    import numpy as np

    for lang in kit.LANGUAGES:
        folder = built(number, lang)
        for pdf in sorted(folder.rglob("*.pdf")):
            prefix = tmp_path / pdf.stem
            run = subprocess.run(
                ["pdftoppm", "-r", "20", "-gray", str(pdf), str(prefix)],
                capture_output=True,
                text=True,
            )
            assert run.returncode == 0 and not run.stderr.strip(), (pdf, run.stderr)
            images = sorted(tmp_path.glob(f"{pdf.stem}-*.pgm"))
            assert len(images) == kit_build.page_count(pdf)
            for image in images:
                data = image.read_bytes()
                width, height = map(int, data.split(b"\n")[1].split())
                pixels = np.frombuffer(data[-width * height :], dtype=np.uint8)
                assert (pixels < 128).mean() > 0.002, f"{pdf.relative_to(ROOT)}: {image.name} blank"
                image.unlink()


def test_chinese_kit_pages_use_the_courses_terms():
    """No synonym the terminology avoids, unless the preferred term stands beside it."""
    from cxlib import terms

    avoided = terms.avoided()
    for path in kit_pages():
        if "/zh/" not in path.as_posix():
            continue
        text = page_text(path.read_text(encoding="utf-8"))
        for word, key in avoided.items():
            assert word not in text or terms.zh(key) in text, (
                f"{path.relative_to(ROOT)}: {word!r}; the course says {terms.zh(key)!r}"
            )


def test_the_kit_modules_docstring_examples_run():
    import doctest

    import kit_site
    import quiz
    import quiz_rules
    import worksheets

    for module in (kit, kit_build, kit_site, worksheets, quiz, quiz_rules):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(kit).attempted > 0
