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
import functools
import os
import re
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import cxlib_messages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n_check  # noqa: E402  (the check's rules, beside this file)
import sphinx_speed  # noqa: E402  (two costs of the Chinese build removed)

LOCALES = ROOT / "book" / "locales"
CATALOGUES = LOCALES / "zh_CN" / "LC_MESSAGES"
#: The figure texts' catalogue ships with cxlib, so that pictures follow the language anywhere.
FIGURES = ROOT / "cxlib" / "data" / "figures.zh.po"
#: Every figure text the English build drew (recorded by cxlib.plots.language).
FIGURE_TEXTS = ROOT / "_build" / "figure-texts.txt"
#: The texts of the book's static figures (book/figures/), recorded when they are drawn
#: (``make coverage``): the book build does not draw them, so their messages are kept from here.
STATIC_FIGURE_TEXTS = ROOT / "book" / "figures" / "figure-texts.txt"
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


#: What the notebooks' outputs depend on besides their own code: a change to any of these files
#: starts a new execution cache (see :func:`cache_folder`).
INPUTS = ("cxlib", "datasets", "requirements.txt", "pyproject.toml", "notebooks", "casestudies")
CACHES = ROOT / "_build" / ".jupyter_cache"


def fingerprint() -> str:
    """A short hash of everything a notebook's outputs depend on besides its own cells.

    The library, the datasets, the pinned requirements, the data files beside the notebooks
    (not the notebooks and pages themselves: jupyter-cache matches those by their code cells),
    the Python version and the machine's architecture.
    """
    import hashlib
    import platform

    digest = hashlib.sha256(f"{sys.version}|{platform.machine()}".encode())
    for name in INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            parts = set(path.relative_to(ROOT).parts)
            if parts & {"__pycache__", ".ipynb_checkpoints"} or path.suffix in {".ipynb", ".md"}:
                continue
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache  # once per process: an edit during a build does not switch caches mid-way
def cache_folder(lang: str) -> Path:
    """The execution cache of one edition: ``_build/.jupyter_cache/<lang>-<fingerprint>``.

    Each notebook is executed once per edition (the Chinese one with ``CXLIB_LANG=zh``) and its
    outputs reused by every later build of that edition: the site, the PDF (``pdf.py``), the
    trainer edition (``quiz.py``). jupyter-cache re-executes a notebook whose code cells changed;
    a change to the library or the data (:func:`fingerprint`) starts a new cache, and the
    edition's older caches are removed.
    """
    import shutil

    folder = CACHES / f"{lang}-{fingerprint()}"
    if not folder.is_dir():
        for old in CACHES.glob(f"{lang}-*"):
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def _build(builder: str, outdir: Path, doctrees: Path, overrides: dict, quiet: bool) -> int:
    """Run Jupyter Book's Sphinx build with _config.yml and the given overrides.

    Notebooks are executed through the edition's cache (:func:`cache_folder`); in the English
    edition every figure text a kernel draws and every table label it shows is recorded beside
    the cache, so that the record stays complete when notebooks come from the cache (``make
    translations`` reads it).
    """
    from jupyter_book.sphinx import build_sphinx

    sphinx_speed.apply()
    executes = overrides.get("nb_execution_mode") != "off"
    lang = "zh" if str(overrides.get("language", "en")).startswith("zh") else "en"
    cache = cache_folder(lang) if executes else None
    if lang == "en" and executes:
        os.environ["CXLIB_FIGURE_TEXTS"] = str(cache / "figure-texts.txt")
        os.environ["CXLIB_TABLE_TEXTS"] = str(cache / "table-texts.txt")  # and the tables' labels
    else:
        os.environ.pop("CXLIB_FIGURE_TEXTS", None)
        os.environ.pop("CXLIB_TABLE_TEXTS", None)
    base = {
        "external_toc_path": "_toc.yml",
        "latex_individualpages": False,
        "locale_dirs": ["book/locales"],
        "gettext_compact": False,  # one catalogue per page: small files, clear ownership
        "project": "CX Workbook",  # names the catalogues
    }
    if cache is not None:
        base["nb_execution_cache_path"] = str(cache)
    result = build_sphinx(
        ROOT,
        outdir,
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={**base, **overrides},
        builder=builder,
        doctreedir=doctrees,
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        quiet=quiet,
    )
    return 1 if isinstance(result, Exception) else int(result or 0)


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


