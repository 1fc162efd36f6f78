"""Prometheus metrics of the extension, shown on jupyter-server's ``/metrics``.

jupyter-server serves the default ``prometheus_client`` registry, so metrics
registered there at import appear beside its own. Names follow Prometheus'
conventions (``_total`` counters, ``_seconds`` and ``_bytes`` units); labels
are small closed sets (kind, outcome), never a source name or a user, so the
number of series stays bounded.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

__all__ = [
    "QUERIES",
    "QUERY_BYTES",
    "QUERY_SECONDS",
    "RUNS",
    "RUNS_ACTIVE",
    "RUN_SECONDS",
]

QUERIES = Counter(
    "analyst_pa_source_queries",
    "Reads of server sources, by source kind and outcome "
    "(ok, refused, failed, timeout, cancelled, too_large).",
    ["kind", "outcome"],
)
QUERY_BYTES = Counter(
    "analyst_pa_source_query_bytes",
    "Bytes of Arrow IPC sent to clients, by source kind.",
    ["kind"],
)
QUERY_SECONDS = Histogram(
    "analyst_pa_source_query_duration_seconds",
    "How long reads of server sources take, by source kind.",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
RUNS = Counter(
    "analyst_pa_report_runs",
    "Report runs, by outcome (started, succeeded, failed).",
    ["outcome"],
)
RUN_SECONDS = Histogram(
    "analyst_pa_report_run_duration_seconds",
    "How long report runs take, from start to end, by outcome.",
    ["outcome"],
    buckets=(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600),
)
RUNS_ACTIVE = Gauge(
    "analyst_pa_report_runs_active", "Report runs queued or running right now."
)
