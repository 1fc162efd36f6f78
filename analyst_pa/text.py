"""Render an :class:`~analyst_pa.results.Analysis` as plain text.

The command line prints it, and a notebook falls back to it where HTML is
not shown. It only formats what the analysis holds.
"""

from __future__ import annotations

from analyst_pa.results import Analysis, ColumnProfile, RunRecord, Scalar

__all__ = ["format_bytes", "render_text"]

_CELL = 25  # widest a min/max cell gets before it is cut with an ellipsis


def format_bytes(n: int | None) -> str:
    """Return ``n`` bytes in the largest unit that keeps it above 1."""
    if n is None:
        return "n/a"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _cell(value: Scalar, width: int = _CELL) -> str:
    if value is None:
        text = "n/a"
    elif isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _column_line(column: ColumnProfile, name_width: int) -> str:
    total = column.count + column.missing
    missing = f"{column.missing / total:.1%}" if total else "n/a"
    return (
        f"{_cell(column.name, name_width):<{name_width}}  "
        f"{column.semantic_type.value:<11}  {missing:>7}  {column.distinct:>9,}  "
        f"{_cell(column.min):<{_CELL}}  {_cell(column.max)}"
    )


def _run_line(run: RunRecord) -> str:
    stages = ", ".join(
        f"{s.name} {s.duration_s:.2f} s"
        if s.duration_s is not None
        else f"{s.name} {s.state.value}"
        for s in run.stages
    )
    return f"run {run.id} {run.state.value}: {stages}"


def _issue_lines(analysis: Analysis, limit: int) -> list[str]:
    issues = analysis.issues
    if not issues:
        return ["", "no quality issues found"]
    lines = [
        "",
        f"quality issues ({len(issues)}, the first {min(limit, len(issues))}):",
    ]
    for issue in issues[:limit]:
        lines.append(f"  [{issue.severity.value}] {issue.kind.value}: {issue.message}")
        if issue.examples:
            shown = ", ".join(
                f"row {e.row}: "
                + ("missing" if e.value is None else repr(_cell(e.value, 30)))
                for e in issue.examples[:3]
            )
            lines.append(f"      e.g. {shown}")
        if issue.fix is not None:
            safe = "safe" if issue.fix.safe else "needs review"
            lines.append(f"      fix ({safe}): {issue.fix.description}")
    return lines


def _insight_lines(analysis: Analysis, limit: int) -> list[str]:
    insights = analysis.insights
    if not insights:
        return ["", "no insight passed validation"]
    shown = min(limit, len(insights))
    lines = ["", f"insights ({len(insights)}, the first {shown}):"]
    lines += [f"  - {insight.statement}" for insight in insights[:limit]]
    return lines


def _recommendation_lines(analysis: Analysis, limit: int) -> list[str]:
    ranked = analysis.recommendations
    if not ranked:
        return ["", "no recommendation"]
    lines = [
        "",
        f"recommendations ({len(ranked)}, the first {min(limit, len(ranked))}):",
    ]
    for rank, item in enumerate(ranked[:limit], start=1):
        lines.append(
            f"  {rank}. {item.title} (priority {item.priority:.3f}: "
            f"{item.impact_statement}; effort {item.effort_label})"
        )
    return lines


def render_text(
    analysis: Analysis,
    *,
    max_issues: int = 15,
    max_insights: int = 10,
    max_recommendations: int = 10,
) -> str:
    """Return the analysis as text: the table, its columns, its quality
    issues, insights and recommendations, then the run."""
    lines = [analysis.source]
    table = analysis.profile
    if table is not None:
        lines.append(
            f"{table.n_rows:,} rows × {table.n_columns} columns, "
            f"{format_bytes(table.memory_bytes)} in memory, "
            f"{table.missing_cells:,} missing cells, "
            f"{table.duplicate_rows:,} duplicate rows"
        )
        width = min(max([len(c.name) for c in table.columns] + [6]), 24)
        lines += [
            "",
            f"{'column':<{width}}  {'type':<11}  {'missing':>7}  {'distinct':>9}  "
            f"{'min':<{_CELL}}  max",
        ]
        lines += [_column_line(column, width) for column in table.columns]
        lines += _issue_lines(analysis, max_issues)
        lines += _insight_lines(analysis, max_insights)
        lines += _recommendation_lines(analysis, max_recommendations)

    lines += ["", _run_line(analysis.run)]
    if analysis.run.directory:
        lines.append(f"kept in {analysis.run.directory}")
    return "\n".join(lines)
