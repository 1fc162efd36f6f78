"""Excel, Parquet, JSON and NDJSON files, written from real flights and read back."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import load


def test_parquet_round_trip_is_exact(tmp_path, flights_head):
    path = tmp_path / "flights.parquet"
    flights_head.to_parquet(path)
    pd.testing.assert_frame_equal(load(path), flights_head)


def test_a_damaged_parquet_file_is_a_source_error(write):
    with pytest.raises(SourceError, match="not a readable Parquet file"):
        load(write("t.parquet", b"PAR1 but nothing else"))


def test_xlsx_round_trip(tmp_path, flights_head):
    path = tmp_path / "flights.xlsx"
    flights_head.to_excel(path, index=False)
    frame = load(path)
    pd.testing.assert_frame_equal(frame, flights_head, check_dtype=False)
    assert frame["distance"].dtype == "int64"


def test_xlsx_sheet_by_name_or_position(tmp_path, flights_head):
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path) as writer:
        flights_head.head(3).to_excel(writer, sheet_name="first", index=False)
        flights_head.tail(5).to_excel(writer, sheet_name="second", index=False)
    assert len(load(path)) == 3
    assert len(load(path, sheet="second")) == 5
    assert len(load(path, sheet=1)) == 5


def test_an_unknown_sheet_lists_the_sheets(tmp_path, flights_head):
    path = tmp_path / "one.xlsx"
    flights_head.head(3).to_excel(path, sheet_name="flights", index=False)
    with pytest.raises(SourceError, match="no sheet 'sales'; the sheets are: flights"):
        load(path, sheet="sales")


def test_a_damaged_workbook_is_a_source_error(write):
    with pytest.raises(SourceError, match=r"not a readable \.xlsx workbook"):
        load(write("t.xlsx", b"PK not really a zip"))


def test_json_records_round_trip(tmp_path, flights_head):
    path = tmp_path / "flights.json"
    flights_head.to_json(path, orient="records")
    frame = load(path)
    pd.testing.assert_frame_equal(frame, flights_head, check_dtype=False)


def test_json_object_holding_one_list_of_records(write):
    document = {"meta": {"count": 2}, "rows": [{"a": 1}, {"a": 2}]}
    assert load(write("t.json", json.dumps(document)))["a"].tolist() == [1, 2]


def test_json_records_path_and_nested_objects(write):
    document = {"data": {"items": [{"id": 1, "who": {"name": "Ann"}}]}, "other": []}
    frame = load(write("t.json", json.dumps(document)), records_path="data.items")
    assert frame.columns.tolist() == ["id", "who.name"]
    assert frame["who.name"].tolist() == ["Ann"]


def test_json_records_path_that_leads_nowhere_lists_the_keys(write):
    path = write("t.json", json.dumps({"data": {"rows": []}}))
    with pytest.raises(
        SourceError,
        match=r"records_path 'data\.items': no 'items' under data; the keys "
        "there are: rows",
    ):
        load(path, records_path="data.items")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('"just text"', "found a JSON string; the answer is not tabular"),
        ("42", "found a JSON number"),
        (
            '{"a": 1, "b": "x"}',
            "found no list of records in the object \\(its keys: a, b\\)",
        ),
        ('{"a": [{}], "b": [{}]}', "several lists of records \\(a, b\\)"),
        ("[1, 2]", "item 0 is a JSON number"),
        ("{oops", "is not valid JSON: Expecting property name"),
    ],
)
def test_json_that_is_not_a_table(write, document, message):
    with pytest.raises(SourceError, match=message):
        load(write("t.json", document))


def test_an_empty_json_list_is_an_empty_frame(write):
    assert load(write("t.json", "[]")).empty


@pytest.mark.parametrize("suffix", [".ndjson", ".jsonl"])
def test_ndjson_round_trip(tmp_path, flights_head, suffix):
    path = tmp_path / f"flights{suffix}"
    flights_head.to_json(path, orient="records", lines=True)
    frame = load(path)
    pd.testing.assert_frame_equal(frame, flights_head, check_dtype=False)


def test_ndjson_errors_name_the_line(write):
    with pytest.raises(SourceError, match="line 2 is not valid JSON"):
        load(write("t.ndjson", '{"a": 1}\n{"a": \n'))
    with pytest.raises(
        SourceError, match="line 1 holds a JSON array, expected an object"
    ):
        load(write("u.ndjson", "[1]\n"))


def test_compressed_json(write):
    import gzip

    path = write("t.json.gz", gzip.compress(b'[{"a": 1}]'))
    assert load(path)["a"].tolist() == [1]
