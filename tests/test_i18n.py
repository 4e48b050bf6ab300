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
    "转发场景头脑风暴单": "book/no_code",  # a handout's name from the registry (names.csv)
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


def test_terminology_has_one_chinese_name_per_thing():
    """Concepts and registered names together: one Chinese name each, and no avoided form that
    is itself a preferred name (the check would then refuse the course's own word)."""
    entries = terms.entries()  # raises on a key in both files
    chinese = [row["zh"] for row in entries.values()]
    twice = sorted({name for name in chinese if chinese.count(name) > 1})
    assert not twice, f"one Chinese name for two things: {twice}"
    preferred = set(chinese)
    for word, key in terms.avoided().items():
        assert word not in preferred, f"{word!r} is avoided for {key} but preferred elsewhere"
    assert terms.zh("passive") == "中立者" and terms.zh("peak_end_rule") == "峰终效应"
    assert {row["kind"] for row in entries.values()} == set(terms.KINDS)


#: The traditional characters of course 004's outline words, as simplified ones (for the test).
TRADITIONAL = str.maketrans(
    "導戶評顧問銷決鏈組織個傳統確總價產實現準歸屬潛題質層類務關係與對為們當時從體驗機會數據點",
    "导户评顾问销决链组织个传统确总价产实现准归属潜题质层类务关系与对为们当时从体验机会数据点",
)


