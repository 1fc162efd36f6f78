"""The table's shape: column names and duplicate rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import new_issue
from analyst_pa.results import Issue, IssueKind, Severity, TableProfile

if TYPE_CHECKING:
    import pandas as pd


def _labels(table: TableProfile) -> list[str]:
    return [str(c.label if c.label is not None else c.name) for c in table.columns]


@check(IssueKind.DUPLICATE_COLUMN_NAME, IssueKind.BLANK_COLUMN_NAME)
def column_names(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Labels used by more than one column, and blank labels."""
    labels = _labels(table)
    names = [c.name for c in table.columns]
    if names == labels:
        return []

    rename = propose(
        "rename_columns",
        "Give every column a unique, non-blank name.",
        names=names,
    )
    issues = []
    for label in sorted({x for x in labels if labels.count(x) > 1 and x.strip()}):
        renamed = [n for n, x in zip(names, labels, strict=True) if x == label]
        issues.append(
            new_issue(
                IssueKind.DUPLICATE_COLUMN_NAME,
                renamed,
                count=table.n_rows,
                n_rows=table.n_rows,
                severity=Severity.ERROR,
                message=(
                    f"{labels.count(label)} columns are named {label!r}; "
                    f"they are shown as {', '.join(renamed)}."
                ),
                fix=rename,
            )
        )
    blank = [n for n, x in zip(names, labels, strict=True) if not x.strip()]
    if blank:
        issues.append(
            new_issue(
                IssueKind.BLANK_COLUMN_NAME,
                blank,
                count=table.n_rows,
                n_rows=table.n_rows,
                message=f"{len(blank)} column(s) have a blank name; shown as "
                f"{', '.join(blank)}.",
                fix=rename,
            )
        )
    return issues


@check(IssueKind.DUPLICATE_ROWS)
def duplicate_rows(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Rows identical to an earlier row in every column."""
    count = table.duplicate_rows
    if not count:
        return []
    return [
        new_issue(
            IssueKind.DUPLICATE_ROWS,
            [c.name for c in table.columns],
            count=count,
            n_rows=table.n_rows,
            message=f"{count:,} rows repeat an earlier row exactly.",
            fix=propose(
                "drop_duplicate_rows", "Keep the first of each set of identical rows."
            ),
        )
    ]
