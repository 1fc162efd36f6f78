"""Run metrics and logs in the store, previous runs, and slow stages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analyst_pa
from analyst_pa.monitoring import (
    FindingKind,
    format_history,
    previous_analysis,
    previous_profile,
    read_log,
    record_metrics,
    run_metrics,
    runs_of,
    slow_stages,
)
from analyst_pa.results import RunRecord, StageRecord, StageState
from analyst_pa.runs import RunStore

START = datetime(2026, 1, 1, tzinfo=UTC)


def record(n: int, **durations: float) -> RunRecord:
    return RunRecord(
        id=f"run-{n:02d}",
        source="sales",
        state=StageState.SUCCEEDED,
        started_at=START + timedelta(hours=n),
        stages=[
            StageRecord(name=name, state=StageState.SUCCEEDED, duration_s=seconds)
            for name, seconds in durations.items()
        ],
    )


def history(n: int, **durations: float) -> list[RunRecord]:
    return [record(i, **durations) for i in reversed(range(n))]


def test_a_stage_three_times_slower_than_its_median_is_flagged():
    past = history(5, load=2.0, profile=0.5)
    now = record(9, load=7.0, profile=0.6)

    (slow,) = slow_stages(now, past)

    assert slow.kind == FindingKind.SLOW_STAGE and slow.stage == "load"
    assert slow.score == pytest.approx(3.5)
    assert "took 7.00 s, 3.5× its median of 2.00 s over the last 5 runs" in slow.message


def test_short_stages_and_short_histories_are_not_flagged():
    assert slow_stages(record(9, quality=0.9), history(5, quality=0.1)) == []
    assert slow_stages(record(9, load=10.0), history(2, load=1.0)) == []


def test_only_the_last_window_of_succeeded_runs_counts():
    past = history(12, load=1.0)
    for old in past[10:]:
        old.stages[0].duration_s = 100.0  # older than the window of 10
    failed = record(11, load=50.0)
    failed.state = StageState.FAILED
    assert slow_stages(record(20, load=4.0), [failed, *past])[0].previous == 1.0


def analyze_named(frame: pd.DataFrame, store: RunStore) -> analyst_pa.Analysis:
    return analyst_pa.analyze(frame, name="orders", store=store)


def test_the_previous_profile_is_the_last_succeeded_run_before_this_one(tmp_path):
    store = RunStore(tmp_path)
    frame = pd.DataFrame({"amount": np.arange(100.0), "city": ["a", "b"] * 50})
    first = analyze_named(frame, store)
    second = analyze_named(frame.assign(amount=frame["amount"] * 3), store)

    assert (
        previous_profile("orders", store=store, before=second.run.id) == first.profile
    )
    assert previous_analysis("orders", store=store) == second
    assert previous_profile("orders", store=store, before=first.run.id) is None
    assert previous_profile("nothing", store=store) is None
    assert [r.id for r in runs_of("orders", store=store)] == [
        second.run.id,
        first.run.id,
    ]


def test_metrics_come_from_the_record_and_the_kept_analysis(tmp_path):
    store = RunStore(tmp_path)
    frame = pd.DataFrame({"x": [1.0, None, 3.0, 1e9], "y": ["a", "a", "a", "a"]})
    analysis = analyze_named(frame, store)

    metrics = run_metrics(store.get(analysis.run.id))

    assert (metrics.rows, metrics.columns) == (4, 2)
    assert metrics.issues == len(analysis.issues) > 0
    assert metrics.insights == 0
    assert [s.name for s in metrics.stages] == [s.name for s in analysis.run.stages]
    assert metrics.cpu_s == pytest.approx(
        sum(s.cpu_s or 0 for s in analysis.run.stages)
    )
    assert metrics.seconds is not None and metrics.seconds > 0


def test_record_metrics_keeps_counts_and_log_beside_the_run(tmp_path):
    store = RunStore(tmp_path)
    analysis = analyze_named(pd.DataFrame({"x": [1, 2, 3]}), store)

    record_metrics(
        analysis.run, issues=7, insights=2, log=["WARNING one", "two"], store=store
    )

    kept = store.get(analysis.run.id)
    stored = json.loads(Path(kept.artifacts["metrics.json"]).read_text())
    assert (stored["issues"], stored["insights"], stored["rows"]) == (7, 2, 3)
    assert read_log(kept) == ["WARNING one", "two"]
    assert run_metrics(kept).issues == 7


def test_the_history_table_shows_metrics_and_slow_stages():
    runs = [record(9, load=9.0), *history(4, load=1.0)]
    runs[0].n_rows, runs[0].n_columns = 1200, 5

    table = format_history(runs).splitlines()

    assert table[0].split()[:3] == ["id", "state", "started"]
    assert "insights" in table[0]
    assert "1,200" in table[1] and "slow: load" in table[1]
    assert "slow" not in "".join(table[2:])
