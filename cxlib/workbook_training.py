"""Training effect without code: an Excel workbook for pre- and post-course quiz scores.

A trainer types each learner's score before and after the course (one row per learner, a code
instead of a name) and reads, with live formulas, the mean change and its paired t interval; with
a comparison group (colleagues who sat the quiz twice without the course) the difference in
differences with Welch's interval; and, if each question's right/wrong is typed too, the right
answers per question before and after among the same learners, with McNemar's exact test. The
formulas are those of :mod:`cxlib.training_effect`, and ``tests/test_excel.py`` evaluates every
formula cell and checks it against that module.

Only functions of the original Excel formula set are used (``COUNT``, ``AVERAGE``, ``STDEV``,
``TINV``, ``TDIST``, ``BINOMDIST``, ``SUMPRODUCT``, ``ISNUMBER`` …), so the workbook computes the
same in Excel, WPS and LibreOffice without the ``_xlfn.`` prefixes newer functions need.

- paired t (Student 1908): ``d = after - before``; ``mean(d) -/+ TINV(1 - conf, n - 1) *
  STDEV(d) / SQRT(n)``; ``p = TDIST(|t|, n - 1, 2)``;
- Welch (1947): ``se = SQRT(s_t^2/n_t + s_c^2/n_c)``, Welch-Satterthwaite degrees of freedom.
  Excel's ``TINV`` and ``TDIST`` drop the fraction of the degrees of freedom, so the workbook's
  Welch interval is very slightly wider than :func:`cxlib.training_effect.difference_in_differences`
  (17 instead of 17.8 degrees of freedom: 0.4% wider in the module's example); the sheet says so;
- McNemar (1947), exact: ``MIN(1, 2 * BINOMDIST(MIN(b, c), b + c, 0.5, TRUE))``, 1 when no
  learner changed.

``make kit`` puts it in each course's ``trainer/training_effect.xlsx``.

References
----------
Student (1908), Biometrika 6(1); McNemar (1947), Psychometrika 12(2); Welch (1947), Biometrika
34(1/2); Fagerland, Lydersen & Laake (2013), BMC Medical Research Methodology 13:91.
"""

from __future__ import annotations

from pathlib import Path

from cxlib import _xlsx
from cxlib._training_cells import (
    _CHANGE,
    _DID_ROWS,
    _GROUP_ROWS,
    _INSTRUCTIONS,
    _PAIRED_AFTER,
    _PAIRED_BEFORE,
    _QUESTION_RESULTS,
    COMPARISON_CELLS,
    DID_CELLS,
    FIRST_ROW,
    LAST_ROW,
    QUESTION_COLUMNS,
    QUESTIONS,
    SHEETS,
    TRAINED_CELLS,
    _column,
    _question_formulas,
    question_cell,
)

__all__ = [
    "COMPARISON_CELLS",
    "DID_CELLS",
    "FIRST_ROW",
    "LAST_ROW",
    "QUESTIONS",
    "QUESTION_COLUMNS",
    "SHEETS",
    "TRAINED_CELLS",
    "question_cell",
    "write",
]


