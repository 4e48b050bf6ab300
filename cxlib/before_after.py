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
"""

from __future__ import annotations

from dataclasses import dataclass
from math import exp, log, sqrt
from typing import Any

from cxlib import nps
from cxlib._stats import critical_z, p_text, z_test

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
    """

    ratio: float
    ci: tuple[float, float]
    se_log: float
    z: float
    p_value: float
    confidence: float

    def __str__(self) -> str:
        low, high = self.ci
        verdict = (
            "excludes 1: a real change" if low > 1 or high < 1 else "includes 1: no clear change"
        )
        return (
            f"Rate ratio {self.ratio:.2f} ({self.confidence:.0%} CI {low:.2f} to {high:.2f}), "
            f"{p_text(self.p_value)}; the interval {verdict}"
        )


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
        return (
            f"Pilot {self.pilot_change:+.1f}, comparison {self.comparison_change:+.1f}: "
            f"difference in differences {self.estimate:+.1f} points "
            f"({self.confidence:.0%} CI {low:+.1f} to {high:+.1f}), {p_text(self.p_value)}"
        )


def _positive(value: Any, name: str) -> float:
    """A finite, strictly positive number, else an error naming the argument and its value."""
    is_number = isinstance(value, (int, float)) or hasattr(value, "item")
    if isinstance(value, bool) or not is_number:
        raise TypeError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not 0 < number < float("inf"):
        raise ValueError(
            f"{name} must be finite and positive, got {value!r} (a log-scale interval needs at "
            "least one event and some exposure on each side: pool more months or units)"
        )
    return number


def _from_log(log_ratio: float, se_log: float, confidence: float) -> RateRatio:
    z_critical = critical_z(confidence)
    z, p_value = z_test(log_ratio, se_log)
    return RateRatio(
        ratio=exp(log_ratio),
        ci=(exp(log_ratio - z_critical * se_log), exp(log_ratio + z_critical * se_log)),
        se_log=se_log,
        z=z,
        p_value=p_value,
        confidence=confidence,
    )


def rate_ratio(
    events: float,
    exposure: float,
    baseline_events: float,
    baseline_exposure: float,
    confidence: float = 0.95,
) -> RateRatio:
    """Ratio of two event rates (e.g. suggestions per employee-month, after vs before).

    ``ratio = (events / exposure) / (baseline_events / baseline_exposure)`` with the Wald
    interval ``exp(log(ratio) +/- z * sqrt(1/events + 1/baseline_events))``: the counts are
    treated as Poisson. When units differ from each other more than Poisson allows (some teams
    suggest much more than others: over-dispersion), this interval is too narrow.

    Parameters
    ----------
    events, exposure : float
        Events counted and the exposure they were counted over (employee-months, visits, ...).
    baseline_events, baseline_exposure : float
        The same for the baseline (before, or the comparison group).
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    RateRatio

    Raises
    ------
    TypeError, ValueError
        Counts or exposures that are not numbers, negative, infinite or zero (a zero count has
        no log-scale interval; pool more months).

    References
    ----------
    Rothman, Greenland & Lash (2008), Modern Epidemiology, 3rd ed., ch. 14.

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
    """
    events = _positive(events, "events")
    baseline_events = _positive(baseline_events, "baseline_events")
    exposure = _positive(exposure, "exposure")
    baseline_exposure = _positive(baseline_exposure, "baseline_exposure")
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
    return _from_log(log(pilot.ratio) - log(comparison.ratio), se_log, pilot.confidence)


def nps_difference_in_differences(
    pilot_before: Any,
    pilot_after: Any,
    comparison_before: Any,
    comparison_after: Any,
    confidence: float = 0.95,
) -> Effect:
    """Change in the pilot's NPS minus the change in a comparison group's, with its interval.

    ``estimate = (pilot_after - pilot_before) - (comparison_after - comparison_before)``; the
    four samples are independent, so its variance is the sum of their four variances
    (Reichheld's NPS with the trinomial variance, as :func:`cxlib.nps.score`). Like every
    difference in differences it assumes parallel trends: without the scheme, the pilot's NPS
    would have moved as the comparison group's did.

    Parameters
    ----------
    pilot_before, pilot_after, comparison_before, comparison_after : array-like or NPSResult
        0-10 answers, or results from :func:`cxlib.nps.score` / :func:`cxlib.nps.from_counts`.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Effect

    Raises
    ------
    TypeError, ValueError
        As :func:`cxlib.nps.score` for bad answers; a bad ``confidence``.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Card & Krueger (1994); Angrist & Pischke (2009).

    See Also
    --------
    cxlib.nps.compare : two samples only. Case study ``casestudies/haier/haier_analysis.ipynb``.

    Examples
    --------
    Pilot 40/30/30 -> 50/30/20 promoters/passives/detractors (NPS 10 -> 30, variances 69 and
    61); comparison 40/30/30 -> 45/30/25 (10 -> 20, variances 69 and 66). Estimate
    20 - 10 = 10 points, SE sqrt(69 + 61 + 69 + 66) = 16.28.

    >>> before = nps.from_counts(40, 30, 30, method="wald")
    >>> effect = nps_difference_in_differences(before, nps.from_counts(50, 30, 20, method="wald"),
    ...     before, nps.from_counts(45, 30, 25, method="wald"))
    >>> round(effect.estimate, 1), round(effect.se, 2), round(effect.p_value, 2)
    (10.0, 16.28, 0.54)
    """
    z_critical = critical_z(confidence)
    results = [
        r if isinstance(r, nps.NPSResult) else nps.score(r)
        for r in (pilot_before, pilot_after, comparison_before, comparison_after)
    ]
    pilot_change = results[1].nps - results[0].nps
    comparison_change = results[3].nps - results[2].nps
    estimate = pilot_change - comparison_change
    se = sqrt(sum(r.se**2 for r in results))
    z, p_value = z_test(estimate, se)  # se == 0: four unanimous samples
    ci = (estimate - z_critical * se, estimate + z_critical * se)
    return Effect(estimate, se, ci, z, p_value, confidence, pilot_change, comparison_change)
