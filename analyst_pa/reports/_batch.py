"""Many reports in one go: several sources, a parameter grid, or both.

Each report is an ordinary :func:`report` call in a worker thread; the
heavy work happens in the kernel process each one starts, so threads are
enough and ``workers`` bounds the kernels running at once. A failed report
is recorded in its item and does not stop the others.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyst_pa.errors import AnalystError, InputError
from analyst_pa.reports._blocks import cut
from analyst_pa.reports._report import _check_format, _slug, report
from analyst_pa.runs import RunStore

__all__ = ["BatchItem", "default_workers", "format_batch", "report_batch"]


@dataclass
class BatchItem:
    """One report of a batch: what was asked and how it went."""

    source: str
    parameters: dict[str, Any] = field(default_factory=dict)
    output: Path | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def default_workers() -> int:
    """Two reports per CPU would fight for it: one kernel per CPU, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _grid(grid: Mapping[str, Sequence[Any]] | None) -> list[dict[str, Any]]:
    if not grid:
        return [{}]
    names = list(grid)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*grid.values())
    ]


def _output_name(source: str, template: str, values: dict[str, Any], fmt: str) -> str:
    from analyst_pa.sources import describe_source

    parts = [_slug(describe_source(source)), template]
    parts += [_slug(f"{k}-{v}") for k, v in values.items()]
    return "-".join(parts) + f".{fmt}"


def report_batch(
    sources: Sequence[str | os.PathLike[str]],
    *,
    template: str | os.PathLike[str] = "analysis",
    to: str = "html",
    output_dir: str | os.PathLike[str] | None = None,
    parameters: dict[str, Any] | None = None,
    grid: Mapping[str, Sequence[Any]] | None = None,
    workers: int | None = None,
    store: RunStore | None = None,
    timeout: float | None = None,
) -> list[BatchItem]:
    """Run one report per source and per combination of ``grid`` values.

    Parameters
    ----------
    sources : sequence of str or path
        The sources, as :func:`report` takes them.
    template, to, timeout
        As for :func:`report`, the same for every report.
    output_dir : path, optional
        The directory for the reports; by default the current directory.
        Each is named after its source, template and grid values.
    parameters : dict, optional
        Parameters shared by every report.
    grid : mapping of str to sequence, optional
        Parameter values to combine: ``{"sample": [1000, 5000]}`` makes
        two reports per source.
    workers : int, optional
        How many reports run at once; by default :func:`default_workers`.

    Returns
    -------
    list of BatchItem
        In the order asked, failed ones with their ``error``.
    """
    fmt = _check_format(to)
    if not sources:
        raise InputError("a batch needs at least one source")
    if workers is not None and workers < 1:
        raise InputError(f"workers must be 1 or more, got {workers}")
    directory = Path(output_dir) if output_dir is not None else Path.cwd()
    directory.mkdir(parents=True, exist_ok=True)
    name = Path(template).stem
    store = store or RunStore()
    # Create the index before the workers race to: a fresh SQLite index
    # created by two threads at once fails in one of them.
    store.recent(limit=1)

    jobs = [
        (os.fspath(source), {**(parameters or {}), **values})
        for source in sources
        for values in _grid(grid)
    ]

    def work(job: tuple[str, dict[str, Any]]) -> BatchItem:
        source, values = job
        grid_values = {k: v for k, v in values.items() if grid and k in grid}
        output = directory / _output_name(source, name, grid_values, fmt)
        return _one(source, values, output, template, fmt, store, timeout)

    with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
        return list(pool.map(work, jobs))


def _one(
    source: str,
    values: dict[str, Any],
    output: Path,
    template: str | os.PathLike[str],
    fmt: str,
    store: RunStore | None,
    timeout: float | None,
) -> BatchItem:
    from analyst_pa.sources import describe_source
    from analyst_pa.sources._redact import redact_text, secrets_in

    item = BatchItem(source=describe_source(source), parameters=values)
    started = time.perf_counter()
    try:
        item.output = report(
            source,
            template=template,
            to=fmt,
            output=output,
            parameters=values,
            store=store,
            timeout=timeout,
        )
    except AnalystError as exc:
        item.error = str(exc)
    except Exception as exc:  # one report's bug must not stop the batch
        item.error = redact_text(f"{type(exc).__name__}: {exc}", secrets_in(source))
    item.seconds = time.perf_counter() - started
    return item


def format_batch(items: Sequence[BatchItem]) -> str:
    """Return the batch as a summary table: one line per report, then totals."""
    lines = [f"{'state':<6}  {'seconds':>7}  {'source':<40}  parameters  →  report"]
    for item in items:
        values = " ".join(f"{k}={v}" for k, v in item.parameters.items()) or "-"
        lines.append(
            f"{'ok' if item.ok else 'FAILED':<6}  {item.seconds:>7.1f}  "
            f"{cut(item.source, 40):<40}  {values}  →  {item.output or '-'}"
        )
        if not item.ok:
            lines.append(f"        {cut(item.error, 400)}")
    failed = sum(not item.ok for item in items)
    lines.append(f"{len(items) - failed} of {len(items)} reports done, {failed} failed")
    return "\n".join(lines)
