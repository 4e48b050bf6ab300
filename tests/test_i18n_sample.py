"""The review sampler of the Chinese edition (book/_ext/i18n_sample.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
import i18n_sample

RECENT = {"deck", "guide", "kit", "quiz", "case"}


@pytest.fixture(scope="module")
def drawn() -> list[i18n_sample.Pair]:
    return i18n_sample.sample(420, 2026)


def test_the_sample_is_seeded_and_has_no_duplicate(drawn):
    again = i18n_sample.sample(420, 2026)
    assert [(p.catalogue, p.msgid) for p in drawn] == [(p.catalogue, p.msgid) for p in again]
    assert len({(p.catalogue, p.msgid) for p in drawn}) == 420


def test_the_recent_material_is_at_least_half_and_every_kind_of_catalogue_is_read(drawn):
    assert sum(p.group in RECENT for p in drawn) >= 210
    groups = {p.group for p in i18n_sample.pairs()}
    assert groups == set(i18n_sample.SHARES)
    catalogues = {p.catalogue for p in i18n_sample.pairs()}
    for part in ("slides/course_000.po", "messages.zh.po", "figures.zh.po", ".html", ".toml"):
        assert any(part in c for c in catalogues), part


def test_pure_numbers_and_code_are_skipped():
    for pair in i18n_sample.pairs():
        assert i18n_sample.i18n_check.needs_words(pair.msgid), pair.msgid


def test_a_second_sample_excludes_the_first(drawn):
    first = {(p.catalogue, p.msgid) for p in drawn}
    second = i18n_sample.sample(100, 2027, exclude=first)
    assert len(second) == 100 and not first & {(p.catalogue, p.msgid) for p in second}


def test_bad_size_is_refused():
    with pytest.raises(ValueError, match="n must be at least 1"):
        i18n_sample.sample(0, 1)


def test_a_tsv_cell_round_trips():
    text = 'a\tb\nc \\n "d"'
    assert i18n_sample._uncell(i18n_sample._cell(text)) == text
