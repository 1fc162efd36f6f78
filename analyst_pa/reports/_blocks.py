"""HTML blocks of a report, built from an Analysis and nothing else.

Every value from the data is escaped and cut with an ellipsis, and every
table is capped, so a report stays small and safe whatever the data holds.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from analyst_pa.results import Analysis, Recommendation, RunRecord, Severity
from analyst_pa.text import format_bytes

__all__ = [
    "Block",
    "columns_table",
    "cut",
    "executive_summary",
    "findings_table",
    "fix_code",
    "history_table",
    "insights_table",
    "issues_table",
    "overview_table",
    "recommendations_table",
    "stages_table",
    "title_block",
]

TEXT_WIDTH = 160  # text longer than this is cut with an ellipsis…
CELL_WIDTH = 300  # …unless a table cut it on purpose, up to this


class Block:
    """An HTML block a notebook displays, with metadata for the report run."""

    def __init__(self, body: str, metadata: dict[str, Any] | None = None) -> None:
        self.html = body
        self.metadata = metadata or {}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        bundle = {"text/html": self.html, "text/plain": _plain(self.html)}
        return (bundle, self.metadata) if self.metadata else bundle


def _plain(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).strip()[:500]


def cut(value: Any, width: int = TEXT_WIDTH) -> str:
    """Return ``value`` as text of at most ``width`` characters."""
    if value is None:
        return "–"
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= width else text[: width - 1] + "…"


_BREAK_AFTER = re.compile(r"([-_:/.,+T])")


def _esc(value: Any, width: int = TEXT_WIDTH) -> str:
    """Escape and cut; long words get break opportunities (``<wbr>``) after
    their separators, so an ISO date or a snake_case name wraps in a table
    cell instead of widening the page."""
    words = html.escape(cut(value, width)).split(" ")
    return " ".join(
        _BREAK_AFTER.sub(r"\1<wbr>", w) if len(w) > 14 and "&" not in w else w
        for w in words
    )


def table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Iterable[int] = ()
) -> str:
    """Return an escaped HTML table; columns in ``numeric`` align right."""
    right = set(numeric)

    def cells(values: Sequence[Any], tag: str) -> str:
        return "".join(
            f'<{tag} class="num">{_esc(v, CELL_WIDTH)}</{tag}>'
            if i in right
            else f"<{tag}>{_esc(v, CELL_WIDTH)}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    head = f"<thead><tr>{cells(header, 'th')}</tr></thead>"
    return f'<table class="report">{head}<tbody>{body}</tbody></table>'


def _none(text: str) -> str:
    return f'<p class="none">{html.escape(text)}</p>'


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="note">The first {shown} of {total} {what} are shown.</p>'


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2g}" if abs(value) < 0.01 else f"{value:.3g}"
    return cut(value, 12)


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _share(part: int | float, whole: int | float) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def title_block(title: str, analysis: Analysis, *, note: str | None = None) -> Block:
    """The report's title, what it is about, and when."""
    table_ = analysis.profile
    shape = (
        f"{table_.n_rows:,} rows × {table_.n_columns} columns" if table_ else "no data"
    )
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [_esc(analysis.source, 120), shape, now, f"run {_esc(analysis.run.id)}"]
    body = f"<h1>{_esc(title, 120)}</h1><p class='subtitle'>{' · '.join(parts)}</p>"
    if note:
        body += f'<p class="note">{_esc(note, 300)}</p>'
    facts = {
        "run_id": analysis.run.id,
        "rows": table_.n_rows if table_ else None,
        "columns": table_.n_columns if table_ else None,
        "issues": len(analysis.issues),
        "insights": len(analysis.insights),
    }
    return Block(body, {"analyst_pa": facts})


def _top(analysis: Analysis, n: int) -> list[Recommendation]:
    return sorted(analysis.recommendations, key=lambda r: -r.priority)[:n]


def _recommendation_line(rec: Recommendation) -> str:
    statement = getattr(rec, "impact_statement", None) or rec.impact
    effort = getattr(rec, "effort_label", None) or rec.effort
    return (
        f"<li><b>{_esc(rec.title, 140)}</b> — {_esc(statement, 160)} "
        f"<span class='note'>(effort {_esc(effort)}, confidence "
        f"{rec.confidence:.0%})</span></li>"
    )


