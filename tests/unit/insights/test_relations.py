"""Correlations of measures and associations of segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analyst_pa.profile import profile_table
from analyst_pa.quality import find_issues
from tests.unit.insights.conftest import of_kind


def frame(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "x": x,
            "rises": x + rng.normal(size=n),
            "falls": -x + rng.normal(size=n),
            "noise": rng.normal(size=n),
        }
    )


def test_correlations_are_found_with_their_direction_and_numbers(insights_of):
    data = frame()

    found = {tuple(i.columns): i for i in of_kind(insights_of(data), "correlation")}

    rho = stats.spearmanr(data["x"], data["rises"]).statistic
    assert found[("rises", "x")].effect == round(rho, 4)
    assert found[("rises", "x")].statement.startswith("rises and x rise together (")
    assert found[("falls", "x")].statement.startswith("falls falls as x rises (")
    assert not any("noise" in columns for columns in found)


def test_correlation_charts_are_binned_means_of_at_most_fifty_points(insights_of):
    (insight, *_) = of_kind(insights_of(frame()), "correlation")

    chart = insight.chart
    assert chart["type"] == "line"
    assert 2 <= len(chart["x"]) == len(chart["y"]) <= 50


def test_a_near_copy_is_reported_once_then_set_aside(insights_of):
    data = frame()
    data["x_copy"] = data["x"] * 2.54 + 1

    result = insights_of(data)

    pairs = [set(i.columns) for i in of_kind(result, "correlation")]
    assert {"x", "x_copy"} in pairs
    assert not any("x_copy" in p and p != {"x", "x_copy"} for p in pairs)
    assert "measure x_copy" in result.skipped


def test_a_near_copy_the_quality_checks_report_is_not_said_again(insights_of):
    # Regression: "distance and air_time rise together (ρ = 0.98)" repeated
    # the highly_correlated issue about the same two columns.
    data = frame()
    data["x_copy"] = data["x"] * 2.54 + 1
    table = profile_table(data)
    issues = find_issues(data, table, kinds=["highly_correlated"])
    assert [set(i.columns) for i in issues] == [{"x", "x_copy"}]

    result = insights_of(data, issues)

    pairs = [set(i.columns) for i in of_kind(result, "correlation")]
    assert {"x", "x_copy"} not in pairs and {"rises", "x"} in pairs
    assert result.skipped["correlation of x and x_copy"] == (
        "reported as a highly_correlated quality issue"
    )
    about_target = insights_of(data, issues, target="x_copy")
    assert {"x", "x_copy"} in [set(i.columns) for i in about_target.insights]


def test_associated_segments_name_the_telling_cell(insights_of):
    rng = np.random.default_rng(3)
    region = rng.choice(["north", "south", "east"], 3000)
    # Most of the north buys wool; elsewhere a third of rows each.
    product = np.where(
        (region == "north") & (rng.random(3000) < 0.8),
        "wool",
        rng.choice(["wool", "silk", "linen"], 3000),
    )
    data = pd.DataFrame({"region": region, "product": product})

    (insight,) = of_kind(insights_of(data), "association")

    assert insight.columns == ["region", "product"]
    assert "of rows with region north have product wool" in insight.statement
    assert insight.effect > 0.3


def test_independent_segments_are_not_associated(insights_of):
    rng = np.random.default_rng(4)
    data = pd.DataFrame(
        {"a": rng.choice(list("abc"), 5000), "b": rng.choice(list("xyz"), 5000)}
    )

    assert of_kind(insights_of(data), "association") == []


def test_the_target_is_the_subject_of_its_correlations(insights_of):
    data = frame()

    result = insights_of(data, target="x")

    found = {
        i.columns[1]: i.statement
        for i in of_kind(result, "correlation")
        if i.columns[0] == "x"
    }
    assert found["rises"].startswith("x grows with rises (Spearman ρ")
    assert found["falls"].startswith("x falls as falls grows (Spearman ρ")
