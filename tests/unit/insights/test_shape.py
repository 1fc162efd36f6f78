"""Distribution shape: two groups of values, long tails."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyst_pa.insights._shape import silverman_test
from tests.unit.insights.conftest import of_kind


def shapes(insights_of, values) -> list[str]:
    result = insights_of(pd.DataFrame({"v": values}))
    return [i.id for i in of_kind(result, "distribution")]


def test_silverman_test_tells_two_modes_from_one():
    rng = np.random.default_rng(0)
    two = np.r_[rng.normal(0, 1, 600), rng.normal(5, 1, 400)]
    one = rng.normal(0, 1, 1000)

    assert silverman_test(two, np.random.default_rng(1)) < 0.01
    assert silverman_test(one, np.random.default_rng(1)) > 0.05


def test_a_mixture_has_two_groups_split_at_the_dip(insights_of):
    rng = np.random.default_rng(2)
    values = np.r_[rng.normal(10, 1, 3000), rng.normal(20, 1, 1000)]

    result = insights_of(pd.DataFrame({"v": values}))

    (insight,) = [i for i in result.insights if i.id == "distribution:v:modes"]
    assert insight.statement.startswith("v has two groups of values around 10")
    assert "25% of rows on the smaller side" in insight.statement
    assert len(insight.chart["x"]) <= 50


def test_a_normal_sample_has_no_shape_to_report(insights_of):
    values = np.random.default_rng(3).normal(size=5000)

    assert shapes(insights_of, values) == []


def test_a_long_right_tail_is_reported_against_a_normal(insights_of):
    values = np.random.default_rng(4).lognormal(0, 1.2, 5000)

    result = insights_of(pd.DataFrame({"v": values}))

    (insight,) = [i for i in result.insights if i.id == "distribution:v:tail"]
    assert insight.statement.startswith("v has a long right tail: 5% of rows are above")
    assert insight.effect >= 2
