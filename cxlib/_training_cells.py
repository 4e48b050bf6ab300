"""The cells and formulas of the training-effect workbook (:mod:`cxlib.workbook_training`).

Kept apart from the code that lays the workbook out, so that the formulas read as one table:
each result row is ``(key, Chinese label, English label, formula or input, number format)``,
with ``{key}`` placeholders for other results of the same sheet. ``tests/test_excel.py``
evaluates every formula and compares it with :mod:`cxlib.training_effect` and
:mod:`cxlib.training_questions`; the formulas and their sources are listed in
:mod:`cxlib.workbook_training`.
"""

from __future__ import annotations

#: Sheet names: instructions, the two groups' scores, the comparison, questions, their results.
SHEETS = (
    "说明 Instructions",
    "培训组 Trained",
    "对照组 Comparison",
    "双重差分 DiD",
    "逐题 Questions",
    "逐题结果 Question results",
)
#: Learners go in rows FIRST_ROW to LAST_ROW (500 learners per group).
FIRST_ROW = 2
LAST_ROW = 501
#: Questions with right/wrong columns (before and after) on the questions sheet.
QUESTIONS = 20


def _column(index: int) -> str:
    """Excel's column letters of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _span(column: str) -> str:
    return f"${column}${FIRST_ROW}:${column}${LAST_ROW}"


#: On the questions sheet: question k's "before" and "after" columns (A holds the learner code,
#: B.. the 20 "before" columns, one empty column, then the 20 "after" columns).
QUESTION_COLUMNS = {
    k: (_column(1 + k), _column(2 + QUESTIONS + k)) for k in range(1, QUESTIONS + 1)
}

# A group's sheet: A learner, B before, C after, D change, E before (pairs), F after (pairs).
_CHANGE = 'IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r})),C{r}-B{r},"")'
_PAIRED_BEFORE = 'IF(ISNUMBER(D{r}),B{r},"")'
_PAIRED_AFTER = 'IF(ISNUMBER(D{r}),C{r},"")'
_D, _E, _F, _BC = _span("D"), _span("E"), _span("F"), f"$B${FIRST_ROW}:$C${LAST_ROW}"

# (key, Chinese label, English label, formula or input value, number format): results of one
# group's paired change, in columns H (Chinese), I (English), J (value).
_GROUP_ROWS = [
    ("confidence", "置信水平", "Confidence level (you may change it)", 0.95, "0%"),
    ("n", "成对学员数 n（课前课后都有分数）", "Learners with both scores n", f"COUNT({_D})", "0"),
    (
        "left_out",
        "只有一个分数的学员（不计入）",
        "Learners with one score only (left out)",
        f"COUNT({_span('B')})+COUNT({_span('C')})-2*{{n}}",
        "0",
    ),
    (
        "invalid",
        "非数字的分数单元格（应为 0）",
        "Score cells that are not numbers (should be 0)",
        f"COUNTA({_BC})-COUNT({_BC})",
        "0",
    ),
    ("mean_before", "课前平均分", "Mean before", f'IF({{n}}>0,AVERAGE({_E}),"")', "0.00"),
    ("mean_after", "课后平均分", "Mean after", f'IF({{n}}>0,AVERAGE({_F}),"")', "0.00"),
    (
        "mean_change",
        "平均变化（课后 − 课前）",
        "Mean change (after − before)",
        f'IF({{n}}>0,AVERAGE({_D}),"")',
        "+0.00;-0.00;0.00",
    ),
    (
        "sd",
        "变化的标准差",
        "Standard deviation of the changes",
        f'IF({{n}}>1,STDEV({_D}),"")',
        "0.000",
    ),
    ("se", "标准误 SE", "Standard error SE", 'IF({n}>1,{sd}/SQRT({n}),"")', "0.000"),
    ("df", "自由度 n − 1", "Degrees of freedom n − 1", 'IF({n}>1,{n}-1,"")', "0"),
    (
        "t_critical",
        "临界值 t",
        "Critical value t",
        'IF({n}>1,TINV(1-{confidence},{df}),"")',
        "0.0000",
    ),
    (
        "ci_low",
        "置信区间下限",
        "Interval, lower end",
        'IF({n}>1,{mean_change}-{t_critical}*{se},"")',
        "+0.00;-0.00;0.00",
    ),
    (
        "ci_high",
        "置信区间上限",
        "Interval, upper end",
        'IF({n}>1,{mean_change}+{t_critical}*{se},"")',
        "+0.00;-0.00;0.00",
    ),
    ("t", "t 值", "t statistic", 'IF({n}>1,IF({se}>0,{mean_change}/{se},""),"")', "0.000"),
    (
        "p",
        "p 值（双侧）",
        "p-value (two-sided)",
        'IF({n}>1,IF({se}>0,TDIST(ABS({t}),{df},2),""),"")',
        "0.0000",
    ),
]


def _cells(rows: list[tuple], column: str = "J", top: int = 2) -> dict[str, str]:
    """The value cell of each result row, e.g. ``{"n": "J3", ...}``."""
    return {key: f"{column}{top + i}" for i, (key, *_rest) in enumerate(rows)}


#: Where each result of a group's sheet lives (the same cells on both group sheets).
TRAINED_CELLS = _cells(_GROUP_ROWS)
COMPARISON_CELLS = TRAINED_CELLS


def _other(sheet: str, key: str) -> str:
    """A reference to a result on a group sheet, e.g. ``'培训组 Trained'!$J$5``."""
    cell = TRAINED_CELLS[key]
    return f"'{sheet}'!${cell[0]}${cell[1:]}"


_T, _C = SHEETS[1], SHEETS[2]
_DID_ROWS = [
    (
        "confidence",
        "置信水平（取自培训组）",
        "Confidence level (from the trained sheet)",
        _other(_T, "confidence"),
        "0%",
    ),
    ("n_trained", "培训组成对学员数", "Trained learners with both scores", _other(_T, "n"), "0"),
    (
        "n_comparison",
        "对照组成对学员数",
        "Comparison learners with both scores",
        _other(_C, "n"),
        "0",
    ),
    (
        "change_trained",
        "培训组平均变化",
        "Trained group's mean change",
        _other(_T, "mean_change"),
        "+0.00;-0.00;0.00",
    ),
    (
        "change_comparison",
        "对照组平均变化",
        "Comparison group's mean change",
        _other(_C, "mean_change"),
        "+0.00;-0.00;0.00",
    ),
    (
        "ready",
        "两组都至少有 2 人（1 = 是）",
        "Both groups have 2 or more (1 = yes)",
        "IF(AND({n_trained}>1,{n_comparison}>1),1,0)",
        "0",
    ),
    (
        "estimate",
        "双重差分（培训组变化 − 对照组变化）",
        "Difference in differences (trained − comparison change)",
        'IF({ready}=1,{change_trained}-{change_comparison},"")',
        "+0.00;-0.00;0.00",
    ),
    (
        "var_trained",
        "培训组变化的方差 / n",
        "Trained: variance of changes / n",
        f'IF({{ready}}=1,{_other(_T, "sd")}^2/{{n_trained}},"")',
        "0.0000",
    ),
    (
        "var_comparison",
        "对照组变化的方差 / n",
        "Comparison: variance of changes / n",
        f'IF({{ready}}=1,{_other(_C, "sd")}^2/{{n_comparison}},"")',
        "0.0000",
    ),
    (
        "se",
        "标准误 SE（Welch）",
        "Standard error SE (Welch)",
        'IF({ready}=1,SQRT({var_trained}+{var_comparison}),"")',
        "0.000",
    ),
    (
        "df",
        "自由度（Welch–Satterthwaite）",
        "Degrees of freedom (Welch-Satterthwaite)",
        "IF({ready}=1,IF({se}>0,({var_trained}+{var_comparison})^2/({var_trained}^2/"
        '({n_trained}-1)+{var_comparison}^2/({n_comparison}-1)),""),"")',
        "0.00",
    ),
    (
        "t_critical",
        "临界值 t（Excel 取自由度的整数部分）",
        "Critical value t (Excel drops the fraction of the df)",
        'IF({ready}=1,IF({se}>0,TINV(1-{confidence},{df}),""),"")',
        "0.0000",
    ),
    (
        "ci_low",
        "置信区间下限",
        "Interval, lower end",
        'IF({ready}=1,IF({se}>0,{estimate}-{t_critical}*{se},""),"")',
        "+0.00;-0.00;0.00",
    ),
    (
        "ci_high",
        "置信区间上限",
        "Interval, upper end",
        'IF({ready}=1,IF({se}>0,{estimate}+{t_critical}*{se},""),"")',
        "+0.00;-0.00;0.00",
    ),
    ("t", "t 值", "t statistic", 'IF({ready}=1,IF({se}>0,{estimate}/{se},""),"")', "0.000"),
    (
        "p",
        "p 值（双侧）",
        "p-value (two-sided)",
        'IF({ready}=1,IF({se}>0,TDIST(ABS({t}),{df},2),""),"")',
        "0.0000",
    ),
]
#: Where each result of the difference-in-differences sheet lives (column C).
DID_CELLS = _cells(_DID_ROWS, column="C")

#: The question-results sheet: one row per question from row 2, these columns.
_QUESTION_RESULTS = [
    ("pairs", "成对人数", "Pairs"),
    ("right_before", "课前答对", "Right before"),
    ("right_after", "课后答对", "Right after"),
    ("right_to_wrong", "对→错", "Right → wrong"),
    ("wrong_to_right", "错→对", "Wrong → right"),
    ("p_value", "McNemar 精确 p 值", "McNemar exact p"),
    ("invalid", "非 0/1 单元格（应为 0）", "Cells not 0 or 1 (should be 0)"),
]


def question_cell(question: int, key: str) -> str:
    """The cell of a question's result on the question-results sheet, e.g. ``("3", "p_value")``.

    Examples
    --------
    >>> question_cell(1, "pairs"), question_cell(3, "p_value")
    ('B2', 'G4')
    """
    keys = [key for key, *_rest in _QUESTION_RESULTS]
    return f"{_column(2 + keys.index(key))}{1 + question}"


def _question_formulas(question: int) -> dict[str, str]:
    """The formulas of one question's row of results."""
    sheet = SHEETS[4]
    before, after = (f"'{sheet}'!{_span(column)}" for column in QUESTION_COLUMNS[question])
    both = f"ISNUMBER({before})*ISNUMBER({after})"
    cell = {key: question_cell(question, key) for key, *_rest in _QUESTION_RESULTS}
    b, c = cell["right_to_wrong"], cell["wrong_to_right"]
    return {
        "pairs": f"=SUMPRODUCT({both})",
        "right_before": f"=SUMPRODUCT({both}*({before}=1))",
        "right_after": f"=SUMPRODUCT({both}*({after}=1))",
        "right_to_wrong": f"=SUMPRODUCT({both}*({before}=1)*({after}=0))",
        "wrong_to_right": f"=SUMPRODUCT({both}*({before}=0)*({after}=1))",
        "p_value": f'=IF({cell["pairs"]}=0,"",IF({b}+{c}=0,1,'
        f"MIN(1,2*BINOMDIST(MIN({b},{c}),{b}+{c},0.5,TRUE))))",
        "invalid": f"=COUNTA({before})-COUNTIF({before},0)-COUNTIF({before},1)"
        f"+COUNTA({after})-COUNTIF({after},0)-COUNTIF({after},1)",
    }


