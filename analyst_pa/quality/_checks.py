"""The registry of checks, keyed by the issue kinds they report.

A check is a function ``check(frame, table) -> list[Issue]`` that looks at
the whole frame with its profile; most look at one column at a time and
pick the columns by semantic type. Registering it under the kinds it may
report lets a caller run only some kinds, and lets the detection benchmark
score each kind apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from analyst_pa.results import Issue, IssueKind, TableProfile

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHECKS", "Check", "check", "run_checks"]

Check = Callable[["pd.DataFrame", TableProfile], list[Issue]]

CHECKS: dict[str, tuple[tuple[IssueKind, ...], Check]] = {}


def check(*kinds: IssueKind) -> Callable[[Check], Check]:
    """Register the decorated function as the check reporting ``kinds``."""

    def register(function: Check) -> Check:
        CHECKS[function.__name__] = (kinds, function)
        return function

    return register


def run_checks(
    frame: pd.DataFrame, table: TableProfile, kinds: Sequence[str] | None = None
) -> list[Issue]:
    """Run every registered check (or those reporting ``kinds``)."""
    wanted = set(kinds) if kinds is not None else None
    issues: list[Issue] = []
    for reported, function in CHECKS.values():
        if wanted is None or wanted & {k.value for k in reported}:
            found = function(frame, table)
            issues += [i for i in found if wanted is None or i.kind in wanted]
    return issues
