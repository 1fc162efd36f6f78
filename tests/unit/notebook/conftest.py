"""Fixtures for the notebook tests: an IPython shell without a kernel, small
frames with known issues, and a kernelspec of this interpreter."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from analyst_pa import analyze
from analyst_pa.results import Analysis


@pytest.fixture(autouse=True)
def real_main_module() -> Iterator[None]:
    # IPython's shell puts its own namespace module in sys.modules["__main__"],
    # which has no __spec__; multiprocessing's spawn (the server extension's
    # reads) needs the real one, so it is put back after each test.
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    """IPython with the extension loaded, its namespace emptied after."""
    shell = InteractiveShell.instance()
    if "analyst" not in shell.magics_manager.magics["line"]:
        shell.run_cell("%load_ext analyst_pa", store_history=False)
    yield shell
    shell.reset(new_session=False)
    shell.rl_next_input = None


@pytest.fixture(scope="session")
def messy() -> pd.DataFrame:
    """A frame with a constant column, padded text and a duplicated row
    (shared: tests must not change it)."""
    rng = np.random.default_rng(0)
    n = 200
    frame = pd.DataFrame(
        {
            "id": np.arange(n),
            "city": rng.choice(["Paris", "Lyon", "Nice"], n).astype(object),
            "amount": rng.normal(100, 15, n).round(2),
            "source": "web",
        }
    )
    frame.loc[[3, 17, 42], "city"] = ["  Paris", "Lyon  ", " Nice "]
    return pd.concat([frame, frame.iloc[[5]]], ignore_index=True)


@pytest.fixture
def python_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec "python3" that runs this interpreter, in an isolated
    Jupyter data directory; returns its name."""
    data = tmp_path / "jupyter-data"
    spec = data / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "jupyter-runtime"))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    return "python3"


@pytest.fixture(scope="session")
def messy_analysis(messy: pd.DataFrame) -> Analysis:
    """The analysis of :func:`messy`, not recorded."""
    return analyze(messy, record=False)


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold every analysis back until the returned event is set, so a test
    can look at the panel while the analysis is still running."""
    import analyst_pa.analysis as module

    real = module.analyze
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Analysis:
        assert release.wait(60), "the test never released the analysis"
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "analyze", held)
    yield release
    release.set()
