"""Bad report requests are refused before any kernel starts, nothing written."""

from __future__ import annotations

import sys

import pytest

from analyst_pa._report_cli import _value_for
from analyst_pa.cli import main
from analyst_pa.errors import InputError, SourceError
from analyst_pa.reports import find_template, report
from analyst_pa.reports._report import notebook_path, report_paths
from analyst_pa.runs import RunStore


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def nothing_left(directory, runs) -> bool:
    return not list(directory.iterdir()) and RunStore(runs).recent() == []


def test_a_missing_file_is_refused_before_executing(here, isolated_runs):
    with pytest.raises(SourceError) as refused:
        report("missing.csv")

    assert str(refused.value) == (
        f"missing.csv: no such file: {here / 'missing.csv'} (the working directory "
        f"is {here}); check the path, or give an absolute one"
    )
    assert nothing_left(here, isolated_runs)


def test_a_directory_or_an_unknown_file_type_is_refused(here, isolated_runs):
    (here / "data").mkdir()
    (here / "notes.docx").write_text("x")

    with pytest.raises(SourceError, match=r"data is a directory; expected a file"):
        report("data")
    with pytest.raises(SourceError, match=r"unsupported file type \.docx"):
        report("notes.docx")
    assert RunStore(isolated_runs).recent() == []


def test_an_unknown_data_set_is_refused(here, isolated_runs):
    with pytest.raises(
        SourceError,
        match="dataset:nope: no data set 'nope' ships with analyst_pa; "
        "the data sets are: flights",
    ):
        report("dataset:nope")
    assert nothing_left(here, isolated_runs)


def test_a_parameter_of_the_wrong_type_is_refused(here, isolated_runs):
    with pytest.raises(InputError) as refused:
        report("dataset:flights", parameters={"sample": "abc"})

    assert str(refused.value) == (
        "parameter 'sample' of template 'analysis' takes a whole number or None "
        "(Optional[int]), got 'abc' (a str); pass a value of that type, "
        "e.g. sample=10"
    )
    with pytest.raises(InputError, match=r"'rules' .* takes a list or None"):
        report("dataset:flights", parameters={"rules": "a > 0"})
    with pytest.raises(InputError, match=r"'sample' .* got True \(a bool\)"):
        report("dataset:flights", parameters={"sample": True})
    assert nothing_left(here, isolated_runs)


def test_an_unknown_parameter_lists_the_known_ones(here):
    with pytest.raises(InputError) as refused:
        report("dataset:flights", parameters={"smaple": 10})

    assert str(refused.value) == (
        "template 'analysis' has no parameter 'smaple'; its parameters are: "
        "source, sample, target, time, rules, title"
    )


def test_the_command_exits_2_with_one_line_for_a_bad_value(here, capsys):
    code = main(["report", "dataset:flights", "-p", "sample=abc", "-q"])

    assert code == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "analyst-pa: error: parameter 'sample' of template 'analysis' takes a "
        "whole number or None (Optional[int]), got 'abc' (a str); pass a value "
        "of that type, e.g. sample=10"
    ]


def test_the_command_exits_2_for_a_missing_file(here, capsys, isolated_runs):
    code = main(["report", "missing.csv", "-q"])

    assert code == 2
    assert capsys.readouterr().err.startswith(
        "analyst-pa: error: missing.csv: no such file: "
    )
    assert nothing_left(here, isolated_runs)


def test_text_parameters_keep_what_was_typed_on_the_command_line():
    types = {p.name: p.type for p in find_template("analysis").parameters}

    assert _value_for(types, "title", "2024") == "2024"
    assert _value_for(types, "target", "None") is None
    assert _value_for(types, "sample", "2000") == 2000


def test_pdf_without_weasyprint_is_refused_before_executing(
    here, isolated_runs, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails

    with pytest.raises(InputError) as refused:
        report("dataset:flights", to="pdf")

    message = str(refused.value)
    assert message.startswith("PDF reports need WeasyPrint, which cannot be imported")
    assert (
        "pip install weasyprint (or pip install 'analyst_pa[pdf]'; from a clone, "
        "pip install '.[pdf]')" in message
    )
    assert message.endswith("or use --to html")
    assert nothing_left(here, isolated_runs)


def test_an_output_in_a_missing_directory_is_refused(tmp_path):
    missing = tmp_path / "no" / "such"

    with pytest.raises(InputError) as refused:
        report_paths(missing / "r.html", "x", "analysis", "html")
    assert str(refused.value) == (
        f"--output {missing / 'r.html'}: the directory {missing} does not exist; "
        "create it first, or name a file or directory that exists"
    )
    with pytest.raises(InputError, match="does not exist"):
        report_paths(f"{missing}/", "x", "analysis", "html")
    assert report_paths(tmp_path, "x", "analysis", "html") == (
        tmp_path / "x-analysis.html"
    )


def test_pdf_and_html_reports_keep_different_notebooks(tmp_path):
    html = report_paths(tmp_path, "dataset:flights", "analysis", "html")
    pdf = report_paths(tmp_path, "dataset:flights", "analysis", "pdf")

    assert notebook_path(html) == tmp_path / "dataset-flights-analysis.ipynb"
    assert notebook_path(pdf) == tmp_path / "dataset-flights-analysis-pdf.ipynb"
