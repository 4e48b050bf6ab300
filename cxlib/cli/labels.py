"""Every label the ``cx`` command prints or writes into a report, in English and Chinese.

One mapping, key -> (English, Chinese). The course's concepts (推荐者/中立者/贬损者, 净推荐值,
客户满意度, 客户费力度, 细分群体 …) take their Chinese from the course's terminology file
(``cxlib/data/terminology.csv`` via :mod:`cxlib.terms`), the same file the book's Chinese edition
follows, so the report and the book cannot name a concept differently; the rest are the report's
own phrases.
"""

from __future__ import annotations

from cxlib import terms

__all__ = ["LABELS", "label"]

#: Labels that are course concepts: label key -> terminology key.
TERMS = {
    "segment": "segment",
    "nps": "nps",
    "promoters": "promoter",
    "passives": "passive",
    "detractors": "detractor",
    "csat": "csat",
    "ces": "ces",
    "drivers": "key_driver",
    "margin": "margin_of_error",
}

LABELS: dict[str, tuple[str, str]] = {
    "segment": ("segment", terms.zh("segment")),
    "n": ("n", "样本量"),
    "nps": ("NPS", terms.zh("nps")),
    "ci": ("95% CI", "95%置信区间"),
    "to": ("to", "至"),
    "promoters": ("promoters", terms.zh("promoter")),
    "passives": ("passives", terms.zh("passive")),
    "detractors": ("detractors", terms.zh("detractor")),
    "overall": ("overall", "总体"),
    "title": ("Customer-experience report", "客户体验报告"),
    "answers": ("answers", "份回答"),
    "distribution": ("How customers answered", "评分分布"),
    "by": ("NPS by", "净推荐值：按"),
    "csat": ("CSAT (satisfaction)", terms.zh("csat")),
    "ces": ("CES (customer effort)", terms.zh("ces")),
    "csat_value": ("CSAT", "满意度"),
    "ces_value": ("CES", "费力度"),
    "satisfied": ("satisfied", "满意"),
    "mean": ("mean", "平均分"),
    "reasons": ("Why: reason themes by customer type", "原因：各类客户提及的主题"),
    "drivers": ("Key drivers of the score", f"评分的{terms.zh('key_driver')}"),
    "sample": ("How many answers a margin needs", "达到给定误差范围所需的样本量"),
    "margin": ("margin (points)", f"{terms.zh('margin_of_error')}（分）"),
    "needed": ("answers needed", "所需样本量"),
    "note": (
        "Intervals are 95% confidence intervals. Made with cxlib (CX Workbook).",
        "区间均为95%置信区间。由 cxlib（客户体验分析练习册）生成。",
    ),
    "chart": ("chart", "图表"),
    "score_axis": ("How likely are you to recommend us? (0-10)", "向他人推荐的可能性（0-10）"),
    "count_axis": ("answers", "回答数"),
    "reasons_axis": (
        "share of the reasons given by each type (95% CI)",
        "各类客户给出该原因的比例（95%置信区间）",
    ),
    "drivers_axis": (
        "relative weight: part of R² it explains (95% CI)",
        "相对权重：解释的R²份额（95%置信区间）",
    ),
    "nps_axis": ("NPS (points) with 95% confidence interval", "净推荐值（分）及95%置信区间"),
    "skipped": ("Skipped", "已跳过"),
    "capped": (
        "Showing the {shown} largest of {total:,} segments (by number of answers); "
        "the full table: cx nps FILE --score … --by {key} --format csv",
        "仅显示回答数最多的 {shown} 个细分群体（共 {total:,} 个）；"
        "完整表格：cx nps FILE --score … --by {key} --format csv",
    ),
    "sampled": (
        "Computed on a random sample of {rows:,} answers (seed 0).",
        "基于随机抽取的 {rows:,} 份回答计算（随机种子 0）。",
    ),
    "platform": ("platform", "问卷平台"),
    "dropped": ("left out as missing", "作为缺失值剔除"),
}


def label(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang`` (``"en"`` or ``"zh"``).

    Examples
    --------
    >>> label("promoters", "zh"), label("nps")
    ('推荐者', 'NPS')

    Course concepts carry the terminology file's Chinese term:

    >>> all(terms.zh(term) in label(key, "zh") for key, term in TERMS.items())
    True
    """
    english, chinese = LABELS[key]
    return chinese if lang == "zh" else english
