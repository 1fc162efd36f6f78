"""Render an :class:`~analyst_pa.results.Analysis` as static HTML.

The panel's tabs show these fragments inside ``ipywidgets.HTML``, and
``Analysis._repr_html_`` joins them into one page section, which is what an
exported notebook (nbconvert, a report) keeps when no widget state is saved.

Every value that comes from the data (column names, examples, messages that
quote values, chart labels) is untrusted: it goes through :func:`esc` before
it reaches a tag. Styles are inline, with JupyterLab's theme variables and
light fallbacks, because sanitizers drop ``<style>`` from untrusted output.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from analyst_pa.results import (
    Analysis,
    ColumnProfile,
    Insight,
    Issue,
    Recommendation,
    RunRecord,
    Severity,
    TableProfile,
)
from analyst_pa.text import format_bytes, render_text

__all__ = [
    "SEVERITY_ORDER",
    "analysis_html",
    "analysis_mimebundle",
    "esc",
    "format_value",
    "header_html",
    "insight_html",
    "insight_meta",
    "insights_html",
    "issue_html",
    "issues_by_severity",
    "issues_html",
    "issues_summary",
    "overview_html",
    "ranked",
    "recommendation_html",
    "recommendations_html",
    "run_html",
    "severity_heading",
]

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_TITLES = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Information",
}
_SEVERITY_COLOURS = {
    Severity.ERROR: "var(--jp-error-color1, #d32f2f)",
    Severity.WARNING: "var(--jp-warn-color1, #f57c00)",
    Severity.INFO: "var(--jp-info-color1, #0288d1)",
}
_MUTED = "color: var(--jp-ui-font-color2, #616161)"
_BORDER = "var(--jp-border-color2, #e0e0e0)"
_CODE = (
    "background: var(--jp-layout-color2, #f5f5f5); padding: 4px 6px; margin: 2px 0;"
    " white-space: pre-wrap; font-size: 0.9em; border-radius: 2px"
)
_CELL = (
    "padding: 2px 8px; text-align: left; white-space: nowrap;"
    " border-bottom: 1px solid " + _BORDER
)

# A static page stays readable on wide or messy tables: past these, it says
# how many more there are instead of listing them.
MAX_COLUMNS = 200
MAX_ISSUES = 100
MAX_INSIGHTS = 50
MAX_TEXT = 60  # characters of a value shown in a table cell or an example


def esc(value: Any) -> str:
    """Return ``value`` as text safe to put inside HTML, quotes included."""
    return html.escape(str(value), quote=True)


def format_value(value: Any, width: int = MAX_TEXT, *, group: bool = True) -> str:
    """Return a scalar as short text: numbers grouped (unless ``group`` is
    False, for values such as years), long text cut."""
    if value is None:
        text = "–"
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int):
        text = f"{value:,}" if group else str(value)
    elif isinstance(value, float):
        text = f"{value:,.4g}" if abs(value) < 1e15 else f"{value:.4g}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _stat(value: str, label: str) -> str:
    return (
        f'<div style="margin-right: 1.6em"><div style="font-size: 1.25em;'
        f' font-weight: 600">{value}</div><div style="{_MUTED}">{label}</div></div>'
    )


def _summary(table: TableProfile) -> str:
    cells = table.n_rows * table.n_columns
    missing = f"{table.missing_cells / cells:.1%}" if cells else "0%"
    stats = [
        _stat(f"{table.n_rows:,}", "rows"),
        _stat(f"{table.n_columns:,}", "columns"),
        _stat(esc(format_bytes(table.memory_bytes)), "in memory"),
        _stat(missing, f"missing cells ({table.missing_cells:,})"),
        _stat(f"{table.duplicate_rows:,}", "duplicate rows"),
    ]
    return '<div style="display: flex; flex-wrap: wrap; margin: 4px 0 8px">' + (
        "".join(stats) + "</div>"
    )


def _types_line(columns: Sequence[ColumnProfile]) -> str:
    counts: dict[str, int] = {}
    for column in columns:
        kind = column.semantic_type.value
        counts[kind] = counts.get(kind, 0) + 1
    parts = [f"{esc(kind)} {n}" for kind, n in sorted(counts.items())]
    return f'<div style="{_MUTED}; margin-bottom: 6px">types: {" · ".join(parts)}</div>'


def _missing_bar(column: ColumnProfile) -> str:
    share = column.missing_share
    colour = "var(--jp-warn-color1, #f57c00)" if share else _BORDER
    bar = (
        f'<span style="display: inline-block; width: 60px; height: 8px;'
        f" background: var(--jp-layout-color3, #eeeeee); vertical-align: middle;"
        f' margin-right: 6px"><span style="display: block; height: 100%;'
        f' width: {share * 100:.1f}%; background: {colour}"></span></span>'
    )
    text = f"{share:.1%} ({column.missing:,})" if column.missing else "0"
    return bar + text


def _column_row(column: ColumnProfile) -> str:
    label = ""
    if column.label is not None and str(column.label) != column.name:
        label = f' <span style="{_MUTED}">({esc(format_value(column.label))})</span>'
    cells = [
        f"<b>{esc(format_value(column.name))}</b>{label}",
        esc(column.semantic_type.value),
        f'<span style="{_MUTED}">{esc(column.dtype)}</span>',
        _missing_bar(column),
        f"{column.distinct:,}",
        esc(format_value(column.min, 24, group=False)),
        esc(format_value(column.max, 24, group=False)),
    ]
    return "<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>"


def _table(header: Sequence[str], rows: Iterable[str]) -> str:
    head = "".join(f'<th style="{_CELL}">{esc(h)}</th>' for h in header)
    return (
        '<table style="border-collapse: collapse; font-size: 0.92em">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<div style="{_MUTED}">… and {total - shown:,} more {what}</div>'


def overview_html(table: TableProfile) -> str:
    """Return the table's shape, memory, types and missing values per column."""
    header = ["column", "type", "dtype", "missing", "distinct", "min", "max"]
    shown = table.columns[:MAX_COLUMNS]
    return (
        '<div class="analyst-pa-overview">'
        + _summary(table)
        + _types_line(table.columns)
        + _table(header, (_column_row(c) for c in shown))
        + _more(len(shown), len(table.columns), "columns")
        + "</div>"
    )


