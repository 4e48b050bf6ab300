"""cxlib: the helper library of the CX Workbook (customer-experience analysis).

Computing modules (light: NumPy and pandas only):

- :mod:`cxlib.nps`: Net Promoter Score (净推荐值) with intervals, comparisons, sample sizes.
- :mod:`cxlib.csat`: CSAT (客户满意度) and CES (客户费力度).
- :mod:`cxlib.nps_programme`: running an NPS programme: who answered, weights, worst-case bounds.
- :mod:`cxlib.callbacks`: closing the loop with detractors (贬损者回访): the call-back log.
- :mod:`cxlib.referrals`: sharing and referrals (转发与推荐): rates and visits per share.
- :mod:`cxlib.planning`: sample size and power for a score or a difference between two groups.
- :mod:`cxlib.peakend`: the peak-end rule (峰终效应) and duration neglect.
- :mod:`cxlib.peak_factors`: what shapes a peak (影响"峰点"的因素): peaks and ends by segment.
- :mod:`cxlib.servqual`: SERVQUAL service-quality gaps (服务质量差距).
- :mod:`cxlib.reliability`: Cronbach's alpha with Feldt's confidence interval.
- :mod:`cxlib.kano`: Kano needs (KANO 模型), Better and Worse.
- :mod:`cxlib.touchpoints`: touchpoint impressions and the 7-38-55 rule, where it applies.
- :mod:`cxlib.journey`: journey maps (客户旅程图) and moments of truth (关键时刻).
- :mod:`cxlib.channels`: a journey's consistency across channels (渠道一致性).
- :mod:`cxlib.before_after`: before-and-after comparisons (rate ratios, difference in
  differences) for judging a scheme honestly.
- :mod:`cxlib.training_effect`, :mod:`cxlib.training_questions`: did the training work? Pre- and
  post-course quiz scores as pairs (paired t, McNemar per question, difference in differences).
- :mod:`cxlib.tracking`: a metric month by month, with control limits and a trend test: is
  this month's change real?
- :mod:`cxlib.funnel`: funnel analysis (漏斗分析): conversion by step, A/B comparisons.
- :mod:`cxlib.retention`: customers over time: cohort retention (客户保留率), repeat purchase
  (重复购买率), the sBG model and lifetime value (客户终身价值), RFM segments.
- :mod:`cxlib.needs`: the needs evaluation table (客户需求评估表), ranked by urgency × importance.
- :mod:`cxlib.economics`: customer-system economics (客户系统经济学): total value = benefit − cost.
- :mod:`cxlib.market`: market sizing (市场空间估计), top-down and bottom-up, with a 90% range;
  :mod:`cxlib.opportunity`: the chance of winning (机会评估), a checklist and its checks.
- :mod:`cxlib.segments`: behaviour segments (客户细分) by k-means, judged by silhouette,
  stability and size.
- :mod:`cxlib.reasons`: reason themes in Chinese and English, key drivers (needs ``jieba``).
- :mod:`cxlib.typology`: the 红黄蓝绿 colour quiz scored with its ties and test-retest agreement.
- :mod:`cxlib.datasets`: the course datasets, shipped with the package (no downloads).
- :mod:`cxlib.terms`: the course's terminology, one English and one Chinese term per concept.
- :mod:`cxlib.language`: the reader's language. With ``CXLIB_LANG=zh`` (or
  ``language.set_language("zh")``) printed results, self-check messages, widget labels, the
  labels of tables shown in a notebook and the pictures are Chinese; the numbers are the same.
- :mod:`cxlib.workbook_excel`: the no-code NPS/CSAT calculator as an Excel workbook;
  :mod:`cxlib.workbook_training`: the training-effect workbook.
- :mod:`cxlib.exports`, :mod:`cxlib.nps_sql` and the ``cx`` command (:mod:`cxlib.cli`): your own
  survey exports, including files too large for memory.

Drawing lives in :mod:`cxlib.plots` (matplotlib/seaborn; pictures follow the reader's language,
:mod:`cxlib.plots.language`) and interaction in :mod:`cxlib.widgets` (ipywidgets); neither is
imported here, so ``import cxlib`` stays fast.

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

from cxlib import _display, csat, datasets, language, nps  # the core, loaded with the package

_display.activate()  # in a notebook with CXLIB_LANG=zh, tables show Chinese labels

#: Topic modules, loaded on first use (``cxlib.kano`` or ``from cxlib import kano``) so that
#: ``import cxlib`` costs little more than importing pandas.
_TOPICS = (
    "before_after",
    "callbacks",
    "channels",
    "economics",
    "funnel",
    "journey",
    "kano",
    "market",
    "needs",
    "nps_programme",
    "opportunity",
    "peak_factors",
    "peakend",
    "reasons",
    "referrals",
    "reliability",
    "retention",
    "segments",
    "servqual",
    "touchpoints",
    "tracking",
    "training_effect",
    "training_questions",
    "typology",
)

__all__ = ["csat", "datasets", "language", "nps", *_TOPICS]
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
