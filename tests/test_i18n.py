"""The Chinese edition: complete, on the course's terms, searchable, and the same numbers.

The catalogue check runs on the sources (it extracts the English text afresh); the other tests
read the two built sites, ``_build/html`` and ``_build/html/zh`` (``make book``, which
``make test`` runs first), and are skipped where the site has not been built.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
ZH = SITE / "zh"
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import i18n  # noqa: E402
import lang_switch  # noqa: E402

from cxlib import terms  # noqa: E402

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: Search words a Chinese learner types, and a page each must find.
SEARCHES = {
    "净推荐值": "book/nps",
    "峰终效应": "book/peakend",
    "贬损者": "book/nps",
    "置信区间": "book/nps",
    "NPS": "book/nps",
}


def built(site: Path) -> Path:
    if not (site / "index.html").exists():
        pytest.skip(f"{site.relative_to(ROOT)} is not built: run `make book`")
    return site


def pages(site: Path) -> list[str]:
    skip = {"_static", "_sources", "_downloads", "zh", "lite"}
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
    )


def test_every_message_is_translated_on_the_course_terms():
    left = i18n.problems()
    report = "\n".join(f"{name}: {issue}" for name, issues in left.items() for issue in issues)
    assert not left, f"the Chinese edition is behind the English one:\n{report[:4000]}"


def test_a_stuck_build_is_stopped_and_a_finished_one_reports_its_status(monkeypatch):
    monkeypatch.setattr(i18n, "STALL_SECONDS", 2)
    said = [sys.executable, "-c", "print('reading sources'); raise SystemExit(3)"]
    assert i18n._watched(said) == 3
    silent = [sys.executable, "-c", "import time; print('start', flush=True); time.sleep(30)"]
    assert i18n._watched(silent) is None


def test_markup_rules():
    english = "A {term}`confidence interval` and $x$ in `cxlib.nps`, see [it](https://a.b)"
    chinese = "{term}`置信区间 <confidence interval>`、$x$，见 `cxlib.nps` 与[此处](https://a.b)"
    assert i18n.markup(english) == i18n.markup(chinese)
    assert i18n.markup("{cite:p}`a2020`") != i18n.markup("{cite:p}`b2020`")
    assert i18n.markup("{0} of {1}") != i18n.markup("{0}")


def test_terminology_has_one_chinese_term_per_concept():
    table = terms.table()
    chinese = [row["zh"] for row in table.values()]
    assert len(chinese) == len(set(chinese))
    for word, key in terms.avoided().items():
        assert word != terms.zh(key)
    assert terms.zh("passive") == "中立者" and terms.zh("peak_end_rule") == "峰终效应"


def test_each_page_has_its_other_edition():
    english, chinese = pages(built(SITE)), pages(built(ZH))
    assert english == chinese
    for page in english:
        name = page.removesuffix(".html")
        for site, language in ((SITE, "en"), (ZH, "zh_CN")):
            html = (site / page).read_text(encoding="utf-8")
            if 'http-equiv="Refresh"' in html:  # index.html only forwards to the first page
                continue
            link = lang_switch.other_edition(language, name)["href"]
            assert f'href="{link}"' in html, f"{site.name}/{page}: no language switch"
            assert (site / page).parent.joinpath(link).resolve().is_file(), link


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize(("word", "page"), SEARCHES.items())
def test_chinese_search_finds_the_course_terms(word, page):
    index = _search_index(built(ZH))
    documents = set()
    for kind in ("terms", "titleterms"):  # a word in a page's title is indexed there instead
        found = index[kind].get(word.lower(), index[kind].get(word))
        found = [] if found is None else [found] if isinstance(found, int) else found
        documents |= {index["docnames"][i] for i in found}
    assert documents, f"{word!r} is not a word of the Chinese search index"
    assert page in documents, f"{word!r} does not find {page}"


class _ReadingText(HTMLParser):
    """The text a reader reads in the article: no code, no cell outputs, no scripts."""

    SKIP_CLASSES = ("cell_output", "highlight", "cell_input")
    SKIP_TAGS = frozenset({"script", "style", "pre"})
    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside the article
        self.skipping = 0  # > 0 inside something that is not prose
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        classes = dict(attrs).get("class") or ""
        if tag == "article" or self.depth:
            self.depth += 1
            if (
                self.skipping
                or tag in self.SKIP_TAGS
                or any(c in classes for c in self.SKIP_CLASSES)
            ):
                self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.depth:
            return
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.parts.append(data)


def _prose(html: str) -> str:
    """The article's reading text: no code, no outputs, no scripts, no tags."""
    parser = _ReadingText()
    parser.feed(html)
    return " ".join(parser.parts)


