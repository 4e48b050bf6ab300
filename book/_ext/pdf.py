"""The whole book as one PDF per language, printed by headless Chromium (no LaTeX): ``make pdf``.

Each edition is built once more as a single HTML page (Sphinx's ``singlehtml`` builder, through
the same Jupyter Book call and the same per-edition settings as the site, :mod:`i18n`), with the
notebooks executed again, as for the site (``CXLIB_LANG=zh`` for the Chinese pictures). Headless
Chromium (Playwright, Debian's ``/usr/bin/chromium``) opens that page, waits for the vendored
MathJax to typeset every formula and for the course's Chinese subset font to load, adds a print
stylesheet (:data:`PRINT_CSS`: no navigation, no buttons, no "Show code" toggles, no widgets (their
static picture stays), no solution cells), and prints it to A4 with page numbers in the footer:
``_build/pdf/cx-workbook-en.pdf`` and ``_build/pdf/cx-workbook-zh.pdf``. Chromium keeps the
page's ``<a href="#…">`` links as internal PDF links, so the contents and every cross-reference
work in the PDF.

Usage::

    python book/_ext/pdf.py [en|zh ...]          # build and print (default: both editions)
    python book/_ext/pdf.py --print-only en      # print again from the last single-page build
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chromium
import i18n
import yaml

ROOT = i18n.ROOT
OUT = ROOT / "_build" / "pdf"
#: The file each edition is printed to.
PDF_NAME = {"en": "cx-workbook-en.pdf", "zh": "cx-workbook-zh.pdf"}
#: The single-page build of each edition (its own folder: myst-nb writes the executed notebooks'
#: pictures beside the output folder, and the two editions draw different pictures).
HTML = {lang: OUT / lang / "html" for lang in PDF_NAME}
#: The book's root document (_toc.yml), which the single page is named after.
ROOT_DOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
#: The first page's title (the book's own title page is its first chapter, book/intro).
TITLE = {
    "en": ("CX Workbook", "客户体验分析练习册", "A course in customer-experience analysis"),
    "zh": ("客户体验分析练习册", "CX Workbook", "客户体验分析课程"),
}
#: What the printed page leaves out, and how the rest is laid out on A4.
PRINT_CSS = """
html { font-size: 10.5pt !important; }
body { background: white !important; }
article.bd-article { max-width: none !important; padding: 0 !important; margin: 0 !important; }
.headerlink, .toctree-wrapper > p.caption { display: none !important; }
/* code cells as the site shows them: the "Show code cell" toggles go, code hidden on the site
   (hide-input) stays hidden, and so do the solutions (hide-cell) and removed parts */
.tag_hide-cell, .cx-only-solutions, .tag_remove-cell, .tag_hide-input > details.above-input,
.tag_hide-output > .cell_output, details.above-input > summary, details.below-input > summary
{ display: none !important; }
/* widgets cannot print: their output area goes, the static picture beside them stays */
.cell_output:has(> script[type="application/vnd.jupyter.widget-view+json"]),
.jupyter-widgets, .widget-area { display: none !important; }
/* each document on a new page; headings kept with what follows; nothing split that fits */
.cx-new-page { break-before: page; }
#cx-title-page, #cx-contents { break-after: page; }
h1, h2, h3, h4, h5 { break-after: avoid; }
figure, img, table, .admonition, .cell_output, pre, mjx-container[display="true"]
{ break-inside: avoid; }
img { max-width: 100% !important; height: auto !important; }
a { color: #1a4e8a !important; text-decoration: none !important; }
pre { white-space: pre-wrap !important; word-break: break-word; }
/* pandas frames: compact; FIT_JS shrinks the widest to the page instead of cutting them off */
.cell_output .output, .pst-scrollable-table-container { overflow: visible !important; }
.cell_output table.dataframe { font-size: 8pt; }
.cell_output table.dataframe td, .cell_output table.dataframe th { padding: 1px 4px !important; }
/* the title page, the contents and the part titles */
#cx-title-page { height: 235mm; display: flex; flex-direction: column; justify-content: center;
  text-align: center; }
