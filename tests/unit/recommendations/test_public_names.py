from __future__ import annotations

import analyst_pa.recommendations


def test_recommendations_offers_exactly_these_names():
    assert set(analyst_pa.recommendations.__all__) == {"recommend", "top"}
    for name in analyst_pa.recommendations.__all__:
        assert getattr(analyst_pa.recommendations, name) is not None
