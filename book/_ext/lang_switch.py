"""Sphinx extension: a language switch on every page, to the same page in the other edition.

The English site is built into ``_build/html`` and the Chinese one into ``_build/html/zh``
(``book/_ext/i18n.py``), page for page with the same names, so the other edition of
``book/nps.html`` is ``zh/book/nps.html`` (and back: ``../../book/nps.html`` from
``zh/book/nps.html``). The link is relative, so it works on ``file://`` pages, on an intranet
server and inside the offline bundle alike. It sits in the article header beside the download
and full-screen buttons (``book/_templates/lang-switch.html``), and each page also declares its
other edition with ``<link rel="alternate" hreflang>``.

The part captions of the navigation (``_toc.yml``) are translated here too: sphinx-external-toc
inserts its toctrees after Sphinx's own translation step, so their captions would otherwise stay
English in the Chinese edition although the catalogue has them. And text that MyST parses inside
a directive (a table inside an admonition) comes without a source file, which makes Sphinx treat
it as built-in text that is neither extracted nor translated; it is given its parent's source.
"""

from __future__ import annotations

from os import path
from pathlib import Path

from docutils import nodes
from sphinx import addnodes, locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

TEMPLATES = str(Path(__file__).resolve().parents[1] / "_templates")
#: language -> (the other edition's folder relative to this one's root, its label, hreflang)
EDITIONS = {
    "en": ("zh/", "中文", "zh-CN", "阅读中文版"),
    "zh_CN": ("../", "English", "en", "Read this page in English"),
}


def other_edition(language: str, pagename: str) -> dict[str, str] | None:
    """The link to the same page in the other edition, relative to the page.

    Examples
    --------
    >>> other_edition("en", "book/nps")["href"]
    '../zh/book/nps.html'
    >>> other_edition("zh_CN", "book/nps")["href"]
    '../../book/nps.html'
    >>> other_edition("zh_CN", "index")["href"]
    '../index.html'
    """
    if language not in EDITIONS:
        return None
    folder, label, hreflang, title = EDITIONS[language]
    up = "../" * pagename.count("/")
    return {
        "href": f"{up}{folder}{pagename}.html",
        "label": label,
        "hreflang": hreflang,
        "title": title,
    }


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the page template its link, and declare the alternate edition in the head."""
    link = other_edition(app.config.language or "en", pagename)
    context["cx_other_edition"] = link
    if link:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{link["hreflang"]}" href="{link["href"]}" />'
        )


CSS_FILE = "cx-lang-switch.css"
CSS = """/* The language switch (book/_ext/lang_switch.py), in one row with the header buttons. */
.header-article-items__end { display: flex; flex-direction: row; align-items: center; gap: .25rem; }
.cx-lang-switch { display: inline-flex; align-items: center; gap: .35rem; white-space: nowrap;
  border: 1px solid var(--pst-color-border); border-radius: .4rem; padding: .15rem .55rem;
  font-size: .9rem; color: var(--pst-color-text-base); }
.cx-lang-switch:hover { color: var(--pst-color-primary); border-color: var(--pst-color-primary); }
"""


class SourceForNestedText(SphinxTransform):
    """Give text parsed inside a directive the source of its parent, so it is translatable."""

    default_priority = 10  # before Sphinx's translation (sphinx.transforms.i18n.Locale, 20)

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.TextElement):
            if node.source:
                continue
            parent = node.parent
            while parent is not None and not parent.source:
                parent = parent.parent
            if parent is not None:
                node.source = parent.source
                node.line = node.line or parent.line


def translate_captions(app: Sphinx, doctree: nodes.document) -> None:
    """Translate the navigation's part captions with the page's own catalogue."""
    if not app.config.language or app.config.language == "en":
        return
    docname = app.env.docname
    domain = docname_to_domain(docname, app.config.gettext_compact)
    dirs = [path.join(app.srcdir, d) for d in app.config.locale_dirs]
    catalogue, found = locale.init(dirs, app.config.language, domain)
    if not found:
        return
    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = catalogue.gettext(toctree["caption"])


def write_css(app: Sphinx, exception: Exception | None) -> None:
    """The switch's stylesheet, written into the site's _static folder."""
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / CSS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(CSS, encoding="utf-8")


def place_switch(app: Sphinx, config: Config) -> None:
    """Put the switch first in the article header (sphinx-book-theme's header buttons follow)."""
    config.templates_path = [*config.templates_path, TEMPLATES]
    options = config.html_theme_options
    options["article_header_end"] = ["lang-switch.html", "article-header-buttons.html"]


def setup(app: Sphinx) -> dict:
    """Register the header placement, the per-page link, its style and the captions."""
    app.connect("config-inited", place_switch)
    app.connect("html-page-context", add_switch)
    app.connect("doctree-read", translate_captions)
    app.connect("build-finished", write_css)
    app.add_css_file(CSS_FILE)
    app.add_transform(SourceForNestedText)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
