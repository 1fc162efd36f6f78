from __future__ import annotations

import numpy as np
import pytest

from analyst_pa.errors import InputError, StageError
from analyst_pa.results import StageState
from analyst_pa.runs import Run, RunStore, StageFinished, StageStarted


def test_stages_run_in_order_and_record_time_and_memory(tmp_path):
    events = []
    run = Run(
        "test", ["first", "second"], store=RunStore(tmp_path), listeners=[events.append]
    )

    with run.stage("first"):
        block = np.ones(20_000_000)  # 160 MB the stage's peak must show
        del block
    with run.stage("second"):
        pass
    record = run.finish()

    assert record.state == StageState.SUCCEEDED
    first, second = record.stages
    assert first.state == second.state == StageState.SUCCEEDED
    assert first.duration_s > 0 and first.cpu_s >= 0
    assert first.peak_memory_bytes >= 150 * 1024**2
    assert [type(e) for e in events] == [StageStarted, StageFinished] * 2
    assert [e.stage for e in events] == ["first", "first", "second", "second"]


def test_a_failing_stage_fails_the_run_and_keeps_earlier_results(tmp_path):
    store = RunStore(tmp_path)
    run = Run("test", ["load", "profile", "quality"], store=store)
    with run.stage("load"):
        pass

    with (
        pytest.raises(StageError, match="stage 'profile' failed: ZeroDivisionError"),
        run.stage("profile"),
    ):
        _ = 1 / 0

    saved = store.get(run.id)
    assert saved.state == StageState.FAILED
    assert [s.state for s in saved.stages] == [
        StageState.SUCCEEDED,
        StageState.FAILED,
        StageState.SKIPPED,
    ]
    assert saved.stage("profile").error == "ZeroDivisionError: division by zero"
    assert saved.stage("quality").reason == "stage 'profile' failed"


def test_input_errors_pass_through_unwrapped(tmp_path):
    run = Run("test", ["load"], store=None)
    with pytest.raises(InputError, match="bad column"), run.stage("load"):
        raise InputError("bad column")
    assert run.record.state == StageState.FAILED


def test_skipped_stage_says_why():
    run = Run("test", ["model"])
    run.skip("model", "no target column given")
    assert run.record.stage("model").state == StageState.SKIPPED
    assert run.record.stage("model").reason == "no target column given"


def test_artifacts_are_written_in_the_run_directory(tmp_path):
    run = Run("test", ["load"], store=RunStore(tmp_path))
    path = run.write_artifact("result.json", lambda tmp: tmp.write_text("{}"))
    assert path == tmp_path / run.id / "result.json"
    assert path.read_text() == "{}"
    assert run.record.artifacts == {"result.json": str(path)}


def test_unrecorded_run_writes_nothing(tmp_path):
    run = Run("test", ["load"])
    assert run.write_artifact("x", lambda tmp: tmp.write_text("x")) is None
    assert run.directory is None


def test_a_run_that_fails_before_any_artifact_leaves_no_directory(tmp_path):
    store = RunStore(tmp_path)
    run = Run("missing.csv", ["load"], store=store)
    with pytest.raises(InputError), run.stage("load"):
        raise InputError("missing.csv: no such file")

    assert store.get(run.id).state == StageState.FAILED  # the attempt is kept
    assert not (tmp_path / run.id).exists()