def test_the_registry_keeps_the_outlines_words():
    """Where an outline names a thing, its word is the Chinese name, or the note says why not."""

    def bare(text: str) -> str:  # spacing and quotation marks are house style, not the word
        return re.sub(r"[“”\"‘’'（）() ]", "", text)

    for key, row in terms.entries().items():
        words = [bare(w.split(" (")[0]) for w in row["outline"].split("；") if w.strip()]
        if words and bare(row["zh"]) not in words and not row["note"]:
            raise AssertionError(f"{key}: the outline says {words}, the edition {row['zh']!r}")
    seeds = [ROOT.parent / "shared" / "seeds", ROOT.parents[1] / "shared" / "seeds"]
    outlines = "".join(p.read_text("utf-8") for d in seeds for p in sorted(d.glob("*.txt")))
    outlines = outlines.translate(TRADITIONAL)  # course 004's outline is in traditional characters
    if not outlines:
        pytest.skip("the course outlines (../shared/seeds) are not here")
    for key, row in terms.entries().items():  # every "outline" word is in an outline
        for word in filter(None, (w.split(" (")[0].strip() for w in row["outline"].split("；"))):
            assert bare(word) in bare(outlines), f"{key}: {word!r} is not in the outlines"
    for key in ("servicescape", "rapport", "end_moment", "customer_misbehaviour"):
        assert terms.table()[key]["outline"], key


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
    sources = [
        *ROOT.glob("book/**/*.md"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("casestudies/*/*.md"),
        *ROOT.glob("casestudies/*/*.ipynb"),
        *ROOT.glob("cxlib/**/*.py"),
        *ROOT.glob("datasets/*.json"),
        *ROOT.glob("book/worksheets/*.html"),  # the printed sheets carry Chinese of their own
        *ROOT.glob("book/kit/*.toml"),  # and so do the classroom kit's manifests
        ROOT / "book" / "_ext" / "worksheets.py",
        ROOT / "_toc.yml",
    ]
    found = []
    for path in sources:
        if path.name == "terms.py" or "locales" in path.parts:  # the review quotes old forms
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for word, key in terms.misused(line):
                found.append(
                    f"{path.relative_to(ROOT)}:{number}: {word} (the course says {terms.zh(key)})"
                )
    assert not found, "\n".join(found[:40])


def _problems_of(english: str, chinese: str) -> list[str]:
    """What the catalogue check says about one planted message."""
    from babel.messages.catalog import Message

    return i18n._check_message(english, Message(english, chinese), terms.avoided(), terms)


def test_a_link_only_message_is_a_message():
    """The no-code page's download buttons are only a link, and a reader sees their English."""
    button = "{download}`Download the NPS tally sheet (PDF) <../_build/worksheets/nps_tally.pdf>`"
    assert i18n.needs_words(button)
    assert _problems_of(button, "") == [f"untranslated: {button[:70]!r}"]
    chinese = "{download}`下载 NPS 计票表（PDF） <../_build/worksheets/nps_tally.pdf>`"
    assert _problems_of(button, chinese) == []
    assert not i18n.needs_words("{doc}`../nps`, {doc}`../../notebooks/01_nps`")


def test_bold_on_other_words_than_in_the_english_is_refused():
    english = "Memory keeps the **peak** and the end."
    assert _problems_of(english, "记忆保留**峰值**和结束时刻。") == []
    wrong = _problems_of(english, "记忆保留峰值和**结束时刻**。")
    assert len(wrong) == 1 and "bold on '结束时刻'" in wrong[0]
    assert "2 bold span(s)" in _problems_of(english, "记忆保留**峰值**和**结束时刻**。")[0]
    # CommonMark does not close ** after a Chinese full stop followed by a character: the bold
    # then runs on over the next words (three paragraphs of the edition did this)
    traits = "**Types versus traits.** Personality research uses the **Big Five**."
    assert _problems_of(traits, "**类型与特质**。人格研究用**大五人格**。") == []
    assert "1 bold span(s)" in _problems_of(traits, "**类型与特质。**人格研究用**大五人格**。")[0]
    two = "One sentence. Then **this** one."
    moved = _problems_of(two, "**一句话**。然后是这一句。")
    assert moved and "sentence 1, the English has it in sentence 2" in moved[0]
    # Chinese may drop an italic (it rarely sets CJK in italics), not add one
    assert _problems_of("An *ordered* funnel.", "有序的漏斗。") == []
    assert "italic" in _problems_of("An ordered funnel.", "*有序*的漏斗。")[0]


def test_english_left_inside_chinese_is_refused():
    planted = {
        "Starbucks reported 30.8 million members.": "星巴克报告会员达到 30.8 million（3,080 万）。",
        "Revenue was RMB 373.7 billion.": "营业总收入为人民币 3,737 亿元（RMB 373.7 billion）。",
        "What does Cronbach's alpha check?": "Cronbach's alpha 检查什么？",
    }
    for english, chinese in planted.items():
        found = _problems_of(english, chinese)
        assert found and found[0].startswith("English left"), (chinese, found)
    allowed = {  # model names, code, citations and their authors, units, an original in brackets
        "NPS and CSAT with `cxlib.nps`": "NPS 与 CSAT，见 `cxlib.nps`",
        "Bitner {cite:p}`bitner1992` named the servicescape": (
            "Bitner {cite:p}`bitner1992` 提出了服务环境（servicescape）"
        ),
        "a 40 km drive and a KANO model": "40 km 车程与 KANO 模型",
    }
    for english, chinese in allowed.items():
        assert _problems_of(english, chinese) == [], chinese
    formula = "\n\\text{remembered} \\approx \\frac{\\text{peak} + \\text{end}}{2}\n"
    assert _problems_of(formula, formula)[0].startswith("English left")


def test_a_quotation_inside_a_quotation_takes_single_quotes():
    english = "See the section “Three principles of problem solving”."
    assert _problems_of(english, "见“问题解决‘三原则’”一节。") == []
    assert "nested" in _problems_of(english, "见“问题解决“三原则””一节。")[0]


def test_a_second_name_for_a_registered_thing_is_refused():
    english = "Use the sharing brainstorm sheet."
    found = _problems_of(english, "使用转发场景头脑风暴表。")
    assert found == ["term: '转发场景头脑风暴表' used; the course says '转发场景头脑风暴单'"]
    assert _problems_of(english, "使用转发场景头脑风暴单。") == []
    for chinese in ("Merrill 和 Reid 的驾驭型", "做一次色彩测试", "服务场景的设计", "峰终值为 6"):
        assert any(p.startswith("term:") for p in _problems_of("x y", chinese)), chinese
    assert _problems_of("x y", "服务环境（也称服务场景）") == []  # explained beside the name
    assert _problems_of("x y", "大纲说“问题客户”，本课程说客户不当行为") == []  # a quotation


def test_a_static_figure_needs_its_chinese_twin(tmp_path):
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import i18n_check

    (tmp_path / "coverage.svg").write_text("<svg/>")
    assert i18n_check.figures_without_twin(tmp_path) == ["coverage.svg"]
    (tmp_path / "coverage.zh_CN.svg").write_text("<svg/>")
    assert i18n_check.figures_without_twin(tmp_path) == []
    assert i18n_check.figures_without_twin() == [], "book/figures/ has a figure without twin"


def test_the_check_rules_do_what_their_examples_say():
    """book/_ext is outside pytest's doctest paths: run i18n_check's examples here."""
    import doctest

    import i18n_check

    result = doctest.testmod(i18n_check, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


def test_merge_keeps_written_strings_of_messages_without_words(tmp_path):
    """`make translations` must not lose a translation: cxlib's ", " is "、" in Chinese and
    "≤ 15 s" is "≤ 15 秒"; only a fuzzy guess for a number (msgmerge's nearest match) is dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = tmp_path / "page.po"
    old = Catalog(locale="zh_CN")
    old.add(", ", "、")
    old.add("≤ 15 s", "≤ 15 秒")
    old.add("1:38", "1:38（分别为 579 页）")
    with path.open("wb") as handle:
        write_po(handle, old)
    template = Catalog()
    for msgid in (", ", "≤ 15 s", "1:28"):
        template.add(msgid)
    i18n._merge(template, path)
    with path.open("rb") as handle:
        merged = {m.id: (m.string, m.fuzzy) for m in read_po(handle) if m.id}
    assert merged[", "] == ("、", False)
    assert merged["≤ 15 s"] == ("≤ 15 秒", False)
    assert merged["1:28"] == ("", False)  # not the old number's words, guessed by similarity
