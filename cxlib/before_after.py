"""Before-and-after comparisons (前后对比): rate ratios and difference in differences.

Case study: ``casestudies/haier/haier_analysis.ipynb`` (did naming innovations after employees
change suggestions and service quality?); pictures: :mod:`cxlib.plots.before_after`.

A scheme starts; afterwards a number is higher. Two honest questions follow. Is the change
bigger than chance? (the *interval* of a rate ratio or of an NPS change.) And would it have
happened anyway? (compare with units that did not get the scheme over the same months: the
*difference in differences*, 双重差分.) A before/after number without both is a story, not a
finding.

References
----------
Rothman, K. J., Greenland, S. & Lash, T. L. (2008). *Modern Epidemiology* (3rd ed.). Lippincott
Williams & Wilkins, ch. 14 (incidence-rate ratio and its Wald interval on the log scale).
Card, D. & Krueger, A. B. (1994). Minimum wages and employment: a case study of the fast-food
industry in New Jersey and Pennsylvania. *American Economic Review*, 84(4), 772-793.
Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*. Princeton University
Press, ch. 5 (difference in differences and its parallel-trends assumption).
McCullagh, P. & Nelder, J. A. (1989). *Generalized Linear Models* (2nd ed.). Chapman & Hall,
sections 4.5 and 6.2 (over-dispersion; quasi-likelihood with the Pearson dispersion estimate).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import exp, log, sqrt
from typing import Any, Literal

import numpy as np

from cxlib import nps
from cxlib._rate_ratio_units import per_unit_log_ratio, positive
from cxlib._stats import critical_z, p_text, z_test
from cxlib.language import tr, translate
from cxlib.nps_compare import _centre_and_se

__all__ = ["Effect", "RateRatio", "nps_difference_in_differences", "rate_ratio", "ratio_of_ratios"]


@dataclass(frozen=True)
class RateRatio:
    """How many times higher a rate is after than before (or in one group than another).

    Attributes
    ----------
    ratio : float
        ``(events / exposure) / (baseline_events / baseline_exposure)``.
    ci : tuple of float
        Confidence interval of the ratio (Wald, on the log scale, so never below 0).
    se_log : float
        Standard error of ``log(ratio)``.
    z, p_value : float
        ``log(ratio) / se_log`` and its two-sided p-value for "no change" (ratio 1).
    confidence : float
        Confidence level of ``ci``.
    method : str
        ``"poisson"`` or ``"quasi-poisson"`` (``"mixed"`` for a ratio of ratios of both kinds).
    dispersion : float or None
        The quasi-Poisson dispersion used (the Pearson estimate, at least 1); None for Poisson
        intervals and ratios of ratios.
    df : float or None
        Degrees of freedom of the t distribution behind ``ci`` and ``p_value`` (units - 2 for
        quasi-Poisson); None when the normal distribution is used.
    note : str
        Empty, or what the reader should know (e.g. that the dispersion estimate was below 1
        and 1 was used).
    """

    ratio: float
    ci: tuple[float, float]
    se_log: float
    z: float
    p_value: float
    confidence: float
    method: str = "poisson"
    dispersion: float | None = None
    df: float | None = None
    note: str = ""

    def __str__(self) -> str:
        low, high = self.ci
        verdict = tr(
            "the interval excludes 1: a real change"
            if low > 1 or high < 1
            else "the interval includes 1: no clear change"
        )
        spread = "" if self.dispersion is None else tr(", dispersion {s.dispersion:.2f}", s=self)
        return tr(
            "Rate ratio {s.ratio:.2f} ({s.confidence:.0%} CI {low:.2f} to {high:.2f}), "
            "{p}{spread}; {verdict}",
            s=self,
            low=low,
            high=high,
            p=p_text(self.p_value),
            spread=spread,
            verdict=verdict,
        ) + (f"\n  {translate(self.note)}" if self.note else "")


@dataclass(frozen=True)
class Effect:
    """A difference in differences of NPS points, with its uncertainty.

    Attributes
    ----------
    estimate : float
        ``(pilot after - pilot before) - (comparison after - comparison before)``, in points.
    se : float
        Standard error: the square root of the sum of the four samples' variances.
    ci : tuple of float
        Confidence interval of ``estimate``.
    z, p_value : float
        ``estimate / se`` and its two-sided p-value for "no effect".
    confidence : float
        Confidence level of ``ci``.
    pilot_change, comparison_change : float
        The two before-to-after changes, in points.
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    z: float
    p_value: float
    confidence: float
    pilot_change: float
    comparison_change: float

    def __str__(self) -> str:
        low, high = self.ci
        return tr(
            "Pilot {s.pilot_change:+.1f}, comparison {s.comparison_change:+.1f}: difference in "
            "differences {s.estimate:+.1f} points ({s.confidence:.0%} CI {low:+.1f} to "
            "{high:+.1f}), {p}",
            s=self,
            low=low,
            high=high,
            p=p_text(self.p_value),
        )


