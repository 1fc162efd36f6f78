"""Delimited text: encodings, delimiters, structure and compression."""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import load
from analyst_pa.sources._csv import sniff_delimiter


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(write, delimiter):
    text = (
        delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(["1", "x", "2"]) + "\n"
    )
    frame = load(write("t.csv", text))
    assert frame.columns.tolist() == ["a", "b", "c"]
    assert frame["c"].tolist() == [2]


def test_quoted_delimiters_do_not_fool_the_sniffer():
    sample = 'name,note\n"Smith; John","a; b; c"\n"Doe; Jane","d; e"\n'
    assert sniff_delimiter(sample) == ","


def test_header_without_the_decimal_comma_decides_for_semicolons():
    assert sniff_delimiter("a;b;c\n1,5;2,5;3\n4,5;5,5;6\n") == ";"


def test_tsv_files_are_tab_separated_whatever_their_content(write):
    frame = load(write("t.tsv", "a,x\tb\n1,2\t3\n"))
    assert frame.columns.tolist() == ["a,x", "b"]


def test_txt_files_are_sniffed(write):
    frame = load(write("t.txt", "a|b\n1|2\n"))
    assert frame.columns.tolist() == ["a", "b"]


def test_a_single_column_file(write):
    frame = load(write("t.csv", "word\nhello\nworld\n"))
    assert frame["word"].tolist() == ["hello", "world"]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_sniffed(write, encoding):
    text = "stadt;menge\nMünchen;1\nKöln;2\nDüsseldorf;3\nGroßenhain;4\n"
    frame = load(write("t.csv", text, encoding=encoding))
    assert frame["stadt"].tolist() == ["München", "Köln", "Düsseldorf", "Großenhain"]


def test_a_legacy_byte_after_the_sniffed_sample_is_still_decoded(write):
    rows = "".join(f"plain{i},{i}\n" for i in range(8000))  # ~100 KB of ASCII
    text = "name,n\n" + rows + "Düsseldorf,1\n"
    frame = load(write("t.csv", text, encoding="cp1252"))
    assert frame["name"].iloc[-1] == "Düsseldorf"


def test_byte_order_marks_are_not_part_of_the_first_name(write):
    assert load(write("a.csv", "\ufeffa,b\n1,2\n"))["a"].tolist() == [1]
    assert load(write("b.csv", "a,b\n1,2\n", encoding="utf-16"))["a"].tolist() == [1]


def test_encoding_option(write):
    path = write("t.csv", "s\nçà\n", encoding="latin-1")
    assert load(path, encoding="latin-1")["s"].tolist() == ["çà"]


def test_unknown_encoding_option_is_a_source_error(write):
    path = write("t.csv", "a\n1\n")
    with pytest.raises(SourceError, match="unknown encoding 'klingon'"):
        load(path, encoding="klingon")


def test_bytes_that_are_not_in_the_given_encoding(write):
    path = write("t.csv", b"a\n\xff\xfe\n")
    with pytest.raises(
        SourceError, match=r"offset 2 cannot be decoded as utf-8.*encoding="
    ):
        load(path, encoding="utf-8")


def test_binary_content_is_refused(write):
    data = gzip.compress(bytes(range(256)) * 50)  # a gzip stream named .csv
    with pytest.raises(SourceError, match=r"not text in any encoding.*binary"):
        load(write("t.csv", data))


def test_duplicate_and_blank_header_names_are_kept(write):
    frame = load(write("t.csv", "x,x,,y\n1,2,3,a\n"))
    assert frame.columns.tolist() == ["x", "x", "", "y"]
    assert frame.iloc[0].tolist() == [1, 2, 3, "a"]


def test_a_header_without_rows_gives_empty_text_columns(write):
    frame = load(write("t.csv", "a,b\n"))
    assert frame.shape == (0, 2)
    assert frame.columns.tolist() == ["a", "b"]


