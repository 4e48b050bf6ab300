"""Sphinx extension: ship the Chinese characters the site uses as a small web font.

A reader whose computer has no Chinese font (and anyone opening the offline bundle on such a
machine) would see empty boxes. At the end of the build this extension collects every CJK
character in the built pages, cuts those glyphs out of Noto Sans CJK SC (shipped by the
``mplfonts`` package, SIL Open Font License) with fontTools, and writes
``_static/cjk/noto-sans-sc-subset.woff`` with a stylesheet that every page loads. The font only
covers CJK code points (``unicode-range``), so Latin text keeps the theme's fonts.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FAMILY = "CX Noto Sans SC"
FOLDER = "cjk"
FONT_FILE = "noto-sans-sc-subset.woff"
CSS_FILE = "cjk.css"
# CJK punctuation, Hiragana/Katakana, CJK ideographs (+ extension A), full-width forms.
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
UNICODE_RANGE = "U+3000-30FF, U+3400-4DBF, U+4E00-9FFF, U+FF00-FFEF"
CSS = f"""/* Chinese glyphs used on this site, from Noto Sans CJK SC (SIL Open Font License). */
@font-face {{
  font-family: "{FAMILY}";
  src: url("{FONT_FILE}") format("woff");
  unicode-range: {UNICODE_RANGE};
  font-display: swap;
}}
html {{
  --pst-font-family-base: "{FAMILY}", var(--pst-font-family-base-system);
  --pst-font-family-heading: "{FAMILY}", var(--pst-font-family-base-system);
  --pst-font-family-monospace: var(--pst-font-family-monospace-system), "{FAMILY}";
}}
"""


def _source_font() -> Path | None:
    """Noto Sans CJK SC from the mplfonts package, if installed."""
    try:
        import mplfonts
    except ImportError:
        return None
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return path if path.is_file() else None


def characters(outdir: Path) -> str:
    """Every CJK character in the built pages and the search index, sorted."""
    found: set[str] = set()
    for path in [*outdir.rglob("*.html"), outdir / "searchindex.js"]:
        if path.is_file() and "_static" not in path.parts:
            found.update(CJK.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return "".join(sorted(found))


def write_font(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build, write the subset font and its stylesheet."""
    if exception is not None or app.builder.format != "html":
        return
    source = _source_font()
    if source is None:
        logger.warning(
            "cjk_font: mplfonts is not installed; Chinese text relies on the reader's fonts"
        )
        return
    from fontTools import subset

    outdir = Path(app.outdir) / "_static" / FOLDER
    outdir.mkdir(parents=True, exist_ok=True)
    text = characters(Path(app.outdir))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(outdir / FONT_FILE), options)
    (outdir / CSS_FILE).write_text(CSS, encoding="utf-8")
    size = (outdir / FONT_FILE).stat().st_size
    logger.info(f"cjk_font: {len(text)} Chinese characters, {size / 1024:.0f} KiB")


def setup(app: Sphinx) -> dict:
    """Register the stylesheet on every page and the font writer at the end of the build."""
    app.add_css_file(f"{FOLDER}/{CSS_FILE}")
    app.connect("build-finished", write_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
