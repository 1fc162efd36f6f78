"""Drift: how this run's profile differs from the last run of the same source.

The profile keeps summaries, not rows, so every comparison works on them:

- **schema** — a column added, removed, or whose semantic type changed;
- **missing values** — the missing share of a column moved by more than
  ``missing_jump`` (5 percentage points by default);
- **distribution shift** — the population stability index (PSI) between
  the two distributions is above ``psi_threshold`` (0.2 by default, the
  usual "significant shift"; 0.1–0.2 is "moderate" and not reported).

PSI is ``Σ (a − e) · ln(a / e)`` over bins, ``e`` the previous share and
``a`` the current share of each bin, both floored at 0.0001. Numeric and
datetime columns are binned at the *previous* run's quantiles (min, 5 %,
25 %, 50 %, 75 %, 95 %, max), so the expected shares are exact; the current
shares are read off the current run's quantiles by linear interpolation of
its distribution function. This is an approximation from seven points per
side: it finds a shifted location or spread, not a change inside one bin.
Categorical, boolean and text columns, and any column whose most frequent
values cover 95 % of it in both runs, are binned by the previous run's most
frequent values plus one bin for all other values.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import datetime

from analyst_pa.monitoring._findings import Finding, FindingKind
from analyst_pa.results import ColumnProfile, SemanticType, Severity, TableProfile

__all__ = ["MISSING_JUMP", "PSI_THRESHOLD", "column_psi", "compare_profiles", "psi"]

PSI_THRESHOLD = 0.2
MISSING_JUMP = 0.05
ROW_CHANGE = 0.5  # a row count that halves or grows by half is reported
COVERED = 0.95  # top values this complete are compared value by value

_FLOOR = 1e-4
_QUANTILE_TYPES = {
    SemanticType.INTEGER,
    SemanticType.FLOAT,
    SemanticType.DECIMAL,
    SemanticType.DATETIME,
    SemanticType.DATE,
}
_CATEGORY_TYPES = {
    SemanticType.CATEGORICAL,
    SemanticType.BOOLEAN,
    SemanticType.TEXT,
}


def psi(expected: Sequence[float], actual: Sequence[float]) -> float:
    """Return the population stability index of two binned distributions.

    Parameters
    ----------
    expected, actual : sequence of float
        The share of each bin before and now; each sums to about 1.

    Returns
    -------
    float
        0 for identical distributions; above 0.2 is a significant shift.
    """
    total = 0.0
    for e, a in zip(expected, actual, strict=True):
        e, a = max(e, _FLOOR), max(a, _FLOOR)
        total += (a - e) * math.log(a / e)
    return total


def compare_profiles(
    previous: TableProfile,
    current: TableProfile,
    *,
    psi_threshold: float = PSI_THRESHOLD,
    missing_jump: float = MISSING_JUMP,
) -> list[Finding]:
    """Return the schema, missing-value and distribution changes.

    Parameters
    ----------
    previous, current : TableProfile
        The profiles of the last run and of this run of the same source.
    psi_threshold : float, default 0.2
        A column whose PSI is above this has shifted.
    missing_jump : float, default 0.05
        A change of the missing share larger than this is reported.

    Returns
    -------
    list of Finding
        Schema changes first, then by column order.
    """
    before = {c.name: c for c in previous.columns}
    now = {c.name: c for c in current.columns}

    findings = _row_count(previous, current)
    findings += [_removed(before[name]) for name in before if name not in now]
    findings += [_added(now[name]) for name in now if name not in before]
    for name, column in now.items():
        if name in before:
            findings += _compare_column(
                before[name], column, psi_threshold, missing_jump
            )
    return findings


def _row_count(previous: TableProfile, current: TableProfile) -> list[Finding]:
    if not previous.n_rows:
        return []
    change = (current.n_rows - previous.n_rows) / previous.n_rows
    if abs(change) <= ROW_CHANGE:
        return []
    return [
        Finding(
            kind=FindingKind.ROW_COUNT_CHANGE,
            severity=Severity.WARNING,
            message=f"the row count went from {previous.n_rows:,} to "
            f"{current.n_rows:,} ({change:+.0%})",
            previous=previous.n_rows,
            current=current.n_rows,
            score=change,
        )
    ]


def _removed(column: ColumnProfile) -> Finding:
    return Finding(
        kind=FindingKind.COLUMN_REMOVED,
        severity=Severity.ERROR,
        column=column.name,
        message=f"column {column.name!r} ({column.semantic_type.value}) is gone",
        previous=column.semantic_type.value,
    )


def _added(column: ColumnProfile) -> Finding:
    return Finding(
        kind=FindingKind.COLUMN_ADDED,
        severity=Severity.INFO,
        column=column.name,
        message=f"column {column.name!r} ({column.semantic_type.value}) is new",
        current=column.semantic_type.value,
    )


def _compare_column(
    before: ColumnProfile, now: ColumnProfile, threshold: float, jump: float
) -> list[Finding]:
    if before.semantic_type != now.semantic_type:
        # A retyped column's distributions are not comparable.
        return [_retyped(before, now)]

    findings = []
    change = now.missing_share - before.missing_share
    if abs(change) > jump:
        findings.append(_missing_jump(now.name, before.missing_share, change))
    score = column_psi(before, now)
    if score is not None and score > threshold:
        findings.append(_shifted(before, now, score))
    return findings


def _retyped(before: ColumnProfile, now: ColumnProfile) -> Finding:
    return Finding(
        kind=FindingKind.TYPE_CHANGED,
        severity=Severity.ERROR,
        column=now.name,
        message=f"column {now.name!r} changed type from "
        f"{before.semantic_type.value} to {now.semantic_type.value}",
        previous=before.semantic_type.value,
        current=now.semantic_type.value,
    )


def _missing_jump(name: str, before: float, change: float) -> Finding:
    return Finding(
        kind=FindingKind.MISSING_JUMP,
        severity=Severity.WARNING,
        column=name,
        message=f"missing values in {name!r} went from {before:.1%} to "
        f"{before + change:.1%}",
        previous=before,
        current=before + change,
        score=change,
    )


def _shifted(before: ColumnProfile, now: ColumnProfile, score: float) -> Finding:
    where = ""
    if before.quantiles and now.quantiles:
        where = (
            f": median {_show(before.quantiles.get('0.5'))} → "
            f"{_show(now.quantiles.get('0.5'))}"
        )
    return Finding(
        kind=FindingKind.DISTRIBUTION_SHIFT,
        severity=Severity.WARNING,
        column=now.name,
        message=f"the distribution of {now.name!r} shifted (PSI {score:.2f}){where}",
        score=score,
    )


def _show(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def column_psi(before: ColumnProfile, now: ColumnProfile) -> float | None:
    """Return the PSI of one column between two profiles, or None if the
    profiles do not hold what it needs."""
    if not before.count or not now.count:
        return None
    if _covered(before) and _covered(now):
        # A column of few values (months, a flag) is known value by value.
        return _category_psi(before, now)
    if before.semantic_type in _QUANTILE_TYPES:
        return _quantile_psi(before, now)
    if before.semantic_type in _CATEGORY_TYPES and before.top_values:
        return _category_psi(before, now)
    return None


def _covered(column: ColumnProfile) -> bool:
    shown = sum(v.count for v in column.top_values)
    return bool(column.count) and shown >= COVERED * column.count


def _points(column: ColumnProfile) -> list[tuple[float, float]] | None:
    """(value, cumulative share) points of the column's distribution."""
    if not column.quantiles or column.min is None or column.max is None:
        return None
    levels: list[tuple[float, object]] = [(0.0, column.min)]
    levels += sorted((float(q), v) for q, v in column.quantiles.items())
    levels.append((1.0, column.max))

    points = []
    for level, value in levels:
        number = _as_number(value)
        if number is None:
            return None
        points.append((number, level))
    return points


