"""``make kit``: print each course's classroom kit into ``_build/kit/course_NNN/{zh,en}/``.

For every course manifest (``book/kit/course_NNN.toml``, format in ``book/_ext/kit.py``) and
language: every file, each its own A4 PDF from one source (workbooks as .xlsx), trainer-only
files in ``trainer/``, and ``index.html`` with ``index.pdf`` listing every file with its title,
pages, copies to print and the agenda rows that use it. Each PDF's pages are counted
(``pdfinfo``) and compared with the manifest: more pages than declared means text overflowed,
fewer means something is missing, and either fails the build after everything is printed,
with a list of what differs.

What each kind needs: sheets only their template; ``quiz-sheet``, ``quiz-key`` and ``guide``
the built site (``make book``: the quiz page and the guide as built in each language, read by
``book/_ext/kit_site.py``); ``slides`` the decks' PDFs in ``_build/slides/`` (``make slides``),
noted as not built until they exist (a note, not a failure); ``workbook`` the cxlib module that
writes it (:data:`WORKBOOKS`). Chinese text on the index comes from the guide's catalogue
(``book/locales/zh_CN``), so the index needs no build.

Usage::

    python book/_ext/kit_build.py                      # every course, both languages
    python book/_ext/kit_build.py --course 002 --lang zh --only roleplay_cards
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kit
import kit_site
import worksheets

ROOT = kit.ROOT
OUT = ROOT / "_build" / "kit"
#: The decks' PDFs (make slides): course_NNN_<lang>.pdf unless a manifest names its ``deck``.
SLIDES = ROOT / "_build" / "slides"
CATALOGUES = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES"
#: Workbook ids and the cxlib module whose write(path) makes them.
WORKBOOKS = {
    "nps_calculator": "cxlib.workbook_excel",
    "training_effect": "cxlib.workbook_training",
}
BOOK = {"zh": "客户体验分析练习册", "en": "CX Workbook"}
COURSE = {"zh": "课程 {}", "en": "course {}"}


@dataclass
class Built:
    """One file of one language's kit after the build: where it is, its pages, what went wrong."""

    course: str
    lang: str
    file: kit.KitFile
    path: Path | None = None
    pages: int | None = None
    problem: str | None = None
    #: Said, but not a failure: a deck that `make slides` has not made yet.
    note: str | None = None


# ---- Chinese from the catalogues -------------------------------------------------------------


@cache
def catalogue(source: Path) -> dict[str, str]:
    """The Chinese translation of every message of a page (untranslated and fuzzy ones left out)."""
    from babel.messages.pofile import read_po

    relative = source.relative_to(ROOT).with_suffix(".po")
    path = CATALOGUES / relative
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        messages = read_po(handle)
    return {
        message.id: message.string
        for message in messages
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }


def translated(text: str, source: Path, lang: str) -> str:
    """``text`` of page ``source`` in ``lang`` (its catalogue's Chinese, else the English)."""
    if lang == "en":
        return text
    return catalogue(source).get(text, text)


_MARKUP = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`|\*\*|`")


def plain(text: str) -> str:
    """A table cell's text without MyST markup (role names, bold, code marks)."""
    return _MARKUP.sub(lambda m: m.group(1) or "", text).strip()


# ---- the pieces of a kit ---------------------------------------------------------------------


def course_values(course: kit.Course, lang: str) -> dict:
    """What every template of a course's kit may print: the course, its outcomes."""
    outcomes = kit.outcomes(course.guide)
    return {
        "course": {
            "number": course.number,
            "title_zh": course.title["zh"],
            "title_en": course.title["en"],
            "outcomes": [
                {
                    "number": number,
                    "en": plain(text),
                    "zh": plain(translated(text, course.guide, "zh")),
                }
                for number, text in outcomes.items()
            ],
        }
    }


def footer(course: kit.Course, kit_file: kit.KitFile, lang: str) -> str:
    """The line at the foot of each page: book, course, the file's place in the kit, version."""
    import cxlib

    label = COURSE[lang].format(course.number)
    return f"{BOOK[lang]} · {label} · {lang}/{kit_file.path} · cxlib {cxlib.__version__}"


def agenda_uses(course: kit.Course, lang: str) -> dict[str, list[dict[str, str]]]:
    """For each kit file, the agenda rows that name it (agenda, time, activity) in ``lang``."""
    uses: dict[str, list[dict[str, str]]] = {}
    for row in kit.agenda_rows(course.guide):
        heading, _, day = row.agenda.partition(", ")
        agenda = translated(next(_heading_ids(course.guide, heading)), course.guide, lang)
        if day:
            agenda += " · " + plain(translated(f"**{day}**", course.guide, lang))
        for file_id in row.files:
            uses.setdefault(file_id, []).append(
                {
                    "agenda": plain(agenda),
                    "time": row.time,
                    "activity": plain(translated(row.activity, course.guide, lang)),
                }
            )
    return uses


def _heading_ids(guide: Path, heading: str):
    """The full heading line (the catalogue's message) that starts with ``heading``."""
    for line in guide.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"## {heading}"):
            yield line[3:].strip()
    yield heading


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M).group(1))


def _sheet(course, kit_file, lang, target: Path, printer, html_dir: Path) -> None:
    """A template of book/worksheets/ printed in one language."""
    values = {**course_values(course, lang), **kit_file.values}
    html = worksheets.render_html(
        kit_file.template, lang, values=values, footer=footer(course, kit_file, lang)
    )
    source = html_dir / f"{kit_file.id}.html"
    source.write_text(html, encoding="utf-8")
    printer.print(source, target)


