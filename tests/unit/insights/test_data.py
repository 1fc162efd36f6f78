"""Reading columns into arrays: text numbers, sentinels, category levels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyst_pa.insights._data import as_codes, as_floats


def test_numbers_written_as_text_are_read_as_their_issue_describes():
    series = pd.Series(["$1,234.50", " $2,000.00 ", "n/a", None])

    values = as_floats(series, {"marks": "$", "thousands": ",", "decimal": "."})

    np.testing.assert_array_equal(values, [1234.5, 2000.0, np.nan, np.nan])


def test_decimal_commas_and_sentinels():
    assert (
        as_floats(pd.Series(["1.234,5"]), {"thousands": ".", "decimal": ","})[0]
        == 1234.5
    )
    values = as_floats(pd.Series([12.0, -999.0, np.inf]), {"sentinels": [-999.0]})
    assert np.isnan(values).tolist() == [False, True, True]


def test_nullable_integers_become_floats_with_nan():
    values = as_floats(pd.Series([1, None, 3], dtype="Int64"))

    assert np.isnan(values).tolist() == [False, True, False]


def test_unused_category_levels_are_not_levels():
    series = pd.Series(pd.Categorical(["a", None, "b"], categories=["a", "b", "F"]))

    segment = as_codes(series)

    assert segment.labels == ["a", "b"]
    assert segment.codes.tolist() == [0, -1, 1]
