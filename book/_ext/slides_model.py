"""What a slide source is made of: decks, blocks, slides and their words, and the format's words.

:class:`Deck` holds the ``##`` blocks of one course's slide source, each :class:`Block` its
agenda rows and ``###`` slides, each :class:`Slide` its settings, words (:class:`Item`) and
speaker notes; the tuples name the settings, kinds, verdicts and note labels the format allows,
and :class:`FormatError` is what a source that leaves the format raises. Separate from
:mod:`slides` (which reads a source into these) because every slide module works on them: the
checks, the PowerPoint writer and the PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("title", "outcomes", "section", "key", "figure", "table", "activity", "proven", "summary")
VERDICTS = ("supported", "narrow", "contested", "not-supported", "no-source")
SETTINGS = (
    "kind",
    "minutes",
    "read",
    "sources",
    "figure",
    "table",
    "format",
    "numbers",
    "verdict",
    "handout",
    "group",
)
NOTE_LABELS = ("Say", "Ask", "Expect", "Watch")
#: Kinds whose notes need no question for the room.
NO_QUESTION = ("title", "section", "summary")


class FormatError(ValueError):
    """A slide source that does not follow the format; the message names the file and line."""


@dataclass
class Item:
    """One piece of a slide's words: a paragraph, a bullet, a numbered step, or a table."""

    kind: str  # "paragraph", "bullet", "numbered", "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # tables: header first


@dataclass
class Slide:
    title: str
    line: int
    settings: dict[str, str]
    items: list[Item]
    notes: dict[str, str]
    block: Block | None = None
    number: int = 0  # 1-based position in the deck

    @property
    def kind(self) -> str:
        return self.settings["kind"]

    def minutes(self, agenda: str) -> int:
        """Minutes this slide takes in an agenda (0 where its block is not used)."""
        if agenda not in self.block.rows:
            return 0
        value = self.settings["minutes"].strip()
        if re.fullmatch(r"\d+", value):
            return int(value)
        per_agenda = dict(re.findall(r"(\d+-day)\s+(\d+)", value))
        return int(per_agenda.get(agenda, 0))

    @property
    def sources(self) -> list[str]:
        return [key.strip() for key in self.settings.get("sources", "").split(",") if key.strip()]

    @property
    def numbers(self) -> dict[str, str]:
        """Numbers shown on the slide and the expressions that compute them from data."""
        found = {}
        for line in self.settings.get("numbers", "").splitlines():
            if line.strip():
                literal, _, expression = line.strip().partition(": ")
                found[literal.strip()] = expression.strip()
        return found


@dataclass
class Block:
    title: str
    line: int
    rows: dict[str, tuple[int, str]]  # agenda -> (day, start "HH:MM")
    slides: list[Slide] = field(default_factory=list)


@dataclass
class Deck:
    path: Path
    course: str
    guide: str
    accent: str
    title: str
    subtitle: str
    blocks: list[Block]

    @property
    def slides(self) -> list[Slide]:
        return [slide for block in self.blocks for slide in block.slides]

    @property
    def name(self) -> str:
        return f"course_{self.course}"