def extract(outdir: Path) -> list[Path]:
    """The English text of every page as gettext templates (.pot) under ``outdir``."""
    overrides = {"nb_execution_mode": "off"}  # outputs are not translated: no need to run code
    status = _build("gettext", outdir, outdir / ".doctrees", overrides, quiet=True)
    if status:
        raise SystemExit("extracting the English text failed (see the messages above)")
    return sorted(outdir.rglob("*.pot"))


#: MyST markup a translation must keep: roles (by target), inline code, math, link targets.
_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_CODE = re.compile(r"(?<![`}])`([^`]+)`")
_MATH = re.compile(r"\$[^$]+\$")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_PLACEHOLDER = re.compile(r"\{\d+\}")  # numbers cut out of figure texts


def markup(text: str) -> Counter:
    """The pieces of MyST markup in a message that its translation must carry unchanged.

    A role keeps its name and target but may translate its text: ``{term}`置信区间 <confidence
    interval>``` carries the same target as ``{term}`confidence interval```.

    Examples
    --------
    >>> sorted(markup("A {term}`confidence interval` and $x$ in `cxlib.nps`"))
    ['$x$', 'code:cxlib.nps', 'term:confidence interval']
    >>> markup("{term}`置信区间 <confidence interval>`") == markup("{term}`confidence interval`")
    True
    """
    pieces = Counter()
    for role, body in _ROLE.findall(text):
        target = re.search(r"<([^<>]+)>\s*$", body)
        kept = target.group(1) if target and role not in ("math",) else body
        pieces[f"{role}:{kept.strip()}"] += 1
    rest = _ROLE.sub(" ", text)
    pieces.update(f"code:{code}" for code in _CODE.findall(rest))
    pieces.update(_MATH.findall(rest))
    pieces.update(f"link:{url}" for url in _LINK.findall(rest))
    pieces.update(_PLACEHOLDER.findall(rest))
    return pieces


def _catalogue_path(template: Path, templates: Path) -> Path:
    return CATALOGUES / template.relative_to(templates).with_suffix(".po")


#: A fixed header date, so that merging unchanged text leaves the catalogue files unchanged.
_HEADER_DATE = datetime(2026, 11, 28, tzinfo=UTC)


def _merge(template, path: Path) -> None:
    """Merge a template into the catalogue at ``path`` (created if missing) and write it."""
    from babel.messages.pofile import read_po, write_po

    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale="zh_CN")
        catalogue.update(template, update_header_comment=False)
    else:
        catalogue = template
        catalogue.locale = "zh_CN"
    catalogue.fuzzy = False
    catalogue.creation_date = catalogue.revision_date = _HEADER_DATE
    for message in catalogue:  # Babel's guessed format flags mean nothing for prose
        message.flags -= {"python-format", "python-brace-format"}
        if message.id and not needs_words(message.id):  # numbers, formulas: shown as they are
            message.string = ""
            message.flags.discard("fuzzy")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0, no_location=True, ignore_obsolete=True)