def _from_log(
    log_ratio: float,
    se_log: float,
    confidence: float,
    method: str = "poisson",
    dispersion: float | None = None,
    df: float | None = None,
    note: str = "",
) -> RateRatio:
    """The ratio, its interval and p-value from the log ratio and its SE (t with ``df``)."""
    z, p_value = z_test(log_ratio, se_log)
    critical = critical_z(confidence)
    if df is not None:
        from scipy.special import stdtr, stdtrit  # lazy: keeps `import cxlib` light

        critical = float(stdtrit(df, 0.5 + confidence / 2))
        p_value = float(2 * stdtr(df, -abs(z)))
    return RateRatio(
        ratio=exp(log_ratio),
        ci=(exp(log_ratio - critical * se_log), exp(log_ratio + critical * se_log)),
        se_log=se_log,
        z=z,
        p_value=p_value,
        confidence=confidence,
        method=method,
        dispersion=dispersion,
        df=df,
        note=note,
    )


def rate_ratio(
    events: float,
    exposure: float,
    baseline_events: float,
    baseline_exposure: float,
    confidence: float = 0.95,
    *,
    method: str = "poisson",
) -> RateRatio:
    """Ratio of two event rates (e.g. suggestions per employee-month, after vs before).

    ``ratio = (events / exposure) / (baseline_events / baseline_exposure)`` with the Wald
    interval ``exp(log(ratio) +/- z * sqrt(1/events + 1/baseline_events))``: the counts are
    treated as Poisson. When units differ from each other more than Poisson allows (some teams
    suggest much more than others: over-dispersion), this interval is too narrow.

    With counts per unit (one entry per station-month, say) and ``method="quasi-poisson"`` the
    variance is scaled by the Pearson dispersion of those counts around their side's rate,
    ``phi = sum((y - E r)**2 / (E r)) / (units - 2)`` over both sides (``r`` the side's rate,
    ``E`` the unit's exposure), and ``se_log = sqrt(phi * (1/events + 1/baseline_events))``:
    the quasi-Poisson log-linear model with an after/before term (McCullagh & Nelder 1989).
    ``phi`` near 1 means Poisson fits; well above 1, the units vary more than chance and the
    interval widens by ``sqrt(phi)``. Because ``phi`` is estimated from few units, the interval
    and p-value use Student's t with ``units - 2`` degrees of freedom, as for any dispersion
    estimated from the residuals (McCullagh & Nelder 1989, section 4.5; R's ``glm`` with
    ``family = quasipoisson`` does the same): with 5 units per side the normal critical value
    gave 8-9% false alarms at the 5% level, t(8) about 5%. An estimate below 1 (units more
    alike than Poisson counts, or identical) is floored at 1 with a ``note``: the data cannot
    show that the counts are less variable than Poisson's, and a zero estimate would give an
    interval of no width. It counts every kind of extra variation between units, including
    stable differences in level that a comparison within the same units would cancel, so for a
    before/after on the same units it errs on the wide side.

    Parameters
    ----------
    events, exposure : float or array-like
        Events counted and the exposure they were counted over (employee-months, visits, ...);
        arrays of per-unit counts and exposures are added up (and needed for quasi-Poisson).
    baseline_events, baseline_exposure : float or array-like
        The same for the baseline (before, or the comparison group).
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"poisson", "quasi-poisson"}, default "poisson"
        ``"quasi-poisson"`` scales the variance by the dispersion of the per-unit counts (at
        least 1) and uses t with ``units - 2`` degrees of freedom.

    Returns
    -------
    RateRatio

    Raises
    ------
    TypeError, ValueError
        Counts or exposures that are not numbers, negative, infinite or zero (a zero count has
        no log-scale interval; pool more months); per-unit arrays of different lengths; an
        unknown method; quasi-Poisson with fewer than three units in all.

    References
    ----------
    Rothman, Greenland & Lash (2008), Modern Epidemiology, 3rd ed., ch. 14.
    McCullagh & Nelder (1989), Generalized Linear Models, 2nd ed., sections 4.5 and 6.2.

    See Also
    --------
    ratio_of_ratios : the change in the pilot relative to the change in a comparison group.
    Case study ``casestudies/haier/haier_analysis.ipynb``.

    Examples
    --------
    90 suggestions in 100 employee-months after, 40 in 100 before: ratio 2.25; the log ratio's
    SE is sqrt(1/90 + 1/40) = 0.1900, so the 95% interval is 2.25 x exp(-/+ 1.96 x 0.1900) =
    1.55 to 3.27.

    >>> result = rate_ratio(90, 100, 40, 100)
    >>> round(result.ratio, 2), round(result.se_log, 4), [round(x, 2) for x in result.ci]
    (2.25, 0.19, [1.55, 3.27])

    Hand-worked quasi-Poisson: after, two units with 10 and 30 events over 1 month each (rate
    20, Pearson terms 100/20 + 100/20 = 10); before, 8 and 12 (rate 10, terms 0.4 + 0.4 = 0.8).
    phi = 10.8 / (4 - 2) = 5.4, se_log = sqrt(5.4 * (1/40 + 1/20)) = 0.6364; with t(2) =
    4.3027 the interval is 2 x exp(-/+ 4.3027 x 0.6364) = 0.13 to 30.9.

    >>> wide = rate_ratio([10, 30], [1, 1], [8, 12], [1, 1], method="quasi-poisson")
    >>> wide.ratio, round(wide.dispersion, 2), round(wide.se_log, 4), wide.df
    (2.0, 5.4, 0.6364, 2.0)
    >>> [round(x, 2) for x in wide.ci]
    [0.13, 30.92]
    """
    if method not in ("poisson", "quasi-poisson"):
        raise ValueError(f"method must be 'poisson' or 'quasi-poisson', got {method!r}")
    if method == "quasi-poisson" or any(
        np.ndim(v) > 0 for v in (events, exposure, baseline_events, baseline_exposure)
    ):
        found = per_unit_log_ratio(events, exposure, baseline_events, baseline_exposure, method)
        return _from_log(
            found.log_ratio,
            found.se_log,
            confidence,
            method,
            found.dispersion,
            found.df,
            found.note,
        )
    events = positive(events, "events")
    baseline_events = positive(baseline_events, "baseline_events")
    exposure = positive(exposure, "exposure")
    baseline_exposure = positive(baseline_exposure, "baseline_exposure")
    log_ratio = log(events / exposure) - log(baseline_events / baseline_exposure)
    return _from_log(log_ratio, sqrt(1 / events + 1 / baseline_events), confidence)


