"""Self-checks for the workbook's exercises: friendly feedback, never an exception.

A notebook exercise leaves ``...`` for the learner to replace; the check cell after it says
whether the answer is there yet and whether it is right, with a hint when it is not. Checks
print rather than raise, so a learner can run the whole notebook before answering anything.
The messages and the hints follow the reader's language (:mod:`cxlib.language`; the notebooks'
hints are in the catalogue ``cxlib/data/messages.zh.po``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cxlib.language import tr, translate

__all__ = ["check"]


def check(name: str, answer: Any, expected: Any, *, tolerance: float = 0.0, hint: str = "") -> None:
    """Print whether ``answer`` matches ``expected`` (nothing is returned, so nothing echoes).

    Parameters
    ----------
    name : str
        What the learner was asked for (the variable name), used in the message.
    answer : object
        The learner's answer; ``...`` (Ellipsis) means "not answered yet".
    expected : object
        The right answer. Numbers compare within ``tolerance``; anything else with ``==``.
    tolerance : float, default 0.0
        Allowed absolute difference for numeric answers (e.g. 0.05 for one decimal place).
    hint : str, optional
        Shown when the answer is wrong.

    Examples
    --------
    >>> check("nps_value", ..., 30.0)
    ○ nps_value: not answered yet (replace the ... and run again).
    >>> check("nps_value", 30.04, 30.0, tolerance=0.05)
    ✓ nps_value: correct.
    >>> check("differs", np.bool_(False), False)
    ✓ differs: correct.
    >>> check("differs", True, False, hint="Does the interval include 0?")
    ✗ differs: not quite. Does the interval include 0?
    """
    if answer is Ellipsis:
        print(tr("○ {name}: not answered yet (replace the ... and run again).", name=name))
    elif _matches(answer, expected, tolerance):
        print(tr("✓ {name}: correct.", name=name))
    else:
        print(tr("✗ {name}: not quite. {hint}", name=name, hint=translate(hint)).rstrip())


def _matches(answer: Any, expected: Any, tolerance: float) -> bool:
    """Numbers (not booleans) compare within tolerance; everything else compares with ==."""
    answer, expected = (v.item() if isinstance(v, np.generic) else v for v in (answer, expected))
    numbers = (int, float)
    if isinstance(expected, bool) or isinstance(answer, bool):
        return type(answer) is type(expected) and answer == expected
    if isinstance(expected, numbers) and isinstance(answer, numbers):
        return math.isclose(answer, expected, rel_tol=0.0, abs_tol=tolerance)
    try:
        return bool(answer == expected)
    except (TypeError, ValueError):
        return False
