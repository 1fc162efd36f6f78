"""Typed events a run emits while its stages execute.

Listeners are plain callables taking one event; the command line turns them
into a progress bar and the notebook panel into its run view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analyst_pa.results import StageState

__all__ = ["Event", "Listener", "StageFinished", "StageProgress", "StageStarted"]


@dataclass(frozen=True)
class StageStarted:
    run_id: str
    stage: str
    index: int
    n_stages: int


@dataclass(frozen=True)
class StageProgress:
    run_id: str
    stage: str
    done: int
    total: int


@dataclass(frozen=True)
class StageFinished:
    run_id: str
    stage: str
    state: StageState
    duration_s: float
    reason: str | None = None


Event = StageStarted | StageProgress | StageFinished
Listener = Callable[[Event], None]
