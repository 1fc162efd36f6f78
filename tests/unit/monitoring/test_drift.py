"""Drift between two profiles: schema, missing values, distribution shift."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyst_pa.monitoring import (
    PSI_THRESHOLD,
    FindingKind,
    column_psi,
    compare_profiles,
    psi,
)
from analyst_pa.profile import profile_table
from analyst_pa.results import Severity


@pytest.fixture(scope="module")
def flights_sample(flights_raw) -> pd.DataFrame:
    return flights_raw.sample(40_000, random_state=1).reset_index(drop=True)


def kinds(findings) -> dict[tuple[str, str | None], object]:
    return {(f.kind.value, f.column): f for f in findings}


def test_psi_is_zero_for_equal_shares_and_grows_with_the_shift():
    assert psi([0.25] * 4, [0.25] * 4) == 0
    small = psi([0.25] * 4, [0.3, 0.25, 0.25, 0.2])
    large = psi([0.25] * 4, [0.7, 0.2, 0.05, 0.05])
    assert 0 < small < 0.1 < PSI_THRESHOLD < large


def test_psi_of_an_empty_bin_is_finite():
    assert np.isfinite(psi([0.5, 0.5, 0.0], [0.0, 0.5, 0.5]))


def test_two_samples_of_the_same_data_do_not_drift(flights_raw):
    first = profile_table(flights_raw.sample(30_000, random_state=2))
    second = profile_table(flights_raw.sample(30_000, random_state=3))

    assert compare_profiles(first, second) == []
    for column in second.columns:
        score = column_psi(first.column(column.name), column)
        assert score is None or score < 0.05, column.name


def test_a_modified_run_reports_schema_missing_and_shift(flights_sample):
    before = profile_table(flights_sample)
    changed = flights_sample.drop(columns=["minute"])
    changed["dep_delay"] = changed["dep_delay"] + 45
    changed.loc[: len(changed) // 4, "arr_time"] = np.nan
    changed["carrier"] = changed["carrier"].replace({"UA": "XX", "B6": "XX"})
    changed["origin"] = changed["origin"].astype(str) + "!"  # still text
    changed["month"] = changed["month"].astype(str).radd("m")  # now text
    changed["gate"] = 1

    found = kinds(compare_profiles(before, profile_table(changed)))

    assert found[("column_removed", "minute")].severity == Severity.ERROR
    assert ("column_added", "gate") in found
    assert found[("type_changed", "month")].previous == "integer"
    jump = found[("missing_jump", "arr_time")]
    assert jump.previous == pytest.approx(0.026, abs=0.002)
    assert jump.current == pytest.approx(0.27, abs=0.01)
    assert found[("distribution_shift", "dep_delay")].score > 1
    median = int(flights_sample["dep_delay"].median())
    shift = found[("distribution_shift", "dep_delay")].message
    assert f"median {median} → {median + 45}" in shift
    assert ("distribution_shift", "carrier") in found
    assert ("distribution_shift", "arr_time") not in found  # only values went missing
    assert ("distribution_shift", "day") not in found


def test_a_constant_column_compares_as_equal_to_itself():
    frame = pd.DataFrame({"year": [2013] * 100, "x": np.arange(100)})
    profile = profile_table(frame)
    assert column_psi(profile.column("year"), profile.column("year")) == 0


def test_dates_shift_when_their_quantiles_move():
    days = pd.Series(pd.date_range("2024-01-01", periods=365, freq="D", tz="UTC"))
    before = profile_table(pd.DataFrame({"when": days}))
    after = profile_table(pd.DataFrame({"when": days + pd.Timedelta(days=120)}))
    shifted = kinds(compare_profiles(before, after))
    assert ("distribution_shift", "when") in shifted


def test_the_row_count_is_reported_when_it_halves():
    frame = pd.DataFrame({"x": np.arange(1000) % 7})
    found = compare_profiles(profile_table(frame), profile_table(frame.head(400)))
    assert [f.kind for f in found] == [FindingKind.ROW_COUNT_CHANGE]
    assert "from 1,000 to 400 (-60%)" in found[0].message


def test_thresholds_are_parameters(flights_sample):
    before = profile_table(flights_sample)
    changed = flights_sample.copy()
    changed.loc[: len(changed) // 50, "arr_time"] = np.nan  # about 2 points more

    assert compare_profiles(before, profile_table(changed)) == []
    strict = compare_profiles(before, profile_table(changed), missing_jump=0.01)
    assert [f.kind for f in strict] == [FindingKind.MISSING_JUMP]
