"""Course 001's teaching material agrees with the library: the chapter's channel numbers, the
kit's cards and keys, the case-data sheet, and the facilitator guide's minutes."""

import itertools
import re
import sys
from pathlib import Path

import jinja2
import pytest

from cxlib import channels, datasets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))


@pytest.fixture(scope="module")
def by_channel():
    return channels.consistency(datasets.load("appliance_aftersales"), tolerance=0.5)


def test_the_journey_chapter_quotes_the_libraries_channel_numbers(by_channel):
    text = " ".join((ROOT / "book" / "journey.md").read_text(encoding="utf-8").split())
    steps = by_channel.steps.set_index("step")
    fault, pay = steps.loc["report the fault", "gap"], steps.loc["pay for the repair", "gap"]
    assert f"by {fault:.2f} and {pay:.2f} points" in text
    book = steps.loc["book the engineer's visit"]
    assert f"Booking the visit is {book['gap']:.2f} points worse" in text
    assert book["verdict"] == "unclear" and book["ci_low"] < 0.5 < book["gap"]
    assert f"adjusted for the {len(by_channel.pairs)} pairs compared" in text
    assert set(steps.index[steps["verdict"] == "differs"]) == {
        "report the fault",
        "pay for the repair",
    }


def _cards():
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "book" / "worksheets"))
    return environment.get_template("_course_001_cards.html").module


def test_the_card_sets_and_their_key_are_balanced_and_shuffled():
    cards = _cards()
    piles = [card["pile"] for card in cards.strategy_cards]
    assert len(piles) == 12 and {p: piles.count(p) for p in "STE"} == {"S": 4, "T": 4, "E": 4}
    gaps = [card["gap"] for card in cards.gap_cards]
    assert len(gaps) == 12 and all(gaps.count(g) == 3 for g in (1, 2, 3, 4))
    assert sorted(cards.gap_order) == list(range(12))
    printed = [gaps[i] for i in cards.gap_order]
    assert printed != sorted(printed)  # the printed order does not give the key away
    assert all(a != b for a, b in itertools.pairwise(printed))
    assert [g["number"] for g in cards.gaps] == [1, 2, 3, 4]
    for card in [*cards.strategy_cards, *cards.gap_cards]:
        assert card["zh"] and card["en"] and re.search(r"[\u4e00-\u9fff]", card["zh"])


def test_the_case_data_sheet_prints_the_librarys_means(by_channel):
    import worksheets

    case = worksheets.aftersales_case()
    means = by_channel.means.set_index(["step", "channel"])["mean"]
    names = [channel["en"] for channel in case["channels"]]
    assert names == ["hotline", "online", "store"]
    for row in case["rows"]:
        for name, printed in zip(names, row["means"], strict=True):
            assert float(printed) == pytest.approx(means[(row["en"], name)], abs=0.0051)
    over = {row["en"] for row in case["rows"] if row["over"]}
    assert over == {"report the fault", "book the engineer's visit", "pay for the repair"}
    assert [p["en"] for p in case["pain_points"]] == ["pay for the repair", "report the fault"]


def _agendas():
    """Per agenda (and day), the teaching minutes and all minutes of the guide's table rows."""
    lines = (ROOT / "book" / "trainers" / "course_001_journey.md").read_text(encoding="utf-8")
    found, name = {}, None
    for line in lines.splitlines():
        if line.startswith("## "):
            name = line[3:].split(" · ")[0]
        elif line.startswith("**Day "):
            name = line.strip("*").split(":")[0]
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", cells[0]):
            start, end = (int(t[:2]) * 60 + int(t[3:]) for t in cells[0].split("–"))
            assert int(cells[-1]) == end - start, line
            teaching = cells[3] != "—"
            totals = found.setdefault(name, [0, 0])
            totals[0] += int(cells[-1]) if teaching else 0
            totals[1] += int(cells[-1])
    return found


def test_every_agenda_day_has_360_teaching_minutes_in_450():
    agendas = _agendas()
    assert set(agendas) == {"One-day agenda", "Day 1", "Day 2"}
    assert all(totals == [360, 450] for totals in agendas.values()), agendas