def update() -> int:
    """Merge freshly extracted English text into the Chinese catalogues.

    New messages arrive untranslated; changed ones keep their old Chinese marked fuzzy (to be
    checked); messages whose English is gone are dropped, as are catalogues of removed pages.
    """
    from babel.messages.pofile import read_po

    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp)
        wanted = set()
        for template in extract(templates):
            path = _catalogue_path(template, templates)
            wanted.add(path)
            with template.open("rb") as handle:
                pot = read_po(handle)
            _merge(pot, path)
    if FIGURE_TEXTS.exists():
        update_figures()
    else:
        print("figure texts not merged: build the English site first (`make translations` does)")
    cxlib_messages.update()  # results, self-checks, hints and table labels (cxlib's catalogue)
    for stale in set(CATALOGUES.rglob("*.po")) - wanted:
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)} (its page is gone)")
    return status()


def figure_messages() -> set[str]:
    """The figure texts the last English build drew (``make book`` records them)."""
    if not FIGURE_TEXTS.exists():
        raise SystemExit(f"{FIGURE_TEXTS.relative_to(ROOT)} is missing: run `make book` first")
    lines = FIGURE_TEXTS.read_text(encoding="utf-8").splitlines()
    if STATIC_FIGURE_TEXTS.exists():
        lines += STATIC_FIGURE_TEXTS.read_text(encoding="utf-8").splitlines()
    return {line.replace("\\n", "\n") for line in lines if line}


def update_figures() -> None:
    """Merge the recorded figure texts into ``cxlib/data/figures.zh.po`` (same rules as pages)."""
    from babel.messages.catalog import Catalog

    template = Catalog(project="CX Workbook figures")
    for message in sorted(figure_messages()):
        template.add(message)
    _merge(template, FIGURES)


def _stray_asterisks(text: str) -> int:
    """Asterisks that Markdown leaves as text (emphasis it could not open or close).

    Examples
    --------
    >>> _stray_asterisks("**时间：**30 分钟"), _stray_asterisks("**时间**：30 分钟")
    (4, 0)
    """
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").renderInline(_ROLE.sub(" ", text))
    return re.sub(r"<code>.*?</code>", "", html).count("*")


def needs_words(msgid: str) -> bool:
    """Whether a reader sees English words in a message (see :func:`i18n_check.needs_words`).

    Examples
    --------
    >>> needs_words("−43.6 to −19.0"), needs_words("< 0.001"), needs_words("Holm p")
    (True, False, True)
    """
    return i18n_check.needs_words(msgid)


def _check_message(msgid: str, message, avoided: dict[str, str], terms) -> list[str]:
    """What is wrong with one message's translation (nothing: an empty list)."""
    if not needs_words(msgid) and not message.string:
        return []
    if not message.string:
        return [f"untranslated: {msgid[:70]!r}"]
    if message.fuzzy:
        return [f"fuzzy (English changed; check the Chinese): {msgid[:70]!r}"]
    issues = []
    if _stray_asterisks(message.string) > _stray_asterisks(msgid):
        issues.append(
            f"emphasis that will not render in {msgid[:50]!r}: CommonMark does not close ** or "
            "* right after Chinese punctuation followed by a character; write **术语**：, "
            "not **术语：**"
        )
    lost = markup(msgid) - markup(message.string)
    added = markup(message.string) - markup(msgid)
    if lost or added:
        issues.append(
            f"markup differs in {msgid[:50]!r}: missing {sorted(lost)}, extra {sorted(added)}"
        )
    for word, key in terms.misused(message.string):
        issues.append(f"term: {word!r} used; the course says {terms.zh(key)!r}")
    for issue in i18n_check.emphasis_problems(msgid, message.string):
        issues.append(f"emphasis in {msgid[:50]!r}: {issue}")
    if i18n_check.nested_quotes(message.string):
        issues.append(f"nested “ ” in {msgid[:50]!r}: a quotation inside a quotation takes ‘ ’")
    english = i18n_check.latin_words(message.string, msgid)
    if english:
        issues.append(f"English left in the Chinese of {msgid[:50]!r}: {', '.join(english)}")
    numbered = re.match(r"(\d+)\. ", message.string)
    if numbered and re.match(r"\d+\. ", msgid):
        issues.append(  # "1. 谁作答了" parses as a list item: Sphinx then keeps the English
            f"numbered text {msgid[:50]!r} would become a list item: write {numbered[1]}．… "
            "(a full-width stop), as the other numbered headings do"
        )
    return issues


