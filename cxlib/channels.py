"""Journey consistency across channels (渠道一致性): does a step feel the same everywhere?

Book chapter: ``book/journey.md`` (section "The same journey in every channel"); workbook:
``notebooks/06_journey.ipynb``; case: ``casestudies/midea/midea.md``; the paper version is the
kit's channel-consistency sheet.

Customers reach the same step of a journey (report a fault, book a visit, pay) through different
channels: the hotline, an app, a counter. Sousa and Voss (2006) call the quality of the links
between channels *integration quality*, and name *content consistency* (the same information
everywhere) and *process consistency* (the same way of doing things) among its parts; the course
outline's trend 全渠道体验 asks that customers get a consistent experience at every touchpoint.
This module checks it on survey data: for every step, each channel's mean rating, and each pair
of channels compared with Welch's interval for two means with unequal variances, the intervals
widened for the number of pairs compared (Bonferroni's level, the companion of Holm's test), so
that the step's largest gap, best channel minus worst, keeps its stated coverage even though it
was picked as the largest.

A step is judged against a **tolerance**, the largest gap between channels that the team accepts
(for example half a point on a -2 to +2 scale): it **differs** when some pair's interval lies
wholly beyond the tolerance, it is **within tolerance** when every pair's interval lies inside
it (an equivalence judgement made with intervals, as in Schuirmann 1987, here at the stricter
two-sided level), and it is **unclear** otherwise: more answers are needed.

References
----------
Welch, B. L. (1947). The generalization of "Student's" problem when several different
population variances are involved. *Biometrika*, 34(1-2), 28-35.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal
of Statistics*, 6(2), 65-70.
Schuirmann, D. J. (1987). A comparison of the two one-sided tests procedure and the power
approach for assessing the equivalence of average bioavailability. *Journal of
Pharmacokinetics and Biopharmaceutics*, 15(6), 657-680.
Sousa, R. & Voss, C. A. (2006). Service quality in multichannel services employing virtual
channels. *Journal of Service Research*, 8(4), 356-371.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlib import _stats, _validate
from cxlib.language import N_, tr

__all__ = ["ChannelConsistency", "consistency", "wide"]

#: The verdicts of :func:`consistency`, per step.
VERDICTS = (N_("differs"), N_("within tolerance"), N_("unclear"))


@dataclass(frozen=True)
class ChannelConsistency:
    """How consistent each step of a journey is across channels.

    Attributes
    ----------
    means : pandas.DataFrame
        Per step and channel, in the data's order of steps: ``step, channel, n, mean, sd,
        ci_low, ci_high`` (a t interval for the mean).
    pairs : pandas.DataFrame
        Every pair of channels within a step: ``step, channel, other, difference`` (channel
        minus other), ``se, df`` (Welch-Satterthwaite), ``t, p_value, ci_low, ci_high`` and the
        adjusted ``p_adjusted, ci_low_adjusted, ci_high_adjusted``.
    steps : pandas.DataFrame
        Per step: ``step, channels, best, worst, gap`` (best mean minus worst), the gap's
        adjusted interval ``ci_low, ci_high``, its ``p_adjusted``, and ``verdict``
        ("differs", "within tolerance" or "unclear").
    tolerance : float
        The largest gap between channels accepted as consistent.
    confidence : float
        The family's confidence level: all adjusted intervals cover together at least this often.
    """

    means: pd.DataFrame
    pairs: pd.DataFrame
    steps: pd.DataFrame
    tolerance: float
    confidence: float

    def __str__(self) -> str:
        lines = [
            tr(
                "Channel consistency: {steps} steps, tolerance {s.tolerance:g}, "
                "{s.confidence:.0%} intervals adjusted for {pairs} pairs",
                s=self,
                steps=len(self.steps),
                pairs=len(self.pairs),
            )
        ]
        for row in self.steps.itertuples():
            line = tr(
                "{row.step}: {row.best} - {row.worst} = {row.gap:+.2f} "
                "({row.ci_low:+.2f} to {row.ci_high:+.2f}): {verdict}",
                row=row,
                verdict=tr(row.verdict),
            )
            lines.append(f"  {line}")
        return "\n".join(lines)


def _labels(df: pd.DataFrame, column: str) -> np.ndarray:
    """A column of labels with none missing (the message names the first rows)."""
    labels = df[column]
    missing = labels.isna().to_numpy()
    if missing.any():
        rows = np.flatnonzero(missing)[:5].tolist()
        raise ValueError(
            f"{column}: {int(missing.sum())} of {len(df)} rows have no label (first rows: "
            f"{rows}); fill or drop them first"
        )
    return labels.astype(str).to_numpy()


def _pairs(means: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Welch's comparison of every pair of channels within each step (not yet adjusted)."""
    from scipy import stats  # lazy: keeps `import cxlib` light

    left, right = [], []
    for positions in means.groupby("step", sort=False).indices.values():
        first, second = np.triu_indices(len(positions), k=1)
        left.append(positions[first])
        right.append(positions[second])
    a = np.concatenate(left) if left else np.array([], dtype=int)
    b = np.concatenate(right) if right else np.array([], dtype=int)
    var_a = means["sd"].to_numpy()[a] ** 2 / means["n"].to_numpy()[a]
    var_b = means["sd"].to_numpy()[b] ** 2 / means["n"].to_numpy()[b]
    se = np.sqrt(var_a + var_b)
    denominator = var_a**2 / (means["n"].to_numpy()[a] - 1) + var_b**2 / (
        means["n"].to_numpy()[b] - 1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(denominator > 0, (var_a + var_b) ** 2 / denominator, np.inf)
        difference = means["mean"].to_numpy()[a] - means["mean"].to_numpy()[b]
        t = np.where(se > 0, difference / np.where(se > 0, se, 1.0), np.nan)
    p_value = 2 * stats.t.sf(np.abs(t), df)
    half = stats.t.ppf(0.5 + confidence / 2, df) * se
    return pd.DataFrame(
        {
            "step": means["step"].to_numpy()[a],
            "channel": means["channel"].to_numpy()[a],
            "other": means["channel"].to_numpy()[b],
            "difference": difference,
            "se": se,
            "df": df,
            "t": t,
            "p_value": p_value,
            "ci_low": difference - half,
            "ci_high": difference + half,
        }
    )


def consistency(
    df: pd.DataFrame,
    step: str = "step",
    channel: str = "channel",
    rating: str = "rating",
    *,
    tolerance: float = 0.0,
    confidence: float = 0.95,
    adjust: str = "holm",
    scale: tuple[float, float] = (-2, 2),
) -> ChannelConsistency:
    """Each step's ratings by channel, the gaps between channels, and a verdict per step.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per answer: the step rated, the channel the customer used, the rating.
    step, channel, rating : str
        Column names.
    tolerance : float, default 0.0
        The largest gap between two channels the team accepts (in rating points). With 0 no
        step can be "within tolerance"; a gap can only differ or be unclear.
    confidence : float, default 0.95
        The level at which all the adjusted intervals cover together.
    adjust : {"holm", "bh"}, default "holm"
        How the p-values are adjusted for the number of pairs (Holm 1979, with Bonferroni's
        intervals; or Benjamini-Hochberg, with false-coverage-rate intervals).
    scale : tuple of float, default (-2, 2)
        The lowest and highest rating, as on the kit's journey map (-2 to +2).

    Returns
    -------
    ChannelConsistency

    Raises
    ------
    TypeError, ValueError
        Missing columns, ratings that are not numbers or lie outside ``scale``, missing labels,
        a channel with fewer than two answers at a step, a step reached through one channel
        only, a negative tolerance or a confidence outside (0, 1).

    References
    ----------
    Welch (1947), Biometrika 34, 28-35 (the interval); Holm (1979) (the adjustment); Schuirmann
    (1987) (equivalence judged with intervals); Sousa & Voss (2006), Journal of Service Research
    8(4), 356-371 (consistency across channels).

    See Also
    --------
    cxlib.journey.analyze : the journey map of the step means.
    cxlib.peak_factors.compare_segments : segments compared with a reference segment.

    Examples
    --------
    Student's (1908) sleep data, as two channels at one step: with a single pair the interval is
    Welch's (R's ``t.test(extra ~ group, data = sleep)``: 1.58, df 17.776, 95% CI -0.2055 to
    3.3655).

    >>> one = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> two = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> sleep = pd.DataFrame({"step": "sleep", "channel": ["one"] * 10 + ["two"] * 10,
    ...                       "rating": one + two})
    >>> result = consistency(sleep, scale=(-10, 10))
    >>> row = result.steps.iloc[0]
    >>> row["best"], row["worst"], round(float(row["gap"]), 2), round(float(row["ci_low"]), 4)
    ('two', 'one', 1.58, -0.2055)
    >>> round(float(result.pairs["df"].iloc[0]), 3), row["verdict"]
    (17.776, 'unclear')
    """
    _validate.columns(df, [step, channel, rating])
    if df.empty:
        raise ValueError("df has no rows: there are no ratings to compare")
    _validate.probability(confidence, "confidence", allow_zero=False, allow_one=False)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        raise ValueError(f"tolerance must be a number of at least 0, got {tolerance!r}")
    if adjust not in _stats.ADJUST_METHODS:
        raise ValueError(f"adjust must be 'holm' or 'bh', got {adjust!r}")
    values = _validate.answers(
        df[rating], name=rating, low=scale[0], high=scale[1], integer=False
    ).values.astype(float)
    frame = pd.DataFrame(
        {"step": _labels(df, step), "channel": _labels(df, channel), "value": values}
    )
    order = pd.unique(frame["step"])
    grouped = frame.groupby(["step", "channel"], sort=False)["value"]
    means = grouped.agg(n="count", mean="mean", sd="std").reset_index()
    means["step"] = pd.Categorical(means["step"], categories=order, ordered=True)
    means = means.sort_values(["step", "channel"], kind="stable").reset_index(drop=True)
    means["step"] = means["step"].astype(str)
    small = means[means["n"] < 2]
    if len(small):
        cells = ", ".join(f"{r.step}/{r.channel} (n = {r.n})" for r in small.head(5).itertuples())
        raise ValueError(
            f"every channel needs at least 2 ratings of a step for an interval; too few: {cells}"
        )
    lonely = means.groupby("step", sort=False)["channel"].size()
    lonely = lonely[lonely < 2]
    if len(lonely):
        raise ValueError(
            f"{step}: {len(lonely)} steps are rated through one channel only "
            f"({', '.join(map(str, lonely.index[:5]))}): there is nothing to compare them with"
        )
    from scipy import stats

    half = stats.t.ppf(0.5 + confidence / 2, means["n"] - 1) * means["sd"] / np.sqrt(means["n"])
    means["ci_low"], means["ci_high"] = means["mean"] - half, means["mean"] + half

    pairs = _pairs(means, confidence)
    pairs["p_adjusted"] = _stats.adjust_p(pairs["p_value"].to_numpy(), adjust)
    discoveries = int((pairs["p_adjusted"] <= 1 - confidence).sum())
    level = _stats.adjusted_confidence(confidence, len(pairs), adjust, discoveries)
    adjusted_half = stats.t.ppf(0.5 + level / 2, pairs["df"]) * pairs["se"]
    pairs["ci_low_adjusted"] = pairs["difference"] - adjusted_half
    pairs["ci_high_adjusted"] = pairs["difference"] + adjusted_half

    steps = _verdicts(means, pairs, float(tolerance))
    return ChannelConsistency(means, pairs, steps, float(tolerance), confidence)


def _verdicts(means: pd.DataFrame, pairs: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Per step: best and worst channel, the gap with its adjusted interval, and the verdict."""
    order = list(pd.unique(means["step"]))
    ranked = means.sort_values(["step", "mean"], kind="stable")
    worst = ranked.groupby("step", sort=False).head(1).set_index("step").loc[order]
    best = ranked.groupby("step", sort=False).tail(1).set_index("step").loc[order]
    # the pair best-worst, whichever way round the pairs table holds it
    oriented = pd.concat(
        [
            pairs[["step", "channel", "other", "ci_low_adjusted", "ci_high_adjusted"]],
            pairs.assign(
                channel=pairs["other"],
                other=pairs["channel"],
                ci_low_adjusted=-pairs["ci_high_adjusted"],
                ci_high_adjusted=-pairs["ci_low_adjusted"],
            )[["step", "channel", "other", "ci_low_adjusted", "ci_high_adjusted"]],
        ]
    ).assign(p_adjusted=np.tile(pairs["p_adjusted"].to_numpy(), 2))
    wanted = pd.DataFrame(
        {"step": order, "channel": best["channel"].to_numpy(), "other": worst["channel"].to_numpy()}
    )
    gap = wanted.merge(oriented, on=["step", "channel", "other"], how="left")
    low, high = pairs["ci_low_adjusted"].to_numpy(), pairs["ci_high_adjusted"].to_numpy()
    judged = pd.DataFrame(
        {
            "step": pairs["step"],
            "beyond": (low > tolerance) | (high < -tolerance),
            "inside": (low > -tolerance) & (high < tolerance),
        }
    )
    judged = judged.groupby("step", sort=False).agg(
        beyond=("beyond", "any"), inside=("inside", "all")
    )
    judged = judged.loc[order]
    verdict = np.where(
        judged["beyond"], "differs", np.where(judged["inside"], "within tolerance", "unclear")
    )
    return pd.DataFrame(
        {
            "step": order,
            "channels": means.groupby("step", sort=False).size().loc[order].to_numpy(),
            "best": best["channel"].to_numpy(),
            "worst": worst["channel"].to_numpy(),
            "gap": best["mean"].to_numpy() - worst["mean"].to_numpy(),
            "ci_low": gap["ci_low_adjusted"].to_numpy(),
            "ci_high": gap["ci_high_adjusted"].to_numpy(),
            "p_adjusted": gap["p_adjusted"].to_numpy(),
            "verdict": verdict,
        }
    )


def wide(result: ChannelConsistency, decimals: int = 2) -> pd.DataFrame:
    """The step-by-channel means as one row per step: what the kit's case-data sheet prints.

    Columns: ``step``, one column of means per channel (in the data's order), ``gap`` (best
    minus worst), ``best``, ``worst`` and ``verdict``, rounded to ``decimals``.

    Examples
    --------
    >>> data = pd.DataFrame({"step": ["pay"] * 8, "channel": ["hotline"] * 4 + ["online"] * 4,
    ...                      "rating": [-2, -1, -2, -1, 1, 2, 1, 2]})
    >>> wide(consistency(data, tolerance=0.5))
      step  hotline  online  gap    best    worst  verdict
    0  pay     -1.5     1.5  3.0  online  hotline  differs
    """
    means = result.means.pivot(index="step", columns="channel", values="mean")
    order = list(dict.fromkeys(result.means["channel"]))
    table = means.loc[list(result.steps["step"]), order].round(decimals).reset_index()
    table.columns.name = None
    steps = result.steps.reset_index(drop=True)
    table["gap"] = steps["gap"].round(decimals).to_numpy()
    for column in ("best", "worst", "verdict"):
        table[column] = steps[column].to_numpy()
    return table
