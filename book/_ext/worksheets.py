"""Printable A4 worksheets (PDF) and the NPS Excel workbook for the no-code track.

Each worksheet is a Jinja2 template in ``book/worksheets/`` that becomes one self-contained HTML
file (A4 page rules, the course's Chinese glyphs embedded as a subset font by
:mod:`cxlib.webfont`), printed to PDF by headless Chromium: no LaTeX. The Excel workbook comes
from :mod:`cxlib.workbook_excel`.

Usage: ``python book/_ext/worksheets.py [OUT_DIR]`` (``make worksheets``; default
``_build/worksheets``). As a Sphinx extension it makes sure the PDFs and the workbook exist
before the pages are read, so that ``book/no_code.md`` can offer them with ``{download}``
links; files newer than their sources are not made again.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import ARGS, CHROMIUM, NO_CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "book" / "worksheets"
OUT = ROOT / "_build" / "worksheets"
EXCEL = ROOT / "_build" / "excel" / "nps_calculator.xlsx"
#: Chromium's command line for printing: the project's sandbox flags (book/_ext/chromium.py).
CHROMIUM_ARGS = (
    "--headless",
    *ARGS,
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)

#: The worksheets: file name (without .pdf), Chinese and English title, page orientation.
SHEETS = {
    "journey_map": ("客户旅程图画布", "Customer journey map canvas", "landscape"),
    "needs_evaluation": ("客户需求评估表", "Customer needs evaluation table", "landscape"),
    "kano_questionnaire": ("KANO 需求问卷", "Kano questionnaire", "portrait"),
    "servqual_questionnaire": ("SERVQUAL 服务质量问卷", "SERVQUAL questionnaire", "portrait"),
    "roleplay_cards": ("话术演练卡", "Role-play cards and observer checklists", "portrait"),
    "sharing_brainstorm": ("转发场景头脑风暴", "Sharing-scene brainstorm sheet", "landscape"),
    "nps_tally": ("NPS 计票表", "NPS tally sheet", "portrait"),
}
#: Pages of each PDF: one more means that something overflowed its page.
PAGES = {
    "journey_map": 1,
    "needs_evaluation": 1,
    "kano_questionnaire": 2,
    "servqual_questionnaire": 2,
    "roleplay_cards": 4,
    "sharing_brainstorm": 1,
    "nps_tally": 2,
}
#: The Kano features printed on the questionnaire (from the course's kano_survey data).
KANO_FEATURES = (
    "fast check-in",
    "free Wi-Fi",
    "late check-out",
    "robot room service",
    "spotless room",
    "welcome fruit",
)
#: The NPS tally sheet's worked example: promoters, passives, detractors (cxlib.nps.score's
#: docstring example).
NPS_EXAMPLE = (50, 30, 20)


def _cxlib():
    """Import cxlib from this checkout."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import cxlib

    return cxlib


def nps_example(promoters: int, passives: int, detractors: int) -> dict[str, str]:
    """The adjusted Wald interval step by step, as the numbers printed on the tally sheet."""
    n = promoters + passives + detractors
    n_adj = n + 3
    p = (promoters + 0.75) / n_adj
    d = (detractors + 0.75) / n_adj
    variance = p + d - (p - d) ** 2
    se = 100 * (variance / n_adj) ** 0.5
    centre = 100 * (p - d)
    half = 1.96 * se
    nps = 100 * (promoters - detractors) / n
    low = min(max(centre - half, -100), nps)
    high = max(min(centre + half, 100), nps)
    return {
        "promoters": str(promoters),
        "passives": str(passives),
        "detractors": str(detractors),
        "n": str(n),
        "nps": f"{nps:g}",
        "p_adj": f"{promoters + 0.75:g}",
        "d_adj": f"{detractors + 0.75:g}",
        "n_adj": str(n_adj),
        "p": f"{p:.5f}",
        "d": f"{d:.5f}",
        "centre": f"{centre:.2f}",
        "var": f"{variance:.5f}",
        "se": f"{se:.2f}",
        "half": f"{half:.2f}",
        "low": f"{low:.2f}",
        "high": f"{high:.2f}",
    }


