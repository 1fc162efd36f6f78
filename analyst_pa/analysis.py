"""``analyze``: the main job, as a run of named stages.

load → profile → quality → rules → insights → recommendations, each a stage
of a :class:`~analyst_pa.runs.Run`; the result
is an :class:`~analyst_pa.results.Analysis`, and when the run is recorded the
data (Parquet) and the result (JSON) are kept in the run's directory.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyst_pa.errors import InputError
from analyst_pa.results import Analysis, TableProfile
from analyst_pa.runs import Listener, Run, RunStore

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STAGES", "analyze"]

STAGES = ("load", "profile", "quality", "rules", "insights", "recommendations")


def analyze(
    data: Any,
    *,
    target: str | None = None,
    time: str | None = None,
    rules: Any = None,
    tables: Mapping[str, Any] | None = None,
    name: str | None = None,
    record: bool = True,
    store: RunStore | None = None,
    listeners: Sequence[Listener] = (),
    **options: Any,
) -> Analysis:
    """Profile ``data`` and record the run.

    Parameters
    ----------
    data : DataFrame, path or URL
        The data itself, or anything :func:`analyst_pa.load` takes.
    target : str, optional
        The column the analyst wants to explain or predict.
    time : str, optional
        The column that orders the rows in time.
    rules : str, Path, Rule or list of them, optional
        Business rules to check (``"amount >= 0"``, ``"unique(order_id)"``,
        a YAML file); each violated rule becomes a ``rule_violation`` issue.
    tables : mapping of str to DataFrame or source, optional
        Other tables the rules refer to (``"dest in airports.faa"``).
    name : str, optional
        What to call the data in the results; by default the source with
        any password redacted, or the DataFrame's shape.
    record : bool, default True
        Keep the run, its data as Parquet and its result as JSON in the run
        store (see ``analyst-pa runs``).
    store : RunStore, optional
        Where to record the run; by default under the Jupyter data directory.
    listeners : sequence of callables
        Called with each stage event (progress bars, panels).
    **options
        Passed to :func:`analyst_pa.load` when ``data`` is not a DataFrame.

    Returns
    -------
    Analysis
        The profile, quality issues, insights, recommendations and the run
        record.

    Raises
    ------
    InputError
        When the source cannot be read or a named column does not exist.
    StageError
        When a stage fails for another reason; the run is recorded as failed.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame) and options:
        raise InputError(
            f"options {sorted(options)} only apply when analyze() loads a source; "
            "a DataFrame is analysed as it is: drop them or pass a path or URL"
        )

    checked_rules = _parse_rules(rules)
    label = name or _describe(data)
    if record and store is None:
        store = RunStore()
    run = Run(label, STAGES, store=store if record else None, listeners=listeners)

    with run.stage("load"):
        frame = data if isinstance(data, pd.DataFrame) else _load(data, options)
        _check_columns(frame, target=target, time=time)
        run.record.n_rows, run.record.n_columns = frame.shape

    with run.stage("profile"):
        from analyst_pa.profile import profile_table

        table = profile_table(frame)

    with run.stage("quality"):
        from analyst_pa.quality import find_issues

        issues = find_issues(frame, table)

    if checked_rules:
        with run.stage("rules"):
            from analyst_pa.rules import check_rules

            issues = check_rules(frame, checked_rules, tables=tables) + issues
    else:
        run.skip("rules", "no business rules given (analyze(rules=...))")

    with run.stage("insights"):
        from analyst_pa.insights import find_insights

        found = find_insights(frame, table, issues, target=target, time=time)
    if found.reason:
        run.record.stage("insights").reason = found.reason

    with run.stage("recommendations"):
        from analyst_pa.recommendations import recommend

        recommendations = recommend(
            issues, found.insights, target=target, time=time, frame=frame
        )

    analysis = Analysis(
        source=label,
        profile=table,
        issues=issues,
        insights=found.insights,
        recommendations=recommendations,
        run=run.record,
    )
    _keep_artifacts(run, frame, table, analysis)
    return analysis


def _parse_rules(rules: Any) -> list[Any]:
    # Parsed before the run starts, so a mistyped rule is bad input (exit 2)
    # and not a failed run.
    if rules is None:
        return []
    from analyst_pa.rules import as_rules

    return as_rules(rules)


def _describe(data: Any) -> str:
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        rows, columns = data.shape
        return f"DataFrame ({rows:,} rows × {columns} columns)"
    from analyst_pa.sources import describe_source

    return describe_source(data)


def _load(source: Any, options: dict[str, Any]) -> pd.DataFrame:
    from analyst_pa.sources import load

    return load(source, **options)


def _check_columns(frame: pd.DataFrame, **named: str | None) -> None:
    known = [str(label) for label in frame.columns]
    for role, column in named.items():
        if column is not None and column not in known:
            raise InputError(
                f"{role} column {column!r} is not in the data; "
                f"the columns are: {', '.join(known)}"
            )


def _keep_artifacts(
    run: Run, frame: pd.DataFrame, table: TableProfile, analysis: Analysis
) -> None:
    if run.directory is not None:
        _keep_frame(run, frame, table)
        run.record.artifacts["analysis.json"] = str(run.directory / "analysis.json")

    run.finish()

    if run.directory is not None:
        _keep_metrics(run, analysis)
        run.write_artifact(
            "analysis.json", lambda tmp: Path(tmp).write_text(analysis.to_json())
        )


def _keep_metrics(run: Run, analysis: Analysis) -> None:
    from analyst_pa.monitoring import record_metrics

    log = [
        f"{stage.name}: {stage.state.value}"
        + (f" in {stage.duration_s:.2f} s" if stage.duration_s is not None else "")
        + (f" ({stage.reason})" if stage.reason else "")
        for stage in run.record.stages
    ]
    record_metrics(
        run.record,
        issues=len(analysis.issues),
        insights=len(analysis.insights),
        log=log,
        store=run.store,
    )


def _keep_frame(run: Run, frame: pd.DataFrame, table: TableProfile) -> None:
    # Written under the profile's unique column names, since Parquet refuses
    # duplicate ones. A frame pyarrow cannot write (mixed Python objects in a
    # column) is skipped with a warning rather than failing the analysis.
    import pyarrow as pa

    unique = frame.set_axis([c.name for c in table.columns], axis=1)
    try:
        run.write_artifact("data.parquet", unique.to_parquet)
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
        warnings.warn(
            f"the data of run {run.id} was not kept as Parquet: {exc}", stacklevel=4
        )
