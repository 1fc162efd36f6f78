"""Readers are found by URL scheme: built in, registered, or from entry points."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analyst_pa.errors import InputError, SourceError
from analyst_pa.sources import ENTRY_POINT_GROUP, load, register_source

pytestmark = pytest.mark.usefixtures("clean_registry")


def _reader(source: str, **options: object) -> pd.DataFrame:
    return pd.DataFrame({"source": [source], "options": [sorted(options)]})


def test_a_registered_reader_gets_the_source_and_the_options():
    register_source("memo", _reader)
    frame = load("memo://notes?x=1", limit=5)
    assert frame["source"].tolist() == ["memo://notes?x=1"]
    assert frame["options"].tolist() == [["limit"]]


def test_schemes_are_case_insensitive_and_may_replace_built_ins():
    register_source("HTTPS", _reader)
    assert load("https://example.org/a.json")["source"].tolist() == [
        "https://example.org/a.json"
    ]


def test_a_dialect_plus_driver_scheme_falls_back_to_the_dialect():
    register_source("warehouse", _reader)
    assert len(load("warehouse+odbc://host/db")) == 1


@pytest.mark.parametrize("scheme", ["s", "3d", "", "a b", None])
def test_bad_schemes_are_refused(scheme):
    with pytest.raises(InputError, match="scheme must be a URL scheme"):
        register_source(scheme, _reader)  # type: ignore[arg-type]


def test_a_reader_must_be_callable():
    with pytest.raises(TypeError, match="reader must be callable"):
        register_source("memo", "not a function")  # type: ignore[arg-type]


def test_an_unknown_scheme_lists_the_known_ones():
    with pytest.raises(
        SourceError,
        match=r"^s3://bucket/x.csv: no reader for URLs of scheme 's3'; the known "
        r"schemes are: dataset, duckdb, file, http, https, postgres, postgresql, "
        r"source, sqlite",
    ):
        load("s3://bucket/x.csv")


def test_a_reader_that_returns_no_frame_is_reported():
    register_source("odd", lambda source, **options: [1, 2])
    with pytest.raises(
        SourceError, match="returned a list, expected a pandas DataFrame"
    ):
        load("odd://x")


def test_a_windows_drive_letter_is_a_path_not_a_scheme():
    with pytest.raises(SourceError, match="no such file"):
        load(r"C:\data\sales.csv")


def test_only_strings_and_paths_are_sources():
    with pytest.raises(SourceError, match=r"expected a path or URL .* got a list"):
        load([1, 2])  # type: ignore[arg-type]


def _install_plugin(folder: Path, module: str, entries: str) -> None:
    (folder / f"{module}.py").write_text(
        textwrap.dedent(
            """
            import pandas as pd

            def read(source, **options):
                return pd.DataFrame({"via": ["plugin"], "source": [source]})
            """
        )
    )
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{entries}\n")


def test_entry_points_are_discovered_on_the_first_unknown_scheme(tmp_path, monkeypatch):
    _install_plugin(tmp_path, "plugin_reader_a", "lake = plugin_reader_a:read")
    monkeypatch.syspath_prepend(str(tmp_path))

    frame = load("lake://zone/table")
    assert frame.to_dict("records") == [
        {"via": "plugin", "source": "lake://zone/table"}
    ]


def test_an_entry_point_that_fails_to_load_names_its_package(tmp_path, monkeypatch):
    _install_plugin(tmp_path, "plugin_reader_b", "pond = plugin_reader_missing:read")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(
        SourceError,
        match=r"the reader for scheme 'pond' from plugin_reader_b .* failed to load",
    ):
        load("pond://x")
