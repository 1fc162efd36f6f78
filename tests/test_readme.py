"""The README's commands and snippets are the product's front door: run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _setup_commands() -> list[str]:
    return [
        b.strip() for b in _blocks("bash") if b.strip().startswith("python3 -m venv")
    ]


def test_readme_has_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].endswith("analyst-pa demo")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_itself():
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert _setup_commands()[1] in ci


def test_python_snippets_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for snippet in _blocks("python"):
        exec(compile(snippet, "README.md", "exec"), namespace)


def test_notebook_snippets_run(tmp_path, monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    monkeypatch.chdir(tmp_path)
    main = sys.modules["__main__"]
    shell = InteractiveShell.instance()
    try:
        for snippet in _blocks("ipython"):
            for line in snippet.strip().splitlines():
                with capture_output() as shown:
                    result = shell.run_cell(line, store_history=False)
                assert result.success, f"{line!r} failed: {result.error_in_exec}"
                # The magic reports bad input as a usage line, not an exception.
                assert "usage:" not in shown.stdout + shown.stderr, shown.stderr
        assert shell.user_ns["flights"].shape == (336_776, 19)
    finally:
        shell.reset(new_session=False)
        sys.modules["__main__"] = main  # the shell replaces it


def test_command_line_snippets_run(tmp_path):
    tour = [b for b in _blocks("bash") if not b.strip().startswith("python3 -m venv")]
    executable = shutil.which("analyst-pa", path=str(Path(sys.executable).parent))
    assert executable, "analyst-pa is not installed beside this Python"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for block in tour:
        for line in block.strip().splitlines():
            done = subprocess.run(
                line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, f"{line!r} failed:\n{done.stderr}"
