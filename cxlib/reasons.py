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
  share of the explained variance it accounts for, with a bootstrap interval.

References
----------
Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
variables in multiple regression. *Multivariate Behavioral Research*, 35(1), 1-19.
Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a
small sample. *Metron*, 1, 3-32.
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

from cxlib import _validate, nps
from cxlib._stats import adjust_p, adjusted_confidence, critical_z, proportion_interval

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


def _relative_weights(correlations: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights from the joint correlation matrix [X..., y].

    With R_xx = Q diag(l) Q', Lambda = Q diag(sqrt l) Q' (the correlations of X with its closest
    orthogonal counterpart Z), beta = Lambda^-1 r_xy, the weight of predictor j is
    sum_k Lambda_jk^2 beta_k^2; the weights add up to the model's R^2.
    """
    r_xx, r_xy = correlations[:-1, :-1], correlations[:-1, -1]
    values, vectors = np.linalg.eigh(r_xx)
    values = np.clip(values, 1e-12, None)
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, r_xy)
    return (lam**2) @ (beta**2)


def key_drivers(
    df: pd.DataFrame,
    target: str,
    attributes: list[str],
    confidence: float = 0.95,
    *,
    resamples: int = 1000,
    seed: int | np.random.Generator | None = None,
    dropna: bool = False,
    adjust: str | None = None,
) -> pd.DataFrame:
    """Which attribute ratings go with the likelihood to recommend, and how much each explains.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent.
    target : str
        The outcome column (for example the 0-10 recommend score).
    attributes : list of str
        Attribute rating columns (at least two).
    confidence : float, default 0.95
        Confidence level of the intervals.
    resamples : int, default 1000
        Bootstrap resamples of respondents for the relative-weight intervals.
    seed : int or numpy.random.Generator, optional
        Seed of the bootstrap.
    dropna : bool, default False
        Leave out respondents with a missing value instead of raising.
    adjust : {None, "holm", "bh"}, default None
        For many attributes at once: adds ``correlation_p_value`` (t test of r = 0, n - 2
        degrees of freedom), ``correlation_p_adjusted`` (Holm or Benjamini-Hochberg) and
        intervals at the adjusted level (Bonferroni for Holm, Benjamini-Yekutieli for BH):
        ``correlation_low_adjusted``, ``correlation_high_adjusted``, ``weight_low_adjusted``,
        ``weight_high_adjusted`` (raise ``resamples`` so the far tails hold enough resamples).
        The unadjusted columns stay.

    Returns
    -------
    pandas.DataFrame
        One row per attribute, largest relative weight first: ``attribute, correlation,
        correlation_low, correlation_high`` (Fisher z interval), ``weight`` (Johnson's relative
        weight: its part of R^2), ``weight_low, weight_high`` (bootstrap percentile interval;
        resamples in which a column happens not to vary are left out),
        ``share`` (weight / R^2). ``df.attrs["r2"]`` holds the model's R^2.

    Raises
    ------
    TypeError, ValueError
        Missing columns, non-numeric ratings, missing values (unless ``dropna``), fewer than two
        attributes, fewer respondents than attributes + 3, a column with no variation.

    References
    ----------
    Johnson (2000), Multivariate Behavioral Research 35(1); Fisher (1921), Metron 1.

    See Also
    --------
    code, by_type.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ratings = pd.DataFrame(rng.normal(size=(500, 2)), columns=["staff", "price"])
    >>> ratings["score"] = 2 * ratings["staff"] + ratings["price"] + rng.normal(size=500)
    >>> drivers = key_drivers(ratings, "score", ["staff", "price"], seed=1)
    >>> drivers["attribute"].tolist(), drivers["share"].round(1).tolist()
    (['staff', 'price'], [0.8, 0.2])
    """
    if len(attributes) < 2:
        raise ValueError("key_drivers needs at least two attributes")
    columns = [*attributes, target]
    _validate.columns(df, columns)
    frame = df[columns].dropna() if dropna else df[columns]
    data = np.column_stack(
        [
            _validate.answers(frame[c], low=-np.inf, high=np.inf, integer=False).values
            for c in columns
        ]
    ).astype(float)
    n, k = data.shape[0], len(attributes)
    if n < k + 3:
        raise ValueError(f"key_drivers needs at least {k + 3} complete respondents, got {n}")
    flat = data.std(axis=0) == 0
    if flat.any():
        raise ValueError(
            f"columns with no variation: {[c for c, f in zip(columns, flat, strict=True) if f]}"
        )
    z = critical_z(confidence)
    correlations = np.corrcoef(data, rowvar=False)
    r = correlations[:-1, -1]
    fisher = np.arctanh(np.clip(r, -0.999999, 0.999999))
    half = z / np.sqrt(n - 3)
    weights = _relative_weights(correlations)
    rng = np.random.default_rng(seed)
    boot = np.empty((resamples, k))
    with np.errstate(invalid="ignore", divide="ignore"):
        for b in range(resamples):  # a loop over resamples; each resample is vectorised
            sample = data[rng.integers(0, n, n)]
            matrix = np.corrcoef(sample, rowvar=False)
            # a resample in which a column does not vary has no correlations: leave it out
            boot[b] = np.nan if np.isnan(matrix).any() else _relative_weights(matrix)
    alpha = 1 - confidence
    low, high = np.nanquantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
    extra = {} if adjust is None else _adjusted_drivers(r, n, boot, confidence, adjust)
    r2 = float(weights.sum())
    table = (
        pd.DataFrame(
            {
                "attribute": attributes,
                "correlation": r,
                "correlation_low": np.tanh(fisher - half),
                "correlation_high": np.tanh(fisher + half),
                "weight": weights,
                "weight_low": low,
                "weight_high": high,
                "share": weights / r2,
                **extra,
            }
        )
        .sort_values("weight", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    table.attrs["r2"] = r2
    return table


def _adjusted_drivers(
    r: np.ndarray, n: int, boot: np.ndarray, confidence: float, adjust: str
) -> dict[str, np.ndarray]:
    """P-values of r = 0 (t test), adjusted p-values, and intervals at the adjusted level."""
    from scipy.special import stdtr  # lazy: keeps `import cxlib` light

    with np.errstate(divide="ignore"):
        t = r * np.sqrt((n - 2) / np.maximum(1 - r * r, 0))
    p_value = 2 * stdtr(n - 2, -np.abs(t))
    p_adjusted = adjust_p(p_value, adjust)
    level = adjusted_confidence(
        confidence, len(r), adjust, int((p_adjusted <= 1 - confidence).sum())
    )
    fisher, half = np.arctanh(np.clip(r, -0.999999, 0.999999)), critical_z(level) / np.sqrt(n - 3)
    low, high = np.nanquantile(boot, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return {
        "correlation_p_value": p_value,
        "correlation_p_adjusted": p_adjusted,
        "correlation_low_adjusted": np.tanh(fisher - half),
        "correlation_high_adjusted": np.tanh(fisher + half),
        "weight_low_adjusted": low,
        "weight_high_adjusted": high,
    }
