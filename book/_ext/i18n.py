"""Build the course site in English and Chinese from one source, and keep the translation complete.

The English pages and notebooks are the only source. Their text is extracted into gettext
templates (Sphinx's ``gettext`` builder), merged into one Chinese catalogue per page under
``book/locales/zh_CN/LC_MESSAGES/`` and translated there; the Chinese site is the same Sphinx
build with ``language = "zh_CN"``, which replaces every paragraph, heading, table cell and
admonition by its translation, with the notebooks executed again so that their pictures draw
Chinese labels (``CXLIB_LANG=zh``, read by :mod:`cxlib.plots`). An English edit therefore shows
up as an untranslated or fuzzy message, and ``check`` (run by ``make test``) fails until the
Chinese is written: the two editions cannot drift apart.

Usage (``make book`` and ``make translations`` call these)::

    python book/_ext/i18n.py build en zh   # the sites into _build/html and _build/html/zh
    python book/_ext/i18n.py update        # merge the English text into the catalogues
    python book/_ext/i18n.py check         # fail on untranslated, fuzzy or stale messages
    python book/_ext/i18n.py status        # messages to translate, page by page

Catalogue handling uses Babel (a Sphinx dependency), the library ``sphinx-intl`` wraps.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import cxlib_messages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The catalogues (extraction, merge, check) and the cached Sphinx build live beside this file;
# their names are kept here, where the Makefile, the tests and the other extensions find them.
from i18n_catalogue import (  # noqa: E402, F401
    _HEADER_DATE,
    _ROLE,
    CATALOGUES,
    FIGURE_TEXTS,
    FIGURES,
    LOCALES,
    STATIC_FIGURE_TEXTS,
    _catalogue_path,
    _check_message,
    _merge,
    _stray_asterisks,
    check,
    extract,
    figure_messages,
    markup,
    needs_words,
    problems,
    status,
    update,
    update_figures,
)
from i18n_sphinx import CACHES, INPUTS, _build, cache_folder, fingerprint  # noqa: E402, F401

#: Where each edition is written: the English site at the top, the Chinese one beside it.
OUTPUT = {"en": ROOT / "_build" / "html", "zh": ROOT / "_build" / "html" / "zh"}
#: Sphinx settings that differ between the editions; everything else is in _config.yml.
EDITION = {
    "en": {"language": "en"},
    "zh": {
        "language": "zh_CN",
        "html_search_language": "zh",
        # jieba segments the search index with the course's terms as whole words
        "html_search_options": {"dict": str(ROOT / "_build" / "search-dict-zh.txt")},
        "html_title": "客户体验分析练习册 · CX Workbook",
        # the interface texts of myst-nb and sphinx-togglebutton, which ship no Chinese
        "nb_code_prompt_show": "显示代码",
        "nb_code_prompt_hide": "隐藏代码",
        "togglebutton_hint": "点击显示",
        "togglebutton_hint_hide": "点击隐藏",
    },
}


def search_dictionary(path: Path) -> Path:
    """Write jieba's user dictionary: every Chinese name of the course as one word.

    The names are the terminology's and the registry's (``cxlib.terms.entries``: activities,
    handouts, models), so that a search for 转发场景头脑风暴单 finds the page that names it.
    """
    sys.path.insert(0, str(ROOT))
    from cxlib import terms

    words = set()
    for row in terms.entries().values():
        words.update(re.split(r"[\s（）()，、/=+：:;；“”《》·…]+", row["zh"]))
    lines = sorted(f"{w} 100000 n" for w in words if len(w) > 1 and not w.isascii())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: A build that prints nothing for this long is stuck: longer than a cell's 300 s timeout, so a
#: cell that recovers at its timeout goes on (seen: nbclient#312, see book/_ext/offline_site.py).
STALL_SECONDS = 420
ATTEMPTS = 3


#: The Chinese edition is built here, then moved to ``OUTPUT["zh"]``: so that it can be built
#: while the English one writes ``_build/html``, and so that its executed notebooks (myst-nb's
#: ``jupyter_execute`` beside the output folder) stay out of the English site.
STAGING = ROOT / "_build" / ".zh-edition" / "zh"


def build(*langs: str) -> int:
    """Build editions in child processes, at the same time, restarting one that stops.

    Each build prints a line for every page it reads and every notebook it runs (prefixed with
    its edition when there are two); when one has been silent for :data:`STALL_SECONDS`, its
    process group (with its kernels) is stopped and it starts again, at most :data:`ATTEMPTS`
    times, saying so. A build that fails fails at once. On two cores the editions run side by
    side: each mostly waits on its own notebook kernel.
    """
    import shutil
    import threading
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import chromium
    import worksheets

    # The downloads both editions link to are made once, here, while the editions start: the
    # builds skip making them and wait for them only when a page that links to them is read
    # (missing_downloads.py), not both printing the same PDFs at once.
    worksheets.build_excel()
    printed = Path(os.environ.setdefault(worksheets.PRINTED_ENV, str(worksheets.PRINTED)))
    printed.unlink(missing_ok=True)
    printer = None
    if chromium.available():

        def print_worksheets() -> None:
            try:
                worksheets.build()
                printed.write_text("printed\n", encoding="utf-8")
            except Exception as error:  # the pages then say "not built"; the build fails below
                printed.write_text(f"failed: {error}\n", encoding="utf-8")

        printer = threading.Thread(target=print_worksheets)
        printer.start()
    else:
        printed.parent.mkdir(parents=True, exist_ok=True)
        printed.write_text("no browser\n", encoding="utf-8")
        print(f"make book: the worksheet PDFs are not printed: {chromium.NO_CHROMIUM}", flush=True)
    statuses: dict[str, int] = {}

    def run(lang: str) -> None:
        statuses[lang] = _build_one(lang, f"[{lang}] " if len(langs) > 1 else "")

    threads = [threading.Thread(target=run, args=(lang,)) for lang in langs]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if printer is not None:
        printer.join()
        if printed.read_text(encoding="utf-8").startswith("failed"):
            print(f"make book: printing the worksheets {printed.read_text(encoding='utf-8')}")
            statuses["worksheets"] = 1
    if statuses.get("zh") == 0:
        shutil.rmtree(OUTPUT["zh"], ignore_errors=True)
        OUTPUT["zh"].parent.mkdir(parents=True, exist_ok=True)
        shutil.move(STAGING, OUTPUT["zh"])
    if len(langs) > 1:
        print(f"i18n build {' + '.join(langs)}: {time.monotonic() - start:.0f} s in all")
    return max(statuses.values(), default=0)


def _build_one(lang: str, prefix: str) -> int:
    """One edition's build in a watched child process (see :func:`build`)."""
    import time

    command = [sys.executable, str(Path(__file__).resolve()), "build-once", lang]
    start = time.monotonic()
    for attempt in range(1, ATTEMPTS + 1):
        status = _watched(command, prefix)
        if status is not None:
            print(f"i18n build {lang}: {time.monotonic() - start:.0f} s, exit status {status}")
            return status
        print(
            f"i18n build {lang}: no progress for {STALL_SECONDS} s (a notebook kernel stopped "
            f"answering); starting again ({attempt + 1} of {ATTEMPTS})"
            if attempt < ATTEMPTS
            else f"i18n build {lang}: stuck {ATTEMPTS} times; giving up",
            flush=True,
        )
    return 1


