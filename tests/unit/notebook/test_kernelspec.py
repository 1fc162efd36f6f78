"""The "Python (analyst)" kernelspec and ``analyst-pa kernel install``."""

from __future__ import annotations

import json
import sys

import pytest

from analyst_pa.cli import main
from analyst_pa.notebook import install_kernel_spec


def _kernel_json(directory) -> dict:
    return json.loads((directory / "kernel.json").read_text())


def test_the_kernelspec_runs_this_python_with_the_extension(tmp_path):
    installed = install_kernel_spec(prefix=tmp_path)

    assert installed == tmp_path / "share" / "jupyter" / "kernels" / "analyst"
    spec = _kernel_json(installed)
    assert spec["display_name"] == "Python (analyst)"
    assert spec["argv"][:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert "--IPKernelApp.extensions=analyst_pa" in spec["argv"]
    assert (installed / "logo-64x64.png").exists()


def test_a_user_install_goes_to_the_jupyter_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))

    installed = install_kernel_spec(name="analyst-test", python="/opt/py/bin/python")

    assert installed == tmp_path / "kernels" / "analyst-test"
    assert _kernel_json(installed)["argv"][0] == "/opt/py/bin/python"


def test_the_command_installs_it_and_says_where(tmp_path, capsys):
    assert main(["kernel", "install", "--prefix", str(tmp_path)]) == 0

    out = capsys.readouterr().out
    assert "installed kernel 'analyst' (Python (analyst))" in out
    assert (tmp_path / "share/jupyter/kernels/analyst/kernel.json").exists()


def test_the_command_takes_one_place_only(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["kernel", "install", "--user", "--prefix", str(tmp_path)])
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.slow
def test_a_kernel_started_from_the_spec_has_the_magic(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    install_kernel_spec()
    manager, client = start_new_kernel(kernel_name="analyst", startup_timeout=60)
    try:
        reply = client.execute_interactive("%analyst --help", timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

    assert reply["content"]["status"] == "ok"
