"""The monitoring report: a first run is the baseline, a modified one drifts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from analyst_pa.monitoring import format_history, read_log, run_metrics
from analyst_pa.reports import report
from analyst_pa.runs import RunStore

pytestmark = pytest.mark.slow


def text_of(path) -> str:
    return re.sub(r"<wbr/?>", "", path.read_text(encoding="utf-8"))


def test_a_second_modified_run_shows_drift(flights_raw, tmp_path, isolated_runs):
    data = tmp_path / "flights.parquet"
    sample = flights_raw.sample(15_000, random_state=7).reset_index(drop=True)
    sample.to_parquet(data)
    first = text_of(report(data, template="monitoring", output=tmp_path / "1.html"))

    changed = sample.drop(columns=["minute"])
    changed["dep_delay"] = changed["dep_delay"] + 45
    changed.loc[: len(changed) // 4, "arr_time"] = np.nan
    changed.to_parquet(data)
    second = text_of(report(data, template="monitoring", output=tmp_path / "2.html"))

    assert "this run is the baseline" in first
    assert "No change worth a look" in first
    assert "Compared with run " in second
    assert "Changes since the previous run: 3." in second
    assert "column 'minute' (integer) is gone" in second
    assert "the distribution of 'dep_delay' shifted (PSI " in second
    missing = sample["arr_time"].isna().mean()
    assert f"missing values in 'arr_time' went from {missing:.1%} to " in second
    assert second.count("<tr>") > first.count("<tr>")  # the history grew
    assert len(second.encode()) < 2 * 1024**2


def test_runs_keep_metrics_and_logs_for_the_history(
    flights_raw, tmp_path, isolated_runs
):
    data = tmp_path / "few.csv"
    flights_raw.head(3_000).to_csv(data, index=False)
    report(data, template="quality", output=tmp_path / "q.html")

    runs = RunStore(isolated_runs).recent()
    analysis = next(r for r in runs if "analysis.json" in r.artifacts)
    made = next(r for r in runs if r.source.endswith("(report: quality)"))

    metrics = run_metrics(analysis)
    assert (metrics.rows, metrics.columns) == (3_000, 19)
    assert metrics.issues is not None and metrics.issues > 0
    assert metrics.peak_memory_bytes is not None and metrics.cpu_s is not None
    assert any("papermill" in line for line in read_log(made))
    assert run_metrics(made).issues == metrics.issues
    table = format_history(runs)
    assert "3,000" in table and "(report: quality)" in table