def _group_sheet(sheet) -> None:
    """A group's input columns, per-row formulas and the results table."""
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", start_color="E8EEF5")
    headers = (
        ("A", "学员编号\nLearner"),
        ("B", "课前分数\nBefore"),
        ("C", "课后分数\nAfter"),
        ("D", "变化\nChange"),
        ("E", "课前（成对）\nBefore, pairs"),
        ("F", "课后（成对）\nAfter, pairs"),
        ("H", "结果"),
        ("I", "Result"),
        ("J", "值 Value"),
    )
    for column, text in headers:
        sheet[f"{column}1"] = text
        sheet[f"{column}1"].font = bold
        sheet[f"{column}1"].fill = fill
    for row in range(FIRST_ROW, LAST_ROW + 1):
        sheet[f"D{row}"] = "=" + _CHANGE.format(r=row)
        sheet[f"E{row}"] = "=" + _PAIRED_BEFORE.format(r=row)
        sheet[f"F{row}"] = "=" + _PAIRED_AFTER.format(r=row)
    for i, (key, zh, en, content, number_format) in enumerate(_GROUP_ROWS):
        row = 2 + i
        sheet[f"H{row}"], sheet[f"I{row}"] = zh, en
        cell = sheet[TRAINED_CELLS[key]]
        cell.value = (
            content if not isinstance(content, str) else "=" + content.format(**TRAINED_CELLS)
        )
        cell.number_format = number_format
        if key in ("mean_change", "ci_low", "ci_high", "confidence", "n"):
            sheet[f"H{row}"].font = cell.font = bold
    for column, width in zip("ABCDEFGHIJ", (12, 10, 10, 9, 12, 12, 2, 30, 40, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"


def write(path: str | Path) -> Path:
    """Write the training-effect workbook to ``path`` (an ``.xlsx`` file) and return its path.

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write; the folder is created if needed.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        ``path`` does not end in ``.xlsx``.
    ImportError
        openpyxl is not installed (``pip install cxlib[cli]``).

    See Also
    --------
    cxlib.training_effect : the same numbers in Python.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     book = openpyxl.load_workbook(write(Path(folder) / "training.xlsx"))
    >>> book.sheetnames[:3]
    ['说明 Instructions', '培训组 Trained', '对照组 Comparison']
    >>> book["培训组 Trained"][TRAINED_CELLS["mean_change"]].value
    '=IF(J3>0,AVERAGE($D$2:$D$501),"")'
    """
    path = _xlsx.checked_path(path)
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", start_color="E8EEF5")
    book = Workbook()
    _xlsx.instructions(book.active, SHEETS[0], _INSTRUCTIONS)

    for name in SHEETS[1:3]:
        _group_sheet(book.create_sheet(name))

    did = book.create_sheet(SHEETS[3])
    for column, text in (("A", "结果"), ("B", "Result"), ("C", "值 Value")):
        did[f"{column}1"], did[f"{column}1"].font, did[f"{column}1"].fill = text, bold, fill
    for i, (key, zh, en, content, number_format) in enumerate(_DID_ROWS):
        row = 2 + i
        did[f"A{row}"], did[f"B{row}"] = zh, en
        did[DID_CELLS[key]] = "=" + content.format(**DID_CELLS)
        did[DID_CELLS[key]].number_format = number_format
        if key in ("estimate", "ci_low", "ci_high"):
            did[f"A{row}"].font = did[DID_CELLS[key]].font = bold
    for column, width in zip("ABC", (36, 52, 12), strict=True):
        did.column_dimensions[column].width = width

    questions = book.create_sheet(SHEETS[4])
    questions["A1"] = "学员编号\nLearner"
    for k, (before, after) in QUESTION_COLUMNS.items():
        questions[f"{before}1"] = f"课前 Q{k}\nBefore"
        questions[f"{after}1"] = f"课后 Q{k}\nAfter"
    for cell in questions[1]:
        if cell.value:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True)
    questions.row_dimensions[1].height = 30
    questions.freeze_panes = "B2"

    results = book.create_sheet(SHEETS[5])
    results["A1"] = "题目 Question"
    for i, (_key, zh, en) in enumerate(_QUESTION_RESULTS):
        results[f"{_column(2 + i)}1"] = f"{zh}\n{en}"
    for cell in results[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True)
    for k in range(1, QUESTIONS + 1):
        results[f"A{1 + k}"] = f"Q{k}"
        for key, formula in _question_formulas(k).items():
            results[question_cell(k, key)] = formula
            results[question_cell(k, key)].number_format = "0.0000" if key == "p_value" else "0"
    results.row_dimensions[1].height = 42
    results.column_dimensions["A"].width = 14
    for i in range(len(_QUESTION_RESULTS)):
        results.column_dimensions[_column(2 + i)].width = 14
    chart = BarChart()
    chart.title = "每题答对人数：课前与课后 Right answers per question, before and after"
    chart.y_axis.title = "人数 Learners"
    for key in ("right_before", "right_after"):
        column = 2 + [k for k, *_r in _QUESTION_RESULTS].index(key)
        chart.add_data(
            Reference(results, min_col=column, min_row=1, max_row=1 + QUESTIONS),
            titles_from_data=True,
        )
    chart.set_categories(Reference(results, min_col=1, min_row=2, max_row=1 + QUESTIONS))
    chart.height, chart.width = 8, 18
    results.add_chart(chart, "J2")

    return _xlsx.save(book, path)
