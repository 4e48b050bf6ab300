"""The built site, opened page by page in headless Chromium: offline, unbroken, rendered.

Serves ``_build/html`` (made by ``make book``, which ``make test`` runs first) on localhost and
fails on any request that leaves localhost, any console or page error, any HTTP error, any
broken internal link, a widget that does not render, a formula left as raw TeX, or Chinese text
without its font. Screenshots of a few pages go to ``_build/screenshots/`` for a person to look
at. Skipped, with the reason, where Chromium or Playwright is not installed.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from _browser import CHROMIUM, NO_CHROMIUM, chinese_fonts, launch

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
SCREENSHOT_PAGES = {
    "book/intro.html",
    "book/nps.html",
    "notebooks/01_nps.html",
    "book/glossary.html",
    "notebooks/02_peakend.html",
    "notebooks/04_kano.html",
    "notebooks/06_journey.html",
    "notebooks/07_reasons.html",
    "book/loyalty.html",
    "casestudies/atour/atour.html",
    "casestudies/atour/atour_analysis.html",
    "casestudies/haier/haier_analysis.html",
    "casestudies/disney/disney_analysis.html",
    "zh/book/intro.html",
    "zh/book/nps.html",
    "zh/notebooks/01_nps.html",
    "zh/notebooks/02_peakend.html",
    "zh/book/glossary.html",
    "zh/casestudies/atour/atour.html",
    "book/customers.html",
    "notebooks/08_customers.html",
    "zh/notebooks/08_customers.html",
    "zh/book/needs.html",
    "zh/book/service_psychology.html",
    "zh/book/personality_types.html",
    "zh/book/loyalty.html",
    "zh/casestudies/starbucks/starbucks.html",
    "zh/book/trainers/course_002_service_psychology.html",
    "zh/book/no_code.html",
}
CJK_FAMILY = "CX Noto Sans SC"

try:
    import playwright.sync_api as playwright
except ImportError:  # pragma: no cover - Playwright is in requirements.txt
    playwright = None
#: The tests that open pages in a browser; the others read the built files.
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists() or playwright is None,
    reason=f"{NO_CHROMIUM}: the browser test of the built site is skipped"
    if not CHROMIUM.exists()
    else "Playwright is not installed: the browser test of the built site is skipped",
)


def site_pages() -> list[str]:
    """Every HTML page of the built site, relative to its root."""
    if not (SITE / "index.html").exists():
        return []
    return sorted(
        str(path.relative_to(SITE))
        for path in SITE.rglob("*.html")
        if not {"_static", "_sources", "_downloads", "lite"} & set(path.relative_to(SITE).parts)
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url():
    if not (SITE / "index.html").exists():
        message = "the site is not built: run `make book` (make test does it first)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=SITE))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


def test_the_site_has_the_course_pages():
    pages = site_pages()
    if not pages:
        pytest.skip("the site is not built: run `make book`")
    for page in (
        "index.html",
        "book/intro.html",
        "book/nps.html",
        "notebooks/01_nps.html",
        "book/glossary.html",
        "book/references.html",
        "book/terminology.html",
        "book/customers.html",
        "book/needs.html",
        "book/service_psychology.html",
        "book/service_strategy.html",
        "book/trainers/index.html",
        "book/no_code.html",
        *(
            f"casestudies/{case}/{case}{part}.html"
            for case in ("atour", "haier", "disney")
            for part in ("", "_analysis")
        ),
        *(
            f"casestudies/{case}/{case}.html"
            for case in ("midea", "huawei", "starbucks", "amazon", "duku")
        ),
    ):
        assert page in pages


#: Pages that offer the worksheet PDFs, which only a headless browser can print.
WORKSHEET_PAGES = ("book/no_code.html", "book/nps.html", "book/servqual.html", "book/kano.html")
NOTE = {"": "were not made when this site was built", "zh/": "在构建本站时没有生成"}
NOT_BUILT = {"": "(not built)", "zh/": "（未生成）"}


def test_worksheet_downloads_are_links_or_a_note_in_both_editions():
    """With the worksheet PDFs printed, every page links to them; without (no browser when the
    site was built), their names stay, marked as not built, under one note per page, in the
    edition's language; no page links to a PDF that is not there."""
    if not (SITE / "index.html").exists() or not (SITE / "zh" / "index.html").exists():
        pytest.skip("the site is not built: run `make book` (make test does it first)")
    printed = sorted(p.name for p in (ROOT / "_build" / "worksheets").glob("*.pdf"))
    for edition in NOTE:
        for name in WORKSHEET_PAGES:
            html = (SITE / edition / name).read_text(encoding="utf-8")
            links = re.findall(r'href="([^"]*_downloads/[^"]*\.pdf)"', html)
            for link in links:
                assert (SITE / edition / name).parent.joinpath(unquote(link)).exists(), link
            if printed:
                assert links and "cx-missing-downloads" not in html, edition + name
            else:
                assert not links, (edition + name, links)
                assert html.count("cx-missing-downloads") == 1, edition + name
                assert NOTE[edition] in html and NOT_BUILT[edition] in html, edition + name


