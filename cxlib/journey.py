"""Customer journey maps (客户旅程图) and moments of truth (关键时刻).

Book chapter: ``book/journey.md``; workbook: ``notebooks/06_journey.ipynb``; pictures:
:mod:`cxlib.plots.journey`; widget: :mod:`cxlib.widgets.journey`.

A journey map lays the customer's touchpoints along the stages of the relationship, from
awareness to loyalty, with how each one felt. Jan Carlzon, who ran SAS, called each brief
encounter in which a customer forms an impression a *moment of truth*. The course blends his idea
with the peak-end rule and looks first at three moments: the best, the worst and the end (a rule
of thumb of the course, neither Carlzon's definition nor a finding of the peak-end research); the
touchpoints that feel bad are pain points (痛点), to be fixed first where they matter most.

References
----------
Carlzon, J. (1987). *Moments of Truth*. Cambridge, MA: Ballinger.
Kahneman, D., Fredrickson, B. L., Schreiber, C. A. & Redelmeier, D. A. (1993). When more pain
is preferred to less: adding a better end. *Psychological Science*, 4(6), 401-405.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxlib import _validate

__all__ = ["STAGES", "Journey", "analyze"]

#: The journey's stages in order, with their Chinese names: course 001's outline's 意识阶段,
#: 考虑阶段 … (cxlib/data/names.csv), shortened in a column of stages.
STAGES = pd.DataFrame(
    {
        "stage": ["awareness", "consideration", "purchase", "use", "after-sales", "loyalty"],
        "stage_zh": ["意识", "考虑", "购买", "使用", "售后", "忠诚"],
    }
)
_STAGE_OF = {
    **dict(zip(STAGES["stage"], STAGES["stage"], strict=True)),
    **dict(zip(STAGES["stage_zh"], STAGES["stage"], strict=True)),
    **{f"{zh}阶段": en for en, zh in zip(STAGES["stage"], STAGES["stage_zh"], strict=True)},
    "认知": "awareness",  # the name before the outline's word was restored
}


@dataclass(frozen=True)
class Journey:
    """A journey map's numbers.

    Attributes
    ----------
    touchpoints : pandas.DataFrame
        In journey order: ``position, stage, stage_zh, touchpoint, emotion`` (and ``importance``,
        ``channel`` when given), ``pain_point``, ``priority`` (importance x how far below zero the
        emotion is), ``local_peak``, ``local_trough`` and ``moment`` ("peak", "trough", "end" or
        empty).
    stages : pandas.DataFrame
        Per stage present: ``stage, stage_zh, touchpoints, emotion`` (mean), ``lowest``.
    moments : pandas.DataFrame
        The moments of truth: the best touchpoint, the worst and the last, with their emotions.
    """

    touchpoints: pd.DataFrame
    stages: pd.DataFrame
    moments: pd.DataFrame


def analyze(
    df: pd.DataFrame,
    stage: str = "stage",
    touchpoint: str = "touchpoint",
    emotion: str = "emotion",
    importance: str | None = None,
    channel: str | None = None,
    *,
    scale: tuple[float, float] = (-5, 5),
    pain_below: float = 0.0,
) -> Journey:
    """Emotion curve, pain points and moments of truth of a journey.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per touchpoint, in the order the customer meets them within each stage.
    stage : str
        Column of stages: the English or Chinese names in :data:`STAGES`.
    touchpoint, emotion : str
        Columns of touchpoint names and of emotion ratings on ``scale`` (negative = bad).
    importance : str, optional
        Column of importance weights (non-negative); default 1 for every touchpoint.
    channel : str, optional
        Column of channels (app, front desk, phone, ...), carried into the table.
    scale : tuple of float, default (-5, 5)
        Lowest and highest emotion rating.
    pain_below : float, default 0.0
        Touchpoints with emotion below this are pain points.

    Returns
    -------
    Journey

    Raises
    ------
    TypeError, ValueError
        Missing columns, unknown stages, emotions outside ``scale``, missing values, negative
        importance.

    References
    ----------
    Carlzon (1987), Moments of Truth; Kahneman et al. (1993) for why peaks and ends matter in
    remembered episodes (the best-worst-end reading of a journey is the course's blend of both).

    See Also
    --------
    cxlib.peakend. Book chapter ``book/journey.md``.

    Examples
    --------
    >>> stay = pd.DataFrame({"stage": ["purchase", "use", "use", "after-sales"],
    ...                      "touchpoint": ["booking", "check-in", "room", "check-out"],
    ...                      "emotion": [2, -3, 4, 1]})
    >>> analyze(stay).moments[["moment", "touchpoint", "emotion"]]
       moment touchpoint  emotion
    0    peak       room      4.0
    1  trough   check-in     -3.0
    2     end  check-out      1.0
    """
    needed = [stage, touchpoint, emotion] + [c for c in (importance, channel) if c]
    _validate.columns(df, needed)
    if df.empty:
        raise ValueError("the journey has no touchpoints")
    names = df[stage].astype("string").str.strip()
    stages = names.map(lambda v: _STAGE_OF.get(v, _STAGE_OF.get(str(v).lower())))
    unknown = stages.isna().to_numpy()
    if unknown.any():
        raise ValueError(
            f"{stage} has {int(unknown.sum())} rows with unknown stages "
            f"({sorted(set(names[unknown].astype(str)))[:5]}); use one of "
            f"{', '.join(STAGES['stage'])} or {', '.join(STAGES['stage_zh'])}"
        )
    feel = _validate.answers(df[emotion], low=scale[0], high=scale[1], integer=False).values
    weight = (
        np.ones(len(df))
        if importance is None
        else _validate.answers(df[importance], low=0, high=np.inf, integer=False).values
    )
    order = pd.Categorical(stages, categories=STAGES["stage"], ordered=True).codes
    sequence = np.lexsort((np.arange(len(df)), order))  # by stage, then as given
    table = pd.DataFrame(
        {
            "position": np.arange(1, len(df) + 1),
            "stage": stages.to_numpy()[sequence],
            "stage_zh": STAGES["stage_zh"].to_numpy()[order[sequence]],
            "touchpoint": df[touchpoint].to_numpy()[sequence],
            "emotion": feel[sequence].astype(float),
        }
    )
    if importance is not None:
        table["importance"] = weight[sequence]
    if channel is not None:
        table["channel"] = df[channel].to_numpy()[sequence]
    curve = table["emotion"].to_numpy()
    table["pain_point"] = curve < pain_below
    table["priority"] = weight[sequence] * np.clip(pain_below - curve, 0, None)
    before, after = np.r_[-np.inf, curve[:-1]], np.r_[curve[1:], -np.inf]
    table["local_peak"] = (curve > before) & (curve >= after)
    before, after = np.r_[np.inf, curve[:-1]], np.r_[curve[1:], np.inf]
    table["local_trough"] = (curve < before) & (curve <= after)
    moments = {
        "peak": int(np.argmax(curve)),
        "trough": int(np.argmin(curve)),
        "end": len(curve) - 1,
    }
    table["moment"] = ""
    for name, row in moments.items():
        table.loc[row, "moment"] = (table.loc[row, "moment"] + " " + name).strip()
    moment_table = table.loc[list(moments.values()), ["stage", "touchpoint", "emotion"]]
    moment_table = moment_table.reset_index(drop=True)
    moment_table.insert(0, "moment", list(moments))
    by_stage = table.groupby("stage", sort=False)
    stage_table = pd.DataFrame(
        {
            "stage": list(by_stage.groups),
            "stage_zh": by_stage["stage_zh"].first().to_numpy(),
            "touchpoints": by_stage.size().to_numpy(),
            "emotion": by_stage["emotion"].mean().to_numpy(),
            "lowest": by_stage["emotion"].min().to_numpy(),
        }
    )
    return Journey(table, stage_table, moment_table)
