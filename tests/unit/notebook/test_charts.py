"""Insight charts drawn from their spec, without touching global styles."""

from __future__ import annotations

import matplotlib
import pytest

from analyst_pa.notebook._charts import chart_png

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_bar_chart_is_a_png():
    spec = {"type": "bar", "x": ["EWR", "JFK", "LGA"], "y": [15.1, 12.1, 10.3]}
    assert chart_png(spec).startswith(PNG)


def test_a_line_chart_with_gaps_and_a_marker_is_a_png():
    months = [f"2013-{m:02d}" for m in range(1, 13)]
    spec = {
        "type": "line",
        "x": months,
        "y": [1, 2, None, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        "x_label": "month",
        "y_label": "flights",
        "marker": "2013-06",
    }
    assert chart_png(spec).startswith(PNG)


@pytest.mark.parametrize(
    "spec",
    [
        {"type": "pie", "x": ["a"], "y": [1]},
        {"type": "bar", "x": ["a", "b"], "y": [1]},
        {"type": "bar", "x": [], "y": []},
        {"type": "line"},
    ],
)
def test_a_spec_it_cannot_draw_gives_none(spec):
    assert chart_png(spec) is None


def test_drawing_leaves_the_users_matplotlib_settings_alone():
    before = dict(matplotlib.rcParams)

    chart_png({"type": "bar", "x": ["a", "b"], "y": [1, 2]})

    assert dict(matplotlib.rcParams) == before
