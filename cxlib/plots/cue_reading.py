"""Pictures of a cue-reading drill: each feeling's hit rate against guessing, and which feeling was
taken for which. Computing is :mod:`cxlib.cue_reading`; book ``book/emotion_cues.md``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cxlib import _validate
from cxlib.plots.theme import ESTIMATE_COLOUR

__all__ = ["drill"]


def drill(by_emotion: pd.DataFrame, confusion: pd.DataFrame, title: str | None = None) -> Figure:
    """Left: each feeling's hit rate with its interval against guessing; right: the confusions.

    ``by_emotion`` is :func:`cxlib.cue_reading.by_emotion`'s result (columns ``hit_rate``, ``low``,
    ``high``) and ``confusion`` :func:`cxlib.cue_reading.confusion`'s, for the same answers. The
    unbiased hit rates are not drawn: they are on another scale (their chance value is not the
    guessing line); the notebook shows them in a table.

    Examples
    --------
    >>> from cxlib import cue_reading
    >>> answers = cue_reading.simulate_drill([[0.7, 0.1, 0.1, 0.1]] * 4, seed=1)
    >>> rows = cue_reading.by_emotion(answers["intended"], answers["judged"])
    >>> table = cue_reading.confusion(answers["intended"], answers["judged"])
    >>> len(drill(rows, table).axes)
    3
    """
    _validate.columns(
        by_emotion, ["hit_rate", "low", "high", "unbiased_hit_rate"], what="by_emotion"
    )
    if not isinstance(confusion, pd.DataFrame) or confusion.shape[0] != confusion.shape[1]:
        raise ValueError("confusion must be the square table of cxlib.cue_reading.confusion")
    if list(confusion.index) != list(by_emotion.index):
        raise ValueError(
            "by_emotion and confusion describe different feelings: "
            f"{list(by_emotion.index)} vs {list(confusion.index)}"
        )
    feelings = [str(f) for f in by_emotion.index]
    k = len(feelings)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4), width_ratios=[1, 1.1])
    x = np.arange(k)
    rate = by_emotion["hit_rate"].to_numpy(dtype=float) * 100
    err = np.vstack(
        [rate - by_emotion["low"].to_numpy() * 100, by_emotion["high"].to_numpy() * 100 - rate]
    )
    left.bar(x, rate, color=ESTIMATE_COLOUR, alpha=0.8, label="hit rate (95% CI)")
    left.errorbar(x, rate, yerr=err, fmt="none", ecolor="black", capsize=4, linewidth=1)
    left.axhline(100 / k, color="grey", linestyle="--", linewidth=1, label="guessing")
    left.set_xticks(x, feelings)
    left.set_ylim(0, 105)
    left.set_ylabel("% of clips of this feeling")
    left.set_xlabel("feeling acted")
    left.legend(fontsize=8, loc="upper left")
    left.set_title("Which feelings were read", fontsize=10)
    counts = confusion.to_numpy()
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * 100
    image = right.imshow(shares, cmap="Blues", vmin=0, vmax=100)
    for i in range(k):
        for j in range(k):
            right.text(
                j,
                i,
                f"{shares[i, j]:.0f}%",
                ha="center",
                va="center",
                fontsize=9,
                color="white" if shares[i, j] > 55 else "black",
            )
    right.set_xticks(x, feelings)
    right.set_yticks(x, feelings)
    right.set_xlabel("feeling written down")
    right.set_ylabel("feeling acted")
    right.set_title("What each feeling was taken for", fontsize=10)
    figure.colorbar(image, ax=right, fraction=0.046, pad=0.04, label="% of row")
    if title:
        figure.suptitle(title, fontsize=11)
    figure.tight_layout()
    return figure
