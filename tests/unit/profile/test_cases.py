"""The shared hard cases: what the profile must say about each of them."""

from __future__ import annotations

import json

import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType, TableProfile
from tests.cases import load_case

STATISTICS = ("min", "max", "mean", "std", "variance", "skew", "kurtosis", "sum")


def counts(column):
    return {item.value: item.count for item in column.top_values}


def test_all_missing_columns_are_empty_with_no_statistics():
    profile = profile_table(load_case(1))

    for name in ("discount", "coupon_code", "shipped_at", "loyalty_tier"):
        column = profile.column(name)
        assert column.semantic_type == SemanticType.EMPTY
        assert (column.count, column.missing, column.distinct) == (0, 40, 0)
        assert all(getattr(column, s) is None for s in STATISTICS)
        assert column.quantiles is None
        assert column.top_values == []
    assert profile.missing_cells == 160
    assert profile.n_rows * profile.n_columns == 240
    assert profile.column("order_id").distinct == 40
    assert profile.column("amount").distinct == 40


def test_numbers_with_a_few_strings_stay_numeric_and_name_the_strays():
    amount = profile_table(load_case(2)).column("amount")

    assert amount.semantic_type in (SemanticType.FLOAT, SemanticType.INTEGER)
    assert (amount.count, amount.missing) == (60, 0)
    assert amount.min == 1.5 and amount.max == 90.0
    assert any("' NA', 'n/a', '12,50'" in note for note in amount.notes)


def test_invoice_numbers_with_cancellation_codes_are_identifiers():
    invoice = profile_table(load_case(2)).column("invoice_no")

    assert invoice.semantic_type == SemanticType.IDENTIFIER
    assert invoice.distinct == 60
    assert any("int 56, str 4" in note for note in invoice.notes)


def test_several_python_types_make_a_mixed_column():
    mixed = profile_table(load_case(2)).column("mixed_bag")

    assert mixed.semantic_type == SemanticType.MIXED
    assert (mixed.count, mixed.missing) == (50, 10)
    # True, 1 and 2.5 are three values, never merged by Python equality.
    assert mixed.distinct == 5
    shown = {(type(t.value), t.value, t.count) for t in mixed.top_values}
    assert shown == {
        (str, "Jan", 10),
        (str, "Feb", 10),
        (int, 1, 10),
        (float, 2.5, 10),
        (bool, True, 10),
    }


@pytest.mark.parametrize(
    ("name", "timezone", "first", "last", "missing"),
    [
        ("ts_utc", "UTC", "2024-03-09T00:00:00+00:00", "2024-03-10T23:00:00+00:00", 1),
        (
            "ts_new_york",
            "America/New_York",
            "2024-03-08T19:00:00-05:00",
            "2024-03-10T19:00:00-04:00",
            0,
        ),
        (
            "ts_kolkata",
            "UTC+05:30",
            "2024-03-09T05:30:00+05:30",
            "2024-03-11T04:30:00+05:30",
            0,
        ),
        ("ts_naive", None, "2024-03-09T00:00:00", "2024-03-10T23:00:00", 0),
    ],
)
def test_timestamps_keep_their_zone_and_offset(name, timezone, first, last, missing):
    column = profile_table(load_case(3)).column(name)

    assert column.semantic_type == SemanticType.DATETIME
    assert column.timezone == timezone
    assert (column.min, column.max) == (first, last)
    assert column.missing == missing


@pytest.mark.parametrize(
    ("name", "expected", "missing"),
    [
        ("flag_clean", {True: 17, False: 33}, 0),
        ("flag_obj_nan", {True: 10, False: 30}, 10),
        ("flag_nullable", {True: 25, False: 20}, 5),
        ("flag_yn", {"Y": 30, "N": 17}, 3),
        ("flag_01", {1: 10, 0: 40}, 0),
    ],
)
def test_flags_in_five_spellings_are_boolean_with_exact_counts(name, expected, missing):
    column = profile_table(load_case(5)).column(name)

    assert column.semantic_type == SemanticType.BOOLEAN
    shown = {(type(t.value), t.value, t.count) for t in column.top_values}
    assert shown == {(type(value), value, n) for value, n in expected.items()}
    assert column.missing == missing
    assert column.skew is None


