"""What the worksheets print besides their own text: the course's items and worked numbers.

The Kano features and answers, the SERVQUAL items by dimension, the NPS tally sheet's worked
interval (:func:`nps_example`) and course 001's after-sales case data (:func:`aftersales_case`),
all computed by cxlib from the course's data, so that a printed sheet, its key and the workbooks
agree. :mod:`worksheets` renders them into its templates; they are separate from it because
they are the sheets' content, computed once (:func:`data`), not their rendering or printing.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The Kano features printed on the questionnaire (from the course's kano_survey data).
KANO_FEATURES = (
    "fast check-in",
    "free Wi-Fi",
    "late check-out",
    "robot room service",
    "spotless room",
    "welcome fruit",
)
#: The NPS tally sheet's worked example: promoters, passives, detractors (cxlib.nps.score's
#: docstring example).
NPS_EXAMPLE = (50, 30, 20)


def _cxlib():
    """Import cxlib from this checkout."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import cxlib

    return cxlib


def nps_example(promoters: int, passives: int, detractors: int) -> dict[str, str]:
    """The adjusted Wald interval step by step, as the numbers printed on the tally sheet."""
    n = promoters + passives + detractors
    n_adj = n + 3
    p = (promoters + 0.75) / n_adj
    d = (detractors + 0.75) / n_adj
    variance = p + d - (p - d) ** 2
    se = 100 * (variance / n_adj) ** 0.5
    centre = 100 * (p - d)
    half = 1.96 * se
    nps = 100 * (promoters - detractors) / n
    low = min(max(centre - half, -100), nps)
    high = max(min(centre + half, 100), nps)
    return {
        "promoters": str(promoters),
        "passives": str(passives),
        "detractors": str(detractors),
        "n": str(n),
        "nps": f"{nps:g}",
        "p_adj": f"{promoters + 0.75:g}",
        "d_adj": f"{detractors + 0.75:g}",
        "n_adj": str(n_adj),
        "p": f"{p:.5f}",
        "d": f"{d:.5f}",
        "centre": f"{centre:.2f}",
        "var": f"{variance:.5f}",
        "se": f"{se:.2f}",
        "half": f"{half:.2f}",
        "low": f"{low:.2f}",
        "high": f"{high:.2f}",
    }


def aftersales_case(tolerance: float = 0.5) -> dict:
    """Course 001's case data sheet and its key: the synthetic after-sales journey by channel.

    The numbers come from ``cxlib.channels`` and ``cxlib.journey`` on the course dataset
    ``appliance_aftersales``, so that the printed sheet, its key and workbook 6 agree.
    """
    _cxlib()
    from cxlib import channels, datasets, journey

    data = datasets.load("appliance_aftersales")
    result = channels.consistency(data, tolerance=tolerance)
    table = channels.wide(result)
    names = data.drop_duplicates("channel").set_index("channel")["channel_zh"]
    sizes = data.drop_duplicates("customer")["channel"].value_counts()
    steps = data.drop_duplicates("step").set_index("step")
    overall = data.groupby("step", observed=True, sort=False)["rating"].mean()
    curve = journey.analyze(
        steps.assign(rating=overall).reset_index(),
        stage="stage",
        touchpoint="step",
        emotion="rating",
        importance="importance",
        scale=(-2, 2),
    ).touchpoints
    ranked = curve[curve["pain_point"]].sort_values("priority", ascending=False)
    order = [c for c in table.columns if c in names.index]
    return {
        "tolerance": f"{tolerance:g}",
        "customers": str(len(data["customer"].unique())),
        "channels": [{"en": c, "zh": names[c], "n": str(int(sizes[c]))} for c in order],
        "rows": [
            {
                "en": row.step,
                "zh": steps.loc[row.step, "step_zh"],
                "importance": str(int(steps.loc[row.step, "importance"])),
                "overall": f"{overall[row.step]:+.2f}",
                "means": [f"{getattr(row, c):+.2f}" for c in order],
                "gap": f"{row.gap:.2f}",
                "best": row.best,
                "worst": row.worst,
                "verdict": row.verdict,
                "over": float(row.gap) > tolerance,
            }
            for row in table.itertuples()
        ],
        "pain_points": [
            {
                "en": r.touchpoint,
                "zh": steps.loc[r.touchpoint, "step_zh"],
                "priority": f"{r.priority:.2f}",
            }
            for r in ranked.itertuples()
        ],
    }


@lru_cache(maxsize=1)
def data() -> dict:
    """What the templates print besides their own text: the course's items, computed by cxlib."""
    _cxlib()
    from cxlib import datasets, kano, servqual, terms

    names = (
        datasets.load("kano_survey")[["feature", "feature_zh"]]
        .drop_duplicates()
        .set_index("feature")["feature_zh"]
    )
    items = servqual.ITEMS
    dimensions = [
        {
            "en": row.dimension,
            "zh": terms.zh(row.dimension.lower()),  # the course's terms (terminology.csv)
            "first": int(row.first_item),
            "last": int(row.last_item),
            "items": [
                {"item": int(item.item), "en": item.label, "zh": item.label_zh}
                for item in items[items["dimension"] == row.dimension].itertuples()
            ],
        }
        for row in servqual.DIMENSIONS.itertuples()
    ]
    category_zh = {
        letter: terms.zh(f"kano_{name.replace('-', '_')}").removesuffix("需求").removesuffix("回答")
        for letter, name in kano.CATEGORIES.items()
    }
    return {
        "stage_hints": [("例：预订", "e.g. booking"), *[("", "")] * 5],
        "answers": [
            ("喜欢", "I like it"),
            ("理所当然", "I expect it"),
            ("无所谓", "I am neutral"),
            ("能忍受", "I can live with it"),
            ("不喜欢", "I dislike it"),
        ],
        "features": [{"en": feature, "zh": names[feature]} for feature in KANO_FEATURES],
        "evaluation": kano.EVALUATION_TABLE.to_numpy().tolist(),
        "categories": [
            (letter, category_zh[letter], english) for letter, english in kano.CATEGORIES.items()
        ],
        "dimensions": dimensions,
        "ex": nps_example(*NPS_EXAMPLE),
        "aftersales": aftersales_case(),  # course 001's case data (aftersales_data.html)
    }
