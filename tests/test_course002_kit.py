"""Course 002's kit sources say what the book and the library say: one text, one number, two places.

The role-play cards carry the chapter's twelve scripts (English and the catalogue's Chinese), the
phrase bank card the chapter's phrase bank, the colour quiz the chapter's items and
``cxlib.typology.COURSE_KEY``, the cue-drill answer sheet ``cxlib.cue_reading``'s numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from cxlib import cue_reading, typology

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "book" / "worksheets"
CATALOGUES = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "book"
STUB = {
    "t": lambda zh, en, inline=False: zh,
    "zh": lambda caller=None: caller(),
    "en": lambda caller=None: "",
    "lang": "zh",
    "footer": "",
    "font_css": "",
}


def _module(name: str):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(SHEETS))
    return env.get_template(f"{name}.html").make_module(vars=STUB)


def _chinese(page: str) -> dict[str, str]:
    with (CATALOGUES / f"{page}.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def _plain(text: str) -> str:
    """A chapter's text as a card prints it: MyST roles spelt out, whitespace joined."""
    text = text.replace("{doc}`service_psychology`", "the service-psychology chapter")
    return " ".join(text.split())


def _scripts_in_chapter() -> list[dict[str, str]]:
    source = (ROOT / "book" / "roleplays.md").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(
        r"^### Script (\d+) \((\w+)\): (.+?)\n\n(.*?)(?=^#{2,3} )", source, re.S | re.M
    ):
        number, kind, title, body = match.groups()
        bullets = {
            b.group(1): " ".join(b.group(2).split())
            for b in re.finditer(r"^- \*\*(.+?):\*\* (.*?)(?=^- |\Z)", body, re.S | re.M)
        }
        found.append({"n": int(number), "kind": kind, "title": title, **bullets})
    return found


def test_staff_cards_carry_the_chapters_twelve_scripts_in_both_languages():
    cards = _module("_roleplay_scripts").scripts
    chapter = _scripts_in_chapter()
    chinese = _chinese("roleplays")
    assert [c["n"] for c in cards] == [s["n"] for s in chapter] == list(range(1, 13))
    for card, script in zip(cards, chapter, strict=True):
        assert (card["kind"], card["title_en"]) == (script["kind"], script["title"])
        labels = (("roles", "Roles"), ("situation", "Situation"), ("goal", "Staff member's goal"))
        for key, label in labels:
            assert card[f"{key}_en"] == _plain(script[label]), (card["n"], key)
            zh = chinese[f"**{label}:** {script[label]}"]
            zh = re.sub(r"^\*\*.+?\*\*：", "", zh)
            zh = zh.replace("{doc}`service_psychology` 中", "“客户服务心理”一章中")
            assert card[f"{key}_zh"] == zh, (card["n"], key)
        assert card["hidden_en"] and card["hidden_zh"]
        # the customer's card never appears on the staff card or in the chapter
        assert card["hidden_en"] not in (ROOT / "book" / "roleplays.md").read_text()


def test_conflict_cards_set_acting_limits():
    cards = _module("_roleplay_scripts").scripts
    for card in cards:
        if card["n"] in (10, 12):
            assert "no touching" in card["hidden_en"] and "不碰人" in card["hidden_zh"]


def test_phrase_bank_card_is_the_chapters():
    source = (ROOT / "book" / "roleplays.md").read_text(encoding="utf-8")
    section = source.split("## A phrase bank · 话术库", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| situation")
    ]
    chinese = _chinese("roleplays")
    card = _module("phrase_bank").phrases
    assert len(card) == len(rows) == 16
    for (sit_zh, sit_en, say_zh, say_en, avoid_zh, avoid_en), row in zip(card, rows, strict=True):
        assert [sit_en, say_en, avoid_en] == row
        assert [sit_zh, say_zh, avoid_zh] == [chinese[cell] for cell in row]


def test_colour_quiz_key_is_the_librarys():
    quiz = _module("_colour_quiz")
    for item, letters in typology.COURSE_KEY.items():
        number = int(item[1:])
        assert dict(zip("ABCD", quiz.key[number], strict=True)) == letters
    assert sorted(quiz.retest_order) == list(range(1, 9)) != list(quiz.retest_order)


def test_colour_quiz_items_are_the_chapters():
    source = (ROOT / "book" / "personality_types.md").read_text(encoding="utf-8")
    for item in _module("_colour_quiz").items:
        options = ", ".join(
            f"({letter}) {en}" for letter, (_, en) in zip("ABCD", item["opts"], strict=True)
        )
        assert " ".join(f"{item['n']}. {item['en']} {options}".split()) in " ".join(source.split())


@pytest.mark.parametrize("row", range(10))
def test_cue_drill_sheet_numbers_are_the_librarys(row):
    trainees, answers, needed = _module("cue_drill_sheet").needed[row]
    assert answers == 8 * trainees
    assert needed == cue_reading.needed_to_beat_chance(answers, len(cue_reading.DRILL_OPTIONS))
