"""Finding the templates and reading their parameters."""

from __future__ import annotations

import json
import shutil

import pytest

from analyst_pa.errors import InputError
from analyst_pa.reports import (
    TEMPLATES_ENV,
    find_template,
    list_templates,
    template_dirs,
)
from tests.conftest import REPO

SHIPPED = ("analysis", "monitoring", "quality")


def test_the_three_templates_are_listed_with_their_parameters():
    templates = {t.name: t for t in list_templates()}

    assert set(SHIPPED) <= set(templates)
    for name in SHIPPED:
        names = templates[name].parameter_names()
        assert names[:2] == ["source", "sample"] and "title" in names
        assert templates[name].description
    assert {"target", "time", "rules"} <= set(templates["analysis"].parameter_names())
    help_texts = {p.name: p.help for p in templates["analysis"].parameters}
    assert help_texts["target"] == "the column to explain or predict"


@pytest.mark.parametrize("name", SHIPPED)
def test_each_template_is_clean_and_tagged(name):
    notebook = json.loads((REPO / "templates" / f"{name}.ipynb").read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]

    assert "parameters" in code[0]["metadata"]["tags"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_an_editable_install_finds_the_repository_templates():
    assert REPO / "templates" in template_dirs()
    assert find_template("analysis").path == REPO / "templates" / "analysis.ipynb"


def test_a_directory_in_the_environment_comes_first(tmp_path, monkeypatch):
    shutil.copy(REPO / "templates" / "quality.ipynb", tmp_path / "audit.ipynb")
    shutil.copy(REPO / "templates" / "quality.ipynb", tmp_path / "analysis.ipynb")
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path))

    assert find_template("audit").path == tmp_path / "audit.ipynb"
    assert find_template("analysis").path == tmp_path / "analysis.ipynb"
    assert "audit" in [t.name for t in list_templates()]


def test_a_template_may_be_a_notebook_path():
    path = REPO / "templates" / "monitoring.ipynb"
    assert find_template(str(path)).name == "monitoring"


def test_an_unknown_template_lists_the_known_ones(tmp_path):
    with pytest.raises(InputError, match="no template 'sales'; the templates are: "):
        find_template("sales")
    with pytest.raises(InputError, match="does not exist"):
        find_template(tmp_path / "missing.ipynb")
