"""The headless browser this project prints and tests with: where to find one, how to launch it.

One place for the book's printing (``pdf.py``, ``worksheets.py``) and the browser tests
(``tests/_browser.py``). Any Chromium-based browser will do; :func:`find` looks, in this order:

1. ``CX_CHROMIUM``: the path of a browser's executable (an override; a wrong path is an error,
   not a reason to look elsewhere);
2. the places Playwright's ``channel="chrome"`` and ``channel="msedge"`` look (Google Chrome and
   Microsoft Edge on Linux, macOS and Windows), Debian's and Ubuntu's ``chromium`` and
   ``chromium-browser``, the Snap and macOS Chromium, then the same names on ``PATH``;
3. the Chromium that ``python -m playwright install chromium`` downloads
   (``PLAYWRIGHT_BROWSERS_PATH`` or Playwright's default cache folder).

With none, :data:`CHROMIUM` is a path that does not exist and :data:`NO_CHROMIUM` is the one
line that says what is missing and how to get it: the site is still built (the worksheet
downloads become a note, ``worksheets.py``), and the browser tests are skipped with that line.

Launched as root in a sandbox with no background traffic to the (closed) internet: without the
flags in :data:`ARGS` Chromium keeps trying Google's hosts.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

#: Set to a browser's executable to use that one (``CX_CHROMIUM=/opt/chrome/chrome make book``).
ENV = "CX_CHROMIUM"
#: Playwright's channel locations (playwright-core's registry) and the distributions' packages.
LINUX = (
    "/usr/bin/chromium",  # Debian
    "/usr/bin/chromium-browser",  # Ubuntu, Fedora
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",  # channel="chrome"
    "/opt/microsoft/msedge/msedge",  # channel="msedge"
)
MACOS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
#: On Windows, under each of LOCALAPPDATA, PROGRAMFILES and PROGRAMFILES(X86) (as Playwright does).
WINDOWS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
    r"Chromium\Application\chrome.exe",
)
NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
#: What ``python -m playwright install chromium`` puts in its cache folder, per platform.
PLAYWRIGHT_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-mac*/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
    "chromium-*/chrome-win*/chrome.exe",
)
HOW_TO_GET = (
    "install one with `apt-get install chromium` (Debian/Ubuntu), install Google Chrome or "
    "Microsoft Edge, or run `python -m playwright install chromium`; "
    f"or point {ENV} at a browser's executable"
)


class BrowserSettingError(RuntimeError):
    """``CX_CHROMIUM`` names something that is not an executable file."""


def _usable(path: Path) -> bool:
    """A regular file we may run (a ``/dev/null`` bound over it, as the tests do, is not)."""
    return path.is_file() and os.access(path, os.X_OK)


def _playwright_folder() -> Path:
    """Where Playwright keeps the browsers it downloads."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"


def candidates() -> list[Path]:
    """Every place :func:`find` looks, in order (``CX_CHROMIUM`` aside)."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("LOCALAPPDATA", "PROGRAMFILES", "PROGRAMFILES(X86)")]
        places = [Path(root) / rel for rel in WINDOWS for root in roots if root]
    elif sys.platform == "darwin":
        places = [Path(p) for p in MACOS]
    else:
        places = [Path(p) for p in LINUX]
    places += [Path(found) for name in NAMES if (found := shutil.which(name))]
    folder = _playwright_folder()
    for pattern in PLAYWRIGHT_GLOBS:  # the newest download first
        places += sorted(folder.glob(pattern), reverse=True)
    return places


def find() -> Path | None:
    """The browser to use: ``CX_CHROMIUM`` when set, else the first of :func:`candidates`.

    Raises
    ------
    BrowserSettingError
        When ``CX_CHROMIUM`` is set but is not an executable file.

    Examples
    --------
    >>> import os
    >>> os.environ[ENV] = "/no/such/browser"
    >>> find()
    Traceback (most recent call last):
    ...
    chromium.BrowserSettingError: CX_CHROMIUM=/no/such/browser is not an executable file
    >>> del os.environ[ENV]
    """
    override = os.environ.get(ENV)
    if override:
        path = Path(override).expanduser()
        if not _usable(path):
            raise BrowserSettingError(f"{ENV}={override} is not an executable file")
        return path
    return next((path for path in candidates() if _usable(path)), None)


#: The browser found when this module was imported, or a path that does not exist (so that
#: ``CHROMIUM.exists()`` says whether there is one).
CHROMIUM = find() or Path("/nonexistent/no-headless-browser")
#: The one line to print when there is none.
NO_CHROMIUM = (
    "no headless browser found (looked for Chromium, Google Chrome, Microsoft Edge and "
    f"Playwright's Chromium): {HOW_TO_GET}"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def available() -> bool:
    """Whether a browser was found."""
    return _usable(CHROMIUM)


def launch(driver):
    """The found browser, headless, through Playwright (which downloads nothing here)."""
    if not available():
        raise FileNotFoundError(NO_CHROMIUM)
    return driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
