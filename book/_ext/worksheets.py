"""Printable A4 sheets (PDF), one per language or bilingual, and the NPS Excel workbook.

Each sheet is one Jinja2 template in ``book/worksheets/`` (its source: the text of both
languages side by side), rendered as one self-contained HTML page (A4 page rules, the course's
Chinese glyphs embedded as a subset font by :mod:`cxlib.webfont`) and printed to PDF by headless
Chromium: no LaTeX. The classroom kit (``book/_ext/kit.py``, ``make kit``) prints each sheet in
Chinese and in English; ``book/no_code.md`` offers the bilingual print of :data:`BOOK_SHEETS`
(both languages on one sheet), made here. The Excel workbook comes from
:mod:`cxlib.workbook_excel`.

Writing a sheet
---------------
A template extends ``base.html``, sets its titles and page orientation at its top, and writes
every text in both languages with the helpers below::

    {% extends "base.html" %}
    {% set title_zh = "NPS 计票表" %}{% set title_en = "NPS tally sheet" %}
    {% set orientation = "portrait" %}
    {% block body %}
    <h1>{{ t("NPS 计票表", "NPS tally sheet") }}</h1>
    <p>{% call zh() %}每收到一个答案……{% endcall %}{% call en() %}For each answer …{% endcall %}</p>
    {% endblock %}

- ``t(zh, en)`` prints a short text in the sheet's language (``inline=True`` keeps the English
  on the same line in the bilingual print);
- ``{% call zh() %}…{% endcall %}`` and ``{% call en() %}…{% endcall %}`` hold longer passages,
  which may carry markup (``<b>``, line breaks);
- ``lang`` is ``"zh"``, ``"en"`` or ``"both"``, and ``show_zh`` / ``show_en`` say which texts
  are printed, for whole tables or paragraphs that differ by language.

In the bilingual print the English follows the Chinese in a smaller grey line (``.en``), as the
sheets of ``book/no_code.md`` always were; a one-language print has no ``.en`` styling. A text
that is Chinese on purpose in the English print (customers' words in course 000) is written
outside the helpers and still gets the course font.

Usage: ``python book/_ext/worksheets.py [OUT_DIR]`` (``make worksheets``; default
``_build/worksheets``: the bilingual sheets). As a Sphinx extension it makes sure the PDFs and
the workbook exist before the pages are read, so that ``book/no_code.md`` can offer them with
``{download}`` links; files newer than their sources are not made again.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import ARGS, CHROMIUM, NO_CHROMIUM
from worksheets_data import (  # noqa: F401  (the sheets' content; kept importable from here)
    KANO_FEATURES,
    NPS_EXAMPLE,
    _cxlib,
    aftersales_case,
    data,
    nps_example,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "book" / "worksheets"
OUT = ROOT / "_build" / "worksheets"
EXCEL = ROOT / "_build" / "excel" / "nps_calculator.xlsx"
#: The languages a sheet is printed in; "both" is the bilingual print of book/no_code.md.
LANGUAGES = ("zh", "en")

#: The bilingual sheets book/no_code.md offers, with the pages each must print on (one more
#: means that something overflowed its page).
BOOK_SHEETS = {
    "journey_map": 1,
    "needs_evaluation": 1,
    "kano_questionnaire": 2,
    "servqual_questionnaire": 2,
    "roleplay_cards": 6,
    "observer_checklist": 1,
    "sharing_brainstorm": 1,
    "nps_tally": 2,
}


@dataclass(frozen=True)
class Language:
    """The text helpers a template gets for one print: ``"zh"``, ``"en"`` or ``"both"``.

    Examples
    --------
    >>> Language("both").t("计票", "Tally")
    Markup('计票<span class="en">Tally</span>')
    >>> Language("en").t("计票", "Tally"), Language("zh").t("计票", "Tally")
    (Markup('Tally'), Markup('计票'))
    >>> Language("en").en(caller=lambda: "<b>n</b> answers")
    Markup('<b>n</b> answers')
    """

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in (*LANGUAGES, "both"):
            raise ValueError(f"a sheet prints in 'zh', 'en' or 'both', not {self.lang!r}")

    @property
    def show_zh(self) -> bool:
        """Whether the Chinese texts are printed."""
        return self.lang in ("zh", "both")

    @property
    def show_en(self) -> bool:
        """Whether the English texts are printed."""
        return self.lang in ("en", "both")

    def t(self, zh: str, en: str, inline: bool = False):
        """A short text in the print's language (both: the English after it, smaller)."""
        from markupsafe import Markup, escape

        if self.lang == "zh":
            return Markup(escape(zh))
        if self.lang == "en":
            return Markup(escape(en))
        css = "en inline" if inline else "en"
        space = " " if inline else ""
        return Markup(f'{escape(zh)}{space}<span class="{css}">{escape(en)}</span>')

    def zh(self, caller):
        """``{% call zh() %}`` block: its content in the Chinese and the bilingual prints."""
        from markupsafe import Markup

        return Markup(caller()) if self.show_zh else Markup("")

    def en(self, caller, inline: bool = False):
        """``{% call en() %}`` block: its content in the English print, marked ``.en`` in both."""
        from markupsafe import Markup

        if self.lang == "zh":
            return Markup("")
        if self.lang == "en":
            return Markup(caller())
        css = "en inline" if inline else "en"
        return Markup(f' <span class="{css}">{caller()}</span>')

    def context(self) -> dict:
        """The names a template sees: lang, show_zh, show_en, t, zh, en, colon."""
        return {
            "lang": self.lang,
            "html_lang": "en" if self.lang == "en" else "zh-CN",
            "show_zh": self.show_zh,
            "show_en": self.show_en,
            "t": self.t,
            "zh": self.zh,
            "en": self.en,
            "colon": ":" if self.lang == "en" else "：",
        }


