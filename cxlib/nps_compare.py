"""Is a difference between NPS scores real? Two samples, or every pair of segments.

Part of :mod:`cxlib.nps` (import the names from there). Book chapter ``book/nps.md``, sections
"Comparing two scores" and "Many comparisons".

The difference of two independent scores has variance ``se_a**2 + se_b**2``. With the adjusted
Wald method each sample gets Rocks' (2016) three pseudo-answers first, so the standard error is
never 0 and ``z`` is never infinite; with the plain Wald method two unanimous samples have SE 0.
The p-value of unweighted samples is the exact conditional test of :mod:`cxlib._exact` (the
normal one is too small far in the tail, where corrections for many comparisons look); for
weighted samples it is the normal p-value of ``z``, NaN with a note when the SE is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import isnan, sqrt
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib._exact import nps as exact_nps
from cxlib._stats import critical_z, differences, p_text
from cxlib.language import N_, tr
from cxlib.nps_intervals import METHODS, centre_and_se, check_method
from cxlib.nps_score import NPSResult, score
from cxlib.nps_segments import NO_VARIATION_NOTE, exact_p_values, group_counts

__all__ = ["NPSComparison", "compare", "pairwise"]

#: What compare says when the plain Wald standard error is 0.
ZERO_SE_NOTE = N_(
    "both samples are unanimous, so the Wald standard error is 0 and no test is possible "
    "(z and p are NaN); use method='adjusted-wald', which holds at small n"
)
#: What compare says when the Wald interval has no width but the exact test still has a p-value.
ZERO_WIDTH_NOTE = N_(
    "both samples are unanimous, so the Wald interval has no width (z is NaN); use "
    "method='adjusted-wald', which holds at small n"
)


@dataclass(frozen=True)
class NPSComparison:
    """The difference between two independent NPS results (a minus b).

    Attributes
    ----------
    difference : float
        ``a.nps - b.nps`` in points.
    se : float
        Standard error of the difference, ``sqrt(a.se**2 + b.se**2)``.
    z : float
        The interval's centre divided by ``se`` (NaN when ``se`` is 0).
    p_value : float
        Two-sided p-value of "no difference": the exact conditional test when both samples are
        unweighted answers or counts (1 when every answer is in one category), else the normal
        one of ``z`` (NaN when ``se`` is 0).
    ci : tuple of float
        Confidence interval of the difference, within [-200, 200], containing ``difference``.
    confidence : float
        Confidence level of ``ci``.
    a, b : NPSResult
        The two results compared.
    method : str
        ``"adjusted-wald"`` or ``"wald"``.
    note : str
        Empty, or why there is nothing to test.
    test : str
        ``"exact"`` or ``"normal"`` (weighted or bootstrap results).
    """

    difference: float
    se: float
    z: float
    p_value: float
    ci: tuple[float, float]
    confidence: float
    a: NPSResult
    b: NPSResult
    method: str = "adjusted-wald"
    note: str = ""
    test: str = "exact"

    def _note(self) -> str:
        """The note in the reader's language (it may join several notes with "; ")."""
        note = self.note
        for known in (ZERO_SE_NOTE, ZERO_WIDTH_NOTE, NO_VARIATION_NOTE):
            note = note.replace(known, tr(known))
        return note

    def __str__(self) -> str:
        low, high = self.ci
        verdict = (
            tr("the interval excludes 0: a real difference at this confidence level")
            if low > 0 or high < 0
            else tr("the interval includes 0: the data cannot tell these scores apart")
        )
        z = tr("z undefined") if isnan(self.z) else f"z = {self.z:.2f}"
        return (
            tr(
                "Difference {s.difference:+.1f} points ({s.confidence:.0%} CI {low:+.1f} to "
                "{high:+.1f}), {z}, {p}",
                s=self,
                low=low,
                high=high,
                z=z,
                p=p_text(self.p_value),
            )
            + "\n  "
            + (self._note() if self.note else verdict)
        )


def _centre_and_se(result: NPSResult, method: str) -> tuple[float, float]:
    """Centre and SE of one result under ``method``; a bootstrap result keeps its own SE."""
    if result.method == "bootstrap":
        return result.nps, result.se
    centre, se = centre_and_se(
        np.array([result.promoter_share]),
        np.array([result.detractor_share]),
        np.array([result.effective_n]),
        method,
    )
    return float(centre[0]), float(se[0])


