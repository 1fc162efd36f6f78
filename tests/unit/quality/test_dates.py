"""The date checks: dates written as text (formats, day-month order, invalid
values, offsets), implausible dates, their fixes (whose pandas code must
rebuild the fixed frame), and clean data on which nothing may be reported."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyst_pa.profile import profile_table
from analyst_pa.quality import fix
from analyst_pa.quality._dates import date_values
from analyst_pa.results import Issue
from tests.cases import case_path, load_case
from tests.unit.quality._helpers import assert_code_reproduces, issues, only, rows


def date_issues(frame: pd.DataFrame) -> list[Issue]:
    """Return what the date checks alone find in ``frame``."""
    return date_values(frame, profile_table(frame))


def days(n: int, start: str = "2023-01-13", step: int = 17) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq=f"{step}D")


def dated(values: list[str], **others: object) -> pd.DataFrame:
    return pd.DataFrame({"when": values, "n": range(len(values)), **others})


# dates written as text


def test_iso_dates_in_text_are_read_safely_with_their_format():
    frame = dated(days(40).strftime("%Y-%m-%d").tolist())

    issue = only(frame, "date_as_text", "when")
    fixed = fix(frame, [issue])

    assert issue.count == 40
    assert issue.details["formats"] == ["%Y-%m-%d"]
    assert issue.fix is not None and issue.fix.safe
    assert fixed.frame["when"].dtype.kind == "M"
    assert fixed.frame["when"].iloc[0] == pd.Timestamp("2023-01-13")
    assert_code_reproduces(frame, fixed)


def test_case_17_dotted_dates_read_day_first():
    frame = pd.read_csv(case_path(17), sep=";", dtype=str)

    issue = only(frame, "date_as_text", "datum")
    fixed = fix(frame, [issue])

    assert issue.details["order"] == "day first"
    assert issue.details["formats"] == ["%d.%m.%Y"]
    assert fixed.frame["datum"].min() == pd.Timestamp("2023-01-13")
    assert fixed.frame["datum"].max() == pd.Timestamp("2023-12-02")
    assert_code_reproduces(frame, fixed)


def test_one_day_above_twelve_decides_month_first():
    values = days(30, "2024-01-01", 1).strftime("%m/%d/%Y").tolist()

    issue = only(dated(values), "date_as_text", "when")

    assert issue.details["formats"] == ["%m/%d/%Y"]
    assert issue.details["order"] == "month first"
    assert issues(dated(values), "ambiguous_day_month") == []


def test_padded_dates_are_stripped_by_the_fix():
    values = [f" {d} " for d in days(30).strftime("%d/%m/%Y")]
    frame = dated(values)

    fixed = fix(frame, issues(frame, "date_as_text"))

    assert fixed.frame["when"].iloc[0] == pd.Timestamp("2023-01-13")
    assert_code_reproduces(frame, fixed)


# ambiguous day and month


def ambiguous_frame() -> pd.DataFrame:
    values = [f"{d:02d}/{m:02d}/2024" for d in range(1, 13) for m in (1, 6, 11)]
    return dated(values)


def test_dates_valid_both_ways_are_ambiguous_and_not_guessed_silently():
    frame = ambiguous_frame()

    issue = only(frame, "ambiguous_day_month", "when")

    assert issue.count == 33  # 03/03, 06/06 ... read the same both ways
    assert issue.details["formats"] == ["%d/%m/%Y", "%m/%d/%Y"]
    assert "accept it only if" in issue.message
    assert issue.fix is not None and not issue.fix.safe


def test_reading_ambiguous_dates_needs_an_explicit_accept():
    frame = ambiguous_frame()
    found = issues(frame, "date_as_text") + issues(frame, "ambiguous_day_month")

    untouched = fix(frame, found)
    chosen = fix(frame, found, accept="ambiguous_day_month")

    assert untouched.frame.equals(frame)
    assert chosen.frame["when"].iloc[1] == pd.Timestamp("2024-06-01")
    assert len(chosen.log) == 1  # the same fix, applied once
    assert_code_reproduces(frame, chosen)


# invalid dates


def test_impossible_dates_are_invalid_at_their_rows():
    values = days(40).strftime("%d/%m/%Y").tolist()
    values[3], values[11] = "31/02/2024", "30/02/2023"
    frame = dated(values)

    issue = only(frame, "invalid_dates", "when")
    fixed = fix(frame, issues(frame, "date_as_text"), accept="all")

    assert issue.count == 2
    assert rows(issue) == [3, 11]
    assert only(frame, "date_as_text", "when").fix.safe is False
    assert fixed.frame["when"].isna().tolist() == [i in (3, 11) for i in range(40)]
    assert_code_reproduces(frame, fixed)


def test_month_thirteen_in_iso_dates_is_invalid():
    values = days(30).strftime("%Y-%m-%d").tolist()
    values[8] = "2024-13-01"

    issue = only(dated(values), "invalid_dates", "when")

    assert (issue.count, rows(issue)) == (1, [8])


# several formats and offsets


def test_several_formats_in_one_column_are_inconsistent():
    stamps = days(40)
    values = stamps.strftime("%Y-%m-%d").tolist()
    for row in (5, 6, 20):
        values[row] = stamps[row].strftime("%d %b %Y")
    frame = dated(values)

    issue = only(frame, "inconsistent_date_formats", "when")
    fixed = fix(frame, [issue], accept="all")

    assert issue.count == 3
    assert rows(issue) == [5, 6, 20]
    assert issue.details["formats"] == ["%Y-%m-%d", "%d %b %Y"]
    pd.testing.assert_series_equal(
        fixed.frame["when"], pd.Series(stamps, name="when"), check_freq=False
    )
    assert_code_reproduces(frame, fixed)


def test_one_offset_is_kept_as_the_time_zone():
    values = pd.date_range("2024-03-09 05:30", periods=30, freq="h")
    frame = dated(values.strftime("%Y-%m-%dT%H:%M:%S+05:30").tolist())

    fixed = fix(frame, issues(frame, "date_as_text"))

    assert str(fixed.frame["when"].dt.tz) == "UTC+05:30"
    assert fixed.frame["when"].iloc[0].isoformat() == "2024-03-09T05:30:00+05:30"
    assert_code_reproduces(frame, fixed)


def test_mixed_offsets_and_naive_values_are_inconsistent_and_read_as_utc():
    values = ["2024-01-05T10:00:00+01:00"] * 20 + ["2024-01-05T10:00:00+05:30"] * 5
    values += ["2024-01-05T10:00:00"] * 5
    frame = dated(values)

    issue = only(frame, "inconsistent_date_formats", "when")
    fixed = fix(frame, [issue], accept="all")

    assert issue.count == 10
    assert issue.details["offsets"] == ["+01:00", "+05:30", "no offset"]
    assert str(fixed.frame["when"].dt.tz) == "UTC"
    assert fixed.frame["when"].iloc[0] == pd.Timestamp("2024-01-05 09:00", tz="UTC")
    assert_code_reproduces(frame, fixed)


# implausible dates


def test_placeholder_and_out_of_range_dates_are_implausible():
    stamps = pd.Series(days(50, "2020-01-01", 3))
    stamps[[2, 9, 30]] = pd.Timestamp("1970-01-01")
    stamps[14] = pd.Timestamp("1850-06-01")
    stamps[40] = pd.Timestamp("2999-12-31")
    frame = pd.DataFrame({"signed_up": stamps})

    issue = only(frame, "implausible_dates", "signed_up")

    assert issue.count == 5
    assert issue.details["placeholder"] == 3
    assert issue.details["early"] == 1 and issue.details["future"] == 1
    assert sorted(rows(issue)) == [2, 14, 40]  # one example per distinct value


def test_placeholders_are_judged_on_wall_clock_time_in_any_zone():
    stamps = pd.Series(days(40, "2021-03-01", 1)).dt.tz_localize("Europe/Paris")
    stamps[[0, 5]] = pd.Timestamp("1970-01-01", tz="Europe/Paris")
    frame = pd.DataFrame({"at": stamps})

    issue = only(frame, "implausible_dates", "at")

    assert issue.count == 2 and issue.details["dates"] == ["1970-01-01"]


def test_implausible_dates_in_text_are_found_after_reading():
    values = days(40).strftime("%Y-%m-%d").tolist()
    values[7] = values[8] = "1900-01-01"

    issue = only(dated(values), "implausible_dates", "when")

    assert issue.count == 2 and issue.details["placeholder"] == 2


def test_a_placeholder_date_inside_the_range_of_values_is_plausible():
    stamps = pd.Series(pd.date_range("1969-06-01", periods=60, freq="7D"))
    stamps[[3, 4]] = pd.Timestamp("1970-01-01")

    assert issues(pd.DataFrame({"born": stamps}), "implausible_dates") == []


def test_old_date_objects_are_checked_without_overflow():
    values = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(30)]
    values[4] = dt.date(1, 1, 1)
    frame = pd.DataFrame({"day": pd.Series(values, dtype=object)})

    issue = only(frame, "implausible_dates", "day")

    assert (issue.count, rows(issue)) == (1, [4])


# clean data, any dtype, speed


def test_words_versions_and_numbers_are_not_dates():
    frame = pd.DataFrame(
        {
            "word": ["alpha", "beta", "gamma", "delta"] * 10,
            "version": ["1.2.10", "1.3.11", "2.0.12", "2.1.13"] * 10,
            "amount": ["12.50", "7.25", "3.00", "1.10"] * 10,
            "ratio": ["1/2", "3/4", "2/3", "5/8"] * 10,
        }
    )

    assert date_issues(frame) == []


@pytest.mark.parametrize("number", [1, 2, 3, 5, 6, 7, 8, 9, 13, 14, 15, 19, 22, 23, 24])
def test_the_hard_cases_raise_no_date_false_alarm(number):
    assert date_issues(load_case(number)) == []


def test_every_dtype_is_checked_without_crash():
    n = 30
    frame = pd.DataFrame(
        {
            "naive": pd.date_range("2024-01-01", periods=n, freq="D"),
            "aware": pd.date_range("2024-01-01", periods=n, freq="D", tz="UTC"),
            "seconds": pd.date_range("2024-01-01", periods=n, freq="D").astype(
                "datetime64[s]"
            ),
            "arrow": pd.array(
                pd.date_range("2024-01-01", periods=n, freq="D"),
                dtype="timestamp[us][pyarrow]",
            ),
            "duration": pd.to_timedelta(np.arange(n), unit="h"),
            "period": pd.period_range("2024-01", periods=n, freq="M"),
            "category": pd.Categorical(["2024-01-01", "2024-01-02"] * (n // 2)),
            "objects": pd.Series(
                [pd.Timestamp("2024-01-01", tz="UTC")] * (n - 1)
                + [dt.datetime(2024, 1, 2)],
                dtype=object,
            ),
            "nested": pd.Series([["2024-01-01"]] * n, dtype=object),
            "text": pd.array(["2024-01-01"] * n, dtype="string[pyarrow]"),
        }
    )

    found = {(i.kind.value, i.columns[0]) for i in date_issues(frame)}

    assert found == {("date_as_text", "text")}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.dates(min_value=dt.date(1, 1, 1)).map(str),
            st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
            st.datetimes().map(lambda d: d.isoformat() + "+05:30"),
            st.sampled_from(["31/02/2024", "13/13/2024", "Jan 5, 2024", "n/a", ""]),
            st.text(alphabet="0123456789/-.: TZ+", max_size=12),
            st.none(),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_any_date_like_text_is_checked_without_crash(values):
    frame = pd.DataFrame({"when": pd.Series(values, dtype=object)})

    for issue in date_issues(frame):
        assert 0 < issue.count <= len(values)
        assert issue.fix is None or issue.fix.operation in (
            "parse_dates",
            "coerce_dates",
        )


@pytest.mark.slow
def test_flights_time_hour_is_the_only_finding(flights_raw):
    table = profile_table(flights_raw)

    found = date_values(flights_raw, table)

    assert [(i.kind.value, i.columns) for i in found] == [
        ("date_as_text", ["time_hour"])
    ]
    assert found[0].details["formats"] == ["%Y-%m-%dT%H:%M:%S%z"]
    assert found[0].fix is not None and found[0].fix.safe
