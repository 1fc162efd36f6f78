"""Missing, empty and constant columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import find_examples, new_issue
from analyst_pa.results import Issue, IssueKind, SemanticType, Severity, TableProfile

if TYPE_CHECKING:
    import pandas as pd

# One value in at least this share of present rows makes a column near-constant.
NEAR_CONSTANT_SHARE = 0.98


@check(IssueKind.ALL_MISSING, IssueKind.MISSING_VALUES)
def missing_values(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Columns with no value at all, and columns with some values missing."""
    n = table.n_rows
    empty = [c.name for c in table.columns if n and c.count == 0 and c.infinite == 0]
    issues = []
    if empty:
        fix = propose(
            "drop_empty_columns",
            f"Drop the {len(empty)} column(s) that hold no value.",
            columns=empty,
        )
    for column in table.columns:
        if column.name in empty:
            issues.append(
                new_issue(
                    IssueKind.ALL_MISSING,
                    [column.name],
                    count=n,
                    n_rows=n,
                    severity=Severity.ERROR,
                    message=f"{column.name} is missing in all {n:,} rows.",
                    fix=fix,
                )
            )
        elif column.missing:
            series = frame.iloc[:, column.position]
            issues.append(
                new_issue(
                    IssueKind.MISSING_VALUES,
                    [column.name],
                    count=column.missing,
                    n_rows=n,
                    severity=Severity.WARNING
                    if column.missing_share > 0.05
                    else Severity.INFO,
                    message=(
                        f"{column.name} is missing in {column.missing:,} of {n:,} rows "
                        f"({column.missing_share:.1%})."
                    ),
                    examples=find_examples(series, series.isna()),
                )
            )
    return issues


@check(IssueKind.CONSTANT, IssueKind.NEAR_CONSTANT)
def constant_columns(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Columns with one value, or one value in nearly every row."""
    issues = []
    for column in table.columns:
        if column.semantic_type == SemanticType.EMPTY or column.count < 2:
            continue
        top = column.top_values[0] if column.top_values else None
        if column.distinct == 1:
            issues.append(
                new_issue(
                    IssueKind.CONSTANT,
                    [column.name],
                    count=column.count,
                    n_rows=table.n_rows,
                    message=(
                        f"{column.name} holds one value ({top.value if top else '?'}) "
                        "in every row where it is present; it carries no information."
                    ),
                    fix=propose(
                        "drop_columns",
                        f"Drop the constant column {column.name}.",
                        columns=[column.name],
                    ),
                )
            )
        elif top is not None and top.count / column.count >= NEAR_CONSTANT_SHARE:
            share = top.count / column.count
            issues.append(
                new_issue(
                    IssueKind.NEAR_CONSTANT,
                    [column.name],
                    count=column.count - top.count,
                    n_rows=table.n_rows,
                    severity=Severity.INFO,
                    message=(
                        f"{column.name} is {top.value} in {share:.1%} of the rows "
                        f"where it is present; only {column.count - top.count:,} "
                        "differ."
                    ),
                    details={"value": top.value, "share": share},
                )
            )
    return issues
