"""The table as a whole: shape, memory, missing cells, duplicate rows, API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analyst_pa.profile
from analyst_pa.errors import InputError
from analyst_pa.profile import profile_table
from analyst_pa.results import TableProfile


def test_the_package_offers_exactly_profile_table():
    assert analyst_pa.profile.__all__ == ["profile_table"]


def test_the_table_counts_its_shape_missing_cells_and_memory():
    frame = pd.DataFrame({"a": [1.0, None, 3.0], "b": ["x", None, None]})
    profile = profile_table(frame)

    assert (profile.n_rows, profile.n_columns, profile.missing_cells) == (3, 2, 3)
    assert profile.memory_bytes == frame.memory_usage(deep=True).sum()


def test_duplicate_rows_are_counted_after_their_first_occurrence():
    frame = pd.DataFrame({"a": [1, 1, 1, 2], "b": ["x", "x", "x", "x"]})

    assert profile_table(frame).duplicate_rows == 2


def test_missing_values_in_the_same_places_make_rows_duplicates():
    frame = pd.DataFrame({"a": [np.nan, np.nan], "b": [None, None]})

    assert profile_table(frame).duplicate_rows == 1


def test_rows_differing_only_in_true_versus_one_are_not_duplicates():
    frame = pd.DataFrame({"a": pd.Series([True, 1, "x"], dtype=object)})

    assert profile_table(frame).duplicate_rows == 0


def test_rows_with_unordered_dicts_alike_are_duplicates():
    frame = pd.DataFrame({"a": [{"k": 1, "j": 2}, {"j": 2, "k": 1}], "b": [[1], [1]]})

    assert profile_table(frame).duplicate_rows == 1


@pytest.mark.parametrize("shape", [(0, 0), (3, 0), (0, 2)])
def test_frames_without_rows_or_columns_are_profiled(shape):
    columns = shape[1]
    frame = pd.DataFrame(np.zeros(shape), columns=[f"c{i}" for i in range(columns)])
    profile = profile_table(frame)

    assert (profile.n_rows, profile.n_columns) == shape
    assert (profile.duplicate_rows, profile.missing_cells) == (0, 0)
    assert len(profile.columns) == columns


def test_top_limits_the_values_kept():
    frame = pd.DataFrame({"a": list(range(30))})

    assert len(profile_table(frame, top=3).columns[0].top_values) == 3
    assert profile_table(frame, top=0).columns[0].top_values == []


def test_a_non_frame_is_refused_with_what_to_do():
    with pytest.raises(InputError, match="expects a pandas DataFrame, got list"):
        profile_table([1, 2, 3])  # type: ignore[arg-type]


@pytest.mark.parametrize("top", [-1, 2.5, True])
def test_top_must_be_a_non_negative_integer(top):
    with pytest.raises(InputError, match="top must be a non-negative integer"):
        profile_table(pd.DataFrame({"a": [1]}), top=top)


def test_a_non_unique_row_index_does_not_matter():
    frame = pd.DataFrame({"a": [1.0, None, 3.0]}, index=[7, 7, 7])

    assert profile_table(frame).columns[0].missing == 1


def test_text_arrow_cannot_hold_is_still_profiled_and_exported():
    # Lone surrogates (from bad decoding) are refused by Arrow and by UTF-8.
    frame = pd.DataFrame({"a": pd.Series(["\ud800x", "b", "b"], dtype=object)})
    frame.columns = pd.Index(["a\udc80"], dtype=object)
    profile = profile_table(frame)

    assert profile.columns[0].distinct == 2
    assert TableProfile.model_validate_json(profile.model_dump_json()) == profile
