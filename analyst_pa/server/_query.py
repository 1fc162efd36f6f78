"""Read a server source for a client, within limits, as an Arrow IPC stream.

Each read runs :func:`analyst_pa.sources.load` in a child process (forked from
a forkserver that has pandas, pyarrow and SQLAlchemy imported already), which
writes the rows as an Arrow IPC stream to a private temporary file. A child
process, rather than a thread, because it can be stopped whatever it is
waiting on: when the time limit passes, when the client goes away (the kernel
was interrupted) or when the server stops. PostgreSQL also gets a
``statement_timeout``, so the database itself stops a query whose client was
killed.

SQL from users must be one read-only SELECT (``_read_only`` through the SQL
reader, which also opens the database read-only); parameters are bound by
sqlglot as literals, never pasted into the text; a table name is looked up
among the database's tables and quoted. Rows are capped at ``max_rows`` (the
response says when rows were left out) and the Arrow data at ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from analyst_pa.server._sources import SourceSpec, masked
from analyst_pa.sources._redact import redact

__all__ = ["Limits", "Query", "QueryError", "QueryRequest", "QueryResult"]

_DIALECTS = {"sqlite": "sqlite", "duckdb": "duckdb", "postgresql": "postgres"}
_PRELOAD = ["analyst_pa.sources._sql", "pandas", "pyarrow", "sqlalchemy"]
_context: Any = None


@dataclass(frozen=True)
class Limits:
    """The server's limits on one read."""

    max_rows: int
    max_bytes: int
    timeout: float
    http_hosts: tuple[str, ...] = ()


@dataclass
class QueryRequest:
    """What a client asks of a source: ``POST sources/{name}/query``'s body."""

    table: str | None = None
    schema: str | None = None
    query: str | None = None
    params: dict[str, Any] | list[Any] | None = None
    max_rows: int | None = None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> QueryRequest:
        unknown = sorted(set(body) - set(cls.__dataclass_fields__))
        if unknown:
            raise QueryError(
                400,
                f"a query takes no {', '.join(map(repr, unknown))}; it takes: "
                "table, schema, query, params, max_rows",
            )
        request = cls(**body)
        for name in ("table", "schema", "query"):
            value = getattr(request, name)
            if value is not None and not isinstance(value, str):
                raise QueryError(400, f"{name} must be text, got {value!r}")
        if request.params is not None and not isinstance(request.params, dict | list):
            raise QueryError(400, "params must be a JSON object or array")
        if request.max_rows is not None and (
            not isinstance(request.max_rows, int) or request.max_rows < 1
        ):
            raise QueryError(
                400, f"max_rows must be 1 or more, got {request.max_rows!r}"
            )
        return request