def test_quoted_newlines_and_crlf_line_ends(write):
    frame = load(write("t.csv", 'id,note\r\n1,"two\r\nlines"\r\n2,plain\r\n'))
    assert frame["note"].tolist() == ["two\r\nlines", "plain"]
    assert frame["id"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a,b\n1,"oops\n2,3\n', 2),  # the last column: one row, before the fix
        ('a,b\n1,"oops', 2),  # at the very end of the file
        ('a,b,c\n1,"oops,3\n4,5,6\n', 2),  # a middle column: its row is short
        ('a,b\n"x",1\n"y\n2,3\n', 3),  # the first column, after closed quotes
        ('a,b\n1,"two\nlines"\n2,"open ""quoted"" text\n', 4),  # lines counted
        ('a,b\r1,x\r2,"oops\r3,y\r', 3),  # old Mac line ends
        ('"a,b\n1,2\n', 1),  # the header
    ],
)
def test_a_quote_that_never_closes_is_refused_with_its_line(write, text, line):
    # pandas raises "EOF inside string"; pyarrow read the rest of the file
    # into one value.
    path = write("t.csv", text)
    with pytest.raises(
        SourceError,
        match=rf"^{re.escape(path)}: the quoted field that opens on line {line} "
        r"is never closed, .*fix the quoting",
    ):
        load(path)


def test_closed_quotes_read_whatever_they_hold(write):
    text = (
        'a,b\n1,"two\nlines"\n2,"say ""hi"""\n3,5" screen\n'
        '4,"a"b"c\n5,""""\n6,"ends with a newline\n"\n'
    )
    frame = load(write("t.csv", text))
    assert frame["b"].tolist() == [
        "two\nlines",
        'say "hi"',
        '5" screen',
        'ab"c',
        '"',
        "ends with a newline\n",
    ]


def test_old_mac_line_ends(write):
    frame = load(write("t.csv", "a,b\r1,x\r2,y\r"))
    assert frame["a"].tolist() == [1, 2]


def test_a_lone_header_without_a_line_end(write):
    frame = load(write("t.csv", "a,b"))
    assert frame.columns.tolist() == ["a", "b"]
    assert frame.empty


def test_a_row_with_too_many_fields_names_the_delimiter(write):
    path = write("t.csv", "a,b\n1,2\n3,4,5\n")
    with pytest.raises(SourceError, match=r"does not fit the header.*delimiter ','"):
        load(path)


def test_a_file_of_blank_lines_is_refused(write):
    with pytest.raises(SourceError, match="no data"):
        load(write("t.csv", "\n\n  \n"))


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("delimiter", ";;", "delimiter must be one character"),
        ("decimal", ";", "decimal must be '.' or ','"),
    ],
)
def test_bad_options_are_source_errors(write, option, value, message):
    with pytest.raises(SourceError, match=message):
        load(write("t.csv", "a\n1\n"), **{option: value})


def test_gzip_compressed_csv(write):
    path = write("t.csv.gz", gzip.compress(b"a;b\n1,5;x\n"))
    frame = load(path)
    assert frame["a"].tolist() == [1.5]


def test_zip_compressed_csv(tmp_path):
    path = tmp_path / "t.csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.csv", "a,b\n1,x\n")
    assert load(path)["a"].tolist() == [1]


def test_a_zip_of_several_files_is_refused(tmp_path):
    path = tmp_path / "t.csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("one.csv", "a\n1\n")
        archive.writestr("two.csv", "a\n2\n")
    with pytest.raises(
        SourceError, match=r"holds one\.csv, two\.csv; expected exactly one"
    ):
        load(path)


def test_file_urls(write):
    path = Path(write("my file.csv", "a\n1\n"))
    assert load(path.as_uri())["a"].tolist() == [1]


def test_file_urls_on_another_host_are_refused():
    with pytest.raises(SourceError, match="not one on host 'server'"):
        load("file://server/share/data.csv")


def test_tsv_round_trip_of_real_flights(tmp_path, flights_head):
    path = tmp_path / "flights.tsv"
    flights_head.to_csv(path, sep="\t", index=False)

    # pandas writes the float columns as 517.0, so they come back as floats.
    expected = flights_head.copy()
    expected["time_hour"] = pd.to_datetime(expected["time_hour"], utc=True)
    pd.testing.assert_frame_equal(load(path), expected)


def test_csv_read_from_memory_matches_pandas_on_real_flights(tmp_path, flights_head):
    buffer = io.StringIO()
    flights_head.to_csv(buffer, index=False)
    path = tmp_path / "flights.csv"
    path.write_text(buffer.getvalue())
    frame = load(path)
    assert frame["tailnum"].tolist() == flights_head["tailnum"].tolist()
    assert frame["distance"].dtype == "int64"
