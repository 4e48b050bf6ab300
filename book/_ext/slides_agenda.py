"""The facilitator guides' agendas, and which slides of a deck each agenda row shows.

A guide (``book/trainers/course_NNN_*.md``) has an agenda table per course length ("One-day
agenda", "Two-day agenda" with **Day 1** and **Day 2** tables): time, activity, material, method
(讲授 lecture, 练习 exercise...) and minutes. A slide source's ```` ```{block} ```` names, for each
agenda, the start time of the row it is shown in; :func:`row_slides` joins the two, so the checks
can add up each row's minutes and the guide can name each lecture row's slide range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slides import GUIDES, Deck, Slide

#: Agenda headings of the facilitator guides and the names the slide sources use for them.
AGENDA_NAMES = {"One-day": "1-day", "Two-day": "2-day", "Three-day": "3-day"}


@dataclass(frozen=True)
class Row:
    agenda: str
    day: int
    start: str
    activity: str
    material: str
    method: str
    minutes: int
    line: int

    @property
    def lecture(self) -> bool:
        return "讲授" in self.method

    @property
    def label(self) -> str:
        day = f"day {self.day} " if self.agenda != "1-day" else ""
        return f"{self.agenda} {day}{self.start} {self.activity!r}"


def agendas(guide: str) -> dict[str, list[Row]]:
    """The agenda rows of a facilitator guide (``book/trainers/<guide>.md``), by agenda."""
    found: dict[str, list[Row]] = {}
    agenda, day = None, 1
    for number, text in enumerate((GUIDES / f"{guide}.md").read_text("utf-8").splitlines(), 1):
        heading = re.match(r"##\s+(\S+) agenda", text)
        if text.startswith("## "):
            agenda = AGENDA_NAMES.get(heading.group(1)) if heading else None
            day = 1
            continue
        marker = re.match(r"\*\*Day (\d+)", text)
        if marker:
            day = int(marker.group(1))
        cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
        if agenda and text.startswith("|") and re.match(r"\d\d:\d\d–\d\d:\d\d$", cells[0]):
            found.setdefault(agenda, []).append(
                Row(agenda, day, cells[0][:5], *cells[1:4], int(cells[4]), number)
            )
    return found


def _ranges(numbers: list[int]) -> str:
    """Slide numbers as ranges: [5, 6, 7, 9] -> '5–7, 9'."""
    spans: list[list[int]] = []
    for number in sorted(numbers):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}–{b}" if a != b else f"{a}" for a, b in spans)


def row_slides(deck: Deck) -> dict[Row, list[Slide]]:
    """For every agenda row, the deck's slides shown during it (with minutes in that agenda)."""
    rows = {(r.agenda, r.day, r.start): r for rs in agendas(deck.guide).values() for r in rs}
    found: dict[Row, list[Slide]] = {row: [] for row in rows.values()}
    for block in deck.blocks:
        for agenda, (day, start) in block.rows.items():
            row = rows.get((agenda, day, start))
            if row is None:
                continue  # reported by structure_problems
            found[row].extend(s for s in block.slides if s.minutes(agenda) > 0)
    return found


def slide_range(slides: list[Slide]) -> str:
    return _ranges([s.number for s in slides])
