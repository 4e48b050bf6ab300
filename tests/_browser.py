"""What the browser tests share: Debian's Chromium and how to launch it (``book/_ext/chromium.py``,
which the book's printing uses too), and which fonts Chromium used to draw Chinese text."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from chromium import ARGS, CHROMIUM, NO_CHROMIUM, launch

__all__ = ["ARGS", "CHROMIUM", "NO_CHROMIUM", "chinese_fonts", "launch"]


def chinese_fonts(page, *selectors: str) -> list[tuple[str, bool]]:
    """Fonts used for the first element, trying ``selectors`` in turn, whose text has Chinese.

    Returns (family, is a web font) pairs, or [] when no such element is drawn.
    """
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        for selector in selectors:
            nodes = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
            for node in nodes["nodeIds"]:
                text = session.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
                if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                    return [(font["familyName"], font["isCustomFont"]) for font in fonts]
        return []
    finally:  # a tab that opens many pages must not gather one session per page
        session.detach()
