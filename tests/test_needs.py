"""cxlib.needs: urgency × importance by hand, ties, quadrants at the cut, clear errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cxlib import needs


@pytest.fixture
def table():
    return pd.DataFrame(
        {
            "need": ["delay", "noise", "report", "colour", "price"],
            "urgency": [5, 5, 2, 1, 4],
            "importance": [4, 2, 5, 2, 5],
        },
        index=[10, 11, 12, 13, 14],
    )


def test_score_is_the_product_and_rank_one_is_highest(table):
    ranked = needs.rank(table)
    assert ranked["need"].tolist() == ["price", "delay", "report", "noise", "colour"]
    assert ranked["score"].tolist() == [20, 20, 10, 10, 2]
    assert ranked["rank"].tolist() == [1, 1, 3, 3, 5]  # ties share, the next rank skips


def test_ties_list_the_more_important_need_first_then_table_order(table):
    ranked = needs.rank(table)
    # delay (5×4) and price (4×5) tie at 20: price is more important, so it comes first
    tied = ranked[ranked["score"] == 20]
    assert tied["need"].tolist() == ["price", "delay"]
    same = needs.rank(pd.DataFrame({"need": ["b", "a"], "urgency": [3, 3], "importance": [3, 3]}))
    assert same["need"].tolist() == ["b", "a"] and same["rank"].tolist() == [1, 1]


def test_quadrants_and_the_cut_counts_as_low(table):
    ranked = needs.rank(table).set_index("need")
    assert ranked.loc["delay", "quadrant"] == "do now"
    assert ranked.loc["report", "quadrant"] == "plan"
    assert ranked.loc["noise", "quadrant"] == "delegate"
    assert ranked.loc["colour", "quadrant"] == "drop"
    assert ranked.loc["colour", "quadrant_zh"] == "不做"
    middle = needs.rank(pd.DataFrame({"urgency": [3], "importance": [3]}))
    assert middle["quadrant"].item() == "drop"  # 3 is not above the middle of 1-5
    lower = needs.rank(pd.DataFrame({"urgency": [3], "importance": [3]}), cut=2.5)
    assert lower["quadrant"].item() == "do now"


def test_index_and_other_columns_are_kept(table):
    ranked = needs.rank(table.assign(stakeholder="CFO"))
    assert sorted(ranked.index) == [10, 11, 12, 13, 14]
    assert (ranked["stakeholder"] == "CFO").all()
    assert list(table.columns) == ["need", "urgency", "importance"]  # input untouched


def test_other_scales_and_averaged_ratings():
    ranked = needs.rank(
        pd.DataFrame({"u": [9.5, 2.0], "i": [8.0, 10.0]}),
        urgency="u",
        importance="i",
        scale=(0, 10),
    )
    assert ranked["score"].tolist() == [76.0, 20.0]
    assert ranked["quadrant"].tolist() == ["do now", "plan"]


def test_quadrant_counts_in_fixed_order(table):
    counts = needs.quadrant_counts(needs.rank(table))
    assert counts.index.tolist() == ["do now", "plan", "delegate", "drop"]
    assert counts.tolist() == [2, 1, 1, 1]


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"urgency": [5, 6, 2, 1, 4]}, ValueError, "urgency must lie between 1 and 5"),
        ({"importance": [4, 2, 0, 2, 5]}, ValueError, "importance must lie between 1 and 5"),
        ({"urgency": [5, np.nan, 2, 1, 4]}, ValueError, r"missing in 1 of 5 rows \(rows 11\)"),
        ({"urgency": ["high", 5, 2, 1, 4]}, TypeError, "text"),
        ({"importance": [True, 2, 5, 2, 5]}, TypeError, "booleans"),
    ],
)
def test_bad_ratings_name_the_column_and_rows(table, change, error, words):
    with pytest.raises(error, match=words):
        needs.rank(table.assign(**change))


def test_bad_scale_cut_columns_and_empty_table(table):
    with pytest.raises(ValueError, match="low < high"):
        needs.rank(table, scale=(5, 1))
    with pytest.raises(TypeError, match="pair"):
        needs.rank(table, scale=5)
    with pytest.raises(ValueError, match="cut must lie within scale"):
        needs.rank(table, cut=7)
    with pytest.raises(ValueError, match="no column 'urgent'"):
        needs.rank(table, urgency="urgent")
    with pytest.raises(ValueError, match="empty"):
        needs.rank(table.iloc[:0])
    with pytest.raises(TypeError, match="DataFrame"):
        needs.rank([[5, 4]])


def test_the_worked_example_and_the_blank_template_have_the_columns():
    from pathlib import Path

    example = needs.example()
    assert list(example.columns) == list(needs.COLUMNS)
    ranked = needs.rank(example)
    assert ranked["rank"].tolist() == [1, 1, 3, 4, 5, 6, 6, 8]  # two ties, both shared
    assert ranked["need"].tolist()[:2] == ["N1", "N2"]  # 4 × 5 before 5 × 4: more important
    blank = pd.read_csv(
        Path(__file__).parents[1] / "book" / "templates" / "needs_evaluation_blank.csv"
    )
    assert list(blank.columns) == list(needs.COLUMNS)
    with pytest.raises(ValueError, match="urgency is missing in 8 of 8 rows"):
        needs.rank(blank)


def test_matrix_draws_every_need_in_its_quadrant_colour(table):
    from cxlib.plots import needs as needs_plots

    ranked = needs.rank(table)
    ax = needs_plots.matrix(ranked)
    points = ax.collections[-1]
    assert len(points.get_offsets()) == len(table)
    colours = [matplotlib.colors.to_hex(c) for c in points.get_facecolors()]
    expected = [needs_plots.QUADRANT_COLOURS[q].lower() for q in ranked["quadrant"]]
    assert colours == expected
    with pytest.raises(ValueError, match=r"output of cxlib\.needs\.rank"):
        needs_plots.matrix(table)
    plt.close("all")