_INSTRUCTIONS = [
    ("培训效果评估：课前课后测验", "Training effect: the pre- and post-course quiz"),
    ("", ""),
    (
        "1. 每位学员一行，用编号（L01、L02……）代替姓名。在“培训组”工作表的 B 列填课前分数、"
        "C 列填课后分数（答对题数或百分比均可，前后一致即可）。",
        "1. One row per learner, a code (L01, L02 …) instead of a name. On the sheet 'Trained', "
        "type the score before the course in column B and after it in column C (right answers "
        "or a percentage, the same both times).",
    ),
    (
        "2. 右侧立即显示平均变化及其置信区间（配对 t 区间）：同一位学员的前后两个分数是一对，"
        "不是两个独立样本。缺考一次的学员不计入，人数显示在“只有一个分数的学员”。",
        "2. The mean change and its interval (a paired t interval) appear on the right: a "
        "learner's two scores are a pair, not two independent samples. A learner who missed "
        "one sitting is left out and counted in 'Learners with one score only'.",
    ),
    (
        "3. 区间不含 0，说明分数确有变化；但变化未必来自培训（同一份试卷做两遍、期间查过答案、"
        "季节等）。如有对照组（同样间隔做两次测验、未参加培训的同事），把其分数填入"
        "“对照组”工作表，在“双重差分”工作表读出培训组变化减去对照组变化及其 Welch 区间。",
        "3. An interval that excludes 0 says the scores changed; not yet that the course "
        "changed them (the same quiz twice, answers looked up, the season). With a comparison "
        "group (colleagues who sat the quiz twice, the same days apart, without the course), "
        "type their scores on 'Comparison' and read the difference in differences with its "
        "Welch interval on 'DiD'.",
    ),
    (
        "4. 如有逐题对错：在“逐题”工作表每位学员一行，课前各题填 1（对）或 0（错），课后各题"
        "填在右侧对应列；“逐题结果”显示每题课前、课后答对人数，以及 McNemar 精确检验的 p 值。"
        "题目多时，偶然出现一两个 p < 0.05 很正常。",
        "4. With each question's right/wrong: on 'Questions', one row per learner, 1 (right) or "
        "0 (wrong) for each question before, and after in the matching columns on the right; "
        "'Question results' shows the right answers per question before and after among the "
        "same learners, and McNemar's exact p-value. With many questions, one or two p-values "
        "below 0.05 by chance alone are normal.",
    ),
    (
        "5. 只修改分数、编号和置信水平，不要改公式。Excel 的 TINV、TDIST 取自由度的整数部分，"
        "因此 Welch 区间比 cxlib 略宽（通常不到 1%）。",
        "5. Change only the scores, the codes and the confidence level, never the formulas. "
        "Excel's TINV and TDIST drop the fraction of the degrees of freedom, so the Welch "
        "interval is very slightly wider than cxlib's (usually by less than 1%).",
    ),
    ("", ""),
    (
        "由 cxlib 生成（客户体验分析练习册）。公式与 cxlib.training_effect 一致，"
        "并由 tests/test_excel.py 检验。",
        "Made by cxlib (CX Workbook). The formulas match cxlib.training_effect and are checked "
        "by tests/test_excel.py.",
    ),
]