class Tab:
    """One browser tab that opens page after page, with what went wrong on the current one.

    Opening each page in a new tab costs about four times the processor time of opening it in the
    same tab (measured on 30 pages: 23 s against 6 s, 44 against 10 CPU-seconds): every new tab
    starts a renderer and parses the theme's scripts again. What is checked is the same: each
    page is loaded from the server, its scripts run afresh, and every request, failed response,
    console error and page error is recorded from the moment it is opened. A tab that fails to
    open a page is replaced, so that one page's failure cannot spill into the next.
    """

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.problems: list[str] = []
        self.page = None
        self.renew()

    def renew(self) -> None:
        if self.page is not None:
            self.page.context.close()
        self.page = self.browser.new_page(viewport={"width": 1280, "height": 900})
        base_url, problems = self.base_url, self.problems
        self.page.on(
            "request",
            lambda request: (
                problems.append(f"external request: {request.url}")
                if not request.url.startswith((base_url, "data:", "blob:"))
                else None
            ),
        )
        self.page.on(
            "response",
            lambda response: (
                problems.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400
                else None
            ),
        )
        self.page.on(
            "console",
            lambda message: (
                problems.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        self.page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def open(self, path: str):
        """The tab, showing ``path``; its problems from now on in :attr:`problems`."""
        self.page.goto("about:blank")  # the last page's scripts stop before this one's count
        self.problems.clear()
        self.page.goto(self.base_url + path, wait_until="load")
        return self.page


@pytest.fixture(scope="module")
def tab(base_url, browser):
    """The tab the page tests share on this worker."""
    shared = Tab(browser, base_url)
    yield shared
    shared.page.context.close()


@needs_browser
@pytest.mark.parametrize("path", site_pages() or ["index.html"])
def test_page_works_offline(path, base_url, tab):
    html = (SITE / path).read_text(encoding="utf-8")
    forward = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', html)
    if forward:  # index.html only forwards to the first chapter
        assert (SITE / path).parent.joinpath(forward.group(1)).exists(), forward.group(1)
        return
    try:
        page = tab.open(path)
        problems = _broken_links(page, base_url)
        if "application/vnd.jupyter.widget-view+json" in html:
            problems += _unrendered_widgets(page)
        if 'class="math' in html:
            problems += _raw_math(page)
        if any("\u4e00" <= character <= "\u9fff" for character in page.inner_text("body")):
            problems += _missing_chinese_font(page)
        if path in SCREENSHOT_PAGES:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=SCREENSHOTS / (path.replace("/", "_").removesuffix(".html") + ".png"),
                full_page=True,
            )
        problems = tab.problems + problems
    except Exception:
        tab.renew()
        raise
    if problems:
        tab.renew()
    assert not problems, "\n".join(problems)


@needs_browser
def test_language_switch_lands_on_the_same_page(base_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "book/nps.html", wait_until="load")
    page.click(".cx-lang-switch")
    page.wait_for_load_state("load")
    assert page.url == base_url + "zh/book/nps.html"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "净推荐值" in page.inner_text("article h1")
    page.click(".cx-lang-switch")
    page.wait_for_load_state("load")
    assert page.url == base_url + "book/nps.html"
    page.close()


@needs_browser
def test_chinese_search_finds_the_nps_chapter(base_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "zh/search.html?q=NPS+置信区间", wait_until="load")
    page.wait_for_selector("ul.search li a", timeout=20_000)
    found = page.eval_on_selector_all("ul.search li a", "links => links.map(a => a.href)")
    page.close()
    assert any(href.split("?")[0].endswith("zh/book/nps.html") for href in found), found


def _broken_links(page, base_url: str) -> list[str]:
    """Internal links whose target file does not exist in the built site."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    broken = []
    for href in set(hrefs):
        if not href.startswith(base_url):
            continue
        target = SITE / unquote(urlsplit(href).path.removeprefix(urlsplit(base_url).path))
        if target.is_dir():
            target /= "index.html"
        if not target.exists():
            broken.append(f"broken link: {href}")
    return broken


def _unrendered_widgets(page) -> list[str]:
    """Problems unless every embedded widget view has been rendered by the widget manager."""
    controls = ".widget-slider, .widget-dropdown, .widget-checkbox, .widget-text"
    try:
        page.wait_for_selector(controls, timeout=20_000)
    except playwright.TimeoutError:
        return ["widgets did not render (no slider, menu, checkbox or text box after 20 s)"]
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    rendered = page.locator(controls).count()
    return [] if rendered >= views >= 1 else [f"{views} widget views but {rendered} controls"]


def _raw_math(page) -> list[str]:
    """Formulas MathJax left as TeX source."""
    try:
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000
        )
    except playwright.TimeoutError:
        return ["MathJax did not start within 20 s: formulas stay raw TeX"]
    page.evaluate("() => MathJax.startup.promise")
    raw = page.eval_on_selector_all(
        ".math",
        "nodes => nodes.filter(n => !n.querySelector('mjx-container'))"
        ".map(n => n.textContent.slice(0, 60))",
    )
    return [f"raw TeX: {text}" for text in raw]


def _missing_chinese_font(page) -> list[str]:
    """The page shows Chinese: the site's own CJK web font must have loaded."""
    loaded = page.evaluate(
        """async family => { await document.fonts.ready;
           return [...document.fonts].some(f => f.family.replaceAll('"', '') === family
                                             && f.status === 'loaded'); }""",
        CJK_FAMILY,
    )
    if not loaded:
        return [f"Chinese text on the page but the font {CJK_FAMILY!r} did not load"]
    fonts = chinese_fonts(page, "article h1")  # and it must be the font that draws the title
    if fonts and not any(custom for _, custom in fonts):
        used = [family for family, _ in fonts]
        return [f"the title's Chinese is drawn with {used}, not {CJK_FAMILY!r}"]
    return []