#cx-title-page .cx-title { font-size: 34pt; font-weight: 700; margin: 0 0 6mm; }
#cx-title-page .cx-other { font-size: 20pt; margin: 0 0 14mm; color: #444; }
#cx-title-page .cx-subtitle { font-size: 14pt; margin: 0 0 30mm; }
#cx-title-page .cx-edition { font-size: 11pt; color: #666; }
#cx-contents h1 { font-size: 20pt; margin-bottom: 6mm; }
#cx-contents .cx-toc-part { font-weight: 700; margin: 4mm 0 1mm; break-after: avoid; }
#cx-contents ul { list-style: none; margin: 0; padding-left: 0; }
#cx-contents li { margin: 0.6mm 0; }
#cx-contents li.cx-depth-1 { padding-left: 8mm; font-size: 0.95em; }
.cx-part { font-size: 22pt; font-weight: 700; border-bottom: 2px solid #1a4e8a;
  padding-bottom: 2mm; margin: 0 0 10mm; }
"""
#: Rearranges the page for print, given {title, contents, parts, here}: keeps only the article
#: (the sidebars, header, search and language switch go), adds the title page, the contents
#: and a title before each part of _toc.yml, starts each document on a new page, and makes
#: every link that points into the book a ``#…`` link (a PDF link); links to files that are
#: not in the PDF (the downloads) become plain text.
ARRANGE_JS = """({title, contents, parts, here}) => {
  const article = document.querySelector("article.bd-article");
  const captions = Array.from(
    document.querySelectorAll(".bd-sidebar-primary p.caption .caption-text"),
    (e) => e.textContent.trim());
  for (const a of article.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (href.startsWith("#") || /^(https?|mailto):/.test(href)) continue;
    const [path, fragment] = href.split("#");
    if (here.includes(path)) a.setAttribute("href", "#" + (fragment || "cx-title-page"));
    else a.removeAttribute("href");
  }
  const headingOf = (node) => {
    const h = node && node.querySelector("h1, h2, h3");
    if (!h) return "";
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((e) => e.remove());
    return copy.textContent.trim();
  };
  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rootSection = article.querySelector("section[id]");
  let toc = `<nav id="cx-contents"><h1>${escape(contents)}</h1><ul>`
    + `<li><a href="#${rootSection.id}">${escape(headingOf(article))}</a></li></ul>`;
  parts.forEach((part, i) => {
    const caption = captions[i] || part.caption;
    toc += `<p class="cx-toc-part"><a href="#cx-part-${i}">${escape(caption)}</a></p><ul>`;
    part.docs.forEach(([doc, depth], j) => {
      const marker = document.getElementById("document-" + doc);
      if (!marker) throw new Error("document missing from the single page: " + doc);
      const section = marker.nextElementSibling;
      toc += `<li class="cx-depth-${depth}"><a href="#document-${doc}">`
        + `${escape(headingOf(section))}</a></li>`;
      if (j === 0) {
        marker.insertAdjacentHTML("beforebegin",
          `<p class="cx-part cx-new-page" id="cx-part-${i}">${escape(caption)}</p>`);
      } else {
        section.classList.add("cx-new-page");
      }
    });
    toc += "</ul>";
  });
  toc += "</nav>";
  rootSection.classList.add("cx-new-page");
  article.insertAdjacentHTML("afterbegin", title + toc);
  // a section left with nothing but a note before its solutions ("Solutions: open the cell
  // below") has nothing to say in print
  for (const section of article.querySelectorAll("section")) {
    const body = Array.from(section.children).filter((e) => !/^(H\\d|SPAN)$/.test(e.tagName));
    const hidden = body.filter((e) => e.matches(".tag_hide-cell"));
    const rest = body.filter((e) => !e.matches(".tag_hide-cell"));
    if (hidden.length && rest.length <= 2 && rest.every((e) => e.tagName === "P")) {
      section.classList.add("cx-only-solutions");
    }
  }
  article.querySelectorAll("details").forEach((d) => d.open = true);
  article.querySelectorAll("img").forEach((img) => img.loading = "eager");
  document.body.replaceChildren(article);
}"""
#: Shrinks what is wider than the printed text (pandas frames with many columns) to its width;
#: left alone, Chromium would shrink every page of the book to fit the widest of them.
FIT_JS = """() => {
  let shrunk = 0;
  for (const table of document.querySelectorAll("article table")) {
    const room = table.parentElement.clientWidth;
    if (table.scrollWidth > room + 1) {
      table.style.zoom = (room / table.scrollWidth).toFixed(3);
      shrunk += 1;
    }
  }
  return shrunk;
}"""
#: The width of the printed text in CSS pixels: A4 (210 mm) less the side margins, at 96 dpi.
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
TEXT_WIDTH_PX = round((210 - 16 - 16) / 25.4 * 96)
#: "Contents" in each edition.
CONTENTS = {"en": "Contents", "zh": "目录"}


def toc_parts() -> list[dict]:
    """The parts of _toc.yml: caption and (document, depth) of each chapter and its sections."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries: list[dict], depth: int) -> list[tuple[str, int]]:
        docs = []
        for entry in entries:
            docs.append((entry["file"], depth))
            docs.extend(walk(entry.get("sections", []), depth + 1))
        return docs

    return [
        {"caption": part["caption"], "docs": walk(part["chapters"], 0)} for part in toc["parts"]
    ]


