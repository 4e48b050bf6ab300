"""What the browser tests share: Debian's Chromium, how to launch it in this sandbox, and which
fonts Chromium used to draw Chinese text."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
ARGS = [  # as root in a sandbox, with no background traffic to the (closed) internet
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def launch(driver):
    """Headless Chromium from Debian's package (Playwright downloads no browser here)."""
    return driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def chinese_fonts(page, *selectors: str) -> list[tuple[str, bool]]:
    """Fonts used for the first element, trying ``selectors`` in turn, whose text has Chinese.

    Returns (family, is a web font) pairs, or [] when no such element is drawn.
    """
    session = page.context.new_cdp_session(page)
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