def test_nullable_integers_are_exact_and_match_their_float_twin():
    profile = profile_table(load_case(6))
    ints, floats = profile.column("id_int64"), profile.column("id_float")

    assert ints.semantic_type == SemanticType.INTEGER
    assert (ints.min, ints.max, ints.sum) == (1489260, 12522551, 26497988)
    assert isinstance(ints.min, int) and isinstance(ints.max, int)
    assert ints.mean == pytest.approx(4416331.33, abs=0.005)
    assert (ints.missing, ints.distinct) == (6, 5)
    for field in (*STATISTICS, "quantiles", "distinct", "count", "missing"):
        assert getattr(ints, field) == getattr(floats, field), field


def test_nullable_extension_columns_are_profiled_and_export_null():
    profile = profile_table(load_case(6))

    assert (profile.column("count_uint8").min, profile.column("count_uint8").max) == (
        0,
        255,
    )
    assert profile.column("score_float64").mean == 3.875
    assert profile.column("ok_boolean").semantic_type == SemanticType.BOOLEAN
    text = profile.model_dump_json()
    assert "NaN" not in text and "<NA>" not in text
    assert json.loads(text)["columns"][0]["kurtosis"] is not None


def test_categories_count_observed_values_only():
    grade = profile_table(load_case(7)).column("grade")

    assert grade.semantic_type == SemanticType.CATEGORICAL
    assert (grade.distinct, grade.missing) == (3, 5)
    assert counts(grade) == {"A": 10, "B": 10, "C": 5}
    assert any("'F'" in note for note in grade.notes)


def test_ordered_categories_take_min_and_max_from_their_order():
    size = profile_table(load_case(7)).column("shirt_size")

    assert (size.min, size.max) == ("S", "L")


def test_integer_coded_categories_get_no_mean_or_spread():
    code = profile_table(load_case(7)).column("code_cat")

    assert code.semantic_type == SemanticType.CATEGORICAL
    assert code.mean is None and code.std is None and code.sum is None


def test_nested_cells_count_distinct_on_their_canonical_form():
    profile = profile_table(load_case(8))
    tags, props, payload = (profile.column(n) for n in ("tags", "props", "payload"))

    assert {tags.semantic_type, props.semantic_type} == {SemanticType.NESTED}
    assert (tags.missing, props.missing, payload.missing) == (3, 0, 6)
    assert (tags.distinct, props.distinct) == (6, 4)
    assert counts(tags)["[]"] == 3  # an empty list is a value, not missing
    assert any("str 5" in note for note in payload.notes)


def test_rows_with_equal_nested_cells_are_duplicates():
    assert profile_table(load_case(8)).duplicate_rows == 1


def test_repeated_column_labels_are_profiled_apart():
    profile = profile_table(load_case(9))

    assert [c.name for c in profile.columns] == ["x", "x.1", "y"]
    assert [c.label for c in profile.columns] == [None, "x", None]
    first, second = profile.columns[:2]
    assert (first.count, first.mean) == (10, 5.5)
    assert (second.count, second.mean) == (10, 104.5)


def test_a_frame_without_rows_reports_its_columns():
    profile = profile_table(load_case(13))

    assert (profile.n_rows, profile.n_columns) == (0, 4)
    assert [c.name for c in profile.columns] == ["price", "city", "created_at", "qty"]
    assert [c.dtype for c in profile.columns] == [
        "float64",
        "object",
        "datetime64[ns]",
        "Int64",
    ]
    for column in profile.columns:
        assert all(getattr(column, s) is None for s in STATISTICS)


