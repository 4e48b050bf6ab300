"""Sphinx extension: a "Run in browser · 在浏览器中运行" link on every notebook page.

The link opens the page's notebook in the in-browser course (JupyterLite with the Pyodide
kernel, built by ``make lite`` into ``_build/lite``; see README.md, "Run in the browser"): the
English notebook from an English page, its Chinese copy ``*_zh.ipynb`` from a Chinese page. It is
relative (``lite/notebooks/index.html?path=notebooks/01_nps.ipynb`` from the English root,
``../lite/...?path=notebooks/01_nps_zh.ipynb`` from the Chinese edition), so it works on an
intranet server and in the bundle.

Only when the lite site has been built: then the English build also copies it to
``_build/html/lite``, so the link never points at a missing file (``tests/test_site.py`` checks
every link) and a site built without ``make lite`` carries no link at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[2]
LITE = ROOT / "_build" / "lite"
LABEL = "Run in browser · 在浏览器中运行"
TITLE = {
    "en": "Open this notebook in the browser: runs offline, nothing to install",
    "zh": "在浏览器中打开本练习的中文版：离线运行，无需安装",
}


def lite_href(language: str, pagename: str, source: str) -> str:
    """The link from a page to its notebook in the lite site (relative to the page): the
    Chinese copy of the notebook from the Chinese edition.

    Examples
    --------
    >>> lite_href("en", "notebooks/01_nps", "notebooks/01_nps.ipynb")
    '../lite/notebooks/index.html?path=notebooks/01_nps.ipynb'
    >>> lite_href("zh_CN", "casestudies/haier/haier", "casestudies/haier/haier.ipynb")
    '../../../lite/notebooks/index.html?path=casestudies/haier/haier_zh.ipynb'
    """
    english = language in ("", "en")
    up = "../" * pagename.count("/") + ("" if english else "../")
    if not english:
        source = source.removesuffix(".ipynb") + "_zh.ipynb"
    return f"{up}lite/notebooks/index.html?path={source}"


def available() -> bool:
    """Whether ``make lite`` has built the site."""
    return (LITE / "index.html").is_file()


def add_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the link above the title of a page whose source is a notebook."""
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb" or not available():
        return
    relative = source.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()
    if relative.endswith("_zh.ipynb"):
        relative = relative.removesuffix("_zh.ipynb") + ".ipynb"
    language = app.config.language or "en"
    href = lite_href(language, docname, relative)
    title = TITLE["en" if language == "en" else "zh"]
    html = (
        f'<p class="cx-lite-link"><a href="{href}" title="{title}" target="_blank" rel="noopener">'
        f'<i class="fa-solid fa-play"></i> {LABEL}</a></p>'
    )
    doctree.insert(0, nodes.raw("", html, format="html"))


CSS_FILE = "cx-lite-link.css"
CSS = """/* The link to the in-browser notebook (book/_ext/lite_link.py). */
.cx-lite-link { margin: 0 0 .5rem; }
.cx-lite-link a { display: inline-flex; align-items: center; gap: .4rem; font-size: .9rem;
  border: 1px solid var(--pst-color-border); border-radius: .4rem; padding: .15rem .6rem; }
"""


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Write the link's style; copy the lite site into the English site's root (the Chinese
    edition links to the same copy)."""
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / CSS_FILE).write_text(CSS, encoding="utf-8")
    if (app.config.language or "en") != "en" or not available():
        return
    target = Path(app.outdir) / "lite"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(LITE, target)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", add_link)
    app.connect("build-finished", finish)
    app.add_css_file(CSS_FILE)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
