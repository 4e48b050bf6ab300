"""Draw a seeded random sample of translated message pairs of the Chinese edition, for review.

Usage: ``python book/_ext/i18n_sample.py --n 420 --seed 2026 [--exclude first.tsv] > sample.tsv``

Every catalogue of the edition is read: the book's and the case studies'
``book/locales/zh_CN/LC_MESSAGES/**/*.po``, the decks' ``book/locales/zh_CN/slides/*.po``, the
extensions' ``extensions.po``, ``cxlib/data/messages.zh.po`` and ``figures.zh.po``, and the
Chinese of the trainer's kit (``t("中文", "English")`` calls, ``{% call zh() %}`` /
``{% call en() %}`` blocks and ``"…zh": …, "…en": …`` pairs in ``book/worksheets/*.html``;
``{ zh = …, en = … }`` tables in ``book/kit/*.toml``). Messages a reader sees no words in
(numbers, symbols, code) are skipped.

The sample is stratified by group, with fixed shares: the material of the last two sessions
(decks, trainer guides, kit, quizzes, case pages) takes 62 %, the chapters 24 %, the notebooks,
cxlib's texts and the reference pages the rest. Within a group every pair has the same chance.
The output is a TSV: n, group, catalogue, line, msgid, msgstr (tabs and newlines escaped).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n_check  # noqa: E402  (which messages carry words)

SHARES = {  # group -> share of the sample
    "deck": 0.17,
    "guide": 0.14,
    "kit": 0.12,
    "quiz": 0.10,
    "case": 0.09,
    "chapter": 0.24,
    "notebook": 0.06,
    "cxlib": 0.05,
    "reference": 0.03,
}
_STRING = r'"((?:[^"\\]|\\.)*)"'
_T_CALL = re.compile(r"\bt\(\s*" + _STRING + r"\s*,\s*" + _STRING)
_BLOCKS = re.compile(
    r"\{% call zh\(\) %\}(.*?)\{% endcall %\}\s*\{% call en\(\) %\}(.*?)\{% endcall %\}", re.S
)
_KEYED = re.compile(r'"(\w*?)_?zh"\s*:\s*' + _STRING)
_TITLE = re.compile(r'set title_zh = "([^"]*)" %\}\{% set title_en = "([^"]*)"')


@dataclass(frozen=True)
class Pair:
    """One translated message: its English, its Chinese and where the Chinese is."""

    group: str
    catalogue: str
    line: int
    msgid: str
    msgstr: str


def _group(path: str) -> str:
    """The stratum of a catalogue, from its path relative to the repository."""
    rules = [
        ("slides/", "deck"),
        ("/trainers/", "guide"),
        ("book/worksheets/", "kit"),
        ("book/kit/", "kit"),
        ("/quizzes/", "quiz"),
        ("casestudies/", "case"),
        ("/notebooks/", "notebook"),
        ("cxlib/data/", "cxlib"),
        ("/reference/", "reference"),
        ("extensions.po", "reference"),
    ]
    for part, group in rules:
        if part in path:
            return group
    name = Path(path).stem
    return "reference" if name in {"glossary", "terminology", "references", "intro"} else "chapter"


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n")


def _po_pairs(path: Path) -> list[Pair]:
    from babel.messages.pofile import read_po

    rel = str(path.relative_to(ROOT))
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return [
        Pair(_group(rel), rel, m.lineno or 0, m.id, m.string)
        for m in catalogue
        if m.id and isinstance(m.id, str) and m.string and m.string != m.id
    ]


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _html_pairs(path: Path) -> list[Pair]:
    """The Chinese/English pairs of a worksheet template."""
    rel, text = str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    found = [(m.start(), m[1], m[2]) for m in _T_CALL.finditer(text)]
    found += [(m.start(), m[1], m[2]) for m in _BLOCKS.finditer(text)]
    found += [(m.start(), m[1], m[2]) for m in _TITLE.finditer(text)]
    for m in _KEYED.finditer(text):
        en = re.compile(r'"' + m[1] + ("_" if m[1] else "") + r'en"\s*:\s*' + _STRING)
        match = en.search(text, m.end(), m.end() + 800)
        if match:
            found.append((m.start(), m[2], match[1]))
    return [Pair("kit", rel, _line(text, i), _unescape(en), _unescape(zh)) for i, zh, en in found]


def _toml_pairs(path: Path) -> list[Pair]:
    """The ``{ zh = …, en = … }`` tables of a kit file."""
    rel, text = str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    pairs: list[Pair] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
                index = text.find(node["zh"].split("\n")[0])
                pairs.append(Pair("kit", rel, _line(text, max(index, 0)), node["en"], node["zh"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tomllib.loads(text))
    return pairs


def pairs() -> list[Pair]:
    """Every translated pair of the edition that a reader sees words in, deduplicated."""
    found: list[Pair] = []
    for path in sorted((ROOT / "book/locales/zh_CN").rglob("*.po")):
        found += _po_pairs(path)
    for name in ("messages.zh.po", "figures.zh.po"):
        found += _po_pairs(ROOT / "cxlib/data" / name)
    for path in sorted((ROOT / "book/worksheets").glob("*.html")):
        found += _html_pairs(path)
    for path in sorted((ROOT / "book/kit").glob("*.toml")):
        found += _toml_pairs(path)
    seen: set[tuple[str, str]] = set()
    kept = []
    for pair in found:
        key = (pair.catalogue, pair.msgid)
        words = re.sub(r"`[^`]*`|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>", " ", pair.msgid)
        if key in seen or not i18n_check.needs_words(words) or not pair.msgstr.strip():
            continue
        seen.add(key)
        kept.append(pair)
    return kept


def sample(n: int, seed: int, exclude: set[tuple[str, str]] | None = None) -> list[Pair]:
    """A stratified random sample of ``n`` pairs (see :data:`SHARES`), none of ``exclude``.

    Examples
    --------
    >>> drawn = sample(40, 1)
    >>> len(drawn), len({(p.catalogue, p.msgid) for p in drawn})
    (40, 40)
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    exclude = exclude or set()
    rng = random.Random(seed)
    groups: dict[str, list[Pair]] = {}
    for pair in pairs():
        if (pair.catalogue, pair.msgid) not in exclude:
            groups.setdefault(pair.group, []).append(pair)
    quotas = {g: round(n * share) for g, share in SHARES.items()}
    quotas["chapter"] += n - sum(quotas.values())
    drawn: list[Pair] = []
    for group, quota in quotas.items():
        pool = groups.get(group, [])
        drawn += rng.sample(pool, min(quota, len(pool)))
    return drawn


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _uncell(text: str) -> str:
    """The text :func:`_cell` escaped."""
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m[1], m[1]), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=420)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--exclude", type=Path, help="a TSV this script wrote: leave its pairs out")
    args = parser.parse_args(argv)
    exclude: set[tuple[str, str]] = set()
    if args.exclude:
        for row in args.exclude.read_text(encoding="utf-8").splitlines()[1:]:
            cells = row.split("\t")
            exclude.add((cells[2], _uncell(cells[4])))
    print("n\tgroup\tcatalogue\tline\tmsgid\tmsgstr")
    for i, pair in enumerate(sample(args.n, args.seed, exclude), 1):
        cells = [str(i), pair.group, pair.catalogue, str(pair.line), pair.msgid, pair.msgstr]
        print("\t".join(_cell(c) for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