def _examples(issue: Issue) -> str:
    if not issue.examples:
        return ""
    shown = ", ".join(
        f"row {esc(format_value(e.row, 20))}: "
        + ("missing" if e.value is None else f"<code>{esc(repr(e.value)[:60])}</code>")
        for e in issue.examples[:3]
    )
    return f'<div style="{_MUTED}">e.g. {shown}</div>'


def _fix(issue: Issue) -> str:
    if issue.fix is None:
        return ""
    review = "safe" if issue.fix.safe else "needs review"
    return (
        f"<div>fix ({review}): {esc(issue.fix.description)}</div>"
        f'<pre style="{_CODE}">{esc(issue.fix.code)}</pre>'
    )


def issue_html(issue: Issue, *, with_fix: bool = True) -> str:
    """Return one issue: kind, columns, rows affected, message, examples, fix."""
    colour = _SEVERITY_COLOURS[issue.severity]
    columns = ", ".join(esc(format_value(c, 40)) for c in issue.columns[:5])
    if len(issue.columns) > 5:
        columns += f" (+{len(issue.columns) - 5})"
    head = (
        f'<b style="color: {colour}">{esc(issue.kind.value)}</b>'
        f" · {columns} · {issue.count:,} rows ({issue.share:.1%})"
    )
    return (
        f'<div class="analyst-pa-issue-text">{head}<div>{esc(issue.message)}</div>'
        + _examples(issue)
        + (_fix(issue) if with_fix else "")
        + "</div>"
    )


def issues_by_severity(issues: Sequence[Issue]) -> dict[Severity, list[Issue]]:
    """Return the issues grouped by severity, the most severe group first."""
    groups: dict[Severity, list[Issue]] = {s: [] for s in SEVERITY_ORDER}
    for issue in issues:
        groups[issue.severity].append(issue)
    return {s: found for s, found in groups.items() if found}