def ratio_of_ratios(pilot: RateRatio, comparison: RateRatio) -> RateRatio:
    """How much more the pilot's rate changed than the comparison group's (a ratio of ratios).

    The difference in differences on the log scale: ``log(pilot) - log(comparison)``, with
    standard error ``sqrt(se_pilot**2 + se_comparison**2)`` (independent groups). It assumes
    that without the scheme the pilot's rate would have changed by the same factor as the
    comparison's (parallel trends); the data cannot prove that, only make it plausible.

    Parameters
    ----------
    pilot, comparison : RateRatio
        After-vs-before ratios of the two groups, from :func:`rate_ratio`, at one confidence.

    Returns
    -------
    RateRatio

    Raises
    ------
    TypeError, ValueError
        Arguments that are not RateRatio results, or that differ in confidence level.

    References
    ----------
    Rothman, Greenland & Lash (2008), ch. 14; Angrist & Pischke (2009), ch. 5.

    Examples
    --------
    Pilot 40 -> 90 suggestions (ratio 2.25), comparison 50 -> 60 (ratio 1.2), equal exposure:
    ratio of ratios 2.25 / 1.2 = 1.875, SE sqrt(1/90 + 1/40 + 1/60 + 1/50) = 0.2698.

    >>> both = ratio_of_ratios(rate_ratio(90, 1, 40, 1), rate_ratio(60, 1, 50, 1))
    >>> round(both.ratio, 3), round(both.se_log, 4), [round(x, 2) for x in both.ci]
    (1.875, 0.2698, [1.11, 3.18])
    """
    if not isinstance(pilot, RateRatio) or not isinstance(comparison, RateRatio):
        raise TypeError("ratio_of_ratios takes two RateRatio results from rate_ratio()")
    if pilot.confidence != comparison.confidence:
        raise ValueError(
            f"the two ratios have different confidence levels ({pilot.confidence} and "
            f"{comparison.confidence})"
        )
    se_log = sqrt(pilot.se_log**2 + comparison.se_log**2)
    method = pilot.method if pilot.method == comparison.method else "mixed"
    return _from_log(log(pilot.ratio) - log(comparison.ratio), se_log, pilot.confidence, method)


