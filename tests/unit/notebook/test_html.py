"""Static HTML and text: what exports and terminals show of an analysis."""

from __future__ import annotations

import pandas as pd
import pytest

from analyst_pa import analyze
from analyst_pa.notebook import _html
from analyst_pa.notebook._html import (
    analysis_html,
    analysis_mimebundle,
    format_value,
    recommendations_html,
)
from analyst_pa.results import Recommendation
from analyst_pa.text import render_text

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def hostile():
    """An analysis whose data tries to inject markup everywhere it can."""
    frame = pd.DataFrame(
        {
            SCRIPT: [f"  {IMAGE}", IMAGE, "ok", "ok"] * 10,
            "constant": [IMAGE] * 40,
            "n": range(40),
        }
    )
    return analyze(frame, name=f"table {SCRIPT}", record=False)


def _recommendation(title: str, impact: float) -> Recommendation:
    return Recommendation.model_validate(
        {
            "id": title,
            "kind": "fix_quality",
            "title": title,
            "rationale": "because <b>data</b>",
            "action": "df = df.drop(columns=['x'])",
            "action_kind": "code",
            "impact": impact,
            "impact_statement": f"{impact:.0%} of rows",
            "confidence": 0.9,
            "effort": 1,
        }
    )


def test_every_data_value_is_escaped(hostile):
    page = analysis_html(hostile)

    assert "<script" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page


def test_the_page_has_every_section(hostile):
    page = analysis_html(hostile)

    for title in ("Overview", "Quality", "Insights", "Recommendations", "Run"):
        assert f">{title}</h3>" in page
    assert f"{len(hostile.issues)} issues" in page


def test_outside_a_kernel_the_bundle_is_html_and_text(hostile):
    bundle = hostile._repr_mimebundle_()

    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == render_text(hostile)
    assert bundle["text/html"] == hostile._repr_html_()


def test_in_a_kernel_the_bundle_adds_the_live_panel(hostile, monkeypatch):
    monkeypatch.setattr(_html, "_widgets_can_show", lambda: True)

    bundle = analysis_mimebundle(hostile)

    assert {"text/plain", "text/html", WIDGET_VIEW} <= set(bundle)
    assert bundle["text/plain"] == render_text(hostile)


def test_include_and_exclude_pick_mime_types(hostile):
    assert set(hostile._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
    assert set(hostile._repr_mimebundle_(exclude=["text/plain"])) == {"text/html"}


def test_the_overview_shows_missing_values_per_column():
    frame = pd.DataFrame({"a": [1.0, None, None, 4.0], "b": list("wxyz")})
    page = _html.overview_html(analyze(frame, record=False).profile)

    assert "50.0% (2)" in page
    assert page.count("<tr>") == 3  # the header and one row per column


def test_recommendations_are_ranked_with_their_action():
    page = recommendations_html(
        [_recommendation("small", 0.1), _recommendation("large", 0.8)]
    )

    assert page.index("large") < page.index("small")
    assert "because &lt;b&gt;data&lt;/b&gt;" in page
    assert "<pre" in page and "df.drop(columns=[&#x27;x&#x27;])" in page


def test_no_recommendation_is_said():
    assert "No recommendation" in recommendations_html([])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "–"),
        (True, "True"),
        (1234567, "1,234,567"),
        (0.000123456, "0.0001235"),
        ("x" * 100, "x" * 59 + "…"),
    ],
)
def test_values_are_shown_short(value, text):
    assert format_value(value) == text


def test_years_are_not_grouped():
    assert format_value(2013, group=False) == "2013"
