"""Helpers for the insight tests: run the engine the way analyze() does."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from analyst_pa.insights import InsightResult, find_insights
from analyst_pa.profile import profile_table
from analyst_pa.results import Insight, Issue


@pytest.fixture
def insights_of() -> Callable[..., InsightResult]:
    """Profile a frame and find its insights (with the given issues only, so
    the generators are tested apart from the quality checks)."""

    def run(frame: pd.DataFrame, issues: list[Issue] | None = None, **options):
        return find_insights(frame, profile_table(frame), issues or [], **options)

    return run


def of_kind(result: InsightResult, kind: str) -> list[Insight]:
    return [i for i in result.insights if i.kind == kind]
