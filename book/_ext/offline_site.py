"""Sphinx extension: keep the built site self-contained (it must work with no network).

- Drops sphinx-thebe's scripts from every page: the course launches no live kernels, and the
  extension (always loaded by Jupyter Book) injects its inline configuration twice, which is a
  JavaScript error, and names a CDN.
- Copies the widget manager's icon fonts beside every page that embeds widgets: html-manager
  1.0.6 builds two of its font stylesheets with URLs relative to the page
  (``@jupyter-widgets/html-manager/dist/…`` and ``@jupyter-widgets/…``) whatever its assets path.

- Stops nbclient's Output-widget emulation from sending the widget's state back to the kernel
  on the shell channel while the executor is waiting on that same channel for the cell's reply:
  a known race (jupyter/nbclient#312) in which the reply is only seen when the cell's timeout
  (300 s here) runs out. It hit the workbook's widget cells in about half of the builds here.
  Nothing in the course reads an Output widget's outputs back in the kernel, and the outputs are
  still recorded in the saved widget state the static pages show.

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


def no_output_widget_echo() -> None:
    """Keep nbclient's Output widget from writing to the shell channel during execution."""
    from nbclient.output_widget import OutputWidget

    OutputWidget.sync_state = lambda self: None


def setup(app: Sphinx) -> dict:
    """Register both steps, and make notebook execution safe with Output widgets."""
    no_output_widget_echo()
    app.connect("html-page-context", drop_thebe)
    app.connect("build-finished", copy_widget_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
