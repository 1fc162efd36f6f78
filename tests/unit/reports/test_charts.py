"""Charts: fixed-size PNGs, whatever the rows; a sentence when there is nothing."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

import analyst_pa
from analyst_pa.monitoring import RunMetrics, StageMetrics
from analyst_pa.reports import sections
from analyst_pa.results import StageState

PNG = b"\x89PNG"


def png_of(block) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)" alt="([^"]+)"', block.html)
    assert match, block.html[:200]
    return base64.b64decode(match.group(1))


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "amount": rng.lognormal(3, 1, 200_000),
            "score": rng.normal(0, 1, 200_000),
            "city": rng.choice(["Paris", "Lyon", "Nice"], 200_000),
            "flag": rng.choice([True, False], 200_000),
            "when": pd.date_range("2024-01-01", periods=200_000, freq="5min"),
        }
    )
    frame.loc[::7, "score"] = np.nan
    return frame, analyst_pa.analyze(frame, record=False)


@pytest.mark.parametrize(
    "draw",
    [
        lambda f, a: sections.distribution_chart(f, a, first=["score"]),
        lambda f, a: sections.correlation_chart(f, a),
        lambda f, a: sections.missing_chart(a),
        lambda f, a: sections.top_values_chart(a),
        lambda f, a: sections.issues_chart(a),
        lambda f, a: sections.time_chart(f, "when", "amount"),
        lambda f, a: sections.drift_chart({"amount": 3.0, "score": 0.01}, 0.2),
    ],
)
def test_charts_are_small_pngs(data, draw):
    png = png_of(draw(*data))
    assert png.startswith(PNG)
    assert len(png) < 150_000


def test_charts_of_nothing_are_sentences():
    frame = pd.DataFrame({"id": ["a", "b", "c"]})
    analysis = analyst_pa.analyze(frame, record=False)
    for block in (
        sections.distribution_chart(frame, analysis),
        sections.correlation_chart(frame, analysis),
        sections.missing_chart(analysis),
        sections.history_chart([]),
        sections.drift_chart({}, 0.2),
    ):
        assert block.html.startswith('<p class="none">')


def test_the_history_chart_needs_two_runs():
    def run(n: int) -> RunMetrics:
        return RunMetrics(
            run_id=f"r{n}",
            source="s",
            state=StageState.SUCCEEDED,
            started_at=datetime(2026, 1, n, tzinfo=UTC),
            stages=[StageMetrics(name="load", state=StageState.SUCCEEDED, seconds=n)],
        )

    assert png_of(sections.history_chart([run(1), run(2)])).startswith(PNG)
