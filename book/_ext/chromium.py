"""Debian's Chromium as this project uses it: where it is and how to launch it in this sandbox.

One place for the book's printing (``pdf.py``, ``worksheets.py``) and the browser tests
(``tests/_browser.py``). As root in a sandbox, with no background traffic to the (closed)
internet: without these flags Chromium keeps trying Google's hosts.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
ARGS = [
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
