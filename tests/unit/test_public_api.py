from __future__ import annotations

import subprocess
import sys

import analyst_pa

EXPECTED = {
    "AnalystError",
    "Analysis",
    "InputError",
    "SourceError",
    "StageError",
    "analyze",
    "fix",
    "load",
    "profile_table",
    "report",
}


def test_public_names_are_exactly_these():
    assert set(analyst_pa.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(analyst_pa, name) is not None


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, analyst_pa, analyst_pa.cli; "
        "print(sorted(m for m in ('pandas', 'sqlalchemy', 'httpx', 'sklearn') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