def _severity_counts(analysis: Analysis) -> str:
    counts = Counter(issue.severity for issue in analysis.issues)
    names = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "note",
    }
    parts = [
        f"{counts[s]} {names[s]}{'s' if counts[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    return ", ".join(parts) or "none"


def executive_summary(
    analysis: Analysis, *, findings: Sequence[Any] | None = None, top: int = 3
) -> Block:
    """The top recommendations first, then the facts a reader needs."""
    recs = _top(analysis, top)
    lines = "".join(_recommendation_line(r) for r in recs)
    lead = (
        f"<h3>Top recommendations</h3><ol>{lines}</ol>"
        if recs
        else "<h3>Top recommendations</h3>"
        + _none("None: no recommendation was produced for this data.")
    )

    facts = []
    if analysis.profile is not None:
        p = analysis.profile
        cells = p.n_rows * p.n_columns
        facts.append(
            f"{p.n_rows:,} rows and {p.n_columns} columns; "
            f"{p.missing_cells:,} missing cells ({_share(p.missing_cells, cells)}), "
            f"{p.duplicate_rows:,} duplicate rows."
        )
    facts.append(
        f"Quality issues: {len(analysis.issues)} ({_severity_counts(analysis)})."
    )
    facts.append(f"Validated insights: {len(analysis.insights)}.")
    facts += [f"{_esc(i.statement, 200)}" for i in analysis.insights[:2]]
    if findings is not None:
        facts.append(f"Changes since the previous run: {len(findings)}.")
    items = "".join(f"<li>{f}</li>" for f in facts)
    return Block(f'<div class="summary">{lead}<h3>Key facts</h3><ul>{items}</ul></div>')


def recommendations_table(analysis: Analysis, *, limit: int = 10) -> Block:
    """Every recommendation, highest priority first: what, why, how, worth."""
    recs = _top(analysis, len(analysis.recommendations))
    if not recs:
        return Block(_none("None: no recommendation was produced for this data."))
    parts = [_recommendation(i, r) for i, r in enumerate(recs[:limit], 1)]
    return Block("".join(parts) + _more(limit, len(recs), "recommendations"))


def _recommendation(number: int, rec: Recommendation) -> str:
    statement = getattr(rec, "impact_statement", None) or rec.impact
    effort = getattr(rec, "effort_label", None) or rec.effort
    lines = rec.action.splitlines()
    action = "\n".join(cut(line, 120) for line in lines[:15])
    if len(lines) > 15:
        action += f"\n… {len(lines) - 15} more lines"
    shown = (
        f'<pre class="code">{html.escape(action)}</pre>'
        if getattr(rec, "action_kind", "steps") == "code"
        else f"<p>{html.escape(action).replace(chr(10), '<br/>')}</p>"
    )
    return (
        f"<h3>{number}. {_esc(rec.title, 140)}</h3>"
        f"<p>{_esc(rec.rationale, 400)}</p>{shown}"
        f"<p class='note'>Impact: {_esc(statement)} · confidence "
        f"{rec.confidence:.0%} · effort {_esc(effort)} · priority "
        f"{rec.priority:.3g}</p>"
    )


def overview_table(analysis: Analysis) -> Block:
    """The table's shape, size and completeness, and its columns by type."""
    p = analysis.profile
    if p is None:
        return Block(_none("No profile: the analysis did not get that far."))
    types = Counter(c.semantic_type.value for c in p.columns)
    rows = [
        ["rows", f"{p.n_rows:,}"],
        ["columns", f"{p.n_columns:,}"],
        ["memory", format_bytes(p.memory_bytes)],
        [
            "missing cells",
            f"{p.missing_cells:,} ({_share(p.missing_cells, p.n_rows * p.n_columns)})",
        ],
        ["duplicate rows", f"{p.duplicate_rows:,}"],
        ["column types", ", ".join(f"{n} {t}" for t, n in types.most_common())],
    ]
    return Block(table(["", ""], rows))


def columns_table(analysis: Analysis, *, limit: int = 60) -> Block:
    """One line per column: type, missing share, distinct, range, mean."""
    p = analysis.profile
    if p is None:
        return Block(_none("No profile."))
    rows = [
        [
            cut(c.name, 40),
            c.semantic_type.value,
            _share(c.missing, c.count + c.missing),
            f"{c.distinct:,}",
            cut(c.min, 26),
            cut(c.max, 26),
            cut(c.mean, 12)
            if c.mean is not None
            else cut(c.top_values[0].value if c.top_values else None, 20),
        ]
        for c in p.columns[:limit]
    ]
    header = [
        "column",
        "type",
        "missing",
        "distinct",
        "min",
        "max",
        "mean / most frequent",
    ]
    return Block(
        table(header, rows, numeric=[2, 3]) + _more(limit, len(p.columns), "columns")
    )


def issues_table(analysis: Analysis, *, limit: int = 25) -> Block:
    """The quality issues, errors first, with the proposed fix."""
    if not analysis.issues:
        return Block(_none("No quality issue was found."))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    issues = sorted(analysis.issues, key=lambda i: (order[i.severity], -i.share))
    rows = [
        [
            i.severity.value,
            i.kind.value,
            cut(", ".join(i.columns) or "(table)", 80),
            f"{i.count:,}",
            f"{i.share:.1%}",
            cut(i.message, 300),
            (
                f"{i.fix.description} ({'safe' if i.fix.safe else 'review'})"
                if i.fix
                else "–"
            ),
        ]
        for i in issues[:limit]
    ]
    header = ["severity", "kind", "columns", "rows", "share", "what", "proposed fix"]
    return Block(
        table(header, rows, numeric=[3, 4]) + _more(limit, len(issues), "issues")
    )


def insights_table(analysis: Analysis, *, limit: int = 15) -> Block:
    """The validated insights, in plain words with their numbers."""
    if not analysis.insights:
        return Block(_none("None: no insight passed validation for this data."))
    rows = [
        [
            i.kind.value,
            cut(i.statement, 300),
            _number(i.effect),
            _number(i.q_value),
            f"{i.support:,}",
        ]
        for i in analysis.insights[:limit]
    ]
    header = ["kind", "insight", "effect", "q-value", "rows"]
    return Block(
        table(header, rows, numeric=[2, 3, 4])
        + _more(limit, len(analysis.insights), "insights")
    )


def fix_code(analysis: Analysis, *, max_lines: int = 40) -> Block:
    """The pandas code of every proposed fix, for the appendix."""
    fixed = [i for i in analysis.issues if i.fix is not None]
    if not fixed:
        return Block(_none("No fix was proposed."))
    parts = []
    for issue in fixed:
        assert issue.fix is not None
        lines = issue.fix.code.splitlines()
        code = "\n".join(cut(line, 120) for line in lines[:max_lines])
        if len(lines) > max_lines:
            code += f"\n# … {len(lines) - max_lines} more lines"
        review = "safe to apply" if issue.fix.safe else "needs review"
        where = ", ".join(issue.columns) or "table"
        parts.append(
            f"<h3>{_esc(issue.kind.value)} — {_esc(where, 80)}</h3>"
            f"<p>{_esc(issue.fix.description)} <span class='note'>({review})</span></p>"
            f'<pre class="code">{html.escape(code)}</pre>'
        )
    return Block("".join(parts))


def stages_table(record: RunRecord) -> Block:
    """The stages of a run with their time, CPU time and peak memory."""
    rows = [
        [
            s.name,
            s.state.value,
            _seconds(s.duration_s),
            _seconds(s.cpu_s),
            format_bytes(s.peak_memory_bytes),
        ]
        for s in record.stages
    ]
    return Block(
        table(
            ["stage", "state", "seconds", "CPU s", "peak memory"],
            rows,
            numeric=[2, 3, 4],
        )
    )


def findings_table(findings: Sequence[Any], *, limit: int = 40) -> Block:
    """Monitoring findings: severity, kind, where, and what changed."""
    if not findings:
        return Block(_none("No change worth a look."))
    rows = [
        [f.severity.value, f.kind.value, f.column or f.stage or "(table)", f.message]
        for f in findings[:limit]
    ]
    return Block(
        table(["severity", "kind", "where", "what changed"], rows)
        + _more(limit, len(findings), "findings")
    )


def history_table(metrics: Sequence[Any], *, limit: int = 20) -> Block:
    """Earlier runs of the source: time, memory and what they found."""
    if not metrics:
        return Block(_none("No earlier run of this source is recorded."))
    rows = [
        [
            m.run_id,
            m.state.value,
            f"{m.started_at:%Y-%m-%d %H:%M}",
            _seconds(m.seconds),
            format_bytes(m.peak_memory_bytes),
            "–" if m.rows is None else f"{m.rows:,}",
            cut(m.issues),
            cut(m.insights),
        ]
        for m in metrics[:limit]
    ]
    header = [
        "run",
        "state",
        "started (UTC)",
        "seconds",
        "peak memory",
        "rows",
        "issues",
        "insights",
    ]
    return Block(
        table(header, rows, numeric=[3, 4, 5, 6, 7])
        + _more(limit, len(metrics), "runs")
    )
