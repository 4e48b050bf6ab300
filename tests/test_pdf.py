"""The whole book as PDF (``make pdf``, book/_ext/pdf.py), read back with poppler-utils.

Checks each edition's PDF: enough A4 pages, internal links (the contents and cross-references
are PDF links, none pointing back to the local server that printed it), known headings in its
text, no "Show code" toggles, no exercise solution (the code of every ``hide-cell`` cell of the
notebooks is absent, while code shown on the site is present), and Chinese text in the Chinese
edition. Skipped, with the reason, when the PDFs are not built (``make pdf`` is not part of
``make test``: it builds the book twice more) or poppler-utils is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "pdf"
PDFS = {"en": OUT / "cx-workbook-en.pdf", "zh": OUT / "cx-workbook-zh.pdf"}
#: The book has about 250 pages in each edition; far fewer means chapters went missing.
MIN_PAGES = 150
#: Headings that each edition must contain (chapters, a notebook, a case study, the glossary).
HEADINGS = {
    "en": [
        "CX Workbook",
        "Contents",
        "Net Promoter Score · 净推荐值",
        "NPS: measuring loyalty honestly",
        "The peak-end rule · 峰终效应",
        "Atour hotels: a stay without detractors",
        "Glossary · 术语表",
    ],
    "zh": ["客户体验分析练习册", "目录", "净推荐值（NPS）", "术语表"],
}
#: The "Show code" toggles of each edition (myst-nb's prompts; i18n.EDITION for Chinese).
TOGGLES = {"en": ["Show code cell", "Hide code cell"], "zh": ["显示代码", "隐藏代码"]}

if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
    pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed", allow_module_level=True)


def pdf(lang: str) -> Path:
    path = PDFS[lang]
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} is not built: run `make pdf`")
    return path


@cache
def text(lang: str) -> str:
    """The PDF's text with whitespace collapsed (code lines may wrap in print)."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf(lang)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(raw.split())


def squeeze(code: str) -> str:
    return " ".join(code.split())


def info(lang: str) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", str(pdf(lang))], capture_output=True, text=True, check=True
    ).stdout
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in out.splitlines())
    )


@pytest.mark.parametrize("lang", sorted(PDFS))
def test_pages_are_a4_and_many(lang):
    details = info(lang)
    assert int(details["Pages"]) > MIN_PAGES
    width, height = map(float, re.findall(r"[\d.]+", details["Page size"])[:2])
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, details["Page size"]


@pytest.mark.parametrize("lang", sorted(PDFS))
def test_internal_links(lang):
    """Chromium writes a link to an anchor of the page as a /Link annotation with a /Dest."""
    data = pdf(lang).read_bytes()
    internal = len(re.findall(rb"/Subtype\s*/Link[^>]*?/Dest\b", data, re.S))
    assert internal > 300, f"only {internal} internal link annotations"
    assert b"127.0.0.1" not in data, "a link points to the local server that printed the book"


@pytest.mark.parametrize("lang", sorted(PDFS))
def test_known_headings(lang):
    missing = [heading for heading in HEADINGS[lang] if squeeze(heading) not in text(lang)]
    assert not missing


@pytest.mark.parametrize("lang", sorted(PDFS))
def test_no_code_toggles(lang):
    found = [toggle for toggle in TOGGLES[lang] if toggle in text(lang)]
    assert not found


def code_lines(tagged: bool) -> dict[str, list[str]]:
    """Per notebook, code lines only in ``hide-cell`` cells (tagged) or only in shown cells."""
    lines = {}
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("casestudies/*/*.ipynb")]):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        hidden, shown = set(), set()
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            tags = set(cell["metadata"].get("tags", []))
            if tags & {"remove-cell", "remove-input", "hide-input"}:
                continue
            target = hidden if "hide-cell" in tags else shown
            target.update(squeeze(line) for line in "".join(cell["source"]).splitlines())
        only = (hidden - shown) if tagged else (shown - hidden)
        distinctive = sorted(line for line in only if len(line) >= 30 and "..." not in line)
        if distinctive:
            lines[path.stem] = distinctive
    return lines


@pytest.mark.parametrize("lang", sorted(PDFS))
def test_solutions_left_out(lang):
    """No line of a solution cell is printed, although lines of the shown code cells are."""
    solutions = code_lines(tagged=True)
    shown = code_lines(tagged=False)
    assert len(solutions) >= 5, "the notebooks have fewer solution cells than expected"
    printed = [line for lines in shown.values() for line in lines if line in text(lang)]
    assert len(printed) > 100, "the shown code is not found in the PDF text either"
    leaked = {name: [x for x in lines if x in text(lang)] for name, lines in solutions.items()}
    assert not {name: lines for name, lines in leaked.items() if lines}


def test_chinese_edition_is_chinese():
    assert "净推荐值" in text("zh")
    chinese = sum("\u4e00" <= ch <= "\u9fff" for ch in text("zh"))
    assert chinese > 20_000, f"only {chinese} Chinese characters"
