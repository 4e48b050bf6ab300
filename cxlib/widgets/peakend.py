"""Peak-end widget: drag the end of a hotel stay and watch the remembered score move while the
total experience barely changes. Workbook ``notebooks/02_peakend.ipynb``.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from cxlib import peakend
from cxlib.plots import peakend as peakend_plots
from cxlib.widgets._live import LAYOUT, STYLE, live

__all__ = ["STAY", "stay_with_end", "what_if_end"]

#: A hotel stay as moments of delight (0-10) by hour: a TEACHING EXAMPLE, not measured data.
STAY = pd.DataFrame(
    {
        "moment": [
            "arrival",
            "check-in",
            "first look at the room",
            "dinner",
            "night",
            "breakfast",
            "check-out",
        ],
        "t": [0.0, 0.5, 1.0, 3.0, 10.0, 11.0, 12.0],
        "rating": [5.0, 3.0, 9.0, 7.0, 6.0, 7.0, 4.0],
    }
)


def stay_with_end(end: float) -> pd.DataFrame:
    """The example stay with its last moment (check-out) rated ``end``, as one episode.

    Examples
    --------
    >>> stay_with_end(9)["rating"].iloc[-1]
    np.float64(9.0)
    """
    moments = STAY.assign(episode="stay")
    moments.loc[moments.index[-1], "rating"] = float(end)
    return moments


def _draw(end: float) -> Figure:
    moments = stay_with_end(end)
    summary = peakend.summarize(moments["rating"], moments["t"], valence="pleasure")
    figure, ax = plt.subplots(figsize=(8, 3.4))
    peakend_plots.episodes(moments, ax=ax, ylabel="delight (0-10)", valence="pleasure")
    ax.set_ylim(0, 10.5)
    ax.set_title(
        f"remembered (peak-end) {summary.peak_end:.1f}   ·   "
        f"experienced (time-weighted mean) {summary.time_weighted_mean:.2f}"
    )
    return figure


def what_if_end(end: int = 4) -> widgets.VBox:
    """A slider for the check-out rating and the stay's curve, memory and mean, redrawn live.

    Examples
    --------
    >>> what_if_end(8)  # doctest: +SKIP
    """
    slider = widgets.IntSlider(
        end, 0, 10, description="check-out rating", style=STYLE, layout=LAYOUT
    )
    return live(_draw, {"end": slider})
