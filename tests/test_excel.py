"""The Excel calculator (cxlib.workbook_excel): its formulas, evaluated here, give cxlib's numbers.

No spreadsheet engine is needed: every formula cell is translated, by the small explicit rules
below, into a Python expression over the functions the workbook uses (COUNTIFS, COUNTA, IF,
MIN, MAX, SQRT, NORMSINV), and evaluated with the answers the test pastes into column A. A
formula outside that subset fails the translation, so the workbook cannot drift away from
what is checked here.
"""

import math
import re
from statistics import NormalDist

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cxlib import csat, datasets, nps, workbook_excel

FUNCTIONS = ("COUNTIFS", "COUNTA", "IF", "MIN", "MAX", "SQRT", "NORMSINV")
RANGE = re.compile(r"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)")
CELL = re.compile(r"(?<![A-Z_\":])\$?([A-Z]{1,2})\$?(\d+)\b")
CRITERION = re.compile(r"^(>=|<=|<|>)(-?\d+(?:\.\d+)?)$")


class Sheet:
    """One worksheet's cells, formulas evaluated on demand with the translation rules."""

    def __init__(self, worksheet):
        self.values = {
            cell.coordinate: cell.value
            for row in worksheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        self.cache = {}

    def paste(self, answers):
        """Put answers into column A from row FIRST_ROW, as a trainee would."""
        for offset, answer in enumerate(answers):
            self.values[f"A{workbook_excel.FIRST_ROW + offset}"] = answer
        self.cache.clear()

    def cell(self, ref):
        if ref not in self.cache:
            value = self.values.get(ref)
            if isinstance(value, str) and value.startswith("="):
                value = eval(translate(value), {"__builtins__": {}}, self.namespace())
            self.cache[ref] = value
        return self.cache[ref]

    def range(self, ref):
        first_col, first_row, last_col, last_row = RANGE.fullmatch(ref).groups()
        assert first_col == last_col, "only single-column ranges are used"
        return [self.cell(f"{first_col}{row}") for row in range(int(first_row), int(last_row) + 1)]

    def namespace(self):
        return {
            "C": self.cell,
            "R": self.range,
            "COUNTIFS": countifs,
            "COUNTA": lambda values: sum(v is not None and v != "" for v in values),
            "MIN": min,
            "MAX": max,
            "SQRT": math.sqrt,
            "NORMSINV": NormalDist().inv_cdf,
        }


def translate(formula):
    """An Excel formula of the workbook's subset as a Python expression (C = cell, R = range)."""
    body = formula[1:]
    names = set(re.findall(r"\b([A-Z][A-Z.]+)\(", body))
    assert names <= set(FUNCTIONS), f"formula uses {names - set(FUNCTIONS)}: {formula}"
    outside_text = re.sub(r'"[^"]*"', '""', body)
    assert "&" not in outside_text and "<>" not in outside_text, f"unsupported operator: {formula}"
    body = RANGE.sub(lambda m: f'R("{m.group(0).replace("$", "")}")', body)
    body = CELL.sub(lambda m: f'C("{m.group(1)}{m.group(2)}")', body)
    return lazy_if(body).replace("^", "**")


def lazy_if(body):
    """IF(a,b,c) as Python's (b) if (a) else (c): like Excel, only the branch taken is computed."""
    start = re.search(r"(?<![A-Z])IF\(", body)
    if start is None:
        return body
    depth, parts, begin, quoted = 0, [], start.end(), False
    for position in range(start.end(), len(body)):
        char = body[position]
        quoted ^= char == '"'
        if quoted:
            continue
        if char == "(":
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
        elif char in ",)" and depth == 0:
            parts.append(lazy_if(body[begin:position]))
            begin = position + 1
            if char == ")":
                break
    condition, yes, no = parts
    rest = lazy_if(body[position + 1 :])
    return f"{body[: start.start()]}(({yes}) if ({condition}) else ({no})){rest}"


def countifs(*pairs):
    """COUNTIFS(range, criterion, ...) for numeric criteria such as ">=9"."""
    ranges, criteria = pairs[0::2], pairs[1::2]
    keep = np.ones(len(ranges[0]), bool)
    for values, criterion in zip(ranges, criteria, strict=True):
        operator, bound = CRITERION.fullmatch(criterion).groups()
        numbers = np.array(
            [
                v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan
                for v in values
            ],
            float,
        )
        with np.errstate(invalid="ignore"):
            keep &= {
                ">=": numbers >= float(bound),
                "<=": numbers <= float(bound),
                "<": numbers < float(bound),
                ">": numbers > float(bound),
            }[operator]
    return int(keep.sum())


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = workbook_excel.write(tmp_path_factory.mktemp("excel") / "nps_calculator.xlsx")
    return openpyxl.load_workbook(path)


def test_translation_of_one_formula():
    assert translate('=IF(E6>0,100*(E3-E5)/E6,"")') == (
        '((100*(C("E3")-C("E5"))/C("E6")) if (C("E6")>0) else (""))'
    )
    assert translate('=COUNTIFS($A$2:$A$9,">=9")') == 'COUNTIFS(R("A2:A9"),">=9")'


def test_every_result_is_a_formula_of_the_checked_subset(book):
    for name, cells in (("NPS", workbook_excel.NPS_CELLS), ("CSAT", workbook_excel.CSAT_CELLS)):
        for key, ref in cells.items():
            value = book[name][ref].value
            if key == "confidence":
                assert value == 0.95
            else:
                assert isinstance(value, str) and value.startswith("="), (name, key, value)
                translate(value)  # raises on a function outside the subset


def test_nps_sheet_equals_cxlib_on_the_course_data(book):
    scores = datasets.load("hotel_nps")["score"]
    sheet = Sheet(book["NPS"])
    sheet.paste([int(s) for s in scores])
    expected = nps.score(scores)
    got = {key: sheet.cell(ref) for key, ref in workbook_excel.NPS_CELLS.items()}
    assert got["n"] == expected.n == 2000
    assert got["invalid"] == 0
    assert (got["promoters"], got["passives"], got["detractors"]) == (
        expected.promoters,
        expected.passives,
        expected.detractors,
    )
    assert got["nps"] == pytest.approx(expected.nps, abs=1e-9)
    assert got["se"] == pytest.approx(expected.se, abs=1e-9)
    assert got["ci_low"] == pytest.approx(expected.ci[0], abs=1e-9)
    assert got["ci_high"] == pytest.approx(expected.ci[1], abs=1e-9)


@pytest.mark.parametrize(
    ("answers", "confidence"),
    [
        ([10] * 50 + [8] * 30 + [3] * 20, 0.95),  # cxlib.nps.score's hand-worked example
        ([10, 9, 10, 9, 10], 0.95),  # all promoters: the interval is widened to contain +100
        ([0, 3, 6], 0.90),  # all detractors, another confidence level
        ([7, 8, 9, 2, 10, 5, 6, 9], 0.99),
    ],
)
def test_nps_sheet_small_samples_and_edges(book, answers, confidence):
    sheet = Sheet(book["NPS"])
    sheet.values[workbook_excel.NPS_CELLS["confidence"]] = confidence
    sheet.paste(answers)
    expected = nps.score(answers, confidence=confidence)
    cells = workbook_excel.NPS_CELLS
    assert sheet.cell(cells["nps"]) == pytest.approx(expected.nps, abs=1e-9)
    assert sheet.cell(cells["ci_low"]) == pytest.approx(expected.ci[0], abs=1e-9)
    assert sheet.cell(cells["ci_high"]) == pytest.approx(expected.ci[1], abs=1e-9)


def test_nps_sheet_counts_text_and_out_of_range_cells_as_invalid(book):
    sheet = Sheet(book["NPS"])
    sheet.paste([10, 8, "n/a", 11, -1, 3])
    cells = workbook_excel.NPS_CELLS
    assert sheet.cell(cells["n"]) == 3
    assert sheet.cell(cells["invalid"]) == 3
    assert sheet.cell(cells["nps"]) == pytest.approx(nps.score([10, 8, 3]).nps, abs=1e-9)


def test_empty_sheet_shows_blanks_not_errors(book):
    sheet = Sheet(book["NPS"])
    cells = workbook_excel.NPS_CELLS
    assert sheet.cell(cells["n"]) == 0
    assert sheet.cell(cells["nps"]) == ""


def test_csat_sheet_equals_cxlib_on_the_course_data(book):
    answers = datasets.load("hotel_nps")["satisfaction"]
    sheet = Sheet(book["CSAT"])
    sheet.paste([int(a) for a in answers])
    expected = csat.csat(answers)
    cells = workbook_excel.CSAT_CELLS
    assert sheet.cell(cells["n"]) == expected.n
    assert sheet.cell(cells["csat"]) == pytest.approx(expected.csat, abs=1e-9)
    assert sheet.cell(cells["ci_low"]) == pytest.approx(expected.ci[0], abs=1e-9)
    assert sheet.cell(cells["ci_high"]) == pytest.approx(expected.ci[1], abs=1e-9)


def test_csat_sheet_hand_worked_example(book):
    """cxlib.csat.csat's example: 80 of 100 in the top two boxes, 70.6% to 87.1% (Wilson, cc)."""
    sheet = Sheet(book["CSAT"])
    sheet.paste([5] * 50 + [4] * 30 + [3] * 15 + [1] * 5)
    cells = workbook_excel.CSAT_CELLS
    assert sheet.cell(cells["csat"]) == pytest.approx(80.0, abs=1e-9)
    assert round(sheet.cell(cells["ci_low"]), 1) == 70.6
    assert round(sheet.cell(cells["ci_high"]), 1) == 87.1


def test_chart_plots_the_three_counts(book):
    (chart,) = book["NPS"]._charts
    reference = chart.series[0].val.numRef.f
    rows = [int(workbook_excel.NPS_CELLS[k][1:]) for k in ("promoters", "detractors")]
    assert reference == f"'NPS'!$E${rows[0]}:$E${rows[1]}"


def test_write_refuses_a_wrong_suffix(tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        workbook_excel.write(tmp_path / "nps.xls")


# ---- the training-effect workbook (cxlib.workbook_training) --------------------------------
#
# The same idea, for a workbook of several sheets: every formula is translated into Python over
# functions that follow Excel's rules (a blank cell counts as 0 in "=0", text is skipped by
# AVERAGE and COUNT but counted by COUNTA, TINV and TDIST drop the fraction of the degrees of
# freedom), and the results are compared with cxlib.training_effect and training_questions.

from openpyxl.utils import column_index_from_string, get_column_letter  # noqa: E402
from scipy import stats  # noqa: E402

from cxlib import training_effect, training_questions, workbook_training  # noqa: E402

TRAINING_FUNCTIONS = (
    "AND", "ABS", "AVERAGE", "BINOMDIST", "COUNT", "COUNTA", "COUNTIF", "IF", "ISNUMBER", "MIN",
    "SQRT", "STDEV", "SUMPRODUCT", "TDIST", "TINV",
)  # fmt: skip
QUALIFIED = re.compile(r"'([^']+)'!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
LOCAL_RANGE = re.compile(r"(?<![A-Z_\"'!])\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")
LOCAL_CELL = re.compile(r"(?<![A-Z_\"':!])\$?([A-Z]{1,3})\$?(\d+)\b")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class XRange:
    """A range's cell values, compared and counted as Excel does."""

    def __init__(self, values):
        self.values = values

    def numbers(self):
        return [float(v) for v in self.values if is_number(v)]

    def __eq__(self, other):
        return np.array(
            [
                (0.0 if v is None else v) == other if (v is None or is_number(v)) else False
                for v in self.values
            ]
        )

    __hash__ = None


def excel_count(*args):
    return sum(len(a.numbers()) if isinstance(a, XRange) else is_number(a) for a in args)


def excel_counta(rng):
    return sum(v is not None for v in rng.values)


def excel_countif(rng, criterion):
    return sum(is_number(v) and v == criterion for v in rng.values)


def excel_average(rng):
    numbers = rng.numbers()
    if not numbers:
        raise ZeroDivisionError("#DIV/0!")
    return sum(numbers) / len(numbers)


def excel_stdev(rng):
    numbers = rng.numbers()
    if len(numbers) < 2:
        raise ZeroDivisionError("#DIV/0!")
    return float(np.std(numbers, ddof=1))


def excel_isnumber(value):
    if isinstance(value, XRange):
        return np.array([is_number(v) for v in value.values])
    return is_number(value)


def excel_tinv(probability, df):
    assert 0 < probability <= 1 and df >= 1, (probability, df)
    return float(stats.t.ppf(1 - probability / 2, math.floor(df)))


def excel_tdist(x, df, tails):
    assert x >= 0 and df >= 1 and tails in (1, 2), (x, df, tails)
    return float(tails * stats.t.sf(x, math.floor(df)))


def excel_binomdist(k, n, p, cumulative):
    assert cumulative is True
    return float(stats.binom.cdf(math.floor(k), math.floor(n), p))


class Book:
    """Every sheet of a workbook; formula cells are evaluated on demand, across sheets."""

    def __init__(self, workbook):
        self.values = {
            sheet.title: {
                cell.coordinate: cell.value
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            }
            for sheet in workbook.worksheets
        }
        self.cache = {}

    def type(self, sheet, first_row, columns, rows):
        """Type rows of values into a sheet, from ``first_row``, in the given columns."""
        for offset, row in enumerate(rows):
            for column, value in zip(columns, row, strict=True):
                if value is not None:
                    self.values[sheet][f"{column}{first_row + offset}"] = value
        self.cache.clear()

    def cell(self, sheet, ref):
        key = (sheet, ref)
        if key not in self.cache:
            value = self.values[sheet].get(ref)
            if isinstance(value, str) and value.startswith("="):
                value = eval(translate_training(value, sheet), {"__builtins__": {}}, self.names())
                value = value.item() if hasattr(value, "item") else value
            self.cache[key] = value
        return self.cache[key]

    def range(self, sheet, first_col, first_row, last_col, last_row):
        """The cells of a range, column by column (counting functions do not mind the order)."""
        first, last = column_index_from_string(first_col), column_index_from_string(last_col)
        columns = [get_column_letter(c) for c in range(first, last + 1)]
        rows = range(int(first_row), int(last_row) + 1)
        return XRange([self.cell(sheet, f"{col}{row}") for col in columns for row in rows])

    def names(self):
        return {
            "C": self.cell,
            "R": self.range,
            "TRUE": True,
            "AND": lambda *args: all(args),
            "ABS": abs,
            "AVERAGE": excel_average,
            "BINOMDIST": excel_binomdist,
            "COUNT": excel_count,
            "COUNTA": excel_counta,
            "COUNTIF": excel_countif,
            "ISNUMBER": excel_isnumber,
            "MIN": min,
            "SQRT": math.sqrt,
            "STDEV": excel_stdev,
            "SUMPRODUCT": lambda array: int(np.sum(array)),
            "TDIST": excel_tdist,
            "TINV": excel_tinv,
        }


def translate_training(formula, sheet):
    """An Excel formula of the training workbook as Python, references bound to their sheets."""
    body = formula[1:]
    outside_text = re.sub(r'"[^"]*"', '""', body)
    names = set(re.findall(r"\b([A-Z][A-Z.0-9]*)\(", re.sub(r"'[^']*'", "", outside_text)))
    assert names <= set(TRAINING_FUNCTIONS), f"formula uses {names - set(TRAINING_FUNCTIONS)}"
    assert not re.search(r"<>|&", outside_text), f"unsupported operator: {formula}"

    def qualified(match):
        name, col, row, last_col, last_row = match.groups()
        if last_col:
            return f'R("{name}","{col}","{row}","{last_col}","{last_row}")'
        return f'C("{name}","{col}{row}")'

    body = QUALIFIED.sub(qualified, body)
    body = LOCAL_RANGE.sub(lambda m: f'R("{sheet}","{m[1]}","{m[2]}","{m[3]}","{m[4]}")', body)
    body = LOCAL_CELL.sub(lambda m: f'C("{sheet}","{m[1]}{m[2]}")', body)
    body = re.sub(r"(?<![<>=!])=(?!=)", "==", body)
    return lazy_if(body).replace("^", "**")


@pytest.fixture(scope="module")
def training_book(tmp_path_factory):
    path = workbook_training.write(tmp_path_factory.mktemp("excel") / "training_effect.xlsx")
    return openpyxl.load_workbook(path)


TRAINED, COMPARISON, DID, QUESTIONS, RESULTS = workbook_training.SHEETS[1:]
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def group_results(book, sheet):
    return {key: book.cell(sheet, ref) for key, ref in workbook_training.TRAINED_CELLS.items()}


def test_every_training_formula_is_of_the_checked_subset(training_book):
    formulas = 0
    for sheet in training_book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    translate_training(cell.value, sheet.title)  # raises outside the subset
                    formulas += 1
    assert formulas > 3 * workbook_training.LAST_ROW  # the per-row change columns, and more


def test_trained_sheet_gives_students_paired_t_on_the_sleep_data(training_book):
    """Student's (1908) example typed in: the paired t of R's t.test(..., paired = TRUE)."""
    book = Book(training_book)
    codes = [f"L{i:02d}" for i in range(1, 11)]
    book.type(TRAINED, 2, "ABC", zip(codes, DRUG_1, DRUG_2, strict=True))
    got = group_results(book, TRAINED)
    expected = training_effect.paired_change(DRUG_1, DRUG_2)
    assert (got["n"], got["left_out"], got["invalid"], got["df"]) == (10, 0, 0, 9)
    for key in ("mean_before", "mean_after", "mean_change", "se", "t", "p_value"):
        reference = {"sd": expected.sd_change, "p_value": expected.p_value}.get(
            key, getattr(expected, key, None)
        )
        assert got[key if key != "p_value" else "p"] == pytest.approx(reference, abs=1e-9), key
    assert got["sd"] == pytest.approx(expected.sd_change, abs=1e-12)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx(expected.ci, abs=1e-9)
    assert round(got["t"], 4) == 4.0621 and round(got["p"], 6) == 0.002833  # R's output


def test_missing_and_text_scores_are_counted_not_silently_used(training_book):
    rng = np.random.default_rng(7)
    before = rng.integers(2, 8, 30).astype(float)
    after = np.minimum(before + rng.integers(-1, 4, 30), 10)
    before[[3, 11]] = np.nan  # absent before the course
    after[20] = np.nan  # absent after it
    rows = [
        (f"L{i:02d}", None if np.isnan(b) else float(b), None if np.isnan(a) else float(a))
        for i, (b, a) in enumerate(zip(before, after, strict=True))
    ]
    rows[25] = ("L25", "absent", after[25])  # text where a number belongs
    book = Book(training_book)
    book.type(COMPARISON, 2, "ABC", rows)
    got = group_results(book, COMPARISON)
    before[25] = np.nan  # the text is not a score: the learner is left out
    expected = training_effect.paired_change(before, after, dropna=True)
    assert got["invalid"] == 1
    assert (got["n"], got["left_out"]) == (expected.n, expected.left_out) == (26, 4)
    assert got["mean_change"] == pytest.approx(expected.mean_change, abs=1e-9)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx(expected.ci, abs=1e-9)
    assert got["p"] == pytest.approx(expected.p_value, abs=1e-9)


def test_did_sheet_gives_the_welch_difference_in_differences(training_book):
    rng = np.random.default_rng(11)
    trained_before = rng.integers(3, 8, 24).astype(float)
    trained_after = trained_before + rng.normal(2.0, 1.5, 24).round()
    comparison_before = rng.integers(3, 8, 15).astype(float)
    comparison_after = comparison_before + rng.normal(0.5, 0.8, 15).round()
    book = Book(training_book)
    book.type(TRAINED, 2, "BC", zip(trained_before, trained_after, strict=True))
    book.type(COMPARISON, 2, "BC", zip(comparison_before, comparison_after, strict=True))
    got = {key: book.cell(DID, ref) for key, ref in workbook_training.DID_CELLS.items()}
    expected = training_effect.difference_in_differences(
        trained_before, trained_after, comparison_before, comparison_after
    )
    assert got["estimate"] == pytest.approx(expected.estimate, abs=1e-9)
    assert got["se"] == pytest.approx(expected.se, abs=1e-12)
    assert got["df"] == pytest.approx(expected.df, abs=1e-9)
    assert got["t"] == pytest.approx(expected.t, abs=1e-9)
    # Excel's TINV/TDIST use the whole degrees of freedom: the reference with floor(df) ...
    whole = math.floor(expected.df)
    critical = stats.t.ppf(0.975, whole)
    assert got["ci_low"] == pytest.approx(expected.estimate - critical * expected.se, abs=1e-9)
    assert got["p"] == pytest.approx(2 * stats.t.sf(abs(expected.t), whole), abs=1e-12)
    # ... which is a little wider than cxlib's exact interval: by less than 1% here
    width, exact = got["ci_high"] - got["ci_low"], expected.ci[1] - expected.ci[0]
    assert exact < width < 1.01 * exact


def test_did_sheet_on_the_sleep_data_is_welchs_test_with_whole_degrees_of_freedom(training_book):
    book = Book(training_book)
    book.type(TRAINED, 2, "BC", [(0, x) for x in DRUG_2])
    book.type(COMPARISON, 2, "BC", [(0, x) for x in DRUG_1])
    got = {key: book.cell(DID, ref) for key, ref in workbook_training.DID_CELLS.items()}
    assert round(got["estimate"], 2) == 1.58 and round(got["df"], 3) == 17.776  # R's Welch test
    assert round(got["t"], 4) == 1.8608
    # 1.58 -/+ t(0.975, 17) * 0.849091 = 1.58 -/+ 2.109816 * 0.849091 (R, with df 17.776: -0.2055)
    assert [round(x, 4) for x in (got["ci_low"], got["ci_high"])] == [-0.2114, 3.3714]


def test_question_results_equal_mcnemar_in_python(training_book):
    rng = np.random.default_rng(3)
    learners, k = 40, workbook_training.QUESTIONS
    before = (rng.random((learners, k)) < 0.45).astype(float)
    after = np.where(rng.random((learners, k)) < 0.3, 1.0, before)
    before[rng.random((learners, k)) < 0.05] = np.nan  # some answers not recorded
    after[5] = np.nan  # one learner missed the second sitting
    book = Book(training_book)
    columns = [workbook_training.QUESTION_COLUMNS[q] for q in range(1, k + 1)]
    cells = [c for pair in zip(*columns, strict=True) for c in pair]
    rows = [
        [None if np.isnan(v) else int(v) for v in [*before[i], *after[i]]] for i in range(learners)
    ]
    book.type(QUESTIONS, 2, cells, rows)
    names = [f"Q{q}" for q in range(1, k + 1)]
    expected = training_questions.question_changes(
        pd.DataFrame(before, columns=names), pd.DataFrame(after, columns=names)
    )
    for q, name in enumerate(names, start=1):
        for key in ("pairs", "right_before", "right_after", "right_to_wrong", "wrong_to_right"):
            got = book.cell(RESULTS, workbook_training.question_cell(q, key))
            assert got == expected.loc[name, key], (name, key)
        p = book.cell(RESULTS, workbook_training.question_cell(q, "p_value"))
        assert p == pytest.approx(expected.loc[name, "p_value"], abs=1e-12), name
        assert book.cell(RESULTS, workbook_training.question_cell(q, "invalid")) == 0


def test_question_results_count_cells_that_are_not_zero_or_one(training_book):
    book = Book(training_book)
    before, after = workbook_training.QUESTION_COLUMNS[2]
    book.type(QUESTIONS, 2, [before, after], [(1, 0), (2, 1), ("x", 1), (0, 1)])
    assert book.cell(RESULTS, workbook_training.question_cell(2, "invalid")) == 2
    assert book.cell(RESULTS, workbook_training.question_cell(2, "pairs")) == 3  # 2 is a number


def test_empty_training_workbook_shows_blanks_not_errors(training_book):
    book = Book(training_book)
    for sheet in (TRAINED, COMPARISON):
        got = group_results(book, sheet)
        assert got["n"] == 0 and got["invalid"] == 0
        assert all(got[key] == "" for key in ("mean_change", "ci_low", "ci_high", "p"))
    did = {key: book.cell(DID, ref) for key, ref in workbook_training.DID_CELLS.items()}
    assert did["ready"] == 0 and did["estimate"] == "" and did["p"] == ""
    assert book.cell(RESULTS, workbook_training.question_cell(1, "p_value")) == ""


def test_training_workbook_refuses_a_wrong_suffix(tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        workbook_training.write(tmp_path / "training.xls")


def test_libreoffice_computes_the_same_training_results(tmp_path):
    """A real spreadsheet engine, where one is installed: LibreOffice Calc recalculates the typed
    workbook, and its values equal cxlib's (the Welch interval with whole degrees of freedom)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: the spreadsheet-engine check is skipped")
    path = workbook_training.write(tmp_path / "typed.xlsx")
    book = openpyxl.load_workbook(path)
    rng = np.random.default_rng(5)
    trained_before = rng.integers(2, 8, 18)
    trained_after = trained_before + rng.integers(0, 4, 18)
    comparison_before = rng.integers(2, 8, 12)
    comparison_after = comparison_before + rng.integers(-1, 2, 12)
    for sheet, before, after in (
        (book[TRAINED], trained_before, trained_after),
        (book[COMPARISON], comparison_before, comparison_after),
    ):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            sheet[f"B{2 + i}"], sheet[f"C{2 + i}"] = int(b), int(a)
    right_before = (rng.random((18, 3)) < 0.4).astype(int)
    right_after = np.maximum(right_before, (rng.random((18, 3)) < 0.5).astype(int))
    for q in range(3):
        before_column, after_column = workbook_training.QUESTION_COLUMNS[q + 1]
        for i in range(18):
            book[QUESTIONS][f"{before_column}{2 + i}"] = int(right_before[i, q])
            book[QUESTIONS][f"{after_column}{2 + i}"] = int(right_after[i, q])
    book.save(path)
    out = tmp_path / "calc"
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if not (out / "typed.xlsx").is_file():
        pytest.skip(f"LibreOffice could not recalculate (is Calc installed?): {run.stderr[-200:]}")
    computed = openpyxl.load_workbook(out / "typed.xlsx", data_only=True)
    paired = training_effect.paired_change(trained_before, trained_after)
    cells = workbook_training.TRAINED_CELLS
    assert computed[TRAINED][cells["mean_change"]].value == pytest.approx(paired.mean_change)
    assert computed[TRAINED][cells["ci_low"]].value == pytest.approx(paired.ci[0], abs=1e-9)
    assert computed[TRAINED][cells["p"]].value == pytest.approx(paired.p_value, abs=1e-9)
    did = training_effect.difference_in_differences(
        trained_before, trained_after, comparison_before, comparison_after
    )
    critical = stats.t.ppf(0.975, math.floor(did.df))
    did_cells = workbook_training.DID_CELLS
    assert computed[DID][did_cells["df"]].value == pytest.approx(did.df, abs=1e-9)
    assert computed[DID][did_cells["ci_high"]].value == pytest.approx(
        did.estimate + critical * did.se, abs=1e-9
    )
    names = ["Q1", "Q2", "Q3"]
    table = training_questions.question_changes(
        pd.DataFrame(right_before, columns=names), pd.DataFrame(right_after, columns=names)
    )
    for q, name in enumerate(names, start=1):
        cell = workbook_training.question_cell(q, "p_value")
        assert computed[RESULTS][cell].value == pytest.approx(table.loc[name, "p_value"])
