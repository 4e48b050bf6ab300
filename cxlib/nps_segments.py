"""NPS per segment (one row per group), from answers or from counts made elsewhere.

Part of :mod:`cxlib.nps` (import the names from there). Book chapter ``book/nps.md``, sections
"NPS by segment" and "Many comparisons". Every group is counted in one vectorised pass and gets
the formulas of :func:`cxlib.nps.score` (Reichheld 2003; Rocks 2016 for the adjusted Wald
interval; Kish 1965 for weights).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from cxlib import _validate
from cxlib._stats import critical_z, differences
from cxlib.language import N_
from cxlib.nps_intervals import METHODS, centre_and_se, check_method, statistics
from cxlib.nps_score import codes

__all__ = ["by", "by_counts"]


@dataclass(frozen=True)
class GroupCounts:
    """Category counts per group, with what the rest of the sample and weights need."""

    table: pd.DataFrame  # group labels, one row per group (observed or not)
    counts: np.ndarray  # (groups, 3): detractors, passives, promoters (weighted sums)
    n: np.ndarray  # answers per group
    sum_w: np.ndarray | None  # sum of weights per group (None when unweighted)
    sum_w2: np.ndarray | None  # sum of squared weights per group
    dropped: int

    def effective_n(self, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Kish's effective n of the chosen groups (n when unweighted)."""
        if self.sum_w is None:
            return self.n[rows].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):  # zero-weight group: NaN
            return self.sum_w[rows] ** 2 / self.sum_w2[rows]

    def rest_effective_n(self) -> np.ndarray:
        """Kish's effective n of everyone outside each group."""
        if self.sum_w is None:
            return (self.n.sum() - self.n).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (self.sum_w.sum() - self.sum_w) ** 2 / (self.sum_w2.sum() - self.sum_w2)