def chinese_share(path: Path) -> float:
    """Share of Chinese characters among the visible, non-space characters of a page's prose."""
    text = re.sub(r"\s+", "", _prose(path.read_text(encoding="utf-8")))
    return len(CJK.findall(text)) / max(len(text), 1)


def test_chinese_pages_read_in_chinese():
    site = built(ZH)
    reading = [p for p in pages(site) if p.startswith(("book/", "note", "case"))]
    # the reference list is the sources' own titles, in their own languages; the in-browser
    # course's provenance (book/reference/in_browser.md) is mostly file names, versions, hashes
    identifiers = {"book/references.html", "book/reference/in_browser.html"}
    shares = {p: chinese_share(site / p) for p in reading if p not in identifiers}
    thin = {p: round(s, 2) for p, s in shares.items() if s < 0.4}
    assert not thin, f"pages of the Chinese edition that are mostly not Chinese: {thin}"


class _OutputText(HTMLParser):
    """The text of the notebook cells' outputs (tables, printed results), without scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside a cell output
        self.script = 0  # > 0 inside a script (widget state carries random ids)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _ReadingText.VOID:
            return
        if self.depth or "cell_output" in (dict(attrs).get("class") or ""):
            self.depth += 1
            self.script += tag in ("script", "style") or bool(self.script)

    def handle_endtag(self, tag: str) -> None:
        if tag in _ReadingText.VOID or not self.depth:
            return
        self.depth -= 1
        self.script = max(self.script - 1, 0) if self.script else 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.script:
            self.parts.append(data)


def _numbers(html: str) -> list[str]:
    parser = _OutputText()
    parser.feed(html)
    return re.findall(r"-?\d+(?:\.\d+)?", " ".join(parser.parts))


def test_both_editions_show_the_same_numbers():
    english, chinese = built(SITE), built(ZH)
    notebooks = [p for p in pages(english) if p.startswith(("notebooks/", "casestudies/"))]
    assert notebooks
    for page in notebooks:
        en = _numbers((english / page).read_text(encoding="utf-8"))
        zh = _numbers((chinese / page).read_text(encoding="utf-8"))
        assert en == zh, f"{page}: the outputs' numbers differ between the editions"


def test_the_site_font_draws_every_chinese_character():
    fonttools = pytest.importorskip("fontTools.ttLib")
    for site in (built(SITE), built(ZH)):
        font = fonttools.TTFont(site / "_static" / "cjk" / "noto-sans-sc-subset.woff")
        cmap = set(font.getBestCmap())
        used = set()
        for page in pages(site):
            used |= {ord(c) for c in CJK.findall(_prose((site / page).read_text("utf-8")))}
        missing = "".join(sorted(chr(c) for c in used - cmap))
        assert not missing, f"{site.name}: the web font lacks {missing[:50]}"


def test_english_sources_use_the_course_terms():
    """The Chinese glosses in the English pages, notebooks, code and data follow the terminology.

    A synonym the course does not use may appear only beside the course's term (a line such as
    "中立者 (also called 被动者)" explains it).
    """
    avoided = terms.avoided()
    sources = [
        *ROOT.glob("book/**/*.md"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("casestudies/*/*.md"),
        *ROOT.glob("casestudies/*/*.ipynb"),
        *ROOT.glob("cxlib/**/*.py"),
        *ROOT.glob("datasets/*.json"),
        ROOT / "_toc.yml",
    ]
    found = []
    for path in sources:
        if path.name == "terms.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for word, key in avoided.items():
                if word in line and terms.zh(key) not in line:
                    found.append(
                        f"{path.relative_to(ROOT)}:{number}: {word} (the course says "
                        f"{terms.zh(key)})"
                    )
    assert not found, "\n".join(found[:40])