def severity_heading(severity: Severity, n: int) -> str:
    """Return the heading of one severity group."""
    colour = _SEVERITY_COLOURS[severity]
    return (
        f'<h4 style="margin: 10px 0 4px; color: {colour}">'
        f"{SEVERITY_TITLES[severity]} ({n})</h4>"
    )


def issues_summary(issues: Sequence[Issue]) -> str:
    """Return one line: how many issues of each severity, how many fixable."""
    if not issues:
        return "<div>No quality issue found.</div>"
    groups = issues_by_severity(issues)
    counts = ", ".join(
        f"{len(found)} {SEVERITY_TITLES[s].lower()}" for s, found in groups.items()
    )
    fixable = [i for i in issues if i.fix is not None]
    safe = sum(i.fix.safe for i in fixable if i.fix is not None)
    return (
        f"<div><b>{len(issues)} issue{'s' if len(issues) != 1 else ''}</b>: {counts}"
        f" · {len(fixable)} with a proposed fix ({safe} safe)</div>"
    )


def issues_html(issues: Sequence[Issue]) -> str:
    """Return the issues grouped by severity, each with its fix."""
    shown = list(issues[:MAX_ISSUES])
    parts = [issues_summary(issues)]
    for severity, found in issues_by_severity(shown).items():
        parts.append(severity_heading(severity, len(found)))
        parts += [
            f'<div style="margin: 4px 0 8px">{issue_html(i)}</div>' for i in found
        ]
    parts.append(_more(len(shown), len(issues), "issues"))
    return '<div class="analyst-pa-issues">' + "".join(parts) + "</div>"


def insight_meta(insight: Insight) -> str:
    """Return the insight's kind, columns and evidence on one muted line."""
    parts = [esc(insight.kind.value), ", ".join(esc(c) for c in insight.columns)]
    q = insight.q_value
    if isinstance(q, int | float):
        parts.append("q < 0.001" if q < 0.001 else f"q = {q:.2g}")
    parts.append(f"n = {insight.support:,}")
    return f'<div style="{_MUTED}; font-size: 0.9em">{" · ".join(parts)}</div>'


def insight_html(insight: Insight) -> str:
    """Return one insight: its statement, then its kind and evidence."""
    return (
        f'<div class="analyst-pa-insight-text"><div>{esc(insight.statement)}</div>'
        f"{insight_meta(insight)}</div>"
    )


def insights_html(insights: Sequence[Insight]) -> str:
    """Return the insights as a list of statements, the strongest first."""
    if not insights:
        return "<div>No insight passed validation.</div>"
    shown = insights[:MAX_INSIGHTS]
    items = "".join(
        f'<li style="margin-bottom: 6px">{insight_html(i)}</li>' for i in shown
    )
    return f"<ol>{items}</ol>" + _more(len(shown), len(insights), "insights")


def _action(recommendation: Recommendation) -> str:
    if recommendation.action_kind == "code":
        return f'<pre style="{_CODE}">{esc(recommendation.action)}</pre>'
    return f'<div style="white-space: pre-wrap">{esc(recommendation.action)}</div>'


def recommendation_html(recommendation: Recommendation) -> str:
    """Return one recommendation: title, why, its worth, and the action."""
    r = recommendation
    worth = (
        f"priority {r.priority:.2f} · {esc(r.impact_statement)} · "
        f"confidence {r.confidence:.0%} · {esc(r.effort_label)} effort"
    )
    return (
        f'<div class="analyst-pa-recommendation"><b>{esc(r.title)}</b>'
        f"<div>{esc(r.rationale)}</div>"
        f'<div style="{_MUTED}; font-size: 0.9em">{worth}</div>{_action(r)}</div>'
    )


def ranked(recommendations: Sequence[Recommendation]) -> list[Recommendation]:
    """Return the recommendations, the highest priority first."""
    return sorted(recommendations, key=lambda r: -r.priority)