def _quiz(course, kit_file, lang, target: Path, printer, html_dir: Path) -> None:
    values = {**course_values(course, lang), "kit_course": course}
    html = html_dir / f"{kit_file.id}.html"
    kit_site.print_quiz(
        kit_file, lang, values, footer(course, kit_file, lang), html, target, printer
    )


def _guide(course, kit_file, lang, target: Path, printer, html_dir: Path) -> None:
    values = {**course_values(course, lang), "kit_course": course}
    html = html_dir / f"{kit_file.id}.html"
    kit_site.print_guide(lang, values, footer(course, kit_file, lang), html, target, printer)


def _slides(course, kit_file, lang, target: Path, printer, html_dir: Path) -> None:
    deck = SLIDES / kit_file.deck.format(course=course.number, lang=lang)
    if not deck.is_file():
        raise FileNotFoundError(f"no deck {deck.relative_to(ROOT)} yet: run `make slides`")
    shutil.copyfile(deck, target)


def _workbook(course, kit_file, lang, target: Path, printer, html_dir: Path) -> None:
    import importlib

    if kit_file.id not in WORKBOOKS:
        raise kit.KitError(f"no workbook {kit_file.id!r}; cxlib writes {sorted(WORKBOOKS)}")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    importlib.import_module(WORKBOOKS[kit_file.id]).write(target)


MAKERS = {
    "sheet": _sheet,
    "quiz-sheet": _quiz,
    "quiz-key": _quiz,
    "guide": _guide,
    "slides": _slides,
    "workbook": _workbook,
}


def build_course(
    course: kit.Course, lang: str, out: Path, printer, only: set[str] | None = None
) -> list[Built]:
    """Print one course's kit in one language into ``out/course_NNN/<lang>/``."""
    folder = out / f"course_{course.number}" / lang
    html_dir = out / "html" / f"course_{course.number}" / lang
    html_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for kit_file in course.files:
        if only and kit_file.id not in only:
            continue
        result = Built(course.number, lang, kit_file)
        target = folder / kit_file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            MAKERS[kit_file.kind](course, kit_file, lang, target, printer, html_dir)
        except (FileNotFoundError, kit.KitError) as error:
            if kit_file.kind == "slides":
                result.note = str(error)
            else:
                result.problem = str(error)
            built.append(result)
            continue
        result.path = target
        expected = kit_file.pages[lang]
        if expected is not None:
            result.pages = page_count(target)
            if result.pages != expected:
                more = "overflowed" if result.pages > expected else "is short"
                result.problem = (
                    f"{result.pages} page(s), the manifest says {expected}: the text {more}"
                )
        built.append(result)
    if not only:
        _index(course, lang, folder, built, printer, html_dir)
    return built


def _index(course, lang, folder: Path, built: list[Built], printer, html_dir: Path) -> None:
    """index.html (links to the files) and index.pdf: every file, pages, copies, agenda rows."""
    uses = agenda_uses(course, lang)
    files = [
        {
            "id": b.file.id,
            "path": b.file.path,
            "title": b.file.title[lang],
            "audience": b.file.audience,
            "pages": b.pages,
            "copies": (b.file.copies or {}).get(lang, ""),
            "uses": uses.get(b.file.id, []),
            "missing": b.path is None,
        }
        for b in built
    ]
    index_file = kit.KitFile("index", "sheet", {"zh": "", "en": ""}, "trainee", {})
    values = {**course_values(course, lang), "files": files}
    html = worksheets.render_html(
        "kit_index", lang, values=values, footer=footer(course, index_file, lang)
    )
    (folder / "index.html").write_text(html, encoding="utf-8")
    printer.print(folder / "index.html", folder / "index.pdf")


def build(
    courses: list[str], langs: list[str], out: Path = OUT, only: set[str] | None = None
) -> list[Built]:
    """Print the kits; return every file's result (problems included, nothing raised)."""
    loaded = [kit.load(number) for number in courses]
    for course in loaded:  # every file an agenda names must be in the manifest
        for row in kit.agenda_rows(course.guide):
            for file_id in row.files:
                course.file(file_id)
    results = []
    with worksheets.Printer() as printer:
        for course in loaded:
            for lang in langs:
                if not only:
                    shutil.rmtree(out / f"course_{course.number}" / lang, ignore_errors=True)
                results += build_course(course, lang, out, printer, only)
    return results


def report(results: list[Built]) -> int:
    """Print one line per file; 1 if any file is missing or has the wrong number of pages."""
    problems = [r for r in results if r.problem]
    for r in results:
        pages = "" if r.pages is None else f"{r.pages} p."
        state = f"  <- {r.problem}" if r.problem else (f"  (note: {r.note})" if r.note else "")
        print(f"course_{r.course}/{r.lang}/{r.file.path:40} {pages:>6}{state}")
    made = sum(r.path is not None for r in results)
    print(f"{made} files made, {len(problems)} with problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", action="append", help="course number, e.g. 002 (repeatable)")
    parser.add_argument("--lang", action="append", choices=kit.LANGUAGES)
    parser.add_argument("--only", action="append", help="file id (repeatable); no index then")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        results = build(
            args.course or kit.courses(),
            args.lang or list(kit.LANGUAGES),
            args.out,
            set(args.only) if args.only else None,
        )
    except kit.KitError as error:
        print(f"make kit: {error}", file=sys.stderr)
        return 2
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
