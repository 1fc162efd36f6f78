"""The HTML blocks templates show: escaped, cut, and built from the Analysis."""

from __future__ import annotations

import pandas as pd
import pytest

import analyst_pa
from analyst_pa.reports import sections
from analyst_pa.results import Recommendation


@pytest.fixture(scope="module")
def analysis() -> analyst_pa.Analysis:
    frame = pd.DataFrame(
        {
            "name": ["<script>alert(1)</script>", "b" * 500, None, "d"] * 25,
            "amount": [1.0, 2.0, None, 1e6] * 25,
        }
    )
    return analyst_pa.analyze(frame, record=False)


def html_of(block) -> str:
    bundle = block._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]


def recommendation(title: str, impact: float, **extra) -> Recommendation:
    fields = {
        "id": f"rec-{title}",
        "kind": "fix",
        "title": title,
        "rationale": "because",
        "action": "df = df.dropna()",
        "impact": impact,
        "impact_statement": f"touches {impact:.0%} of rows",
        "confidence": 0.8,
        "effort": 1,
    }
    return Recommendation.model_validate({**fields, **extra})


def test_values_from_the_data_are_escaped_and_cut(analysis):
    html = html_of(sections.columns_table(analysis)) + html_of(
        sections.issues_table(analysis)
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html or "&lt;<wbr>" in html
    assert "b" * 100 not in html


def test_cut_adds_an_ellipsis_only_when_needed():
    assert sections.cut("short") == "short"
    assert sections.cut("x" * 200, 10) == "x" * 9 + "…"
    assert sections.cut(None) == "–"
    assert sections.cut(1 / 3) == "0.3333"


def test_the_summary_says_none_when_there_are_no_recommendations(analysis):
    bare = analysis.model_copy(update={"recommendations": []})
    html = html_of(sections.executive_summary(bare))
    assert "Top recommendations" in html
    assert "None: no recommendation was produced" in html
    assert "100 rows and 2 columns" in html


def test_the_summary_leads_with_the_top_recommendations_by_priority(analysis):
    recs = [recommendation("minor fix", 0.1), recommendation("major fix", 0.9)]
    richer = analysis.model_copy(update={"recommendations": recs})

    html = html_of(sections.executive_summary(richer, top=1))
    table = html_of(sections.recommendations_table(richer))

    assert "major fix" in html and "minor fix" not in html
    assert table.index("major fix") < table.index("minor fix")
    assert "touches 90% of rows" in html


def test_the_title_block_carries_the_run_facts(analysis):
    bundle, metadata = sections.title_block("Sales", analysis)._repr_mimebundle_()
    assert "<h1>Sales</h1>" in bundle["text/html"]
    assert metadata["analyst_pa"]["rows"] == 100
    assert metadata["analyst_pa"]["issues"] == len(analysis.issues)
    assert metadata["analyst_pa"]["run_id"] == analysis.run.id


def test_fix_code_shows_each_fix(analysis):
    html = html_of(sections.fix_code(analysis))
    fixes = [i.fix for i in analysis.issues if i.fix is not None]
    assert fixes and html.count("<pre") == len(fixes)


def test_empty_sections_say_so(analysis):
    empty = analysis.model_copy(update={"issues": [], "insights": []})
    assert "No quality issue" in html_of(sections.issues_table(empty))
    assert "no insight" in html_of(sections.insights_table(empty))
    assert "No change" in html_of(sections.findings_table([]))
    assert "No earlier run" in html_of(sections.history_table([]))
    assert "No fix" in html_of(sections.fix_code(empty))


def test_tables_are_capped(analysis):
    html = html_of(sections.issues_table(analysis, limit=1))
    assert html.count("<tr>") == 2
    assert f"The first 1 of {len(analysis.issues)} issues" in html
