"""What cxlib's two Excel workbooks share (Excel 工作簿): path check, instructions sheet, saving.

The NPS/CSAT calculator (:mod:`cxlib.workbook_excel`) and the training-effect workbook
(:mod:`cxlib.workbook_training`) both open with a bilingual instructions sheet and are saved with
no cached values, so that Excel, WPS and LibreOffice compute every formula on opening.
openpyxl is imported by the callers (``pip install cxlib[cli]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["checked_path", "instructions", "save"]


def checked_path(path: str | Path) -> Path:
    """``path`` as a Path, refused unless it ends in ``.xlsx``.

    Examples
    --------
    >>> checked_path("out/nps.xlsx").name
    'nps.xlsx'
    >>> checked_path("nps.xls")
    Traceback (most recent call last):
    ValueError: path must end in .xlsx, got 'nps.xls'
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"path must end in .xlsx, got {str(path)!r}")
    return path


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (CJK count two).

    Examples
    --------
    >>> _lines("abc", 60), _lines("中" * 31, 60)
    (1, 2)
    """
    units = sum(2 if "\u2e80" <= char <= "\uffef" else 1 for char in text)
    return -(-units // width)


def instructions(sheet: Any, title: str, rows: Sequence[tuple[str, str]]) -> None:
    """Fill ``sheet`` as the instructions: Chinese in column A, English in B, the first row a
    heading; rows as tall as their wrapped text (spreadsheets do not all fit them on opening)."""
    from openpyxl.styles import Alignment, Font

    sheet.title = title
    for row, (zh, en) in enumerate(rows, start=1):
        for column, text in ((1, zh), (2, en)):
            cell = sheet.cell(row=row, column=column, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 15 * max(1, _lines(zh, 60), _lines(en, 70))
    sheet["A1"].font = sheet["B1"].font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = 22
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 70


def save(book: Any, path: Path) -> Path:
    """Save ``book`` to ``path`` (its folder made if needed) with no cached values; the path."""
    book.calculation.fullCalcOnLoad = True  # Excel, WPS and LibreOffice compute on opening
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
