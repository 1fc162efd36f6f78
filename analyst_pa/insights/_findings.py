"""A finding: one tested hypothesis, before validation decides whether to show it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analyst_pa.results import InsightKind

__all__ = ["Chart", "Finding"]

Chart = dict[str, Any]


@dataclass(frozen=True)
class Finding:
    """A hypothesis a generator tested, with what validation needs to judge it.

    ``effect`` is the effect size the statement reports; ``strength`` puts
    every kind on one 0–1 scale (like a correlation) so findings can be
    ranked together; ``meets_floor`` says whether the effect is large enough
    to matter, by the floors of :mod:`._validation`. ``describe`` builds the
    statement and the chart; it is called only for findings that pass, since
    wording needs numbers from the full data.
    """

    kind: InsightKind
    columns: tuple[str, ...]
    effect: float
    strength: float
    meets_floor: bool
    support: int
    p_value: float | None
    describe: Callable[[], tuple[str, Chart]]
    detail: str = ""

    @property
    def id(self) -> str:
        """A stable name: kind, columns and, where needed, which variant."""
        name = f"{self.kind.value}:{'|'.join(self.columns)}"
        return f"{name}:{self.detail}" if self.detail else name
