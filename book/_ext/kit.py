"""The classroom kit: what a course day needs on paper, declared once per course (``make kit``).

A trainer prints a course's day from ``_build/kit/course_NNN/zh/`` (or ``en/``) alone: every
handout, card, form, quiz sheet and the guide, each its own A4 PDF, trainer-only material
(answer keys, the guide, observer notes) apart in ``trainer/``, and an index page listing every
file with its pages and the agenda rows that use it. This module defines the kit's source
format and the ``{kit}`` role; ``book/_ext/kit_build.py`` builds it.

The source format
-----------------
**A handout is one file**: a Jinja template in ``book/worksheets/<template>.html`` holding its
text in both languages (how to write one: ``book/_ext/worksheets.py``), printed once per
language. Quiz sheets and answer keys come from the course's quiz page, the guide from its
built page, the slides from ``_build/slides/`` (``make slides``), workbooks from cxlib.

**A course declares its kit** in ``book/kit/course_NNN.toml``, its manifest::

    course = "002"
    title = { zh = "客户行为特征与客户服务心理", en = "Customer behaviour and service psychology" }
    guide = "book/trainers/course_002_service_psychology.md"
    quiz = "book/quizzes/course_002.md"

    [[file]]
    id = "roleplay_cards"            # the file's name in the kit: roleplay_cards.pdf
    kind = "sheet"                   # see KINDS
    title = { zh = "话术演练卡", en = "Role-play cards and observer checklists" }
    audience = "trainee"             # "trainee", or "trainer": printed into trainer/
    pages = 4                        # pages of each language's PDF, or { zh = 4, en = 5 }
                                     # (none for workbooks; optional for slides)
    copies = { zh = "每三人一套，沿虚线剪开", en = "one set per group of three, cut apart" }
    # template = "roleplay_cards"    # sheets only: book/worksheets/<template>.html (default: id)
    # [file.values]                  # sheets only: more names for the template
    # variant = "bank"
    # deck = "course_002_{lang}.pdf" # slides only: the deck in _build/slides/ (this default)

Every file the agendas name is listed, once, in its course's manifest. ``pages`` is what the
file must print on: one page more means text overflowed, and ``make kit`` fails saying which.

**An agenda row names its kit files** in its Material cell with the ``{kit}`` role::

    | 13:20–14:50 | The role-play circuit | {doc}`../roleplays`, {kit}`roleplay_cards` | ... |

The role prints the file's title in the page's language and its path in the kit
(``roleplay_cards.pdf``, ``trainer/quiz_key.pdf``); an id missing from the course's manifest
stops the book build, naming page and line. The rows that use a file are read from the guide,
not declared twice: the kit's index lists them, and ``tests/test_kit.py`` checks that every
named file is in the manifest. Outside a guide, name the course: ``{kit}`002:roleplay_cards```.

**A course's learning outcomes** are the numbered list under the guide's heading "Learning
outcomes" (:func:`outcomes`); quiz questions name the outcome they test (``book/_ext/quiz.py``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The manifests, one per course: book/kit/course_NNN.toml.
MANIFESTS = ROOT / "book" / "kit"
#: The handout templates (book/_ext/worksheets.py).
TEMPLATES = ROOT / "book" / "worksheets"
LANGUAGES = ("zh", "en")
#: What a kit file is made from.
KINDS = {
    "sheet": "a template in book/worksheets/, printed in each language",
    "quiz-sheet": "the course quiz without answers (from the manifest's quiz page)",
    "quiz-key": "the course quiz's answer key with the explanations",
    "guide": "the facilitator guide, printed from its built page",
    "slides": "the course's slide deck as PDF, from _build/slides/ (make slides)",
    "workbook": "an Excel workbook written by cxlib (see kit_build.WORKBOOKS)",
}
AUDIENCES = ("trainee", "trainer")
#: A {kit} role's text: an id, or course:id outside a guide.
_ROLE_TEXT = re.compile(r"^(?:(\d{3}):)?([a-z0-9_]+)$")
KIT_ROLE = re.compile(r"\{kit\}`([^`]+)`")
_COURSE_IN_NAME = re.compile(r"course_(\d{3})")


def _show(path: Path) -> str:
    """A path as the messages print it: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class KitError(ValueError):
    """A manifest or a {kit} role that does not describe a kit (says which file and what)."""