def build(lang: str) -> int:
    """The single-page HTML of one edition (``_build/pdf/<lang>/html``), notebooks executed."""
    if lang == "zh":
        i18n.search_dictionary(Path(i18n.EDITION["zh"]["html_search_options"]["dict"]))
        os.environ["CXLIB_LANG"] = "zh"  # the notebook kernels inherit it
    else:
        os.environ.pop("CXLIB_LANG", None)
    doctrees = OUT / lang / ".doctrees"
    return i18n._build("singlehtml", HTML[lang], doctrees, i18n.EDITION[lang], quiet=False)


def _serve(folder: Path):
    """A quiet HTTP server for ``folder`` on a free localhost port (MathJax, fonts, pictures)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def single_page(lang: str) -> Path:
    """The single HTML page of an edition's last build, copied to the build's top folder.

    The ``singlehtml`` builder writes the root document where its name says
    (``book/intro.html``) but makes every link relative to the top folder (``_static/…``,
    ``_images/…``), so the page is read from a copy there.
    """
    built = HTML[lang] / f"{ROOT_DOC}.html"
    if not built.is_file():
        raise SystemExit(f"no single-page build at {built}: run `python {__file__} {lang}`")
    copy = HTML[lang] / "cx-workbook.html"
    copy.write_bytes(built.read_bytes())
    return copy


def title_page(lang: str) -> str:
    """The first page of the PDF: the book's title, its edition and version."""
    import html

    sys.path.insert(0, str(ROOT))
    import cxlib

    title, other, subtitle = (html.escape(t) for t in TITLE[lang])
    edition = "English edition" if lang == "en" else "中文版"
    return (
        '<div id="cx-title-page"><p class="cx-title">'
        + title
        + f'</p><p class="cx-other">{other}</p><p class="cx-subtitle">{subtitle}</p>'
        + f'<p class="cx-edition">{edition} · cxlib {html.escape(cxlib.__version__)}</p></div>'
    )


