"""Load the shared hard cases (``shared/cases`` beside the repository) by number.

A ``.py`` case is imported and its ``make()`` called; a ``.csv`` case is
returned as a path, since reading it is part of what its tests check. Tests
using a case are skipped, saying why, when the folder is not there.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

CASES = Path(__file__).parents[2] / "shared" / "cases"


def case_path(number: int) -> Path:
    """Return the path of case ``number``, skipping the test if it is absent."""
    if not CASES.is_dir():
        pytest.skip(f"the shared cases folder {CASES} is not there")
    found = sorted(CASES.glob(f"{number:02d}_*"))
    if not found:
        pytest.skip(f"case {number:02d} is not in {CASES}")
    return found[0]


def load_case(number: int) -> pd.DataFrame:
    """Return the DataFrame that the ``.py`` case ``number`` makes."""
    path = case_path(number)
    if path.suffix != ".py":
        raise ValueError(
            f"case {number:02d} is a {path.suffix} file; use case_path() and read it"
        )
    spec = importlib.util.spec_from_file_location(f"case_{number:02d}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make()
