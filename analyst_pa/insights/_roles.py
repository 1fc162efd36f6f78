"""Which columns play which part: the time, the measures, the segments.

Read from the profile's semantic types and the quality issues, never from
the data again: a column the profile calls an identifier, constant, empty or
mostly missing, one with an error-level quality issue, or a code or clock
time written as a number, is left out, and the reason is kept so the
analyst can see why a column was not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from analyst_pa.results import (
    ColumnProfile,
    Issue,
    IssueKind,
    SemanticType,
    Severity,
    TableProfile,
)

__all__ = ["MAX_MISSING_SHARE", "MAX_SEGMENT_LEVELS", "Roles", "pick_roles"]

# A column missing in more than this share of rows says more about the
# collection than about the world; findings on it would rest on a minority.
MAX_MISSING_SHARE = 0.5

# A segment must have at least 2 levels to compare, and at most this many so
# that each level holds enough rows and a chart of them stays readable.
MAX_SEGMENT_LEVELS = 50

_MEASURE_TYPES = {SemanticType.INTEGER, SemanticType.FLOAT, SemanticType.DECIMAL}
_SEGMENT_TYPES = {SemanticType.CATEGORICAL, SemanticType.BOOLEAN}
_TIME_TYPES = {SemanticType.DATETIME, SemanticType.DATE, SemanticType.PERIOD}


@dataclass(frozen=True)
class Roles:
    """The columns chosen for each part, and why the others were left out."""

    time: str | None
    measures: list[str]
    segments: list[str]
    left_out: dict[str, str] = field(default_factory=dict)
    target: str | None = None
    no_time: str | None = None


def pick_roles(
    table: TableProfile,
    issues: Sequence[Issue],
    *,
    target: str | None = None,
    time: str | None = None,
) -> Roles:
    """Return the time column, the measures and the segments of ``table``.

    ``time`` names the time column; otherwise the first date or time column
    with at least two values is taken.
    """
    errors = _error_kinds(issues)
    left_out: dict[str, str] = {}
    usable: list[ColumnProfile] = []
    for column in table.columns:
        reason = _unusable(column, errors.get(column.name))
        if reason:
            left_out[column.name] = reason
        else:
            usable.append(column)

    chosen_time = _pick_time(usable, time, left_out)
    measures = [
        c.name
        for c in usable
        if c.semantic_type in _MEASURE_TYPES and c.name != chosen_time
    ]
    segments = [c.name for c in usable if _is_segment(c, left_out)]
    _leave_out_the_rest(usable, {chosen_time, *measures, *segments}, left_out)

    no_time = None if chosen_time else _why_no_time(table, time, left_out)
    return Roles(chosen_time, measures, segments, left_out, target, no_time)


# Issues that keep a column out whatever their severity: a zip code's mean
# is not a finding, nor is the "trend" of a clock time written as HHMM
# (2359 is followed by 1).
_NOT_MEASURES = {
    IssueKind.CODE_AS_NUMBER: "a code written as a number (code_as_number)",
    IssueKind.TIME_AS_NUMBER: (
        "a clock time written as HHMM (time_as_number): as a number it is not "
        "on a scale"
    ),
}


def _error_kinds(issues: Sequence[Issue]) -> dict[str, str]:
    # Error-level issues, and the kinds above, keep a column out.
    kinds: dict[str, str] = {}
    for issue in issues:
        if issue.severity == Severity.ERROR or issue.kind in _NOT_MEASURES:
            for name in issue.columns:
                kinds.setdefault(name, issue.kind.value)
    return kinds


def _unusable(column: ColumnProfile, error_kind: str | None) -> str | None:
    kind = column.semantic_type
    if kind == SemanticType.EMPTY or column.count == 0:
        return "empty"
    if kind == SemanticType.IDENTIFIER:
        return "an identifier: its values label rows rather than measure them"
    if column.distinct <= 1:
        return "constant: one value in every row"
    if column.missing_share > MAX_MISSING_SHARE:
        return f"mostly missing ({column.missing_share:.0%} of rows)"
    if error_kind in _NOT_MEASURES:
        return _NOT_MEASURES[IssueKind(error_kind)]
    if error_kind is not None:
        return f"has a serious quality issue ({error_kind}); fix it first"
    return None


def _pick_time(
    usable: list[ColumnProfile], named: str | None, left_out: dict[str, str]
) -> str | None:
    if named is not None:
        if named in left_out:
            return None
        return named
    for column in usable:
        if column.semantic_type in _TIME_TYPES:
            return column.name
    return None


def _why_no_time(
    table: TableProfile, named: str | None, left_out: dict[str, str]
) -> str:
    candidates = (
        [named]
        if named
        else [c.name for c in table.columns if c.semantic_type in _TIME_TYPES]
    )
    for name in candidates:
        if name in left_out:
            return f"the time column {name} is {left_out[name]}"
    return "no date or time column"


def _is_segment(column: ColumnProfile, left_out: dict[str, str]) -> bool:
    if column.semantic_type not in _SEGMENT_TYPES:
        return False
    if column.distinct > MAX_SEGMENT_LEVELS:
        left_out[column.name] = (
            f"{column.distinct} categories; segments have 2 to {MAX_SEGMENT_LEVELS}"
        )
        return False
    return True


def _leave_out_the_rest(
    usable: list[ColumnProfile], used: set[str | None], left_out: dict[str, str]
) -> None:
    for column in usable:
        if column.name not in used and column.name not in left_out:
            left_out[column.name] = (
                f"{column.semantic_type.value} values are neither measures, "
                "segments nor the time"
            )
