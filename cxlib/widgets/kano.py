"""Kano widget: set how many guests fall in each category and watch Better and Worse move.
Workbook ``notebooks/04_kano.ipynb``.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from cxlib import kano
from cxlib.plots import kano as kano_plots
from cxlib.widgets._live import LAYOUT, STYLE, live

__all__ = ["coefficients", "table_from_counts"]


def table_from_counts(
    attractive: int, one_dimensional: int, must_be: int, indifferent: int
) -> pd.DataFrame:
    """An :func:`cxlib.kano.evaluate` table for one feature with the given category counts.

    Builds the answer pairs that produce those counts and evaluates them, so the coefficients come
    from the library, not from a second formula.

    Examples
    --------
    >>> table_from_counts(10, 5, 0, 5)[["better", "worse"]].round(2).values.tolist()
    [[0.75, -0.25]]
    """
    pairs = (
        [(1, 3)] * attractive
        + [(1, 5)] * one_dimensional
        + [(2, 5)] * must_be
        + [(3, 3)] * indifferent
    )
    if not pairs:
        raise ValueError("set at least one guest")
    functional, dysfunctional = zip(*pairs, strict=True)
    answers = pd.DataFrame(
        {"feature": "this feature", "functional": functional, "dysfunctional": dysfunctional}
    )
    return kano.evaluate(answers)


def _draw(attractive: int, one_dimensional: int, must_be: int, indifferent: int) -> Figure:
    figure, ax = plt.subplots(figsize=(6, 5))
    if attractive + one_dimensional + must_be + indifferent == 0:
        ax.text(0.5, 0.5, "set at least one guest", ha="center", transform=ax.transAxes)
        return figure
    table = table_from_counts(attractive, one_dimensional, must_be, indifferent)
    kano_plots.better_worse(table, ax=ax)
    row = table.iloc[0]
    ax.set_title(f"Better {row['better']:.2f}, Worse {row['worse']:.2f} -> {row['category_name']}")
    return figure


def coefficients(
    attractive: int = 20, one_dimensional: int = 10, must_be: int = 5, indifferent: int = 15
) -> widgets.VBox:
    """Four sliders (A, O, M, I guests) and the feature's point on the Better-Worse chart.

    Examples
    --------
    >>> coefficients()  # doctest: +SKIP
    """
    controls = {
        name: widgets.IntSlider(value, 0, 50, description=label, style=STYLE, layout=LAYOUT)
        for name, value, label in [
            ("attractive", attractive, "attractive (A)"),
            ("one_dimensional", one_dimensional, "one-dimensional (O)"),
            ("must_be", must_be, "must-be (M)"),
            ("indifferent", indifferent, "indifferent (I)"),
        ]
    }
    return live(_draw, controls)
