"""Reading an Excel survey export (.xlsx) as rows of text (读取 Excel 导出文件).

Which sheet: ``--sheet`` when given; otherwise the one *visible* sheet that holds data (hidden
sheets are never read unless named: an export often keeps its raw or previous data in one),
and with several such sheets the active one (the sheet Excel opens at) if it holds data, else
a refusal naming them. The sheet read is always named on stderr.

Cells become text as a CSV export would write them: whole numbers without ``.0``, dates as
``2025-03-01`` (with the time when it is not midnight), blanks as empty text. A formula cell
without a saved value (a file written by a program that does not calculate, or saved with
calculation off) is refused, naming the cell: its value is unknown, not blank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Sheet", "read"]


class SheetError(ValueError):
    """A workbook that cannot be read as asked: the message says what to do."""


@dataclass(frozen=True)
class Sheet:
    """The rows of one sheet, as text, from spreadsheet row 1."""

    name: str
    rows: list[list[str]]


def _text(value: object) -> str:
    """A cell's value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _has_data(sheet) -> bool:
    for row in sheet.iter_rows(values_only=True):
        if any(v is not None and str(v).strip() for v in row):
            return True
    return False


def read(path: Path, sheet: str | int | None = None) -> Sheet:
    """The rows of the chosen sheet of an ``.xlsx`` file, as text.

    Raises
    ------
    SheetError
        Not a readable workbook, no such sheet, no sheet (or several) with data, an empty
        sheet, formula cells without a saved value.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["score", "city"])
    >>> book.active.append([10, "上海"])
    >>> file = Path(tempfile.mkdtemp()) / "a.xlsx"
    >>> book.save(file)
    >>> read(file).rows
    [['score', 'city'], ['10', '上海']]
    """
    try:
        import openpyxl
    except ImportError:
        raise SheetError("reading .xlsx needs openpyxl: pip install openpyxl") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError(f"{path}: not a readable Excel (.xlsx) file: {error}") from None
    try:
        chosen = _choose(book, path, sheet)
        raw = [list(r) for r in chosen.iter_rows(min_row=1, min_col=1, values_only=True)]
    finally:
        book.close()
    formulas = [(r, c) for r, row in enumerate(raw) for c, v in enumerate(row) if _formula(v)]
    if formulas:
        raw = _cached(path, chosen.title, raw, formulas)
    rows = [[_text(v) for v in row] for row in raw]
    if not any(v.strip() for row in rows for v in row):
        raise SheetError(f"{path}: sheet {chosen.title!r} is empty")
    return Sheet(chosen.title, rows)


def _formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _choose(book, path: Path, sheet: str | int | None):
    """The sheet asked for, or the one visible sheet with data (see the module's description)."""
    names = book.sheetnames
    if sheet is not None:
        if isinstance(sheet, int) or str(sheet).isdigit():
            index = int(sheet)
            if not 0 <= index < len(names):
                raise SheetError(f"{path}: no sheet {sheet} (sheets: {', '.join(names)})")
            return book.worksheets[index]
        if sheet not in names:
            raise SheetError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)})")
        return book[sheet]
    visible = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
    with_data = [s for s in visible if _has_data(s)]
    if len(with_data) == 1:
        return with_data[0]
    active = book.active
    if with_data and active in with_data:
        return active
    hidden = [s.title for s in book.worksheets if s not in visible and _has_data(s)]
    if with_data:
        listed = ", ".join(s.title for s in with_data)
        raise SheetError(
            f"{path}: several visible sheets hold data ({listed}) and the active one does not; "
            "pass --sheet NAME"
        )
    where = f"; hidden sheets with data: {', '.join(hidden)} (pass --sheet NAME)" if hidden else ""
    raise SheetError(f"{path}: no visible sheet holds data{where}")


def _cached(path: Path, name: str, raw: list[list], formulas: list[tuple[int, int]]) -> list:
    """Formula cells replaced by the values saved with the file; none saved is refused."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        values = [list(r) for r in book[name].iter_rows(min_row=1, min_col=1, values_only=True)]
    finally:
        book.close()
    missing = [(r, c) for r, c in formulas if r >= len(values) or values[r][c] is None]
    if missing:
        cells = ", ".join(f"{_column(c)}{r + 1}" for r, c in missing[:5])
        more = ", ..." if len(missing) > 5 else ""
        raise SheetError(
            f"{path}: sheet {name!r} has {len(missing):,} formula cells without a saved value "
            f"({cells}{more}: e.g. {raw[missing[0][0]][missing[0][1]]!r}); the program that "
            "wrote the file did not calculate them: open and save it in Excel or WPS first"
        )
    for r, c in formulas:
        raw[r][c] = values[r][c]
    return raw
