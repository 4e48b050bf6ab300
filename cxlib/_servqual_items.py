"""The SERVQUAL instrument: its 22 items and five dimensions (used by :mod:`cxlib.servqual`).

Items and dimensions follow Parasuraman, Zeithaml & Berry (1988), Journal of Retailing 64(1),
12-40, and the refined wording of Parasuraman, Berry & Zeithaml (1991), Journal of Retailing
67(4), 420-450; the short labels here paraphrase each item.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DIMENSIONS", "ITEMS"]

#: The five dimensions in item order, with their Chinese names.
DIMENSIONS = pd.DataFrame(
    {
        "dimension": ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"],
        "dimension_zh": ["有形性", "可靠性", "响应性", "保障性", "同理心"],
        "first_item": [1, 5, 10, 14, 18],
        "last_item": [4, 9, 13, 17, 22],
    }
)

_LABELS = [
    ("Modern-looking equipment", "设备现代化"),
    ("Visually appealing facilities", "设施外观吸引人"),
    ("Neat, well-dressed employees", "员工着装整洁"),
    ("Materials fit the service", "宣传材料与服务相称"),
    ("Does what it promises by when it promises", "按承诺的时间做到承诺的事"),
    ("Shows interest in solving problems", "真心解决客户的问题"),
    ("Performs the service right the first time", "第一次就把服务做好"),
    ("Provides the service at the promised time", "在承诺的时间提供服务"),
    ("Keeps error-free records", "记录准确无误"),
    ("Tells customers when services will happen", "告知客户服务的确切时间"),
    ("Gives prompt service", "提供及时的服务"),
    ("Always willing to help", "总是愿意帮助客户"),
    ("Never too busy to respond", "再忙也会回应客户的请求"),
    ("Employees instil confidence", "员工的行为让人放心"),
    ("Customers feel safe in transactions", "客户在交易中感到安全"),
    ("Employees are consistently courteous", "员工始终礼貌待人"),
    ("Employees have the knowledge to answer", "员工有足够的知识回答问题"),
    ("Gives individual attention", "给予客户个别关注"),
    ("Convenient operating hours", "营业时间方便"),
    ("Employees give personal attention", "员工给予客户个人关怀"),
    ("Has customers' best interests at heart", "以客户利益为重"),
    ("Understands customers' specific needs", "了解客户的具体需求"),
]

#: The 22 items: number, dimension, and a short English and Chinese label. The labels paraphrase
#: the content of each item for tables and charts; surveys should use the published wording of
#: Parasuraman, Berry & Zeithaml (1991).
ITEMS = pd.DataFrame(
    {
        "item": np.arange(1, 23),
        "dimension": np.repeat(DIMENSIONS["dimension"], [4, 5, 4, 4, 5]).to_numpy(),
        "label": [english for english, _ in _LABELS],
        "label_zh": [chinese for _, chinese in _LABELS],
    }
)
_SIZES = np.array([4, 5, 4, 4, 5])
_STARTS = np.array([0, 4, 9, 13, 17])
#: 22 x 5: column d averages the items of dimension d (a respondent's dimension gap = gap @ it).
_DIMENSION_WEIGHTS = np.zeros((22, 5))
for _d, (_start, _size) in enumerate(zip(_STARTS, _SIZES, strict=True)):
    _DIMENSION_WEIGHTS[_start : _start + _size, _d] = 1 / _size


def _allocation(weights: Any, n: int) -> np.ndarray:
    """The 100-point importance allocation (PBZ 1991) as (1 or n rows) x 5, each summing to 100."""
    names = DIMENSIONS["dimension"].tolist()
    if isinstance(weights, pd.DataFrame):
        frame = weights
    elif isinstance(weights, (dict, pd.Series)):
        frame = pd.DataFrame([dict(weights)])
    else:
        raise TypeError(
            "weights must be a mapping or Series of points per dimension, or a DataFrame"
        )
    unknown = sorted(set(map(str, frame.columns)) - set(names))
    missing = [name for name in names if name not in frame.columns]
    if unknown or missing:
        raise ValueError(
            f"weights must name exactly the five dimensions {names}; "
            f"unknown: {unknown}, missing: {missing}"
        )
    points = frame[names].to_numpy(dtype=float)
    if len(points) not in (1, n):
        raise ValueError(
            f"weights must have one row or one per respondent ({n}), got {len(points)}"
        )
    if np.isnan(points).any() or (points < 0).any():
        raise ValueError("weights must be non-negative points with no missing values")
    off = np.flatnonzero(np.abs(points.sum(axis=1) - 100) > 1e-6)
    if len(off):
        raise ValueError(
            f"each weights row must sum to 100 points; {len(off)} rows do not "
            f"(rows {', '.join(map(str, off[:5]))}: sums {points.sum(axis=1)[off[:5]].tolist()})"
        )
    return points
