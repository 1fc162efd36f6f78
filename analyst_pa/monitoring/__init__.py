"""Monitoring: run metrics and logs, slow stages, and drift between runs.

Each run keeps its metrics (time, CPU time and peak memory per stage, rows,
columns, issue and insight counts) and its log lines beside it in the run
store; :func:`slow_stages` flags a stage much slower than its own history,
and :func:`compare_profiles` turns the differences between this run's
profile and the last run's of the same source into :class:`Finding`\\ s::

    from analyst_pa.monitoring import compare_profiles, previous_profile

    before = previous_profile(analysis.source, before=analysis.run.id)
    findings = compare_profiles(before, analysis.profile) if before else []

The rules and thresholds are in the docstrings of ``_drift`` and
``_history``; the ``monitoring`` report template shows all of it.
"""

from analyst_pa.monitoring._drift import (
    MISSING_JUMP,
    PSI_THRESHOLD,
    column_psi,
    compare_profiles,
    psi,
)
from analyst_pa.monitoring._findings import Finding, FindingKind
from analyst_pa.monitoring._history import (
    SLOW_FACTOR,
    SLOW_MIN_SECONDS,
    previous_analysis,
    previous_profile,
    runs_of,
    slow_stages,
)
from analyst_pa.monitoring._metrics import (
    RunMetrics,
    StageMetrics,
    read_log,
    record_metrics,
    run_metrics,
)
from analyst_pa.monitoring._table import format_history

__all__ = [
    "MISSING_JUMP",
    "PSI_THRESHOLD",
    "SLOW_FACTOR",
    "SLOW_MIN_SECONDS",
    "Finding",
    "FindingKind",
    "RunMetrics",
    "StageMetrics",
    "column_psi",
    "compare_profiles",
    "format_history",
    "previous_analysis",
    "previous_profile",
    "psi",
    "read_log",
    "record_metrics",
    "run_metrics",
    "runs_of",
    "slow_stages",
]
