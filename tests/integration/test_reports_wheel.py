"""The templates ship inside the wheel and are found from a plain install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", out],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("analyst_pa-*.whl")
    return path


def test_the_wheel_holds_the_templates_and_the_html_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("analysis", "quality", "monitoring"):
        assert f"analyst_pa/templates/{template}.ipynb" in names
    assert "analyst_pa/reports/nbconvert/analyst/index.html.j2" in names
    assert "analyst_pa/reports/nbconvert/analyst/report.css" in names


def test_a_non_editable_install_finds_its_templates(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "-t",
            target,
            wheel,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import analyst_pa.reports as r; "
        "print(r.find_template('monitoring').path); print(r.template_dirs())"
    )
    # The installed copy comes first on the path; the repository is not on it.
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("ANALYST_PA_TEMPLATES", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    path, dirs = done.stdout.splitlines()
    assert path == str(target / "analyst_pa" / "templates" / "monitoring.ipynb")
    assert str(REPO) not in dirs
