"""The no-code NPS and CSAT calculator: an Excel workbook whose formulas compute what cxlib does.

A trainee pastes 0-10 answers into one column and reads the number of answers, promoters
(推荐者), passives (中立者) and detractors (贬损者), the NPS and its adjusted Wald interval, with a
bar chart of the three groups; a second sheet does the same for CSAT (top-2-box on a 1-5 scale)
with its Wilson interval (continuity-corrected). Every result is a live Excel formula
(``COUNTIFS``, ``SQRT``, ``NORMSINV`` ...), so the workbook keeps working when the answers
change, and ``tests/test_excel.py`` evaluates those formulas independently against
:func:`cxlib.nps.score` and :func:`cxlib.csat.csat`.

The formulas are the ones of :mod:`cxlib.nps_intervals` and :func:`cxlib._stats.wilson_cc`:

- adjusted Wald (Rocks 2016): add 3/4 promoter, 3/2 passive and 3/4 detractor; shares
  ``p = (P + 0.75) / (n + 3)``, ``d = (D + 0.75) / (n + 3)``; centre ``100 (p - d)``;
  ``SE = 100 sqrt((p + d - (p - d)^2) / (n + 3))``; interval ``centre +/- z SE`` clipped to
  [-100, 100] and widened to contain the observed NPS;
- Wilson (1927) with continuity correction (Newcombe 1998, method 4): the lower end is
  Wilson's ``(q + z^2/2n - z sqrt(q(1-q)/n + z^2/4n^2)) / (1 + z^2/n)`` at ``q = p - 1/2n``,
  the upper end the same with ``+`` at ``q = p + 1/2n``; 0 at p = 0, 1 at p = 1, within [0, 1]
  and widened to contain p.

Book page ``book/no_code.md``; ``make excel`` writes ``_build/excel/nps_calculator.xlsx``.

References
----------
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of
seven methods. *Statistics in Medicine*, 17(8), 857-872.
"""

from __future__ import annotations

from pathlib import Path

from cxlib import _xlsx

__all__ = ["CSAT_CELLS", "FIRST_ROW", "LAST_ROW", "NPS_CELLS", "SHEETS", "write"]

#: Sheet names: instructions, NPS, CSAT.
SHEETS = ("说明 Instructions", "NPS", "CSAT")
#: Answers go in column A from this row to LAST_ROW (room for 20,000 answers).
FIRST_ROW = 2
LAST_ROW = 20_001
_RANGE = f"$A${FIRST_ROW}:$A${LAST_ROW}"

