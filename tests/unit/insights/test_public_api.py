"""The names analyst_pa.insights offers."""

from __future__ import annotations

import analyst_pa.insights


def test_public_names_are_exactly_these():
    expected = {"ALPHA", "MIN_SUPPORT", "InsightResult", "find_insights"}

    assert set(analyst_pa.insights.__all__) == expected
    for name in expected:
        assert getattr(analyst_pa.insights, name) is not None
