"""The analysis panel: a progress bar, then five tabs.

:class:`Panel` shows an :class:`~analyst_pa.results.Analysis` as the tabs
Overview, Quality, Insights, Recommendations and Run. Given a frame instead
(:meth:`Panel.start`), it shows the Overview from a quick profile at once,
runs :func:`analyst_pa.analyze` (in a thread, so the kernel stays free, or
in the caller) and fills the other tabs when the run ends, driving its
progress bar and Run tab from the run's stage events.

Every tab first holds static HTML (cheap, and what a notebook saved with its
widget state shows); the two interactive ones, Quality with its check boxes
and Insights with its charts, are built when first selected, and charts are
drawn a few at a time, because drawing is what takes time.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from analyst_pa.notebook._html import (
    analysis_html,
    esc,
    insight_meta,
    insights_html,
    issues_html,
    overview_html,
    recommendations_html,
    run_html,
)
from analyst_pa.notebook._quality import Data, QualityView
from analyst_pa.results import Analysis, Insight, StageState, TableProfile
from analyst_pa.runs import Event, StageFinished, StageProgress, StageStarted
from analyst_pa.text import render_text

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import DisplayHandle

__all__ = ["TABS", "Panel"]

TABS = ("overview", "quality", "insights", "recommendations", "run")
INTERACTIVE = ("quality", "insights")  # built on first selection
_TITLES = {
    "overview": "Overview",
    "quality": "Quality",
    "insights": "Insights",
    "recommendations": "Recommendations",
    "run": "Run",
}
CHARTS_PER_PAGE = 6
_MUTED = "color: var(--jp-ui-font-color2, #616161)"
# ipywidgets gives every tab the same width, too narrow for "Recommendations
# (12)"; scoped to the panel, so nothing else in the notebook changes.
_STYLE = (
    "<style>.analyst-pa-panel .widget-tab > .lm-TabBar .lm-TabBar-tab"
    " { flex: 0 1 auto; min-width: 90px; }</style>"
)


def _note(text: str) -> widgets.HTML:
    return widgets.HTML(f'<div style="{_MUTED}; padding: 6px 0">{text}</div>')


class Panel(widgets.VBox):
    """An analysis in tabs, with its quality fixes ready to apply.

    Parameters
    ----------
    analysis : Analysis, optional
        A finished analysis to show; leave it out and call :meth:`start`.
    data : Data, optional
        The frame analysed and the expression that names it in the user's
        code, so that Apply can clean it; without it the Quality tab asks
        for the variable's name.
    shell : InteractiveShell, optional
        Where Apply binds the cleaned frame; by default the running one.
    tab : str, default "overview"
        The tab to open first: one of :data:`TABS`.
    name : str, optional
        What to call the data until the analysis names it.

    Attributes
    ----------
    analysis : Analysis or None
        The analysis once it is done.
    error : BaseException or None
        Why the analysis failed, if it did.
    quality : QualityView or None
        The Quality tab, once built.
    """

    def __init__(
        self,
        analysis: Analysis | None = None,
        *,
        data: Data | None = None,
        shell: Any = None,
        tab: str = "overview",
        name: str | None = None,
    ) -> None:
        if tab not in TABS:
            raise ValueError(f"tab must be one of {', '.join(TABS)}; got {tab!r}")
        self.analysis = analysis
        self.data = data
        self.shell = shell if shell is not None else _running_shell()
        self.error: BaseException | None = None
        self.quality: QualityView | None = None
        self.charts: dict[str, bytes | None] = {}
        self._profile: TableProfile | None = analysis.profile if analysis else None
        self._source = analysis.source if analysis else (name or "DataFrame")
        self._stages: dict[str, tuple[StageState, float | None]] = {}
        self._n_stages, self._stage_index = 1, 0
        self._interactive: set[str] = set()
        self._lock = threading.RLock()
        self._chart_lock = threading.Lock()
        self._done = threading.Event()
        self._handle: DisplayHandle | None = None
        if analysis is not None:
            self._done.set()

        self.header = widgets.HTML()
        self.run_view = widgets.HTML()
        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=100,
            description="analysing",
            bar_style="info",
            layout=widgets.Layout(display="none"),
        )
        self.tabs = widgets.Tab(
            children=[widgets.VBox() for _ in TABS], selected_index=TABS.index(tab)
        )
        self.tabs.observe(self._on_select, names="selected_index")
        super().__init__(children=[self.header, self.progress, self.tabs])
        self.add_class("analyst-pa-panel")
        self._refresh()

    # -- running -----------------------------------------------------------

    def show(self) -> None:
        """Display the panel, and update that display when the run ends.

        The update replaces the static HTML kept for exports; a front end
        applies it only while the displaying cell still runs, which is the
        case with ``background=False``.
        """
        from IPython.display import display

        self._handle = display(self, display_id=True)

    def start(
        self,
        frame: pd.DataFrame,
        *,
        background: bool = True,
        name: str | None = None,
        **options: Any,
    ) -> None:
        """Show the Overview of ``frame`` now, and analyse it.

        Parameters
        ----------
        frame : DataFrame
            The data; a shallow copy is analysed, so changes the user makes
            meanwhile (copy-on-write) do not reach the analysis.
        background : bool, default True
            Analyse in a thread and return at once, or return when done.
        name : str, optional
            What to call the data in the results.
        **options
            Passed to :func:`analyst_pa.analyze` (``target``, ``time``...).
        """
        from analyst_pa.profile import profile_table

        snapshot = frame.copy(deep=False)
        self._source = name or self._source
        self._done.clear()
        self.progress.layout.display = None
        self._profile = profile_table(snapshot)
        self._refresh()

        work = self._analyse_job(snapshot, name=name, **options)
        if not background:
            work()
            return
        # The thread carries the cell's context, so what it sends belongs to
        # the cell the panel is in.
        context = contextvars.copy_context()
        thread = threading.Thread(
            target=context.run, args=(work,), name="analyst_pa panel", daemon=True
        )
        thread.start()

    def _analyse_job(
        self, frame: pd.DataFrame, *, name: str | None, **options: Any
    ) -> Callable[[], None]:
        from analyst_pa.analysis import analyze

        def work() -> None:
            in_thread = threading.current_thread() is not threading.main_thread()
            try:
                analysis = analyze(
                    frame, name=name, listeners=[self._on_event], **options
                )
            except Exception as exc:
                self._failed(exc)
            else:
                self._finished(analysis, warm_charts=in_thread)
            finally:
                self._done.set()

        return work

    def wait(self, timeout: float | None = None) -> Analysis:
        """Return the analysis once it is done.

        Raises
        ------
        TimeoutError
            When it is not done within ``timeout`` seconds.
        Exception
            Whatever made the analysis fail.
        """
        if not self._done.wait(timeout):
            raise TimeoutError(f"the analysis is not done after {timeout} s")
        if self.error is not None:
            raise self.error
        assert self.analysis is not None
        return self.analysis

    @property
    def running(self) -> bool:
        """Whether the analysis is still going."""
        return not self._done.is_set()

    def _on_event(self, event: Event) -> None:
        # Called from the analysing thread: each stage is an equal share.
        bar = self.progress
        if isinstance(event, StageStarted):
            self._n_stages, self._stage_index = max(event.n_stages, 1), event.index
            self._stages[event.stage] = (StageState.RUNNING, None)
            bar.description = event.stage
            bar.value = round(100 * event.index / self._n_stages)
        elif isinstance(event, StageProgress) and event.total:
            done = self._stage_index + min(event.done / event.total, 1)
            bar.value = round(100 * done / self._n_stages)
        elif isinstance(event, StageFinished):
            self._stages[event.stage] = (event.state, event.duration_s)
            bar.value = round(100 * (self._stage_index + 1) / self._n_stages)
        self.run_view.value = self._run_html()

    def _finished(self, analysis: Analysis, *, warm_charts: bool) -> None:
        with self._lock:
            self.analysis = analysis
            self._profile = analysis.profile
            self.progress.layout.display = "none"
            self._refresh()
        self._update_display()
        if warm_charts:
            # Drawn now, off the kernel's thread, so opening Insights is quick.
            self._draw_charts(analysis.insights[:CHARTS_PER_PAGE])

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            self.error = error
            self.progress.bar_style = "danger"
            self.progress.description = "failed"
            self._refresh()
        self._update_display()

    def _update_display(self) -> None:
        if self._handle is not None:
            self._handle.update(self)

    # -- tabs --------------------------------------------------------------

    def _titles(self) -> list[str]:
        titles = [_TITLES[tab] for tab in TABS]
        if self.analysis is not None:
            titles[1] += f" ({len(self.analysis.issues)})"
            titles[2] += f" ({len(self.analysis.insights)})"
            titles[3] += f" ({len(self.analysis.recommendations)})"
        return titles

    def _header(self) -> str:
        source = self.analysis.source if self.analysis else self._source
        table = self._profile
        shape = f" · {table.n_rows:,} rows × {table.n_columns} columns" if table else ""
        if self.error is not None:
            state = (
                '<span style="color: var(--jp-error-color1, #d32f2f)">analysis '
                f"failed: {esc(self.error)}</span>"
            )
        elif self.analysis is not None:
            seconds = _seconds(self.analysis)
            state = f"analysed in {seconds}" if seconds else "analysed"
        else:
            state = "analysing…"
        return _STYLE + (
            f"<div><b>analyst_pa</b> {esc(source)}{shape} · "
            f'<span class="analyst-pa-state" style="{_MUTED}">{state}</span></div>'
        )

    def _refresh(self) -> None:
        """Redraw the header, the titles and every tab from the current state."""
        with self._lock:
            self.header.value = self._header()
            self.tabs.titles = self._titles()
            self._interactive.clear()
            for tab in TABS:
                self._fill(tab, self._static(tab))
            self._upgrade_selected()

    def _on_select(self, _change: dict[str, Any]) -> None:
        with self._lock:
            self._upgrade_selected()

    def _upgrade_selected(self) -> None:
        index = self.tabs.selected_index
        tab = TABS[index] if index is not None else None
        if self.analysis is None or tab not in INTERACTIVE:
            return
        if tab in self._interactive:
            return
        self._interactive.add(tab)
        build = self._build_quality if tab == "quality" else self._build_insights
        self._fill(tab, build())

    def _fill(self, tab: str, children: list[widgets.Widget]) -> None:
        box = self.tabs.children[TABS.index(tab)]
        assert isinstance(box, widgets.Box)
        box.children = children

    def _static(self, tab: str) -> list[widgets.Widget]:
        if tab == "overview":
            if self._profile is None:
                return [_note("Profiling…")]
            return [widgets.HTML(overview_html(self._profile))]
        if tab == "run":
            self.run_view.value = self._run_html()
            return [self.run_view]
        if self.analysis is None:
            return [self._waiting(tab)]
        render = {
            "quality": lambda a: issues_html(a.issues),
            "insights": lambda a: insights_html(a.insights),
            "recommendations": lambda a: recommendations_html(a.recommendations),
        }[tab]
        return [widgets.HTML(render(self.analysis))]

    def _waiting(self, tab: str) -> widgets.HTML:
        what = "quality issues" if tab == "quality" else tab
        if self.error is not None:
            return _note(f"No {what}: the analysis failed ({esc(self.error)}).")
        return _note(f"Analysing… the {what} appear when the run ends.")

    def _run_html(self) -> str:
        if self.analysis is not None:
            return run_html(self.analysis.run)
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(state.value)}</td>"
            f"<td>{'' if seconds is None else f'{seconds:.2f} s'}</td></tr>"
            for name, (state, seconds) in self._stages.items()
        )
        return f"<table>{rows}</table>" if rows else "Starting…"

    def _build_quality(self) -> list[widgets.Widget]:
        assert self.analysis is not None
        self.quality = QualityView(self.analysis, data=self.data, shell=self.shell)
        return [self.quality]

    # -- insights ----------------------------------------------------------

    def _build_insights(self) -> list[widgets.Widget]:
        assert self.analysis is not None
        insights = self.analysis.insights
        if not insights:
            return [widgets.HTML(insights_html(insights))]

        rows = [_insight_row(insight) for insight in insights]
        more = widgets.Button(description="Draw more charts", icon="bar-chart")
        drawn = [0]

        def draw_next(_button: widgets.Button | None = None) -> None:
            start = drawn[0]
            page = insights[start : start + CHARTS_PER_PAGE]
            self._draw_charts(page)
            for insight, row in zip(page, rows[start:], strict=False):
                _put_chart(row, self.charts.get(insight.id))
            drawn[0] = start + len(page)
            if drawn[0] >= len(insights):
                more.layout.display = "none"

        more.on_click(draw_next)
        draw_next()
        return [*rows, more]

    def _draw_charts(self, insights: list[Insight]) -> None:
        from analyst_pa.notebook._charts import chart_png

        # One drawer at a time: opening Insights while the charts are being
        # drawn in the background waits for them instead of drawing twice.
        with self._chart_lock:
            for insight in insights:
                if insight.id not in self.charts:
                    spec = insight.chart
                    self.charts[insight.id] = chart_png(spec) if spec else None

    # -- display -----------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        # The widget for live front ends; text and HTML for the rest (exports
        # without widget state, terminals), as of the moment of display.
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        if self.analysis is not None:
            bundle["text/plain"] = render_text(self.analysis)
            bundle["text/html"] = analysis_html(self.analysis)
        else:
            bundle["text/plain"] = f"analyst_pa panel of {self._source} (analysing…)"
            bundle["text/html"] = (
                f"<div>analyst_pa panel of {esc(self._source)}: the analysis ran in "
                "the background. For a copy that exports, run <code>%analyst ... "
                "--wait</code> or display <code>analyst_pa.analyze(...)</code>.</div>"
            )
        return bundle


def _insight_row(insight: Insight) -> widgets.VBox:
    text = widgets.HTML(
        f"<div><b>{esc(insight.statement)}</b></div>{insight_meta(insight)}"
    )
    row = widgets.VBox(
        [text, widgets.Box()],
        layout=widgets.Layout(
            margin="4px 0 10px",
            border_bottom="1px solid var(--jp-border-color2, #e0e0e0)",
        ),
    )
    row.add_class("analyst-pa-insight")
    return row


def _put_chart(row: widgets.VBox, png: bytes | None) -> None:
    if png is None:
        return
    image = widgets.Image(value=png, format="png", layout=widgets.Layout(width="440px"))
    row.children = (row.children[0], image)


def _seconds(analysis: Analysis) -> str:
    run = analysis.run
    if run.finished_at is None:
        return ""
    return f"{(run.finished_at - run.started_at).total_seconds():.1f} s"


def _running_shell() -> Any:
    from IPython import get_ipython

    return get_ipython()
