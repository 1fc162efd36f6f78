"""``find_insights``: every generator, then validation, on one frame."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from analyst_pa.errors import InputError
from analyst_pa.insights._changes import find_change_points
from analyst_pa.insights._concentration import find_concentration
from analyst_pa.insights._data import Data, prepare
from analyst_pa.insights._findings import Finding
from analyst_pa.insights._relations import find_associations, find_correlations
from analyst_pa.insights._roles import Roles, pick_roles
from analyst_pa.insights._seasonality import find_seasonality
from analyst_pa.insights._segments import find_segment_differences
from analyst_pa.insights._shape import find_distribution_shapes
from analyst_pa.insights._trends import find_trends, time_measures
from analyst_pa.insights._validation import ALPHA, MIN_SUPPORT, validate
from analyst_pa.results import Insight, InsightKind, Issue, IssueKind, TableProfile

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["InsightResult", "find_insights"]


@dataclass(frozen=True)
class InsightResult:
    """The validated insights and an account of what was tried.

    Attributes
    ----------
    insights : list of Insight
        The findings that passed validation: insights about the target
        first, then the strongest first.
    n_tested : int
        How many hypotheses were tested; the Benjamini–Hochberg adjustment
        ran over all of them.
    alpha : float
        The level the adjusted p-values (``q_value``) are held to.
    sample_size : int or None
        The rows the rank and shape tests ran on, when they are a seeded
        sample of the data; None when every row was used.
    skipped : dict of str to str
        Parts of the search that did not run, or columns left out of one
        part, and why ("trends": "no date or time column").
    left_out : dict of str to str
        Columns not used at all, and why ("an identifier: ...").
    """

    insights: list[Insight]
    n_tested: int = 0
    alpha: float = ALPHA
    sample_size: int | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str | None:
        """Why no insight could be sought at all, or None when the search ran."""
        return self.skipped.get("insights")


def find_insights(
    frame: pd.DataFrame,
    table: TableProfile,
    issues: Sequence[Issue],
    *,
    target: str | None = None,
    time: str | None = None,
    seed: int = 0,
) -> InsightResult:
    """Return the statistically validated insights of ``frame``.

    Trends, seasonality and change points over the time column; correlations
    of measures, associations of segments, segment differences; the
    concentration of segments and the shape of measures. Each is tested,
    the p-values adjusted for the number of tests (Benjamini–Hochberg), and
    only those with enough rows, a q-value of at most
    :data:`~analyst_pa.insights.ALPHA` and an effect above its floor are
    returned.

    Parameters
    ----------
    frame : DataFrame
        The data, as profiled.
    table : TableProfile
        Its profile (:func:`analyst_pa.profile_table`); it decides which
        columns are measures, segments and the time.
    issues : sequence of Issue
        Its quality issues: columns with an error-level issue, codes and
        clock times written as numbers are left out, and a correlation a
        ``highly_correlated`` issue reports is not repeated as an insight.
    target : str, optional
        The column the analyst cares about: insights about it come first.
    time : str, optional
        The time column; by default the first date or time column.
    seed : int, default 0
        Seeds the sample the rank tests run on, and the permutations.

    Returns
    -------
    InsightResult
        The insights and what was tried, skipped and left out.

    Raises
    ------
    InputError
        When ``target`` or ``time`` is not a column of ``table``.
    """
    _check_named(table, target=target, time=time)
    if table.n_rows < MIN_SUPPORT:
        rows = {0: "no rows", 1: "one row"}.get(table.n_rows, f"{table.n_rows} rows")
        reason = f"the data has {rows}; an insight needs at least {MIN_SUPPORT}"
        return InsightResult(insights=[], skipped={"insights": reason})

    roles = pick_roles(table, issues, target=target, time=time)
    data = prepare(frame, table, issues, roles, seed)
    _warn_about_named(roles, data, target=target, time=time)
    skipped: dict[str, str] = {}

    # Values near the float limits overflow in sums of squares; such a test
    # has no answer, and is dropped rather than warned about row by row.
    with np.errstate(all="ignore"):
        findings = [f for f in _search(data, table, roles, skipped) if _answered(f)]

    return InsightResult(
        insights=_not_restated(
            validate(findings, target=target), issues, skipped, target=target
        ),
        n_tested=sum(f.p_value is not None for f in findings),
        sample_size=int(data.sample.size) if data.sampled else None,
        skipped=skipped,
        left_out=roles.left_out,
    )


def _warn_about_named(roles: Roles, data: Data, **named: str | None) -> None:
    # The analyst asked for these columns by name: say why one cannot be used
    # rather than silently finding nothing about it.
    for role, name in named.items():
        if name is not None and name in roles.left_out:
            why = roles.left_out[name]
            warnings.warn(
                f"the {role} column {name!r} is {why}; no insight is about it",
                stacklevel=3,
            )
    time = named.get("time")
    if time is not None and roles.time == time and data.time is None:
        warnings.warn(
            f"the time column {time!r} does not hold dates or times; "
            "trends, seasonality and change points are skipped",
            stacklevel=3,
        )


def _not_restated(
    insights: list[Insight],
    issues: Sequence[Issue],
    skipped: dict[str, str],
    *,
    target: str | None,
) -> list[Insight]:
    """Return the insights, without the correlations of two columns that a
    ``highly_correlated`` quality issue already reports as near-copies.

    One about the target stays: it names the target's best predictor.
    """
    copies = {
        frozenset(issue.columns)
        for issue in issues
        if issue.kind == IssueKind.HIGHLY_CORRELATED
    }
    kept = []
    for insight in insights:
        pair = frozenset(insight.columns)
        restated = pair in copies and target not in pair
        if insight.kind == InsightKind.CORRELATION and restated:
            a, b = sorted(insight.columns)
            skipped[f"correlation of {a} and {b}"] = (
                "reported as a highly_correlated quality issue"
            )
        else:
            kept.append(insight)
    return kept


def _answered(finding: Finding) -> bool:
    numbers = [finding.effect, finding.strength]
    if finding.p_value is not None:
        numbers.append(finding.p_value)
    return bool(np.all(np.isfinite(numbers)))


def _check_named(table: TableProfile, **named: str | None) -> None:
    known = [c.name for c in table.columns]
    for role, name in named.items():
        if name is not None and name not in known:
            raise InputError(
                f"{role} column {name!r} is not in the data; "
                f"the columns are: {', '.join(known)}"
            )


def _search(
    data: Data, table: TableProfile, roles: Roles, skipped: dict[str, str]
) -> list[Finding]:
    preferred = _by_preference(table, roles.measures, roles.target)
    later_first = [c.name for c in reversed(table.columns)]
    findings, measures = find_correlations(
        data, preferred, skipped, target=roles.target, order=later_first
    )
    findings += find_associations(data, roles.segments)
    findings += find_segment_differences(data, roles.segments, measures)
    findings += find_concentration(data, roles.segments)
    findings += find_distribution_shapes(data, measures)

    time = data.time
    if time is None:
        reason = roles.no_time or f"{roles.time} does not hold dates or times"
        skipped.update(trends=reason, seasonality=reason, **{"change points": reason})
        return findings
    over_time = time_measures(data, time, measures, skipped)
    findings += find_trends(data, time, over_time, skipped)
    findings += find_seasonality(data, time, over_time, skipped)
    findings += find_change_points(data, time, over_time, skipped)
    return findings


def _by_preference(
    table: TableProfile, measures: list[str], target: str | None
) -> list[str]:
    # Of near-copies the first is kept: the target, then the most complete,
    # then the simplest (fewest distinct values: an hour rather than a time
    # of day), then the first in the table.
    profiles = {c.name: c for c in table.columns}
    return sorted(
        measures,
        key=lambda n: (
            n != target,
            profiles[n].missing,
            profiles[n].distinct,
            profiles[n].position,
        ),
    )
