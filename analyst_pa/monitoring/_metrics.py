"""The metrics of a run, and the run's log, kept beside it in the run store.

Time, CPU time and peak memory per stage are in the run record already
(:class:`~analyst_pa.results.StageRecord`); rows and columns too. What a
record does not hold — the issue and insight counts, the log lines — is
written by :func:`record_metrics` as ``metrics.json`` and ``log.txt`` in the
run's directory. :func:`run_metrics` reads a run back, falling back to the
run's ``analysis.json`` for the counts, so runs made before monitoring
existed have metrics too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from analyst_pa.results import RunRecord, StageState
from analyst_pa.runs import RunStore, write_atomic

__all__ = ["RunMetrics", "StageMetrics", "read_log", "record_metrics", "run_metrics"]

METRICS = "metrics.json"
LOG = "log.txt"


class StageMetrics(BaseModel):
    """Time, CPU time and peak memory of one stage."""

    model_config = ConfigDict(extra="forbid")

    name: str
    state: StageState
    seconds: float | None = None
    cpu_s: float | None = None
    peak_memory_bytes: int | None = None


class RunMetrics(BaseModel):
    """What one run cost and what it found."""

    model_config = ConfigDict(extra="forbid")

    run_id: str
    source: str
    state: StageState
    started_at: datetime
    seconds: float | None = None
    cpu_s: float | None = None
    peak_memory_bytes: int | None = None
    rows: int | None = None
    columns: int | None = None
    issues: int | None = None
    insights: int | None = None
    stages: list[StageMetrics] = Field(default_factory=list)


def _from_record(record: RunRecord) -> RunMetrics:
    stages = [
        StageMetrics(
            name=s.name,
            state=s.state,
            seconds=s.duration_s,
            cpu_s=s.cpu_s,
            peak_memory_bytes=s.peak_memory_bytes,
        )
        for s in record.stages
    ]
    cpu = [s.cpu_s for s in stages if s.cpu_s is not None]
    peaks = [s.peak_memory_bytes for s in stages if s.peak_memory_bytes is not None]
    seconds = (
        (record.finished_at - record.started_at).total_seconds()
        if record.finished_at
        else None
    )
    return RunMetrics(
        run_id=record.id,
        source=record.source,
        state=record.state,
        started_at=record.started_at,
        seconds=seconds,
        cpu_s=sum(cpu) if cpu else None,
        peak_memory_bytes=max(peaks) if peaks else None,
        rows=record.n_rows,
        columns=record.n_columns,
        stages=stages,
    )


def run_metrics(record: RunRecord) -> RunMetrics:
    """Return the metrics of a recorded run.

    Parameters
    ----------
    record : RunRecord
        A run as the store returns it.

    Returns
    -------
    RunMetrics
        Counts are ``None`` when the run kept neither ``metrics.json`` nor
        ``analysis.json`` (a failed run, a report run).
    """
    metrics = _from_record(record)
    counts = _stored_counts(record)
    return metrics.model_copy(update=counts)


def _stored_counts(record: RunRecord) -> dict[str, int | None]:
    kept = record.artifacts.get(METRICS)
    if kept and Path(kept).is_file():
        stored = json.loads(Path(kept).read_text())
        return {"issues": stored.get("issues"), "insights": stored.get("insights")}

    analysis = record.artifacts.get("analysis.json")
    if analysis and Path(analysis).is_file():
        data = json.loads(Path(analysis).read_text())
        return {
            "issues": len(data.get("issues", [])),
            "insights": len(data.get("insights", [])),
        }
    return {}


def record_metrics(
    record: RunRecord,
    *,
    issues: int | None = None,
    insights: int | None = None,
    log: Sequence[str] = (),
    store: RunStore | None = None,
) -> RunMetrics:
    """Write a run's metrics and log lines beside it and index them.

    Parameters
    ----------
    record : RunRecord
        The finished run; nothing is written when it has no directory.
    issues, insights : int, optional
        How many quality issues and insights the run found.
    log : sequence of str
        The run's log lines, secrets already masked.
    store : RunStore, optional
        Where the run is indexed; by default the default store.

    Returns
    -------
    RunMetrics
    """
    metrics = _from_record(record).model_copy(
        update={"issues": issues, "insights": insights}
    )
    if record.directory is None:
        return metrics

    directory = Path(record.directory)
    metrics_path = write_atomic(
        directory / METRICS, lambda tmp: tmp.write_text(metrics.model_dump_json())
    )
    log_path = write_atomic(
        directory / LOG,
        lambda tmp: tmp.write_text("".join(f"{line}\n" for line in log)),
    )
    record.artifacts[METRICS] = str(metrics_path)
    record.artifacts[LOG] = str(log_path)
    (store or RunStore()).save(record)
    return metrics


def read_log(record: RunRecord) -> list[str]:
    """Return the log lines a run kept, or none."""
    kept = record.artifacts.get(LOG)
    if not kept or not Path(kept).is_file():
        return []
    return Path(kept).read_text().splitlines()
