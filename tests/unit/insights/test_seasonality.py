"""Seasonality by hour of the day and day of the week."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.unit.insights.conftest import of_kind


def hourly(days: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    when = pd.date_range("2024-01-01", periods=days * 24, freq="h", tz="Europe/Paris")
    when = when.repeat(5)
    hour = when.hour.to_numpy()
    load = 10 + 5 * np.exp(-((hour - 18) ** 2) / 8) + rng.normal(0, 1, hour.size)
    return pd.DataFrame({"when": when, "load": load})


def test_the_peak_hour_is_named_in_the_columns_own_zone(insights_of):
    data = hourly(days=28)

    (found,) = [
        i for i in of_kind(insights_of(data), "seasonality") if i.columns[0] == "load"
    ]

    means = data.groupby(data["when"].dt.hour)["load"].mean()
    assert found.id == "seasonality:load|when:hour"
    assert (
        f"highest at {means.idxmax():02d}:00 Europe/Paris "
        f"(mean {means.max():.1f})" in found.statement
    )
    assert len(found.chart["x"]) == 24


def test_cycles_the_data_does_not_cover_are_skipped_with_a_reason(insights_of):
    result = insights_of(hourly(days=2))

    assert result.skipped["seasonality by hour"].startswith("the data covers 2 days")
    assert "seasonality by weekday" in result.skipped
    assert of_kind(result, "seasonality") == []


def test_fewer_rows_on_weekends_is_a_pattern_of_the_rows(insights_of):
    days = pd.date_range("2024-01-01", periods=8 * 7, freq="D")
    per_day = np.where(days.day_of_week >= 5, 20, 60)
    data = pd.DataFrame({"when": days.repeat(per_day)})

    (found,) = [
        i for i in of_kind(insights_of(data), "seasonality") if "weekday" in i.id
    ]

    assert found.columns == ["when"]
    assert "most on Monday (60.0 per day on average)" in found.statement
    assert "fewest on Saturday (20.0)" in found.statement


def test_hours_without_any_row_are_named_together_not_as_the_fewest(insights_of):
    # Regression: flights said "fewest at 06:00 UTC (0)", one of four empty
    # hours, as if 06:00 were a dip rather than a time nothing departs.
    hours = pd.date_range("2024-01-01", periods=28 * 24, freq="h", tz="UTC")
    hours = hours[~hours.hour.isin([1, 2, 3, 4, 22])]
    per_hour = np.where(hours.hour == 12, 9, 3)
    data = pd.DataFrame({"when": hours.repeat(per_hour)})

    (found,) = [i for i in of_kind(insights_of(data), "seasonality") if "hour" in i.id]

    assert "most at 12:00 UTC (9.0 per hour on average)" in found.statement
    assert "none at 01:00–04:00 or 22:00 UTC (η²" in found.statement
    assert "fewest" not in found.statement