def _as_number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    return None


def _cdf(points: list[tuple[float, float]], x: float) -> float:
    """The share of values ≤ x, linear between the known points."""
    if x < points[0][0]:
        return 0.0
    if x >= points[-1][0]:
        return 1.0
    for (x0, p0), (x1, p1) in itertools.pairwise(points):
        if x0 <= x < x1:
            return p0 + (p1 - p0) * (x - x0) / (x1 - x0)
    return 1.0


def _quantile_psi(before: ColumnProfile, now: ColumnProfile) -> float | None:
    old, new = _points(before), _points(now)
    if old is None or new is None:
        return None

    # The previous run's inner quantiles are the bin edges. Both sides are
    # read through the same interpolated distribution function, so ties (a
    # column whose quartiles coincide) and integer steps bias both alike.
    edges = sorted({value for value, _ in old[1:-1]})
    expected = _bin_shares([_cdf(old, edge) for edge in edges])
    actual = _bin_shares([_cdf(new, edge) for edge in edges])
    return psi(expected, actual)


def _bin_shares(cumulative: list[float]) -> list[float]:
    bounds = [0.0, *cumulative, 1.0]
    return [high - low for low, high in itertools.pairwise(bounds)]


def _category_psi(before: ColumnProfile, now: ColumnProfile) -> float:
    old = {str(v.value): v.count / before.count for v in before.top_values}
    new = {str(v.value): v.count / now.count for v in now.top_values}
    # A value among the previous top values but not the current ones is
    # rarer than the current least frequent one; its share is unknown, so
    # it is counted as 0 (floored) and the rest goes to "other".
    expected = [*old.values(), max(1.0 - sum(old.values()), 0.0)]
    actual = [new.get(value, 0.0) for value in old]
    actual.append(max(1.0 - sum(actual), 0.0))
    return psi(expected, actual)
