"""propose_rules: what it learns from a trusted frame, that the rules hold
where they were learned, and that on the next batch (flights, second half of
2013) the violations it finds are real, each recomputed here with pandas."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import analyst_pa
from analyst_pa.profile import profile_table
from analyst_pa.results import Issue
from analyst_pa.rules import (
    Rule,
    RuleKind,
    check_rules,
    load_rules,
    parse_rule,
    propose_rules,
    rules_to_yaml,
)
from analyst_pa.rules._propose import round_outward


@pytest.fixture(scope="module")
def flights() -> pd.DataFrame:
    return analyst_pa.load("dataset:flights")


@pytest.fixture(scope="module")
def halves(flights) -> tuple[pd.DataFrame, pd.DataFrame]:
    return flights[flights["month"] <= 6], flights[flights["month"] > 6]


@pytest.fixture(scope="module")
def proposed(halves) -> list[Rule]:
    first, _ = halves
    return propose_rules(first, profile_table(first))


def by_column(rules: list[Rule], kind: RuleKind) -> dict[str, Rule]:
    return {r.columns[0]: r for r in rules if r.kind is kind}


def test_proposed_rules_hold_on_the_data_they_come_from(halves, proposed):
    first, _ = halves

    assert check_rules(first, proposed) == []


def test_flights_first_half_gives_the_rules_an_analyst_would_write(halves, proposed):
    first, _ = halves
    not_null = set(by_column(proposed, RuleKind.NOT_NULL))
    ranges = by_column(proposed, RuleKind.BETWEEN)
    allowed = by_column(proposed, RuleKind.ALLOWED)
    formats = by_column(proposed, RuleKind.MATCHES)

    assert not_null == {c for c in first.columns if first[c].notna().all()}
    assert "arr_delay" not in not_null and "carrier" in not_null
    assert (ranges["month"].low, ranges["month"].high) == (1, 6)
    assert (ranges["minute"].low, ranges["minute"].high) == (0, 59)
    assert ranges["dep_delay"].low <= first["dep_delay"].min()
    assert ranges["dep_delay"].high >= first["dep_delay"].max()
    assert allowed["origin"].values == ["EWR", "JFK", "LGA"]
    assert allowed["carrier"].values == sorted(first["carrier"].unique())
    assert formats["dest"].pattern == "^[A-Z]{3}$"
    assert formats["tailnum"].pattern == r"^[A-Z]\d{1,5}[A-Z]{0,4}$"
    assert "time_hour" not in ranges  # a timestamp is not a measure


def test_the_second_half_breaks_only_rules_it_really_breaks(halves, proposed):
    _, second = halves

    issues = check_rules(second, proposed)

    assert issues, "July to December has flights outside the first half's months"
    for issue in issues:
        expected = recomputed_failures(second, issue)
        assert issue.count == len(expected), issue.details["rule"]
        assert issue.details["rows"] == expected[:20]
    broken = {i.details["rule"] for i in issues}
    assert "1 <= month <= 6" in broken


def recomputed_failures(frame: pd.DataFrame, issue: Issue) -> list:
    """The labels of the rows breaking the issue's rule, by plain pandas."""
    rule = parse_rule(str(issue.details["rule"]))
    column = frame[rule.columns[0]]
    if rule.kind is RuleKind.BETWEEN:
        mask = column.notna() & ~((column >= rule.low) & (column <= rule.high))
    elif rule.kind is RuleKind.ALLOWED:
        mask = column.notna() & ~column.isin(rule.values)
    elif rule.kind is RuleKind.NOT_NULL:
        mask = column.isna()
    elif rule.kind is RuleKind.MATCHES:
        pattern = re.compile(rule.pattern)
        mask = column.notna() & ~column.map(
            lambda v: bool(pattern.search(v)) if isinstance(v, str) else True
        )
    else:
        raise AssertionError(f"no recomputation for {rule.kind}")
    return frame.index[mask.fillna(False).astype(bool)].tolist()


def test_rules_saved_as_yaml_rerun_on_the_next_batch(halves, proposed, tmp_path):
    _, second = halves
    path = tmp_path / "flights_rules.yaml"
    path.write_text(rules_to_yaml(proposed))

    assert load_rules(path) == proposed
    assert check_rules(second, path) == check_rules(second, proposed)


def test_identifiers_get_unique_and_a_format():
    frame = pd.DataFrame(
        {
            "order_id": [f"ORD-{i:05d}" for i in range(200)],
            "status": ["open", "closed"] * 100,
            "note": [f"free text number {i}" for i in range(200)],
        }
    )

    rules = propose_rules(frame, profile_table(frame))

    texts = {r.text for r in rules}
    assert "unique(order_id)" in texts
    assert r"order_id matches '^ORD-\d{5}$'" in texts
    assert "status in ['closed', 'open']" in texts
    assert not any(r.columns == ["note"] and r.kind is RuleKind.MATCHES for r in rules)


def test_a_column_with_missing_values_gets_no_not_null():
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0] * 10})

    kinds = {r.kind for r in propose_rules(frame, profile_table(frame))}

    assert RuleKind.NOT_NULL not in kinds and RuleKind.BETWEEN in kinds


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (-43, 1301, (-100, 1400)),
        (1, 6, (1, 6)),
        (0, 59, (0, 59)),
        (17, 4983, (0, 5000)),
        (2013, 2013, (2000, 2100)),
        (0, 0, (0, 0)),
        (0.123, 0.987, (0.12, 0.99)),
        (-2.5, -0.31, (-2.5, -0.3)),
        (2**62 + 1, 2**62 + 7, (2**62 + 1, 2**62 + 7)),
    ],
)
def test_ranges_are_rounded_outward_to_two_digits_of_the_spread(low, high, expected):
    rounded = round_outward(low, high)

    assert rounded == expected
    assert rounded[0] <= low and rounded[1] >= high
