"""Pictures for the CX Workbook (matplotlib and seaborn), one module per topic.

Drawing never computes statistics of its own: it calls the metric modules (e.g.
:mod:`cxlib.nps`) and draws their results. Call :func:`cxlib.plots.theme.use` once per
notebook for the course look and a font that renders Chinese.
"""
