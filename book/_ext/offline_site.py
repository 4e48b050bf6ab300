"""Sphinx extension: keep the built site self-contained (it must work with no network).

- Drops sphinx-thebe's scripts from every page: the course launches no live kernels, and the
  extension (always loaded by Jupyter Book) injects its inline configuration twice, which is a
  JavaScript error, and names a CDN.
- Copies the widget manager's icon fonts beside every page that embeds widgets: html-manager
  1.0.6 builds two of its font stylesheets with URLs relative to the page
  (``@jupyter-widgets/html-manager/dist/…`` and ``@jupyter-widgets/…``) whatever its assets path.

The vendored libraries themselves are described in ``book/vendor/README.md``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".eot", ".svg"}
FONT_FOLDERS = ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets")


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove sphinx-thebe's inline configuration and script from the page's scripts."""
    context["script_files"] = [
        script
        for script in context.get("script_files", [])
        if not str(script).endswith("sphinx-thebe.js")
        and "THEBE_JS_URL" not in getattr(script, "attributes", {}).get("body", "")
    ]


def copy_widget_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Put the html-manager fonts where widget pages' stylesheets look for them."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    fonts = [
        p for p in (outdir / "_static" / "html-manager").glob("*") if p.suffix in FONT_SUFFIXES
    ]
    folders = {
        page.parent
        for page in outdir.rglob("*.html")
        if "_static" not in page.parts and WIDGET_VIEW in page.read_text(encoding="utf-8")
    }
    for folder in folders:
        for relative in FONT_FOLDERS:
            target = folder / relative
            target.mkdir(parents=True, exist_ok=True)
            for font in fonts:
                shutil.copy2(font, target / font.name)


def setup(app: Sphinx) -> dict:
    """Register both steps."""
    app.connect("html-page-context", drop_thebe)
    app.connect("build-finished", copy_widget_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
