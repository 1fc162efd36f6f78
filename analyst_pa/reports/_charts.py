"""Charts of a report, drawn with seaborn on matplotlib's Agg canvas.

Each chart is a :class:`matplotlib.figure.Figure` made without pyplot, so
no backend or global state is touched, saved as a PNG of fixed size and
resolution — a report's size does not grow with the data — and shown as an
``<img>`` with a description for screen readers. Distributions are
drawn from a seeded sample of at most :data:`CHART_SAMPLE` rows.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from analyst_pa.reports._blocks import Block, cut
from analyst_pa.results import Analysis, ColumnProfile, SemanticType

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "CHART_SAMPLE",
    "correlation_chart",
    "distribution_chart",
    "drift_chart",
    "history_chart",
    "issues_chart",
    "missing_chart",
    "time_chart",
    "top_values_chart",
]

CHART_SAMPLE = 50_000
DPI = 80
SEED = 0
_NUMERIC = {SemanticType.INTEGER, SemanticType.FLOAT, SemanticType.DECIMAL}
_CATEGORIES = {SemanticType.CATEGORICAL, SemanticType.BOOLEAN}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _png(figure: Figure, alt: str) -> Block:
    """The figure as an embedded PNG, with ``alt`` for screen readers."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Block(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}"/>')


def _nothing(text: str) -> Block:
    return Block(f'<p class="none">{text}</p>')


def _style() -> Any:
    import seaborn as sns

    return sns.axes_style("whitegrid")


def _numbers(frame: pd.DataFrame, column: ColumnProfile) -> pd.Series:
    import pandas as pd

    values = pd.to_numeric(frame.iloc[:, column.position], errors="coerce")
    values = values.astype("float64").dropna()
    if len(values) > CHART_SAMPLE:
        values = values.sample(CHART_SAMPLE, random_state=SEED)
    return values


def _numeric_columns(
    analysis: Analysis, first: Sequence[str] = ()
) -> list[ColumnProfile]:
    assert analysis.profile is not None
    usable = [
        c
        for c in analysis.profile.columns
        if c.semantic_type in _NUMERIC and c.distinct > 1 and c.count
    ]
    return sorted(usable, key=lambda c: (c.name not in first, c.position))


def missing_chart(analysis: Analysis) -> Block:
    """Bars of the missing share of each column that has missing values."""
    import seaborn as sns

    assert analysis.profile is not None
    gaps = sorted(
        (c for c in analysis.profile.columns if c.missing),
        key=lambda c: -c.missing_share,
    )[:20]
    if not gaps:
        return _nothing("No column has missing values.")
    with _style():
        figure = _figure(7.5, 0.35 * len(gaps) + 1.0)
        ax = figure.subplots()
        sns.barplot(
            x=[100 * c.missing_share for c in gaps],
            y=[cut(c.name, 24) for c in gaps],
            color="#0b5cad",
            ax=ax,
        )
        ax.set_xlabel("missing values (% of rows)")
        ax.set_ylabel("")
    return _png(figure, "Missing values per column, as a share of rows")


