"""A run: named stages executed in order, each timed and measured.

A :class:`Run` is created with the names of all its stages, so a viewer can
show what is still to come. Each stage executes inside ``with
run.stage(name):``; a stage that raises fails the run, the stages before it
keep their results, and the ones after it are skipped with the reason.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analyst_pa.errors import AnalystError, StageError
from analyst_pa.results import RunRecord, StageRecord, StageState
from analyst_pa.runs._events import (
    Event,
    Listener,
    StageFinished,
    StageProgress,
    StageStarted,
)
from analyst_pa.runs._memory import PeakMemory
from analyst_pa.runs._store import RunStore, write_atomic

__all__ = ["Run", "new_run_id"]


def new_run_id(now: datetime | None = None) -> str:
    """Return a run id that sorts by start time: ``20261203T163501-1f2e3d``."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


class Run:
    """Execute and record the stages of one run.

    Parameters
    ----------
    source : str
        What the run is about, as shown to the user (passwords redacted).
    stages : sequence of str
        The names of the stages, in the order they execute.
    store : RunStore, optional
        Where the run is recorded; ``None`` keeps it in memory only.
    listeners : sequence of callables, optional
        Called with each :class:`~analyst_pa.runs.Event`.
    """

    def __init__(
        self,
        source: str,
        stages: Sequence[str],
        *,
        store: RunStore | None = None,
        listeners: Sequence[Listener] = (),
    ) -> None:
        started_at = datetime.now(UTC)
        self.record = RunRecord(
            id=new_run_id(started_at),
            source=source,
            state=StageState.RUNNING,
            started_at=started_at,
            stages=[StageRecord(name=name) for name in stages],
        )
        self.store = store
        self.listeners = list(listeners)
        if store is not None:
            store.clean()
            self.record.directory = str(store.directory(self.record.id))
            store.save(self.record)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def directory(self) -> Path | None:
        return Path(self.record.directory) if self.record.directory else None

    def emit(self, event: Event) -> None:
        for listener in self.listeners:
            listener(event)

    def progress(self, stage: str, done: int, total: int) -> None:
        """Tell the listeners how far ``stage`` has come."""
        self.emit(StageProgress(self.id, stage, done, total))

    @contextmanager
    def stage(self, name: str) -> Iterator[StageRecord]:
        """Execute the block as stage ``name``, recording its outcome.

        An exception that is not already an :class:`AnalystError` is raised
        again as a :class:`StageError` naming the stage.
        """
        record = self.record.stage(name)
        index = self.record.stages.index(record)
        self._begin(record)
        self.emit(StageStarted(self.id, name, index, len(self.record.stages)))

        memory, wall, cpu = PeakMemory(), time.perf_counter(), time.process_time()
        memory.start()
        try:
            yield record
        except BaseException as exc:
            self._end(record, memory, wall, cpu, StageState.FAILED, error=exc)
            self._fail_rest(name)
            if isinstance(exc, AnalystError) or not isinstance(exc, Exception):
                raise
            raise StageError(name, f"{type(exc).__name__}: {exc}") from exc
        self._end(record, memory, wall, cpu, StageState.SUCCEEDED)

    def skip(self, name: str, reason: str) -> None:
        """Mark stage ``name`` as skipped, saying why."""
        record = self.record.stage(name)
        record.state, record.reason = StageState.SKIPPED, reason
        self.emit(StageFinished(self.id, name, StageState.SKIPPED, 0.0, reason))

    def write_artifact(self, name: str, write: Any) -> Path | None:
        """Write artifact ``name`` atomically in the run directory.

        ``write`` is called with a temporary path; nothing is written when
        the run is not stored.
        """
        if self.directory is None:
            return None
        path = write_atomic(self.directory / name, write)
        self.record.artifacts[name] = str(path)
        return path

    def finish(self) -> RunRecord:
        """Close the run: succeeded unless a stage failed."""
        failed = any(s.state == StageState.FAILED for s in self.record.stages)
        self.record.state = StageState.FAILED if failed else StageState.SUCCEEDED
        self.record.finished_at = datetime.now(UTC)
        self._save()
        return self.record

    def _begin(self, record: StageRecord) -> None:
        record.state = StageState.RUNNING
        record.started_at = datetime.now(UTC)

    def _end(
        self,
        record: StageRecord,
        memory: PeakMemory,
        wall: float,
        cpu: float,
        state: StageState,
        error: BaseException | None = None,
    ) -> None:
        record.duration_s = time.perf_counter() - wall
        record.cpu_s = time.process_time() - cpu
        record.peak_memory_bytes = memory.stop()
        record.state = state
        if error is not None:
            record.error = f"{type(error).__name__}: {error}"
        self.emit(StageFinished(self.id, record.name, state, record.duration_s))

    def _fail_rest(self, failed: str) -> None:
        for record in self.record.stages:
            if record.state == StageState.PENDING:
                self.skip(record.name, f"stage '{failed}' failed")
        self.finish()

    def _save(self) -> None:
        if self.store is not None:
            self.store.save(self.record)
