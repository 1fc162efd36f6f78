"""Run one tool once on one Parquet file and print what the work cost, as JSON.

Usage: ``python bench/_one.py TOOL PARQUET``, with the interpreter of the
environment the tool lives in (``speed.py`` picks it). Run as a fresh
process per measurement, so that no peak of an earlier tool is counted.

What is measured, and only that: the tool's own work on data already in
memory (DuckDB excepted: SUMMARIZE reads the Parquet file itself, so the
read is part of its work). Imports, reading the file and a warm-up on the
first rows (lazy imports, JIT compilation, caches) come before the clock
starts. Then the process's peak resident memory is reset
(``/proc/self/clear_refs``), so the peak reported is the work's own,
above what the process held before it: the interpreter, the libraries and
the frame.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

WARM_UP_ROWS = 1_000


def _status(field: str) -> int:
    """Return a memory field of /proc/self/status (VmRSS, VmHWM) in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak() -> bool:
    """Reset the peak resident size to the current one (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _release_free_heap() -> None:
    # Memory freed by the read and the warm-up stays resident in malloc's
    # arenas and would hide the work's own peak under the baseline.
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _cpu() -> float:
    # The whole process: every thread polars, DuckDB or BLAS start.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# Each tool: prepare(path) -> (work, facts). prepare imports, reads and
# warms up; work() is what gets timed; facts are reported beside it.
Prepared = tuple[Callable[[], Any], dict[str, Any]]


def _pandas_frame(path: str) -> tuple[Any, dict[str, Any]]:
    import pandas as pd

    frame = pd.read_parquet(path)
    facts = {
        "rows": len(frame),
        "columns": frame.shape[1],
        "frame_bytes": int(frame.memory_usage(deep=True).sum()),
        "pandas": pd.__version__,
    }
    return frame, facts


def _keep_peak_mark() -> None:
    # analyze resets the kernel's peak mark at each stage to record the
    # stage's own peak; that would hide the whole run's peak from us. The
    # stages' peaks are not needed here, so the reset is turned off.
    from analyst_pa.runs import _memory

    _memory.PeakMemory.start = lambda self: None  # type: ignore[method-assign]


def _analyze(path: str) -> Prepared:
    import analyst_pa

    _keep_peak_mark()

    frame, facts = _pandas_frame(path)
    analyst_pa.analyze(frame.head(WARM_UP_ROWS), record=False)

    def work() -> Any:
        analysis = analyst_pa.analyze(frame, record=False)
        return {
            "issues": len(analysis.issues),
            "stages": {s.name: s.duration_s for s in analysis.run.stages},
        }

    return work, facts | {"version": _version("analyst_pa")}


def _profile_quality(path: str) -> Prepared:
    """The two stages the speed targets were set for, called directly."""
    import analyst_pa
    from analyst_pa.profile import profile_table
    from analyst_pa.quality import find_issues

    _keep_peak_mark()
    frame, facts = _pandas_frame(path)
    analyst_pa.analyze(frame.head(WARM_UP_ROWS), record=False)

    def work() -> Any:
        return {"issues": len(find_issues(frame, profile_table(frame)))}

    return work, facts | {"version": _version("analyst_pa")}


def _analyze_checks(path: str) -> Prepared:
    """Profile once, then time every registered check alone, and the
    insights stage after them."""
    import analyst_pa
    from analyst_pa.insights import find_insights
    from analyst_pa.profile import profile_table
    from analyst_pa.quality import CHECKS

    _keep_peak_mark()
    frame, facts = _pandas_frame(path)
    analyst_pa.analyze(frame.head(WARM_UP_ROWS), record=False)

    def work() -> Any:
        start = time.perf_counter()
        table = profile_table(frame)
        seconds = {"profile_table": time.perf_counter() - start}
        issues = []
        for name, (_, check) in CHECKS.items():
            start = time.perf_counter()
            issues += check(frame, table)
            seconds[name] = time.perf_counter() - start
        start = time.perf_counter()
        find_insights(frame, table, issues)
        seconds["find_insights"] = time.perf_counter() - start
        return {"seconds": seconds}

    return work, facts | {"version": _version("analyst_pa")}


def _ydata(minimal: bool) -> Callable[[str], Prepared]:
    def prepare(path: str) -> Prepared:
        from ydata_profiling import ProfileReport

        frame, facts = _pandas_frame(path)

        def work(data: Any = frame) -> Any:
            # The description is the computation; HTML rendering is left
            # out, as analyze renders nothing either.
            report = ProfileReport(data, minimal=minimal, progress_bar=False)
            return {"alerts": len(report.get_description().alerts)}

        work(frame.head(WARM_UP_ROWS))
        return work, facts | {"version": _version("ydata-profiling")}

    return prepare


def _skrub(path: str) -> Prepared:
    import skrub

    frame, facts = _pandas_frame(path)

    def work(data: Any = frame) -> Any:
        # _summary is what .html() renders: statistics, plots, associations.
        summary = skrub.TableReport(data, verbose=0)._summary
        return {"columns": len(summary["columns"])}

    work(frame.head(WARM_UP_ROWS))
    return work, facts | {"version": skrub.__version__}


def _duckdb(path: str) -> Prepared:
    import duckdb

    connection = duckdb.connect()
    source = f"read_parquet('{path}')"
    connection.sql(f"SUMMARIZE SELECT * FROM {source} LIMIT {WARM_UP_ROWS}").fetchall()
    rows = connection.sql(f"SELECT count(*) FROM {source}").fetchall()[0][0]
    columns = len(connection.sql(f"DESCRIBE SELECT * FROM {source}").fetchall())

    def work() -> Any:
        summary = connection.sql(f"SUMMARIZE SELECT * FROM {source}").fetchall()
        return {"columns": len(summary)}

    facts = {"rows": rows, "columns": columns, "reads_file": True}
    return work, facts | {"version": duckdb.__version__}


def _polars(path: str) -> Prepared:
    import polars as pl

    frame = pl.read_parquet(path)
    frame.head(WARM_UP_ROWS).describe()
    facts = {
        "rows": frame.height,
        "columns": frame.width,
        "frame_bytes": int(frame.estimated_size()),
    }

    def work() -> Any:
        return {"columns": frame.describe().width}

    return work, facts | {"version": pl.__version__}


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


TOOLS: dict[str, Callable[[str], Prepared]] = {
    "analyze": _analyze,
    "profile+quality": _profile_quality,
    "analyze-checks": _analyze_checks,
    "ydata-minimal": _ydata(minimal=True),
    "ydata-default": _ydata(minimal=False),
    "skrub": _skrub,
    "duckdb": _duckdb,
    "polars": _polars,
}


def measure(tool: str, path: str) -> dict[str, Any]:
    """Prepare ``tool`` on ``path``, then time its work and take its peak."""
    work, facts = TOOLS[tool](path)
    gc.collect()
    _release_free_heap()
    reset = _reset_peak()
    baseline = _status("VmRSS")
    wall, cpu = time.perf_counter(), _cpu()
    result = work()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    # Without a reset the peak includes reading the file: say so.
    peak = _status("VmHWM") - baseline
    return {
        "tool": tool,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_bytes": max(peak, 0),
        "baseline_bytes": baseline,
        "peak_reset": reset,
        "python": sys.version.split()[0],
        "result": result,
        **facts,
    }


def main() -> None:
    tool, path = sys.argv[1:3]
    if tool not in TOOLS:
        raise SystemExit(f"unknown tool {tool!r}; the tools are: {', '.join(TOOLS)}")
    # Progress bars and warnings go to stderr; stdout carries one JSON line.
    warnings.simplefilter("ignore")
    os.environ.setdefault("TQDM_DISABLE", "1")
    print(json.dumps(measure(tool, path)))


if __name__ == "__main__":
    main()
