"""Fixtures for the tests of analyst_pa.sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analyst_pa.sources import _registry

# The repository is a clone with a copy of shared/ beside it, here and in CI.
CASES = Path(__file__).resolve().parents[3].parent / "shared" / "cases"


@pytest.fixture
def cases() -> Path:
    """The folder of hard inputs with known right answers."""
    if not CASES.is_dir():
        pytest.skip(f"the shared cases folder is absent: {CASES}")
    return CASES


@pytest.fixture(scope="session")
def flights_head(flights_raw: pd.DataFrame) -> pd.DataFrame:
    """300 real flights, as plain pandas reads them, to write test files from."""
    return flights_raw.head(300).copy()


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep readers registered by a test from leaking into the others."""
    monkeypatch.setattr(_registry, "_registered", dict(_registry._registered))
    monkeypatch.setattr(_registry, "_entry_points", None)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., str]:
    """``write(name, text_or_bytes, encoding="utf-8")``: a new file's path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> str:
        data = content.encode(encoding) if isinstance(content, str) else content
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return _write
