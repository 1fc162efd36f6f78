"""Report runs started over REST, executed by a background worker.

``POST runs`` records a run as queued and returns at once; an asyncio task of
the server (not of the request) then executes the report in a child process,
``python -m analyst_pa.server._runs``, which calls
:func:`analyst_pa.reports.report` on ``source:NAME``. So the run goes on when
the browser closes, and at most ``AnalystApp.max_concurrent_runs`` execute at
once. The child holds no credentials: it gets the server's URL and a token
scoped to the one source (``ANALYST_PA_TOKEN``), and its kernel reads the
rows through the server like any other client. The server's own tokens are
taken out of the child's environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analyst_pa.server import _metrics
from analyst_pa.server._store import RunRow, Store

__all__ = ["RUN_EVENT", "RunRequest", "RunWorker"]

RUN_EVENT = "https://events.analyst-pa.org/analyst_pa/run/v1"
_SERVER_TOKENS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTER_TOKEN")
_FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class RunRequest:
    """``POST runs``'s body: the source, template, format and parameters."""

    source: str
    template: str = "analysis"
    format: str = "html"
    parameters: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> RunRequest:
        unknown = sorted(set(body) - {"source", "template", "to", "parameters"})
        if unknown or not isinstance(body.get("source"), str):
            raise ValueError(
                "a run takes a JSON object with source (a server source's name), and "
                "optionally template, to (html or pdf) and parameters"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            )
        fmt = str(body.get("to", "html")).lower()
        if fmt not in _FORMATS:
            raise ValueError(f"to must be one of {', '.join(_FORMATS)}, got {fmt!r}")
        parameters = body.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise ValueError("parameters must be a JSON object")
        template = str(body.get("template", "analysis"))
        if "/" in template or "\\" in template or template.startswith("."):
            # A path would let a user run any notebook on the server.
            raise ValueError(f"template must be a template's name, got {template!r}")
        return cls(body["source"].removeprefix("source:"), template, fmt, parameters)


class RunWorker:
    """Execute report runs in the background and record their outcome.

    Parameters
    ----------
    store : Store
        Where runs are recorded.
    directory : Path
        One sub-directory per run holds its report and executed notebook.
    server_url : callable
        Returns the URL the child reaches this server at.
    emit : callable
        ``emit(data)`` sends a run event on jupyter-server's event bus.
    log : logging.Logger
    max_concurrent : int
    """

    def __init__(
        self,
        store: Store,
        directory: Path,
        server_url: Callable[[], str],
        emit: Callable[[dict[str, Any]], None],
        log: Any,
        max_concurrent: int,
    ) -> None:
        self.store, self.directory, self.server_url = store, directory, server_url
        self.emit, self.log = emit, log
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._processes: dict[str, asyncio.subprocess.Process] = {}

    def start(self, row: RunRow, token: str) -> None:
        """Record ``row`` as queued and execute it in the background."""
        self.store.add_run(row)
        _metrics.RUNS.labels("started").inc()
        _metrics.RUNS_ACTIVE.inc()
        self._event(row, "queued")
        task = asyncio.create_task(self._execute(row, token))
        self._tasks[row.id] = task
        task.add_done_callback(lambda _: self._tasks.pop(row.id, None))

    def output_path(self, row: RunRow) -> Path:
        return self.directory / row.id / f"report.{row.format}"

    async def stop(self) -> None:
        """Stop the runs still executing: the server is shutting down."""
        for process in list(self._processes.values()):
            if process.returncode is None:
                process.kill()
        if self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def _execute(self, row: RunRow, token: str) -> None:
        started = time.monotonic()
        outcome, output, error = "failed", None, None
        try:
            async with self._slots:
                self.store.update_run(row.id, state="running")
                self._event(row, "started")
                output, error = await self._child(row, token)
                outcome = "succeeded" if output else "failed"
        except Exception as exc:  # the run fails; the server goes on
            self.log.exception("analyst_pa: report run %s could not execute", row.id)
            error = f"the run could not execute: {type(exc).__name__}"
        finally:
            self._finish(row, outcome, output, error, time.monotonic() - started)

    async def _child(self, row: RunRow, token: str) -> tuple[str | None, str | None]:
        output = self.output_path(row)
        output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        job = {
            "source": row.source,
            "template": row.template,
            "format": row.format,
            "output": str(output),
            "parameters": row.parameters,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "analyst_pa.server._runs",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._child_env(token),
            cwd=output.parent,
        )
        self._processes[row.id] = process
        try:
            stdout, stderr = await process.communicate(json.dumps(job).encode())
        finally:
            self._processes.pop(row.id, None)
        return _answer(stdout, stderr, process.returncode)

    def _child_env(self, token: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _SERVER_TOKENS}
        env.update(
            ANALYST_PA_SERVER_URL=self.server_url(),
            ANALYST_PA_TOKEN=token,
            ANALYST_PA_RUNS_DIR=str(self.directory / "records"),
        )
        return env

    def _finish(
        self,
        row: RunRow,
        outcome: str,
        output: str | None,
        error: str | None,
        seconds: float,
    ) -> None:
        self.store.update_run(
            row.id,
            state=outcome,
            output=output,
            error=error,
            finished_at=datetime.now(UTC),
        )
        _metrics.RUNS.labels(outcome).inc()
        _metrics.RUN_SECONDS.labels(outcome).observe(seconds)
        _metrics.RUNS_ACTIVE.dec()
        self.log.info("analyst_pa: report run %s %s", row.id, outcome)
        self._event(row, outcome, error or "")

    def _event(self, row: RunRow, action: str, error: str = "") -> None:
        self.emit(
            {
                "action": action,
                "run_id": row.id,
                "source": row.source,
                "template": row.template,
                "format": row.format,
                "user": row.owner,
                "error": error,
            }
        )


def _answer(
    stdout: bytes, stderr: bytes, returncode: int | None
) -> tuple[str | None, str | None]:
    lines = stdout.decode(errors="replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        answer = {}
    if returncode == 0 and answer.get("output"):
        return str(answer["output"]), None
    if answer.get("error"):
        return None, str(answer["error"])
    tail = stderr.decode(errors="replace").strip().splitlines()[-1:]
    return None, f"the report process ended with code {returncode}: {''.join(tail)}"


def main() -> None:
    """Execute the report a run worker sends on stdin; the child's entry point."""
    job = json.load(sys.stdin)
    from analyst_pa.reports import report

    try:
        path = report(
            f"source:{job['source']}",
            template=job["template"],
            to=job["format"],
            output=job["output"],
            parameters=job["parameters"] or None,
        )
    except Exception as exc:  # the message goes back to the run record
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        sys.exit(1)
    print(json.dumps({"output": str(path)}))


if __name__ == "__main__":
    main()
