"""Slides for every lecture block: the slide source format, read into blocks and slides.

Each course has one slide source, ``book/slides/course_NNN.md`` (the format is documented in
``book/slides/README.md``): MyST Markdown with a ``##`` block per agenda row of the course's
facilitator guide (``book/trainers/``), a ``###`` slide per slide with its settings
(```` ```{slide} ````), its words, and its speaker notes (```` ```{notes} ````). This module reads
a source (:func:`load`, which refuses one that leaves the format, naming its file and line) and
evaluates the figure, table and number expressions it contains (:func:`evaluate`). The rest of
the machinery, one concern per module (table in ``book/slides/README.md``): the guides' agendas
(``slides_agenda.py``), the Chinese catalogue and the checks (``slides_check.py``), the
PowerPoint files (``slides_deck.py`` with ``slides_notes``, ``slides_pptx``, ``slides_text``,
``slides_tables``, ``slides_figures``) and the PDFs (``slides_render.py``).

Usage (``make slides`` runs ``build``)::

    python book/_ext/slides.py build [--course 000] [--lang en zh] [--no-pdf]
    python book/_ext/slides.py update    # merge the English text into the catalogues
    python book/_ext/slides.py check     # every problem, one line each; exit 1 if any
    python book/_ext/slides.py status    # problems per course
    python book/_ext/slides.py ranges    # each agenda row's slides, as the guide should name them
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The format's words and data model, and the expressions' evaluation, live beside this file;
# their names are kept here, where the other slide modules and the tests find them.
from slides_eval import METRIC_MODULES, _Data, _dataset, evaluate, namespace  # noqa: F401
from slides_model import (  # noqa: F401
    KINDS,
    NO_QUESTION,
    NOTE_LABELS,
    SETTINGS,
    VERDICTS,
    Block,
    Deck,
    FormatError,
    Item,
    Slide,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "book" / "slides"
CATALOGUES = ROOT / "book" / "locales" / "zh_CN" / "slides"
GUIDES = ROOT / "book" / "trainers"
OUTPUT = ROOT / "_build" / "slides"


# --- reading a source ---------------------------------------------------------------------------


def _fence(lines: list[str], start: int, path: Path) -> tuple[list[str], int]:
    """The lines inside the fence opened at ``start`` and the index after its closing line."""
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "```":
            return lines[start + 1 : end], end + 1
    raise FormatError(f"{path.name}:{start + 1}: the fence {lines[start].strip()} is never closed")


def _next_line(lines: list[str], index: int) -> int | None:
    """The index of the first non-blank line after ``index`` (None at the end)."""
    for following in range(index + 1, len(lines)):
        if lines[following].strip():
            return following
    return None


def _settings(body: list[str], path: Path, line: int) -> dict[str, str]:
    """``key: value`` lines; indented lines continue the value of the key above them."""
    settings: dict[str, str] = {}
    key = None
    for offset, text in enumerate(body, start=line + 1):
        if not text.strip():
            continue
        if text[0].isspace() and key:
            settings[key] = (settings[key] + "\n" + text.strip()).strip()
            continue
        key, colon, value = text.partition(":")
        key = key.strip()
        if not colon or key not in SETTINGS:
            raise FormatError(
                f"{path.name}:{offset}: {text.strip()!r} is not a setting; settings are "
                f"{', '.join(SETTINGS)}"
            )
        settings[key] = value.strip()
    return settings


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs, current = [], []
    for text in [*lines, ""]:
        if text.strip():
            current.append(text.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _items(lines: list[str], path: Path, line: int) -> list[Item]:
    """A slide's words: paragraphs, one level of bullets or numbered steps, Markdown tables."""
    items: list[Item] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            items.append(Item("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for offset, text in enumerate(lines, start=line):
        stripped = text.strip()
        bullet = re.match(r"[-*]\s+(.*)", stripped)
        numbered = re.match(r"\d+\.\s+(.*)", stripped)
        if not stripped:
            close()
        elif stripped.startswith("|"):
            close()
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
                continue
            if items and items[-1].kind == "table" and not lines[offset - line - 1].strip() == "":
                items[-1].rows.append(cells)
            else:
                items.append(Item("table", rows=[cells]))
        elif bullet or numbered:
            close()
            items.append(Item("bullet" if bullet else "numbered", (bullet or numbered).group(1)))
        elif text[:1].isspace() and items and items[-1].kind in ("bullet", "numbered"):
            items[-1].text += " " + stripped
        elif stripped.startswith(("#", "```", ":::")):
            raise FormatError(f"{path.name}:{offset}: unexpected {stripped[:20]!r} in a slide")
        else:
            paragraph.append(stripped)
    close()
    for item in items:
        if item.kind == "table" and len({len(row) for row in item.rows}) != 1:
            raise FormatError(f"{path.name}:{line}: a table's rows have different lengths")
    return items


def _notes(body: list[str], path: Path, line: int) -> dict[str, str]:
    """Labelled notes: a line starting with ``Say:``, ``Ask:``... starts one; others continue it."""
    notes: dict[str, str] = {}
    label = None
    for offset, text in enumerate(body, start=line + 1):
        start = re.match(rf"({'|'.join(NOTE_LABELS)}):\s*(.*)", text.strip())
        if start:
            label = start.group(1)
            if label in notes:
                raise FormatError(f"{path.name}:{offset}: a second {label}: in one slide's notes")
            notes[label] = start.group(2)
        elif text.strip() and label:
            notes[label] = f"{notes[label]} {text.strip()}".strip()
        elif text.strip():
            raise FormatError(
                f"{path.name}:{offset}: notes start with one of "
                f"{', '.join(f'{x}:' for x in NOTE_LABELS)}, not {text.strip()[:30]!r}"
            )
    return notes


def _rows(body: list[str], path: Path, line: int) -> dict[str, tuple[int, str]]:
    rows = {}
    for offset, text in enumerate(body, start=line + 1):
        if not text.strip():
            continue
        match = re.fullmatch(r"\s*(\d+-day):\s*(?:day\s+(\d+)\s+)?(\d\d:\d\d)\s*", text)
        if not match:
            raise FormatError(
                f"{path.name}:{offset}: {text.strip()!r}: write an agenda row as "
                "'1-day: 09:20' or '2-day: day 1 09:30'"
            )
        agenda, day, start = match.groups()
        rows[agenda] = (int(day or 1), start)
    return rows


def load(path: Path) -> Deck:
    """Read a slide source into blocks and slides, numbering the slides in deck order.

    Raises
    ------
    FormatError
        Where the source leaves the format, naming the file and the line.
    """
    import yaml

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FormatError(f"{path.name}:1: a slide source starts with its --- front matter")
    end = lines.index("---", 1)
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    missing = {"course", "guide", "accent"} - set(meta)
    if missing:
        raise FormatError(f"{path.name}: the front matter lacks {sorted(missing)}")
    deck = Deck(path, str(meta["course"]), meta["guide"], meta["accent"], "", "", [])
    index = end + 1
    slide = None
    pending: list[str] = []  # text lines of the current heading's body
    pending_line = 0

    def finish() -> None:
        nonlocal slide
        if slide is not None:
            slide.items = _items(pending, path, pending_line)
            if not slide.notes.get("Say"):
                raise FormatError(f"{path.name}:{slide.line}: slide {slide.title!r} has no notes")
            slide = None
        elif deck.title and not deck.blocks and not deck.subtitle:
            deck.subtitle = " ".join(_paragraphs(pending))
        pending.clear()

    while index < len(lines):
        current = lines[index]
        stripped = current.strip()
        number = index + 1
        if stripped.startswith("#"):
            finish()
            level = len(stripped) - len(stripped.lstrip("#"))
            title = stripped[level:].strip()
            if level == 1:
                deck.title = title
            elif level == 2:
                fence = _next_line(lines, index)
                if fence is None or lines[fence].strip() != "```{block}":
                    raise FormatError(f"{path.name}:{number}: a ## block starts with ```{{block}}")
                body, index = _fence(lines, fence, path)
                deck.blocks.append(Block(title, number, _rows(body, path, number + 1)))
                continue
            elif level == 3:
                if not deck.blocks:
                    raise FormatError(f"{path.name}:{number}: a slide before the first ## block")
                fence = _next_line(lines, index)
                if fence is None or lines[fence].strip() != "```{slide}":
                    raise FormatError(f"{path.name}:{number}: a ### slide starts with ```{{slide}}")
                body, index = _fence(lines, fence, path)
                settings = _settings(body, path, number + 1)
                slide = Slide(title, number, settings, [], {}, deck.blocks[-1])
                _validate_settings(slide, path)
                deck.blocks[-1].slides.append(slide)
                pending_line = index + 1
                continue
            else:
                raise FormatError(f"{path.name}:{number}: headings go down to ### (a slide)")
        elif stripped == "```{notes}":
            if slide is None:
                raise FormatError(f"{path.name}:{number}: notes outside a slide")
            body, index = _fence(lines, index, path)
            slide.notes = _notes(body, path, number)
            continue
        elif stripped.startswith("```"):
            raise FormatError(f"{path.name}:{number}: unknown fence {stripped!r}")
        else:
            if slide is not None and slide.notes:
                if stripped:
                    raise FormatError(f"{path.name}:{number}: text after a slide's notes")
            else:
                pending.append(current)
        index += 1
    finish()
    for number, item in enumerate(deck.slides, start=1):
        item.number = number
    return deck


def _validate_settings(slide: Slide, path: Path) -> None:
    where = f"{path.name}:{slide.line}"
    settings = slide.settings
    if settings.get("kind") not in KINDS:
        raise FormatError(f"{where}: kind must be one of {', '.join(KINDS)}")
    minutes = settings.get("minutes", "")
    if not re.fullmatch(r"\d+|\d+-day\s+\d+(\s*,\s*\d+-day\s+\d+)*", minutes.strip()):
        raise FormatError(f"{where}: minutes is '3' or '1-day 2, 2-day 4', not {minutes!r}")
    if slide.kind == "figure" and "figure" not in settings:
        raise FormatError(f"{where}: a figure slide names its figure")
    if slide.kind == "proven" and settings.get("verdict") not in VERDICTS:
        raise FormatError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
    if slide.kind == "activity" and not {"handout", "group"} <= set(settings):
        raise FormatError(f"{where}: an activity slide names its handout and group")


def decks() -> list[Deck]:
    """Every course's slide source, in course order."""
    return [load(path) for path in sorted(SOURCES.glob("course_*.md"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build")
    build.add_argument("--course", nargs="*", help="course numbers (default: every course)")
    build.add_argument("--lang", nargs="*", default=["en", "zh"], choices=["en", "zh"])
    build.add_argument("--no-pdf", action="store_true", help="only the PowerPoint files")
    build.add_argument("--out", type=Path, default=OUTPUT)
    for name in ("update", "check", "status", "ranges"):
        sub.add_parser(name)
    args = parser.parse_args(argv)
    if args.command == "build":
        import slides_deck
        import slides_render

        chosen = [d for d in decks() if not args.course or d.course in args.course]
        built = [slides_deck.write(deck, lang, args.out) for deck in chosen for lang in args.lang]
        if not args.no_pdf:
            slides_render.render(built)
        return 0
    import slides_check

    commands = {"update", "check", "status", "ranges"}
    return getattr(slides_check, args.command)() if args.command in commands else 1


if __name__ == "__main__":
    import slides  # run as this module, not a second copy called __main__

    sys.exit(slides.main())
