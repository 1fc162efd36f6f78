"""Trends over the time column, and measures that are the calendar."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.unit.insights.conftest import of_kind


def daily(n_days: int = 730, per_day: int = 20, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    day = np.repeat(np.arange(n_days), per_day)
    when = pd.Timestamp("2022-01-01") + pd.to_timedelta(day, unit="D")
    when += pd.to_timedelta(rng.integers(0, 24 * 60, day.size), unit="min")
    return pd.DataFrame({"when": when, "noise": rng.normal(size=day.size)})


def test_a_rising_measure_is_a_trend_with_its_monthly_means(insights_of):
    data = daily()
    data["sales"] = 100 + 0.05 * (data["when"] - data["when"].min()).dt.days
    data["sales"] += np.random.default_rng(1).normal(0, 5, len(data))

    (trend,) = of_kind(insights_of(data), "trend")

    monthly = data.groupby(data["when"].dt.to_period("M"))["sales"].mean()
    assert trend.columns == ["sales", "when"]
    assert trend.statement.startswith(
        f"sales rose over when: mean sales went from {monthly.iloc[0]:.0f} in "
        f"2022-01 to {monthly.iloc[-1]:.0f} in 2023-12"
    )
    assert trend.chart["x"][:2] == ["2022-01", "2022-02"]
    assert len(trend.chart["x"]) == 24


def test_noise_over_time_has_no_trend(insights_of):
    assert of_kind(insights_of(daily()), "trend") == []


def test_a_month_number_beside_the_date_is_not_a_trend(insights_of):
    data = daily()
    data["month"] = data["when"].dt.month
    data["day_of_month"] = data["when"].dt.day

    result = insights_of(data)

    assert not any("month" in i.columns for i in result.insights if i.kind == "trend")
    assert "follows when" in result.skipped["day_of_month over time"]


def test_without_a_time_column_the_reason_is_given(insights_of):
    result = insights_of(pd.DataFrame({"x": np.arange(100.0)}))

    assert result.skipped["trends"] == "no date or time column"


def test_a_named_time_column_that_holds_no_dates_is_warned_about(insights_of):
    import pytest

    data = pd.DataFrame({"year": np.arange(100), "x": np.arange(100.0)})

    with pytest.warns(UserWarning, match="'year' does not hold dates or times"):
        result = insights_of(data, time="year")

    assert result.skipped["trends"] == "year does not hold dates or times"