def nps_difference_in_differences(
    pilot_before: Any,
    pilot_after: Any,
    comparison_before: Any,
    comparison_after: Any,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
) -> Effect:
    """Change in the pilot's NPS minus the change in a comparison group's, with its interval.

    ``estimate = (pilot_after - pilot_before) - (comparison_after - comparison_before)``; the
    four samples are independent, so its variance is the sum of their four variances
    (Reichheld's NPS with the trinomial variance, as :func:`cxlib.nps.score`). Like every
    difference in differences it assumes parallel trends: without the scheme, the pilot's NPS
    would have moved as the comparison group's did. ``method`` is that of
    :func:`cxlib.nps.compare`: with ``"adjusted-wald"`` (Rocks 2016) each sample's centre and SE
    come from its counts plus 3 pseudo-answers, and the interval is built around the adjusted
    centres (it is widened, if ever needed, to contain the observed estimate, which is what
    ``estimate`` reports); ``"wald"`` uses the observed shares.

    Parameters
    ----------
    pilot_before, pilot_after, comparison_before, comparison_after : array-like or NPSResult
        0-10 answers, or results from :func:`cxlib.nps.score` / :func:`cxlib.nps.from_counts`.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        How each sample's centre and SE are computed (see :func:`cxlib.nps.compare`).

    Returns
    -------
    Effect

    Raises
    ------
    TypeError, ValueError
        As :func:`cxlib.nps.score` for bad answers; a bad ``confidence`` or ``method``.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Card & Krueger (1994); Angrist & Pischke (2009);
    Rocks, B. (2016), The American Statistician 70(4) (adjusted Wald).

    See Also
    --------
    cxlib.nps.compare : two samples only. Case study ``casestudies/haier/haier_analysis.ipynb``.

    Examples
    --------
    Pilot 40/30/30 -> 50/30/20 promoters/passives/detractors (NPS 10 -> 30, variances 69 and
    61); comparison 40/30/30 -> 45/30/25 (10 -> 20, variances 69 and 66). Estimate
    20 - 10 = 10 points, SE sqrt(69 + 61 + 69 + 66) = 16.28.

    >>> before = nps.from_counts(40, 30, 30)
    >>> effect = nps_difference_in_differences(before, nps.from_counts(50, 30, 20),
    ...     before, nps.from_counts(45, 30, 25), method="wald")
    >>> round(effect.estimate, 1), round(effect.se, 2), round(effect.p_value, 2)
    (10.0, 16.28, 0.54)
    """
    if method not in ("adjusted-wald", "wald"):
        raise ValueError(f"method must be 'adjusted-wald' or 'wald', got {method!r}")
    z_critical = critical_z(confidence)
    results = [
        r if isinstance(r, nps.NPSResult) else nps.score(r)
        for r in (pilot_before, pilot_after, comparison_before, comparison_after)
    ]
    pilot_change = results[1].nps - results[0].nps
    comparison_change = results[3].nps - results[2].nps
    estimate = pilot_change - comparison_change
    centres, ses = zip(*(_centre_and_se(r, method) for r in results), strict=True)
    centre = (centres[1] - centres[0]) - (centres[3] - centres[2])
    se = sqrt(sum(s**2 for s in ses))
    z, p_value = z_test(centre, se)  # se == 0 only with "wald" and four unanimous samples
    ci = (
        min(centre - z_critical * se, estimate),
        max(centre + z_critical * se, estimate),
    )
    return Effect(estimate, se, ci, z, p_value, confidence, pilot_change, comparison_change)
