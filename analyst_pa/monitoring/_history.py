"""The history of a source's runs: previous profiles and slow stages.

Runs are grouped by their ``source`` label (passwords already masked). A
stage is **slow** when it took more than ``factor`` (3) times the median of
the same stage in the last ``window`` (10) succeeded runs of the same source,
and more than ``min_seconds`` (1 s) — so a 0.1 s stage that takes 0.4 s is
not flagged — provided at least ``min_history`` (3) earlier runs have it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

from analyst_pa.monitoring._findings import Finding, FindingKind
from analyst_pa.results import Analysis, RunRecord, Severity, StageState, TableProfile
from analyst_pa.runs import RunStore

__all__ = [
    "SLOW_FACTOR",
    "SLOW_MIN_SECONDS",
    "previous_analysis",
    "previous_profile",
    "runs_of",
    "slow_stages",
]

SLOW_FACTOR = 3.0
SLOW_MIN_SECONDS = 1.0
SLOW_WINDOW = 10
SLOW_MIN_HISTORY = 3


def runs_of(
    source: str, *, store: RunStore | None = None, limit: int | None = None
) -> list[RunRecord]:
    """Return the recorded runs of ``source`` (its label), newest first."""
    store = store or RunStore()
    runs = [r for r in store.recent() if r.source == source]
    return runs[:limit] if limit is not None else runs


def previous_analysis(
    source: str, *, before: str | None = None, store: RunStore | None = None
) -> Analysis | None:
    """Return the last succeeded analysis of ``source`` kept in the store.

    Parameters
    ----------
    source : str
        The source label, as in :attr:`RunRecord.source`.
    before : str, optional
        Only consider runs started before the run with this id (this run).
    store : RunStore, optional
        By default the default store.

    Returns
    -------
    Analysis or None
        Read from the run's ``analysis.json``; ``None`` when there is none.
    """
    runs = runs_of(source, store=store)
    ids = [r.id for r in runs]
    if before is not None and before in ids:
        # newest first, so the runs after ``before`` in the list are older
        runs = runs[ids.index(before) + 1 :]
    for record in runs:
        kept = record.artifacts.get("analysis.json")
        if record.state == StageState.SUCCEEDED and kept and Path(kept).is_file():
            return Analysis.model_validate_json(Path(kept).read_text())
    return None


def previous_profile(
    source: str, *, before: str | None = None, store: RunStore | None = None
) -> TableProfile | None:
    """Return the profile of the last succeeded analysis of ``source``.

    See :func:`previous_analysis` for the parameters.
    """
    analysis = previous_analysis(source, before=before, store=store)
    return analysis.profile if analysis is not None else None


def slow_stages(
    record: RunRecord,
    history: Sequence[RunRecord],
    *,
    factor: float = SLOW_FACTOR,
    min_seconds: float = SLOW_MIN_SECONDS,
    window: int = SLOW_WINDOW,
    min_history: int = SLOW_MIN_HISTORY,
) -> list[Finding]:
    """Flag the stages of ``record`` much slower than their own history.

    Parameters
    ----------
    record : RunRecord
        This run.
    history : sequence of RunRecord
        Earlier runs of the same source, newest first (``record`` itself
        and failed runs are left out).
    factor, min_seconds, window, min_history
        The rule in the module docstring.

    Returns
    -------
    list of Finding
        One ``slow_stage`` finding per slow stage.
    """
    earlier = [
        r
        for r in history
        if r.id != record.id
        and r.state == StageState.SUCCEEDED
        and r.started_at <= record.started_at
    ][:window]

    findings = []
    for stage in record.stages:
        past = [_duration(r, stage.name) for r in earlier]
        durations = [d for d in past if d is not None]
        if stage.duration_s is None or len(durations) < min_history:
            continue
        median = statistics.median(durations)
        if stage.duration_s > max(factor * median, min_seconds):
            findings.append(_slow(stage.name, stage.duration_s, median, len(durations)))
    return findings


def _duration(record: RunRecord, stage: str) -> float | None:
    for s in record.stages:
        if s.name == stage and s.state == StageState.SUCCEEDED:
            return s.duration_s
    return None


def _slow(stage: str, seconds: float, median: float, n: int) -> Finding:
    ratio = seconds / median if median > 0 else float("inf")
    shown = f"{ratio:.1f}×" if median > 0 else "far more than"
    return Finding(
        kind=FindingKind.SLOW_STAGE,
        severity=Severity.WARNING,
        stage=stage,
        message=f"stage {stage!r} took {seconds:.2f} s, {shown} its median of "
        f"{median:.2f} s over the last {n} runs",
        previous=median,
        current=seconds,
        score=ratio if median > 0 else None,
    )