@dataclass(frozen=True)
class KitFile:
    """One file of a course's kit, as its manifest declares it."""

    id: str
    kind: str
    title: dict[str, str]
    audience: str
    pages: dict[str, int | None]
    copies: dict[str, str] | None = None
    template: str | None = None
    values: dict = field(default_factory=dict)
    deck: str | None = None

    @property
    def suffix(self) -> str:
        """``.xlsx`` for workbooks, ``.pdf`` for everything else."""
        return ".xlsx" if self.kind == "workbook" else ".pdf"

    @property
    def path(self) -> str:
        """The file's path inside ``course_NNN/<lang>/``, e.g. ``trainer/quiz_key.pdf``."""
        folder = "trainer/" if self.audience == "trainer" else ""
        return f"{folder}{self.id}{self.suffix}"


@dataclass(frozen=True)
class Course:
    """A course's kit: its manifest, read and checked."""

    number: str
    title: dict[str, str]
    guide: Path
    quiz: Path | None
    files: tuple[KitFile, ...]
    manifest: Path

    def file(self, file_id: str) -> KitFile:
        """The kit file ``file_id``; KitError naming the manifest if it has none."""
        for kit_file in self.files:
            if kit_file.id == file_id:
                return kit_file
        known = ", ".join(f.id for f in self.files)
        raise KitError(f"{_show(self.manifest)} lists no kit file {file_id!r} (it has: {known})")


def _text(value, where: str, what: str) -> dict[str, str]:
    """A {zh, en} table of non-empty strings."""
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise KitError(f'{where}: {what} must be a table {{ zh = "…", en = "…" }}, got {value!r}')
    empty = [lang for lang in LANGUAGES if not isinstance(value[lang], str) or not value[lang]]
    if empty:
        raise KitError(f"{where}: {what} has no text for {', '.join(empty)}")
    return {lang: value[lang] for lang in LANGUAGES}


def _pages(value, kind: str, where: str) -> dict[str, int | None]:
    """The pages of each language's print (None for workbooks, which are not printed)."""
    if kind == "workbook":
        if value is not None:
            raise KitError(f"{where}: a workbook is not printed: remove 'pages'")
        return dict.fromkeys(LANGUAGES)
    if kind == "slides" and value is None:  # a deck's length is make slides' concern
        return dict.fromkeys(LANGUAGES)
    table = dict.fromkeys(LANGUAGES, value) if isinstance(value, int) else value
    if not isinstance(table, dict) or set(table) != set(LANGUAGES):
        raise KitError(f"{where}: pages must be a number or {{ zh = 2, en = 2 }}, got {value!r}")
    bad = {lang: n for lang, n in table.items() if not isinstance(n, int) or n < 1}
    if bad:
        raise KitError(f"{where}: pages must be whole numbers of at least 1, got {bad}")
    return table


