"""Which survey platform made an export, and where its recommend question is (问卷平台识别).

Recognised by their header rows (formats from the platforms' documented exports, collected in
the project's shared notes):

- 问卷星 (wjx.cn): ``序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP``, then questions
  ``1、题干``; answers as text or as option numbers; ``(跳过)``/``(空)`` for skipped questions;
  multi-select answers joined with ``┋``.
- 腾讯问卷 (wj.qq.com): ``编号, 开始答题时间, 结束答题时间, 答题时长 ...``; questions ``1.题目``,
  one column per option ``N.题目:选项``.
- Qualtrics: three header rows (names, question texts, ``{"ImportId": ...}``); an NPS question
  ``Q`` comes with ``Q_NPS_GROUP`` coded 1 detractor, 2 passive, 3 promoter.

Option numbers are a trap: a 0-10 question whose options are numbered from 1 is stored as
1-11 (and a 1-5 item as 0-4 on some platforms). :func:`anchoring` reads the observed range and
names the fix; nothing is shifted silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["NAMES", "anchoring", "detect", "question", "recommend_candidates"]

NAMES = {"wjx": "问卷星 (wjx.cn)", "tencent": "腾讯问卷 (wj.qq.com)", "qualtrics": "Qualtrics"}
_MARKERS = {
    "wjx": ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"),
    "tencent": ("编号", "开始答题时间", "结束答题时间", "答题时长"),
}
#: Words that mark the recommend question (NPS), Chinese and English, lower case.
RECOMMEND = ("净推荐", "推荐", "推薦", "nps", "recommend", "likely to refer")
_NUMBER = re.compile(r"^\s*(?:Q\s*)?\d+(?:[.、．)）:：]\s*|\s+)")
_OPTION = re.compile(r"^\s*\d+[.．][^:：]*[:：].+")  # 腾讯问卷 N.题目:选项


def detect(columns: Sequence[str], extra_rows: int = 0) -> str | None:
    """The platform whose header this is: ``"wjx"``, ``"tencent"``, ``"qualtrics"`` or None.

    Examples
    --------
    >>> detect(["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的城市"])
    'wjx'
    >>> detect(["编号", "开始答题时间", "结束答题时间", "答题时长", "1.城市"])
    'tencent'
    >>> detect(["score", "city"]) is None
    True
    """
    names = {str(c).strip() for c in columns}
    if extra_rows == 2:
        return "qualtrics"
    for platform, markers in _MARKERS.items():
        if sum(m in names for m in markers) >= 3:
            return platform
    return None


def question(name: str) -> str:
    """A column name without its question number (``1、题干`` -> ``题干``, ``Q3. Why`` -> ``Why``).

    Examples
    --------
    >>> question("2、您向朋友推荐我们的可能性有多大？"), question("3.城市"), question("Q1 NPS")
    ('您向朋友推荐我们的可能性有多大？', '城市', 'NPS')
    """
    return _NUMBER.sub("", str(name), count=1).strip()


def recommend_candidates(
    columns: Sequence[str], questions: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Columns whose name or question text asks how likely one is to recommend: (column, word).

    Qualtrics' ``_NPS_GROUP`` columns, 腾讯问卷 option columns and reason questions
    (``推荐原因``, "why") are left out.

    Examples
    --------
    >>> recommend_candidates(["序号", "1、您的城市", "2、您向朋友推荐我们的可能性", "3、推荐原因"])
    [('2、您向朋友推荐我们的可能性', '推荐')]
    >>> recommend_candidates(["Q1", "Q1_NPS_GROUP"], {"Q1": "How likely are you to recommend us?"})
    [('Q1', 'recommend')]
    """
    found = []
    for name in columns:
        text = f"{question(name)} {(questions or {}).get(name, '')}".lower()
        if str(name).upper().endswith("_NPS_GROUP") or _OPTION.match(str(name)):
            continue
        if re.search(r"原因|理由|为什么|why|reason|comment", text):
            continue
        word = next((w for w in RECOMMEND if w in text), None)
        if word:
            found.append((name, word))
    return found


def anchoring(
    values: Sequence[float], counts: Sequence[int], low: int, high: int, option: str
) -> str | None:
    """The fix for a scale stored one step off, judged from the whole range, or None.

    A 0-10 item stored as option numbers 1-11 has no 0 and many 11s (its 10s); a 1-5 item
    stored as 0-4 has no 5 and its 0s. A shift is suggested only when the whole range moved:
    the far end never occurs and the new end holds at least 1% of the answers. A lone 11 among
    a thousand 0-10 answers is a typing error: following a shift for it would misread every
    other answer.

    Examples
    --------
    >>> anchoring([1, 5, 10, 11], [1, 3, 4, 2], 0, 10, "--scale").split("? ")
    ['the answers run from 1 to 11: a 0-10 scale stored as 1-11',
     'pass --scale 1-11 to read 1 as 0 ... 11 as 10']
    >>> anchoring([3, 9, 10, 11], [500, 300, 199, 1], 0, 10, "--scale") is None  # one typo
    True
    >>> anchoring([0, 3, 4], [2, 5, 5], 1, 5, "--csat-scale") is not None
    True
    """
    values = np.asarray(values, dtype=float)
    counts = np.asarray(counts, dtype=float)
    if not len(values):
        return None
    low_seen, high_seen, total = values.min(), values.max(), counts.sum()
    for shift in (1, -1):
        edge = high + shift if shift > 0 else low + shift
        if not (low_seen >= low + shift and high_seen <= high + shift):
            continue
        if (high_seen if shift > 0 else low_seen) != edge:
            continue
        if counts[values == edge].sum() < 0.01 * total:
            continue
        a, b = low + shift, high + shift
        return (
            f"the answers run from {low_seen:g} to {high_seen:g}: a {low}-{high} scale "
            f"stored as {a}-{b}? pass {option} {a}-{b} to read {a} as {low} ... {b} as {high}"
        )
    return None
