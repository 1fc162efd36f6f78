"""Change points: a shift of level, not a steady trend."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyst_pa.insights._changes import best_split, permutation_p
from tests.unit.insights.conftest import of_kind


def test_best_split_finds_the_step():
    y = np.r_[np.zeros(40), np.ones(60)]

    at, statistic = best_split(y, smallest=5)

    assert at == 40
    assert statistic == 40 * 60 / 100


def test_the_permutation_test_tells_a_step_from_noise():
    rng = np.random.default_rng(0)
    step = np.r_[rng.normal(0, 1, 50), rng.normal(2, 1, 50)]
    noise = rng.normal(0, 1, 100)

    p_step = permutation_p(step, 10, best_split(step, 10)[1], np.random.default_rng(1))
    p_noise = permutation_p(
        noise, 10, best_split(noise, 10)[1], np.random.default_rng(1)
    )

    assert p_step == 0.001
    assert p_noise > 0.05


def frame(level) -> pd.DataFrame:
    days = pd.date_range("2023-01-01", periods=365, freq="D").repeat(30)
    rng = np.random.default_rng(2)
    index = np.arange(days.size) // 30
    return pd.DataFrame(
        {"day": days, "value": level(index) + rng.normal(0, 1, days.size)}
    )


def test_a_step_is_a_change_point_on_its_day(insights_of):
    data = frame(lambda day: np.where(day >= 200, 1.0, 0.0))

    (change,) = of_kind(insights_of(data), "change_point")

    assert change.statement.startswith("value shifted at 2023-07-20")
    assert change.chart["marker"] == "2023-07-20"
    assert change.effect > 0.5


def test_a_steady_trend_is_not_a_change_point(insights_of):
    result = insights_of(frame(lambda day: day / 100))

    assert of_kind(result, "change_point") == []
    assert of_kind(result, "trend") != []
