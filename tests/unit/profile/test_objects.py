"""Columns of Python objects: one kind, several kinds, containers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType


def profile_of(values, name="values"):
    frame = pd.DataFrame({name: pd.Series(values, dtype=object)})
    return profile_table(frame).columns[0]


def test_decimals_are_decimal_with_infinities_apart_and_nan_missing():
    column = profile_of(
        [Decimal("1.50"), Decimal("2.25"), Decimal("NaN"), Decimal("Infinity"), None]
    )

    assert column.semantic_type == SemanticType.DECIMAL
    assert (column.count, column.missing, column.infinite) == (3, 2, 1)
    assert (column.min, column.max, column.mean) == (1.5, 2.25, 1.875)


def test_python_dates_are_dates_in_iso_form():
    column = profile_of([dt.date(2024, 2, 29), dt.date(1, 1, 1), None])

    assert column.semantic_type == SemanticType.DATE
    assert (column.min, column.max) == ("0001-01-01", "2024-02-29")


def test_python_datetimes_in_one_zone_keep_it():
    paris = dt.timezone(dt.timedelta(hours=1))
    column = profile_of([dt.datetime(2024, 1, 1, 9, tzinfo=paris), None])

    assert column.semantic_type == SemanticType.DATETIME
    assert column.min == "2024-01-01T09:00:00+01:00"
    assert column.timezone == "UTC+01:00"


def test_naive_and_aware_python_datetimes_are_never_compared():
    column = profile_of(
        [dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 1, 1)]
    )

    assert column.semantic_type == SemanticType.MIXED
    assert column.min is None and column.max is None
    assert any("cannot be compared" in note for note in column.notes)


def test_python_timedeltas_are_durations():
    column = profile_of([dt.timedelta(minutes=15), dt.timedelta(hours=1), None])

    assert column.semantic_type == SemanticType.DURATION
    assert (column.min, column.max) == ("0 days 00:15:00", "0 days 01:00:00")


def test_equal_containers_are_one_value_whatever_their_order_or_type():
    column = profile_of([{"a": 1, "b": 2}, {"b": 2, "a": 1}, {1, 2}, {2, 1}, (1, 2)])

    assert column.semantic_type == SemanticType.NESTED
    assert column.distinct == 2  # the dict; the set, sorted, equals the tuple


def test_an_empty_list_is_a_value_and_none_is_missing():
    column = profile_of([[], [], None, ["a"]])

    assert (column.count, column.missing, column.distinct) == (3, 1, 2)
    assert column.min_length == 0


def test_numpy_arrays_in_cells_are_nested():
    column = profile_of([np.array([1, 2]), np.array([1, 2]), np.array([3])])

    assert column.semantic_type == SemanticType.NESTED
    assert column.distinct == 2


def test_true_and_one_are_different_values():
    column = profile_of([True, 1, 1.0, "1", None])

    assert column.semantic_type == SemanticType.MIXED
    assert column.distinct == 4


def test_python_integers_and_floats_are_floats():
    column = profile_of([1, 2.5, 3, None])

    assert column.semantic_type == SemanticType.FLOAT
    assert column.mean == pytest.approx(6.5 / 3)


def test_numpy_scalars_in_an_object_column_are_numbers():
    column = profile_of([np.int64(3), np.int32(4), np.uint8(5)])

    assert column.semantic_type == SemanticType.INTEGER
    assert (column.min, column.max, column.sum) == (3, 5, 12)


def test_integers_beyond_64_bits_keep_their_exact_value_and_say_so():
    column = profile_of([-(2**70), 2**70 + 1, 7])

    assert (column.min, column.max, column.sum) == (-(2**70), 2**70 + 1, 8)
    assert any("beyond 64 bits" in note for note in column.notes)


def test_mostly_numbers_with_a_stray_flag_stay_numeric():
    column = profile_of([float(i) + 0.5 for i in range(19)] + [True])

    assert column.semantic_type == SemanticType.FLOAT
    assert column.max == 18.5
    assert any("True" in note for note in column.notes)


def test_numeric_strings_count_as_numbers_in_a_mixed_column():
    column = profile_of([1.5, "2.5", 3.5, " 4.5 "] * 5)

    assert column.semantic_type == SemanticType.FLOAT
    assert column.mean == 3.0


def test_bytes_are_text():
    column = profile_of([b"ab", b"cd", None])

    assert column.semantic_type == SemanticType.TEXT
    assert column.top_values[0].value == "b'ab'"


class Unhashable:
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unhashable)

    def __repr__(self) -> str:
        return "Unhashable()"


def test_unhashable_objects_are_counted_by_their_text():
    frame = pd.DataFrame({"x": pd.Series([Unhashable(), Unhashable()], dtype=object)})
    profile = profile_table(frame)

    assert profile.columns[0].distinct == 1
    assert profile.duplicate_rows == 1


def test_numpy_durations_are_durations_not_integers():
    column = profile_of([np.timedelta64(5, "D"), np.timedelta64(1, "h")])

    assert column.semantic_type == SemanticType.DURATION
    assert column.max == "5 days 00:00:00"


def test_durations_of_no_fixed_length_are_shown_as_text():
    column = profile_of([np.timedelta64(5, "D"), np.timedelta64(1, "Y")])

    assert column.semantic_type == SemanticType.TEXT
    assert {t.value for t in column.top_values} == {"5 days 00:00:00", "1 years"}