def _counts(result: NPSResult) -> np.ndarray | None:
    """Whole (detractors, passives, promoters) counts of an unweighted result, else None."""
    counts = np.array([result.detractors, result.passives, result.promoters], dtype=float)
    unweighted = abs(result.effective_n - counts.sum()) < 1e-9 * max(counts.sum(), 1)
    if result.method == "bootstrap" or not unweighted or (counts != np.round(counts)).any():
        return None
    return counts


def compare(
    a: Any,
    b: Any,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
) -> NPSComparison:
    """Difference between the NPS of two independent samples, with its uncertainty.

    The difference ``a.nps - b.nps`` has standard error ``sqrt(se_a**2 + se_b**2)`` because
    the samples are independent. Adjusted Wald (the default, Rocks 2016): each sample's
    centre and SE come from its counts plus 3/4 promoter, 3/2 passive and 3/4 detractor; the
    interval is the difference of the centres +/- z * SE (widened, if ever needed, to contain
    the observed difference) and ``z`` = that centre / SE. Wald: the observed difference +/- z *
    SE. The p-value of two unweighted samples is the exact conditional test of the score sum
    (:func:`cxlib._exact.nps`; p = 1 with a ``note`` when every answer of both is in one
    category); with weights or a bootstrap result it is ``erfc(|z| / sqrt(2))``, NaN with a
    ``note`` when SE is 0 (Wald with two unanimous samples).

    Parameters
    ----------
    a, b : array-like, pandas.Series or NPSResult
        The two samples' 0-10 answers, or results already computed with :func:`score`
        (weighted results keep their effective n; a bootstrap result keeps its SE).
    confidence : float, default 0.95
        Confidence level of the interval of the difference.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval, as in :func:`score`.

    Returns
    -------
    NPSComparison

    Raises
    ------
    TypeError, ValueError
        As :func:`score` for bad answers; a bad ``confidence`` or ``method``.

    References
    ----------
    Reichheld (2003), Harvard Business Review (NPS); Rocks, B. (2016). Interval estimation for
    the "net promoter score". The American Statistician 70(4), 365-372 (adjusted Wald, for a
    difference adjusting each sample).

    See Also
    --------
    pairwise : every pair of segments, with a correction for many comparisons. Book chapter
    ``book/nps.md``, section "Comparing two scores".

    Examples
    --------
    Wald: branch A 50/30/20 (NPS 30, SE^2 = 0.61/100 * 100^2 = 61), branch B 40/30/30 (NPS 10,
    SE^2 = 69). Difference 20 points, SE = sqrt(61 + 69) = 11.40, z = 1.75 (normal p 0.080).
    The exact test: together 90 promoters, 60 passives and 50 detractors; A's 50 - 20 = 30 is
    10 above the 100 * 40 / 200 = 20 expected, and splits at least that far from it have
    probability 0.099, a little more than the normal p, as with Fisher's test.

    >>> a, b = [10] * 50 + [7] * 30 + [0] * 20, [9] * 40 + [8] * 30 + [5] * 30
    >>> result = compare(a, b, method="wald")
    >>> round(result.difference, 6), round(result.se, 2), round(result.z, 2)
    (20.0, 11.4, 1.75)
    >>> round(result.p_value, 3), result.test
    (0.099, 'exact')

    Adjusted Wald (hand-worked): centres 100 * 30/103 = 29.13 and 100 * 10/103 = 9.71, SEs
    7.69 and 8.15, so SE = 11.21 and z = 19.42 / 11.21 = 1.73.

    >>> result = compare(a, b)
    >>> result.difference, round(result.se, 2), round(result.z, 2)
    (20.0, 11.21, 1.73)
    """
    check_method(method, METHODS[:2])
    critical_z(confidence)  # refuse a bad level before any work
    a = a if isinstance(a, NPSResult) else score(a, method=method)
    b = b if isinstance(b, NPSResult) else score(b, method=method)
    (centre_a, se_a), (centre_b, se_b) = _centre_and_se(a, method), _centre_and_se(b, method)
    difference = a.nps - b.nps
    columns = differences(
        np.array([difference]),
        np.array([centre_a - centre_b]),
        np.array([sqrt(se_a**2 + se_b**2)]),
        confidence,
        bounds=(-200, 200),
    )
    se, z, p_value = (float(columns[k][0]) for k in ("se", "z", "p_value"))
    ci = (float(columns["ci_low"][0]), float(columns["ci_high"][0]))
    counts_a, counts_b = _counts(a), _counts(b)
    if counts_a is not None and counts_b is not None:
        p_value = exact_nps(counts_a, counts_b)
        notes = [NO_VARIATION_NOTE] if np.count_nonzero(counts_a + counts_b) == 1 else []
        notes += [ZERO_WIDTH_NOTE] if se == 0 else []
        note = "; ".join(notes)
        return NPSComparison(difference, se, z, p_value, ci, confidence, a, b, method, note)
    note = ZERO_SE_NOTE if se == 0 else ""
    return NPSComparison(
        difference, se, z, p_value, ci, confidence, a, b, method, note, test="normal"
    )


