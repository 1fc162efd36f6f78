"""The command line, run in-process through ``main`` and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from analyst_pa.cli import main
from analyst_pa.results import Analysis, analysis_json_schema


@pytest.fixture
def small_csv(tmp_path) -> Path:
    frame = pd.DataFrame(
        {
            "city": ["Lyon", "Paris ", "Lyon", None, "Nice", "Paris"],
            "amount": [1.5, 2.0, 3.25, 4.0, None, 6.0],
            "empty": [None] * 6,
        }
    )
    path = tmp_path / "small.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("command", ["analyze", "fix", "demo", "runs"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: analyst-pa" in capsys.readouterr().out


def test_analyze_prints_a_summary_and_writes_valid_json(small_csv, tmp_path, capsys):
    out = tmp_path / "result.json"
    assert main(["analyze", str(small_csv), "--json", str(out), "-q"]) == 0

    printed = capsys.readouterr().out
    assert "6 rows × 3 columns" in printed
    assert "all_missing: empty is missing in all 6 rows." in printed
    document = json.loads(out.read_text())
    jsonschema.validate(document, analysis_json_schema())
    analysis = Analysis.model_validate(document)
    assert analysis.profile.column("amount").missing == 1
    assert analysis.profile.column("amount").max == 6.0


def test_a_missing_file_exits_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert main(["analyze", str(missing), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("analyst-pa: error: ")
    assert "nope.csv" in err and len(err.splitlines()) == 1


def test_an_unknown_target_column_exits_2_naming_the_columns(small_csv, capsys):
    assert main(["analyze", str(small_csv), "--target", "price", "-q"]) == 2
    err = capsys.readouterr().err
    assert "target column 'price' is not in the data" in err
    assert "city, amount, empty" in err


def test_fix_writes_cleaned_data_and_a_script_that_reproduces_it(small_csv, tmp_path):
    import runpy

    output, code = tmp_path / "clean.parquet", tmp_path / "clean.py"
    arguments = ["fix", str(small_csv), "--output", str(output), "--code", str(code)]
    assert main([*arguments, "-q"]) == 0

    cleaned = pd.read_parquet(output)
    assert "empty" not in cleaned.columns  # dropping an empty column is safe
    # The script stands alone: it loads the source itself.
    namespace = runpy.run_path(str(code))
    pd.testing.assert_frame_equal(namespace["df"].reset_index(drop=True), cleaned)
    assert oct(output.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    import os

    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_outputs_that_cannot_be_written_are_refused_before_any_work(
    small_csv, tmp_path, capsys
):
    assert main(["analyze", str(small_csv), "--json", str(tmp_path), "-q"]) == 2
    assert f"--json {tmp_path} is a directory" in capsys.readouterr().err

    arguments = ["fix", str(small_csv), "--output", str(small_csv), "-q"]
    assert main(arguments) == 2
    assert "is the source itself" in capsys.readouterr().err
    assert pd.read_csv(small_csv).shape == (6, 3)  # the original is kept


def test_fix_refuses_an_output_it_cannot_write_before_any_work(
    small_csv, tmp_path, capsys
):
    assert main(["fix", str(small_csv), "--output", str(tmp_path / "x.xls")]) == 2
    assert "name a file ending in .csv, .parquet, .json" in capsys.readouterr().err
    assert not (tmp_path / "x.xls").exists()


def test_runs_lists_what_analyze_recorded(small_csv, capsys):
    main(["analyze", str(small_csv), "-q"])
    capsys.readouterr()
    assert main(["runs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["id", "state"]
    assert "succeeded" in lines[1] and "small.csv" in lines[1]


def test_a_closed_pipe_ends_quietly(tmp_path):
    done = subprocess.run(
        f"{sys.executable} -m analyst_pa.cli analyze dataset:flights -q | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "ANALYST_PA_RUNS_DIR": str(tmp_path)},
    )
    assert done.stdout.startswith("dataset:flights")
    assert "BrokenPipe" not in done.stderr and "Traceback" not in done.stderr


def test_interrupt_prints_one_line_and_exits_130(tmp_path):
    import signal
    import threading

    process = subprocess.Popen(
        [sys.executable, "-m", "analyst_pa.cli", "analyze", "dataset:flights"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**__import__("os").environ, "ANALYST_PA_RUNS_DIR": str(tmp_path)},
    )
    # Interrupt once the progress bar says the quality stage has begun, so
    # the signal lands mid-run however fast the machine is.
    err, started = bytearray(), threading.Event()

    def read() -> None:
        while chunk := process.stderr.read1(1024):
            err.extend(chunk)
            if b"quality" in err:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(60), err.decode()
    process.send_signal(signal.SIGINT)
    process.wait(60)
    reader.join(10)

    text = err.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text
    assert text.strip().splitlines()[-1].split("\r")[-1] == "analyst-pa: interrupted"


def test_bad_arguments_exit_2_from_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "analyst_pa.cli", "analyze"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "the following arguments are required: source" in done.stderr
