"""Numeric statistics: exact integers, pandas' moments, numpy's quantiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType


def profile_of(values, dtype=None, name="values"):
    frame = pd.DataFrame({name: pd.Series(values, dtype=dtype)})
    return profile_table(frame).columns[0]


def test_int64_sums_beyond_int64_do_not_overflow():
    column = profile_of([2**62, 2**62, 2**62, 2**62 - 1], dtype="int64")

    assert column.sum == 4 * 2**62 - 1


def test_negative_int64_sums_are_exact():
    low = np.iinfo("int64").min
    column = profile_of([low, low, 5], dtype="int64")

    assert column.sum == 2 * low + 5
    assert column.min == low


def test_uint64_sums_are_exact():
    top = np.iinfo("uint64").max
    column = profile_of([top, top, 1], dtype="uint64")

    assert (column.sum, column.max) == (2 * top + 1, top)


def test_integer_means_are_the_correctly_rounded_quotient():
    column = profile_of([2**53 + 1, 2**53 + 2, 2**53 + 2], dtype="int64")

    assert column.mean == (3 * 2**53 + 5) / 3


def test_spread_of_large_neighbouring_integers_is_not_lost_to_rounding():
    base = 716277643516076032
    column = profile_of(np.arange(base, base + 100, dtype="int64"), name="n")

    assert column.std == pytest.approx(pd.Series(np.arange(100)).std())
    # Too large for a float to hold a fraction: the nearest integer instead.
    assert column.quantiles["0.25"] == base + 25  # base + 24.75
    assert column.quantiles["0.5"] in (base + 49, base + 50)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_float_statistics_agree_with_pandas_and_numpy(seed):
    values = pd.Series(np.random.default_rng(seed).gamma(2.0, 3.0, 500))
    column = profile_of(values)

    assert column.mean == pytest.approx(values.mean(), rel=1e-12)
    assert column.std == pytest.approx(values.std(), rel=1e-9)
    assert column.variance == pytest.approx(values.var(), rel=1e-9)
    assert column.skew == pytest.approx(values.skew(), rel=1e-9)
    assert column.kurtosis == pytest.approx(values.kurt(), rel=1e-9)
    for q, value in column.quantiles.items():
        assert value == pytest.approx(np.quantile(values, float(q)), rel=1e-12)


def test_integer_quantiles_are_exact_where_they_fall_on_a_value():
    values = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])
    column = profile_of(values)

    assert column.quantiles == {
        q: np.quantile(values, float(q)).item() for q in column.quantiles
    }
    assert isinstance(column.quantiles["0.5"], int)


def test_whole_floats_are_integers_stored_as_floats():
    column = profile_of([1.0, 2.0, np.nan, 4.0, 4.0])

    assert column.semantic_type == SemanticType.INTEGER
    assert (column.min, column.max, column.sum) == (1, 4, 11)
    assert isinstance(column.min, int)
    assert "whole numbers stored as floats" in column.notes


def test_whole_floats_beside_infinity_stay_floats():
    column = profile_of([1.0, 2.0, np.inf])

    assert column.semantic_type == SemanticType.FLOAT
    assert column.infinite == 1


def test_infinity_is_a_value_not_a_missing_one():
    column = profile_of([np.inf, -np.inf, np.nan, 1.5, 2.5])

    assert (column.count, column.missing, column.distinct) == (4, 1, 4)
    assert (column.positive_infinite, column.negative_infinite) == (1, 1)
    assert column.mean == 2.0
    assert {t.value for t in column.top_values} >= {"inf", "-inf"}


def test_sums_that_overflow_a_float_are_none_not_infinity():
    column = profile_of([1.7e308, 1.7e308, 0.5])

    assert column.sum is None
    assert column.mean == pytest.approx(1.7e308 / 3 * 2)


@pytest.mark.parametrize(
    ("values", "undefined"),
    [
        ([4.5], ("std", "variance", "skew", "kurtosis")),
        ([4.5, 5.5], ("skew", "kurtosis")),
        ([4.5, 5.5, 7.5], ("kurtosis",)),
        ([3.5, 3.5, 3.5, 3.5], ("skew", "kurtosis")),
    ],
)
def test_statistics_undefined_for_few_values_are_none(values, undefined):
    column = profile_of(values)

    for field in ("std", "variance", "skew", "kurtosis"):
        assert (getattr(column, field) is None) == (field in undefined), field


def test_zero_and_one_integers_are_flags():
    column = profile_of([0, 1, 1, 0, 0], dtype="int64")

    assert column.semantic_type == SemanticType.BOOLEAN
    assert column.mean == pytest.approx(0.4)


def test_a_column_of_only_zeros_is_not_a_flag():
    assert profile_of([0, 0, 0], dtype="int64").semantic_type == SemanticType.INTEGER


def test_unique_integers_named_like_ids_are_identifiers():
    column = profile_of(range(100, 120), name="order_id")

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert (column.min, column.max, column.mean) == (100, 119, None)


def test_repeated_integers_with_an_id_word_before_the_end_stay_integers():
    repeated = [1, 2, 3] * 5
    column = profile_of(repeated, name="id_count")

    assert column.semantic_type == SemanticType.INTEGER


# Flight numbers, zip codes, store numbers: codes, however often they repeat.
CODES = [1545, 1714, 1141, 725, 461] * 20


@pytest.mark.parametrize(
    "name",
    [
        *("flight", "flight_no", "FlightNumber", "zip", "store-nr", "postCode"),
        *("tail nr", "phone_2", "id", "sku", "account_key"),
    ],
)
@pytest.mark.parametrize("dtype", ["int64", "Int64", "float64"])
def test_integers_named_a_code_by_their_last_word_are_identifiers(name, dtype):
    column = profile_of(CODES, dtype=dtype, name=name)

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert (column.min, column.max) == (461, 1714)
    assert (column.mean, column.std, column.quantiles) == (None, None, None)
    assert "(they repeat: 5 distinct values in 100)" in column.notes[0]


@pytest.mark.parametrize(
    "name",
    [
        *("number_of_items", "num_children", "flights", "miles_per_flight"),
        *("zip_count", "code_length"),
        "id_int64",  # shared case 06: an integer
        "const_num",  # shared case 23: a constant quantity ("numeric")
    ],
)
def test_only_the_last_word_of_a_name_makes_a_code(name):
    column = profile_of(CODES, dtype="int64", name=name)

    assert column.semantic_type == SemanticType.INTEGER
    assert column.mean == pytest.approx(1117.2)


def test_integers_are_not_identifiers_for_words_merely_containing_id():
    column = profile_of(range(20), name="paid")

    assert column.semantic_type == SemanticType.INTEGER
