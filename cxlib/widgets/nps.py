"""NPS what-if widget: move the shares of promoters and detractors and the number of answers,
and watch the NPS and its confidence interval redraw.

Workbook ``notebooks/01_nps.ipynb``; the picture is :func:`cxlib.plots.nps.what_if`.
"""

from __future__ import annotations

import ipywidgets as widgets

from cxlib.plots import nps as nps_plots
from cxlib.widgets._live import LAYOUT, live

__all__ = ["what_if"]

SAMPLE_SIZES = (25, 50, 100, 200, 400, 800, 1600, 3200, 6400)


def what_if(promoters: int = 45, detractors: int = 20, n: int = 200) -> widgets.VBox:
    """Sliders for % promoters, % detractors (passives are the rest) and n, and the live picture.

    The detractor slider's maximum follows the promoter slider so the shares never pass 100%.

    Parameters
    ----------
    promoters, detractors : int
        Starting percentages.
    n : int
        Starting number of answers (one of ``SAMPLE_SIZES``).

    Returns
    -------
    ipywidgets.VBox
        Display it as the last line of a notebook cell.

    Examples
    --------
    In a notebook (``tests/test_plots.py`` checks the sliders):

    >>> what_if(50, 20, 400)  # doctest: +SKIP
    """
    if not (0 <= promoters <= 100 and 0 <= detractors <= 100 - promoters):
        raise ValueError(
            "need 0 <= promoters and 0 <= detractors <= 100 - promoters, "
            f"got {promoters}, {detractors}"
        )
    if n not in SAMPLE_SIZES:
        raise ValueError(f"n must be one of {SAMPLE_SIZES}, got {n}")
    style = {"description_width": "90px"}
    promoter_slider = widgets.IntSlider(
        promoters, 0, 100, description="promoters %", style=style, layout=LAYOUT
    )
    detractor_slider = widgets.IntSlider(
        detractors, 0, 100 - promoters, description="detractors %", style=style, layout=LAYOUT
    )
    n_slider = widgets.SelectionSlider(
        options=SAMPLE_SIZES, value=n, description="answers n", style=style, layout=LAYOUT
    )

    def keep_shares_within_100(change: dict) -> None:
        detractor_slider.max = 100 - change["new"]

    promoter_slider.observe(keep_shares_within_100, names="value")

    def draw(promoters: int, detractors: int, n: int):
        return nps_plots.what_if(promoters / 100, detractors / 100, n)

    controls = {"promoters": promoter_slider, "detractors": detractor_slider, "n": n_slider}
    return live(draw, controls)
