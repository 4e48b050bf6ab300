"""Answers: how the text of one answer or label is read, the same for every reader (答案文本).

A survey export's answers arrive as text. Both readers of the ``cx`` command (pandas and
DuckDB) hand their raw text to these functions, so an answer means the same whichever counted
it:

- :func:`tidy`: invisible characters (zero-width spaces, byte-order marks, control characters)
  removed, every kind of space one space, canonical composition, full-width digits and letters
  as ASCII, stripped: two labels that print alike are one label;
- :func:`clean`: tidied, a unit cut (``9分``), missing markers (:data:`MISSING`) made missing;
- :func:`number`: a number only when written as one (``9``, ``9.5``, ``-1``, ``１０``): ``1e1``,
  ``inf``, ``nan`` or ``1,000`` are text, refused where a number is expected.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["INVISIBLE", "MISSING", "NUMBER", "SPACES", "clean", "number", "tidy"]

#: Answers that mean "no answer": skipped (问卷星), not applicable, a dash, SPSS's dot.
MISSING = ("", "N/A", "n/a", "不适用", "-", ".", "(跳过)", "(空)", "（跳过）", "（空）")
#: Characters stripped around every value (spaces, tabs, the full-width space).
SPACES = " \t\r\n\u3000\xa0"
#: Invisible characters: format characters (zero-width spaces and joiners, byte-order marks,
#: direction marks), variation selectors, Hangul fillers and control characters.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U000e0000-\U000e0fff]"
)
_CONTROL = re.compile("[\x00-\x1f\x7f]")  # control characters, tab and line breaks too
#: Full-width digits, letters and the signs of a number, as their ASCII forms.
_WIDTH = str.maketrans(
    "".join(
        chr(c) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
    )
    + "．－＋",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-+",
)
#: How a number is written in an answer: digits with an optional sign and decimal point.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def tidy(values: pd.Series) -> pd.Series:
    """Text as it is meant: invisible characters removed, every kind of space (thin, no-break,
    ideographic, tab, line break) one space, canonical composition (NFC, including CJK
    compatibility ideographs), full-width digits and letters as ASCII, stripped.

    Two answers or labels that print alike become one (``上海`` and ``上海`` with a zero-width
    space, a thin space or a byte-order mark are one segment, not two that look the same).
    Full-width punctuation (``？``, ``（）``) is kept as written. Only text that is not plain
    ASCII needs more than a strip, so large columns stay fast.

    Examples
    --------
    >>> tidy(pd.Series(["上海\\u200b", " 上海", "上\\u2009海", "１０", "A\\u00a0 B"])).tolist()
    ['上海', '上海', '上 海', '10', 'A B']
    >>> tidy(pd.Series(["好？ "])).tolist()
    ['好？']
    """
    text = values.astype("string")
    wide = (~text.str.isascii() | text.str.contains(_CONTROL)).fillna(False).to_numpy(bool)
    if wide.any():
        part = text[wide].str.normalize("NFC").str.replace(INVISIBLE, "", regex=True)
        part = part.str.replace(r"\s+", " ", regex=True).str.translate(_WIDTH)
        text = text.copy()
        text[wide] = part
    return text.str.strip(SPACES)


def clean(values: pd.Series, unit: str | None = None) -> pd.Series:
    """Answers as meant (:func:`tidy`), ``unit`` cut, missing markers (:data:`MISSING`) made
    ``<NA>``.

    Examples
    --------
    >>> clean(pd.Series([" １０ ", "9分", "(跳过)", "N/A", "上海\\u200b"]), unit="分").tolist()
    ['10', '9', <NA>, <NA>, '上海']
    """
    text = tidy(values)
    if unit:
        text = text.str.removesuffix(unit).str.strip(SPACES)
    return text.mask(text.isin(MISSING) | text.isna())


def number(text: pd.Series) -> pd.Series:
    """Cleaned answers as float: NaN where missing or not written as a number.

    Examples
    --------
    >>> number(pd.Series(["9", "9.5", "1e1", "inf", "-1", None], dtype="string")).tolist()
    [9.0, 9.5, nan, nan, -1.0, nan]
    """
    plain = text.str.fullmatch(NUMBER).fillna(False).to_numpy(dtype=bool)
    values = np.full(len(text), np.nan)
    if plain.any():
        values[plain] = pd.to_numeric(text[plain]).to_numpy(dtype=float)
    return pd.Series(values, index=text.index, name=text.name)
