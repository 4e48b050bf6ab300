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
    "cohort": "cohort",
    "retention": "retention_rate",
    "repeat": "repeat_purchase_rate",
    "rfm": "rfm",
    "funnel": "funnel_analysis",
    "from_previous": "conversion_rate",
    "from_first": "conversion_rate",
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
    "left_out": (
        "{count:,} missing answers left out (--dropna).",
        "已剔除 {count:,} 个缺失回答（--dropna）。",
    ),
    # cx retention and cx funnel (cxlib/cli/orders.py)
    "cohort": ("cohort", terms.zh("cohort")),
    "period_M": ("month", "月"),
    "period_W": ("week", "周"),
    "period_Q": ("quarter", "季度"),
    "retention": (
        "Retention rate by cohort: share of each cohort's customers who ordered in each later "
        "{period} (n = cohort size)",
        f"各{terms.zh('cohort')}的{terms.zh('retention_rate')}：各{{period}}仍有购买的客户比例"
        "（n = 同期群人数）",
    ),
    "repeat": ("Repeat purchase rate", terms.zh("repeat_purchase_rate")),
    "repeat_line": (
        "{rate} (95% CI {low} to {high}): {repeaters:,} of {customers:,} customers bought again "
        "within {days} days of their first order; {recent:,} too recent to tell, left out",
        "{rate}（95%置信区间 {low} 至 {high}）：{customers:,} 位客户中有 {repeaters:,} 位"
        "在首次购买后 {days} 天内再次购买；"
        "{recent:,} 位首次购买距数据截止不足 {days} 天，无法判断，未计入",
    ),
    "rfm": (
        "RFM segments (recency counted from {now})",
        f"{terms.zh('rfm')}（最近一次消费距 {{now}}）",
    ),
    "customers": ("customers", "客户数"),
    "share": ("share", "占比"),
    "recency": ("days since last order", "距上次消费天数"),
    "frequency": ("orders", "消费次数"),
    "monetary": ("amount", "消费金额"),
    "revenue_share": ("share of revenue", "收入占比"),
    "funnel": ("Funnel", terms.zh("funnel_analysis")),
    "step": ("step", "步骤"),
    "users": ("users", "用户数"),
    "from_previous": (
        "conversion from previous step",
        f"{terms.zh('conversion_rate')}（较上一步）",
    ),
    "from_first": ("conversion from first step", f"{terms.zh('conversion_rate')}（较第一步）"),
    "median_time": ("median time from previous step", "距上一步的中位用时"),
    "compare": (
        "{group}: conversion from the first step, {b} minus {a}",
        "{group}：较第一步的转化率，{b} 减 {a}",
    ),
    "difference": ("difference (points)", "差异（百分点）"),
    "p_value": ("p", "p值"),
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
