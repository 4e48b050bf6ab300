"""The slides' Chinese catalogues and the checks of a slide source (``book/_ext/slides.py``).

The English texts of a deck (titles, words, table cells, handout names, notes) are its messages;
``update`` merges them into ``book/locales/zh_CN/slides/course_NNN.po`` with the book's Babel merge
(``i18n._merge``), and ``catalogue_problems`` applies the book's message check
(``i18n._check_message``: untranslated, fuzzy, markup, terminology) plus one of its own: the
Chinese keeps every number of the English. ``structure_problems`` checks the source against the
facilitator guide (every lecture row has slides, the minutes add up, the guide names the slide
ranges), the book (the chapter sections the notes name), the bibliography (the sources) and the
data (every number declared in ``numbers`` is recomputed).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import i18n
from slides import CATALOGUES, NO_QUESTION, ROOT, Deck, Slide, decks, evaluate
from slides_agenda import agendas, row_slides, slide_range

#: Latin words a Chinese slide may show besides the names of cited authors: the field's model
#: names and symbols, and the programs trainees use.
MODEL_NAMES = frozenset(
    {"NPS", "CSAT", "CES", "SERVQUAL", "KANO", "MOT", "STEPPS", "SWOT", "CI", "SE", "Holm", "Wald"}
    | {"Better", "Worse"}  # the Kano coefficients keep their names (book: Better 系数)
    | {"Excel", "WPS", "PowerPoint"}
    | {"TOWS", "SO", "WO", "ST", "WT", "SERVPERF"}  # TOWS options; Cronin & Taylor
    | {"sBG", "BG", "NBD", "RFM", "CDNOW"}
)
_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?%?")


def number_value(literal: str) -> tuple[float, int]:
    """A number as written on a slide and its decimals: '+12.3' -> (12.3, 1), '2,000' -> (2000, 0).

    Examples
    --------
    >>> number_value("+12.3"), number_value("−15.2"), number_value("2,000"), number_value("75%")
    ((12.3, 1), (-15.2, 1), (2000.0, 0), (75.0, 0))
    """
    text = literal.replace("−", "-").replace(",", "").rstrip("%")
    decimals = len(text.partition(".")[2])
    return float(text), decimals


def numbers_in(text: str) -> Counter:
    """The numbers of a text, normalised (no thousands commas, ASCII minus), as a multiset.

    Examples
    --------
    >>> sorted(numbers_in("NPS −15.2 on 2,000 answers, 9–10"))
    ['-15.2', '10', '2000', '9']
    """
    return Counter(
        m.group(0).replace("−", "-").replace(",", "").lstrip("+").rstrip("%")
        for m in _NUMBER.finditer(text)
    )


#: Chinese numerals a translation may write for the English's small whole numbers.
_NUMERALS = dict(enumerate("零一二三四五六七八九十", start=0)) | {2: "二两"}


def lost_numbers(english: str, chinese: str) -> list[str]:
    """Numbers of the English that its Chinese lacks (one to ten may be written as 一 to 十).

    Examples
    --------
    >>> lost_numbers("Part 1 of 2,000", "第一部分，共 2000")
    []
    >>> lost_numbers("NPS +11.6", "NPS +11.5")
    ['11.6']
    """
    lost = numbers_in(english) - numbers_in(chinese)
    return sorted(
        number
        for number in lost.elements()
        if not (
            number.isdigit()
            and int(number) <= 10
            and any(c in chinese for c in _NUMERALS[int(number)])
        )
    )


# --- the catalogue ------------------------------------------------------------------------------


def messages(deck: Deck) -> list[tuple[str, str]]:
    """The deck's English texts to translate, in order, each with a note for the translator."""
    found: list[tuple[str, str]] = [(deck.title, "course title"), (deck.subtitle, "subtitle")]
    for block in deck.blocks:
        found.append((block.title, "block title (slide footers)"))
        for slide in block.slides:
            where = f"slide {slide.title}"
            found.append((slide.title, f"{where}: title"))
            for item in slide.items:
                if item.kind == "table":
                    found.extend((cell, f"{where}: table") for row in item.rows for cell in row)
                else:
                    found.append((item.text, f"{where}: {item.kind}"))
            for key in ("handout", "group"):
                if key in slide.settings:
                    found.append((slide.settings[key], f"{where}: {key}"))
            if "table" in slide.settings:
                table = evaluate(slide.settings["table"], f"{deck.path.name}:{slide.line}")
                found.extend((str(c), f"{where}: table header") for c in table.columns)
                for column in table.columns:
                    if table[column].dtype == object or str(table[column].dtype) == "str":
                        found.extend((str(v), f"{where}: table") for v in table[column])
            for label, text in slide.notes.items():
                found.append((text, f"{where}: notes, {label}"))
    return [(text, note) for text, note in found if text]


