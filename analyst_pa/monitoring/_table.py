"""The run history as a text table, for ``analyst-pa runs``."""

from __future__ import annotations

from collections.abc import Sequence

from analyst_pa.monitoring._history import slow_stages
from analyst_pa.monitoring._metrics import RunMetrics, run_metrics
from analyst_pa.results import RunRecord
from analyst_pa.text import format_bytes

__all__ = ["format_history"]

_HEADER = (
    f"{'id':<22}  {'state':<9}  {'started (UTC)':<19}  {'seconds':>7}  "
    f"{'cpu s':>6}  {'peak mem':>9}  {'rows':>9}  {'cols':>4}  {'issues':>6}  "
    f"{'insights':>8}  source"
)


def _number(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _line(metrics: RunMetrics, slow: list[str]) -> str:
    flags = f"  slow: {', '.join(slow)}" if slow else ""
    peak = (
        format_bytes(metrics.peak_memory_bytes)
        if metrics.peak_memory_bytes is not None
        else "-"
    )
    return (
        f"{metrics.run_id:<22}  {metrics.state.value:<9}  "
        f"{metrics.started_at:%Y-%m-%d %H:%M:%S}  "
        f"{_number(metrics.seconds, '.1f'):>7}  {_number(metrics.cpu_s, '.1f'):>6}  "
        f"{peak:>9}  {_number(metrics.rows, ','):>9}  "
        f"{_number(metrics.columns, 'd'):>4}  {_number(metrics.issues, 'd'):>6}  "
        f"{_number(metrics.insights, 'd'):>8}  {metrics.source}{flags}"
    )


def format_history(runs: Sequence[RunRecord]) -> str:
    """Return the runs as a table with their metrics, newest first.

    Parameters
    ----------
    runs : sequence of RunRecord
        As :meth:`RunStore.recent` returns them, newest first.

    Returns
    -------
    str
        One line per run: time, CPU, peak memory, rows, columns, issue and
        insight counts, and the stages flagged slow against the earlier
        runs of the same source in ``runs``.
    """
    lines = [_HEADER]
    for index, record in enumerate(runs):
        earlier = [r for r in runs[index + 1 :] if r.source == record.source]
        slow = [f.stage or "" for f in slow_stages(record, earlier)]
        lines.append(_line(run_metrics(record), slow))
    return "\n".join(lines)
