"""REST handlers under ``/analyst/api/``: one class per resource.

Every method is ``@web.authenticated`` and ``@authorized`` with its class's
``auth_resource`` and an action, so an administrator's jupyter-server
authorizer (JupyterHub's, or a custom one) decides first; then the source's
owner and grants decide (:mod:`._permissions`). Requests may also carry a
scoped token (``Authorization: Bearer <jwt>``, see :mod:`._tokens`), which
:func:`accept_scoped_token` turns into a user narrowed to the token's scope.
Failures are ``HTTPError`` with a message that names what was wrong and what
to do; no message carries a credential. The route table is at the bottom.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from tornado import web
from tornado.iostream import StreamClosedError

from analyst_pa.errors import InputError
from analyst_pa.server import _metrics
from analyst_pa.server._permissions import Identity, identity_of
from analyst_pa.server._query import Query, QueryError, QueryRequest
from analyst_pa.server._runs import RunRequest
from analyst_pa.server._sources import NAME, SourceSpec, parse_source
from analyst_pa.server._store import ACTIONS, Grant, RunRow, SourceRow
from analyst_pa.server._tokens import (
    TokenError,
    bearer_token,
    issue_token,
    scoped_user,
    verify_token,
)

if TYPE_CHECKING:
    from analyst_pa.server._app import AnalystApp

__all__ = ["ROUTES"]

SOURCES, RUNS, TOKENS = "analyst_sources", "analyst_runs", "analyst_tokens"
ARROW_STREAM = "application/vnd.apache.arrow.stream"
_CHUNK = 256 * 1024


async def accept_scoped_token(handler: APIHandler) -> None:
    """``APIHandler.prepare``, then accept a scoped token the server did not.

    jupyter-server's identity provider knows nothing of our JWTs and refuses
    them (403); when the request carries one that verifies, its holder is the
    user instead. Bearer tokens come in a header, never in a cookie, so a
    browser cannot be made to send one: the XSRF check is not needed for them.
    """
    token = bearer_token(handler.request.headers.get("Authorization", ""))
    if token is None:
        await APIHandler.prepare(handler)
        return
    try:
        await APIHandler.prepare(handler)
    except web.HTTPError as exc:
        if exc.status_code != 403:
            raise
    if handler.current_user:
        return
    try:
        claims = verify_token(_app(handler).secrets.signing_key, token)
    except TokenError as exc:
        raise web.HTTPError(401, str(exc)) from None
    handler.current_user = handler._jupyter_current_user = scoped_user(claims)
    if not handler.check_origin():
        raise web.HTTPError(404)


class SourcesHandler(APIHandler):
    """``GET`` the sources you may use; ``POST`` registers one."""

    auth_resource = SOURCES
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    def get(self) -> None:
        app, who = _app(self), _identity(self)
        visible = [
            _view(row, app, who)
            for row in app.store.sources()
            if app.policy.allows(who, row, app.store.grants(row.name), "use")
        ]
        self.finish(json.dumps({"sources": visible}))

    @web.authenticated
    @authorized("write")
    def post(self) -> None:
        app, who = _app(self), _identity(self)
        if not app.policy.may_register(who):
            raise web.HTTPError(403, f"{who.name} may not register sources here")
        spec = _checked_spec(app, _body(self))
        row = _sealed(app, spec, owner=who.name)
        if not app.store.add_source(row):
            raise web.HTTPError(409, f"a source named {spec.name!r} exists already")
        self.log.info(
            "analyst_pa: %s registered %s source %s", who.name, spec.kind, spec.name
        )
        _source_event(app, "created", spec.name, who)
        self.set_status(201)
        self.finish(json.dumps(_view(app.store.source(spec.name), app, who)))


class SourceHandler(APIHandler):
    """One source: ``GET`` it (redacted), ``PATCH`` or ``DELETE`` it."""

    auth_resource = SOURCES
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    def get(self, name: str) -> None:
        app = _app(self)
        row = _source(self, name, "use")
        self.finish(json.dumps(_view(row, app, _identity(self))))

    @web.authenticated
    @authorized("write")
    def patch(self, name: str) -> None:
        app, who = _app(self), _identity(self)
        row = _source(self, name, "manage")
        old = _spec(app, row)
        spec = _checked_spec(app, _merged(old, _body(self)), name=name)
        app.store.replace_source(_sealed(app, spec, owner=row.owner))
        self.log.info("analyst_pa: %s updated source %s", who.name, name)
        _source_event(app, "updated", name, who)
        self.finish(json.dumps(_view(app.store.source(name), app, who)))

    @web.authenticated
    @authorized("write")
    def delete(self, name: str) -> None:
        app, who = _app(self), _identity(self)
        _source(self, name, "manage")
        app.store.delete_source(name)
        self.log.info("analyst_pa: %s deleted source %s", who.name, name)
        _source_event(app, "deleted", name, who)
        self.set_status(204)
        self.finish()


class TablesHandler(APIHandler):
    """``GET`` the tables of a SQL source (files and APIs hold one)."""

    auth_resource = SOURCES
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    async def get(self, name: str) -> None:
        app = _app(self)
        spec = _spec(app, _source(self, name, "use"))
        if spec.kind != "sql":
            self.finish(json.dumps({"source": name, "kind": spec.kind, "tables": []}))
            return
        request = QueryRequest(query=_catalog_query(spec.url))
        result = await _read(self, spec, request)
        try:
            import pyarrow as pa

            with pa.memory_map(str(result.path)) as source:
                tables = pa.ipc.open_stream(source).read_all().to_pylist()
        finally:
            result.remove()
        self.finish(json.dumps({"source": name, "kind": "sql", "tables": tables}))


class QueryHandler(APIHandler):
    """``POST`` a read of a source; the rows stream back as Arrow IPC."""

    auth_resource = SOURCES
    prepare = accept_scoped_token
    _query: Query | None = None

    @web.authenticated
    @authorized("read")
    async def post(self, name: str) -> None:
        app = _app(self)
        spec = _spec(app, _source(self, name, "use"))
        try:
            request = QueryRequest.from_json(_body(self))
        except TypeError as exc:
            raise web.HTTPError(400, f"a query takes a JSON object: {exc}") from None
        result = await _read(self, spec, request)
        try:
            self.set_header("Content-Type", ARROW_STREAM)
            self.set_header("X-Analyst-Rows", str(result.rows))
            self.set_header(
                "X-Analyst-Truncated", "true" if result.truncated else "false"
            )
            sent = await _stream(self, result.path)
        finally:
            result.remove()
        _metrics.QUERY_BYTES.labels(spec.kind).inc(sent)
        self.log.info(
            "analyst_pa: %s read %s rows of %s", _identity(self).name, result.rows, name
        )

    def on_connection_close(self) -> None:
        # The kernel was interrupted or went away: stop the read it asked for.
        if self._query is not None:
            self._query.cancel()


class GrantsHandler(APIHandler):
    """A source's grants: ``GET``, ``POST`` one, ``DELETE`` one."""

    auth_resource = SOURCES
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    def get(self, name: str) -> None:
        row = _source(self, name, "manage")
        grants = [grant.to_json() for grant in _app(self).store.grants(name)]
        self.finish(json.dumps({"source": name, "owner": row.owner, "grants": grants}))

    @web.authenticated
    @authorized("write")
    def post(self, name: str) -> None:
        app, who = _app(self), _identity(self)
        _source(self, name, "manage")
        grant = _grant(_body(self))
        app.store.add_grant(name, grant)
        self.log.info(
            "analyst_pa: %s granted %s on %s to %s %s",
            who.name, grant.action, name, grant.principal_kind, grant.principal,
        )  # fmt: skip
        _source_event(app, "granted", name, who, grant)
        self.set_status(201)
        self.finish(json.dumps(grant.to_json()))

    @web.authenticated
    @authorized("write")
    def delete(self, name: str) -> None:
        app, who = _app(self), _identity(self)
        _source(self, name, "manage")
        query = {
            key: self.get_query_argument(key, None)
            for key in ("user", "group", "action")
        }
        grant = _grant({key: value for key, value in query.items() if value})
        if not app.store.remove_grant(name, grant):
            raise web.HTTPError(404, f"source {name!r} has no such grant")
        _source_event(app, "revoked", name, who, grant)
        self.set_status(204)
        self.finish()


