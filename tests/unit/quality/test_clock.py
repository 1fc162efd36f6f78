"""Clock times written as HHMM numbers (``dep_time`` = 517 for 05:17): found
by name and digits, fixed to minutes after midnight by code that rebuilds
the fixed frame; hours, minutes and durations are left alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analyst_pa
from analyst_pa.profile import profile_table
from analyst_pa.quality import CHECKS, fix
from tests.unit.quality._helpers import assert_code_reproduces, issues, only


def clock(n: int = 300, seed: int = 5) -> np.ndarray:
    """Return ``n`` times of day as HHMM integers, every five minutes."""
    minutes = np.random.default_rng(seed).integers(0, 24 * 12, n) * 5
    return minutes // 60 * 100 + minutes % 60


@pytest.mark.parametrize("name", ["dep_time", "ArrTime", "start hour", "hhmm"])
@pytest.mark.parametrize("dtype", ["int64", "Int64", "float64"])
def test_hhmm_integers_named_like_times_are_clock_times(name, dtype):
    frame = pd.DataFrame({name: pd.Series(clock(), dtype=dtype), "n": range(300)})
    frame.loc[[3, 7], name] = None

    issue = only(frame, "time_as_number", name)

    assert issue.columns == [name]
    assert (issue.count, issue.share) == (298, 298 / 300)
    assert "clock times written as HHMM numbers" in issue.message
    assert issue.fix is not None and not issue.fix.safe


def test_the_fix_gives_minutes_after_midnight_and_its_code_does_the_same():
    frame = pd.DataFrame({"dep_time": np.r_[517.0, 2359, 1, np.nan, 2400, clock(95)]})
    frame["sched_dep_time"] = clock(100)
    found = issues(frame, "time_as_number")

    assert fix(frame, found).log == []  # it changes what the column means
    fixed = fix(frame, found, accept="time_as_number")

    assert fixed.frame["dep_time"].tolist()[:5] == pytest.approx(
        [317, 1439, 1, np.nan, 1440], nan_ok=True
    )
    hhmm = frame["sched_dep_time"]
    assert (fixed.frame["sched_dep_time"] == hhmm // 100 * 60 + hhmm % 100).all()
    assert_code_reproduces(frame, fixed)


def test_hours_minutes_durations_and_unnamed_times_are_not_clock_times():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "hour": rng.integers(0, 24, 300),
            "minute": rng.integers(0, 60, 300),
            "air_time": rng.integers(20, 700, 300),  # minutes: endings up to 99
            "wait_time": rng.integers(0, 40, 300) * 50,  # steps of 50: 00 or 50
            "amount": clock(),  # HHMM digits, but nothing says time
            "time_code": np.r_[clock(290), np.full(10, 1275)],  # 75 minutes?
        }
    )

    assert issues(frame, "time_as_number") == []


def test_few_distinct_times_are_not_enough_evidence():
    frame = pd.DataFrame({"dep_time": [515, 830, 1045, 1230, 1720] * 20})

    assert issues(frame, "time_as_number") == []


def test_the_flights_schedule_and_actual_times_are_clock_times():
    flights = analyst_pa.load("dataset:flights")

    found = CHECKS["clock_times"][1](flights, profile_table(flights))

    assert sorted(c for i in found for c in i.columns) == [
        "arr_time",
        "dep_time",
        "sched_arr_time",
        "sched_dep_time",
    ]
    dep_time = next(i for i in found if i.columns == ["dep_time"])
    assert dep_time.count == flights["dep_time"].notna().sum()
    assert dep_time.details == {"min": 1, "max": 2400, "distinct": 1318}