def distribution_chart(
    frame: pd.DataFrame,
    analysis: Analysis,
    *,
    first: Sequence[str] = (),
    max_columns: int = 6,
) -> Block:
    """Histograms of up to ``max_columns`` numeric columns, the 0.5–99.5 %
    range of each, ``first`` (a target, say) first."""
    import seaborn as sns

    columns = _numeric_columns(analysis, first)[:max_columns]
    if not columns:
        return _nothing("No numeric column to draw.")
    n_cols = 3 if len(columns) > 2 else len(columns)
    n_rows = -(-len(columns) // n_cols)
    with _style():
        figure = _figure(3.0 * n_cols, 2.3 * n_rows)
        axes = figure.subplots(n_rows, n_cols, squeeze=False).ravel()
        for ax, column in zip(axes, columns, strict=False):
            values = _numbers(frame, column)
            low, high = values.quantile([0.005, 0.995])
            sns.histplot(
                values[values.between(low, high)], bins=40, ax=ax, color="#0b5cad"
            )
            ax.set_title(cut(column.name, 30), fontsize=9)
            ax.set_xlabel("")
            ax.set_ylabel("")
        for ax in axes[len(columns) :]:
            ax.set_visible(False)
    return _png(figure, cut("Histograms of " + ", ".join(c.name for c in columns), 200))


def top_values_chart(
    analysis: Analysis, *, max_columns: int = 4, top: int = 8
) -> Block:
    """Bars of the most frequent values of up to ``max_columns`` categorical
    columns, from the profile (shares of the values present)."""
    import seaborn as sns

    assert analysis.profile is not None
    columns = [
        c
        for c in analysis.profile.columns
        if c.semantic_type in _CATEGORIES and c.distinct > 1 and c.top_values
    ][:max_columns]
    if not columns:
        return _nothing("No categorical column to draw.")
    n_cols = min(2, len(columns))
    n_rows = -(-len(columns) // n_cols)
    with _style():
        figure = _figure(4.5 * n_cols, 2.6 * n_rows)
        axes = figure.subplots(n_rows, n_cols, squeeze=False).ravel()
        for ax, column in zip(axes, columns, strict=False):
            shown = column.top_values[:top]
            sns.barplot(
                x=[100 * v.count / column.count for v in shown],
                y=[cut(v.value, 20) for v in shown],
                color="#2f855a",
                ax=ax,
            )
            ax.set_title(
                f"{cut(column.name, 30)} ({column.distinct:,} values)", fontsize=9
            )
            ax.set_xlabel("% of values")
        for ax in axes[len(columns) :]:
            ax.set_visible(False)
    return _png(
        figure, cut("Most frequent of " + ", ".join(c.name for c in columns), 200)
    )


def correlation_chart(
    frame: pd.DataFrame, analysis: Analysis, *, max_columns: int = 12
) -> Block:
    """A heatmap of the Pearson correlations between numeric columns."""
    import pandas as pd
    import seaborn as sns

    columns = _numeric_columns(analysis)[:max_columns]
    if len(columns) < 2:
        return _nothing("Fewer than two numeric columns: no correlations to draw.")
    data = pd.DataFrame({cut(c.name, 18): _numbers(frame, c) for c in columns})
    with _style():
        figure = _figure(7.0, 5.5)
        ax = figure.subplots()
        sns.heatmap(
            data.corr(),
            vmin=-1,
            vmax=1,
            cmap="vlag",
            annot=len(columns) <= 8,
            fmt=".2f",
            square=True,
            ax=ax,
        )
    return _png(figure, "Correlations between the numeric columns")


def issues_chart(analysis: Analysis) -> Block:
    """Bars of the issue count by kind, coloured by severity."""
    import seaborn as sns

    if not analysis.issues:
        return _nothing("No quality issue was found.")
    rows = [(i.kind.value, i.severity.value) for i in analysis.issues]
    kinds = sorted({k for k, _ in rows}, key=lambda k: -sum(r[0] == k for r in rows))
    palette = {"error": "#b42318", "warning": "#d4a72c", "info": "#0b5cad"}
    with _style():
        figure = _figure(7.5, 0.35 * len(kinds) + 1.2)
        ax = figure.subplots()
        sns.countplot(
            y=[k for k, _ in rows],
            hue=[s for _, s in rows],
            order=kinds,
            hue_order=[s for s in palette if any(r[1] == s for r in rows)],
            palette=palette,
            ax=ax,
        )
        ax.set_xlabel("issues")
        ax.set_ylabel("")
    return _png(figure, "Quality issues by kind and severity")


def time_chart(frame: pd.DataFrame, time: str, target: str | None = None) -> Block:
    """Rows (or the mean of ``target``) per day, week or month of ``time``."""
    import pandas as pd
    import seaborn as sns

    moments = pd.to_datetime(frame[time], errors="coerce", utc=True).dropna()
    if moments.empty:
        return _nothing(f"Column {time!r} holds no dates to draw.")
    span = moments.max() - moments.min()
    rule = (
        "MS"
        if span > pd.Timedelta(days=730)
        else "W"
        if span > pd.Timedelta(days=60)
        else "D"
    )
    values = (
        pd.to_numeric(frame.loc[moments.index, target], errors="coerce")
        if target
        else pd.Series(1.0, index=moments.index)
    )
    grouped = values.groupby(
        moments.dt.tz_localize(None).dt.to_period(rule[0]).dt.start_time
    )
    series = grouped.mean() if target else grouped.count()
    with _style():
        figure = _figure(7.5, 2.8)
        ax = figure.subplots()
        sns.lineplot(x=series.index, y=series.to_numpy(), ax=ax, color="#0b5cad")
        ax.set_xlabel("")
        ax.set_ylabel(f"mean {cut(target, 20)}" if target else "rows")
    return _png(figure, cut(f"{time} over time", 200))


def history_chart(metrics: Sequence[Any]) -> Block:
    """Seconds per stage over the recorded runs, oldest first."""
    import pandas as pd
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    oldest_first = sorted(metrics, key=lambda m: m.started_at)
    rows = [
        {"run": number, "stage": s.name, "seconds": s.seconds}
        for number, m in enumerate(oldest_first, 1)
        for s in m.stages
        if s.seconds is not None
    ]
    if len({r["run"] for r in rows}) < 2:
        return _nothing("Fewer than two runs: no history to draw yet.")
    with _style():
        figure = _figure(7.5, 2.8)
        ax = figure.subplots()
        sns.lineplot(
            data=pd.DataFrame(rows),
            x="run",
            y="seconds",
            hue="stage",
            marker="o",
            ax=ax,
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("run, oldest to newest")
    return _png(figure, "Seconds per stage over the recorded runs")


def drift_chart(scores: dict[str, float], threshold: float) -> Block:
    """Bars of each column's PSI against the previous run, with the threshold."""
    import seaborn as sns

    if not scores:
        return _nothing("No column could be compared with the previous run.")
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:20]
    cap = max(1.0, 2 * threshold)  # one large shift must not flatten the rest
    with _style():
        figure = _figure(7.5, 0.32 * len(ranked) + 1.2)
        ax = figure.subplots()
        sns.barplot(
            x=[min(score, cap) for _, score in ranked],
            y=[cut(name, 24) for name, _ in ranked],
            color="#6e40c9",
            ax=ax,
        )
        ax.axvline(threshold, color="#b42318", linestyle="--", linewidth=1)
        ax.set_xlim(0, cap)
        ax.set_xlabel(
            f"PSI against the previous run (a shift above {threshold:g}; "
            f"bars stop at {cap:g})"
        )
        ax.set_ylabel("")
    return _png(figure, "PSI of each column against the previous run")
