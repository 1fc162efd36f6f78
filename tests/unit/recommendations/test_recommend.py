"""recommend(): ranking by impact × confidence ÷ effort, grouping of similar
issues, merging of near-duplicates, focus on the target and time, insights
and model results, all on hand-built issues and insights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from analyst_pa.errors import InputError
from analyst_pa.recommendations import recommend, top
from analyst_pa.results import (
    Fix,
    Insight,
    InsightKind,
    Issue,
    IssueKind,
    Recommendation,
    Severity,
)

N = 1000


def issue(
    kind: IssueKind,
    columns: list[str],
    count: int,
    *,
    fix_code: str | None = None,
    id: str | None = None,
    details: dict | None = None,
) -> Issue:
    fix = None
    if fix_code is not None:
        fix = Fix(id=fix_code, description="", code=fix_code, safe=True, operation="x")
    return Issue(
        id=id or f"{kind.value}:{'|'.join(columns)}",
        kind=kind,
        columns=columns,
        severity=Severity.WARNING,
        count=count,
        share=count / N,
        message=f"{kind.value} in {', '.join(columns)}: {count} rows.",
        fix=fix,
        details=details or {},
    )


def insight(
    kind: InsightKind,
    columns: list[str],
    *,
    effect: float = 0.4,
    q: float = 0.01,
    support: int = N,
    id: str | None = None,
) -> Insight:
    return Insight(
        id=id or f"{kind.value}:{'|'.join(columns)}",
        kind=kind,
        columns=columns,
        statement=f"{kind.value} between {' and '.join(columns)}.",
        effect=effect,
        p_value=q / 10,
        q_value=q,
        support=support,
    )


def formula(r: Recommendation) -> float:
    return r.impact * r.confidence / r.effort


def test_priority_is_impact_times_confidence_over_effort_and_orders_the_list():
    issues = [
        issue(IssueKind.MISSING_VALUES, ["a"], 300),
        issue(IssueKind.OUTLIERS, ["b"], 600),
        issue(IssueKind.CONSTANT, ["c"], N, fix_code="df = df.drop(columns=['c'])"),
        issue(IssueKind.DUPLICATE_ROWS, [], 50),
    ]
    insights = [insight(InsightKind.CORRELATION, ["d", "e"], effect=0.3, q=0.02)]

    found = recommend(issues, insights)

    assert len(found) == 5
    for r in found:
        assert r.priority == pytest.approx(formula(r))
    assert [r.priority for r in found] == sorted(
        (formula(r) for r in found), reverse=True
    )


def test_impact_and_confidence_come_from_the_evidence():
    missing = issue(IssueKind.MISSING_VALUES, ["a"], 300)
    correlation = insight(InsightKind.CORRELATION, ["d", "e"], effect=-0.3, q=0.02)

    by_source = {r.based_on[0]: r for r in recommend([missing], [correlation])}

    # Missing values are values at stake in full: impact is the share of rows.
    assert by_source[missing.id].impact == pytest.approx(0.3)
    assert by_source[missing.id].rows == 300
    # An insight: the share of rows it rests on, times its effect as variance
    # explained (ρ²), times what a relation between two columns is worth.
    assert by_source[correlation.id].impact == pytest.approx(1.0 * 0.3**2 * 0.02)
    assert by_source[correlation.id].confidence == pytest.approx(1 - 0.02)


def test_a_relation_with_the_target_is_worth_more_than_background():
    relation = insight(InsightKind.CORRELATION, ["arr_delay", "dep_delay"], effect=0.6)

    (background,) = recommend([], [relation])
    (predictor,) = recommend([], [relation], target="arr_delay")

    assert background.impact == pytest.approx(0.6**2 * 0.02)
    assert predictor.impact == pytest.approx(0.6**2 * 0.5)
    assert predictor.title == "Use dep_delay to explain arr_delay"


def test_a_wider_problem_ranks_first_among_the_same_kind():
    issues = [
        issue(IssueKind.INVALID_DATES, ["x"], 10),
        issue(IssueKind.INVALID_DATES, ["y"], 200),
    ]

    found = recommend(issues, [])

    assert [r.columns for r in found] == [["y"], ["x"]]
    assert found[0].priority == pytest.approx(
        0.2 * found[0].confidence / found[0].effort
    )


def test_a_tidy_up_ranks_below_correcting_real_rows():
    constant = issue(IssueKind.CONSTANT, ["year"], N)
    missing = issue(IssueKind.MISSING_VALUES, ["delay"], 30)

    found = recommend([constant, missing], [])

    assert [r.kind for r in found] == ["missing_values", "constant"]


def test_a_fix_becomes_the_action_as_code():
    code = "df['name'] = df['name'].str.strip()"
    found = recommend([issue(IssueKind.WHITESPACE, ["name"], 40, fix_code=code)], [])

    assert found[0].action == code
    assert found[0].action_kind == "code"
    assert found[0].effort == 1  # a safe fix to apply


def test_issues_of_the_same_kind_and_columns_merge_into_one():
    first = issue(IssueKind.OUTLIERS, ["x"], 30, id="outliers:x")
    second = issue(IssueKind.OUTLIERS, ["x"], 45, id="outliers:x:iqr")

    found = recommend([first, second], [])

    assert len(found) == 1
    assert found[0].based_on == ["outliers:x:iqr", "outliers:x"]
    assert found[0].rows == 45


def test_issues_with_the_same_action_merge_into_one():
    code = "df = df.drop(columns=['a'])"
    empty = issue(IssueKind.ALL_MISSING, ["a"], N, fix_code=code)
    constant = issue(IssueKind.CONSTANT, ["a"], N, fix_code=code)

    found = recommend([empty, constant], [])

    assert len(found) == 1
    assert set(found[0].based_on) == {empty.id, constant.id}


def test_missing_values_on_the_same_rows_become_one_recommendation():
    frame = pd.DataFrame({c: np.arange(N, dtype=float) for c in "abcd"})
    frame.loc[:99, ["a", "b"]] = np.nan  # one cause: 100 rows
    frame.loc[:89, "c"] = np.nan  # nested in those rows
    frame.loc[500:519, "d"] = np.nan  # elsewhere
    issues = [
        issue(IssueKind.MISSING_VALUES, [c], int(frame[c].isna().sum())) for c in "abcd"
    ]

    found = recommend(issues, [], frame=frame)

    groups = {tuple(sorted(r.columns)): r for r in found}
    assert set(groups) == {("a", "b", "c"), ("d",)}
    assert groups[("a", "b", "c")].rows == 100
    assert groups[("d",)].rows == 20
    assert (
        "missing = df[['a', 'b', 'c']].isna().any(axis=1)"
        in groups[("a", "b", "c")].action
    )


def test_without_the_data_equal_missing_counts_are_taken_as_the_same_rows():
    issues = [
        issue(IssueKind.MISSING_VALUES, ["a"], 100),
        issue(IssueKind.MISSING_VALUES, ["b"], 100),
        issue(IssueKind.MISSING_VALUES, ["c"], 7),
    ]

    found = recommend(issues, [])

    assert sorted(sorted(r.columns) for r in found) == [["a", "b"], ["c"]]


def test_correlated_columns_are_one_choice_of_which_to_keep():
    issues = [
        issue(IssueKind.HIGHLY_CORRELATED, ["a", "b"], N),
        issue(IssueKind.HIGHLY_CORRELATED, ["b", "c"], N),
        issue(IssueKind.HIGHLY_CORRELATED, ["x", "y"], N),
    ]

    found = recommend(issues, [])

    assert sorted(sorted(r.columns) for r in found) == [["a", "b", "c"], ["x", "y"]]


def test_a_target_drops_what_touches_neither_it_nor_its_rows():
    tailnum = issue(IssueKind.INVALID_FORMAT, ["tailnum"], 300)
    delay = issue(IssueKind.MISSING_VALUES, ["arr_delay"], 20)
    duplicates = issue(IssueKind.DUPLICATE_ROWS, [], 5)

    everything = recommend([tailnum, delay, duplicates], [])
    focused = recommend([tailnum, delay, duplicates], [], target="arr_delay")

    assert len(everything) == 3
    assert {r.based_on[0] for r in focused} == {delay.id, duplicates.id}


def test_a_target_keeps_issues_of_columns_an_insight_ties_to_it():
    carrier = issue(IssueKind.INCONSISTENT_CATEGORIES, ["carrier"], 12)
    gap = insight(InsightKind.SEGMENT_DIFFERENCE, ["arr_delay", "carrier"])

    focused = recommend([carrier], [gap], target="arr_delay")

    assert {r.based_on[0] for r in focused} == {carrier.id, gap.id}


def test_a_target_keeps_missing_values_that_fall_on_its_rows():
    frame = pd.DataFrame({"arr_delay": np.ones(N), "tailnum": ["N1"] * N})
    frame["tailnum"] = frame["tailnum"].astype(object)
    frame.loc[:49, ["arr_delay", "tailnum"]] = None
    issues = [
        issue(IssueKind.MISSING_VALUES, ["tailnum"], 50),
        issue(IssueKind.MISSING_VALUES, ["arr_delay"], 50),
    ]

    (found,) = recommend(issues, [], target="arr_delay", frame=frame)

    assert found.title == "Fix the 50 rows with missing arr_delay before modelling it"
    assert set(found.columns) == {"arr_delay", "tailnum"}


def test_a_time_column_keeps_what_touches_it():
    dates = issue(IssueKind.INVALID_DATES, ["day"], 4)
    other = issue(IssueKind.WHITESPACE, ["name"], 40)
    trend = insight(InsightKind.TREND, ["sales", "day"])

    focused = recommend([dates, other], [trend], time="day")

    assert {r.based_on[0] for r in focused} == {dates.id, trend.id}


def test_insights_say_what_to_do_with_the_insight_as_rationale():
    frame = pd.DataFrame(
        {
            "carrier": ["AA", "UA"] * 5,
            "arr_delay": np.arange(10.0),
            "day": pd.date_range("2024-01-01", periods=10),
        }
    )
    # As analyst_pa.insights writes them: the measure first, the time last.
    gap = insight(InsightKind.SEGMENT_DIFFERENCE, ["arr_delay", "carrier"], effect=0.8)
    trend = insight(InsightKind.TREND, ["arr_delay", "day"], effect=-0.2)

    found = {r.kind: r for r in recommend([], [gap, trend], frame=frame)}

    segment = found["segment_difference"]
    assert segment.title == "Investigate why arr_delay differs across carrier"
    assert segment.rationale == gap.statement
    assert "df.groupby('carrier')['arr_delay'].describe()" in segment.action
    assert found["trend"].title == "Plan for the falling trend in arr_delay"
    assert found["trend"].based_on == [trend.id]


def test_a_numeric_segment_is_still_read_as_the_segment():
    frame = pd.DataFrame({"arr_delay": np.arange(10.0), "hour": np.arange(10) % 3})
    gap = insight(InsightKind.SEGMENT_DIFFERENCE, ["arr_delay", "hour"])

    (found,) = recommend([], [gap], frame=frame)

    assert found.title == "Investigate why arr_delay differs across hour"


def test_insights_on_one_column_are_about_its_rows():
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=10)})
    volume = insight(InsightKind.TREND, ["day"], effect=0.3)
    concentration = insight(InsightKind.CONCENTRATION, ["carrier"], effect=0.4)

    found = {r.kind: r for r in recommend([], [volume, concentration], frame=frame)}

    assert found["trend"].title == "Plan for the rising trend in the number of rows"
    assert "df.set_index('day').resample('MS').size().plot()" in found["trend"].action
    assert found["concentration"].title == (
        "Focus on the few carrier values that hold most of the rows"
    )


def test_effects_are_put_on_a_zero_to_one_scale():
    bounded = insight(InsightKind.SEGMENT_DIFFERENCE, ["m", "s"], effect=0.3, q=0.0)
    unbounded = insight(InsightKind.CHANGE_POINT, ["m", "t"], effect=-3.0, q=0.0)

    found = {r.kind: r for r in recommend([], [bounded, unbounded])}

    # η² is a share of variance already; a change of 3 standard deviations
    # maps to 3 / (1 + 3); both are worth half (something to investigate).
    assert found["segment_difference"].impact == pytest.approx(0.3 * 0.5)
    assert found["change_point"].impact == pytest.approx(3 / 4 * 0.5)


def test_a_correlation_between_near_copies_joins_the_keep_one_recommendation():
    near_copies = issue(IssueKind.HIGHLY_CORRELATED, ["hour", "sched_dep_time"], N)
    rho = insight(InsightKind.CORRELATION, ["sched_dep_time", "hour"], effect=0.99)

    (found,) = recommend([near_copies], [rho])

    assert found.kind == "highly_correlated"
    assert found.title.startswith("Keep one of hour and sched_dep_time")
    assert found.based_on == [near_copies.id, rho.id]


def test_a_long_tail_joins_the_transform_the_skewed_recommendation():
    # Regression: flights with arr_delay as the target listed both "Account
    # for the shape of arr_delay" and "Transform the skewed ... arr_delay".
    skewed = issue(IssueKind.SKEWED, ["arr_delay"], N)
    tail = insight(
        InsightKind.DISTRIBUTION, ["arr_delay"], id="distribution:arr_delay:tail"
    )
    modes = insight(
        InsightKind.DISTRIBUTION, ["arr_delay"], id="distribution:arr_delay:modes"
    )

    found = recommend([skewed], [tail, modes], target="arr_delay")

    by_kind = {r.kind: r for r in found}
    assert sorted(by_kind) == ["distribution", "skewed"] and len(found) == 2
    assert by_kind["skewed"].title.startswith("Transform the skewed arr_delay")
    assert by_kind["skewed"].based_on == [skewed.id, tail.id]
    # Two groups of values are not what the skew check reports.
    assert by_kind["distribution"].based_on == [modes.id]


def test_top_gives_the_ten_of_highest_priority_and_limit_cuts_the_list():
    issues = [issue(IssueKind.INVALID_DATES, [f"c{i}"], 10 + i) for i in range(15)]

    found = recommend(issues, [])

    assert len(found) == 15
    assert top(found) == found[:10]
    assert top(list(reversed(found)), n=3) == found[:3]
    assert recommend(issues, [], limit=4) == found[:4]


def test_model_results_given_as_dicts_join_the_ranking():
    model = {
        "id": "model:arr_delay",
        "title": "Use the delay model to plan buffers",
        "action": "1. Add the predicted delay to each schedule.",
        "impact": 0.5,
        "confidence": 0.7,
        "effort": 3,
        "columns": ["arr_delay"],
    }

    (found,) = recommend([], [], models=[model], target="arr_delay")

    assert found.kind == "model"
    assert found.based_on == ["model:arr_delay"]
    assert found.priority == pytest.approx(0.5 * 0.7 / 3)


def test_a_malformed_model_result_is_refused_saying_what_it_takes():
    with pytest.raises(InputError, match=r"model result 1 lacks \['effort'\]"):
        recommend(
            [],
            [],
            models=[
                {
                    "id": "m",
                    "title": "t",
                    "action": "a",
                    "impact": 0.1,
                    "confidence": 0.5,
                }
            ],
        )


def test_a_recommendation_refuses_a_priority_that_breaks_the_formula():
    fields = dict(
        id="r",
        kind="k",
        title="t",
        rationale="r",
        action="a",
        impact=0.5,
        impact_statement="half the rows",
        confidence=0.8,
        effort=2,
    )
    assert Recommendation(**fields).priority == pytest.approx(0.2)
    assert Recommendation(**fields).effort_label == "medium"
    with pytest.raises(ValidationError, match="is not impact × confidence ÷ effort"):
        Recommendation(**fields, priority=0.9)


def test_recommendations_round_trip_through_json():
    found = recommend([issue(IssueKind.OUTLIERS, ["x"], 30)], [])

    text = found[0].model_dump_json()

    assert Recommendation.model_validate_json(text) == found[0]


def test_a_broken_business_rule_becomes_a_correction_naming_its_rows():
    from analyst_pa.rules import check_rules, parse_rule

    frame = pd.DataFrame({"amount": [5.0, -1.0, 3.0, -2.0]}, index=list("abcd"))
    rule = parse_rule("amount >= 0", name="non-negative amount")

    (found,) = recommend(check_rules(frame, [rule]), [], frame=frame)

    assert found.title == "Correct the 2 rows that break the rule 'non-negative amount'"
    assert found.rows == 2
    assert "df.loc[['b', 'd']]" in found.action
    assert found.based_on == ["rule_violation:amount >= 0"]
