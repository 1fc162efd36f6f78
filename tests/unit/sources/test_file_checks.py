"""A file source is checked before it is parsed, with messages that say what to do."""

from __future__ import annotations

import gzip
import os
import re
import zipfile
from pathlib import Path

import pytest

from analyst_pa.errors import InputError, SourceError
from analyst_pa.sources import load


def test_a_missing_file_names_its_absolute_path_and_the_working_directory(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    expected = re.escape(
        f"no such file: {tmp_path / 'nope.csv'} (the working directory is {tmp_path})"
    )
    with pytest.raises(SourceError, match=expected):
        load("nope.csv")


def test_source_errors_are_input_errors_naming_the_source(tmp_path):
    with pytest.raises(InputError) as caught:
        load(tmp_path / "nope.csv")
    assert str(caught.value).startswith(f"{tmp_path / 'nope.csv'}: ")


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(SourceError, match="is a directory; expected a file"):
        load(tmp_path)


@pytest.mark.parametrize("name", ["data.xls", "data", "data.parquet.gz", "data.gz"])
def test_unsupported_extensions_list_the_supported_ones(write, name):
    path = write(name, b"x")
    with pytest.raises(
        SourceError, match=r"unsupported file type .*supported: \.csv, \.tsv.*\.parquet"
    ):
        load(path)


def test_an_empty_file_is_refused(write):
    with pytest.raises(SourceError, match=r"the file is empty \(0 bytes\)"):
        load(write("t.csv", b""))


def test_a_file_larger_than_max_bytes_says_how_to_raise_the_limit(write):
    path = write("t.csv", "a\n" + "1\n" * 100)
    with pytest.raises(
        SourceError, match=r"more than max_bytes=50 .*load\(\.\.\., max_bytes=404\)"
    ):
        load(path, max_bytes=50)


def test_the_uncompressed_size_counts_too(write):
    path = write("t.csv.gz", gzip.compress(b"a\n" + b"1\n" * 10_000))
    with pytest.raises(
        SourceError, match=r"more than max_bytes=1,000 .*\(uncompressed\)"
    ):
        load(path, max_bytes=1000)


def test_a_zip_member_larger_than_max_bytes_is_not_extracted(tmp_path):
    path = tmp_path / "t.csv.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("t.csv", "a\n" + "1\n" * 10_000)
    with pytest.raises(SourceError, match=r"\(uncompressed\)"):
        load(path, max_bytes=1000)


def test_a_damaged_archive_is_a_source_error(write):
    with pytest.raises(SourceError, match="cannot read the file"):
        load(write("t.csv.gz", b"not gzip at all"))


@pytest.mark.parametrize("value", [0, -1, "big", True])
def test_max_bytes_must_be_a_positive_number(write, value):
    with pytest.raises(SourceError, match="max_bytes must be a number above zero"):
        load(write("t.csv", "a\n1\n"), max_bytes=value)


def test_unknown_options_are_named_with_the_allowed_ones(write):
    with pytest.raises(
        SourceError,
        match="a delimited file takes no option 'sep'; the options it takes are: "
        "dayfirst, decimal, delimiter, encoding, max_bytes",
    ):
        load(write("t.csv", "a\n1\n"), sep=";")


def test_nothing_is_written_when_a_load_fails(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"")
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(SourceError):
        load(tmp_path / "t.csv")
    with pytest.raises(SourceError):
        load(f"sqlite:///{tmp_path / 'new.db'}?table=t")
    with pytest.raises(SourceError):
        load(f"duckdb:///{tmp_path / 'new.duckdb'}?table=t")
    assert sorted(os.listdir(tmp_path)) == before


def test_paths_may_start_with_a_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    Path(tmp_path, "home.csv").write_text("a\n1\n")
    assert load("~/home.csv")["a"].tolist() == [1]