def _kit_file(entry: dict, where: str) -> KitFile:
    """One [[file]] table of a manifest, checked."""
    known = {"id", "kind", "title", "audience", "pages", "copies", "template", "values", "deck"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise KitError(f"{where}: unknown key(s) {unknown}; a file has {sorted(known)}")
    file_id = entry.get("id")
    if not isinstance(file_id, str) or not re.fullmatch(r"[a-z0-9_]+", file_id):
        raise KitError(f"{where}: id must be lower-case letters, digits and _, got {file_id!r}")
    where = f"{where} ({file_id})"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise KitError(f"{where}: kind must be one of {sorted(KINDS)}, got {kind!r}")
    audience = entry.get("audience")
    if audience not in AUDIENCES:
        raise KitError(f"{where}: audience must be 'trainee' or 'trainer', got {audience!r}")
    template = entry.get("template", file_id if kind == "sheet" else None)
    if kind != "sheet" and ("template" in entry or "values" in entry):
        raise KitError(f"{where}: only sheets take 'template' and 'values'")
    if kind == "sheet" and not (TEMPLATES / f"{template}.html").is_file():
        raise KitError(f"{where}: no template book/worksheets/{template}.html")
    deck = entry.get("deck", "course_{course}_{lang}.pdf" if kind == "slides" else None)
    if kind != "slides" and "deck" in entry:
        raise KitError(f"{where}: only slides take 'deck'")
    if kind == "slides" and (not isinstance(deck, str) or "{lang}" not in deck):
        raise KitError(f"{where}: deck must name the PDF with {{lang}}, got {deck!r}")
    values = entry.get("values", {})
    if not isinstance(values, dict):
        raise KitError(f"{where}: values must be a table, got {values!r}")
    copies = entry.get("copies")
    return KitFile(
        id=file_id,
        kind=kind,
        title=_text(entry.get("title"), where, "title"),
        audience=audience,
        pages=_pages(entry.get("pages"), kind, where),
        copies=None if copies is None else _text(copies, where, "copies"),
        template=template,
        values=values,
        deck=deck,
    )


def manifest_path(course: str) -> Path:
    """``book/kit/course_NNN.toml``."""
    return MANIFESTS / f"course_{course}.toml"


@cache
def _load(path: Path, mtime: float) -> Course:
    where = _show(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KitError(f"{where}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - {"course", "title", "guide", "quiz", "file"})
    if unknown:
        raise KitError(f"{where}: unknown key(s) {unknown}")
    number = data.get("course")
    if number != path.stem.removeprefix("course_"):
        raise KitError(
            f"{where}: course must be {path.stem.removeprefix('course_')!r}, got {number!r}"
        )
    guide = ROOT / str(data.get("guide", ""))
    if not guide.is_file() or guide.suffix != ".md":
        raise KitError(f"{where}: guide {data.get('guide')!r} is not a page of the book")
    quiz = data.get("quiz")
    if quiz is not None and not (ROOT / quiz).is_file():
        raise KitError(f"{where}: quiz {quiz!r} is not a page of the book")
    entries = data.get("file", [])
    files = tuple(_kit_file(entry, f"{where}, file {i + 1}") for i, entry in enumerate(entries))
    ids = [f.id for f in files]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise KitError(f"{where}: file id(s) listed twice: {twice}")
    quiz_files = [f.id for f in files if f.kind in ("quiz-sheet", "quiz-key")]
    if quiz_files and quiz is None:
        raise KitError(f'{where}: {quiz_files} need the course\'s quiz page: add quiz = "…"')
    return Course(
        number=number,
        title=_text(data.get("title"), where, "title"),
        guide=guide,
        quiz=None if quiz is None else ROOT / quiz,
        files=files,
        manifest=path,
    )


def load(course: str) -> Course:
    """The kit of course ``course`` ("002"), read from its manifest and checked.

    Raises
    ------
    KitError
        The manifest is missing or malformed; the message names the file, the entry and the key.

    Examples
    --------
    >>> course = load("002")
    >>> course.file("roleplay_cards").path, course.file("roleplay_cards").audience
    ('roleplay_cards.pdf', 'trainee')
    """
    path = manifest_path(course)
    if not path.is_file():
        raise KitError(f"no kit manifest {_show(path)} for course {course!r}")
    return _load(path, path.stat().st_mtime)


def courses() -> list[str]:
    """The courses that have a manifest, e.g. ``["000", "001", ...]``."""
    return sorted(path.stem.removeprefix("course_") for path in MANIFESTS.glob("course_*.toml"))


# ---- what the guides say ---------------------------------------------------------------------


def outcomes(guide: Path) -> dict[int, str]:
    """The learning outcomes of a guide: the numbered list under its "Learning outcomes" heading.

    Examples
    --------
    >>> found = outcomes(load("002").guide)
    >>> sorted(found)[:2], found[4].startswith("say what the 红黄蓝绿 typology")
    ([1, 2], True)
    """
    lines = guide.read_text(encoding="utf-8").splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("## Learning outcomes")]
    start = heads[0] if heads else None
    if start is None:
        raise KitError(f"{_show(guide)} has no '## Learning outcomes' heading")
    found: dict[int, str] = {}
    current = None
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        item = re.match(r"^(\d+)\.\s+(.*)", line)
        if item:
            current = int(item.group(1))
            found[current] = item.group(2).strip()
        elif current is not None and line.startswith("   ") and line.strip():
            found[current] += " " + line.strip()
    if not found or sorted(found) != list(range(1, len(found) + 1)):
        raise KitError(
            f"{_show(guide)}: the learning outcomes must be a list numbered 1, 2, 3 …; "
            f"found {sorted(found)}"
        )
    return found


@dataclass(frozen=True)
class AgendaRow:
    """One row of a guide's agenda table that names kit files."""

    agenda: str  # the heading, with the day line if any: "Two-day agenda, Day 1: …"
    time: str
    activity: str
    files: tuple[str, ...]
    line: int


def agenda_rows(guide: Path) -> list[AgendaRow]:
    """Every row of the guide's agenda tables (those headed ``| Time |``) with its kit files.

    Examples
    --------
    >>> rows = [row for row in agenda_rows(load("002").guide) if row.files]
    >>> rows[0].time, rows[0].files
    ('13:20–14:50', ('roleplay_cards',))
    """
    heading = day = ""
    in_table = False
    rows = []
    for number, line in enumerate(guide.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            heading, day = line[3:].split(" · ")[0].strip(), ""
        elif re.match(r"^\*\*Day \d", line):
            day = line.strip("* ")
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "Time":
            in_table = True
            continue
        if not in_table or set(cells[0]) <= {"-", ":"} or not cells[0]:
            continue
        files = tuple(KIT_ROLE.findall(line))
        agenda = f"{heading}, {day}" if day else heading
        rows.append(AgendaRow(agenda, cells[0], cells[1], files, number))
    return rows


# ---- the {kit} role --------------------------------------------------------------------------


def resolve(text: str, docname: str) -> tuple[Course, KitFile]:
    """The course and file a ``{kit}`` role names on page ``docname``.

    Examples
    --------
    >>> course, kit_file = resolve("roleplay_cards", "book/trainers/course_002_service_psychology")
    >>> course.number, kit_file.title["zh"]
    ('002', '话术演练卡')
    >>> resolve("002:roleplay_cards", "book/no_code")[1].id
    'roleplay_cards'
    """
    match = _ROLE_TEXT.match(text.strip())
    if match is None:
        raise KitError(f"{{kit}}`{text}`: name a kit file by its id, e.g. {{kit}}`roleplay_cards`")
    course, file_id = match.groups()
    if course is None:
        in_name = _COURSE_IN_NAME.search(docname)
        if in_name is None:
            raise KitError(
                f"{{kit}}`{text}`: this page belongs to no course; write {{kit}}`002:{file_id}`"
            )
        course = in_name.group(1)
    loaded = load(course)
    return loaded, loaded.file(file_id)


def kit_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{kit}`id```: the kit file's title in the page's language and its path in the kit."""
    from docutils import nodes
    from sphinx.errors import SphinxError

    env = inliner.document.settings.env
    where = f"{env.doc2path(env.docname, False)}:{lineno}"
    try:
        course, kit_file = resolve(text, env.docname)
    except KitError as error:
        raise SphinxError(f"{where}: {error}") from None
    env.note_dependency(str(course.manifest))
    lang = "zh" if str(env.config.language or "en").startswith("zh") else "en"
    node = nodes.inline(rawtext, "", classes=["cx-kit", f"cx-kit-{kit_file.id}"])
    node += nodes.Text(kit_file.title[lang] + " ")
    node += nodes.literal(kit_file.path, kit_file.path)
    return [node], []


def setup(app) -> dict:
    """Register the {kit} role."""
    app.add_role("kit", kit_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
