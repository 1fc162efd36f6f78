"""A failing template, a batch with a bad source, and secrets kept out."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analyst_pa.reports import ReportError, format_batch, report, report_batch
from analyst_pa.results import StageState
from analyst_pa.runs import RunStore

pytestmark = pytest.mark.slow

PASSWORD = "s3cret-Pa55"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analyst_pa.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def broken(tmp_path) -> Path:
    """A template whose third code cell divides by zero."""
    parameters = new_code_cell('source = "dataset:flights"\ntitle = "Broken"')
    parameters.metadata["tags"] = ["parameters"]
    notebook = new_notebook(
        cells=[
            parameters,
            new_code_cell("seen = 'this cell ran'\nprint(seen)"),
            new_code_cell("total = 10\nratio = total / 0\nnever = 1"),
            new_code_cell("after = 'never runs'"),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_failing_cell_names_the_cell_and_keeps_the_partial_notebook(
    broken, tmp_path, isolated_runs
):
    with pytest.raises(ReportError) as failed:
        report("dataset:flights", template=broken, output=tmp_path / "out.html")

    error = failed.value
    assert error.cell == 4  # In [4]: after the injected parameters cell
    assert error.code == "ratio = total / 0"
    assert error.error == "ZeroDivisionError: division by zero"
    assert str(error).startswith(
        "stage 'execute' failed: template 'broken' failed at cell In [4] "
        "('ratio = total / 0'): ZeroDivisionError: division by zero; the partial "
        f"notebook is kept at {tmp_path / 'out.ipynb'}"
    )

    partial = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    outputs = [o for c in partial.cells if c.cell_type == "code" for o in c.outputs]
    assert any("this cell ran" in o.get("text", "") for o in outputs)
    assert any(o.get("ename") == "ZeroDivisionError" for o in outputs)
    assert not (tmp_path / "out.html").exists()

    (run,) = RunStore(isolated_runs).recent()
    assert run.state == StageState.FAILED
    assert run.stage("execute").state == StageState.FAILED
    assert run.stage("render").reason == "stage 'execute' failed"
    assert "ZeroDivisionError" in Path(run.artifacts["log.txt"]).read_text()


def test_the_command_exits_1_and_says_which_cell(broken, tmp_path):
    done = cli("report", "dataset:flights", "--template", str(broken), cwd=tmp_path)

    assert done.returncode == 1
    assert "failed at cell In [4] ('ratio = total / 0')" in done.stderr
    assert "ZeroDivisionError: division by zero" in done.stderr
    assert (tmp_path / "dataset-flights-broken.ipynb").is_file()


def test_a_missing_source_exits_2_before_any_kernel_starts(tmp_path):
    # Regression: the template used to run, exit 1 and leave a notebook.
    done = cli("report", "missing.csv", cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"analyst-pa: error: missing.csv: no such file: {tmp_path / 'missing.csv'} "
        f"(the working directory is {tmp_path}); check the path, or give an "
        "absolute one"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_source_the_analysis_cannot_use_records_one_failed_run(
    tmp_path, isolated_runs
):
    # Regression: the kernel's analysis recorded a failed run of its own.
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n3,4\n")

    with pytest.raises(ReportError, match="target column 'nope' is not in the data"):
        report(data, output=tmp_path / "out.html", parameters={"target": "nope"})

    (run,) = RunStore(isolated_runs).recent()
    assert run.source == f"{data} (report: analysis)"
    assert run.state == StageState.FAILED


def test_a_batch_goes_on_past_a_bad_source(tmp_path, isolated_runs):
    missing = tmp_path / "missing.csv"

    items = report_batch(
        ["dataset:flights", missing],
        output_dir=tmp_path / "out",
        grid={"sample": [2_000, 3_000]},
        workers=2,
    )

    assert [item.ok for item in items] == [True, True, False, False], format_batch(
        items
    )
    assert items[1].parameters == {"sample": 3_000}
    assert (
        items[0].output
        == tmp_path / "out" / "dataset-flights-analysis-sample-2000.html"
    )
    assert all(item.output.is_file() for item in items[:2])
    assert str(items[2].error).startswith(f"{missing}: no such file: ")
    summary = format_batch(items)
    assert summary.splitlines()[-1] == "2 of 4 reports done, 2 failed"
    assert summary.count("FAILED") == 2


def test_a_batch_file_from_the_command_line_prints_its_summary(tmp_path):
    sources = tmp_path / "sources.txt"
    sources.write_text("# nightly\ndataset:flights\nnowhere.csv\n")

    done = cli(
        "report",
        "--batch",
        str(sources),
        "-p",
        "sample=2000",
        "--output",
        "out",
        cwd=tmp_path,
    )

    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "1 of 2 reports done, 1 failed"
    assert lines[1].startswith("ok") and lines[2].startswith("FAILED")
    assert (tmp_path / "out" / "dataset-flights-analysis.html").is_file()


@pytest.fixture(scope="module")
def postgres_table(flights_raw) -> Iterator[str]:
    """A table of real flights in the local PostgreSQL, dropped afterwards."""
    sa = pytest.importorskip("sqlalchemy")
    engine = sa.create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        connect_args={"connect_timeout": 3},
    )
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432: {str(exc.orig).splitlines()[0]}")
    name = f"report_flights_{uuid.uuid4().hex[:8]}"
    flights_raw.head(3_000).to_sql(name, engine, index=False)
    yield name
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP TABLE "{name}"'))
    engine.dispose()


def files_holding(root: Path, secret: str) -> list[Path]:
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]


@pytest.mark.postgres
def test_no_password_reaches_a_report_a_log_or_a_notebook(
    postgres_table, tmp_path, isolated_runs
):
    # Trust authentication ignores the password, so the report succeeds.
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:5432/test"
    good = f"{url}?table={postgres_table}"
    bad = f"{url}?table=no_such_table_{uuid.uuid4().hex[:6]}"

    made = cli("report", good, "--template", "quality", "--to", "pdf", cwd=tmp_path)
    failed = cli("report", bad, cwd=tmp_path)

    assert made.returncode == 0, made.stderr
    assert failed.returncode == 1 and "no_such_table" in failed.stderr
    for output in (made.stdout, made.stderr, failed.stdout, failed.stderr):
        assert PASSWORD not in output
    assert list(tmp_path.glob("*.pdf")) and list(tmp_path.glob("*.ipynb"))
    assert files_holding(tmp_path, PASSWORD) == []
    assert files_holding(isolated_runs, PASSWORD) == []
    html = re.sub(r"<wbr/?>", "", next(tmp_path.glob("*quality.html")).read_text())
    assert (
        f"postgresql://postgres:***@127.0.0.1:5432/test?table={postgres_table}" in html
    )