def template(deck: Deck):
    """The deck's messages as a Babel catalogue (the template ``update`` merges)."""
    from babel.messages.catalog import Catalog

    catalogue = Catalog(project=f"CX Workbook slides {deck.name}")
    for text, note in messages(deck):
        if text not in catalogue:
            catalogue.add(text, auto_comments=[note])
    return catalogue


def catalogue_path(deck: Deck) -> Path:
    return CATALOGUES / f"{deck.name}.po"


def update() -> int:
    """Merge each deck's English text into its Chinese catalogue (same rules as the book)."""
    for deck in decks():
        i18n._merge(template(deck), catalogue_path(deck))
    return status()


@cache
def _read_catalogue(path: Path, stamp: float):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def translations(deck: Deck) -> dict:
    """The deck's catalogue as ``msgid -> Message`` (empty if it has none)."""
    path = catalogue_path(deck)
    return _read_catalogue(path, path.stat().st_mtime) if path.exists() else {}


def catalogue_problems(deck: Deck) -> list[str]:
    """Untranslated, fuzzy, unmerged, off-markup, off-terminology or off-number messages."""
    sys.path.insert(0, str(ROOT))
    from cxlib import terms

    avoided = terms.avoided()
    known = translations(deck)
    if not known:
        return [f"no catalogue {catalogue_path(deck).relative_to(ROOT)}: run `slides.py update`"]
    issues = []
    for msgid in dict(messages(deck)):
        message = known.get(msgid)
        if message is None:
            issues.append(f"not merged: {msgid[:70]!r} (run `slides.py update`)")
            continue
        found = i18n._check_message(msgid, message, avoided, terms)
        issues.extend(found)
        lost = lost_numbers(msgid, message.string) if message.string and not found else []
        if lost:
            issues.append(f"numbers of the English missing from the Chinese {lost}: {msgid[:50]!r}")
    return issues


# --- checks of the source against the guide, the book and the data -----------------------------


def _page_lines(page: str) -> list[str]:
    """The Markdown lines of a book page or notebook (``page`` relative to ``book/``)."""
    path = ROOT / "book" / f"{page}.md"
    if path.exists():
        return path.read_text(encoding="utf-8").splitlines()
    notebook = ROOT / "book" / f"{page}.ipynb"
    if notebook.exists():
        import json

        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        return [
            line
            for cell in cells
            if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines()
        ]
    return []


def _headings(page: str) -> dict[str, str]:
    """A page's headings, by their English text before any ' · ' and in full, to the heading."""
    found = {}
    in_code = False
    for text in _page_lines(page):
        if text.startswith("```"):
            in_code = not in_code
        match = re.match(r"(#{1,6})\s+(.*)", text)
        if match and not in_code:
            heading = match.group(2).strip()
            found.setdefault("", heading)  # the first heading: the page title
            found[heading.split(" · ")[0].strip()] = heading
            found[heading] = heading
    return found


def read_target(slide: Slide) -> tuple[str, str, str] | None:
    """(page, page title, section heading) of a slide's ``read`` setting, as written in the book."""
    value = slide.settings.get("read")
    if not value:
        return None
    page, _, section = (part.strip() for part in value.partition("§"))
    headings = _headings(page)
    return page, headings.get(""), headings.get(section)


@cache
def bibliography() -> dict[str, str]:
    """Short citations from book/references.bib: key -> 'Keiningham et al. (2007)'."""
    from pybtex.database import parse_file

    found = {}
    for key, entry in parse_file(str(ROOT / "book" / "references.bib")).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names) for p in people]
        if not names:
            who = entry.fields.get("organization") or entry.fields.get("publisher") or key
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        found[key] = f"{who} ({entry.fields.get('year', 'n.d.')})".replace("{", "").replace("}", "")
    return found


def guide_translation(guide: str, english: str) -> str | None:
    """The Chinese of one message of a facilitator guide, from the book's catalogue."""
    path = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "book" / "trainers" / f"{guide}.po"
    if not path.exists():
        return None
    message = _read_catalogue(path, path.stat().st_mtime).get(english)
    return message.string if message is not None and not message.fuzzy else None


def _guide_names_slides(deck: Deck, row, wanted: str) -> list[str]:
    """Problems with a lecture row's slide range, in the guide and in its Chinese edition."""
    named = re.search(r"slides? ([\d–, ]+\d)", row.material)
    where = f"book/trainers/{deck.guide}.md:{row.line}"
    if not named or named.group(1).replace(" ", "") != wanted.replace(" ", ""):
        said = named.group(0) if named else "nothing"
        plural = "slides" if re.search(r"\D", wanted) else "slide"
        return [f"{where}: the lecture row should name 'deck: {plural} {wanted}' (it says {said})"]
    chinese = guide_translation(deck.guide, row.material)
    if chinese and lost_numbers(row.material, chinese):
        return [f"{where}: the Chinese of the row's material lacks the slide range {wanted}"]
    return []


