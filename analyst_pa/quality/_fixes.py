"""Fixes: small pure functions, each with the pandas code that does the same.

An operation is registered once with its order, its safety, the function
that applies it and the function that writes its code. A check proposes a
fix with :func:`propose`; :func:`apply_fixes` applies accepted ones in the
operations' order, so renaming columns happens before anything that names
them and row drops happen last. Tests run the generated code on the
original frame and compare it with what the functions produced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyst_pa.results import Fix

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OPERATIONS", "Operation", "apply_fix", "operation", "propose"]


@dataclass(frozen=True)
class Operation:
    """A kind of fix: how to apply it and how to say it in pandas."""

    name: str
    order: int
    safe: bool
    apply: Callable[..., pd.DataFrame]
    code: Callable[..., str]


OPERATIONS: dict[str, Operation] = {}


def operation(
    name: str, *, order: int, safe: bool, code: Callable[..., str]
) -> Callable[[Callable[..., pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Register the decorated function as the fix operation ``name``.

    The function takes a frame and keyword parameters and returns a new
    frame, never modifying its input; ``code`` takes the same parameters and
    returns pandas statements acting on a frame called ``df``.
    """

    def register(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        OPERATIONS[name] = Operation(name, order, safe, function, code)
        return function

    return register


def propose(operation_name: str, description: str, **params: Any) -> Fix:
    """Return the :class:`Fix` of ``operation_name`` with these parameters."""
    op = OPERATIONS[operation_name]
    key = ",".join(f"{k}={params[k]!r}" for k in sorted(params))
    return Fix(
        id=f"{operation_name}({key})",
        description=description,
        code=op.code(**params),
        safe=op.safe,
        operation=operation_name,
        params=params,
    )


def apply_fix(frame: pd.DataFrame, fix: Fix) -> pd.DataFrame:
    """Apply one fix and return the new frame."""
    return OPERATIONS[fix.operation].apply(frame, **fix.params)


def ordered(fixes: Sequence[Fix]) -> list[Fix]:
    """Return ``fixes`` in the order they must be applied, without repeats."""
    unique = {fix.id: fix for fix in fixes}
    return sorted(unique.values(), key=lambda f: OPERATIONS[f.operation].order)


def column_ref(column: str) -> str:
    """Return the pandas expression selecting ``column`` of ``df``."""
    return f"df[{column!r}]"
