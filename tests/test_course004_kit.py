"""Course 004's classroom kit says what its chapters and cxlib compute (the keys' numbers, the
needs sheet's ranking rules, the role cards' ratings)."""

import html
import itertools
import re
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxlib import _stats, datasets, economics, funnel, market, needs, opportunity, segments

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
worksheets = pytest.importorskip("worksheets")


@cache
def text(name: str, lang: str = "en") -> str:
    """A sheet rendered in one language, as plain text with its thousands separators."""
    page = worksheets.render_html(name, lang, footer="test")
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def test_funnel_key_matches_cxlib():
    key = text("funnel_key")
    events = datasets.load("booking_funnel")
    steps = ["visit", "search", "room_view", "booking_form", "payment"]
    table = funnel.conversion(events, user="visitor_id", step="step", time="time", steps=steps)
    for row in table.iloc[1:].itertuples():
        assert f"{row.users:,}" in key and f"{row.lost:,}" in key
        assert pct(row.from_previous) in key
        assert f"{100 * row.from_previous_low:.1f}–{100 * row.from_previous_high:.1f}%" in key
    weakest = table["from_previous"].iloc[1:].idxmin()
    assert table.loc[weakest, "step"] == "booking_form" and "37.4%" in key
    # the bank branch's funnel, from its counts
    sheet = text("funnel_sheet")
    counts = [1200, 480, 152, 97, 41]
    z = _stats.critical_z(0.95)
    for before, after in itertools.pairwise(counts):
        assert f"{after:,}" in sheet
        low, high = _stats.proportion_interval(after / before, before, z)
        assert f"{100 * after / before:.1f}%" in key
        assert f"{100 * float(low):.1f}–{100 * float(high):.1f}%" in key


def test_total_value_key_matches_cxlib():
    key = text("total_value_key")
    family = economics.total_value(
        {"electricity saved": [0, *[950 - 520] * 5]}, {"extra price": 4200 - 2800}
    )
    assert f"Total value {family.total_value:,.0f} yuan" in key
    assert f"about {family.payback:.2f} years" in key
    routing = economics.total_value(
        {"staff time saved": [0, 20, 20, 20]},
        {"set-up": 15, "subscription": [0, 8, 8, 8]},
        discount_rate=0.08,
    )
    assert f"Total value {routing.total_value:.1f}" in key
    assert f"benefits {routing.total_benefit:.1f} − costs {routing.total_cost:.1f}" in key
    assert f"about {routing.payback:.2f} years" in key
    for value in routing.years["cumulative"]:
        assert f"{value:.2f}".replace("-", "−") in key


def test_market_sizing_key_matches_cxlib():
    key = text("market_sizing_key")
    top = market.chain((45_000, 60_000), {"pension": (0.18, 0.25), "other bank": (0.6, 0.8)})
    assert f"{top.central:,.0f}" in key and f"{top.low:,.0f}–{top.high:,.0f}" in key
    parts = {
        "old": {"h": (5000, 6500), "p": (0.9, 1.3), "o": (0.6, 0.8)},
        "new": {"h": (9000, 12_000), "p": (0.15, 0.35), "o": (0.6, 0.8)},
        "village": {"h": (1500, 2500), "p": (0.5, 0.9), "o": (0.7, 0.9)},
    }
    bottom = market.bottom_up(parts)
    assert f"{bottom.central:,.0f}" in key and f"{bottom.low:,.0f}–{bottom.high:,.0f}" in key
    for row in bottom.terms.itertuples():
        assert f"{row.low:,.0f}–{row.high:,.0f}" in key
    lows = sum(np.prod([v[0] for v in p.values()]) for p in parts.values())
    highs = sum(np.prod([v[1] for v in p.values()]) for p in parts.values())
    assert f"{lows:,.0f}" in key and f"{highs:,.0f}" in key
    # the six deals' scores
    answers = pd.DataFrame(
        [
            [1, 0.5, 1, 1, 0.5, 0, 0],
            [1, 1, 1, 1, 0, 1, 0.5],
            [0.5, 0, 0, 0.5, 1, 0, 0],
            [1, 0.5, 0.5, 1, 0, 1, 1],
            [1, 1, 0.5, 1, 1, 0, 0.5],
            [0.5, 0, 0, 0.5, 0, 0, 1],
        ],
        columns=opportunity.CHECKLIST.index,
    )
    for value in opportunity.score(answers):
        assert f"{value:.1f}" in key
    sheet = text("market_sizing_sheet")
    for item in opportunity.CHECKLIST.itertuples():
        assert item.question in sheet and item.question_zh in text("market_sizing_sheet", "zh")


def test_segment_key_matches_cxlib():
    sheet, key = text("segment_sheet"), text("segment_key")
    people = [
        tuple(map(int, p))
        for p in re.findall(
            r"\((\d+),(\d+)\)",
            (ROOT / "book" / "worksheets" / "segment_sheet.html").read_text(encoding="utf-8"),
        )
    ]
    assert len(people) == 18
    x = np.array(people, float) / np.array([16, 300])
    fit = segments.kmeans(x, 3, seed=0)
    groups = {tuple(np.flatnonzero(fit.labels == k) + 1) for k in range(3)}
    assert groups == {(1, 2, 3, 4, 5, 6, 18), (7, 8, 9, 10, 11, 12), (13, 14, 15, 16, 17)}
    centres = fit.centres * np.array([16, 300])
    for visits, basket in centres:
        assert f"{visits:.1f} visits, {basket:.0f} yuan" in key
    assert "12 55" in sheet  # customer 2 listed in the table


def test_needs_sheet_ranks_ties_as_the_chapter_and_cxlib_do():
    sheet = text("needs_evaluation")
    assert "Equal scores share a rank (1, 1, 3, …)" in sheet
    assert "list the more important first" in sheet
    assert "4 and 5 are urgent (important), 3 is not" in sheet
    chapter = (ROOT / "book" / "needs.md").read_text(encoding="utf-8")
    assert "rank** (1, 1, 3, …)" in chapter and "one is listed first" in chapter
    ranked = needs.rank(pd.DataFrame({"urgency": [4, 5, 3], "importance": [5, 4, 5]}))
    assert ranked["rank"].tolist() == [1, 1, 3]
    assert ranked["importance"].tolist()[:2] == [5, 4]  # the more important first
    # the outline's seven elements are all columns of the sheet
    for element in (
        "客户提出的问题",
        "问题的本质",
        "利益相关方",
        "客户的解决方案",
        "我们引导的方案",
        "最终解决方案",
        "客户对方案的评价",
    ):
        assert element in text("needs_evaluation", "zh")


def test_b2b_role_cards_carry_the_worked_example_ratings():
    cards = text("six_voices_cards")
    example = needs.example()
    for row in example.itertuples():
        if row.need in ("N1", "N2", "N6", "N7"):  # one need per card
            assert f"Urgency {row.urgency} · Importance {row.importance}" in cards, row.need
        else:
            assert f"urgency {row.urgency}, importance {row.importance}" in cards, row.need
