"""Pictures of a colour quiz's retest: how many keep their colour, and how that depends on the
lead of the top colour. Computing is :mod:`cxlib.typology`; book ``book/personality_types.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cxlib import _validate
from cxlib.plots._lazy import Module
from cxlib.plots.theme import CATEGORY_COLOURS, ESTIMATE_COLOUR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

plt = Module("matplotlib.pyplot")

__all__ = ["retest"]


def retest(people: pd.DataFrame, title: str | None = None, max_lead: int = 5) -> Figure:
    """Share of people with the same colour on retest, overall and by the first attempt's lead.

    ``people`` has the columns of :func:`cxlib.typology.simulate_retest`: ``first``, ``second``
    and ``lead`` (top count minus second count on the first attempt).

    Examples
    --------
    >>> from cxlib import typology
    >>> figure = retest(typology.simulate_retest(500, 12, seed=1))
    >>> len(figure.axes)
    2
    """
    _validate.columns(people, ["first", "second", "lead"], what="people")
    same = people["first"] == people["second"]
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(10, 3.8), layout="constrained", gridspec_kw={"width_ratios": [1, 1.3]}
    )
    # Horizontal bars: the two labels stay readable when the figure is drawn small (a slide).
    left.barh(
        ["different colour", "same colour"],
        [(~same).mean() * 100, same.mean() * 100],
        color=[CATEGORY_COLOURS["detractor"], CATEGORY_COLOURS["promoter"]],
    )
    left.set_xlabel("% of people")
    left.set_xlim(0, 100)
    left.set_title("Retest of the same people", fontsize=10)
    leads = people["lead"].clip(upper=max_lead)
    by_lead = same.groupby(leads).mean() * 100
    share = leads.value_counts(normalize=True).sort_index() * 100
    right.bar(
        share.index,
        share.to_numpy(),
        color=CATEGORY_COLOURS["passive"],
        alpha=0.5,
        label="% of people",
    )
    right.plot(
        by_lead.index,
        by_lead.to_numpy(),
        marker="o",
        color=ESTIMATE_COLOUR,
        label="% same colour on retest",
    )
    right.set_xlabel(f"lead of top colour over second\n(answers; {max_lead} = {max_lead} or more)")
    right.set_ylabel("%")
    right.set_ylim(0, 100)
    right.set_xticks(range(max_lead + 1))
    right.legend(fontsize=8, loc="upper left")
    right.set_title("Close scores flip", fontsize=10)
    if title:
        figure.suptitle(title, fontsize=11)
    return figure
