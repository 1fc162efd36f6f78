"""Each column of a CSV file is typed as a whole, by the rules of _convert."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyst_pa.sources import load


def test_numbers_allow_spaces_and_na_tokens(write):
    path = write("t.csv", "a,b,c\n 3 ,1.5,x\nNA,,y\n7,nan,null\n")
    frame = load(path)

    assert frame["a"].dtype == "Int64"
    assert frame["a"].tolist()[::2] == [3, 7]
    assert frame["a"].isna().tolist() == [False, True, False]
    assert frame["b"].dtype == "float64"
    assert frame["b"].isna().sum() == 2
    assert frame["c"].tolist()[:2] == ["x", "y"]
    assert pd.isna(frame["c"].iloc[2])  # an NA token in a text column


def test_integers_without_missing_values_are_int64(write):
    frame = load(write("t.csv", "n\n1\n-2\n+3\n"))
    assert frame["n"].dtype == "int64"
    assert frame["n"].tolist() == [1, -2, 3]


def test_integers_beyond_int64_stay_text_rather_than_rounded(write):
    frame = load(write("t.csv", "id\n99999999999999999999\n1\n"))
    assert frame["id"].tolist() == ["99999999999999999999", "1"]


def test_thousands_separators_and_exponents(write):
    frame = load(write("t.csv", 'x,y\n"1,234.5",1e3\n"12,000",-2.5E-1\n'))
    assert frame["x"].tolist() == [1234.5, 12000.0]
    assert frame["y"].tolist() == [1000.0, -0.25]


def test_infinity_is_a_number(write):
    frame = load(write("t.csv", "r\n1.5\ninf\n-Infinity\n"))
    assert frame["r"].dtype == "float64"
    assert np.isinf(frame["r"]).sum() == 2


@pytest.mark.parametrize("code", ["02134", "000037", "0600000001", "00"])
def test_a_leading_zero_keeps_the_whole_column_text(write, code):
    frame = load(write("t.csv", f"code\n{code}\n123\n\n"))
    assert frame["code"].dtype == "str"
    assert frame["code"].iloc[0] == code


def test_zero_point_five_is_a_number_not_a_code(write):
    frame = load(write("t.csv", "x\n0.5\n0\n10\n"))
    assert frame["x"].tolist() == [0.5, 0.0, 10.0]


def test_mostly_numbers_with_stray_tokens_keep_every_raw_value(write):
    frame = load(write("t.csv", "s,n\n1,1\n2,2\n3,3\n-,4\n,5\n ,6\nNA,7\n4,8\n"))
    assert frame["s"].tolist() == ["1", "2", "3", "-", "", " ", "NA", "4"]


def test_mostly_text_columns_get_na_tokens_as_missing(write):
    frame = load(write("t.csv", "s\na\nb\n1\nNA\n \n"))
    assert frame["s"].iloc[:3].tolist() == ["a", "b", "1"]
    assert pd.isna(frame["s"].iloc[3])
    assert frame["s"].iloc[4] == " "  # kept verbatim


def test_booleans(write):
    frame = load(write("t.csv", "a,b\nTrue,false\nFalse,\nTRUE,true\n"))
    assert frame["a"].dtype == "bool"
    assert frame["a"].tolist() == [True, False, True]
    assert frame["b"].dtype == "boolean"
    assert frame["b"].isna().sum() == 1


def test_a_column_of_only_missing_values_is_float_nan(write):
    frame = load(write("t.csv", "a,b\n1,\n2,NA\n"))
    assert frame["b"].dtype == "float64"
    assert frame["b"].isna().all()


def test_iso_timestamps_with_zone_become_utc(write):
    frame = load(
        write("t.csv", "t\n2013-01-01T10:00:00Z\n2013-01-01T12:30:00+01:00\n\n")
    )
    assert str(frame["t"].dtype) == "datetime64[us, UTC]"
    assert frame["t"].iloc[1] == pd.Timestamp("2013-01-01 11:30", tz="UTC")


def test_naive_and_aware_timestamps_mixed_stay_text(write):
    frame = load(write("t.csv", "t\n2013-01-01T10:00:00Z\n2013-01-01T10:00:00\n"))
    assert frame["t"].dtype == "str"


def test_iso_dates(write):
    frame = load(write("t.csv", "d\n2023-01-31\n2024-02-29\n"))
    assert frame["d"].tolist() == [
        pd.Timestamp("2023-01-31"),
        pd.Timestamp("2024-02-29"),
    ]


def test_slashed_dates_are_day_first_when_a_first_field_exceeds_12(write):
    frame = load(write("t.csv", "d\n01/02/2023\n13/02/2023\n"))
    assert frame["d"].iloc[0] == pd.Timestamp("2023-02-01")


def test_slashed_dates_are_month_first_when_a_second_field_exceeds_12(write):
    frame = load(write("t.csv", "d\n01/02/2023\n02/13/2023\n"))
    assert frame["d"].iloc[0] == pd.Timestamp("2023-01-02")


def test_ambiguous_slashed_dates_follow_the_file_convention(write):
    us = load(write("us.csv", "d,n\n01/02/2023,1\n"))
    eu = load(write("eu.csv", "d;n\n01/02/2023;1\n"))
    assert us["d"].iloc[0] == pd.Timestamp("2023-01-02")
    assert eu["d"].iloc[0] == pd.Timestamp("2023-02-01")


def test_dayfirst_option_decides_ambiguous_dates(write):
    frame = load(write("t.csv", "d\n01/02/2023\n"), dayfirst=True)
    assert frame["d"].iloc[0] == pd.Timestamp("2023-02-01")


def test_an_impossible_date_keeps_the_column_text(write):
    frame = load(write("t.csv", "d\n30.01.2023\n31.02.2023\n"))
    assert frame["d"].tolist() == ["30.01.2023", "31.02.2023"]


def test_dotted_dates_are_never_numbers_even_with_decimal_commas(write):
    frame = load(write("t.csv", "d;x\n01.02.2023;1,5\n03.04.2023;2,25\n"))
    assert frame["d"].tolist() == [
        pd.Timestamp("2023-02-01"),
        pd.Timestamp("2023-04-03"),
    ]
    assert frame["x"].tolist() == [1.5, 2.25]


def test_semicolon_file_with_ambiguous_thousands_reads_them_the_european_way(write):
    frame = load(write("t.csv", "x;y\n1.234;a\n5.678;b\n"))
    assert frame["x"].tolist() == [1234, 5678]


def test_decimal_option_overrides_the_sniffed_format(write):
    frame = load(write("t.csv", "x;y\n1.234;a\n5.678;b\n"), decimal=".")
    assert frame["x"].tolist() == [1.234, 5.678]


def test_values_in_the_other_number_format_keep_the_column_text(write):
    frame = load(write("t.csv", "x;y\n1,5;a\n2,5;b\n3.5;c\n"))
    assert frame["x"].tolist() == ["1,5", "2,5", "3.5"]


def test_columns_of_mostly_unique_values_follow_the_same_rules(tmp_path):
    # Past 10,000 rows a column of unique values is typed without encoding.
    n = 20_000
    frame = pd.DataFrame(
        {
            "code": [f"{i:06d}" for i in range(n)],
            "x": np.arange(n) + 0.5,
            "name": [f"user {i}" if i % 7 else "NA" for i in range(n)],
            "score": [str(i) if i % 5 else "-" for i in range(n)],
            "when": pd.date_range("2020-01-01", periods=n, freq="h").strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
        }
    )
    path = tmp_path / "unique.csv"
    frame.to_csv(path, index=False)
    loaded = load(path)

    assert loaded["code"].iloc[:2].tolist() == ["000000", "000001"]
    assert loaded["x"].dtype == "float64"
    assert loaded["x"].sum() == frame["x"].sum()
    assert loaded["name"].isna().sum() == (frame["name"] == "NA").sum()
    assert loaded["score"].dtype == "str"
    assert (loaded["score"] == "-").sum() == n // 5
    assert str(loaded["when"].dtype) == "datetime64[us, UTC]"