def recommendations_html(recommendations: Sequence[Recommendation]) -> str:
    """Return the recommendations ranked by priority, each with its action."""
    if not recommendations:
        return "<div>No recommendation: nothing found calls for an action.</div>"
    items = "".join(
        f'<li style="margin-bottom: 8px">{recommendation_html(r)}</li>'
        for r in ranked(recommendations)
    )
    return f"<ol>{items}</ol>"


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _stage_rows(run: RunRecord) -> list[str]:
    rows = []
    for stage in run.stages:
        memory = (
            format_bytes(stage.peak_memory_bytes)
            if stage.peak_memory_bytes is not None
            else "–"
        )
        note = stage.reason or stage.error or ""
        cells = [
            esc(stage.name),
            esc(stage.state.value),
            _seconds(stage.duration_s),
            _seconds(stage.cpu_s),
            esc(memory),
            esc(note),
        ]
        rows.append(
            "<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>"
        )
    return rows


def run_html(run: RunRecord) -> str:
    """Return the run's stages with their state, time and peak memory."""
    header = ["stage", "state", "time", "CPU", "peak memory", "note"]
    where = (
        f'<div style="{_MUTED}">kept in {esc(run.directory)}</div>'
        if run.directory
        else ""
    )
    return (
        f"<div>run <code>{esc(run.id)}</code> {esc(run.state.value)}</div>"
        + _table(header, _stage_rows(run))
        + where
    )


def header_html(analysis: Analysis) -> str:
    """Return the one-line title: the source and what was found."""
    table = analysis.profile
    shape = f" · {table.n_rows:,} rows × {table.n_columns} columns" if table else ""
    found = (
        f"{len(analysis.issues)} issues · {len(analysis.insights)} insights · "
        f"{len(analysis.recommendations)} recommendations"
    )
    return (
        f'<div style="font-size: 1.1em"><b>analyst_pa</b> · '
        f"{esc(analysis.source)}{shape}</div>"
        f'<div style="{_MUTED}">{found}</div>'
    )


def _section(title: str, body: str) -> str:
    return f'<h3 style="margin: 12px 0 4px">{esc(title)}</h3>{body}'


def analysis_html(analysis: Analysis) -> str:
    """Return the whole analysis as one HTML fragment, every value escaped.

    Parameters
    ----------
    analysis : Analysis
        What to render.

    Returns
    -------
    str
        A ``<div>`` with the overview, the quality issues, the insights, the
        recommendations and the run.
    """
    parts = [header_html(analysis)]
    if analysis.profile is not None:
        parts.append(_section("Overview", overview_html(analysis.profile)))
    parts += [
        _section("Quality", issues_html(analysis.issues)),
        _section("Insights", insights_html(analysis.insights)),
        _section("Recommendations", recommendations_html(analysis.recommendations)),
        _section("Run", run_html(analysis.run)),
    ]
    return '<div class="analyst-pa-analysis">' + "".join(parts) + "</div>"


def analysis_mimebundle(
    analysis: Analysis,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return the analysis as a MIME bundle: the live panel where widgets can
    show, and always HTML and plain text for exports and terminals.

    Parameters
    ----------
    analysis : Analysis
        What to render.
    include, exclude : sequence of str, optional
        MIME types to keep or leave out, as IPython asks.

    Returns
    -------
    dict
        MIME type to data.
    """
    bundle: dict[str, Any] = {
        "text/plain": render_text(analysis),
        "text/html": analysis_html(analysis),
    }
    if _widgets_can_show():
        from analyst_pa.notebook._panel import Panel

        widget = Panel(analysis)._repr_mimebundle_() or {}
        bundle.update({k: v for k, v in widget.items() if k != "text/plain"})
    return _filter(bundle, include, exclude)


def _filter(
    bundle: Mapping[str, Any],
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
) -> dict[str, Any]:
    return {
        mime: data
        for mime, data in bundle.items()
        if (not include or mime in include) and (not exclude or mime not in exclude)
    }


def _widgets_can_show() -> bool:
    """Whether a kernel is running us, so a front end can draw widgets."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if getattr(shell, "kernel", None) is None:
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True
