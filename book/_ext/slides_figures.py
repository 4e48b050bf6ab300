"""The book's figures on slides: a ``cxlib.plots`` call drawn at slide size in the deck's language.

A slide source names a figure as a call, e.g. ``plots.nps.score_distribution(data.hotel_nps
["score"])`` (``book/slides/README.md``). It is drawn here with the course theme at the size it
takes on the slide, with the type one size up from the book's so that it reads from the back of
a room, and saved through ``cxlib.plots.language``, which puts every text of the figure in the
deck's language from ``cxlib/data/figures.zh.po``; the numbers are those the book draws. A Chinese
figure that still shows an English word stops the build, naming the word: its text is missing from
the figure catalogue (draw it in the book first, then ``make translations``).
"""

from __future__ import annotations

import io
import re

from slides import FormatError, evaluate
from slides_check import MODEL_NAMES

#: Type sizes on slides (points on the projected slide): larger than the book's notebook sizes.
SLIDE_RC = {
    "font.size": 15,
    "axes.titlesize": 16,
    "axes.labelsize": 15,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "legend.title_fontsize": 14,
}
DPI = 200
#: Figures are drawn this much smaller than the area they fill, so that their type (SLIDE_RC)
#: is this much larger on the slide: 14 pt tick labels read as about 18 pt.
ENLARGE = 1.3
#: No text of a figure is drawn smaller than this (points before ENLARGE): some of the book's
#: figures set small annotation and tick sizes that would not read on a projected slide.
SMALLEST = 12


def leftover_latin(figure) -> list[str]:
    """English words still on a figure (besides model names), after translation."""
    from matplotlib.text import Text

    found = []
    for item in figure.findobj(Text):
        for word in re.findall(r"[A-Za-z]{2,}", item.get_text()):
            if word not in MODEL_NAMES:
                found.append(item.get_text())
                break
    return found


def draw(expression: str, lang: str, area: tuple[float, float], where: str):
    """PNG bytes of the figure and its size in inches, drawn to fit ``area`` (inches)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from cxlib.language import in_language
    from cxlib.plots import theme

    theme.use()
    with in_language(lang):
        with plt.rc_context(SLIDE_RC):
            result = evaluate(expression, where)
            figure = result if isinstance(result, Figure) else result.figure
            figure.set_size_inches(area[0] / ENLARGE, area[1] / ENLARGE)
            for item in figure.findobj(Text):
                item.set_fontsize(max(item.get_fontsize(), SMALLEST))
            buffer = io.BytesIO()
            figure.savefig(
                buffer, format="png", dpi=DPI * ENLARGE, bbox_inches="tight", pad_inches=0.05
            )
        left = leftover_latin(figure) if lang == "zh" else []
        plt.close(figure)
    if left:
        raise FormatError(
            f"{where}: the Chinese figure still shows English: {left[:3]} (draw the figure in the "
            "book, then `make translations` adds its texts to cxlib/data/figures.zh.po)"
        )
    from PIL import Image

    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        width, height = image.size
    return buffer.getvalue(), (width / DPI, height / DPI)  # inches on the slide
