"""``fix``: apply accepted fixes, and say in pandas what was done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analyst_pa.errors import InputError
from analyst_pa.quality._fixes import apply_fix, ordered
from analyst_pa.results import Analysis, Fix, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FixLogEntry", "Fixed", "fix"]

CODE_HEADER = "import numpy as np\nimport pandas as pd\n\n"


@dataclass(frozen=True)
class FixLogEntry:
    """What one applied fix did."""

    fix_id: str
    description: str
    rows_changed: int
    rows_removed: int


@dataclass
class Fixed:
    """The cleaned frame, the code that cleans the original, the log, and
    the accepted fixes that were skipped because an earlier one removed
    their column."""

    frame: pd.DataFrame
    code: str
    log: list[FixLogEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _rows_changed(before: pd.DataFrame, after: pd.DataFrame) -> tuple[int, int]:
    """Return how many rows a fix changed and how many it removed.

    An operation either removes rows, changes values, or drops or renames
    columns; it never does two of these at once.
    """

    removed = len(before) - len(after)
    if removed or before.shape[1] != after.shape[1]:
        return 0, removed

    left, right = before.astype(object), after.astype(object)
    positions = list(range(after.shape[1]))
    left.columns = right.columns = positions
    same = (left == right) | (left.isna() & right.isna())
    return int((~same.fillna(False)).any(axis=1).sum()), 0


def _accepted(fixes: Sequence[Fix], issues: Sequence[Issue], accept: Any) -> list[Fix]:
    if accept is None:
        return [f for f in fixes if f.safe]
    if accept == "all":
        return list(fixes)
    wanted = {accept} if isinstance(accept, str) else set(accept)
    chosen = [
        issue.fix
        for issue in issues
        if issue.fix is not None and wanted & {issue.id, issue.kind.value, issue.fix.id}
    ]
    known = (
        {i.id for i in issues} | {i.kind.value for i in issues} | {f.id for f in fixes}
    )
    unknown = wanted - known
    if unknown:
        raise InputError(
            f"accept names {sorted(unknown)}, which match no issue with a fix; "
            "give issue ids, issue kinds or fix ids from the analysis"
        )
    return chosen


def fix(
    data: pd.DataFrame,
    issues: Analysis | Iterable[Issue],
    *,
    accept: str | Sequence[str] | None = None,
) -> Fixed:
    """Apply fixes to ``data`` and return the cleaned frame, code and log.

    Parameters
    ----------
    data : DataFrame
        The frame the issues were found in; it is not modified.
    issues : Analysis or iterable of Issue
        The issues, each possibly with a proposed fix.
    accept : None, "all", or str or sequence of str
        ``None`` applies only the safe fixes (those that lose no
        information); ``"all"`` applies every proposed fix; otherwise the
        issue ids, issue kinds or fix ids whose fixes to apply, safe or not.

    Returns
    -------
    Fixed
        ``frame`` the cleaned copy, ``code`` pandas statements that turn the
        original ``df`` into it, ``log`` the rows each fix changed.
    """
    found = list(issues.issues if isinstance(issues, Analysis) else issues)
    proposed = [i.fix for i in found if i.fix is not None]
    chosen = ordered(_with_names(data, _accepted(proposed, found, accept)))

    frame, log, lines, skipped = data, [], [], []
    for one in chosen:
        gone = _columns_gone(frame, one)
        if gone:
            # An earlier accepted fix dropped what this one would change (a
            # constant column that also held a stray token, say), or the
            # duplicate names it uses were not accepted.
            skipped.append(
                f"{one.description} (skipped: no column {', '.join(gone)} at that "
                "point; an earlier fix dropped it, or names were not made unique)"
            )
            continue
        after = apply_fix(frame, one)
        changed, removed = _rows_changed(frame, after)
        log.append(FixLogEntry(one.id, one.description, changed, removed))
        lines.append(f"# {one.description}\n{one.code}")
        frame = after

    code = CODE_HEADER + "\n".join(lines) + ("\n" if lines else "")
    return Fixed(frame=frame, code=code, log=log, skipped=skipped)


def _with_names(frame: pd.DataFrame, chosen: list[Fix]) -> list[Fix]:
    """Add the renaming to unique text names when the fixes need it.

    Fixes name columns as the profile shows them (``x.1`` for a second
    ``x``, ``"0"`` for the label 0); a frame whose labels differ is renamed
    first, as losslessly as the duplicate-name fix would.
    """
    from analyst_pa.profile._names import display_names
    from analyst_pa.quality._fixes import propose

    names = display_names(frame.columns)
    renamed = any(f.operation == "rename_columns" for f in chosen)
    if not chosen or renamed or list(frame.columns) == names:
        return chosen
    rename = propose(
        "rename_columns", "Give every column a unique text name.", names=names
    )
    return [rename, *chosen]


def _columns_gone(frame: pd.DataFrame, one: Fix) -> list[str]:
    """The columns ``one`` names that ``frame`` no longer has."""
    named: list[Any] = []
    for key in ("column", "columns", "subset"):
        value = one.params.get(key)
        named += value if isinstance(value, list) else [value] if value else []
    present = {str(label) for label in frame.columns}
    return [str(name) for name in named if str(name) not in present]
