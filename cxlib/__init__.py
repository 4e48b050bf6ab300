"""cxlib: the helper library of the CX Workbook (customer-experience analysis).

Computing modules (light: NumPy and pandas only):

- :mod:`cxlib.nps`: Net Promoter Score (净推荐值) with intervals, comparisons, sample sizes.
- :mod:`cxlib.csat`: CSAT (客户满意度) and CES (客户费力度).
- :mod:`cxlib.datasets`: the course datasets, shipped with the package (no downloads).

Drawing lives in :mod:`cxlib.plots` (matplotlib/seaborn) and interaction in
:mod:`cxlib.widgets` (ipywidgets); neither is imported here, so ``import cxlib`` stays fast.

Examples
--------
>>> import cxlib
>>> print(cxlib.nps.score([10, 9, 7, 3]))
NPS +25.0 (95% CI -56.3 to +100.0), n = 4: 50% promoters, 25% passives, 25% detractors
"""

from cxlib import csat, datasets, nps

__all__ = ["csat", "datasets", "nps"]
__version__ = "0.1.0"