def context(name: str) -> dict:
    """What the template of worksheet ``name`` needs besides its own text."""
    cxlib = _cxlib()
    from cxlib import datasets, kano, servqual, terms

    title_zh, title_en, orientation = SHEETS[name]
    names = (
        datasets.load("kano_survey")[["feature", "feature_zh"]]
        .drop_duplicates()
        .set_index("feature")["feature_zh"]
    )
    items = servqual.ITEMS
    dimensions = [
        {
            "en": row.dimension,
            "zh": terms.zh(row.dimension.lower()),  # the course's terms (terminology.csv)
            "first": int(row.first_item),
            "last": int(row.last_item),
            "items": [
                {"item": int(item.item), "en": item.label, "zh": item.label_zh}
                for item in items[items["dimension"] == row.dimension].itertuples()
            ],
        }
        for row in servqual.DIMENSIONS.itertuples()
    ]
    category_zh = {
        letter: terms.zh(f"kano_{name.replace('-', '_')}").removesuffix("需求").removesuffix("回答")
        for letter, name in kano.CATEGORIES.items()
    }
    return {
        "title_zh": title_zh,
        "title_en": title_en,
        "orientation": orientation,
        "footer": f"CX Workbook · 客户体验分析练习册 · {name}.pdf · cxlib {cxlib.__version__}",
        "stage_hints": ["例：预订 booking", "", "", "", "", ""],
        "answers": [
            ("喜欢", "I like it"),
            ("理所当然", "I expect it"),
            ("无所谓", "I am neutral"),
            ("能忍受", "I can live with it"),
            ("不喜欢", "I dislike it"),
        ],
        "features": [{"en": feature, "zh": names[feature]} for feature in KANO_FEATURES],
        "evaluation": kano.EVALUATION_TABLE.to_numpy().tolist(),
        "categories": [
            (letter, category_zh[letter], english) for letter, english in kano.CATEGORIES.items()
        ],
        "dimensions": dimensions,
        "ex": nps_example(*NPS_EXAMPLE),
    }


def render_html(name: str) -> str:
    """Worksheet ``name`` as one self-contained HTML page with its Chinese glyphs embedded."""
    import jinja2

    from cxlib import webfont

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SOURCES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template(f"{name}.html")
    values = {**context(name), "family": webfont.FAMILY}
    draft = template.render(**values, font_css="")
    font = webfont.subset(draft)
    if font is None:
        raise RuntimeError("no Chinese source font: install mplfonts (see requirements.txt)")
    font_css = jinja2.filters.Markup(webfont.css(webfont.data_uri(font)))
    return template.render(**values, font_css=font_css)


def print_pdf(html: Path, pdf: Path, chromium: Path = CHROMIUM) -> Path:
    """Print an HTML file to PDF with headless Chromium (A4 comes from the page's @page rule)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(chromium),
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {html}")
    return pdf


def _stale(target: Path, sources: list[Path]) -> bool:
    """Whether target is missing or older than any of its sources."""
    if not target.is_file():
        return True
    newest = max(path.stat().st_mtime for path in sources)
    return target.stat().st_mtime < newest


def build(out: Path = OUT, force: bool = False) -> list[Path]:
    """Write every worksheet's HTML (in ``out/html``) and PDF (in ``out``); return the PDFs."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(NO_CHROMIUM)
    (out / "html").mkdir(parents=True, exist_ok=True)
    sources = [Path(__file__), *SOURCES.glob("*.html")]
    pdfs = []
    for name in SHEETS:
        pdf = out / f"{name}.pdf"
        if force or _stale(pdf, sources):
            html = out / "html" / f"{name}.html"
            html.write_text(render_html(name), encoding="utf-8")
            print_pdf(html, pdf)
        pdfs.append(pdf)
    return pdfs


def build_excel(path: Path = EXCEL, force: bool = False) -> Path:
    """Write the NPS workbook unless it is newer than the module that makes it."""
    _cxlib()
    from cxlib import workbook_excel

    if force or _stale(path, [Path(workbook_excel.__file__)]):
        workbook_excel.write(path)
    return path


#: Set by ``i18n.py build`` when it prints the worksheets for both editions itself: the file it
#: writes when done, which missing_downloads.py waits for before it decides that a PDF is missing.
PRINTED_ENV = "CX_WORKSHEETS_PRINTED"
PRINTED = OUT / ".printed"


def _before_reading(app) -> None:
    """Sphinx hook: make the downloads of book/no_code.md before any page is read."""
    import os

    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    if app.builder.format != "html":  # extracting text (gettext) needs no downloads
        return
    build_excel()
    if os.environ.get(PRINTED_ENV):  # the parent build (i18n.py) prints them
        return
    try:
        pdfs = build()
    except FileNotFoundError as error:  # no browser: the links become a note (missing_downloads)
        logger.info(f"worksheets: not printed: {error}", color="red")
        return
    logger.info(f"worksheets: {len(pdfs)} PDFs in {OUT.relative_to(ROOT)}")


def setup(app) -> dict:
    """Register the hook that makes the worksheets and the workbook."""
    app.connect("builder-inited", _before_reading)
    app.setup_extension("missing_downloads")  # without a browser, their links become a note
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    if target.exists() and not target.is_dir():
        sys.exit(f"{target} is not a folder")
    for written in build(target, force=True):
        print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