def pairwise(
    df: pd.DataFrame,
    score: str,
    by: str | list[str],
    weights: str | None = None,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
    *,
    dropna: bool = False,
    adjust: Literal["holm", "bh"] | None = "holm",
) -> pd.DataFrame:
    """Every pair of segments compared, with p-values and intervals adjusted for their number.

    For k segments there are k(k-1)/2 differences; each is :func:`compare` of the two groups
    (computed for all pairs at once from the group counts, no loop over pairs). With
    ``adjust="holm"`` (default) the chance of any false "real difference" stays below
    ``1 - confidence``; ``"bh"`` bounds the expected share of false ones instead.

    Parameters
    ----------
    df : pandas.DataFrame
        The survey, one row per answer.
    score : str
        Column of 0-10 answers.
    by : str or list of str
        Column(s) defining the segments (several are joined as "a / b" in the labels).
    weights : str, optional
        Column of survey weights.
    confidence : float, default 0.95
        Confidence level.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval of each group, as in :func:`score`.
    dropna : bool, default False
        Leave out rows with a missing answer, weight or segment label instead of raising.
    adjust : {"holm", "bh"} or None, default "holm"
        The correction for many comparisons (None: unadjusted columns only).

    Returns
    -------
    pandas.DataFrame
        One row per pair in group order: ``group_a, group_b, nps_a, nps_b, n_a, n_b,
        difference, se, ci_low, ci_high, z, p_value``, with ``adjust`` ``p_adjusted,
        ci_low_adjusted, ci_high_adjusted``, and ``note`` (why a pair has nothing to test).
        Unweighted, ``p_value`` is the exact test of :func:`compare`; weighted, the normal
        p-value of ``z`` (``attrs["test"]`` says which).

    Raises
    ------
    TypeError, ValueError
        As :func:`by`; an unknown ``adjust``.

    References
    ----------
    Rocks (2016), The American Statistician 70(4); Holm, S. (1979), Scandinavian Journal of
    Statistics 6(2), 65-70; Benjamini, Y. & Hochberg, Y. (1995), JRSS B 57(1), 289-300;
    Dunn (1961) and Benjamini & Yekutieli (2005) for the adjusted intervals.

    See Also
    --------
    by : each segment against the rest (``versus="rest"``). Book chapter ``book/nps.md``,
    section "Many comparisons".

    Examples
    --------
    >>> survey = pd.DataFrame({"city": list("AABBCC"), "score": [10, 9, 3, 9, 0, 2]})
    >>> table = pairwise(survey, "score", "city", method="wald")
    >>> table[["group_a", "group_b", "difference"]]
      group_a group_b  difference
    0       A       B       100.0
    1       A       C       200.0
    2       B       C       100.0
    """
    check_method(method, METHODS[:2])
    critical_z(confidence)
    found = group_counts(df, score, by, weights, dropna)
    seen = found.n > 0
    counts, n_eff = found.counts[seen], found.effective_n()[seen]
    labels = found.table[seen].astype(str).agg(" / ".join, axis=1).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / counts.sum(axis=1, keepdims=True)
        nps = 100 * (shares[:, 2] - shares[:, 0])
        centre, se = centre_and_se(shares[:, 2], shares[:, 0], n_eff, method)
    i, j = np.triu_indices(len(labels), k=1)
    table = pd.DataFrame(
        {
            "group_a": labels[i],
            "group_b": labels[j],
            "nps_a": nps[i],
            "nps_b": nps[j],
            "n_a": found.n[seen][i],
            "n_b": found.n[seen][j],
        }
    )
    exact, notes = (None, None) if found.sum_w is not None else exact_p_values(counts[i], counts[j])
    columns = differences(
        nps[i] - nps[j],
        centre[i] - centre[j],
        np.sqrt(se[i] ** 2 + se[j] ** 2),
        confidence,
        adjust,
        bounds=(-200, 200),
        p_value=exact,
    )
    for key, value in columns.items():
        table[key] = value
    table["note"] = "" if notes is None else notes
    test = "normal (weighted)" if exact is None else "exact"
    table.attrs.update(confidence=confidence, method=method, adjust=adjust, test=test)
    return table
