"""Pictures for the CX Workbook (matplotlib and seaborn), one module per topic.

Drawing never computes statistics of its own: it calls the metric modules (e.g.
:mod:`cxlib.nps`) and draws their results. Importing this package applies the course theme
(:func:`cxlib.plots.theme.use`): the course colours and a font that renders Chinese, so that no
picture shows empty boxes where characters should be. Call ``theme.use()`` again after changing
matplotlib's settings to restore it. Pictures are drawn in the reader's language
(:mod:`cxlib.plots.language`): English, or Chinese with ``set_language("zh")`` / ``CXLIB_LANG=zh``.

matplotlib and seaborn are imported when the first picture is drawn, not by ``import cxlib.plots``
(:mod:`cxlib.plots._lazy`): the theme and the translation are applied the moment matplotlib is
imported, by cxlib or by a notebook's own ``import matplotlib.pyplot``.
"""

import sys
from importlib.util import find_spec

if sys.platform != "emscripten":  # in the browser course they are there, loaded on first use
    for _name in ("matplotlib", "seaborn"):
        if find_spec(_name) is None:
            raise ImportError(
                f"cxlib.plots draws with matplotlib and seaborn, and {_name} is not installed: "
                "pip install 'cxlib[plots]' (or pip install -r requirements.txt in the workbook)",
                name=_name,
            )

from cxlib.plots import _lazy, language, theme

theme.use()
_lazy.when_imported(language.install)  # figures follow the reader's language (CXLIB_LANG=zh)
