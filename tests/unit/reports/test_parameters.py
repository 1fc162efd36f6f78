"""Parameters, output paths and the command line's parsing of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyst_pa._report_cli import _pairs, parse_value
from analyst_pa.errors import InputError
from analyst_pa.reports import find_template, report
from analyst_pa.reports._report import report_paths, template_parameters


def test_parameters_are_checked_against_the_template():
    template = find_template("analysis")

    values = template_parameters(template, "data.csv", {"sample": 10, "time": "t"})

    assert values == {"source": "data.csv", "sample": 10, "time": "t"}
    with pytest.raises(InputError, match="no parameter 'smaple'; its parameters are"):
        template_parameters(template, "data.csv", {"smaple": 10})
    with pytest.raises(InputError, match="the source is the report's first argument"):
        template_parameters(template, "data.csv", {"source": "other.csv"})


def test_report_paths_follow_the_source_template_and_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert report_paths(None, "dataset:flights", "analysis", "html") == (
        tmp_path / "dataset-flights-analysis.html"
    )
    assert report_paths(tmp_path, "x", "quality", "pdf") == tmp_path / "x-quality.pdf"
    assert report_paths("r.pdf", "x", "quality", "pdf") == Path("r.pdf")
    with pytest.raises(InputError, match=r"needs a name ending in \.pdf"):
        report_paths("r.html", "x", "quality", "pdf")


def test_a_password_never_names_the_report():
    path = report_paths(None, "postgresql://u:***@h/db?table=t", "analysis", "html")
    assert "***" not in path.name and path.name.endswith("-analysis.html")


def test_bad_requests_fail_before_any_kernel_starts(tmp_path):
    with pytest.raises(InputError, match="the formats are html, pdf"):
        report("dataset:flights", to="docx")
    with pytest.raises(InputError, match="no template 'nope'"):
        report("dataset:flights", template="nope")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20000", 20000),
        ("0.5", 0.5),
        ("None", None),
        ("null", None),
        ("True", True),
        ('["a >= 0", "b < 1"]', ["a >= 0", "b < 1"]),
        ("dep_delay", "dep_delay"),
        ("2013-01-01", "2013-01-01"),
    ],
)
def test_parameter_values_are_read_as_json_or_text(text, value):
    assert parse_value(text) == value


def test_key_value_pairs_need_an_equals_sign():
    assert _pairs(["a=1", "b = x=y"], "-p") == [("a", "1"), ("b", " x=y")]
    with pytest.raises(InputError, match="-p 'oops': write it as KEY=VALUE"):
        _pairs(["oops"], "-p")