def _environment():
    """The Jinja environment of book/worksheets/ (autoescaped, undefined names are errors)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(SOURCES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _values(name: str, lang: str, values: dict | None, footer: str | None) -> dict:
    """Everything a template is rendered with."""
    from cxlib import webfont

    cxlib = _cxlib()
    names = {"zh": "客户体验分析练习册", "en": "CX Workbook"}
    book = names.get(lang, " · ".join(names.values()))
    default_footer = f"{book} · {name}.pdf · cxlib {cxlib.__version__}"
    return {
        **data(),
        **Language(lang).context(),
        "family": webfont.FAMILY,
        "footer": footer or default_footer,
        **(values or {}),
    }


#: What a template sets at its top.
_META = ("title_zh", "title_en", "orientation")


def sheet_meta(name: str, lang: str = "both", values: dict | None = None) -> dict[str, str]:
    """The titles and page orientation a sheet's template sets at its top.

    Examples
    --------
    >>> sheet_meta("nps_tally")
    {'title_zh': 'NPS 计票表', 'title_en': 'NPS tally sheet', 'orientation': 'portrait'}
    """
    import jinja2

    template = _environment().get_template(f"{name}.html")
    try:
        module = template.make_module({**_values(name, lang, values, None), "font_css": ""})
    except jinja2.UndefinedError as error:
        if not any(key in str(error) for key in _META):
            raise
        module = None
    meta = {key: getattr(module, key, None) for key in _META}
    missing = [key for key, value in meta.items() if not value]
    if missing:
        raise ValueError(
            f"book/worksheets/{name}.html sets no {', '.join(missing)}: start the template with "
            '{% set title_zh = "…" %}{% set title_en = "…" %}{% set orientation = "portrait" %}'
        )
    if meta["orientation"] not in ("portrait", "landscape"):
        raise ValueError(
            f"book/worksheets/{name}.html: orientation must be 'portrait' or 'landscape', "
            f"not {meta['orientation']!r}"
        )
    return meta


def embed_font(html: str) -> str:
    """Put the subset font of the page's Chinese characters where ``{{ font_css }}`` was.

    The page is rendered once without the font, to learn which characters it needs, then again
    by the caller; this helper returns the CSS to pass as ``font_css``. A page with no Chinese
    needs no font (an English sheet); a page with Chinese and no source font is an error.
    """
    import jinja2

    from cxlib import webfont

    if not webfont.characters(html):
        return jinja2.filters.Markup("")
    font = webfont.subset(html)
    if font is None:
        raise RuntimeError("no Chinese source font: install mplfonts (see requirements.txt)")
    return jinja2.filters.Markup(webfont.css(webfont.data_uri(font)))


def render_html(
    name: str, lang: str = "both", values: dict | None = None, footer: str | None = None
) -> str:
    """Sheet ``name`` in ``lang`` as one self-contained HTML page, its Chinese glyphs embedded.

    Parameters
    ----------
    name : str
        The template ``book/worksheets/<name>.html``.
    lang : {"both", "zh", "en"}
        The print's language; ``"both"`` is the bilingual sheet of ``book/no_code.md``.
    values : dict, optional
        More names for the template (the kit passes the course, its quiz, its outcomes).
    footer : str, optional
        The line at the foot of each page (default: the book's name, the file and the version).
    """
    import jinja2

    template = _environment().get_template(f"{name}.html")
    context = _values(name, lang, values, footer)
    try:
        draft = template.render(**context, font_css="")
    except jinja2.UndefinedError as error:
        if any(key in str(error) for key in _META):
            sheet_meta(name, lang, values)  # raises, saying what the template must set
        raise
    return template.render(**context, font_css=embed_font(draft))


class Printer:
    """One headless Chromium (driven by Playwright) that prints many HTML pages to PDF.

    Starting Chromium takes seconds on this machine; the kit prints about a hundred files, so
    one browser prints them all. A4 and the margins come from each page's ``@page`` rule.
    """

    def __init__(self, chromium: Path = CHROMIUM) -> None:
        self.chromium = chromium

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        if not self.chromium.is_file():
            raise FileNotFoundError(NO_CHROMIUM)
        self._driver = sync_playwright().start()
        self._browser = self._driver.chromium.launch(executable_path=str(self.chromium), args=ARGS)
        return self

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._driver.stop()

    def print(self, html: Path, pdf: Path) -> Path:
        """Print ``html`` (a file) to ``pdf`` once its web fonts have loaded."""
        page = self._browser.new_page()
        try:
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            page.close()
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise RuntimeError(f"Chromium wrote no PDF for {html}")
        return pdf


def _stale(target: Path, sources: list[Path]) -> bool:
    """Whether target is missing or older than any of its sources."""
    if not target.is_file():
        return True
    newest = max(path.stat().st_mtime for path in sources)
    return target.stat().st_mtime < newest


def build(out: Path = OUT, force: bool = False) -> list[Path]:
    """Write the bilingual sheets of book/no_code.md: HTML in ``out/html``, PDF in ``out``."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(NO_CHROMIUM)
    (out / "html").mkdir(parents=True, exist_ok=True)
    sources = [Path(__file__), *SOURCES.glob("*.html")]
    pdfs = [out / f"{name}.pdf" for name in BOOK_SHEETS]
    todo = [pdf for pdf in pdfs if force or _stale(pdf, sources)]
    if todo:
        with Printer() as printer:
            for pdf in todo:
                html = out / "html" / f"{pdf.stem}.html"
                html.write_text(render_html(pdf.stem), encoding="utf-8")
                printer.print(html, pdf)
    return pdfs


def build_excel(path: Path = EXCEL, force: bool = False) -> Path:
    """Write the NPS workbook unless it is newer than the module that makes it."""
    _cxlib()
    from cxlib import workbook_excel

    if force or _stale(path, [Path(workbook_excel.__file__)]):
        workbook_excel.write(path)
    return path


#: Set by ``i18n.py build`` when it prints the worksheets for both editions itself: the file it
#: writes when done, which missing_downloads.py waits for before it decides that a PDF is missing.
PRINTED_ENV = "CX_WORKSHEETS_PRINTED"
PRINTED = OUT / ".printed"


def _before_reading(app) -> None:
    """Sphinx hook: make the downloads of book/no_code.md before any page is read."""
    import os

    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    if app.builder.format != "html":  # extracting text (gettext) needs no downloads
        return
    build_excel()
    if os.environ.get(PRINTED_ENV):  # the parent build (i18n.py) prints them
        return
    try:
        pdfs = build()
    except FileNotFoundError as error:  # no browser: the links become a note (missing_downloads)
        logger.info(f"worksheets: not printed: {error}", color="red")
        return
    logger.info(f"worksheets: {len(pdfs)} PDFs in {OUT.relative_to(ROOT)}")


def setup(app) -> dict:
    """Register the hook that makes the worksheets and the workbook."""
    app.connect("builder-inited", _before_reading)
    app.setup_extension("missing_downloads")  # without a browser, their links become a note
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    if target.exists() and not target.is_dir():
        sys.exit(f"{target} is not a folder")
    for written in build(target, force=True):
        print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
