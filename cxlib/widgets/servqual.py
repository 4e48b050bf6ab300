"""SERVQUAL widget: pick a hotel and see its gaps by dimension.
Workbook ``notebooks/03_servqual.ipynb``.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from cxlib import servqual
from cxlib.plots import servqual as servqual_plots
from cxlib.widgets._live import LAYOUT, STYLE, live

__all__ = ["gaps_by_branch"]


def gaps_by_branch(survey: pd.DataFrame, branch: str = "branch") -> widgets.VBox:
    """A menu of branches (plus "all") and the chosen branch's dimension gaps with intervals.

    ``survey`` has the branch column, ``E1``-``E22`` and ``P1``-``P22`` (as
    ``datasets.load("servqual_survey")``).

    Examples
    --------
    >>> from cxlib import datasets
    >>> gaps_by_branch(datasets.load("servqual_survey"))  # doctest: +SKIP
    """
    expectations = survey[[f"E{i}" for i in range(1, 23)]]
    perceptions = survey[[f"P{i}" for i in range(1, 23)]]
    choices = ["all", *sorted(survey[branch].dropna().unique())]

    def draw(choice: str) -> Figure:
        rows = survey[branch].eq(choice).to_numpy() if choice != "all" else slice(None)
        result = servqual.gaps(expectations[rows], perceptions[rows])
        figure, ax = plt.subplots(figsize=(7, 3.2))
        servqual_plots.dimension_gaps(result, ax=ax)
        ax.set_xlim(-2.5, 1)
        ax.set_title(f"{choice}: SERVQUAL {result.score:+.2f} (n = {result.n})")
        return figure

    menu = widgets.Dropdown(
        options=choices, value="all", description="hotel", style=STYLE, layout=LAYOUT
    )
    return live(draw, {"choice": menu})
