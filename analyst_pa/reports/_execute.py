"""Execute a template headless with papermill, keeping secrets out of it.

The ``source`` parameter written into the notebook is always the redacted
one: a password in a database URL would otherwise be stored in the
notebook's injected-parameters cell and its metadata. The real source goes
to the kernel alone, in the environment variable :data:`SOURCE_ENV`, which
:func:`analyst_pa.reports.sections.resolve_source` reads back.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from analyst_pa.errors import StageError
from analyst_pa.reports._kernel import kernel_name
from analyst_pa.reports._templates import Template

__all__ = ["SOURCE_ENV", "ReportError", "execute_template"]

SOURCE_ENV = "ANALYST_PA_REPORT_SOURCE"

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class ReportError(StageError):
    """A cell of a report template raised.

    Parameters
    ----------
    template : str
        The template's name.
    cell : int or None
        The execution count of the failing cell, as ``In [n]`` shows it.
    code : str
        The first line of the failing cell.
    error : str
        The exception's type and message.
    notebook : Path
        Where the partial notebook is kept.
    """

    def __init__(
        self, template: str, cell: int | None, code: str, error: str, notebook: Path
    ) -> None:
        self.template, self.cell, self.code = template, cell, code
        self.error, self.notebook = error, notebook
        super().__init__(
            "execute",
            f"template {template!r} failed at cell In [{cell}] ({code!r}): {error}; "
            f"the partial notebook is kept at {notebook}",
        )


def _manager_with(env: dict[str, str], stderr: IO[bytes]) -> type:
    """A kernel manager class that starts its kernel with ``env`` added and
    its own stderr (start-up and shutdown messages) going to ``stderr``."""
    from jupyter_client.manager import AsyncKernelManager

    class _Manager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            # What a report shows is as private as its data: encrypt the
            # kernel's sockets where libzmq can, else keep them off TCP.
            import zmq

            if zmq.has("curve"):
                self.transport_encryption = "auto"
            elif os.name == "posix":
                self.transport = "ipc"

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw["env"] = {**os.environ, **kw.get("env", {}), **env}
            kw["stderr"] = stderr
            await super().start_kernel(**kw)

    return _Manager


class _ThreadLog(logging.Handler):
    """Collect the records this thread logs: batch reports run in threads."""

    def __init__(self, lines: list[str], secrets: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines, self.secrets, self.thread = lines, secrets, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(
                log_line(
                    record.levelname, record.name, record.getMessage(), self.secrets
                )
            )


def log_line(level: str, origin: str, message: str, secrets: list[str]) -> str:
    """Return one log line, secrets masked, ANSI colours removed."""
    from analyst_pa.sources._redact import redact_text

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = redact_text(_ANSI.sub("", message), secrets).replace("\n", " ⏎ ")
    return f"{now} {level} {origin}: {text}"


@contextmanager
def _captured(lines: list[str], secrets: list[str]) -> Iterator[None]:
    logger = logging.getLogger("papermill")
    handler = _ThreadLog(lines, secrets)
    previous = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def execute_template(
    template: Template,
    notebook: Path,
    parameters: dict[str, Any],
    *,
    env: dict[str, str],
    secrets: list[str],
    log: list[str],
    timeout: float | None = None,
) -> Any:
    """Execute ``template`` into ``notebook`` and return the executed notebook.

    ``env`` is added to the kernel's environment: the real source, and the
    run store the report is recorded in, so the analysis is kept there too.

    Raises
    ------
    ReportError
        When a cell raises; the partial notebook is left at ``notebook``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from analyst_pa.sources._redact import redact_text

    kernel = kernel_name()
    log.append(
        log_line("INFO", "report", f"{template.name} on kernel {kernel}", secrets)
    )
    with tempfile.TemporaryFile() as stderr:
        try:
            with _captured(log, secrets):
                return papermill.execute_notebook(
                    str(template.path),
                    str(notebook),
                    parameters=parameters,
                    kernel_name=kernel,
                    language="python",
                    progress_bar=False,
                    execution_timeout=timeout,
                    kernel_manager_class=_manager_with(env, stderr),
                )
        except PapermillExecutionError as exc:
            error = redact_text(_ANSI.sub("", f"{exc.ename}: {exc.evalue}"), secrets)
            failure = ReportError(
                template.name, exc.exec_count, _failing_line(exc), error, notebook
            )
            log.append(log_line("ERROR", "report", str(failure), secrets))
            raise failure from None
        finally:
            stderr.seek(0)
            text = stderr.read().decode(errors="replace")
            log += [
                log_line("INFO", "kernel", line, secrets) for line in text.splitlines()
            ]


def _failing_line(exc: Any) -> str:
    """The line of the failing cell that raised, as IPython's traceback
    names it (``Cell In[3], line 4``), else the cell's first line."""
    lines = (exc.source or "").strip().splitlines()
    trace = _ANSI.sub("", "\n".join(exc.traceback or []))
    named = re.search(r"Cell In\[\d+\], line (\d+)", trace)
    if named and 0 < int(named.group(1)) <= len(lines):
        return lines[int(named.group(1)) - 1].strip()
    return lines[0].strip() if lines else ""