def _segments(df: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer segment code of every row (-1 where a label is missing) and the label table.

    Categorical columns use their codes (category order); other columns are factorised in sorted
    order. Several keys are combined into one code per observed combination. This is much faster
    than ``DataFrame.groupby(...).ngroup()`` on millions of rows.
    """
    group_codes, labels = [], []
    for key in keys:
        column = df[key]
        if isinstance(column.dtype, pd.CategoricalDtype):
            group_codes.append(column.cat.codes.to_numpy().astype(np.int64))
            levels = np.arange(len(column.cat.categories))
            labels.append(pd.Categorical.from_codes(levels, dtype=column.dtype))
        else:
            key_codes, uniques = pd.factorize(column, sort=True)
            group_codes.append(key_codes.astype(np.int64, copy=False))
            labels.append(uniques)
    if len(keys) == 1:
        return group_codes[0], pd.DataFrame({keys[0]: labels[0]})
    labelled = np.logical_and.reduce([c >= 0 for c in group_codes])
    # Combine one key at a time, renumbering the observed combinations after each step (in
    # sorted order, so the result is ordered by the keys): the code never exceeds rows x levels,
    # where one number for every possible combination could overflow (5 keys of 100,000).
    combined = group_codes[0][labelled]
    for key_codes, level in zip(group_codes[1:], labels[1:], strict=True):
        combined = pd.factorize(combined, sort=True)[0].astype(np.int64)
        combined = combined * len(level) + key_codes[labelled]
    group = np.full(len(df), -1, dtype=np.int64)
    group[labelled] = pd.factorize(combined, sort=True)[0]
    first = np.flatnonzero(labelled)[
        np.unique(group[labelled], return_index=True)[1]
    ]  # the first row of each combination, in code order
    table = pd.DataFrame({key: labels[i][group_codes[i][first]] for i, key in enumerate(keys)})
    return group, table


def group_counts(
    df: pd.DataFrame, score: Any, keys: Any, weights: Any, dropna: bool
) -> GroupCounts:
    """Validate the columns and count each group's detractors, passives and promoters."""
    keys = _validate.keys(keys)
    _validate.columns(df, [score, *keys] + ([weights] if weights is not None else []))
    group, table = _segments(df, keys)
    unlabelled = group < 0
    if unlabelled.any() and not dropna:
        raise ValueError(
            f"{', '.join(keys)}: {int(unlabelled.sum())} of {len(df)} rows have no segment label "
            f"(rows {', '.join(map(str, df.index[unlabelled][:5]))}); pass dropna=True to leave "
            "them out or fill them first, e.g. df[col].fillna('unknown')"
        )
    clean = _validate.answers(
        df[score],
        name=str(score),
        weights=None if weights is None else df[weights],
        low=0,
        high=10,
        dropna=dropna,
    )
    if clean.kept is not None:
        group = group[clean.kept]
    values, w = clean.values, clean.weights
    if unlabelled.any():
        labelled = group >= 0
        values, group = values[labelled], group[labelled]
        w = None if w is None else w[labelled]
    groups = len(table)
    cell = group * 3 + codes(values)
    counts = np.bincount(cell, weights=w, minlength=3 * groups).reshape(groups, 3)
    n = np.bincount(group, minlength=groups).astype(np.int64)
    sum_w = None if w is None else np.bincount(group, weights=w, minlength=groups)
    sum_w2 = None if w is None else np.bincount(group, weights=w * w, minlength=groups)
    if sum_w is not None and ((n > 0) & (sum_w == 0)).any():
        empty = np.flatnonzero((n > 0) & (sum_w == 0))
        names = table.iloc[empty[:5]].astype(str).agg(" / ".join, axis=1).tolist()
        raise ValueError(
            f"weights are all zero in {len(empty)} segment(s) of {', '.join(keys)}: "
            f"{', '.join(map(repr, names))}{', ...' if len(empty) > 5 else ''} "
            f"({int(n[empty].sum())} rows); a segment with no weight has no NPS: give its answers "
            "weight or leave its rows out"
        )
    dropped = clean.dropped + int(unlabelled.sum())
    return GroupCounts(table, counts.astype(float), n, sum_w, sum_w2, dropped)


def _group_table(
    table: pd.DataFrame,
    counts: np.ndarray,
    n: np.ndarray,
    n_eff: np.ndarray,
    z: float,
    method: str,
) -> pd.DataFrame:
    """Add n, the statistics of each group's counts and effective n to a table of labels."""
    with np.errstate(invalid="ignore", divide="ignore"):  # a group of zero weight gives NaN
        stats = statistics(counts, n_eff, z, method)
    table["n"] = n
    for key, value in stats.items():
        table[key] = value
    table["effective_n"] = n_eff
    return table


#: What the table says about a comparison with nothing to test.
NO_VARIATION_NOTE = N_("every answer in one category: nothing to test (p = 1)")
#: ... and one with no answers on one side.
NO_ANSWERS_NOTE = N_("no answers to compare with")


def exact_p_values(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact p-values of many NPS comparisons (rows of two count tables) and their notes.

    :func:`cxlib._exact.nps` for each row; a comparison where every answer of both samples is
    in one category has p = 1 and the note :data:`NO_VARIATION_NOTE`; a row with no answers on
    one side has p NaN and a note saying so.
    """
    from cxlib import _exact

    p = np.full(len(first), np.nan)
    notes = np.full(len(first), "", dtype=object)
    for row in range(len(first)):
        a, b = first[row], second[row]
        if a.sum() == 0 or b.sum() == 0:
            notes[row] = NO_ANSWERS_NOTE
            continue
        p[row] = _exact.nps(a, b)
        if np.count_nonzero(a + b) == 1:
            notes[row] = NO_VARIATION_NOTE
    return p, notes


def _versus_rest(
    found: GroupCounts, table: pd.DataFrame, confidence: float, method: str, adjust: str | None
) -> None:
    """Add each group's difference from everyone else (its own answers left out).

    Unweighted, the p-value is the exact conditional test of :mod:`cxlib._exact` (the normal
    z-test's p-values were too small in the tail, where Holm and BH look); with weights it is the
    normal one of ``z``.
    """
    rest = found.counts.sum(axis=0) - found.counts
    rest_n_eff = found.rest_effective_n()
    exact, notes = (None, None) if found.sum_w is not None else exact_p_values(found.counts, rest)
    with np.errstate(invalid="ignore", divide="ignore"):  # a lone group has no rest: NaN
        shares = rest / rest.sum(axis=1, keepdims=True)
        rest_nps = 100 * (shares[:, 2] - shares[:, 0])
        rest_centre, rest_se = centre_and_se(shares[:, 2], shares[:, 0], rest_n_eff, method)
        centre, se = centre_and_se(
            table["promoter_share"].to_numpy(),
            table["detractor_share"].to_numpy(),
            table["effective_n"].to_numpy(),
            method,
        )
        columns = differences(
            table["nps"].to_numpy() - rest_nps,
            centre - rest_centre,
            np.sqrt(se**2 + rest_se**2),
            confidence,
            adjust,
            bounds=(-200, 200),
            p_value=exact,
        )
    table["rest_nps"] = rest_nps
    for key, value in columns.items():
        name = key if key in ("difference", "z", "p_value", "p_adjusted") else f"difference_{key}"
        table[name] = value
    table["note"] = "" if notes is None else notes
    table.attrs["test"] = "normal (weighted)" if exact is None else "exact"


def by(
    df: pd.DataFrame,
    score: str,
    by: str | list[str],
    weights: str | None = None,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
    *,
    dropna: bool = False,
    sort: Literal["nps", "n", "group"] = "nps",
    versus: Literal["rest"] | None = None,
    adjust: Literal["holm", "bh"] | None = None,
) -> pd.DataFrame:
    """NPS per segment: one row per group with the fields of :class:`NPSResult`.

    Counts every group in one vectorised pass (no loop over groups or answers) and applies
    the formulas of :func:`score`. With ``versus="rest"`` each group is also compared with
    everyone else in the sample: not with the overall score, which contains the group itself
    (a large group would be compared partly with itself). The difference's SE is
    ``sqrt(se_group**2 + se_rest**2)`` (independent parts), its interval is centred on the
    difference of the two (adjusted) centres and ``z`` tests that same centre.

    Parameters
    ----------
    df : pandas.DataFrame
        The survey, one row per answer.
    score : str
        Column of 0-10 answers.
    by : str or list of str
        Column(s) defining the segments.
    weights : str, optional
        Column of survey weights.
    confidence : float, default 0.95
        Confidence level of ``ci_low`` / ``ci_high`` (and of the unadjusted difference interval).
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval, as in :func:`score` (the adjusted Wald interval holds at small n).
    dropna : bool, default False
        Leave out rows with a missing answer, weight or segment label instead of raising.
    sort : {"nps", "n", "group"}, default "nps"
        Order of the rows: highest NPS first, largest group first, or by the group labels.
    versus : {"rest"}, optional
        Add ``rest_nps, difference, difference_se, difference_ci_low, difference_ci_high, z,
        p_value, note``: each group against the rest of the sample. Without weights the p-value
        is the exact conditional test of the score sum (:mod:`cxlib._exact`), which keeps Holm
        and BH at their level with 20 segments of 30 answers; with weights it is the normal
        p-value of ``z``. A comparison with nothing to test (every answer a promoter, say) gets
        p = 1 and a ``note``, and counts in the family.
    adjust : {"holm", "bh"}, optional
        With ``versus``: add ``p_adjusted`` (Holm 1979 or Benjamini-Hochberg 1995) and
        ``difference_ci_low_adjusted`` / ``difference_ci_high_adjusted`` (Bonferroni or
        Benjamini-Yekutieli levels, :func:`cxlib._stats.adjusted_confidence`). Unadjusted, ten
        segments with no real differences show at least one "significant" gap about 40% of the time
        (1 - 0.95**10); Holm keeps that chance at 5%.

    Returns
    -------
    pandas.DataFrame
        The group column(s), then ``n, promoters, passives, detractors, promoter_share,
        passive_share, detractor_share, nps, se, ci_low, ci_high, effective_n`` and the
        columns of ``versus`` / ``adjust``. ``attrs`` holds ``confidence``, ``method`` and
        ``dropped`` (with ``versus``, also ``test``: "exact" or "normal (weighted)").

    Raises
    ------
    TypeError, ValueError
        Missing columns, bad answers as in :func:`score`, missing segment labels without
        ``dropna``, an unknown ``sort``, ``method``, ``versus`` or ``adjust``, ``adjust``
        without ``versus``.

    References
    ----------
    Reichheld (2003), Harvard Business Review; Rocks (2016), The American Statistician 70(4);
    Kish (1965), Survey Sampling; Holm (1979), Scand. J. Statistics 6(2); Benjamini & Hochberg
    (1995), JRSS B 57(1).

    See Also
    --------
    pairwise : every pair of segments. Book chapter ``book/nps.md``, sections "NPS by segment"
    and "Many comparisons".

    Examples
    --------
    >>> survey = pd.DataFrame({"city": ["A", "A", "B", "B"], "score": [10, 9, 3, 9]})
    >>> by(survey, "score", "city")[["city", "n", "nps"]]
      city  n    nps
    0    A  2  100.0
    1    B  2    0.0
    >>> by(survey, "score", "city", versus="rest")[["city", "rest_nps", "difference"]]
      city  rest_nps  difference
    0    A       0.0       100.0
    1    B     100.0      -100.0
    """
    keys = _validate.keys(by)
    if sort not in ("nps", "n", "group"):
        raise ValueError(f"sort must be 'nps', 'n' or 'group', got {sort!r}")
    check_method(method, METHODS[:2])
    if versus not in (None, "rest"):
        raise ValueError(f"versus must be None or 'rest', got {versus!r}")
    if adjust is not None and versus is None:
        raise ValueError("adjust needs comparisons: pass versus='rest' (or use nps.pairwise)")
    z = critical_z(confidence)
    found = group_counts(df, score, keys, weights, dropna)
    table = _group_table(found.table, found.counts, found.n, found.effective_n(), z, method)
    if versus == "rest":
        _versus_rest(found, table, confidence, method, adjust)
    table = table[table["n"] > 0]  # unobserved categories, groups whose rows were all dropped
    if sort == "nps":
        table = table.sort_values("nps", ascending=False, kind="stable")
    elif sort == "n":
        table = table.sort_values("n", ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    table.attrs.update(dropped=found.dropped, confidence=confidence, method=method)
    return table


def by_counts(
    counts: pd.DataFrame,
    by: str | list[str] | None = None,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
) -> pd.DataFrame:
    """The :func:`by` table from counts made elsewhere (SQL, Spark): one row per group.

    Parameters
    ----------
    counts : pandas.DataFrame
        The group column(s) and ``promoters``, ``passives``, ``detractors`` counts (weighted
        sums allowed: ``n`` is then their total, not rounded, and a group is kept whenever its
        total is above 0).
    by : str or list of str, optional
        The group column(s); none for a single overall row.
    confidence : float, default 0.95
        Confidence level of ``ci_low`` / ``ci_high``.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        The interval, as in :func:`score`.

    Returns
    -------
    pandas.DataFrame
        The group column(s), then the columns of :func:`by` (in group order).

    Raises
    ------
    TypeError, ValueError
        Missing columns; counts that are not numbers, negative or missing; an unknown method.

    Examples
    --------
    >>> counts = pd.DataFrame({"city": ["A", "B"], "promoters": [50, 40],
    ...                        "passives": [30, 30], "detractors": [20, 30]})
    >>> by_counts(counts, "city")[["city", "n", "nps"]]
      city    n   nps
    0    A  100  30.0
    1    B  100  10.0
    """
    check_method(method, METHODS[:2])
    keys = [] if by is None else _validate.keys(by)
    names = ["detractors", "passives", "promoters"]
    _validate.columns(counts, [*keys, *names], what="counts")
    matrix = np.column_stack(
        [
            _validate.answers(counts[name], low=0, high=np.inf, integer=False).values
            for name in names
        ]
    ).astype(float)
    n = matrix.sum(axis=1)
    whole = bool((matrix == np.round(matrix)).all())
    table = _group_table(
        counts[keys].reset_index(drop=True),
        matrix,
        n.round().astype(np.int64) if whole else n,  # weighted sums stay as they are
        n,
        critical_z(confidence),
        method,
    )
    table = table[n > 0].reset_index(drop=True)
    table.attrs.update(confidence=confidence, method=method)
    return table
