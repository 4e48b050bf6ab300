"""Net Promoter Score (净推荐值) with its uncertainty: one place to import it all from.

Book chapter: ``book/nps.md``; workbook: ``notebooks/01_nps.ipynb``; pictures:
:mod:`cxlib.plots.nps`; what-if widget: :mod:`cxlib.widgets.nps`.

Reichheld (2003) asks "How likely is it that you would recommend [company X] to a friend or
colleague?" on a 0-10 scale. Answers of 9-10 are *promoters* (推荐者), 7-8 *passives*
(中立者) and 0-6 *detractors* (贬损者). NPS is the percentage of promoters minus the
percentage of detractors, so it lies between -100 and +100.

Uncertainty. Score each answer +1 (promoter), 0 (passive) or -1 (detractor); NPS/100 is the
mean of that variable, whose variance for a single answer follows from the trinomial
distribution of the three categories, ``Var = p_P + p_D - (p_P - p_D)**2``, so the Wald
standard error of NPS in points is ``100 * sqrt(Var / n)``. The default interval is Rocks'
(2016) adjusted Wald interval: the same formula after adding 3/4 promoter, 3/2 passive and 3/4
detractor, which keeps close to 95% coverage at small n (``benchmarks/nps_coverage.py``). With
survey weights ``n`` is Kish's effective sample size ``(sum w)**2 / sum(w**2)``.

The code lives in one module per concept; every name is importable from here:

- :mod:`cxlib.nps_score`: ``NPSResult``, ``classify``, ``score_counts``, ``score``,
  ``from_counts`` (one sample); :mod:`cxlib.nps_intervals`: the interval formulas;
- :mod:`cxlib.nps_segments`: ``by``, ``by_counts`` (one row per segment, against the rest);
- :mod:`cxlib.nps_compare`: ``NPSComparison``, ``compare``, ``pairwise`` (differences);
- :mod:`cxlib.planning`: ``sample_size``, ``margin`` and the power of a comparison.

References
----------
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12),
46-54.
Rocks, B. (2016). Interval estimation for the "net promoter score". *The American
Statistician*, 70(4), 365-372.
Kish, L. (1965). *Survey Sampling*. New York: Wiley (effective sample size, section 11.7).

Examples
--------
>>> from cxlib import nps
>>> print(nps.score([10] * 50 + [8] * 30 + [3] * 20))
NPS +30.0 (95% CI +14.1 to +44.2), n = 100: 50% promoters, 30% passives, 20% detractors
"""

from __future__ import annotations

from cxlib.nps_compare import NPSComparison, compare, pairwise
from cxlib.nps_intervals import METHODS
from cxlib.nps_score import (
    CATEGORIES,
    PASSIVE_FROM,
    PROMOTER_FROM,
    NPSResult,
    classify,
    from_counts,
    score,
    score_counts,
)
from cxlib.nps_segments import by, by_counts
from cxlib.planning import (
    nps_difference_power,
    nps_difference_sample_size,
)
from cxlib.planning import nps_margin as margin
from cxlib.planning import nps_sample_size as sample_size

__all__ = [
    "CATEGORIES",
    "METHODS",
    "PASSIVE_FROM",
    "PROMOTER_FROM",
    "NPSComparison",
    "NPSResult",
    "by",
    "by_counts",
    "classify",
    "compare",
    "from_counts",
    "margin",
    "nps_difference_power",
    "nps_difference_sample_size",
    "pairwise",
    "sample_size",
    "score",
    "score_counts",
]
