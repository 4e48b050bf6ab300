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
