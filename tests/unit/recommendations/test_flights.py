"""recommend() on the real quality issues of the flights data: the top of the
list is about real problems, with the issues' own counts."""

from __future__ import annotations

import pandas as pd
import pytest

import analyst_pa
from analyst_pa.profile import profile_table
from analyst_pa.quality import find_issues
from analyst_pa.recommendations import recommend, top
from analyst_pa.results import Issue


@pytest.fixture(scope="module")
def flights() -> pd.DataFrame:
    return analyst_pa.load("dataset:flights")


@pytest.fixture(scope="module")
def issues(flights) -> list[Issue]:
    return find_issues(flights, profile_table(flights))


def test_the_top_recommendations_are_about_real_issues_with_their_counts(
    flights, issues
):
    by_id = {issue.id: issue for issue in issues}

    found = recommend(issues, [], frame=flights)

    assert found and top(found) == found[:10]
    for r in top(found, 3):
        sources = [by_id[i] for i in r.based_on]
        assert r.rows == max(issue.count for issue in sources), r.title
        assert r.priority == pytest.approx(r.impact * r.confidence / r.effort)


def test_missing_values_of_cancelled_flights_are_one_recommendation(flights, issues):
    missing = [i for i in issues if i.kind == "missing_values"]

    found = recommend(issues, [], frame=flights)

    grouped = [r for r in found if r.kind == "missing_values"]
    columns = [c for r in grouped for c in r.columns]
    # dep_time, dep_delay, arr_time, arr_delay, air_time and tailnum are
    # missing on nested sets of rows: the flights that never flew.
    assert len(grouped) == 1
    assert sorted(columns) == sorted(c for i in missing for c in i.columns)
    union = flights[columns].isna().any(axis=1).sum()
    assert grouped[0].rows == union == max(i.count for i in missing)


def test_with_the_target_the_missing_target_rows_come_first(flights, issues):
    arr_delay = next(
        i for i in issues if i.kind == "missing_values" and i.columns == ["arr_delay"]
    )

    found = recommend(issues, [], frame=flights, target="arr_delay")

    first = found[0]
    assert first.title == (
        f"Fix the {arr_delay.count:,} rows with missing arr_delay before modelling it"
    )
    assert first.rows == arr_delay.count == flights["arr_delay"].isna().sum()
    assert all(
        "arr_delay" in r.columns or r.kind in ("duplicate_rows", "anomalous_rows")
        for r in found
    )


def test_every_action_given_as_code_runs_on_the_data(flights, issues):
    found = recommend(issues, [], frame=flights)

    code = [r for r in found if r.action_kind == "code"]
    assert code
    for r in code:
        exec(r.action, {"df": flights.copy(), "pd": pd})
