"""cxlib: the helper library of the CX Workbook (customer-experience analysis).

Computing modules (light: NumPy and pandas only):

- :mod:`cxlib.nps`: Net Promoter Score (净推荐值) with intervals, comparisons, sample sizes.
- :mod:`cxlib.csat`: CSAT (客户满意度) and CES (客户费力度).
- :mod:`cxlib.peakend`: the peak-end rule (峰终定律) and duration neglect.
- :mod:`cxlib.servqual`: SERVQUAL service-quality gaps (服务质量差距).
- :mod:`cxlib.reliability`: Cronbach's alpha with Feldt's confidence interval.
- :mod:`cxlib.kano`: Kano needs (卡诺模型), Better and Worse.
- :mod:`cxlib.touchpoints`: touchpoint impressions and the 7-38-55 rule, where it applies.
- :mod:`cxlib.journey`: journey maps (客户旅程地图) and moments of truth (关键时刻).
- :mod:`cxlib.before_after`: before-and-after comparisons (rate ratios, difference in
  differences) for judging a scheme honestly.
- :mod:`cxlib.tracking`: a metric month by month, with control limits and a trend test: is
  this month's change real?
- :mod:`cxlib.reasons`: reason themes in Chinese and English, key drivers (needs ``jieba``).
- :mod:`cxlib.datasets`: the course datasets, shipped with the package (no downloads).
- :mod:`cxlib.exports`, :mod:`cxlib.nps_sql` and the ``cx`` command (:mod:`cxlib.cli`): your own
  survey exports, including files too large for memory.

Drawing lives in :mod:`cxlib.plots` (matplotlib/seaborn) and interaction in
:mod:`cxlib.widgets` (ipywidgets); neither is imported here, so ``import cxlib`` stays fast.

Examples
--------
>>> import cxlib
>>> print(cxlib.nps.score([10, 9, 7, 3]))
NPS +25.0 (95% CI -44.2 to +72.7), n = 4: 50% promoters, 25% passives, 25% detractors
"""

import importlib
import sys
from types import ModuleType

if sys.platform == "emscripten":  # the in-browser course (Pyodide): 32-bit numpy indices
    from cxlib import _pyodide

    _pyodide.install()

from cxlib import csat, datasets, nps  # the core, loaded with the package

#: Topic modules, loaded on first use (``cxlib.kano`` or ``from cxlib import kano``) so that
#: ``import cxlib`` costs little more than importing pandas.
_TOPICS = (
    "before_after",
    "journey",
    "kano",
    "peakend",
    "reasons",
    "reliability",
    "servqual",
    "touchpoints",
    "tracking",
)

__all__ = ["csat", "datasets", "nps", *_TOPICS]
__version__ = "0.1.0"


def __getattr__(name: str) -> ModuleType:
    """Import a topic module the first time it is used (PEP 562)."""
    if name in _TOPICS:
        module = importlib.import_module(f"cxlib.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'cxlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_TOPICS])
