"""Segment differences: which categories differ on a measure, and by how much."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.unit.insights.conftest import of_kind


def test_the_highest_and_lowest_groups_are_named_with_their_means(insights_of):
    rng = np.random.default_rng(0)
    store = rng.choice(["A", "B", "C", "D"], 4000)
    basket = rng.normal(50, 10, 4000) + np.where(store == "C", 15, 0)
    basket -= np.where(store == "A", 5, 0)
    data = pd.DataFrame({"store": store, "basket": basket})

    (insight,) = of_kind(insights_of(data), "segment_difference")

    means = data.groupby("store")["basket"].mean()
    assert insight.columns == ["basket", "store"]
    assert f"highest for C (mean {means['C']:.1f})" in insight.statement
    assert f"lowest for A ({means['A']:.1f})" in insight.statement
    assert insight.chart["x"][0] == "C" and len(insight.chart["x"]) == 4


def test_a_tiny_difference_on_many_rows_is_not_an_insight(insights_of):
    # Significant on 200,000 rows (p ~ 1e-10) but far below the effect floors.
    rng = np.random.default_rng(1)
    group = rng.choice(["a", "b"], 200_000)
    value = rng.normal(0, 1, 200_000) + np.where(group == "a", 0.03, 0)
    data = pd.DataFrame({"group": group, "value": value})

    assert of_kind(insights_of(data), "segment_difference") == []


def test_groups_with_too_few_rows_are_not_compared(insights_of):
    rng = np.random.default_rng(2)
    flag = np.array(["common"] * 995 + ["rare"] * 5)
    value = rng.normal(size=1000) + np.where(flag == "rare", 10, 0)

    result = insights_of(pd.DataFrame({"flag": flag, "value": value}))

    assert of_kind(result, "segment_difference") == []