# (key, Chinese label, English label, formula or input value, number format). Formulas use
# {cell_key} placeholders for other rows of the same table; keys are stable for the test.
_NPS_ROWS = [
    ("confidence", "置信水平", "Confidence level (you may change it)", 0.95, "0%"),
    (
        "promoters",
        "推荐者（9–10）",
        "Promoters (9-10)",
        f'COUNTIFS({_RANGE},">=9",{_RANGE},"<=10")',
        "0",
    ),
    ("passives", "中立者（7–8）", "Passives (7-8)", f'COUNTIFS({_RANGE},">=7",{_RANGE},"<9")', "0"),
    (
        "detractors",
        "贬损者（0–6）",
        "Detractors (0-6)",
        f'COUNTIFS({_RANGE},">=0",{_RANGE},"<7")',
        "0",
    ),
    ("n", "有效答案数 n", "Valid answers n", "{promoters}+{passives}+{detractors}", "0"),
    (
        "invalid",
        "无效单元格（应为 0）",
        "Cells not counted (should be 0)",
        f"COUNTA({_RANGE})-{{n}}",
        "0",
    ),
    ("promoter_share", "推荐者比例", "Share of promoters", 'IF({n}>0,{promoters}/{n},"")', "0.0%"),
    ("passive_share", "中立者比例", "Share of passives", 'IF({n}>0,{passives}/{n},"")', "0.0%"),
    (
        "detractor_share",
        "贬损者比例",
        "Share of detractors",
        'IF({n}>0,{detractors}/{n},"")',
        "0.0%",
    ),
    ("nps", "NPS 净推荐值", "NPS", 'IF({n}>0,100*({promoters}-{detractors})/{n},"")', "0.0"),
    ("z", "临界值 z", "Critical value z", "NORMSINV(0.5+{confidence}/2)", "0.0000"),
    ("n_adj", "调整后 n′ = n + 3", "Adjusted n' = n + 3", "{n}+3", "0"),
    (
        "p_adj",
        "调整后推荐者比例 p",
        "Adjusted promoter share p",
        "({promoters}+0.75)/{n_adj}",
        "0.00000",
    ),
    (
        "d_adj",
        "调整后贬损者比例 d",
        "Adjusted detractor share d",
        "({detractors}+0.75)/{n_adj}",
        "0.00000",
    ),
    ("centre", "区间中心 100(p − d)", "Centre 100(p - d)", "100*({p_adj}-{d_adj})", "0.00"),
    (
        "variance",
        "方差 p + d − (p − d)²",
        "Variance p + d - (p - d)^2",
        "MAX(0,{p_adj}+{d_adj}-({p_adj}-{d_adj})^2)",
        "0.00000",
    ),
    ("se", "标准误 SE（分）", "Standard error SE (points)", "100*SQRT({variance}/{n_adj})", "0.00"),
    (
        "ci_low",
        "置信区间下限",
        "Interval, lower end",
        'IF({n}>0,MIN(MAX({centre}-{z}*{se},-100),{nps}),"")',
        "0.0",
    ),
    (
        "ci_high",
        "置信区间上限",
        "Interval, upper end",
        'IF({n}>0,MAX(MIN({centre}+{z}*{se},100),{nps}),"")',
        "0.0",
    ),
]
_CSAT_ROWS = [
    ("confidence", "置信水平", "Confidence level (you may change it)", 0.95, "0%"),
    (
        "satisfied",
        "满意（4–5 分）",
        "Satisfied (4-5)",
        f'COUNTIFS({_RANGE},">=4",{_RANGE},"<=5")',
        "0",
    ),
    (
        "n",
        "有效答案数 n（1–5 分）",
        "Valid answers n (1-5)",
        f'COUNTIFS({_RANGE},">=1",{_RANGE},"<=5")',
        "0",
    ),
    (
        "invalid",
        "无效单元格（应为 0）",
        "Cells not counted (should be 0)",
        f"COUNTA({_RANGE})-{{n}}",
        "0",
    ),
    ("p", "满意比例 p", "Share satisfied p", 'IF({n}>0,{satisfied}/{n},"")', "0.00000"),
    ("csat", "CSAT（%）", "CSAT (%)", 'IF({n}>0,100*{p},"")', "0.0"),
    ("z", "临界值 z", "Critical value z", "NORMSINV(0.5+{confidence}/2)", "0.0000"),
    (
        "q_low",
        "下端所用比例 p − 1/(2n)",
        "Share for the lower end, p - 1/(2n)",
        "MAX({p}-1/(2*{n}),0)",
        "0.00000",
    ),
    (
        "q_high",
        "上端所用比例 p + 1/(2n)",
        "Share for the upper end, p + 1/(2n)",
        "MIN({p}+1/(2*{n}),1)",
        "0.00000",
    ),
    (
        "wilson_low",
        "Wilson 下端（连续性校正）",
        "Wilson lower end (continuity-corrected)",
        "({q_low}+{z}^2/(2*{n})-{z}*SQRT({q_low}*(1-{q_low})/{n}+{z}^2/(4*{n}^2)))/(1+{z}^2/{n})",
        "0.00000",
    ),
    (
        "wilson_high",
        "Wilson 上端（连续性校正）",
        "Wilson upper end (continuity-corrected)",
        "({q_high}+{z}^2/(2*{n})+{z}*SQRT({q_high}*(1-{q_high})/{n}+{z}^2/(4*{n}^2)))/(1+{z}^2/{n})",
        "0.00000",
    ),
    (
        "ci_low",
        "置信区间下限（%）",
        "Interval, lower end (%)",
        'IF({n}>0,100*IF({p}<=0,0,MIN(MAX({wilson_low},0),{p})),"")',
        "0.0",
    ),
    (
        "ci_high",
        "置信区间上限（%）",
        "Interval, upper end (%)",
        'IF({n}>0,100*IF({p}>=1,1,MAX(MIN({wilson_high},1),{p})),"")',
        "0.0",
    ),
]
#: Results start in this row, in columns C (Chinese), D (English) and E (value).
_TOP = 2


def _cells(rows: list[tuple]) -> dict[str, str]:
    """The value cell of each result row, e.g. ``{"nps": "E11", ...}``."""
    return {key: f"E{_TOP + i}" for i, (key, *_rest) in enumerate(rows)}


#: Where each NPS and CSAT result lives on its sheet.
NPS_CELLS = _cells(_NPS_ROWS)
CSAT_CELLS = _cells(_CSAT_ROWS)

