"""The one pattern every widget shares: controls above, a picture redrawn below as they move."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from cxlib.language import label

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
        _translate_options(control)
    output = widgets.interactive_output(show, controls)
    return widgets.VBox([widgets.VBox(list(controls.values())), output])


def _translate_options(control: widgets.Widget) -> None:
    """A menu's text options shown in the reader's language; the values the picture receives
    stay the same (ipywidgets' ``(label, value)`` pairs)."""
    options = list(getattr(control, "options", None) or [])
    if not options or not all(isinstance(option, str) for option in options):
        return  # no menu, numbers, or options that already carry their own labels
    shown = [(label(option), option) for option in options]
    if any(text != option for text, option in shown):
        chosen = control.value
        control.options = shown
        control.value = chosen
