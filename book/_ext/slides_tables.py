"""Native, editable PowerPoint tables on slides (``book/_ext/slides_deck.py``).

Column widths follow the words (no column narrower than its longest word), row heights follow
the wrapped text (``slides_text``), and the type shrinks from 28 pt to the 20 pt floor until the
table fits its area; a table that does not fit even then stops the build, naming the slide.
"""

from __future__ import annotations

import math

import slides_text as text
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt
from slides import FormatError
from slides_pptx import write_paras
from slides_text import Para, runs

INCH = 914400


def _paras(cell: str, size: float, header: bool, colour: str) -> list[Para]:
    return [Para(runs(cell), size, bold=header, colour=colour)]


def layout(rows: list[list[str]], width: float, size: float) -> tuple[list[float], list[float]]:
    """Column widths and row heights in points for a table ``width`` points wide at ``size``."""
    columns = len(rows[0])
    pad = 2 * text.INSET_X
    least = [
        max(
            text.width(piece.strip(), size, r == 0)
            for r, row in enumerate(rows)
            for piece in (text._tokens(row[c]) or [""])
        )
        + pad
        for c in range(columns)
    ]
    # Chinese has no spaces: a column of Chinese needs room for a few characters at least
    least = [max(value, 3 * size + pad) for value in least]
    wanted = [
        max(max(text.width(row[c], size, r == 0) for r, row in enumerate(rows)) + pad, least[c])
        for c in range(columns)
    ]
    if sum(least) > width:
        return least, []
    if sum(wanted) <= width:
        widths = [w * width / sum(wanted) for w in wanted]  # everything fits on one line
    else:
        # columns of short cells keep their one-line width; the long ones share the rest
        share = width / columns
        short = [w <= share for w in wanted]
        rest = width - sum(w for w, s in zip(wanted, short, strict=True) if s)
        long_total = sum(w for w, s in zip(wanted, short, strict=True) if not s)
        widths = [
            w if s else max(m, rest * w / long_total)
            for w, m, s in zip(wanted, least, short, strict=True)
        ]
        widths = [w * width / sum(widths) for w in widths]
    cells = [[(_paras(cell, size, r == 0, ""), w) for cell, w in zip(row, widths, strict=True)]
             for r, row in enumerate(rows)]  # fmt: skip
    if any(text.longest_line(paras, w) > w - pad for row in cells for paras, w in row):
        return widths, []  # a word wider than its column: try a smaller size
    heights = [max(text.height(paras, w) for paras, w in row) for row in cells]
    return widths, [h + 2 for h in heights]  # 2 pt to spare: EMU rounding, renderers


def add(writer, slide, rows: list[list[str]], box, where: str):
    """Add the table to the slide in ``box`` (left, top, width, height in inches)."""
    left, top, width, height = box
    for size in (28, 27, 26, 25, 24, 23, 22, 21, 20):
        widths, heights = layout(rows, width * 72, size)
        if heights and sum(heights) <= height * 72:
            break
    else:
        raise FormatError(
            f"{where}: the table does not fit the slide at 20 pt ({writer.lang}): fewer rows or "
            "shorter cells"
        )
    frame = slide.shapes.add_table(
        len(rows),
        len(rows[0]),
        Emu(int(left * INCH)),
        Emu(int(top * INCH)),
        Emu(int(width * INCH)),
        Emu(int(sum(heights) / 72 * INCH)),
    )
    frame.name = "Table"
    table = frame.table
    for c, w in enumerate(widths):
        # rounded up: a column a hair narrower than measured wraps a word the layout kept
        table.columns[c].width = Emu(math.ceil(w / 72 * INCH))
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(int(heights[r] / 72 * INCH))
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Pt(text.INSET_X)
            cell.margin_top = cell.margin_bottom = Pt(text.INSET_Y)
            cell.fill.solid()
            header = r == 0
            fill = writer.accent if header else ("FFFFFF" if r % 2 else "EEF2F4")
            cell.fill.fore_color.rgb = RGBColor.from_string(fill)
            colour = "FFFFFF" if header else "1F2933"
            write_paras(cell.text_frame, _paras(value, size, header, colour), writer.lang)
    return frame
