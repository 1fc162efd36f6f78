"""Recommendations from validated insights: what to investigate, plan for or
use, with the insight's own statement as the rationale.

Impact is the share of rows the insight rests on, times the strength of
its effect as a share of variance explained (ρ², V², τ², η²; a change in
standard deviations or a tail ratio ``e`` as ``|e| / (1 + |e|)``), times
what acting on that kind of finding is worth: half for a gap between
segments or a pattern over time (something to investigate or plan for), as
much for a relation with the target, a quarter for a concentration, and
little for background facts (0.02 for a relation between two other
columns, 0.01 for a distribution's shape, like a tidy-up). Confidence is one
minus the adjusted q-value (the p-value when there is none, one half when
neither is known).

The columns are read in the order ``analyst_pa.insights`` writes them: the
measure first, then the segment, the other variable or the time; a
temporal insight on the time column alone is about the number of rows per
period, and a concentration on one column about its share of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyst_pa.recommendations._build import build, percent
from analyst_pa.results import Insight, InsightKind, Recommendation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["from_insights", "stake", "strength"]

# Effects that are correlations (squared to a share of variance explained)
# and effects that already are such a share; the rest are unbounded.
# TODO(issue 4): if the insights engine adds its 0–1 strength to Insight,
# use it here instead of mapping the effect.
_SQUARED = frozenset(
    {InsightKind.CORRELATION, InsightKind.ASSOCIATION, InsightKind.TREND}
)
_SHARES = frozenset(
    {
        InsightKind.SEGMENT_DIFFERENCE,
        InsightKind.SEASONALITY,
        InsightKind.CONCENTRATION,
    }
)

# What acting on each kind of finding is worth (see the module docstring).
_STAKES = {
    InsightKind.SEGMENT_DIFFERENCE: 0.5,
    InsightKind.TREND: 0.5,
    InsightKind.SEASONALITY: 0.5,
    InsightKind.CHANGE_POINT: 0.5,
    InsightKind.CONCENTRATION: 0.25,
    InsightKind.CORRELATION: 0.02,
    InsightKind.ASSOCIATION: 0.02,
    InsightKind.DISTRIBUTION: 0.01,
}
TARGET_STAKE = 0.5  # a relation with the target: a predictor to use

_TEMPORAL = frozenset(
    {InsightKind.TREND, InsightKind.SEASONALITY, InsightKind.CHANGE_POINT}
)


@dataclass(frozen=True)
class _Roles:
    """The parts the insight's columns play; ``measure`` is None when the
    insight is about the number of rows."""

    measure: str | None
    other: str  # the segment, the time, or the second variable

    @property
    def subject(self) -> str:
        return self.measure or "the number of rows"


def from_insights(
    insights: Sequence[Insight],
    *,
    n_rows: int | None,
    frame: pd.DataFrame | None = None,
    target: str | None = None,
    time: str | None = None,
) -> list[Recommendation]:
    """Return one recommendation per insight."""
    return [
        _recommend(insight, _roles(insight, frame, target, time), n_rows, target)
        for insight in insights
        if insight.columns
    ]


def strength(insight: Insight) -> float:
    """Return the insight's effect as a share of variance explained (0–1);
    0.25 when it is unknown."""
    effect = insight.effect
    if not isinstance(effect, int | float) or isinstance(effect, bool):
        return 0.25
    size = abs(float(effect))
    if insight.kind in _SQUARED:
        return min(size, 1.0) ** 2
    if insight.kind in _SHARES:
        return min(size, 1.0)
    return size / (1 + size)


def stake(insight: Insight, target: str | None) -> float:
    """Return what acting on ``insight`` is worth, 0–1."""
    relation = insight.kind in (InsightKind.CORRELATION, InsightKind.ASSOCIATION)
    if relation and target in insight.columns:
        return TARGET_STAKE
    return _STAKES[insight.kind]


def _confidence(insight: Insight) -> float:
    for value in (insight.q_value, insight.p_value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return 1.0 - min(max(float(value), 0.0), 1.0)
    return 0.5


def _roles(
    insight: Insight, frame: pd.DataFrame | None, target: str | None, time: str | None
) -> _Roles:
    columns = list(insight.columns)
    clock = _time_column(columns, frame, time)
    if len(columns) == 1:
        temporal = insight.kind in _TEMPORAL and columns[0] == clock
        return _Roles(measure=None if temporal else columns[0], other=columns[0])

    measure = target if target in columns else columns[0]
    if measure == clock and insight.kind in _TEMPORAL:
        measure = next(c for c in columns if c != clock)
    return _Roles(measure=measure, other=next(c for c in columns if c != measure))


def _time_column(
    columns: list[str], frame: pd.DataFrame | None, time: str | None
) -> str | None:
    if time in columns:
        return time
    if frame is not None:
        import pandas as pd

        for column in columns:
            if column in frame.columns and pd.api.types.is_datetime64_any_dtype(
                frame[column]
            ):
                return column
    return columns[-1]


def _direction(insight: Insight) -> str:
    effect = insight.effect
    if isinstance(effect, int | float) and not isinstance(effect, bool) and effect:
        return "rising" if effect > 0 else "falling"
    return "changing"


def _segment(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Investigate why {r.subject} differs across {r.other}",
        f"1. Compare {r.subject} by {r.other}: "
        f"df.groupby({r.other!r})[{r.measure!r}].describe()\n"
        "2. Check that the gap holds within other segments (another category, "
        "each month) before acting on it.\n"
        f"3. Take the largest differences to the owners of those {r.other} values.",
    )


def _over_time(r: _Roles) -> str:
    if r.measure is None:
        return f"df.set_index({r.other!r}).resample('MS').size().plot()"
    return f"df.set_index({r.other!r})[{r.measure!r}].resample('MS').mean().plot()"


def _trend(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Plan for the {_direction(insight)} trend in {r.subject}",
        f"1. Plot {r.subject} over {r.other}: {_over_time(r)}\n"
        "2. Carry the trend into the next periods' plans, and check it again "
        "on the next batch.",
    )


def _seasonality(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Plan around the seasonal pattern of {r.subject}",
        f"1. Look at {r.subject} by the hour, weekday or month of {r.other}, "
        "as the insight says.\n"
        "2. Set capacity and targets by season rather than on the average.",
    )


def _change(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Find what changed in {r.subject}",
        f"1. Plot {r.subject} over {r.other} and mark the change: {_over_time(r)}\n"
        "2. Match its date with events (a new process, system or definition) "
        "and analyse the periods apart.",
    )


def _correlation(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Use {r.other} to explain {r.subject}",
        f"1. Plot them: df.plot.scatter(x={r.other!r}, y={r.measure!r})\n"
        f"2. Include {r.other} when modelling {r.subject}; a correlation is not a "
        "cause, so test it before acting on it.",
    )


def _association(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Use the link between {r.other} and {r.subject}",
        f"1. Cross-tabulate them: pd.crosstab(df[{r.other!r}], "
        f"df[{r.measure!r}], normalize='index')\n"
        "2. Use one to anticipate the other, and test why they go together.",
    )


def _concentration(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Focus on the few {r.other} values that hold most of the rows",
        f"1. Rank them: df[{r.other!r}].value_counts(normalize=True).head(10)\n"
        "2. Put attention (and risk checks) on the top ones first.",
    )


def _distribution(insight: Insight, r: _Roles) -> tuple[str, str]:
    return (
        f"Account for the shape of {r.subject} in summaries and models",
        f"1. Report medians and quantiles of {r.subject}, not only its mean.\n"
        "2. For models, transform it or use a robust loss; for two groups of "
        "values, look for what sets them apart.",
    )


_PLAYS: dict[InsightKind, tuple[Callable[[Insight, _Roles], tuple[str, str]], int]]
_PLAYS = {  # what to write, and its effort
    InsightKind.SEGMENT_DIFFERENCE: (_segment, 2),
    InsightKind.TREND: (_trend, 2),
    InsightKind.SEASONALITY: (_seasonality, 2),
    InsightKind.CHANGE_POINT: (_change, 2),
    InsightKind.CORRELATION: (_correlation, 1),
    InsightKind.ASSOCIATION: (_association, 1),
    InsightKind.CONCENTRATION: (_concentration, 1),
    InsightKind.DISTRIBUTION: (_distribution, 1),
}


def _recommend(
    insight: Insight, roles: _Roles, n_rows: int | None, target: str | None
) -> Recommendation:
    write, effort = _PLAYS[insight.kind]
    title, steps = write(insight, roles)
    share = min(insight.support / n_rows, 1.0) if n_rows else 1.0
    effect = strength(insight)

    return build(
        id=f"rec:{insight.id}",
        kind=insight.kind.value,
        title=title,
        rationale=insight.statement,
        action=steps,
        action_kind="steps",
        impact=share * effect * stake(insight, target),
        impact_statement=(
            f"{insight.support:,} rows ({percent(share)}); effect strength "
            f"{effect:.2f} on a 0–1 scale"
        ),
        confidence=_confidence(insight),
        effort=effort,
        rows=insight.support,
        columns=list(insight.columns),
        based_on=[insight.id],
    )
