"""What the report templates call inside the kernel.

A template loads and analyses its source with :func:`prepare`, then shows
blocks (HTML tables built from the :class:`~analyst_pa.results.Analysis`)
and charts (seaborn, as PNG). Everything here renders what the analysis
holds; nothing recomputes it. The monitoring template adds
:func:`compare_with_previous` and :func:`source_history`.

This is kernel-side code: data caveats are warnings, nothing is printed.
"""

from __future__ import annotations

import inspect
import os
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analyst_pa.reports._blocks import (
    Block,
    columns_table,
    cut,
    executive_summary,
    findings_table,
    fix_code,
    history_table,
    insights_table,
    issues_table,
    overview_table,
    recommendations_table,
    stages_table,
    title_block,
)
from analyst_pa.reports._charts import (
    correlation_chart,
    distribution_chart,
    drift_chart,
    history_chart,
    issues_chart,
    missing_chart,
    time_chart,
    top_values_chart,
)
from analyst_pa.reports._execute import SOURCE_ENV
from analyst_pa.results import Analysis

if TYPE_CHECKING:
    import pandas as pd

    from analyst_pa.monitoring import Finding, RunMetrics

__all__ = [
    "Block",
    "Comparison",
    "ReportData",
    "columns_table",
    "compare_with_previous",
    "correlation_chart",
    "cut",
    "distribution_chart",
    "drift_chart",
    "executive_summary",
    "findings_table",
    "fix_code",
    "history_chart",
    "history_table",
    "insights_table",
    "issues_chart",
    "issues_table",
    "missing_chart",
    "overview_table",
    "prepare",
    "previous_note",
    "recommendations_table",
    "resolve_source",
    "source_history",
    "stages_table",
    "time_chart",
    "title_block",
    "top_values_chart",
]


@dataclass
class ReportData:
    """The data a report is about and what the analysis found in it."""

    frame: pd.DataFrame
    analysis: Analysis
    note: str | None = None
    log: list[str] = field(default_factory=list)


def resolve_source(source: str) -> str:
    """Return the real source for the redacted one a template was given.

    :func:`analyst_pa.report` passes the source with its password in the
    kernel's environment only; any other source is returned as it is.
    """
    from analyst_pa.sources import describe_source

    real = os.environ.get(SOURCE_ENV)
    if real and describe_source(real) == source:
        return real
    return source


def prepare(
    source: str,
    *,
    target: str | None = None,
    time: str | None = None,
    rules: Any = None,
    sample: int | None = None,
    seed: int = 0,
) -> ReportData:
    """Load and analyse ``source``, recording the run and its metrics.

    Parameters
    ----------
    source : str
        The template's ``source`` parameter.
    target, time : str, optional
        Passed to :func:`analyst_pa.analyze`.
    rules : optional
        Business rules, passed to ``analyze`` where it takes them.
    sample : int, optional
        Analyse a seeded random sample of this many rows (faster; the
        report says so). The run is then labelled with the sample.
    seed : int, default 0
        The sample's seed.

    Returns
    -------
    ReportData
    """
    from analyst_pa.monitoring import record_metrics
    from analyst_pa.sources._redact import redact_text, secrets_in

    real = resolve_source(source)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = _analyse(real, target, time, rules, sample, seed)

    data.log = [
        redact_text(f"WARNING {w.category.__name__}: {w.message}", secrets_in(real))
        for w in caught
    ]
    for w in caught:  # shown again, so the notebook and the report log keep them
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    record_metrics(
        data.analysis.run,
        issues=len(data.analysis.issues),
        insights=len(data.analysis.insights),
        log=data.log,
    )
    return data


def _analyse(
    source: str,
    target: str | None,
    time: str | None,
    rules: Any,
    sample: int | None,
    seed: int,
) -> ReportData:
    from analyst_pa.analysis import _check_columns, analyze
    from analyst_pa.sources import describe_source, load

    options: dict[str, Any] = {"target": target, "time": time}
    if rules is not None:
        if "rules" in inspect.signature(analyze).parameters:
            options["rules"] = rules
        else:
            warnings.warn(
                "this version of analyze() does not check business rules; the "
                "'rules' parameter is ignored",
                stacklevel=3,
            )

    # Loaded and checked before analyze() starts its run: a source or column
    # the report cannot use fails the report's run only, not a second one.
    frame = load(source)
    _check_columns(frame, target=target, time=time)
    label = describe_source(source)
    note = None
    if sample:
        total = len(frame)
        if total > sample:
            frame = frame.sample(n=int(sample), random_state=seed).sort_index()
        label = f"{label} (sample of {int(sample):,}, seed {seed})"
        note = f"A random sample of {len(frame):,} of the {total:,} rows (seed {seed})."
    return ReportData(frame, analyze(frame, name=label, **options), note)


@dataclass
class Comparison:
    """This run against the last run of the same source."""

    previous: Analysis | None
    findings: list[Finding]
    scores: dict[str, float]


def compare_with_previous(analysis: Analysis) -> Comparison:
    """Compare this analysis with the last one of the same source.

    The findings are the drift between the two profiles
    (:func:`~analyst_pa.monitoring.compare_profiles`) and the stages of this
    run much slower than their history
    (:func:`~analyst_pa.monitoring.slow_stages`).
    """
    from analyst_pa.monitoring import (
        column_psi,
        compare_profiles,
        previous_analysis,
        runs_of,
        slow_stages,
    )

    previous = previous_analysis(analysis.source, before=analysis.run.id)
    findings = slow_stages(analysis.run, runs_of(analysis.source))
    if previous is None or previous.profile is None or analysis.profile is None:
        return Comparison(previous, findings, {})

    findings = compare_profiles(previous.profile, analysis.profile) + findings
    before = {c.name: c for c in previous.profile.columns}
    scores = {}
    for column in analysis.profile.columns:
        if column.name in before:
            score = column_psi(before[column.name], column)
            if score is not None:
                scores[column.name] = score
    return Comparison(previous, findings, scores)


def previous_note(comparison: Comparison) -> Block:
    """Say which run this one is compared with, or that it is the first."""
    previous = comparison.previous
    if previous is None:
        return Block(
            '<p class="none">No earlier successful run of this source is '
            "recorded: this run is the baseline the next one is compared with.</p>"
        )
    return Block(
        f"<p>Compared with run {cut(previous.run.id)} of "
        f"{previous.run.started_at:%Y-%m-%d %H:%M} UTC.</p>"
    )


def source_history(analysis: Analysis, *, limit: int = 20) -> list[RunMetrics]:
    """Return the metrics of the recorded runs of this analysis's source,
    newest first, this run included."""
    from analyst_pa.monitoring import run_metrics, runs_of

    return [run_metrics(r) for r in runs_of(analysis.source, limit=limit)]
