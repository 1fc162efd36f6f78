"""The run: named stages with state, time and memory, events, and artifacts.

``Run`` executes the stages of one analysis; ``RunStore`` keeps the index of
runs and their directories under the Jupyter data directory and removes old
ones; the events are what progress bars and panels listen to.
"""

from analyst_pa.runs._events import (
    Event,
    Listener,
    StageFinished,
    StageProgress,
    StageStarted,
)
from analyst_pa.runs._run import Run, new_run_id
from analyst_pa.runs._store import RunStore, default_runs_root, write_atomic

__all__ = [
    "Event",
    "Listener",
    "Run",
    "RunStore",
    "StageFinished",
    "StageProgress",
    "StageStarted",
    "default_runs_root",
    "new_run_id",
    "write_atomic",
]
