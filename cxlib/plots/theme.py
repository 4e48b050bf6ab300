"""The course's one plotting theme: seaborn's whitegrid, colour-blind-safe colours, and a
font that draws Chinese (中文) labels instead of empty boxes.

The font search, in order: Noto Sans CJK SC from the ``mplfonts`` package (pinned in
``requirements.txt``, SIL Open Font License), then CJK fonts the system already has (Noto
CJK, Source Han Sans, WenQuanYi, Microsoft YaHei, PingFang, SimHei). Fonts are registered by
file with ``fontManager.addfont``, so a font cache built before the font was installed does not
hide them. matplotlib and seaborn are imported when first needed (:mod:`cxlib.plots._lazy`):
:func:`use` before that applies the theme the moment matplotlib is imported.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cxlib import webfont
from cxlib.plots._lazy import Module, when_imported

if TYPE_CHECKING:
    from matplotlib.axes import Axes

plt = Module("matplotlib.pyplot")
sns = Module("seaborn")
font_manager = Module("matplotlib.font_manager")

#: Okabe & Ito (2008) colour-blind-safe colours for the three customer types.
CATEGORY_COLOURS = {"detractor": "#D55E00", "passive": "#999999", "promoter": "#009E73"}
#: Colour of an estimate and its interval.
ESTIMATE_COLOUR = "#0072B2"
_SYSTEM_FONT_FILES = (
    "notosanscjk",
    "sourcehansans",
    "wqy-microhei",
    "wqy-zenhei",
    "msyh",
    "pingfang",
    "simhei",
)


@cache
def cjk_font() -> str | None:
    """Family name of a font that draws Chinese, registered with matplotlib; None if none.

    Examples
    --------
    >>> cjk_font()  # doctest: +SKIP
    'Noto Sans CJK SC'
    """
    bundled = webfont.source_font()  # Noto Sans CJK SC from mplfonts
    candidates = (
        [bundled]
        if bundled is not None
        else [  # only without it: scan the system's fonts
            Path(path)
            for path in font_manager.findSystemFonts()
            if any(key in Path(path).name.lower().replace(" ", "") for key in _SYSTEM_FONT_FILES)
        ]
    )
    for path in candidates:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    warnings.warn(
        "No font with Chinese characters was found, so Chinese labels will show as empty boxes. "
        "Install one: pip install mplfonts (or apt install fonts-noto-cjk).",
        stacklevel=2,
    )
    return None


def axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The given axes, or a new figure's axes of the given size (every picture starts here).

    Examples
    --------
    >>> axes(None, (4, 3)).figure.get_size_inches().tolist()
    [4.0, 3.0]
    """
    return ax if ax is not None else plt.subplots(figsize=size)[1]


def use() -> None:
    """Apply the course theme: whitegrid, the course colours, a CJK-capable font; if matplotlib
    has not been imported yet, as soon as it is (so that ``import cxlib.plots`` stays quick).

    Examples
    --------
    >>> use()
    >>> import matplotlib
    >>> matplotlib.rcParams["axes.unicode_minus"]
    False
    """
    when_imported(_apply)


def _apply() -> None:
    """:func:`use`, now (imports matplotlib and seaborn)."""
    import matplotlib

    family = cjk_font()
    fonts = ([family] if family else []) + ["DejaVu Sans"]
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        palette=[ESTIMATE_COLOUR, *CATEGORY_COLOURS.values()],
        font="sans-serif",
        rc={
            "font.sans-serif": fonts,
            "axes.unicode_minus": False,  # CJK fonts lack the Unicode minus sign
            "figure.dpi": 100,
            "savefig.bbox": "tight",
            "axes.titleweight": "normal",  # the CJK font ships one (regular) weight
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    )
    matplotlib.rcParams["svg.fonttype"] = "none"
