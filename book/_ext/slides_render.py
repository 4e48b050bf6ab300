"""PDFs of the decks: each rendered from the deck itself by LibreOffice, and a note-taking handout.

``soffice --headless --convert-to pdf`` renders every slide of ``course_NNN_<lang>.pptx`` to one
page of ``course_NNN_<lang>.pdf``. LibreOffice does not have the decks' Windows fonts here
(Microsoft YaHei, DengXian, Segoe UI); without help it substitutes the default face of Noto Sans
CJK, which is the Japanese one, so the conversion runs with a fontconfig file of its own (set
only for that process) that maps those names to Noto Sans CJK SC, and with a LibreOffice profile
of its own, so that an office program already open on the machine does not swallow the job.
``pdffonts`` then has to show the SC face only. The handout ``course_NNN_<lang>_handout.pdf``
places three slides on each A4 page, each beside ruled lines for notes, with pypdf (the slides stay
vector text). Where LibreOffice is missing, the decks are still built and the PDFs are skipped with
one line saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Fonts named in the decks, and the font that renders them here.
RENDER_FONT = "Noto Sans CJK SC"
DECK_FONTS = ("Microsoft YaHei", "微软雅黑", "DengXian", "等线", "Segoe UI")
A4 = (595.28, 841.89)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def sc_font_folder() -> Path | None:
    """The folder of a Noto Sans CJK SC file holding the SC face alone (mplfonts ships one)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from cxlib import webfont

    source = webfont.source_font()
    return source.parent if source is not None and source.is_file() else None


def fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's fonts, the deck fonts mapped to Noto Sans CJK SC.

    Debian's Noto CJK comes as font collections (``NotoSansCJK-Regular.ttc``: JP, KR, SC, TC, HK
    faces sharing their outlines), and LibreOffice 7.4 draws a collection's first face, the
    Japanese one, whichever face fontconfig names (measured: identical pages for "Noto Sans CJK
    JP" and "... SC", Japanese forms of 骨 and 直). So the collections are set aside for the render
    and the SC-only file of mplfonts (``NotoSansCJKsc-Regular.otf``) is used; bold is then
    emboldened by LibreOffice.
    """
    sc = sc_font_folder()
    rules = "\n".join(
        f'  <match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{RENDER_FONT}</string>'
        "</edit></match>"
        for name in DECK_FONTS
    )
    extra = (
        f"  <dir>{sc}</dir>\n  <selectfont><rejectfont><glob>*/NotoSansCJK*.ttc</glob>"
        "<glob>*/NotoSerifCJK*.ttc</glob></rejectfont></selectfont>\n"
        if sc
        else ""
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{extra}{rules}\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def to_pdf(decks: list[Path], out: Path) -> list[Path]:
    """Render decks to PDF with LibreOffice; the PDFs' paths (empty where soffice is missing)."""
    program = soffice()
    if program is None:
        print(
            "slide PDFs skipped: LibreOffice (soffice) is not installed; the .pptx decks are built"
        )
        return []
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="slides-render-") as tmp:
        folder = Path(tmp)
        environment = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(folder))}
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, decks),
        ]
        subprocess.run(command, env=environment, check=True, capture_output=True, timeout=600)
    pdfs = [out / f"{deck.stem}.pdf" for deck in decks]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no {missing}")
    return pdfs


def fonts(pdf: Path) -> list[str]:
    """The font names ``pdffonts`` lists for a PDF (empty where poppler-utils is missing)."""
    if shutil.which("pdffonts") is None:
        return []
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in listing.stdout.splitlines()[2:] if line.strip()]


def _lines(x0: float, x1: float, top: float, bottom: float, step: float = 22.0) -> bytes:
    """PDF drawing operators for ruled lines from ``top`` down to ``bottom``."""
    ops = ["0.65 G 0.6 w"]
    y = top - step
    while y >= bottom:
        ops.append(f"{x0:.1f} {y:.1f} m {x1:.1f} {y:.1f} l S")
        y -= step
    return "\n".join(ops).encode()


def handout(pdf: Path, out: Path, per_page: int = 3) -> Path:
    """Three slides a page on A4, each beside lines for notes (pypdf; the slides stay vector)."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import DecodedStreamObject, NameObject

    reader = PdfReader(pdf)
    writer = PdfWriter()
    margin, gap = 36.0, 18.0
    row_height = (A4[1] - 2 * margin) / per_page
    slide_width = 300.0
    for first in range(0, len(reader.pages), per_page):
        page = PageObject.create_blank_page(width=A4[0], height=A4[1])
        drawing = []
        for slot, source in enumerate(reader.pages[first : first + per_page]):
            box = source.mediabox
            scale = slide_width / float(box.width)
            slide_height = float(box.height) * scale
            top = A4[1] - margin - slot * row_height
            y = top - slide_height - 6
            page.merge_transformed_page(
                source, Transformation().scale(scale).translate(margin, y), expand=False
            )
            frame = f"{margin:.1f} {y:.1f} {slide_width:.1f} {slide_height:.1f} re S"
            drawing.append(f"0.5 G 0.5 w {frame}".encode())
            x0 = margin + slide_width + gap
            drawing.append(_lines(x0, A4[0] - margin, top, top - row_height + gap))
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(drawing))
        lines = PageObject.create_blank_page(width=A4[0], height=A4[1])
        lines[NameObject("/Contents")] = writer._add_object(stream)
        page.merge_page(lines)
        writer.add_page(page)
    path = out / f"{pdf.stem}_handout.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def render(decks: list[Path]) -> list[Path]:
    """The PDF and the handout of each deck, next to it; checks that the fonts are the SC ones."""
    if not decks:
        return []
    pdfs = to_pdf(decks, decks[0].parent)
    made = []
    for pdf in pdfs:
        faces = fonts(pdf)
        wrong = [f for f in faces if "CJK" in f and "CJKsc" not in f]
        if wrong:
            print(f"{pdf.name}: rendered with {sorted(set(wrong))}, not Noto Sans CJK SC")
        made += [pdf, handout(pdf, pdf.parent)]
        print(f"{pdf.name} and {pdf.stem}_handout.pdf written")
    return made
