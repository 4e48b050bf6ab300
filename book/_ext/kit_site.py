"""The kit files printed from the built site (``make book``): quiz sheets, answer keys, guides.

Part of ``make kit`` (``book/_ext/kit_build.py``). The quiz and the guide are printed from their
pages as built in each language, so that the paper says what the site says: the quiz's
questions, options, right answers, explanations and outcomes (``data-outcome``, written by
``book/_ext/quiz.py``), and the guide's article. A page missing from the build, or older than
its source or its Chinese catalogue, is an error that says to run ``make book``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kit
import worksheets

ROOT = kit.ROOT
#: The built site of each language (make book).
SITE = {"en": ROOT / "_build" / "html", "zh": ROOT / "_build" / "html" / "zh"}
CATALOGUES = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES"


def built_page(source: Path, lang: str) -> Path:
    """The built HTML of a book page in ``lang``; an error saying what to run if missing or stale.

    Stale means older than the page's source or, for Chinese, its catalogue: the kit would print
    text the book no longer has.
    """
    relative = source.relative_to(ROOT).with_suffix(".html")
    page = SITE[lang] / relative
    if not page.is_file():
        raise FileNotFoundError(f"{page.relative_to(ROOT)} is not built: run `make book`")
    sources = [source]
    if lang == "zh":
        sources.append(CATALOGUES / source.relative_to(ROOT).with_suffix(".po"))
    newer = [
        path for path in sources if path.is_file() and path.stat().st_mtime > page.stat().st_mtime
    ]
    if newer:
        changed = ", ".join(str(path.relative_to(ROOT)) for path in newer)
        raise FileNotFoundError(
            f"{page.relative_to(ROOT)} is older than {changed}: run `make book` again"
        )
    return page


def printable(tag) -> str:
    """A fragment of a built page as HTML for paper: links become text, anchors and scripts go."""
    from markupsafe import Markup

    for unwanted in tag.select("a.headerlink, script, .cx-quiz-verdict, button.toggle-button"):
        unwanted.decompose()
    for link in tag.find_all("a"):
        link.name = "span"
        link.attrs = {"class": ["ref"]}
    for wrapper in tag.select(".pst-scrollable-table-container"):
        wrapper.unwrap()
    return Markup(tag.decode_contents())


def _soup(page: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def quiz_questions(course: kit.Course, lang: str) -> tuple[str, list[dict]]:
    """The course quiz as built in ``lang``: its title and, per question, the printable parts."""
    soup = _soup(built_page(course.quiz, lang))
    title = soup.select_one("article h1")
    questions = []
    for number, node in enumerate(soup.select("div.cx-quiz"), start=1):
        options = []
        for button in node.select("button.cx-quiz-option"):
            letter = button.select_one(".cx-quiz-letter")
            text = button.select_one(".cx-quiz-text") or button
            options.append(
                {
                    "letter": letter.get_text(strip=True),
                    "html": printable(text),
                    "right": button.get("data-correct") == "true",
                }
            )
        outcomes = [name.split(".")[1] for name in node.get("data-outcome", "").split() if name]
        questions.append(
            {
                "number": number,
                "question": printable(node.select_one(".cx-quiz-question")),
                "options": options,
                "multiple": node.get("data-multiple") == "true",
                "answer": ", ".join(o["letter"] for o in options if o["right"]),
                "explanation": printable(node.select_one(".cx-quiz-explanation")),
                "outcomes": outcomes,
            }
        )
    if not questions:
        raise kit.KitError(f"{course.quiz.relative_to(ROOT)} has no quiz questions to print")
    return printable(title) if title else "", questions


def print_quiz(
    kit_file: kit.KitFile, lang: str, values: dict, footer: str, html: Path, pdf: Path, printer
) -> None:
    """The quiz sheet (no answers) or its key (answers, outcomes, explanations).

    ``values`` are the course's (kit_build.course_values); the page is written to ``html`` and
    printed to ``pdf``.
    """
    course = values["kit_course"]
    title, questions = quiz_questions(course, lang)
    for outcome in values["course"]["outcomes"]:
        outcome["questions"] = [
            q["number"] for q in questions if str(outcome["number"]) in q["outcomes"]
        ]
    values = {**values, "quiz_title": title, "questions": questions, **kit_file.values}
    template = "quiz_sheet" if kit_file.kind == "quiz-sheet" else "quiz_key"
    html.write_text(worksheets.render_html(template, lang, values, footer), encoding="utf-8")
    printer.print(html, pdf)


def print_guide(lang: str, values: dict, footer: str, html: Path, pdf: Path, printer) -> None:
    """The facilitator guide: its built page's article, printed on A4."""
    course = values["kit_course"]
    article = _soup(built_page(course.guide, lang)).select_one("article.bd-article")
    if article is None:
        raise kit.KitError(f"{course.guide.relative_to(ROOT)}: the built page has no article")
    for cell in article.find_all("td"):  # clock times stay on one line
        if re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", cell.get_text(strip=True)):
            cell["class"] = ["time"]
    values = {**values, "content": printable(article)}
    html.write_text(worksheets.render_html("kit_guide", lang, values, footer), encoding="utf-8")
    printer.print(html, pdf)