class RunsHandler(APIHandler):
    """``GET`` your report runs; ``POST`` starts one in the background."""

    auth_resource = RUNS
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    def get(self) -> None:
        app, who = _app(self), _identity(self)
        owner = None if app.policy.is_admin(who) else who.name
        runs = [_run_view(row) for row in app.store.runs(owner)]
        self.finish(json.dumps({"runs": runs}))

    @web.authenticated
    @authorized("execute")
    def post(self) -> None:
        app, who = _app(self), _identity(self)
        try:
            request = RunRequest.from_json(_body(self))
            _check_template(request.template)
        except ValueError as exc:
            raise web.HTTPError(400, str(exc)) from None
        _source(self, request.source, "use")
        row = RunRow(
            id=_new_run_id(),
            owner=who.name,
            source=request.source,
            template=request.template,
            format=request.format,
            state="queued",
            parameters=request.parameters or {},
        )
        token, _ = issue_token(
            app.secrets.signing_key,
            who,
            [request.source],
            ["use"],
            app.token_lifetime_for(app.max_token_lifetime),
            _hub_scopes(self),
        )
        app.runs.start(row, token)
        self.log.info(
            "analyst_pa: %s started report run %s on %s", who.name, row.id, row.source
        )
        self.set_status(202)
        self.set_header("Location", self.request.path.rstrip("/") + f"/{row.id}")
        self.finish(json.dumps(_run_view(row)))


