"""Sphinx extension: ship the Chinese characters the site uses as a small web font.

A reader whose computer has no Chinese font (and anyone opening the offline bundle on such a
machine) would see empty boxes. At the end of the build this extension collects every CJK
character in the built pages and writes them, cut out of Noto Sans CJK SC by
:mod:`cxlib.webfont`, as ``_static/cjk/noto-sans-sc-subset.woff`` with a stylesheet that every
page loads. The font covers only CJK code points (``unicode-range``), so Latin text keeps the
theme's fonts.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from cxlib import webfont

logger = logging.getLogger(__name__)

FOLDER = "cjk"
FONT_FILE = "noto-sans-sc-subset.woff"
CSS_FILE = "cjk.css"
CSS = f"""/* Chinese glyphs used on this site, from Noto Sans CJK SC (SIL Open Font License). */
{webfont.css(FONT_FILE)}
html {{
  --pst-font-family-base: "{webfont.FAMILY}", var(--pst-font-family-base-system);
  --pst-font-family-heading: "{webfont.FAMILY}", var(--pst-font-family-base-system);
  --pst-font-family-monospace: var(--pst-font-family-monospace-system), "{webfont.FAMILY}";
}}
"""


def page_text(outdir: Path) -> str:
    """The text of every built page and of the search index."""
    parts = []
    for path in [*outdir.rglob("*.html"), outdir / "searchindex.js"]:
        if path.is_file() and "_static" not in path.parts:
            parts.append(path.read_text(encoding="utf-8", errors="ignore"))
    return "".join(parts)


def write_font(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build, write the subset font and its stylesheet."""
    if exception is not None or app.builder.format != "html":
        return
    if webfont.source_font() is None:
        logger.warning(
            "cjk_font: mplfonts is not installed; Chinese text relies on the reader's fonts"
        )
        return
    text = page_text(Path(app.outdir))
    font = webfont.subset(text) or b""
    outdir = Path(app.outdir) / "_static" / FOLDER
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / FONT_FILE).write_bytes(font)
    (outdir / CSS_FILE).write_text(CSS, encoding="utf-8")
    count = len(webfont.characters(text))
    logger.info(f"cjk_font: {count} Chinese characters, {len(font) / 1024:.0f} KiB")


def setup(app: Sphinx) -> dict:
    """Register the stylesheet on every page and the font writer at the end of the build."""
    app.add_css_file(f"{FOLDER}/{CSS_FILE}")
    app.connect("build-finished", write_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