def problems() -> dict[str, list[str]]:
    """Per catalogue, what keeps the Chinese edition from matching the English one.

    Compares the catalogues with text extracted afresh from the sources (so an English edit
    that was never merged is caught too) and checks the translations against the course's
    terminology (no avoided synonym without its preferred term).
    """
    from babel.messages.pofile import read_po

    sys.path.insert(0, str(ROOT))
    from cxlib import terms

    avoided = terms.avoided()
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp)
        for template in extract(templates):
            path = _catalogue_path(template, templates)
            name = str(path.relative_to(CATALOGUES))
            issues = found.setdefault(name, [])
            if not path.exists():
                issues.append("no catalogue: run `make translations`")
                continue
            with template.open("rb") as handle:
                english = {m.id for m in read_po(handle) if m.id}
            with path.open("rb") as handle:
                catalogue = read_po(handle)
            messages = {m.id: m for m in catalogue if m.id}
            for msgid in sorted(english - set(messages)):
                issues.append(f"not merged: {msgid[:70]!r} (run `make translations`)")
            for msgid in sorted(english & set(messages)):
                issues.extend(_check_message(msgid, messages[msgid], avoided, terms))
    for name in i18n_check.figures_without_twin():
        issues = found.setdefault("figures (book/figures)", [])
        stem, suffix = name.rsplit(".", 1)
        issues.append(f"book/figures/{name} has no Chinese twin book/figures/{stem}.zh_CN.{suffix}")
    if not FIGURE_TEXTS.exists() and FIGURES.exists():  # no build: check what is translated
        issues = found.setdefault("figures (cxlib/data/figures.zh.po)", [])
        with FIGURES.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    issues.extend(_check_message(message.id, message, avoided, terms))
    if FIGURE_TEXTS.exists():
        issues = found.setdefault("figures (cxlib/data/figures.zh.po)", [])
        if not FIGURES.exists():
            issues.append("no catalogue: run `make translations`")
        else:
            with FIGURES.open("rb") as handle:
                messages = {m.id: m for m in read_po(handle) if m.id}
            for msgid in sorted(figure_messages()):
                if msgid not in messages:
                    issues.append(f"not merged: {msgid[:70]!r} (run `make translations`)")
                else:
                    issues.extend(_check_message(msgid, messages[msgid], avoided, terms))
    issues = found.setdefault("extensions (book/locales/zh_CN/extensions.po)", [])
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import missing_downloads

    with missing_downloads.CATALOGUE.open("rb") as handle:
        messages = {m.id: m for m in read_po(handle) if m.id}
    for msgid in missing_downloads.MESSAGES:
        if msgid not in messages:
            issues.append(f"missing: {msgid[:70]!r} (add it with its Chinese)")
        else:
            issues.extend(_check_message(msgid, messages[msgid], avoided, terms))
    found.update(cxlib_messages.problems())
    return {name: issues for name, issues in found.items() if issues}


def status() -> int:
    """Print what is left to translate, page by page; 0 when nothing is."""
    left = problems()
    for name, issues in sorted(left.items()):
        print(f"{name}: {len(issues)}")
    total = sum(len(v) for v in left.values())
    print(f"{total} message(s) to translate or check in {len(left)} catalogue(s)")
    return 1 if total else 0


def check() -> int:
    """Fail (exit 1) when any message is untranslated, fuzzy, unmerged or off-terminology."""
    left = problems()
    for name, issues in sorted(left.items()):
        for issue in issues:
            print(f"book/locales/zh_CN/LC_MESSAGES/{name}: {issue}")
    total = sum(len(v) for v in left.values())
    print(f"{total} problem(s) in the Chinese catalogues" if total else "Chinese edition complete")
    return 1 if total else 0


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