class RunHandler(APIHandler):
    """``GET`` the state of one report run."""

    auth_resource = RUNS
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    def get(self, run_id: str) -> None:
        self.finish(json.dumps(_run_view(_run(self, run_id))))


class RunOutputHandler(APIHandler):
    """``GET`` the report of a finished run."""

    auth_resource = RUNS
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("read")
    async def get(self, run_id: str) -> None:
        row = _run(self, run_id)
        if row.state != "succeeded" or not row.output:
            raise web.HTTPError(409, f"run {run_id} is {row.state}: it has no report")
        types = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
        self.set_header("Content-Type", types[row.format])
        self.set_header(
            "Content-Disposition",
            f'inline; filename="{row.source}-{row.template}.{row.format}"',
        )
        await _stream(self, _app(self).runs.output_path(row))

    @property
    def content_security_policy(self) -> str:
        # A report is content, not the application: keep its scripts (if
        # any) away from the server's origin.
        return super().content_security_policy + "; sandbox allow-scripts"


class TokensHandler(APIHandler):
    """``POST`` issues a short-lived token scoped to sources and actions."""

    auth_resource = TOKENS
    prepare = accept_scoped_token

    @web.authenticated
    @authorized("write")
    def post(self) -> None:
        app, who = _app(self), _identity(self)
        if who.scoped:
            raise web.HTTPError(403, "a scoped token cannot issue tokens")
        body = _body(self)
        sources, actions = _names(body, "sources"), _names(body, "actions", ["use"])
        unknown = sorted(set(actions) - set(ACTIONS))
        if unknown or not sources:
            raise web.HTTPError(
                400,
                "a token needs sources (a list of source names) and actions from "
                f"{', '.join(ACTIONS)}"
                + (f"; unknown: {', '.join(unknown)}" if unknown else ""),
            )
        for name in sources:
            for action in actions:
                _source(self, name, action)
        try:
            lifetime = app.token_lifetime_for(body.get("expires_in"))
        except (TypeError, ValueError) as exc:
            raise web.HTTPError(400, str(exc)) from None
        token, expires = issue_token(
            app.secrets.signing_key, who, sources, actions, lifetime, _hub_scopes(self)
        )
        self.log.info(
            "analyst_pa: %s got a token for %s (%s) until %s",
            who.name, ", ".join(sources), ", ".join(actions), expires.isoformat(),
        )  # fmt: skip
        self.set_status(201)
        self.finish(
            json.dumps(
                {
                    "token": token,
                    "expires_at": expires.isoformat(),
                    "sources": sorted(sources),
                    "actions": sorted(actions),
                    "env": "ANALYST_PA_TOKEN",
                }
            )
        )


def _app(handler: APIHandler) -> AnalystApp:
    from analyst_pa.server._app import SETTINGS_KEY

    app: AnalystApp = handler.settings[SETTINGS_KEY]
    return app


def _identity(handler: APIHandler) -> Identity:
    return identity_of(
        handler.current_user, handler.identity_provider, _app(handler).owner_name
    )


def _hub_scopes(handler: APIHandler) -> list[str]:
    hub_user = getattr(handler.current_user, "hub_user", None) or {}
    return list(hub_user.get("scopes", []))


