"""A small web font with exactly the Chinese characters a page uses, so that it renders on any
computer, including one with no Chinese font and no network.

The glyphs come from Noto Sans CJK SC (shipped by the ``mplfonts`` package, SIL Open Font
License), cut down with fontTools to the characters given. Used by the book's site
(``book/_ext/cjk_font.py``) and by ``cx report``.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

__all__ = [
    "CJK",
    "FAMILY",
    "UNICODE_RANGE",
    "characters",
    "css",
    "data_uri",
    "source_font",
    "subset",
]

#: CJK punctuation, kana, ideographs (with extension A) and full-width forms.
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
UNICODE_RANGE = "U+3000-30FF, U+3400-4DBF, U+4E00-9FFF, U+FF00-FFEF"
FAMILY = "CX Noto Sans SC"


def source_font() -> Path | None:
    """Noto Sans CJK SC from the mplfonts package, or None when it is not installed."""
    try:
        import mplfonts
    except ImportError:
        return None
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return path if path.is_file() else None


def characters(text: str) -> str:
    """The distinct CJK characters of a text, sorted.

    Examples
    --------
    >>> characters("净推荐值 NPS 推荐")
    '值净推荐'
    """
    return "".join(sorted(set(CJK.findall(text))))


def subset(text: str, *, flavor: str | None = "woff", only_cjk: bool = True) -> bytes | None:
    """A WOFF font holding the CJK characters of ``text``; None if no source font or no CJK.

    ``flavor=None`` writes an OpenType font (what matplotlib reads) and ``only_cjk=False`` keeps
    every character of ``text`` (the in-browser course's font, ``book/_ext/lite_wheels.py``).
    """
    glyphs = characters(text) if only_cjk else "".join(sorted(set(text)))
    source = source_font()
    if not glyphs or source is None:
        return None
    from fontTools import subset as fonttools_subset

    options = fonttools_subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the family name: matplotlib finds a font by it
    font = fonttools_subset.load_font(str(source), options)
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(text=glyphs)
    subsetter.subset(font)
    buffer = io.BytesIO()
    fonttools_subset.save_font(font, buffer, options)
    return buffer.getvalue()


def css(url: str) -> str:
    """The @font-face rule for the subset font found at ``url`` (a path or a data URI).

    Put :data:`FAMILY` *first* in a font-family list: after a generic family such as
    ``system-ui``, Chromium falls back to the system for Chinese, and draws empty boxes where the
    system has no Chinese font. ``unicode-range`` keeps Latin text on the following fonts.

    Examples
    --------
    >>> "unicode-range: U+3000-30FF" in css("font.woff")
    True
    """
    return (
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}") format("woff"); '
        f"unicode-range: {UNICODE_RANGE}; font-display: swap; }}"
    )


def data_uri(font: bytes) -> str:
    """The font as a data URI, to embed in a self-contained HTML file."""
    return "data:font/woff;base64," + base64.b64encode(font).decode()