@dataclass
class QueryResult:
    """Where the Arrow IPC stream of a finished read is, and what it holds."""

    path: Path
    rows: int
    truncated: bool
    directory: Path = field(repr=False)

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class QueryError(Exception):
    """A read that failed or was refused; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str, outcome: str = "refused") -> None:
        super().__init__(message)
        self.status, self.message, self.outcome = status, message, outcome


class Query:
    """One read of ``spec`` for ``request`` within ``limits``, cancellable."""

    def __init__(self, spec: SourceSpec, request: QueryRequest, limits: Limits) -> None:
        self.spec, self.request, self.limits = spec, request, limits
        self._process: Any = None
        self._shown = spec.shown_url
        self.cancelled = False

    async def run(self) -> QueryResult:
        """Read the source in a child process; raise QueryError on failure."""
        source, options = reader_arguments(self.spec, self.request, self.limits)
        self._shown = redact(source)
        max_rows = min(
            self.request.max_rows or self.limits.max_rows, self.limits.max_rows
        )
        directory = Path(tempfile.mkdtemp(prefix="analyst_pa-query-"))
        path = directory / "rows.arrows"
        receiver, sender = _forkserver().Pipe(duplex=False)
        self._process = _forkserver().Process(
            target=_read_in_child,
            args=(source, options, max_rows, self.limits.max_bytes, str(path), sender),
            daemon=True,
        )
        try:
            self._process.start()
            sender.close()
            answer = await self._wait(receiver)
        except BaseException:
            self.cancel()
            shutil.rmtree(directory, ignore_errors=True)
            raise
        finally:
            receiver.close()
        return self._result(answer, path, directory)

    def cancel(self) -> None:
        """Stop the read now; its client went away or the server stops."""
        process, self.cancelled = self._process, True
        if process is not None and process.is_alive():
            process.kill()

    async def _wait(self, receiver: Connection) -> tuple[Any, ...]:
        ready = await asyncio.to_thread(receiver.poll, self.limits.timeout)
        if not ready:
            self.cancel()
            raise QueryError(
                504,
                f"the read took longer than the limit of {self.limits.timeout:g} s "
                "and was stopped; ask for fewer rows (max_rows, a narrower query), "
                "or ask the administrator about AnalystApp.query_timeout",
                "timeout",
            )
        try:
            answer: tuple[Any, ...] = receiver.recv()
        except EOFError as exc:  # killed: cancelled, or it crashed
            outcome = "cancelled" if self.cancelled else "failed"
            raise QueryError(
                499, "the read was stopped before it finished", outcome
            ) from exc
        finally:
            await asyncio.to_thread(self._process.join, 5)
        return answer

    def _result(
        self, answer: tuple[Any, ...], path: Path, directory: Path
    ) -> QueryResult:
        kind = answer[0]
        if kind == "ok":
            return QueryResult(path, answer[1], answer[2], directory)
        shutil.rmtree(directory, ignore_errors=True)
        # Messages name the source as the reader saw it: show the registered
        # URL instead, without the settings added here.
        message = masked(str(answer[1]), self.spec)
        message = message.replace(self._shown, self.spec.shown_url)
        if kind == "too_large":
            raise QueryError(413, message, "too_large")
        if kind == "refused":
            raise QueryError(400, message, "refused")
        raise QueryError(502, message, "failed")


def reader_arguments(
    spec: SourceSpec, request: QueryRequest, limits: Limits
) -> tuple[str, dict[str, Any]]:
    """Return the source and options to give :func:`analyst_pa.load`."""
    options = spec.reader_options()
    asks_sql = request.table or request.query or request.schema or request.params
    if spec.kind != "sql":
        if asks_sql:
            raise QueryError(
                400,
                f"source {spec.name!r} is a {spec.kind} source: table, schema, query "
                "and params apply to SQL sources only",
            )
        options["max_bytes"] = limits.max_bytes
        if spec.kind == "http":
            options["timeout"] = min(float(options.get("timeout", 30)), limits.timeout)
            # Checked on every request, so a redirect or a next-page link
            # cannot lead the server to a host outside the allowed ones.
            options["allowed_hosts"] = limits.http_hosts
        return spec.url, options
    return _sql_arguments(spec, request, limits, options)


def _sql_arguments(
    spec: SourceSpec, request: QueryRequest, limits: Limits, options: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    import sqlalchemy as sa

    url = sa.make_url(
        "postgresql" + spec.url.removeprefix("postgres")
        if spec.url.startswith("postgres:")
        else spec.url
    )
    if request.table or request.query:
        options.pop("table", None)
        options.pop("query", None)
    for name in ("table", "schema"):
        if getattr(request, name):
            options[name] = getattr(request, name)
    if request.query:
        options["query"] = _bind(request.query, request.params, url.get_backend_name())
    elif request.params:
        raise QueryError(400, "params are for a query; pass query= with placeholders")
    max_rows = min(request.max_rows or limits.max_rows, limits.max_rows)
    options["max_rows"] = max_rows + 1  # one more, to tell when rows were left out
    if url.get_backend_name() == "postgresql":
        url = _with_statement_timeout(url, limits.timeout)
    return url.render_as_string(hide_password=False), options


def _with_statement_timeout(url: Any, seconds: float) -> Any:
    # libpq's "options" reach the server as settings for the session: the
    # statement timeout, and (PostgreSQL 14+) a check every second that the
    # client is still there, so a killed read stops its query too.
    setting = (
        f"-c statement_timeout={max(int(seconds * 1000), 1)} "
        "-c client_connection_check_interval=1000"
    )
    given = url.query.get("options")
    if isinstance(given, tuple):
        given = " ".join(given)
    return url.update_query_dict(
        {"options": f"{given} {setting}" if given else setting}
    )


def _bind(query: str, params: Any, backend: str) -> str:
    """Return ``query`` with its placeholders replaced by literals of ``params``.

    sqlglot turns each value into a literal node of the syntax tree, quoted
    and escaped by the dialect: a value can never become SQL.
    """
    if not params:
        return query
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    values = list(params.values() if isinstance(params, dict) else params)
    for value in values:
        if value is not None and not isinstance(value, str | int | float | bool):
            raise QueryError(
                400, f"a parameter is text, a number, true, false or null: {value!r}"
            )
    dialect = _DIALECTS.get(backend)
    try:
        tree = sqlglot.parse_one(query, read=dialect)
    except SqlglotError as exc:
        problem = str(exc).splitlines()[0]
        raise QueryError(400, f"the query is not valid SQL: {problem}") from exc
    if isinstance(params, dict):
        bound = exp.replace_placeholders(tree, **params)
    else:
        bound = exp.replace_placeholders(tree, *params)
    left = len(list(bound.find_all(exp.Placeholder)))
    if left:
        raise QueryError(400, f"{left} placeholder(s) of the query have no value")
    text: str = bound.sql(dialect=dialect)
    return text


def _forkserver() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOAD)
    return _context


def _read_in_child(
    source: str,
    options: dict[str, Any],
    max_rows: int,
    max_bytes: int,
    path: str,
    answer: Connection,
) -> None:
    """Read the source and write its rows to ``path``; runs in the child."""
    from analyst_pa.errors import InputError

    try:
        answer.send(_write_rows(source, options, max_rows, max_bytes, path))
    except InputError as exc:
        answer.send(("refused", str(exc)))
    except Exception as exc:  # anything a reader or pyarrow raises
        answer.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        with contextlib.suppress(OSError):
            answer.close()


def _write_rows(
    source: str, options: dict[str, Any], max_rows: int, max_bytes: int, path: str
) -> tuple[Any, ...]:
    import pyarrow as pa

    from analyst_pa.sources import load

    frame = load(source, **options)
    truncated = len(frame) > max_rows
    frame = frame.iloc[:max_rows]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if table.nbytes > max_bytes:
        return (
            "too_large",
            f"the rows take {table.nbytes:,} bytes, more than the limit of "
            f"{max_bytes:,}; ask for fewer rows or columns",
        )
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=65_536)
    return ("ok", len(frame), truncated)