def structure_problems(deck: Deck) -> list[str]:
    """What in a deck's source disagrees with its guide, the book, the bibliography or the data."""
    issues = []
    rows = agendas(deck.guide)
    if not rows:
        return [f"book/trainers/{deck.guide}.md has no agenda tables"]
    known = {(r.agenda, r.day, r.start) for rs in rows.values() for r in rs}
    for block in deck.blocks:
        if not block.slides:
            issues.append(f"{deck.path.name}:{block.line}: block {block.title!r} has no slides")
        for agenda, (day, start) in block.rows.items():
            if (agenda, day, start) not in known:
                issues.append(
                    f"{deck.path.name}:{block.line}: block {block.title!r} names {agenda} day "
                    f"{day} {start}, which is not a row of the guide's {agenda} agenda"
                )
    for row, slides in row_slides(deck).items():
        shown = sum(s.minutes(row.agenda) for s in slides)
        if row.lecture and not slides:
            issues.append(f"lecture row {row.label}: no slides")
        elif slides and shown != row.minutes:
            issues.append(
                f"row {row.label}: the slides take {shown} minutes, the guide {row.minutes}"
            )
        if row.lecture and slides:
            issues.extend(_guide_names_slides(deck, row, slide_range(slides)))
    references = bibliography()
    for slide in deck.slides:
        where = f"{deck.path.name}:{slide.line} ({slide.title})"
        if slide.kind not in NO_QUESTION and not {"Ask", "Expect"} <= set(slide.notes):
            issues.append(f"{where}: the notes need Ask: and Expect:")
        say = slide.notes.get("Say", "")
        if len(re.findall(r"[.!?](?:\s|$)", say)) < 2:
            issues.append(f"{where}: Say: needs at least two sentences")
        target = read_target(slide)
        if target and (target[1] is None or target[2] is None):
            issues.append(f"{where}: read: {slide.settings['read']!r} is not a heading of the book")
        elif not target and slide.kind in ("key", "figure", "table", "proven"):
            issues.append(f"{where}: a {slide.kind} slide names the chapter section to read")
        for key in slide.sources:
            if key not in references:
                issues.append(f"{where}: source {key!r} is not in book/references.bib")
        if (
            slide.kind == "proven"
            and not slide.sources
            and slide.settings["verdict"] != "no-source"
        ):
            issues.append(f"{where}: an 'is this proven?' slide names its sources")
        shown = " ".join([slide.title, *(i.text for i in slide.items), *slide.notes.values()])
        shown += " ".join(c for i in slide.items for row in i.rows for c in row)
        for literal, expression in slide.numbers.items():
            value, decimals = number_value(literal)
            computed = evaluate(expression, where)
            if round(float(computed), decimals) != value:
                issues.append(
                    f"{where}: {literal} shown, but {expression} is {float(computed):.{decimals}f}"
                )
            if numbers_in(literal) - numbers_in(shown):
                issues.append(f"{where}: numbers: {literal} is not on the slide")
    return issues


def problems() -> dict[str, list[str]]:
    """Per deck, every problem of its source and its catalogue."""
    found = {}
    for deck in decks():
        issues = structure_problems(deck) + catalogue_problems(deck)
        if issues:
            found[deck.name] = issues
    return found


def status() -> int:
    left = problems()
    for name, issues in sorted(left.items()):
        print(f"{name}: {len(issues)}")
    total = sum(len(v) for v in left.values())
    print(f"{total} problem(s) in {len(left)} slide source(s)")
    return 1 if total else 0


def check() -> int:
    left = problems()
    for name, issues in sorted(left.items()):
        for issue in issues:
            print(f"{name}: {issue}")
    total = sum(len(v) for v in left.values())
    print(f"{total} problem(s) in the slide sources" if total else "slides complete")
    return 1 if total else 0


def ranges() -> int:
    """Print each agenda row's slides, to be named in the guide's lecture rows."""
    for deck in decks():
        print(f"{deck.name} (book/trainers/{deck.guide}.md)")
        for row, slides in row_slides(deck).items():
            if slides:
                minutes = sum(s.minutes(row.agenda) for s in slides)
                wanted = slide_range(slides)
                plural = "slides" if re.search(r"\D", wanted) else "slide"
                print(f"  {row.label}: {plural} {wanted} ({minutes} of {row.minutes} min)")
    return 0
