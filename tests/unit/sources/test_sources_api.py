"""The public surface of analyst_pa.sources, and what importing it costs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analyst_pa.sources
from analyst_pa.errors import SourceError
from analyst_pa.sources import load


def test_public_names_are_exactly_these():
    assert set(analyst_pa.sources.__all__) == {
        "ENTRY_POINT_GROUP",
        "Reader",
        "describe_source",
        "load",
        "register_source",
    }


def test_the_package_level_load_is_this_one():
    import analyst_pa

    assert analyst_pa.load is load


def test_importing_sources_loads_no_heavy_library():
    code = (
        "import sys, analyst_pa.sources; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'sqlalchemy', 'httpx', "
        "'sqlglot', 'charset_normalizer') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_server_source_needs_a_name():
    with pytest.raises(SourceError, match="expected source:NAME"):
        load("source:")


def test_shipped_data_sets_by_name():
    frame = load("dataset:flights")
    assert frame.shape == (336_776, 19)


def test_an_unknown_data_set_lists_the_known_ones():
    with pytest.raises(
        SourceError, match=r"no data set 'planes'.*data sets are: flights"
    ):
        load("dataset:planes")
