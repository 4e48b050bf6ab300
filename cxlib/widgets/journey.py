"""Journey widget: change how one touchpoint feels and watch the map and its moments of truth
update. Workbook ``notebooks/06_journey.ipynb``.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from cxlib import journey
from cxlib.plots import journey as journey_plots
from cxlib.widgets._live import LAYOUT, STYLE, live

__all__ = ["redesign"]


def redesign(touchpoints: pd.DataFrame, **columns: str) -> widgets.VBox:
    """A menu of touchpoints and a slider for the chosen one's emotion, and the live journey map.

    ``touchpoints`` is a table for :func:`cxlib.journey.analyze`; ``columns`` passes its column
    names (``importance="importance"`` and so on).

    Examples
    --------
    >>> from cxlib import datasets
    >>> redesign(datasets.load("hotel_journey"), importance="importance")  # doctest: +SKIP
    """
    name_column = columns.get("touchpoint", "touchpoint")
    emotion_column = columns.get("emotion", "emotion")
    names = list(touchpoints[name_column])
    menu = widgets.Dropdown(
        options=names, value=names[0], description="touchpoint", style=STYLE, layout=LAYOUT
    )
    slider = widgets.FloatSlider(
        value=float(touchpoints[emotion_column].iloc[0]),
        min=-5,
        max=5,
        step=0.5,
        description="new emotion",
        style=STYLE,
        layout=LAYOUT,
    )

    def follow(change: dict) -> None:  # the slider starts from the chosen touchpoint's emotion
        slider.value = float(
            touchpoints.loc[touchpoints[name_column] == change["new"], emotion_column].iloc[0]
        )

    menu.observe(follow, names="value")

    def draw(touchpoint: str, emotion: float) -> Figure:
        changed = touchpoints.copy()
        changed.loc[changed[name_column] == touchpoint, emotion_column] = emotion
        return journey_plots.journey_map(journey.analyze(changed, **columns))

    return live(draw, {"touchpoint": menu, "emotion": slider})
