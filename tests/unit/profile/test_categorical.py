"""Category and interval columns."""

from __future__ import annotations

import pandas as pd

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType


def profile_of(series):
    return profile_table(pd.DataFrame({"c": series})).columns[0]


def test_unused_categories_are_neither_counted_nor_shown():
    series = pd.Series(pd.Categorical(["a", "b", "a"], categories=["a", "b", "z"]))
    column = profile_of(series)

    assert column.distinct == 2
    assert [t.value for t in column.top_values] == ["a", "b"]
    assert any("'z'" in note for note in column.notes)


def test_unordered_categories_have_no_minimum():
    column = profile_of(pd.Series(pd.Categorical(["b", "a"])))

    assert column.min is None and column.max is None


def test_ordered_categories_use_their_order_not_the_alphabet():
    order = ["low", "medium", "high"]
    series = pd.Series(
        pd.Categorical(["medium", "high"], categories=order, ordered=True)
    )
    column = profile_of(series)

    assert (column.min, column.max) == ("medium", "high")


def test_a_category_column_with_no_values_is_empty():
    column = profile_of(pd.Series(pd.Categorical([None, None], categories=["a"])))

    assert column.semantic_type == SemanticType.EMPTY


def test_binned_intervals_are_categories_ordered_by_their_edges():
    column = profile_of(
        pd.Series(pd.cut([1, 5, 9, 9, float("nan")], bins=[0, 3, 6, 10]))
    )

    assert column.semantic_type == SemanticType.CATEGORICAL
    assert (column.min, column.max) == ("(0, 3]", "(6, 10]")
    assert column.top_values[0].value == "(6, 10]"


def test_interval_columns_are_categories():
    intervals = pd.Series(pd.arrays.IntervalArray.from_breaks([0, 1, 2]))
    column = profile_of(intervals)

    assert column.semantic_type == SemanticType.CATEGORICAL
    assert column.distinct == 2
