"""Sphinx extension: a download that needs a browser to be made becomes a visible note without one.

The worksheet PDFs (``_build/worksheets/``, :mod:`worksheets`) and the book's PDFs
(``_build/pdf/``, :mod:`pdf`) are printed by a headless browser (:mod:`chromium`). On a machine
with none, the site is still built: every ``{download}`` link to such a file that does not exist
keeps its text, followed by "(not built)", and the page gets one note saying why and how to get
the files, in the edition's language. Sphinx then has no missing download file to warn about, so
the build keeps ``-W`` for every other warning. A missing download of any other kind (a dataset,
the Excel workbook) is still an error.

The note's Chinese lives in ``book/locales/zh_CN/extensions.po``, which ``i18n.py check`` holds
to the same rules as the pages' catalogues.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

ROOT = Path(__file__).resolve().parents[2]
#: Folders whose files a headless browser prints.
PRINTED = (ROOT / "_build" / "worksheets", ROOT / "_build" / "pdf")
#: The catalogue of the texts this extension adds to pages.
CATALOGUE = ROOT / "book" / "locales" / "zh_CN" / "extensions.po"
NOT_BUILT = "(not built)"
NOTE = (
    "The PDF files on this page were not made when this site was built: they are printed by a "
    "headless browser (Chromium, Google Chrome or Microsoft Edge), and the machine that built "
    "the site had none. Their names are shown without a link. To get them, install one of these "
    "browsers and run `make worksheets` (or `make book` again)."
)
#: Every text this extension shows (``i18n.py check`` wants each one translated).
MESSAGES = (NOT_BUILT, NOTE)


def translations(language: str | None) -> dict[str, str]:
    """The extension's texts in ``language`` (English: themselves)."""
    if not language or not language.startswith("zh"):
        return {}
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="zh_CN")
    return {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}


#: How long a build waits for the worksheets that ``i18n.py build`` prints beside it.
WAIT_SECONDS = 600


def wait_for_printing() -> None:
    """Wait until the parent build has printed the worksheets (``i18n.py build`` says where).

    It prints them while the editions start, and writes ``worksheets.PRINTED`` when done (or
    failed, or had no browser); a build on its own (``pdf.py``, ``quiz.py``) prints them itself
    before reading, and the variable is unset.
    """
    import os
    import time

    marker = os.environ.get("CX_WORKSHEETS_PRINTED")
    deadline = time.monotonic() + WAIT_SECONDS
    while marker and not Path(marker).exists() and time.monotonic() < deadline:
        time.sleep(0.5)


def paragraph(text: str) -> nodes.paragraph:
    """A paragraph of ``text`` with its `backticked` parts as inline code."""
    parts = text.split("`")
    return nodes.paragraph(
        "",
        "",
        *(nodes.literal(p, p) if i % 2 else nodes.Text(p) for i, p in enumerate(parts) if p),
    )


def printed(path: Path) -> bool:
    """Whether ``path`` is a file that a headless browser makes."""
    return any(path.resolve().is_relative_to(folder) for folder in PRINTED)


class MissingPrintedDownloads(SphinxTransform):
    """Replace links to browser-printed files that do not exist by their text and a note."""

    default_priority = 100  # after the translation (sphinx.transforms.i18n.Locale, 20)

    def apply(self, **kwargs) -> None:
        text = translations(self.config.language)
        first = None
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if "://" in target:
                continue
            _, filename = self.env.relfn2path(target, self.env.docname)
            path = Path(filename)
            if not printed(path):
                continue
            wait_for_printing()
            if path.exists():
                continue
            label = text.get(NOT_BUILT, NOT_BUILT)
            name = node.astext() + ("" if label.startswith("（") else " ") + label
            shown = nodes.inline(name, name, classes=["cx-missing-download"])
            node.replace_self(shown)
            if first is None:
                first = shown
        if first is None:
            return
        block = first.parent
        while block is not None and not isinstance(block, nodes.Body):
            block = block.parent
        note = nodes.note("", paragraph(text.get(NOTE, NOTE)))
        note["classes"].append("cx-missing-downloads")
        block.parent.insert(block.parent.index(block) + 1, note)


def setup(app) -> dict:
    """Register the transform."""
    app.add_transform(MissingPrintedDownloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
