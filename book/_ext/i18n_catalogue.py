"""The Chinese catalogues: the English text extracted, merged into them, and checked.

:func:`extract` writes the English text of every page as gettext templates, :func:`update`
merges them into one Chinese catalogue per page (and the figure texts into
``cxlib/data/figures.zh.po``), and :func:`problems` lists what keeps the Chinese edition from
matching the English one: untranslated, fuzzy or unmerged messages, MyST markup lost, terms
off the course's terminology (the rules themselves are in :mod:`i18n_check`). ``i18n.py
update|check|status`` call these. Separate from :mod:`i18n`, which builds the two sites: this is
the catalogue side, which never executes a notebook.
"""

from __future__ import annotations

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
from i18n_sphinx import _build  # noqa: E402

LOCALES = ROOT / "book" / "locales"
CATALOGUES = LOCALES / "zh_CN" / "LC_MESSAGES"
#: The figure texts' catalogue ships with cxlib, so that pictures follow the language anywhere.
FIGURES = ROOT / "cxlib" / "data" / "figures.zh.po"
#: Every figure text the English build drew (recorded by cxlib.plots.language).
FIGURE_TEXTS = ROOT / "_build" / "figure-texts.txt"
#: The texts of the book's static figures (book/figures/), recorded when they are drawn
#: (``make coverage``): the book build does not draw them, so their messages are kept from here.
STATIC_FIGURE_TEXTS = ROOT / "book" / "figures" / "figure-texts.txt"


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
        # Numbers and formulas are shown as they are: a guessed (fuzzy) string for one is dropped.
        # A string someone wrote stays (cxlib's ", " is "、" in Chinese; "≤ 15 s" is "≤ 15 秒").
        if message.id and not needs_words(message.id) and message.fuzzy:
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
