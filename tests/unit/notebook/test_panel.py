"""The panel as widgets, headless: state, events, lazy tabs, clicks."""

from __future__ import annotations

from datetime import UTC, datetime

import ipywidgets as widgets
import pytest

import analyst_pa
from analyst_pa.errors import StageError
from analyst_pa.notebook._panel import CHARTS_PER_PAGE, TABS, Panel
from analyst_pa.notebook._quality import Data, QualityView
from analyst_pa.results import (
    Analysis,
    Insight,
    InsightKind,
    RunRecord,
    StageState,
)
from analyst_pa.runs import StageFinished, StageProgress, StageStarted


def _tab(panel: Panel, name: str) -> widgets.Box:
    return panel.tabs.children[TABS.index(name)]


def _html(panel: Panel, name: str) -> str:
    return "".join(
        child.value for child in _tab(panel, name).children if hasattr(child, "value")
    )


def _insight(n: int) -> Insight:
    return Insight(
        id=f"segment_difference:{n}",
        kind=InsightKind.SEGMENT_DIFFERENCE,
        columns=["amount", "city"],
        statement=f"amount differs by city <{n}>",
        q_value=0.0001,
        support=200,
        chart={"type": "bar", "x": ["a", "b"], "y": [1.0, float(n)]},
    )


def _with_insights(analysis: Analysis, n: int) -> Analysis:
    return analysis.model_copy(update={"insights": [_insight(i) for i in range(n)]})


@pytest.fixture(scope="module")
def flights():
    return analyst_pa.load("dataset:flights")


def test_a_finished_analysis_shows_five_tabs_with_counts(messy_analysis):
    panel = Panel(messy_analysis)

    a = messy_analysis
    assert panel.tabs.titles == (
        "Overview",
        f"Quality ({len(a.issues)})",
        f"Insights ({len(a.insights)})",
        f"Recommendations ({len(a.recommendations)})",
        "Run",
    )
    assert panel.progress.layout.display == "none"
    assert "analyst-pa-panel" in panel._dom_classes
    assert "analysed" in panel.header.value


def test_every_tab_holds_static_html_until_it_is_opened(messy_analysis):
    panel = Panel(messy_analysis)

    assert panel.quality is None
    assert "analyst-pa-overview" in _html(panel, "overview")
    for issue in messy_analysis.issues:
        assert issue.kind.value in _html(panel, "quality")
    assert "run <code>" in _html(panel, "run")


def test_opening_quality_builds_a_row_and_a_box_per_fixable_issue(messy_analysis):
    panel = Panel(messy_analysis)

    panel.tabs.selected_index = TABS.index("quality")

    view = panel.quality
    assert isinstance(view, QualityView)
    rows = [c for c in view.children if "analyst-pa-issue" in c._dom_classes]
    assert len(rows) == len(messy_analysis.issues)
    fixable = {i.id for i in messy_analysis.issues if i.fix is not None}
    assert set(view.boxes) == fixable


def test_the_panel_opens_at_the_tab_asked_for(messy_analysis):
    panel = Panel(messy_analysis, tab="quality")

    assert panel.tabs.selected_index == 1
    assert panel.quality is not None


def test_an_unknown_tab_is_refused(messy_analysis):
    with pytest.raises(ValueError, match="tab must be one of overview, quality"):
        Panel(messy_analysis, tab="charts")


def test_progress_and_run_tab_follow_the_stage_events():
    panel = Panel()

    panel._on_event(StageStarted("r1", "profile", 1, 4))
    assert (panel.progress.description, panel.progress.value) == ("profile", 25)
    panel._on_event(StageProgress("r1", "profile", 1, 2))
    assert panel.progress.value == 38
    panel._on_event(StageFinished("r1", "profile", StageState.SUCCEEDED, 0.5))

    assert panel.progress.value == 50
    assert "profile" in panel.run_view.value and "0.50 s" in panel.run_view.value


def test_start_shows_the_overview_before_the_analysis_ends(messy, gated):
    panel = Panel(data=Data(messy, "df"))

    panel.start(messy, background=True, name="df")

    assert panel.running
    assert "201" in _html(panel, "overview")
    assert "analysing" in panel.header.value
    assert "appear when the run ends" in _html(panel, "quality")
    gated.set()
    analysis = panel.wait(60)
    assert panel.tabs.titles[1] == f"Quality ({len(analysis.issues)})"
    assert panel.progress.layout.display == "none"


def test_the_flights_overview_shows_while_the_analysis_is_held(flights, gated):
    # The first view does not wait for the analysis: with the analysis held
    # back, start() still returns with the Overview filled (how fast is a
    # benchmark's business, not a test's).
    panel = Panel(data=Data(flights, "flights"))

    panel.start(flights, background=True, name="flights")

    assert panel.running
    assert "336,776" in _html(panel, "overview")
    assert "19 columns" in panel.header.value
    gated.set()
    panel.wait(120)


def test_analysis_changes_to_the_frame_after_start_do_not_reach_it(messy, gated):
    frame = messy.copy()
    panel = Panel()
    panel.start(frame, background=True)

    frame.loc[:, "amount"] = -1.0
    gated.set()

    assert panel.wait(60).profile.column("amount").min > 0


def test_a_failed_analysis_is_said_in_the_panel(messy, monkeypatch):
    import analyst_pa.analysis as module

    def broken(*args, **kwargs):
        raise StageError("insights", "out of ideas")

    monkeypatch.setattr(module, "analyze", broken)
    panel = Panel()

    panel.start(messy, background=True)

    with pytest.raises(StageError, match="out of ideas"):
        panel.wait(10)
    assert "analysis failed" in panel.header.value
    assert panel.progress.bar_style == "danger"
    assert "the analysis failed" in _html(panel, "quality")


def test_insights_draw_a_page_of_charts_then_more_on_click(messy_analysis):
    panel = Panel(_with_insights(messy_analysis, CHARTS_PER_PAGE + 2))

    panel.tabs.selected_index = TABS.index("insights")

    *rows, more = _tab(panel, "insights").children
    images = [isinstance(row.children[1], widgets.Image) for row in rows]
    assert images == [True] * CHARTS_PER_PAGE + [False, False]
    assert "&lt;0&gt;" in rows[0].children[0].value  # the statement, escaped
    more.click()
    assert all(isinstance(row.children[1], widgets.Image) for row in rows)
    assert more.layout.display == "none"


def test_insights_tab_says_when_there_are_none(messy_analysis):
    panel = Panel(_with_insights(messy_analysis, 0), tab="insights")

    assert "No insight passed validation" in _html(panel, "insights")


def test_without_a_kernel_the_panel_still_reprs_as_text_and_html(messy_analysis):
    bundle = Panel(messy_analysis)._repr_mimebundle_()

    assert bundle["text/plain"].startswith(messy_analysis.source)
    assert bundle["text/html"].startswith('<div class="analyst-pa-analysis">')


def test_a_running_panel_says_so_in_its_static_html():
    panel = Panel(name="df")

    bundle = panel._repr_mimebundle_()

    assert bundle["text/plain"] == "analyst_pa panel of df (analysing…)"
    assert "--wait" in bundle["text/html"]


def test_run_tab_without_finish_time_says_analysed(messy_analysis):
    run = RunRecord(id="r", source="s", started_at=datetime.now(UTC))
    panel = Panel(messy_analysis.model_copy(update={"run": run}))

    assert "analysed" in panel.header.value
