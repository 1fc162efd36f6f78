"""Which columns are measures, segments and the time, and why others are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyst_pa.errors import InputError
from analyst_pa.insights._roles import pick_roles
from analyst_pa.profile import profile_table
from analyst_pa.results import Issue, IssueKind, Severity


def issue(kind: IssueKind, column: str, severity: Severity) -> Issue:
    return Issue(
        id=f"{kind.value}:{column}",
        kind=kind,
        columns=[column],
        severity=severity,
        count=1,
        share=0.01,
        message="",
    )


@pytest.fixture
def table():
    rng = np.random.default_rng(0)
    n = 200
    frame = pd.DataFrame(
        {
            "order_id": np.arange(n),
            "placed_at": pd.date_range("2024-01-01", periods=n, freq="h"),
            "amount": rng.gamma(2, 10, n),
            "region": rng.choice(["north", "south"], n),
            "constant": 1,
            "sparse": np.where(np.arange(n) < 150, np.nan, np.arange(n) % 7),
            "broken": rng.normal(size=n),
        }
    )
    return profile_table(frame)


def test_roles_follow_the_profile(table):
    roles = pick_roles(table, [])

    assert roles.time == "placed_at"
    assert roles.measures == ["amount", "broken"]
    assert roles.segments == ["region"]
    assert roles.left_out["order_id"].startswith("an identifier")
    assert roles.left_out["constant"].startswith("constant")
    assert roles.left_out["sparse"] == "mostly missing (75% of rows)"


def test_a_column_with_an_error_issue_is_left_out(table):
    roles = pick_roles(table, [issue(IssueKind.MIXED_TYPES, "broken", Severity.ERROR)])

    assert "broken" not in roles.measures
    assert "mixed_types" in roles.left_out["broken"]


def test_a_warning_does_not_keep_a_column_out(table):
    roles = pick_roles(table, [issue(IssueKind.OUTLIERS, "broken", Severity.WARNING)])

    assert "broken" in roles.measures


def test_a_code_written_as_a_number_is_not_a_measure(table):
    roles = pick_roles(
        table, [issue(IssueKind.CODE_AS_NUMBER, "broken", Severity.INFO)]
    )

    assert roles.left_out["broken"] == "a code written as a number (code_as_number)"


def test_a_clock_time_written_as_a_number_is_not_a_measure(table):
    roles = pick_roles(
        table, [issue(IssueKind.TIME_AS_NUMBER, "broken", Severity.WARNING)]
    )

    assert "broken" not in roles.measures
    assert roles.left_out["broken"].startswith(
        "a clock time written as HHMM (time_as_number)"
    )


def test_numbers_named_a_code_are_identifiers_even_when_they_repeat(insights_of):
    rng = np.random.default_rng(0)
    carrier = rng.choice(["AA", "UA", "DL"], 300)
    flight = np.where(carrier == "AA", 100, 4000) + rng.integers(0, 50, 300)
    frame = pd.DataFrame({"carrier": carrier, "flight": flight})
    frame["distance"] = 5000 - flight + rng.normal(0, 10, 300)

    result = insights_of(frame)

    assert result.left_out["flight"] == (
        "an identifier: its values label rows rather than measure them"
    )
    assert all("flight" not in i.columns for i in result.insights)


def test_an_unusable_target_is_warned_about_at_the_callers_line(insights_of):
    frame = pd.DataFrame({"x": np.arange(50.0), "flat": 1.0})

    with pytest.warns(UserWarning, match="the target column 'flat' is constant") as w:
        insights_of(frame, target="flat")

    assert w[0].filename.endswith("conftest.py")


def test_a_target_or_time_not_in_the_data_is_an_input_error(insights_of):
    frame = pd.DataFrame({"x": np.arange(50.0)})

    with pytest.raises(InputError, match="target column 'y' is not in the data"):
        insights_of(frame, target="y")
    with pytest.raises(InputError, match="time column 'when' is not in the data"):
        insights_of(frame, time="when")
