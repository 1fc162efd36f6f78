"""Order, merge and focus recommendations.

Near-duplicates are merged: two recommendations with the same action, or of
the same kind about the same columns, become one that keeps the stronger
one's title and the evidence of both; a correlation insight between columns
the quality checks already found to be near-copies joins that "keep one of
them" recommendation rather than suggesting one explains the other, and a
long-tail insight joins the "transform the skewed columns" one.

When the analyst names a target or a time column, what touches neither is
dropped. An insight must be about the target (or, with only a time column,
about the time). A quality recommendation must name the target, the time,
or a column an insight ties to the target, or be about whole rows
(duplicate or anomalous rows change the target's data too).
"""

from __future__ import annotations

from collections.abc import Sequence

from analyst_pa.recommendations._build import rebuild
from analyst_pa.results import Insight, InsightKind, IssueKind, Recommendation

__all__ = ["focus", "merge", "ranked", "top"]

# Kinds about whole rows: acting on them changes the data of every column.
ROW_KINDS = frozenset({IssueKind.DUPLICATE_ROWS.value, IssueKind.ANOMALOUS_ROWS.value})
INSIGHT_KINDS = frozenset(kind.value for kind in InsightKind)

# An insight of the key kind (and, where given, variant: the end of its id)
# is a near-copy of an issue recommendation of the value kind about the same
# columns, which tells better what to do: a correlation of near-copies, or a
# long tail that the skew check reports (two groups of values are not).
_SAME_FINDING = {
    (InsightKind.CORRELATION.value, ""): IssueKind.HIGHLY_CORRELATED.value,
    (InsightKind.DISTRIBUTION.value, ":tail"): IssueKind.SKEWED.value,
}


def ranked(recommendations: Sequence[Recommendation]) -> list[Recommendation]:
    """Return ``recommendations`` by priority, highest first; ties by rows
    touched, then title, so the order is stable."""
    return sorted(
        recommendations, key=lambda r: (-r.priority, -(r.rows or 0), r.title, r.id)
    )


def merge(recommendations: Sequence[Recommendation]) -> list[Recommendation]:
    """Return ``recommendations`` with near-duplicates merged into one."""
    merged: list[Recommendation] = []
    for candidate in ranked(_absorb_same_findings(recommendations)):
        twin = next((i for i, r in enumerate(merged) if _near(r, candidate)), None)
        if twin is None:
            merged.append(candidate)
        else:
            merged[twin] = _combine(merged[twin], candidate)
    return ranked(merged)


def _absorb_same_findings(
    recommendations: Sequence[Recommendation],
) -> list[Recommendation]:
    kept = list(recommendations)
    for insight in recommendations:
        absorber_kind = next(
            (
                issue_kind
                for (kind, variant), issue_kind in _SAME_FINDING.items()
                if insight.kind == kind and insight.id.endswith(variant)
            ),
            None,
        )
        host = next(
            (
                i
                for i, r in enumerate(kept)
                if r.kind == absorber_kind and set(insight.columns) <= set(r.columns)
            ),
            None,
        )
        if host is not None:
            kept[host] = _combine(kept[host], insight, keep_numbers=True)
            kept.remove(insight)
    return kept


def _near(a: Recommendation, b: Recommendation) -> bool:
    same_action = _normal(a.action) == _normal(b.action)
    same_subject = a.kind == b.kind and set(a.columns) == set(b.columns)
    return same_action or same_subject


def _normal(action: str) -> str:
    return " ".join(action.split()).lower()


def _combine(
    kept: Recommendation, other: Recommendation, *, keep_numbers: bool = False
) -> Recommendation:
    # The kept one's words and both ones' evidence; unless told to keep the
    # kept one's numbers, the best estimate of each factor, since both point
    # at the same work.
    rationale = kept.rationale
    if other.rationale not in rationale:
        rationale = f"{rationale} {other.rationale}"
    evidence = {
        "rationale": rationale,
        "columns": list(dict.fromkeys([*kept.columns, *other.columns])),
        "based_on": list(dict.fromkeys([*kept.based_on, *other.based_on])),
    }
    if keep_numbers:
        return rebuild(kept, **evidence)
    return rebuild(
        kept,
        **evidence,
        impact=max(kept.impact, other.impact),
        confidence=max(kept.confidence, other.confidence),
        effort=min(kept.effort, other.effort),
        rows=max(kept.rows or 0, other.rows or 0) or None,
    )


def focus(
    recommendations: Sequence[Recommendation],
    insights: Sequence[Insight],
    *,
    target: str | None,
    time: str | None,
) -> list[Recommendation]:
    """Return the recommendations that touch ``target`` or ``time``; all of
    them when neither is given."""
    if target is None and time is None:
        return list(recommendations)
    # An insight must be about the target; with only a time, about the time.
    subject = {c for c in (target or time,) if c is not None}
    tied = {c for c in (target, time) if c is not None}
    for insight in insights:
        if target in insight.columns:
            tied |= set(insight.columns)
    return [r for r in recommendations if _touches(r, subject, tied)]


def _touches(r: Recommendation, subject: set[str], tied: set[str]) -> bool:
    if r.kind in INSIGHT_KINDS:
        return bool(subject & set(r.columns))
    if r.kind in ROW_KINDS or r.kind == "model":
        return True
    return bool(tied & set(r.columns))


def top(recommendations: Sequence[Recommendation], n: int = 10) -> list[Recommendation]:
    """Return the ``n`` recommendations of highest priority (ten by default).

    Parameters
    ----------
    recommendations : sequence of Recommendation
        As :func:`recommend` returns them, or in any order.
    n : int, default 10
        How many to keep.
    """
    return ranked(recommendations)[:n]
