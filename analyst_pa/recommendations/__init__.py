"""Recommendations: one ranked list of what to do next.

:func:`recommend` turns the quality issues, the insights and (later) model
results into recommendations, each with an action (pandas code or steps), an
impact (0–1), a confidence (0–1) and an effort (1 small, 2 medium, 3 large),
ranked by impact × confidence ÷ effort; :func:`top` keeps the first ten::

    from analyst_pa.recommendations import recommend, top

    for r in top(recommend(analysis.issues, analysis.insights, target="arr_delay")):
        print(f"{r.priority:.3f}  {r.title}")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from analyst_pa.recommendations._insights import from_insights
from analyst_pa.recommendations._issues import from_issues
from analyst_pa.recommendations._models import from_models
from analyst_pa.recommendations._rank import focus, merge, top
from analyst_pa.results import Insight, Issue, Recommendation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["recommend", "top"]


def recommend(
    issues: Sequence[Issue],
    insights: Sequence[Insight] = (),
    *,
    target: str | None = None,
    time: str | None = None,
    limit: int | None = None,
    frame: pd.DataFrame | None = None,
    models: Sequence[Mapping[str, Any]] | None = None,
) -> list[Recommendation]:
    """Return what to do about the data and its findings, most worth it first.

    Parameters
    ----------
    issues : sequence of Issue
        The quality issues (and rule violations) found in the data.
    insights : sequence of Insight, optional
        The validated insights.
    target : str, optional
        The column the analyst wants to explain or predict; recommendations
        that touch neither it nor ``time`` are dropped.
    time : str, optional
        The column that orders the rows in time; see ``target``.
    limit : int, optional
        Keep only this many, the highest priorities; all by default (use
        :func:`top` for the ten to show).
    frame : DataFrame, optional
        The data the issues were found in. With it, missing values that
        fall on the same rows become one recommendation counting those rows
        exactly, and the parts an insight's columns play are read from
        their types.
    models : sequence of mappings, optional
        Model or decision results, each with the fields of a recommendation
        (``id``, ``title``, ``action``, ``impact``, ``confidence``,
        ``effort``); see :mod:`analyst_pa.recommendations._models`.

    Returns
    -------
    list of Recommendation
        By priority (impact × confidence ÷ effort), highest first, with
        near-duplicates merged (same action, or same kind and columns).

    Notes
    -----
    Impact is the share of rows touched, weighted by what is at stake:
    missing or wrong values fully, values in the wrong form half, tidy-ups
    that change no value a hundredth. For an insight it is the share of rows
    it rests on, times its effect as variance explained, times what acting
    on that kind of finding is worth (see the package's README).
    """
    n_rows = len(frame) if frame is not None else _rows_of(issues)

    found = from_issues(issues, frame=frame, target=target)
    found += from_insights(
        insights, n_rows=n_rows, frame=frame, target=target, time=time
    )
    found += from_models(models or ())

    kept = focus(merge(found), insights, target=target, time=time)
    return kept if limit is None else kept[:limit]


def _rows_of(issues: Sequence[Issue]) -> int | None:
    # An issue's count over its share gives back the table's rows; the
    # largest, since an issue found on a sample gives the sample's.
    sizes = [round(issue.count / issue.share) for issue in issues if issue.share > 0]
    return max(sizes, default=None)
