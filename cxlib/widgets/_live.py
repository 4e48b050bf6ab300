"""The one pattern every widget shares: controls above, a picture redrawn below as they move."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from cxlib.plots.language import label

STYLE = {"description_width": "120px"}
LAYOUT = widgets.Layout(width="460px")


def live(draw: Callable[..., Figure], controls: dict[str, widgets.Widget]) -> widgets.VBox:
    """Controls stacked above an output area where ``draw(**values)`` is shown on every change.

    ``draw`` returns a matplotlib Figure; it is shown once and closed so it is not drawn twice.
    """

    def show(**values: object) -> None:
        figure = draw(**values)
        display(figure)
        plt.close(figure)

    for control in controls.values():  # labels in the reader's language, like the pictures
        control.description = label(control.description)
    output = widgets.interactive_output(show, controls)
    return widgets.VBox([widgets.VBox(list(controls.values())), output])
