"""Touchpoint impressions and the 7-38-55 rule (7-38-55 原则), with its honest limits.

Book chapter: ``book/touchpoints.md``; workbook: ``notebooks/05_touchpoints.ipynb``; pictures:
:mod:`cxlib.plots.touchpoints`; widget: :mod:`cxlib.widgets.touchpoints`.

Mehrabian's experiments found that when a speaker's words, tone of voice and facial expression
*disagree* about a *feeling or attitude* (liking or disliking), listeners judge the feeling
about 7% from the words, 38% from the tone and 55% from the face. It is often quoted as "93% of
communication is non-verbal": that claim is not what the studies found. They used single words
and photographs, judged only attitudes, and only inconsistent messages; for information (a
price, a check-out time, an answer to a question) the words carry the message.

This module therefore scores an interaction on the three channels and applies the 7-38-55
weights only where the rule applies (a message about feelings whose channels disagree); it
always reports the plain mean of the channels beside it.

References
----------
Mehrabian, A. & Wiener, M. (1967). Decoding of inconsistent communications. *Journal of
Personality and Social Psychology*, 6(1), 109-114.
Mehrabian, A. & Ferris, S. R. (1967). Inference of attitudes from nonverbal communication in two
channels. *Journal of Consulting Psychology*, 31(3), 248-252.
Mehrabian, A. (1981). *Silent Messages: Implicit Communication of Emotions and Attitudes*, 2nd
ed. Belmont, CA: Wadsworth (the combined 7-38-55 formula).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxlib import _validate

__all__ = ["CHANNELS", "MEHRABIAN_WEIGHTS", "audit", "impression"]

#: The three channels, with Chinese names.
CHANNELS = {"words": "语言", "tone": "语调", "body": "肢体语言"}
#: Mehrabian's weights for feelings conveyed inconsistently (Mehrabian 1981).
MEHRABIAN_WEIGHTS = {"words": 0.07, "tone": 0.38, "body": 0.55}


def impression(
    words: Any,
    tone: Any,
    body: Any,
    about_feelings: Any = True,
    *,
    scale: tuple[float, float] = (-3, 3),
    disagreement: float = 2.0,
) -> pd.DataFrame:
    """Score interactions on the three channels: plain mean, 7-38-55 impression, and a flag.

    Each channel is rated on a signed scale (default -3 cold/hostile ... +3 warm/welcoming).
    The channels *disagree* when the highest and lowest differ by at least ``disagreement``.
    The 7-38-55 impression ``0.07 words + 0.38 tone + 0.55 body`` is reported only where the rule
    applies (the message is about feelings and the channels disagree); elsewhere it is missing
    and ``equal_weights`` (the plain mean) is the better summary.

    Parameters
    ----------
    words, tone, body : array-like
        Ratings of each channel, one per interaction (or single numbers).
    about_feelings : bool or array-like of bool, default True
        Whether each message conveys a feeling or attitude (welcome, apology, sympathy) rather
        than information (a price, a time, a rule).
    scale : tuple of float, default (-3, 3)
        Lowest and highest rating.
    disagreement : float, default 2.0
        Spread (highest minus lowest channel) from which the channels count as disagreeing.

    Returns
    -------
    pandas.DataFrame
        ``words, tone, body, equal_weights, spread, disagree, rule_applies, mehrabian``.

    Raises
    ------
    TypeError, ValueError
        Text or missing ratings, ratings outside ``scale``, channels of different lengths.

    References
    ----------
    Mehrabian & Wiener (1967); Mehrabian & Ferris (1967); Mehrabian (1981).

    See Also
    --------
    audit. Book chapter ``book/touchpoints.md``.

    Examples
    --------
    A receptionist says "welcome" warmly in words (+3), flatly in tone (-1), with a frown (-2):
    0.07 x 3 + 0.38 x (-1) + 0.55 x (-2) = -1.27; the plain mean is 0.

    >>> impression(3, -1, -2)[["equal_weights", "disagree", "mehrabian"]]
       equal_weights  disagree  mehrabian
    0            0.0      True      -1.27
    >>> impression(3, -1, -2, about_feelings=False)["mehrabian"].isna().item()
    True
    """
    low, high = scale
    channels = {}
    for name, values in (("words", words), ("tone", tone), ("body", body)):
        channels[name] = _validate.answers(
            np.atleast_1d(values), name=name, low=low, high=high, integer=False
        ).values.astype(float)
    lengths = {len(v) for v in channels.values()}
    if len(lengths) != 1:
        raise ValueError(f"words, tone and body must have the same length, got {sorted(lengths)}")
    n = lengths.pop()
    feelings = np.broadcast_to(np.asarray(about_feelings, dtype=object), (n,))
    if not all(isinstance(v, (bool, np.bool_)) for v in feelings):
        raise TypeError("about_feelings must be True/False for each interaction")
    table = pd.DataFrame(channels)
    stacked = table[["words", "tone", "body"]].to_numpy()
    table["equal_weights"] = stacked.mean(axis=1)
    table["spread"] = stacked.max(axis=1) - stacked.min(axis=1)
    table["disagree"] = table["spread"] >= disagreement
    table["rule_applies"] = table["disagree"] & feelings.astype(bool)
    weighted = stacked @ np.array(list(MEHRABIAN_WEIGHTS.values()))
    table["mehrabian"] = np.where(table["rule_applies"], np.round(weighted, 10), np.nan)
    return table


def audit(
    df: pd.DataFrame,
    touchpoint: str = "touchpoint",
    words: str = "words",
    tone: str = "tone",
    body: str = "body",
    about_feelings: str | None = "about_feelings",
    **options: Any,
) -> pd.DataFrame:
    """A touchpoint audit: each interaction's channels, impression and weakest channel.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per observed interaction (for example a mystery-shopper visit).
    touchpoint, words, tone, body : str
        Column names.
    about_feelings : str or None, default "about_feelings"
        Column of True/False; None treats every message as about feelings.
    **options
        ``scale`` and ``disagreement``, passed to :func:`impression`.

    Returns
    -------
    pandas.DataFrame
        The touchpoint column, then the columns of :func:`impression`, then ``weakest`` (the
        channel with the lowest rating), ``summary`` (the 7-38-55 impression where the rule
        applies, else the plain mean) and ``lost`` (how far the summary falls below the top of
        the scale: where the impression is lost), both rounded to two decimals.

    Raises
    ------
    TypeError, ValueError
        Missing columns; see :func:`impression`.

    See Also
    --------
    impression. Book chapter ``book/touchpoints.md``.

    Examples
    --------
    >>> visits = pd.DataFrame({"touchpoint": ["check-in", "price question"],
    ...                        "words": [3, 2], "tone": [-1, 1], "body": [-2, 1],
    ...                        "about_feelings": [True, False]})
    >>> audit(visits)[["touchpoint", "weakest", "summary", "lost"]]
           touchpoint weakest  summary      lost
    0        check-in    body    -1.27  4.27
    1  price question    tone     1.33  1.67
    """
    needed = [touchpoint, words, tone, body] + ([about_feelings] if about_feelings else [])
    _validate.columns(df, needed)
    feelings = df[about_feelings].to_numpy() if about_feelings else True
    table = impression(df[words], df[tone], df[body], feelings, **options)
    table.insert(0, touchpoint, df[touchpoint].to_numpy())
    stacked = table[["words", "tone", "body"]].to_numpy()
    table["weakest"] = np.array(list(CHANNELS))[stacked.argmin(axis=1)]
    exact = table["mehrabian"].fillna(table["equal_weights"])
    table["summary"] = exact.round(2)
    top = options.get("scale", (-3, 3))[1]
    table["lost"] = (top - exact).round(2)  # rounded like summary, so the two add up to top
    return table
