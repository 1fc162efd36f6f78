"""Column names: unique, readable, and never taken from another column."""

from __future__ import annotations

import pandas as pd

from analyst_pa.profile import profile_table


def names_and_labels(columns):
    frame = pd.DataFrame([range(len(columns))], columns=pd.Index(columns, dtype=object))
    profile = profile_table(frame)
    return [c.name for c in profile.columns], [c.label for c in profile.columns]


def test_repeated_labels_get_a_suffix_that_no_column_bears():
    names, labels = names_and_labels(["x", "x", "x.1"])

    assert names == ["x", "x.2", "x.1"]
    assert labels == [None, "x", None]


def test_integer_labels_become_text_and_keep_the_original():
    names, labels = names_and_labels([0, 1])

    assert names == ["0", "1"]
    assert labels == [0, 1]


def test_multiindex_columns_are_joined_with_a_slash():
    frame = pd.DataFrame(
        [[1, 2]], columns=pd.MultiIndex.from_tuples([("sales", "sum"), ("sales", "")])
    )
    profile = profile_table(frame)

    assert [c.name for c in profile.columns] == ["sales / sum", "sales"]
    assert profile.columns[0].label == "('sales', 'sum')"


def test_blank_labels_are_named_by_position():
    names, labels = names_and_labels(["", "  ", "a"])

    assert names == ["unnamed_0", "unnamed_1", "a"]
    assert labels == ["", "  ", None]


def test_labels_that_are_dataframe_attributes_are_ordinary_columns():
    frame = pd.DataFrame({"index": [1, 2], "size": [3, 4], "count": [5, 6]})
    profile = profile_table(frame)

    assert [c.name for c in profile.columns] == ["index", "size", "count"]
    assert [c.mean for c in profile.columns] == [1.5, 3.5, 5.5]
