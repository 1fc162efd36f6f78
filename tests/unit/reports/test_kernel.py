"""The kernel reports run on starts this Python."""

from __future__ import annotations

import json
import sys

from analyst_pa.reports._kernel import _own_name, _starts_this_python, kernel_name


def test_generic_python_and_this_interpreter_qualify():
    assert _starts_this_python(["python", "-m", "ipykernel_launcher"])
    assert _starts_this_python([sys.executable, "-m", "ipykernel_launcher"])
    assert not _starts_this_python(["/opt/other/bin/python", "-m", "ipykernel"])
    assert not _starts_this_python([])


def test_a_foreign_python3_spec_makes_it_install_its_own(tmp_path, monkeypatch):
    # A user-level "python3" spec from another environment shadows ours.
    foreign = tmp_path / "kernels" / "python3"
    foreign.mkdir(parents=True)
    (foreign / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["/opt/other/bin/python", "-m", "ipykernel_launcher"],
                "display_name": "other",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")  # user paths first

    name = kernel_name()

    assert name == _own_name()
    spec = json.loads((tmp_path / "kernels" / name / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    assert kernel_name() == name  # found, not installed again
