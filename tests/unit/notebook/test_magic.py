"""The %analyst magics, in an IPython shell without a kernel."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output

from analyst_pa.notebook._panel import TABS, Panel
from analyst_pa.notebook._quality import QualityView

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _magics(shell):
    return shell.magics_manager.registry["AnalystMagics"]


def _usage_error(shell, cell: str, capsys) -> str:
    """Run ``cell``, check it ended in a UsageError, and return what was
    printed; there must be no traceback in it."""
    result = shell.run_cell(cell, store_history=False)
    assert isinstance(result.error_in_exec, UsageError)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return err


@pytest.fixture
def sales_db(tmp_path, messy):
    path = tmp_path / "sales.db"
    with sqlite3.connect(path) as connection:
        messy.to_sql("sales", connection, index=False)
    return path


def test_load_ext_registers_the_line_and_the_cell_magic(shell):
    assert shell.find_line_magic("analyst") is not None
    assert shell.find_cell_magic("analyst") is not None


def test_loading_the_package_imports_neither_the_magic_nor_widgets():
    code = (
        "import sys, analyst_pa, analyst_pa.cli; analyst_pa.cli._parser(); "
        "print(sorted(m for m in ('analyst_pa.notebook._magic', 'ipywidgets', "
        "'IPython', 'jupyter_client') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_help_lists_every_command(shell, capsys):
    shell.run_cell("%analyst --help", store_history=False)

    out = capsys.readouterr().out
    for command in ("%analyst DATA", "quality", "load SOURCE", "%%analyst sql"):
        assert command in out
    assert "report DATA" in out


def test_a_command_help_prints_its_usage(shell, capsys):
    result = shell.run_cell("%analyst load --help", store_history=False)

    assert result.success
    assert "usage: %analyst load [-h]" in capsys.readouterr().out


def test_no_arguments_print_the_commands(shell, capsys):
    err = _usage_error(shell, "%analyst", capsys)
    assert "%analyst needs a command or data" in err


def test_a_bad_argument_prints_the_usage_line_not_a_traceback(shell, capsys, messy):
    shell.user_ns["df"] = messy

    err = _usage_error(shell, "%analyst df --tab nowhere", capsys)

    assert "usage: %analyst" in err
    assert "argument --tab: invalid choice: 'nowhere'" in err


def test_unbalanced_quotes_are_a_usage_error(shell, capsys):
    err = _usage_error(shell, "%analyst load 'unfinished", capsys)
    assert "cannot split the arguments" in err


def test_an_unknown_name_says_what_to_give(shell, capsys):
    err = _usage_error(shell, "%analyst nothing_here", capsys)
    assert "no variable called 'nothing_here'" in err


def test_a_variable_that_is_not_a_frame_is_refused(shell, capsys):
    shell.user_ns["numbers"] = [1, 2, 3]

    err = _usage_error(shell, "%analyst numbers", capsys)

    assert "numbers is a list, not a pandas DataFrame" in err


def test_an_unknown_target_column_is_named(shell, capsys, messy):
    shell.user_ns["df"] = messy

    err = _usage_error(shell, "%analyst df --target price", capsys)

    assert "--target 'price' is not a column of df" in err


def test_a_source_that_cannot_be_read_is_a_clean_error(shell, capsys, tmp_path):
    err = _usage_error(shell, f"%analyst load {tmp_path / 'missing.csv'}", capsys)
    assert "missing.csv" in err


def test_analyst_df_shows_a_finished_panel_without_a_kernel(shell, messy):
    shell.user_ns["df"] = messy

    with capture_output() as shown:
        result = shell.run_cell("%analyst df", store_history=False)

    assert result.success
    panel = _magics(shell).panel
    assert isinstance(panel, Panel)
    assert not panel.running
    assert panel.analysis is not None and panel.analysis.source == "df"
    assert panel.data is not None and panel.data.expression == "df"
    [output] = shown.outputs
    assert {"text/plain", "text/html", WIDGET_VIEW} <= set(output.data)


@pytest.mark.parametrize("view", ["overview", "quality", "insights", "recommendations"])
def test_a_view_command_opens_the_panel_at_its_tab(shell, messy, view):
    shell.user_ns["df"] = messy

    with capture_output():
        shell.run_cell(f"%analyst {view} df", store_history=False)

    panel = _magics(shell).panel
    assert panel.tabs.selected_index == TABS.index(view)
    if view == "quality":
        assert isinstance(panel.quality, QualityView)


def test_analyst_reads_a_path_and_applies_from_its_source(shell, messy, tmp_path):
    path = tmp_path / "sales.csv"
    messy.to_csv(path, index=False)

    with capture_output():
        shell.run_cell(f"%analyst {path}", store_history=False)

    panel = _magics(shell).panel
    assert panel.analysis.source == str(path)
    assert panel.data.expression == f"analyst_pa.load({str(path)!r})"


def test_in_a_kernel_the_analysis_runs_in_the_background(
    shell, messy, gated, monkeypatch
):
    monkeypatch.setattr(shell, "kernel", object(), raising=False)
    shell.user_ns["df"] = messy

    with capture_output():
        result = shell.run_cell("%analyst df", store_history=False)

    # The magic returned while the analysis is held back: the kernel is free,
    # and the overview is already there.
    panel = _magics(shell).panel
    assert result.success and panel.running
    assert "analyst-pa-overview" in panel.tabs.children[0].children[0].value
    gated.set()
    assert panel.wait(60).profile.n_rows == len(messy)


def test_wait_blocks_until_the_analysis_is_done_in_a_kernel(shell, messy, monkeypatch):
    monkeypatch.setattr(shell, "kernel", object(), raising=False)
    shell.user_ns["df"] = messy

    with capture_output():
        shell.run_cell("%analyst df --wait", store_history=False)

    assert not _magics(shell).panel.running


def test_load_binds_the_frame_and_says_what_it_loaded(shell, messy, tmp_path, capsys):
    path = tmp_path / "sales.csv"
    messy.to_csv(path, index=False, sep=";")

    shell.run_cell(f"%analyst load {path} --as sales -o delimiter=;")

    assert shell.user_ns["sales"].shape == messy.shape
    assert "sales: 201 rows × 4 columns from" in capsys.readouterr().out


def test_load_without_as_returns_the_frame(shell, messy, tmp_path):
    path = tmp_path / "sales.csv"
    messy.to_csv(path, index=False)

    result = shell.run_cell(f"%analyst load {path}", store_history=False)

    assert isinstance(result.result, pd.DataFrame)
    assert list(result.result.columns) == list(messy.columns)


def test_load_refuses_a_name_that_is_not_a_variable(shell, tmp_path, capsys, messy):
    path = tmp_path / "sales.csv"
    messy.to_csv(path, index=False)

    err = _usage_error(shell, f"%analyst load {path} --as 2nd", capsys)

    assert "--as '2nd' is not a Python variable name" in err


def test_sql_runs_the_cell_body_and_binds_the_rows(shell, sales_db):
    cell = (
        f"%%analyst sql sqlite:///{sales_db} --as cities\n"
        "SELECT TRIM(city) AS city, COUNT(*) AS n FROM sales GROUP BY 1 ORDER BY 1"
    )

    result = shell.run_cell(cell, store_history=False)

    assert result.success
    cities = shell.user_ns["cities"]
    assert list(cities["city"]) == ["Lyon", "Nice", "Paris"]
    assert cities["n"].sum() == 201


def test_sql_limits_rows_when_asked(shell, sales_db):
    cell = f"%%analyst sql sqlite:///{sales_db} --max-rows 5\nSELECT * FROM sales"

    result = shell.run_cell(cell, store_history=False)

    assert len(result.result) == 5


def test_sql_refuses_anything_but_a_select(shell, sales_db, capsys):
    cell = f"%%analyst sql sqlite:///{sales_db} --as gone\nDELETE FROM sales"

    err = _usage_error(shell, cell, capsys)

    assert "not read-only or not a SELECT" in err
    with sqlite3.connect(sales_db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM sales").fetchone() == (201,)


def test_sql_needs_a_query_in_the_body(shell, sales_db, capsys):
    err = _usage_error(shell, f"%%analyst sql sqlite:///{sales_db}\n  ", capsys)
    assert "the cell body is the query, and it is empty" in err


def test_sql_is_a_cell_magic_only(shell, sales_db, capsys):
    err = _usage_error(shell, f"%analyst sql sqlite:///{sales_db}", capsys)
    assert "sql is a cell magic" in err


def test_only_sql_takes_a_cell_body(shell, capsys):
    err = _usage_error(shell, "%%analyst load x.csv\nSELECT 1", capsys)
    assert "takes a cell body only for sql" in err


def test_report_writes_a_frame_and_passes_the_options(shell, messy, monkeypatch):
    import analyst_pa

    calls = []

    def fake_report(source, **options):
        calls.append((source, options, pd.read_parquet(source).shape))
        return options["output"]

    monkeypatch.setattr(analyst_pa, "report", fake_report, raising=False)
    shell.user_ns["df"] = messy

    result = shell.run_cell(
        "%analyst report df --to pdf --output out.pdf -p year=2013 -p title=Sales",
        store_history=False,
    )

    assert result.success
    assert str(result.result) == "out.pdf"
    [(source, options, shape)] = calls
    assert source.endswith("df.parquet") and shape == messy.shape
    assert options["to"] == "pdf" and options["template"] == "analysis"
    assert options["parameters"] == {"year": 2013, "title": "Sales"}
