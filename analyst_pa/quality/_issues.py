"""Building issues: counts, shares, examples and a sentence, the same way
for every check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyst_pa.results import Example, Fix, Issue, IssueKind, Scalar, Severity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["find_examples", "new_issue", "plain"]

MAX_EXAMPLES = 5


def plain(value: Any) -> Scalar:
    """Return ``value`` as a JSON scalar: numbers and text as they are, the
    rest (timestamps, lists, missing markers) as text or None."""
    import pandas as pd

    if value is None or (not isinstance(value, (list, dict, tuple)) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def find_examples(
    series: pd.Series, mask: pd.Series | Any, limit: int = MAX_EXAMPLES
) -> list[Example]:
    """Return up to ``limit`` (row label, value) pairs where ``mask`` holds,
    the first distinct values first."""
    picked = series[mask]
    picked = picked[~picked.astype(str).duplicated()]
    return [
        Example(row=plain(label), value=plain(value))
        for label, value in picked.head(limit).items()
    ]


def new_issue(
    kind: IssueKind,
    columns: list[str],
    *,
    count: int,
    n_rows: int,
    message: str,
    severity: Severity = Severity.WARNING,
    examples: list[Example] | None = None,
    fix: Fix | None = None,
    details: dict[str, Any] | None = None,
) -> Issue:
    """Return an :class:`Issue` with its id and share filled in."""
    return Issue(
        id=f"{kind.value}:{'|'.join(columns)}",
        kind=kind,
        columns=columns,
        severity=severity,
        count=count,
        share=count / n_rows if n_rows else 0.0,
        message=message,
        examples=examples or [],
        details=details or {},
        fix=fix,
    )
