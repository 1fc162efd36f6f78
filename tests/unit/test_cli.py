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


def test_fix_writes_cleaned_data_and_code_that_reproduces_it(small_csv, tmp_path):
    output, code = tmp_path / "clean.parquet", tmp_path / "clean.py"
    assert (
        main(
            ["fix", str(small_csv), "--output", str(output), "--code", str(code), "-q"]
        )
        == 0
    )

    cleaned = pd.read_parquet(output)
    assert "empty" not in cleaned.columns  # dropping an empty column is safe
    from analyst_pa.sources import load

    namespace = {"df": load(small_csv)}
    exec(code.read_text(), namespace)
    pd.testing.assert_frame_equal(namespace["df"].reset_index(drop=True), cleaned)


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


def test_bad_arguments_exit_2_from_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "analyst_pa.cli", "analyze"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "the following arguments are required: source" in done.stderr
