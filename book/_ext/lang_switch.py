"""Sphinx extension: a language switch on every page that lands on the same page in the other edition.

The English site is built into ``_build/html`` and the Chinese one into ``_build/html/zh``
(``book/_ext/i18n.py``), page for page with the same names, so the other edition of
``book/nps.html`` is ``zh/book/nps.html`` (and back: ``../../book/nps.html`` from
``zh/book/nps.html``). The link is relative, so it works on ``file://`` pages, on an intranet
server and inside the offline bundle alike. It sits in the article header beside the download
and full-screen buttons (``book/_templates/lang-switch.html``), and each page also declares its
other edition with ``<link rel="alternate" hreflang>``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

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
    return {"href": f"{up}{folder}{pagename}.html", "label": label, "hreflang": hreflang,
            "title": title}


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the page template its link, and declare the alternate edition in the head."""
    link = other_edition(app.config.language or "en", pagename)
    context["cx_other_edition"] = link
    if link:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{link["hreflang"]}" href="{link["href"]}" />'
        )


def place_switch(app: Sphinx, config: Config) -> None:
    """Put the switch first in the article header (sphinx-book-theme's header buttons follow)."""
    config.templates_path = [*config.templates_path, TEMPLATES]
    options = config.html_theme_options
    options["article_header_end"] = ["lang-switch.html", "article-header-buttons.html"]


def setup(app: Sphinx) -> dict:
    """Register the header placement and the per-page link."""
    app.connect("config-inited", place_switch)
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
