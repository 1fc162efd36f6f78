"""Text columns: what the strings turn out to hold."""

from __future__ import annotations

import pandas as pd
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType

ZIPS = ["02134", "01002", "07030", "00501", "10001", "60614", "02134", "94105"]


def profile_of(values, name="values", dtype="str"):
    frame = pd.DataFrame({name: pd.Series(values, dtype=dtype)})
    return profile_table(frame).columns[0]


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", "string[python]", object])
def test_zip_codes_are_identifiers_that_keep_their_leading_zeros(dtype):
    column = profile_of(ZIPS, name="zip", dtype=dtype)

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert (column.min, column.distinct) == ("00501", 7)
    assert column.top_values[0].value == "02134" and column.top_values[0].count == 2
    assert column.mean is None and column.std is None


def test_zero_padded_account_numbers_are_identifiers():
    column = profile_of([f"{i * 37:06d}" for i in range(25)], name="account_no")

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert (column.distinct, column.min_length, column.max_length) == (25, 6, 6)


def test_fixed_width_digit_codes_are_identifiers_even_when_repeated():
    column = profile_of(["75001", "69002", "75001", "13008"] * 5)

    assert column.semantic_type == SemanticType.IDENTIFIER


def test_numbers_padded_with_spaces_parse_as_integers():
    column = profile_of([" 3 ", " 1 ", " 9 ", " 3 "], name="qty")

    assert column.semantic_type == SemanticType.INTEGER
    assert (column.min, column.max, column.sum) == (1, 9, 16)
    assert column.top_values[0].value == " 3 "  # shown as stored


def test_currency_amounts_in_text_are_numbers():
    column = profile_of(["$1,234.50", "$7,360.75", "$2,000.00"], name="revenue")

    assert column.semantic_type == SemanticType.FLOAT
    assert (column.min, column.max) == (1234.5, 7360.75)
    assert column.sum == pytest.approx(10595.25)


def test_percentages_in_text_are_numbers_in_percent():
    column = profile_of(["0%", "45%", "87%"], name="pct")

    assert column.semantic_type == SemanticType.INTEGER
    assert (column.min, column.max) == (0, 87)


def test_missing_tokens_among_numbers_are_listed_and_left_out():
    numbers = [str(50 + i) for i in range(23)]
    tokens = ["", " ", "N/A", "none", "nan", "-", ".."]
    column = profile_of(numbers + tokens, name="score")

    assert column.semantic_type == SemanticType.INTEGER
    assert column.count == 30
    assert (column.min, column.max) == (50, 72)
    assert any("'N/A', 'none', 'nan', '-', '..'" in note for note in column.notes)


def test_decimal_commas_are_not_read_as_thousands():
    column = profile_of(["12,50", "3,75", "abc", "x"])

    assert column.semantic_type == SemanticType.TEXT


@pytest.mark.parametrize(
    ("values", "true"),
    [
        (["Y", "N", "Y"], "Y"),
        (["yes", "no", "no"], "yes"),
        (["T", "F", "F"], "T"),
        (["true", "False", "false"], "true"),
        (["1", "0", "0"], "1"),
    ],
)
def test_two_known_values_read_as_a_flag(values, true):
    column = profile_of(values * 4)

    assert column.semantic_type == SemanticType.BOOLEAN
    share = sum(v == true for v in values) / len(values)
    assert column.mean == pytest.approx(share)


def test_iso_timestamps_in_text_are_datetimes_with_their_zone():
    column = profile_of(["2013-01-01T10:00:00Z", "2013-06-01T05:00:00Z"] * 3)

    assert column.semantic_type == SemanticType.DATETIME
    assert column.timezone == "UTC"
    assert (column.min, column.max) == (
        "2013-01-01T10:00:00+00:00",
        "2013-06-01T05:00:00+00:00",
    )


def test_iso_dates_in_text_are_dates():
    column = profile_of(["2024-01-31", "2023-12-01", "2024-02-29"])

    assert column.semantic_type == SemanticType.DATE
    assert (column.min, column.max) == ("2023-12-01", "2024-02-29")


def test_naive_and_aware_timestamps_in_text_are_not_compared():
    column = profile_of(["2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00"] * 3)

    assert column.semantic_type != SemanticType.DATETIME


def test_several_offsets_in_text_are_shown_in_utc():
    column = profile_of(["2024-01-01T00:00:00+01:00", "2024-07-01T00:00:00+02:00"])

    assert column.timezone == "UTC"
    assert column.min == "2023-12-31T23:00:00+00:00"


def test_unique_codes_without_spaces_are_identifiers():
    column = profile_of([f"user{i}@example.com" for i in range(20)], name="contact")

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert column.distinct == 20


def test_unique_sentences_are_text():
    column = profile_of([f"note number {i}" for i in range(30)], name="comment")

    assert column.semantic_type == SemanticType.TEXT
    assert (column.min_length, column.max_length) == (13, 14)


def test_few_repeated_strings_are_categorical():
    column = profile_of(["FR", "DE", "FR", "ES", "DE", "FR"], name="country")

    assert column.semantic_type == SemanticType.CATEGORICAL
    assert [(t.value, t.count) for t in column.top_values] == [
        ("FR", 3),
        ("DE", 2),
        ("ES", 1),
    ]


def test_long_top_values_are_cut_with_an_ellipsis():
    column = profile_of(["x" * 500, "x" * 500, "y"])

    assert len(column.top_values[0].value) == 200
    assert column.top_values[0].value.endswith("…")
    assert column.max_length == 500
