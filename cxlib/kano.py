"""Kano model (KANO 模型): which needs delight, which are expected, which do not matter.

Book chapter: ``book/kano.md``; workbook: ``notebooks/04_kano.ipynb``; pictures:
:mod:`cxlib.plots.kano`.

Each feature gets a pair of questions: *functional* ("How would you feel if the hotel had X?")
and *dysfunctional* ("... if it did not have X?"), each answered with one of five options:
1 like (喜欢), 2 must-be / expect it (理所当然), 3 neutral (无所谓), 4 live with it (能忍受),
5 dislike (不喜欢). The evaluation table turns each answer pair into a category:

- **A** attractive (兴奋型需求): delights when present, not missed when absent;
- **O** one-dimensional (期望需求): more is better, less is worse;
- **M** must-be (基础型需求): expected; absence dissatisfies, presence goes unnoticed;
- **I** indifferent (无差异需求): no effect either way;
- **R** reverse (反向需求): the customer prefers it absent;
- **Q** questionable (可疑结果): contradictory answers (like both, or dislike both).

Better = (A + O) / (A + O + M + I) is how much satisfaction the feature adds when present;
Worse = -(O + M) / (A + O + M + I) how much dissatisfaction its absence causes.

References
----------
Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and must-be quality.
*Journal of the Japanese Society for Quality Control*, 14(2), 39-48.
Berger, C., Blauth, R., Boger, D., et al. (1993). Kano's methods for understanding
customer-defined quality. *Center for Quality of Management Journal*, 2(4), 3-35.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import adjust_p, adjusted_confidence, critical_z, proportion_interval

__all__ = ["ANSWERS", "CATEGORIES", "EVALUATION_TABLE", "classify", "evaluate"]

#: The five answers in code order 1-5, with the English and Chinese words accepted for each.
ANSWERS = {
    1: ("like", "i like it", "喜欢", "我喜欢"),
    2: ("must-be", "must be", "expect", "i expect it", "理所当然", "应该如此", "必须的"),
    3: ("neutral", "i am neutral", "无所谓", "中立"),
    4: ("live-with", "live with", "tolerate", "i can live with it", "能忍受", "可以忍受"),
    5: ("dislike", "i dislike it", "不喜欢", "我不喜欢"),
}
#: Category letters and names, in the tie-break order (see :func:`evaluate`) then R and Q.
CATEGORIES = {
    "M": "must-be",
    "O": "one-dimensional",
    "A": "attractive",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
#: Berger et al. (1993): rows = functional answer 1-5, columns = dysfunctional answer 1-5.
EVALUATION_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(["like", "must-be", "neutral", "live-with", "dislike"], name="functional"),
    columns=pd.Index(["like", "must-be", "neutral", "live-with", "dislike"], name="dysfunctional"),
)
_LETTERS = list(CATEGORIES)
_LOOKUP = np.array(  # index: (functional - 1) * 5 + (dysfunctional - 1) -> position in _LETTERS
    [_LETTERS.index(letter) for letter in EVALUATION_TABLE.to_numpy().ravel()], dtype=np.int8
)
_WORDS = {word: code for code, words in ANSWERS.items() for word in words}


def _codes(answers: Any, name: str) -> np.ndarray:
    """Answers as codes 1-5: whole numbers (also 1.0, "3") or the words in :data:`ANSWERS`."""
    if np.ndim(answers) == 0 and not isinstance(answers, pd.Series):
        answers = [answers]  # one answer
    if isinstance(answers, pd.Series) and (
        pd.api.types.is_string_dtype(answers.dtype)
        or answers.dtype == object
        or isinstance(answers.dtype, pd.CategoricalDtype)
    ):
        series = answers.astype("string")
    elif isinstance(answers, (list, tuple)) and any(isinstance(a, str) for a in answers):
        series = pd.Series(answers, dtype="string")
    else:
        return _validate.answers(answers, name=name, low=1, high=5).values
    cleaned = series.str.strip().str.lower()
    codes = cleaned.map(_WORDS)
    number = pd.to_numeric(cleaned, errors="coerce").astype("float64")  # "3" or "3.0"
    whole = (number >= 1) & (number <= 5) & (number % 1 == 0)
    codes = codes.astype("float64").fillna(number.where(whole))
    unknown = codes.isna().to_numpy()
    if unknown.any():
        bad = series[unknown]
        shown = ", ".join(repr(v) for v in bad.iloc[:5])
        raise ValueError(
            f"{name} has {int(unknown.sum())} of {len(series)} answers that are not Kano answers "
            f"(rows {', '.join(map(str, bad.index[:5]))}: {shown}); use codes 1-5 or one of "
            f"{', '.join(words[0] + '/' + words[-1] for words in ANSWERS.values())}"
        )
    return codes.to_numpy(dtype=np.int8)


def _categories(functional: Any, dysfunctional: Any) -> np.ndarray:
    """Category positions (into _LETTERS) of each answer pair, by table lookup.

    Two Series are paired by index label (:func:`cxlib._validate.aligned`), not by position.
    """
    dysfunctional = _validate.aligned(functional, dysfunctional, "functional", "dysfunctional")
    f = _codes(functional, "functional")
    d = _codes(dysfunctional, "dysfunctional")
    if len(f) != len(d):
        raise ValueError(f"functional has {len(f)} answers but dysfunctional has {len(d)}")
    return _LOOKUP[(f.astype(np.intp) - 1) * 5 + (d.astype(np.intp) - 1)]


def classify(functional: Any, dysfunctional: Any) -> pd.Series | str:
    """The Kano category (A, O, M, I, R or Q) of each functional/dysfunctional answer pair.

    Parameters
    ----------
    functional, dysfunctional : array-like, pandas.Series, or one answer each
        Answers as codes 1-5 (like, must-be, neutral, live-with, dislike; whole-number floats
        such as 1.0 and digit strings such as "3" too) or as English or Chinese words (see
        :data:`ANSWERS`; case and surrounding spaces ignored).

    Returns
    -------
    pandas.Series or str
        Categorical of category letters (categories in the order M, O, A, I, R, Q); a Series
        input keeps its index. For one pair of single answers, the letter itself.

    Raises
    ------
    TypeError, ValueError
        Unknown words, codes outside 1-5, missing answers, answers of different lengths, two
        Series whose index labels differ (two Series are paired by label, as in pandas).

    References
    ----------
    Berger et al. (1993), Center for Quality of Management Journal 2(4): the evaluation table.

    See Also
    --------
    evaluate. Book chapter ``book/kano.md``.

    Examples
    --------
    >>> functional = ["like", "like", "喜欢", "neutral"]
    >>> classify(functional, ["dislike", "neutral", "不喜欢", "neutral"]).tolist()
    ['O', 'A', 'O', 'I']
    >>> classify([2, 5], [5, 1]).tolist()
    ['M', 'R']
    >>> classify("like", "dislike"), classify(1.0, "3")
    ('O', 'A')
    """
    positions = _categories(functional, dysfunctional)
    if np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0:
        return _LETTERS[int(positions[0])]
    index = functional.index if isinstance(functional, pd.Series) else None
    values = pd.Categorical.from_codes(positions, categories=_LETTERS)
    return pd.Series(values, index=index, name="category")


def evaluate(
    df: pd.DataFrame,
    feature: str = "feature",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    confidence: float = 0.95,
    *,
    adjust: str | None = None,
) -> pd.DataFrame:
    """Per feature: counts of each category, the winning category, Better and Worse.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent and feature.
    feature, functional, dysfunctional : str
        Column names of the feature and the two answers.
    confidence : float, default 0.95
        Confidence level of the (continuity-corrected) Wilson intervals of Better and Worse.
    adjust : {None, "holm", "bh"}, default None
        Many features are judged at once. With ``"holm"`` or ``"bh"`` the table gains
        ``lead_z``, ``lead_p_value`` and ``lead_p_adjusted``: a test that the winning category
        beats the runner-up (counts a and b of n answers; one multinomial sample, so
        ``z = (a - b) / sqrt(a + b - (a - b)**2 / n)``), adjusted by Holm or Benjamini-Hochberg;
        and ``better_low_adjusted``, ``better_high_adjusted``, ``worse_low_adjusted``,
        ``worse_high_adjusted``: Wilson intervals at Bonferroni's simultaneous level (``"holm"``)
        or at Benjamini-Yekutieli's level for the features whose category call is significant
        after BH (``"bh"``). The unadjusted columns stay as they are.

    Returns
    -------
    pandas.DataFrame
        One row per feature: ``feature, n, M, O, A, I, R, Q, category, category_name, better,
        better_low, better_high, worse, worse_low, worse_high``. Better = (A+O)/(A+O+M+I) and
        Worse = -(O+M)/(A+O+M+I) (Berger et al. 1993), with continuity-corrected Wilson
        intervals on the A+O+M+I answers. The category is the most frequent one; ties go to the
        category that matters most for satisfaction, in the order M > O > A > I > R > Q (Berger
        et al. 1993).

    Raises
    ------
    TypeError, ValueError
        Missing columns, bad answers (see :func:`classify`), missing feature labels.

    References
    ----------
    Berger et al. (1993); Wilson, E. B. (1927), JASA 22(158) (interval of a proportion).
    Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.), Wiley, section 1.2 (the
    multinomial: Cov(p_a, p_b) = -p_a p_b / n, hence the variance of the lead). Holm (1979);
    Benjamini & Hochberg (1995); Benjamini & Yekutieli (2005).

    See Also
    --------
    classify. Book chapter ``book/kano.md``.

    Examples
    --------
    >>> answers = pd.DataFrame({"feature": ["wifi"] * 4 + ["robot"] * 2,
    ...                         "functional": [2, 2, 1, 2, 1, 1],
    ...                         "dysfunctional": [5, 5, 5, 3, 3, 3]})
    >>> evaluate(answers)[["feature", "M", "O", "A", "I", "category", "better", "worse"]]
      feature  M  O  A  I category  better  worse
    0   robot  0  0  2  0        A    1.00  -0.00
    1    wifi  2  1  0  1        M    0.25  -0.75
    """
    _validate.columns(df, [feature, functional, dysfunctional])
    z = critical_z(confidence)
    positions = _categories(df[functional], df[dysfunctional])
    labels = df[feature]
    if labels.isna().any():
        rows = df.index[labels.isna().to_numpy()][:5]
        raise ValueError(
            f"{feature}: {int(labels.isna().sum())} rows have no feature label "
            f"(rows {', '.join(map(str, rows))})"
        )
    if isinstance(labels.dtype, pd.CategoricalDtype):
        group, names = labels.cat.codes.to_numpy().astype(np.intp), labels.cat.categories
    else:
        group, names = pd.factorize(labels, sort=True)
    counts = np.bincount(group * 6 + positions, minlength=6 * len(names)).reshape(len(names), 6)
    table = pd.DataFrame(counts, columns=_LETTERS)
    table.insert(0, "n", counts.sum(axis=1))
    table.insert(0, feature, names)
    table = table[table["n"] > 0].reset_index(drop=True)
    winner = table[_LETTERS].to_numpy().argmax(axis=1)  # first maximum wins: the tie order
    table["category"] = np.array(_LETTERS)[winner]
    table["category_name"] = table["category"].map(CATEGORIES)
    valid = table[["A", "O", "M", "I"]].sum(axis=1).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):  # a feature with only R/Q answers: NaN
        better = (table["A"] + table["O"]).to_numpy() / valid
        worse = (table["O"] + table["M"]).to_numpy() / valid
        for name, share in (("better", better), ("worse", worse)):
            low, high = proportion_interval(share, valid, z)
            sign = 1 if name == "better" else -1
            table[name] = sign * share
            table[f"{name}_low"] = np.minimum(sign * low, sign * high)  # Worse flips the sign
            table[f"{name}_high"] = np.maximum(sign * low, sign * high)
    if adjust is not None:
        table = _adjusted(table, valid, better, worse, confidence, adjust)
    return table


def _adjusted(
    table: pd.DataFrame,
    valid: np.ndarray,
    better: np.ndarray,
    worse: np.ndarray,
    confidence: float,
    adjust: str,
) -> pd.DataFrame:
    """The category-lead test with adjusted p-values, and adjusted Better/Worse intervals."""
    from scipy.special import erfc  # lazy: keeps `import cxlib` light

    counts = table[_LETTERS].to_numpy(dtype=float)
    ordered = np.sort(counts, axis=1)
    a, b = ordered[:, -1], ordered[:, -2]
    n = counts.sum(axis=1)
    variance = a + b - (a - b) ** 2 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (a - b) / np.sqrt(variance), np.where(a > b, np.inf, 0.0))
    p_value = erfc(np.abs(z) / np.sqrt(2))
    p_adjusted = adjust_p(p_value, adjust)
    level = adjusted_confidence(
        confidence, len(table), adjust, int((p_adjusted <= 1 - confidence).sum())
    )
    z_level = critical_z(level)
    extra = {"lead_z": z, "lead_p_value": p_value, "lead_p_adjusted": p_adjusted}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name, share, sign in (("better", better, 1), ("worse", worse, -1)):
            low, high = proportion_interval(share, valid, z_level)
            extra[f"{name}_low_adjusted"] = np.minimum(sign * low, sign * high)
            extra[f"{name}_high_adjusted"] = np.maximum(sign * low, sign * high)
    return table.assign(**extra)
