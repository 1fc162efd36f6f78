"""What monitoring finds: one :class:`Finding` per change worth a look."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from analyst_pa.results import Severity

__all__ = ["Finding", "FindingKind"]


class FindingKind(StrEnum):
    COLUMN_ADDED = "column_added"
    COLUMN_REMOVED = "column_removed"
    TYPE_CHANGED = "type_changed"
    MISSING_JUMP = "missing_jump"
    DISTRIBUTION_SHIFT = "distribution_shift"
    ROW_COUNT_CHANGE = "row_count_change"
    SLOW_STAGE = "slow_stage"


class Finding(BaseModel):
    """A difference between this run and the runs before it.

    ``previous`` and ``current`` hold the compared values (a semantic type,
    a missing share, a row count, seconds); ``score`` the measure that
    crossed its threshold (PSI, or the ratio to the median duration).
    """

    model_config = ConfigDict(extra="forbid")

    kind: FindingKind
    severity: Severity
    message: str
    column: str | None = None
    stage: str | None = None
    previous: float | int | str | None = None
    current: float | int | str | None = None
    score: float | None = None
