"""Touchpoint widget: rate words, tone and body language of one message and see when 7-38-55
applies. Workbook ``notebooks/05_touchpoints.ipynb``.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from cxlib import touchpoints
from cxlib.plots.touchpoints import CHANNEL_COLOURS
from cxlib.widgets._live import LAYOUT, STYLE, live

__all__ = ["draw_message", "message"]


def draw_message(words: int, tone: int, body: int, about_feelings: bool) -> Figure:
    """The three channels as bars, the plain mean and (where it applies) the 7-38-55 impression.

    Examples
    --------
    >>> figure = draw_message(3, -1, -2, True)
    >>> "7-38-55: -1.27" in figure.axes[0].get_title()
    True
    """
    row = touchpoints.impression(words, tone, body, about_feelings).iloc[0]
    figure, ax = plt.subplots(figsize=(7, 2.8))
    names = ["words", "tone", "body"]
    ax.barh(names, [row[n] for n in names], color=[CHANNEL_COLOURS[n] for n in names])
    ax.axvline(0, color="black", linewidth=1)
    ax.axvline(row["equal_weights"], color="0.4", linestyle="--", linewidth=1)
    ax.set_xlim(-3, 3)
    ax.invert_yaxis()
    if row["rule_applies"]:
        verdict = f"7-38-55: {row['mehrabian']:+.2f} (feelings, channels disagree)"
    elif not about_feelings:
        verdict = "7-38-55 does not apply: the message carries information"
    else:
        verdict = "7-38-55 does not apply: the channels agree"
    ax.set_title(f"plain mean {row['equal_weights']:+.2f}  ·  {verdict}", fontsize=10)
    ax.set_xlabel("-3 cold / hostile ... +3 warm / welcoming")
    return figure


def message(
    words: int = 3, tone: int = -1, body: int = -2, about_feelings: bool = True
) -> widgets.VBox:
    """Three sliders and a checkbox, and the message's picture redrawn live.

    Examples
    --------
    >>> message()  # doctest: +SKIP
    """
    controls = {
        name: widgets.IntSlider(value, -3, 3, description=name, style=STYLE, layout=LAYOUT)
        for name, value in (("words", words), ("tone", tone), ("body", body))
    }
    controls["about_feelings"] = widgets.Checkbox(
        about_feelings, description="message about feelings", style=STYLE, layout=LAYOUT
    )
    return live(draw_message, controls)