def _watched(command: list[str], prefix: str = "") -> int | None:
    """Run ``command``, echoing its output; its exit status, or None if it went silent."""
    import queue
    import signal
    import subprocess
    import threading

    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # progress lines as they are printed
    )
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for text in process.stdout:
            lines.put(text)
        lines.put(None)  # end of output: the process has closed it

    threading.Thread(target=read, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=STALL_SECONDS)
        except queue.Empty:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None
        if line is None:
            return process.wait()
        sys.stdout.write(prefix + line)
        sys.stdout.flush()


def build_once(lang: str) -> int:
    """Build one edition of the site (the notebooks are executed once per edition and cached).

    The Chinese edition is written to :data:`STAGING` (:func:`build` moves it into place).
    """
    import shutil

    if lang == "zh":
        search_dictionary(Path(EDITION["zh"]["html_search_options"]["dict"]))
        os.environ["CXLIB_LANG"] = "zh"  # the notebook kernels inherit it
        shutil.rmtree(STAGING, ignore_errors=True)
    else:
        os.environ.pop("CXLIB_LANG", None)
    doctrees = ROOT / "_build" / f".doctrees-{lang}"
    outdir = STAGING if lang == "zh" else OUTPUT[lang]
    status = _build("html", outdir, doctrees, EDITION[lang], quiet=False)
    if lang == "en" and status == 0:  # what the kernels drew, whether cached or run now
        for recorded, kept in [
            (cache_folder("en") / "figure-texts.txt", FIGURE_TEXTS),
            (cache_folder("en") / "table-texts.txt", cxlib_messages.TABLE_TEXTS),
        ]:
            if recorded.exists():
                shutil.copyfile(recorded, kept)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build").add_argument("langs", choices=sorted(OUTPUT), nargs="+")
    sub.add_parser("build-once").add_argument("lang", choices=sorted(OUTPUT))
    for name in ("update", "check", "status"):
        sub.add_parser(name)
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(*args.langs)
    if args.command == "build-once":
        return build_once(args.lang)
    return {"update": update, "check": check, "status": status}[args.command]()


if __name__ == "__main__":
    sys.exit(main())