#: The footer Chromium draws on every page (its own small document: system fonts only).
FOOTER = (
    '<div style="width:100%; font-size:8pt; color:#555; font-family:sans-serif; '
    'text-align:center;">CX Workbook · <span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


def missing_glyphs(page, lang: str) -> str:
    """Chinese characters on the printed page that the site's subset font does not have."""
    from fontTools.ttLib import TTFont

    from cxlib import webfont

    font = HTML[lang] / "_static" / "cjk" / "noto-sans-sc-subset.woff"
    text = page.evaluate("document.body.innerText")
    wanted = set(webfont.characters(text))
    if not wanted:
        return ""
    if not font.exists():
        return "".join(sorted(wanted))
    covered = {chr(code) for code in TTFont(font).getBestCmap()}
    return "".join(sorted(wanted - covered))


def print_pdf(lang: str) -> Path:
    """Print an edition's single page to ``_build/pdf/cx-workbook-<lang>.pdf``."""
    from playwright.sync_api import sync_playwright

    page_file = single_page(lang)
    target = OUT / PDF_NAME[lang]
    server = _serve(HTML[lang])
    url = f"http://127.0.0.1:{server.server_port}/{page_file.relative_to(HTML[lang]).as_posix()}"
    try:
        with sync_playwright() as driver:
            browser = chromium.launch(driver)
            # as wide as the printed text (A4 less the margins), so that layout matches print
            page = browser.new_page(viewport={"width": TEXT_WIDTH_PX, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            print(f"[pdf {lang}] opening {page_file.relative_to(ROOT)}", flush=True)
            page.goto(url, wait_until="load", timeout=300_000)
            print(f"[pdf {lang}] typesetting the formulas (MathJax)", flush=True)
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=120_000
            )
            page.evaluate("MathJax.startup.promise")
            print(f"[pdf {lang}] laying out: title page, contents, parts", flush=True)
            here = [page_file.name, f"{ROOT_DOC}.html"]
            arrangement = {
                "title": title_page(lang),
                "contents": CONTENTS[lang],
                "parts": toc_parts(),
                "here": here,
            }
            page.evaluate(ARRANGE_JS, arrangement)
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            shrunk = page.evaluate(FIT_JS)
            print(f"[pdf {lang}] {shrunk} wide table(s) shrunk to the page width", flush=True)
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_function(
                "Array.from(document.images).every((img) => img.complete)", timeout=120_000
            )
            raw = page.evaluate(
                "document.querySelectorAll('mjx-merror, .math:not(:has(mjx-container))').length"
            )
            if raw:
                raise SystemExit(f"[pdf {lang}] {raw} formula(s) not typeset by MathJax")
            missing = missing_glyphs(page, lang)
            if missing:
                raise SystemExit(f"[pdf {lang}] the subset font lacks {missing!r}")
            print(f"[pdf {lang}] printing to {target.relative_to(ROOT)}", flush=True)
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin=MARGIN,
                outline=True,
                tagged=True,
            )
            browser.close()
            if errors:
                print(f"[pdf {lang}] page errors (printed anyway): {errors[:3]}", flush=True)
    finally:
        server.shutdown()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", help="en, zh or both (the default)")
    parser.add_argument("--print-only", action="store_true", help="reuse the last build")
    args = parser.parse_args(argv)
    unknown = set(args.langs) - set(PDF_NAME)
    if unknown:
        parser.error(f"unknown edition(s) {sorted(unknown)}: choose from {sorted(PDF_NAME)}")
    if not chromium.available():
        print(f"make pdf: {chromium.NO_CHROMIUM}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    langs = args.langs or list(PDF_NAME)
    if len(langs) > 1:  # the editions side by side, each in its own process (as make book)
        return _side_by_side(langs, args.print_only)
    for lang in langs:
        start = time.monotonic()
        if not args.print_only:
            print(f"[pdf {lang}] building the single-page book (notebooks executed)", flush=True)
            if build(lang):
                # a notebook kernel can die while the machine is busy: one more try, no more
                print(f"[pdf {lang}] the build failed; trying once more", file=sys.stderr)
                if build(lang):
                    print(f"[pdf {lang}] the single-page build failed (see above)", file=sys.stderr)
                    return 1
        target = print_pdf(lang)
        pages = pdf_pages(target)
        size = target.stat().st_size / 2**20
        seconds = time.monotonic() - start
        name = target.relative_to(ROOT)
        print(f"[pdf {lang}] {name}: {pages} pages, {size:.1f} MiB, {seconds:.0f} s", flush=True)
    return 0


def _side_by_side(langs: list[str], print_only: bool) -> int:
    """Make each edition's PDF in a child process, all at once; the worst exit status.

    On two cores the single-page builds (notebooks from the cache) and the printing of one
    edition overlap those of the other.
    """
    import subprocess

    import worksheets

    if chromium.available():  # made once here (when older than their sources), not by both
        worksheets.build_excel()
        worksheets.build()
    extra = ["--print-only"] if print_only else []
    children = [
        subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *extra, lang])
        for lang in langs
    ]
    return max(child.wait() for child in children)


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF (pdfinfo from poppler-utils, when installed)."""
    import re
    import shutil
    import subprocess

    if not shutil.which("pdfinfo"):
        return 0
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 0


if __name__ == "__main__":
    sys.exit(main())