def _body(handler: APIHandler) -> dict[str, Any]:
    try:
        body = json.loads(handler.request.body or b"{}")
    except ValueError as exc:
        raise web.HTTPError(400, f"the request body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise web.HTTPError(400, "the request body must be a JSON object")
    return body


def _source(handler: APIHandler, name: str, action: str) -> SourceRow:
    """The source ``name`` if the user may ``action`` it; else 404 or 403."""
    app, who = _app(handler), _identity(handler)
    row = app.store.source(name)
    if row is None:
        raise web.HTTPError(404, f"no source named {name!r}; GET sources lists yours")
    if not app.policy.allows(who, row, app.store.grants(name), action):
        raise web.HTTPError(
            403,
            f"{who.name} may not {action} source {name!r}"
            + ("" if who.in_scope(name, action) else " with this token")
            + f"; ask its owner ({row.owner}) for a grant",
        )
    return row


def _spec(app: AnalystApp, row: SourceRow) -> SourceSpec:
    sealed = app.secrets.decrypt(row.sealed)
    return SourceSpec(
        row.name,
        row.kind,
        sealed["url"],
        row.description,
        row.options,
        sealed["secrets"],
    )


def _sealed(app: AnalystApp, spec: SourceSpec, owner: str) -> SourceRow:
    return SourceRow(
        name=spec.name,
        kind=spec.kind,
        shown_url=spec.shown_url,
        sealed=app.secrets.encrypt({"url": spec.url, "secrets": spec.secrets}),
        owner=owner,
        description=spec.description,
        options=spec.options,
    )


def _checked_spec(
    app: AnalystApp, body: dict[str, Any], name: str | None = None
) -> SourceSpec:
    try:
        spec = parse_source(body, name)
        app.confinement.check(spec)
    except InputError as exc:
        raise web.HTTPError(400, str(exc)) from None
    return spec


def _merged(old: SourceSpec, body: dict[str, Any]) -> dict[str, Any]:
    """The body of a PATCH over ``old``; secrets stay only where they were sent."""
    if "name" in body and body["name"] != old.name:
        raise web.HTTPError(400, "a source cannot be renamed; register it anew")
    merged = {
        "url": old.url,
        "description": old.description,
        "options": old.options,
        "secrets": old.secrets,
        **body,
    }
    merged.pop("name", None)
    if "url" in body and not _same_place(old.url, str(body["url"])):
        # The credentials were for that host: never carried to another one.
        merged["secrets"] = body.get("secrets") or {}
    elif "url" in body:
        merged["url"] = _keep_password(old.url, str(body["url"]))
    return merged


def _same_place(old: str, new: str) -> bool:
    from urllib.parse import urlsplit

    a, b = urlsplit(old), urlsplit(new)
    return (a.scheme, a.hostname, a.port, a.username) == (
        b.scheme,
        b.hostname,
        b.port,
        b.username,
    )


def _keep_password(old: str, new: str) -> str:
    from urllib.parse import urlsplit

    password = urlsplit(old).password
    if not password or urlsplit(new).password:
        return new
    import sqlalchemy as sa

    try:
        url = sa.make_url(new).set(password=sa.make_url(old).password)
    except sa.exc.ArgumentError:
        return new
    return url.render_as_string(hide_password=False)


def _view(row: SourceRow | None, app: AnalystApp, who: Identity) -> dict[str, Any]:
    """What anyone who may use a source sees of it: no credential."""
    assert row is not None
    sealed = app.secrets.decrypt(row.sealed)
    return {
        "name": row.name,
        "kind": row.kind,
        "url": row.shown_url,
        "description": row.description,
        "options": row.options,
        "secrets": sorted(sealed["secrets"])
        + (["password"] if ":***@" in row.shown_url else []),
        "owner": row.owner,
        "can_manage": app.policy.allows(who, row, app.store.grants(row.name), "manage"),
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # SQLite gives back naive datetimes; every time stored here is UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _grant(body: dict[str, Any]) -> Grant:
    principals = [key for key in ("user", "group") if body.get(key)]
    action = body.get("action", "use")
    if (
        len(principals) != 1
        or action not in ACTIONS
        or set(body) - {"user", "group", "action"}
    ):
        raise web.HTTPError(
            400,
            'a grant is {"user": NAME} or {"group": NAME}, with "action": "use" or '
            f'"manage"; got {sorted(body)}',
        )
    kind = principals[0]
    return Grant(kind, str(body[kind]), action)  # type: ignore[arg-type]


def _names(
    body: dict[str, Any], key: str, default: list[str] | None = None
) -> list[str]:
    value = body.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise web.HTTPError(400, f"{key} must be a list of names, got {value!r}")
    return value


async def _read(handler: Any, spec: SourceSpec, request: QueryRequest) -> Any:
    app = _app(handler)
    try:
        app.confinement.check(spec)
    except InputError as exc:
        _metrics.QUERIES.labels(spec.kind, "refused").inc()
        raise web.HTTPError(403, str(exc)) from None
    handler._query = query = Query(spec, request, app.limits)
    with _metrics.QUERY_SECONDS.labels(spec.kind).time():
        try:
            result = await query.run()
        except QueryError as exc:
            _metrics.QUERIES.labels(spec.kind, exc.outcome).inc()
            raise web.HTTPError(exc.status, exc.message) from None
    _metrics.QUERIES.labels(spec.kind, "ok").inc()
    return result


async def _stream(handler: APIHandler, path: Any) -> int:
    sent = 0
    try:
        with open(path, "rb") as file:
            while chunk := file.read(_CHUNK):
                handler.write(chunk)
                await handler.flush()
                sent += len(chunk)
    except StreamClosedError:
        return sent  # the client went away; nothing more to send
    handler.finish()
    return sent


def _catalog_query(url: str) -> str:
    backend = url.split(":", 1)[0].split("+", 1)[0]
    if backend == "sqlite":
        return (
            'SELECT NULL AS "schema", name AS "name" FROM sqlite_master '
            "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return (
        'SELECT table_schema AS "schema", table_name AS "name" '
        "FROM information_schema.tables WHERE table_schema NOT IN "
        "('pg_catalog', 'information_schema') ORDER BY table_schema, table_name"
    )


def _check_template(name: str) -> None:
    from analyst_pa.reports import list_templates

    known = [template.name for template in list_templates()]
    if name not in known:
        raise ValueError(
            f"no report template {name!r}; the templates are: {', '.join(known)}"
        )


def _new_run_id() -> str:
    from analyst_pa.runs import new_run_id

    return new_run_id()


def _run(handler: APIHandler, run_id: str) -> RunRow:
    app, who = _app(handler), _identity(handler)
    row = app.store.run(run_id)
    if row is None:
        raise web.HTTPError(404, f"no run {run_id!r}; GET runs lists yours")
    if row.owner != who.name and not app.policy.is_admin(who):
        raise web.HTTPError(403, f"run {run_id} is {row.owner}'s, not {who.name}'s")
    return row


def _run_view(row: RunRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": row.state,
        "source": row.source,
        "template": row.template,
        "to": row.format,
        "parameters": row.parameters,
        "owner": row.owner,
        "error": row.error,
        "has_output": bool(row.output) and row.state == "succeeded",
        "created_at": _iso(row.created_at),
        "finished_at": _iso(row.finished_at),
    }


def _source_event(
    app: AnalystApp, action: str, name: str, who: Identity, grant: Grant | None = None
) -> None:
    from analyst_pa.server._app import SOURCE_EVENT

    data = {"action": action, "source": name, "user": who.name}
    if grant is not None:
        prefix = "group:" if grant.principal_kind == "group" else ""
        data |= {"principal": prefix + grant.principal, "grant_action": grant.action}
    app.emit(SOURCE_EVENT, data)


_NAME = r"(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]{0,63})"
_RUN_ID = r"(?P<run_id>[A-Za-z0-9_-]{1,64})"
assert NAME.pattern.strip("^$") in _NAME  # one definition of a source name

ROUTES: list[tuple[str, type[APIHandler]]] = [
    (r"/analyst/api/sources", SourcesHandler),
    (rf"/analyst/api/sources/{_NAME}", SourceHandler),
    (rf"/analyst/api/sources/{_NAME}/tables", TablesHandler),
    (rf"/analyst/api/sources/{_NAME}/query", QueryHandler),
    (rf"/analyst/api/sources/{_NAME}/grants", GrantsHandler),
    (r"/analyst/api/runs", RunsHandler),
    (rf"/analyst/api/runs/{_RUN_ID}", RunHandler),
    (rf"/analyst/api/runs/{_RUN_ID}/output", RunOutputHandler),
    (r"/analyst/api/tokens", TokensHandler),
]