_INSTRUCTIONS = [
    ("NPS 与 CSAT 计算器", "NPS and CSAT calculator"),
    ("", ""),
    (
        "1. 打开 “NPS” 工作表，把 0–10 分的答案粘贴到 A 列"
        "（从 A2 开始，每格一个答案，最多 20000 个）。",
        "1. Open the sheet 'NPS' and paste the 0-10 answers into column A (from A2, one answer "
        "per cell, up to 20,000).",
    ),
    (
        "2. 右侧立即显示人数、推荐者 / 中立者 / 贬损者、NPS 及其 95% 置信区间，图表同步更新。",
        "2. The counts, promoters / passives / detractors, the NPS and its 95% interval appear on "
        "the right, and the chart follows.",
    ),
    (
        "3. “无效单元格”应为 0：否则 A 列有文字或超出 0–10 的数字，请先清理。答案必须是整数。",
        "3. 'Cells not counted' should be 0; otherwise column A holds text or numbers outside "
        "0-10: clean them first. Answers must be whole numbers.",
    ),
    (
        "4. 区间用调整 Wald 法（Rocks 2016，与 cxlib.nps.score 相同）：计数加 3/4 个推荐者、"
        "3/2 个中立者、3/4 个贬损者后用 Wald 公式，限制在 −100 到 100 之间并包含观测到的 NPS。",
        "4. The interval is the adjusted Wald interval (Rocks 2016, as cxlib.nps.score): add 3/4 "
        "promoter, 3/2 passive and 3/4 detractor, apply the Wald formula, keep it within -100 "
        "and 100 and make it contain the observed NPS.",
    ),
    (
        "5. “CSAT” 工作表：粘贴 1–5 分的满意度答案，得到 4–5 分的比例（top-2-box）及 Wilson 区间。",
        "5. Sheet 'CSAT': paste 1-5 satisfaction answers to get the share of 4s and 5s "
        "(top-2-box) with its Wilson interval.",
    ),
    (
        "6. 区间宽说明样本小：两次调查相差几分不一定是真的变化。"
        "只修改 A 列和置信水平，不要改公式。",
        "6. A wide interval means a small sample: a few points between two surveys need not be "
        "a real change. Change only column A and the confidence level, never the formulas.",
    ),
    ("", ""),
    (
        "由 cxlib 生成（客户体验分析练习册）。公式与 cxlib 一致，并由 tests/test_excel.py 检验。",
        "Made by cxlib (CX Workbook). The formulas match cxlib and are checked by "
        "tests/test_excel.py.",
    ),
]


def _formula(template: str, cells: dict[str, str]) -> str:
    """An Excel formula from a row template with ``{key}`` placeholders."""
    return "=" + template.format(**cells)


def _results(sheet, rows: list[tuple], cells: dict[str, str], answer_header: tuple) -> None:
    """The answer column, the result table and its formatting on one sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", start_color="E8EEF5")
    sheet["A1"] = f"{answer_header[0]}\n{answer_header[1]}"
    sheet["A1"].font = bold
    sheet["A1"].fill = fill
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    for column, text in zip("CDE", ("结果", "Result", "值 Value"), strict=True):
        sheet[f"{column}1"] = text
        sheet[f"{column}1"].font = bold
        sheet[f"{column}1"].fill = fill
    for i, (key, zh, en, content, number_format) in enumerate(rows):
        row = _TOP + i
        sheet[f"C{row}"] = zh
        sheet[f"D{row}"] = en
        cell = sheet[cells[key]]
        cell.value = content if not isinstance(content, str) else _formula(content, cells)
        cell.number_format = number_format
        if key in ("nps", "csat", "ci_low", "ci_high", "confidence"):
            sheet[f"C{row}"].font = bold
            cell.font = bold
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 3
    sheet.column_dimensions["C"].width = 24
    sheet.column_dimensions["D"].width = 34
    sheet.column_dimensions["E"].width = 12
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"


def write(path: str | Path) -> Path:
    """Write the calculator workbook to ``path`` (an ``.xlsx`` file) and return its path.

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

    References
    ----------
    Rocks (2016) for the NPS interval, Wilson (1927) for the CSAT interval (see the module).

    See Also
    --------
    cxlib.nps.score, cxlib.csat.csat : the same numbers in Python. Book page ``book/no_code.md``.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     book = openpyxl.load_workbook(write(Path(folder) / "nps.xlsx"))
    >>> book.sheetnames
    ['说明 Instructions', 'NPS', 'CSAT']
    >>> book["NPS"][NPS_CELLS["promoters"]].value
    '=COUNTIFS($A$2:$A$20001,">=9",$A$2:$A$20001,"<=10")'
    """
    path = _xlsx.checked_path(path)
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    _xlsx.instructions(book.active, SHEETS[0], _INSTRUCTIONS)

    nps = book.create_sheet(SHEETS[1])
    _results(nps, _NPS_ROWS, NPS_CELLS, ("答案 0–10", "Answers 0-10"))
    chart = BarChart()
    chart.title = "推荐者 / 中立者 / 贬损者 Promoters / passives / detractors"
    chart.y_axis.title = "人数 Answers"
    chart.legend = None
    rows = [int(NPS_CELLS[key][1:]) for key in ("promoters", "passives", "detractors")]
    chart.add_data(Reference(nps, min_col=5, min_row=rows[0], max_row=rows[-1]))
    chart.set_categories(Reference(nps, min_col=3, min_row=rows[0], max_row=rows[-1]))
    chart.height, chart.width = 7.5, 13
    nps.add_chart(chart, "G2")

    csat = book.create_sheet(SHEETS[2])
    _results(csat, _CSAT_ROWS, CSAT_CELLS, ("满意度 1–5", "Satisfaction 1-5"))

    return _xlsx.save(book, path)