def test_one_row_has_no_spread_and_shows_values_as_they_are():
    profile = profile_table(load_case(14))
    price = profile.column("price")

    assert (price.min, price.max, price.mean) == (9.99, 9.99, 9.99)
    assert (price.std, price.variance, price.skew, price.kurtosis) == (None,) * 4
    assert profile.column("city").top_values[0].value == "Lyon"
    assert profile.column("active").semantic_type == SemanticType.BOOLEAN
    assert profile.column("created_at").min == "2024-05-01T10:00:00"


def test_infinities_are_counted_apart_and_left_out_of_statistics():
    ratio = profile_table(load_case(15)).column("ratio")

    assert (ratio.infinite, ratio.positive_infinite, ratio.negative_infinite) == (
        3,
        2,
        1,
    )
    assert (ratio.missing, ratio.count) == (2, 28)
    assert (ratio.min, ratio.max) == (0.5, 15.0)
    assert ratio.mean == pytest.approx(7.88)


def test_a_column_of_infinities_has_no_finite_statistics():
    all_inf = profile_table(load_case(15)).column("all_inf")

    assert (all_inf.infinite, all_inf.missing, all_inf.count) == (30, 0, 30)
    assert all(getattr(all_inf, s) is None for s in STATISTICS)


def test_integers_at_the_64_bit_limits_stay_exact():
    profile = profile_table(load_case(19))
    snowflake = profile.column("snowflake_id")
    wide = profile.column("wide_range")

    assert snowflake.semantic_type == SemanticType.IDENTIFIER
    assert (snowflake.distinct, snowflake.min, snowflake.max) == (
        100,
        716277643516076032,
        716277643516076131,
    )
    assert wide.max - wide.min == 18446744073709551614
    assert wide.sum == sum(range(2, 100))
    assert profile.column("u64_big").min == 9223372036854775808


def test_integers_beyond_64_bits_are_exact_python_integers():
    beyond = profile_table(load_case(19)).column("beyond_int64")

    assert beyond.semantic_type == SemanticType.INTEGER
    assert (beyond.min, beyond.max, beyond.distinct) == (
        2**64,
        2**64 + 99,
        100,
    )
    assert beyond.sum == 100 * 2**64 + sum(range(100))


def test_unique_identifiers_are_counted_without_a_cap():
    profile = profile_table(load_case(22))

    for name in ("uuid", "user_id", "email"):
        column = profile.column(name)
        assert column.semantic_type == SemanticType.IDENTIFIER, name
        assert column.distinct == 1500
    country = profile.column("country")
    assert country.semantic_type == SemanticType.CATEGORICAL
    assert set(counts(country).values()) == {250}
    assert country.distinct == 6


def test_constant_columns_have_zero_spread_and_undefined_shape():
    profile = profile_table(load_case(23))
    constant = profile.column("const_num")

    assert (constant.distinct, constant.std, constant.skew, constant.kurtosis) == (
        1,
        0.0,
        None,
        None,
    )
    assert profile.column("const_str").distinct == 1
    assert counts(profile.column("near_const")) == {"A": 198, "B": 2}


def test_durations_and_periods_are_shown_as_pandas_prints_them():
    profile = profile_table(load_case(24))
    duration, quarter, month = (
        profile.column(n) for n in ("duration", "quarter", "month")
    )

    assert duration.semantic_type == SemanticType.DURATION
    assert (duration.missing, duration.count) == (1, 19)
    assert (duration.min, duration.max) == ("0 days 00:15:00", "0 days 19:15:00")
    assert duration.mean.startswith("0 days 10:02:22.105")
    assert quarter.semantic_type == SemanticType.PERIOD
    assert (quarter.min, quarter.max, quarter.distinct) == ("2023Q1", "2027Q4", 20)
    assert (month.missing, month.min, month.max) == (1, "2024-01", "2025-08")


@pytest.mark.parametrize("number", [1, 2, 3, 5, 6, 7, 8, 9, 13, 14, 15, 19, 22, 23, 24])
def test_every_case_round_trips_through_json(number):
    profile = profile_table(load_case(number))

    assert TableProfile.model_validate_json(profile.model_dump_json()) == profile
    for column in profile.columns:
        assert column.count + column.missing == profile.n_rows
