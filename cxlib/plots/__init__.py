"""Pictures for the CX Workbook (matplotlib and seaborn), one module per topic.

Drawing never computes statistics of its own: it calls the metric modules (e.g.
:mod:`cxlib.nps`) and draws their results. Call :func:`cxlib.plots.theme.use` once per
notebook for the course look and a font that renders Chinese.
"""

try:
    import matplotlib  # noqa: F401
    import seaborn  # noqa: F401
except ImportError as missing:
    raise ImportError(
        f"cxlib.plots draws with matplotlib and seaborn, and {missing.name} is not installed: "
        "pip install 'cxlib[plots]' (or pip install -r requirements.txt in the workbook)"
    ) from missing
