"""Why customers gave their score: reason themes (原因分析) and key drivers (关键驱动因素).

Book chapter: ``book/nps.md`` ("Why did they answer that way?"); later chapters on customer
motivations build on it.

- :func:`code` sorts free-text reasons, in Chinese or English, into themes with an editable
  keyword dictionary. Chinese is segmented into words with jieba (a maintained segmenter), so a
  keyword matches a whole word, never part of one: 等 ("wait") does not fire inside 等级
  ("grade"). English is matched word by word, and phrases as phrases.
- :func:`by_type` cross-tabulates themes by customer type with Wilson intervals.
- :func:`key_drivers` asks which attribute ratings move the likelihood to recommend: each
  attribute's correlation with a Fisher-z interval, and its relative weight (Johnson 2000), the
  share of the explained variance it accounts for, with a bootstrap interval; it lives in
  :mod:`cxlib._key_drivers` (ratings, not text) and is re-exported here.

References
----------
Johnson (2000) and Fisher (1921), for the key drivers: in full in :mod:`cxlib._key_drivers`.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from cxlib import nps
from cxlib._key_drivers import key_drivers
from cxlib._stats import critical_z, proportion_interval

__all__ = ["THEMES", "by_type", "code", "key_drivers", "tokens"]

#: The default hotel themes: English name -> Chinese name and keywords in both languages. Edit a
#: copy and pass it as ``themes=`` to adapt the coding to another business.
THEMES: dict[str, dict[str, Any]] = {
    "cleanliness": {
        "zh": "卫生",
        "keywords": ["干净", "卫生", "脏", "整洁", "clean", "dirty", "spotless"],
    },
    "staff": {
        "zh": "员工服务",
        "keywords": [
            "前台",
            "员工",
            "热情",
            "态度",
            "冷淡",
            "周到",
            "服务",
            "staff",
            "friendly",
            "unfriendly",
            "front desk",
            "service",
        ],
    },
    "check-in": {
        "zh": "入住效率",
        "keywords": ["入住", "排队", "等", "check-in", "queue", "waited"],
    },
    "room comfort": {
        "zh": "房间舒适",
        "keywords": ["床", "枕头", "舒服", "bed", "pillow", "comfortable"],
    },
    "noise": {
        "zh": "噪音",
        "keywords": ["吵", "隔音", "安静", "噪音", "noisy", "noise", "quiet", "thin walls"],
    },
    "breakfast": {"zh": "早餐", "keywords": ["早餐", "breakfast"]},
    "price": {
        "zh": "价格",
        "keywords": ["价格", "贵", "不值", "性价比", "price", "pricey", "overpriced", "expensive"],
    },
    "location": {"zh": "位置", "keywords": ["位置", "地铁", "location", "metro"]},
    "facilities": {
        "zh": "设施",
        "keywords": ["设施", "空调", "facilities", "air conditioning", "dated"],
    },
    "member perks": {
        "zh": "会员礼遇",
        "keywords": ["会员", "礼遇", "水果", "member", "welcome fruit"],
    },
}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def _segmenter(extra_words: tuple[str, ...]) -> Any:
    """A private jieba tokenizer that keeps the theme keywords as words (no global state)."""
    import logging

    from cxlib._pyodide import optional

    jieba = optional("jieba", "Chinese word segmentation (cxlib.reasons)")
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in extra_words:
        tokenizer.add_word(word)
    return tokenizer


@lru_cache(maxsize=8)
def _cached_segmenter(extra_words: tuple[str, ...]) -> Any:
    return _segmenter(extra_words)


def tokens(text: str, keywords: Iterable[str] = ()) -> list[str]:
    """Words of a reason: jieba segmentation for Chinese, lower-case words for other scripts.

    Parameters
    ----------
    text : str
        One free-text reason.
    keywords : iterable of str, optional
        Chinese keywords the segmenter must keep whole.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokens("房间隔音差，前台态度冷淡")
    ['房间', '隔音', '差', '前台', '态度', '冷淡']
    >>> tokens("Noisy room, thin walls")
    ['noisy', 'room', 'thin', 'walls']
    """
    if not isinstance(text, str):
        raise TypeError(f"a reason must be text, got {type(text).__name__}")
    lowered = text.lower()
    words = _WORD.findall(lowered)
    if _CJK.search(text):
        chinese = tuple(sorted(k for k in keywords if _CJK.search(k)))
        segmenter = _cached_segmenter(chinese)
        # Dictionary words only (no HMM guessing of new words): an unknown pair like 很吵 splits
        # into 很 + 吵, so the keyword 吵 still matches, while a real word like 等级 stays whole.
        words += [w for w in segmenter.lcut(text, HMM=False) if _CJK.search(w)]
    return words


def _matcher(
    themes: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, set[str]], dict[str, list[str]], tuple[str, ...]]:
    """Per theme: single-word keywords (a set) and phrases (lists); all Chinese keywords."""
    if not isinstance(themes, Mapping) or not themes:
        raise TypeError("themes must be a non-empty mapping of theme -> {'keywords': [...]}")
    words: dict[str, set[str]] = {}
    phrases: dict[str, list[str]] = {}
    chinese = set()
    for name, spec in themes.items():
        keywords = spec.get("keywords") if isinstance(spec, Mapping) else None
        if not keywords or isinstance(keywords, str):
            raise ValueError(f"theme {name!r} needs a list of keywords")
        lowered = [str(k).strip().lower() for k in keywords]
        words[name] = {k for k in lowered if " " not in k}
        phrases[name] = [k for k in lowered if " " in k]
        chinese.update(k for k in lowered if _CJK.search(k))
    return words, phrases, tuple(sorted(chinese))


def code(texts: Any, themes: Mapping[str, Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """Which themes each reason mentions (a reason may mention several).

    Parameters
    ----------
    texts : array-like or pandas.Series of str
        Free-text reasons in Chinese or English; missing or empty reasons code as no theme.
    themes : mapping, optional
        ``{theme: {"zh": name, "keywords": [...]}}``; default :data:`THEMES`.

    Returns
    -------
    pandas.DataFrame
        One boolean column per theme, plus ``other`` (a reason was given but no theme matched)
        and ``answered`` (a reason was given); a Series input keeps its index.

    Raises
    ------
    TypeError, ValueError
        Non-text reasons, a theme without keywords.

    Notes
    -----
    Segmentation is per text (jieba is a Python library); each distinct text is segmented once,
    so survey exports with repeated reasons cost little.

    See Also
    --------
    by_type. Book chapter ``book/nps.md``.

    Examples
    --------
    >>> coded = code(["房间隔音差，晚上很吵", "Great breakfast", "积分等级太复杂", None])
    >>> coded[["noise", "breakfast", "check-in", "other"]]
       noise  breakfast  check-in  other
    0   True      False     False  False
    1  False       True     False  False
    2  False      False     False   True
    3  False      False     False  False
    """
    themes = THEMES if themes is None else themes
    words, phrases, chinese = _matcher(themes)
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    present = series.notna() & series.astype("string").str.strip().ne("").fillna(False)
    bad = present & ~series.map(lambda v: isinstance(v, str))
    if bad.any():
        raise TypeError(
            f"reasons must be text; {int(bad.sum())} rows are not "
            f"(rows {list(series.index[bad][:5])})"
        )
    unique = pd.unique(series[present].to_numpy())
    hits = {}
    for text in unique:  # one segmentation per distinct text
        found = set(tokens(text, chinese))
        lowered = text.lower()
        hits[text] = [
            bool(found & words[name]) or any(p in lowered for p in phrases[name]) for name in themes
        ]
    table = pd.DataFrame(False, index=series.index, columns=list(themes))
    if len(unique):
        matrix = pd.DataFrame.from_dict(hits, orient="index", columns=list(themes))
        table.loc[present.to_numpy(), :] = matrix.loc[series[present].to_numpy()].to_numpy()
    table["other"] = present.to_numpy() & ~table.any(axis=1).to_numpy()
    table["answered"] = present.to_numpy()
    return table


def by_type(coded: pd.DataFrame, scores: Any, confidence: float = 0.95) -> pd.DataFrame:
    """Share of each customer type's reasons that mention each theme, with Wilson intervals.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`code`.
    scores : array-like
        The 0-10 answers of the same respondents, in the same order.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per theme and customer type: ``theme, type, mentions, answered, share, ci_low,
        ci_high`` (shares of the respondents of that type who gave a reason).

    Raises
    ------
    TypeError, ValueError
        Bad scores (see :func:`cxlib.nps.classify`), lengths that differ.

    Examples
    --------
    >>> coded = code(["太吵了", "很吵", "早餐很好", "Great breakfast"])
    >>> table = by_type(coded, [2, 5, 10, 9])
    >>> table.query("theme == 'noise' and type == 'detractor'")[["mentions", "answered", "share"]]
       mentions  answered  share
    18         2         2    1.0
    """
    types = nps.classify(scores)
    if len(types) != len(coded):
        raise ValueError(f"{len(coded)} coded reasons but {len(types)} scores")
    z = critical_z(confidence)
    themes = [c for c in coded.columns if c != "answered"]
    answered = coded["answered"].to_numpy()
    labels = types.to_numpy()
    rows = []
    for kind in nps.CATEGORIES:
        mask = (labels == kind) & answered
        n = int(mask.sum())
        counts = coded.loc[mask, themes].sum().to_numpy()
        share = counts / n if n else np.full(len(themes), np.nan)
        low, high = proportion_interval(share, n, z) if n else (share, share)
        rows.append(
            pd.DataFrame(
                {
                    "theme": themes,
                    "type": kind,
                    "mentions": counts,
                    "answered": n,
                    "share": share,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
        )
    table = pd.concat(rows, ignore_index=True)
    table["type"] = pd.Categorical(table["type"], categories=list(nps.CATEGORIES), ordered=True)
    return table.sort_values(["theme", "type"], kind="stable").reset_index(drop=True)
