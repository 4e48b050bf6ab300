"""Pictures for the CX Workbook (matplotlib and seaborn), one module per topic.

Drawing never computes statistics of its own: it calls the metric modules (e.g.
:mod:`cxlib.nps`) and draws their results. Importing this package applies the course theme
(:func:`cxlib.plots.theme.use`): the course colours and a font that renders Chinese, so that no
picture shows empty boxes where characters should be. Call ``theme.use()`` again after changing
matplotlib's settings to restore it. Pictures are drawn in the reader's language
(:mod:`cxlib.plots.language`): English, or Chinese with ``set_language("zh")`` / ``CXLIB_LANG=zh``.
"""

try:
    import matplotlib  # noqa: F401
    import seaborn  # noqa: F401
except ImportError as missing:
    raise ImportError(
        f"cxlib.plots draws with matplotlib and seaborn, and {missing.name} is not installed: "
        "pip install 'cxlib[plots]' (or pip install -r requirements.txt in the workbook)"
    ) from missing

from cxlib.plots import language, theme

theme.use()
language.install()  # figures follow the reader's language (CXLIB_LANG=zh draws Chinese)
