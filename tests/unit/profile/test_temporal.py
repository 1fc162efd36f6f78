"""Timestamps, durations and periods: shown as time, computed as integers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType


def profile_of(series):
    return profile_table(pd.DataFrame({"t": series})).columns[0]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_timestamps_of_every_unit_show_the_same_instants(unit):
    stamps = pd.Series(pd.to_datetime(["2024-05-01 10:00", "2024-05-03 12:30", None]))
    column = profile_of(stamps.astype(f"datetime64[{unit}]"))

    assert column.semantic_type == SemanticType.DATETIME
    assert (column.min, column.max) == ("2024-05-01T10:00:00", "2024-05-03T12:30:00")
    assert column.mean == "2024-05-02T11:15:00"
    assert column.timezone is None


def test_naive_timestamps_all_at_midnight_are_dates():
    column = profile_of(pd.Series(pd.date_range("2024-01-30", periods=3, freq="D")))

    assert column.semantic_type == SemanticType.DATE
    assert (column.min, column.max) == ("2024-01-30", "2024-02-01")


def test_zone_aware_midnights_stay_datetimes():
    days = pd.date_range("2024-01-30", periods=3, freq="D", tz="Europe/Paris")
    column = profile_of(pd.Series(days))

    assert column.semantic_type == SemanticType.DATETIME
    assert column.min == "2024-01-30T00:00:00+01:00"
    assert column.timezone == "Europe/Paris"


def test_timestamps_outside_the_nanosecond_range_are_exact():
    stamps = pd.Series(["1500-06-01", "2400-01-01"], dtype="datetime64[s]")
    column = profile_of(stamps)

    assert (column.min, column.max) == ("1500-06-01", "2400-01-01")


def test_the_mean_of_nanosecond_timestamps_is_exact():
    base = 1_700_000_000_000_000_000  # a float cannot tell nanoseconds apart here
    stamps = pd.Series(pd.to_datetime([base + 1, base + 2, base + 6], unit="ns"))
    column = profile_of(stamps)

    assert column.mean == pd.Timestamp(base + 3, unit="ns").isoformat()


def test_timestamp_quantiles_are_iso_strings():
    column = profile_of(pd.Series(pd.date_range("2024-01-01", periods=5, freq="h")))

    assert column.quantiles["0.5"] == "2024-01-01T02:00:00"


def test_pyarrow_timestamps_dates_and_durations_are_temporal():
    stamps = pd.Series(
        [dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC), None],
        dtype=pd.ArrowDtype(pa.timestamp("ms", tz="UTC")),
    )
    dates = pd.Series([dt.date(2024, 1, 2), None], dtype=pd.ArrowDtype(pa.date32()))
    spans = pd.Series([dt.timedelta(seconds=90)], dtype=pd.ArrowDtype(pa.duration("s")))

    assert profile_of(stamps).max == "2024-01-01T12:00:00+00:00"
    assert profile_of(dates).semantic_type == SemanticType.DATE
    assert profile_of(dates).min == "2024-01-02"
    assert profile_of(spans).min == "0 days 00:01:30"


def test_negative_durations_are_shown_as_pandas_prints_them():
    column = profile_of(pd.Series(pd.to_timedelta(["-1h", "30min"])))

    assert column.semantic_type == SemanticType.DURATION
    assert column.min == "-1 days +23:00:00"
    assert column.mean == "-1 days +23:45:00"


def test_daily_periods_show_their_dates():
    column = profile_of(pd.Series(pd.period_range("2024-02-28", periods=3, freq="D")))

    assert column.semantic_type == SemanticType.PERIOD
    assert (column.min, column.max) == ("2024-02-28", "2024-03-01")
    assert column.mean is None
