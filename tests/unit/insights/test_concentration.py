"""Concentration: the few categories that hold most of the rows."""

from __future__ import annotations

import pandas as pd

from tests.unit.insights.conftest import of_kind


def test_the_levels_holding_half_the_rows_are_named_with_their_shares(insights_of):
    counts = {"big": 500, "large": 300, **{f"s{i}": 20 for i in range(10)}}
    data = pd.DataFrame({"shop": [k for k, n in counts.items() for _ in range(n)]})

    (insight,) = of_kind(insights_of(data), "concentration")

    assert insight.statement.startswith(
        "One of 12 shop values holds 50% of the rows: big 50%"
    )
    assert insight.effect == round(0.5 - 1 / 12, 4)
    assert insight.chart["x"][:2] == ["big", "large"]


def test_an_even_split_is_not_concentrated(insights_of):
    data = pd.DataFrame({"shop": [f"s{i % 8}" for i in range(800)]})

    assert of_kind(insights_of(data), "concentration") == []
