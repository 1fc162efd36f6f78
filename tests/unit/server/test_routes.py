"""Every route and method refuses who it must: enumerated from the route table.

For each (route, method) of ``handlers.ROUTES`` a case says who has the grant
it needs and what request to send. A request with no credential is refused
(403), a user without the grant is refused (403, or for a listing, does not
see the item), a user with the grant succeeds (2xx). A route or method added
without a case here fails ``test_every_route_and_method_has_a_case``.

Every response of every case is scanned for the source's secrets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from analyst_pa.server import _runs
from analyst_pa.server._store import RunRow
from analyst_pa.server.handlers import ROUTES
from tests.unit.server.conftest import HTTP_TOKEN, PASSWORD, body

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Case:
    path: tuple[str, ...]
    granted: str  # the user holding what the request needs
    body: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)
    listing: bool = False  # an ungranted user gets 200 without the item


CASES: dict[tuple[str, str], Case] = {
    ("/analyst/api/sources", "get"): Case(("sources",), "bob", listing=True),
    ("/analyst/api/sources", "post"): Case(
        ("sources",), "bob", {"name": "more", "url": "sqlite:///{db}"}
    ),
    ("/analyst/api/sources/{name}", "get"): Case(("sources", "sales"), "bob"),
    ("/analyst/api/sources/{name}", "patch"): Case(
        ("sources", "sales"), "dan", {"description": "changed"}
    ),
    ("/analyst/api/sources/{name}", "delete"): Case(("sources", "sales"), "dan"),
    ("/analyst/api/sources/{name}/tables", "get"): Case(
        ("sources", "sales", "tables"), "bob"
    ),
    ("/analyst/api/sources/{name}/query", "post"): Case(
        ("sources", "sales", "query"), "bob", {"max_rows": 2}
    ),
    ("/analyst/api/sources/{name}/grants", "get"): Case(
        ("sources", "sales", "grants"), "dan"
    ),
    ("/analyst/api/sources/{name}/grants", "post"): Case(
        ("sources", "sales", "grants"), "dan", {"user": "erin", "action": "use"}
    ),
    ("/analyst/api/sources/{name}/grants", "delete"): Case(
        ("sources", "sales", "grants"),
        "dan",
        params={"group": "analysts", "action": "use"},
    ),
    ("/analyst/api/runs", "get"): Case(("runs",), "alice", listing=True),
    ("/analyst/api/runs", "post"): Case(("runs",), "bob", {"source": "sales"}),
    ("/analyst/api/runs/{run_id}", "get"): Case(("runs", "{run}"), "alice"),
    ("/analyst/api/runs/{run_id}/output", "get"): Case(
        ("runs", "{run}", "output"), "alice"
    ),
    ("/analyst/api/tokens", "post"): Case(
        ("tokens",), "bob", {"sources": ["sales"], "actions": ["use"]}
    ),
}


def _plain(pattern: str) -> str:
    for group in ("name", "run_id"):
        pattern = pattern.replace(f"(?P<{group}>", "{" + group + "}(")
    while "(" in pattern:  # drop the regular expressions after the names
        start = pattern.index("(")
        end = pattern.index(")", start)
        pattern = pattern[:start] + pattern[end + 1 :]
    return pattern


def _route_methods() -> list[tuple[str, str]]:
    found = []
    for pattern, handler in ROUTES:
        for method in METHODS:
            if method in handler.__dict__:
                found.append((_plain(pattern), method))
    return found


def test_every_route_and_method_has_a_case():
    missing = sorted(set(_route_methods()) - set(CASES))
    assert not missing, f"add a case to CASES for {missing}"
    assert len(CASES) == len(_route_methods())


def test_every_handler_method_is_authenticated_and_authorized():
    # @web.authenticated and @authorized both wrap the method (functools.wraps
    # keeps the chain in __wrapped__); a method with neither has no wrapper.
    for _pattern, handler in ROUTES:
        for method in METHODS:
            function = handler.__dict__.get(method)
            if function is not None:
                assert hasattr(function, "__wrapped__"), (handler, method)
                assert hasattr(function.__wrapped__, "__wrapped__"), (handler, method)
        assert handler.auth_resource.startswith("analyst_"), handler


@pytest.fixture
def finished_run(jp_serverapp: Any, tmp_path: Path) -> str:
    """A succeeded report run of alice's, recorded with its output."""
    from analyst_pa.server._app import SETTINGS_KEY

    app = jp_serverapp.web_app.settings[SETTINGS_KEY]
    row = RunRow("20261203T120000-abcdef", "alice", "sales", "analysis", "html", "x")
    output = app.runs.output_path(row)
    output.parent.mkdir(parents=True)
    output.write_text("<html><body>the report</body></html>")
    row.state, row.output = "succeeded", str(output)
    app.store.add_run(row)
    return row.id


@pytest.fixture
def no_report_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs finish at once with a fake report: these tests are about access."""

    async def fake_child(self: Any, row: RunRow, token: str) -> tuple[str, None]:
        path = self.output_path(row)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<html>fake</html>")
        return str(path), None

    monkeypatch.setattr(_runs.RunWorker, "_child", fake_child)


def _request(case: Case, sales_db: Path, run_id: str) -> dict[str, Any]:
    path = tuple(part.replace("{run}", run_id) for part in case.path)
    text = json.dumps(case.body).replace("{db}", str(sales_db)) if case.body else None
    kwargs: dict[str, Any] = {"params": case.params}
    if text is not None:
        kwargs["body"] = json.loads(text)
    return {"path": path, "kwargs": kwargs}


@pytest.mark.parametrize("route", sorted(CASES), ids=lambda r: f"{r[1]} {r[0]}")
async def test_route_refuses_the_ungranted_and_serves_the_granted(
    route, api, sales, sales_db, finished_run, no_report_processes, jp_logging_stream
):
    await sales()
    case = CASES[route]
    method = route[1].upper()
    request = _request(case, sales_db, finished_run)
    responses = []

    anonymous = await api(
        *request["path"], user=None, method=method, **request["kwargs"]
    )
    responses.append(anonymous)
    assert anonymous.code == 403, anonymous.body

    carol = await api(
        *request["path"], user="carol", method=method, **request["kwargs"]
    )
    responses.append(carol)
    if case.listing:
        assert carol.code == 200
        assert (
            "sales" not in carol.body.decode()
            and finished_run not in carol.body.decode()
        )
    else:
        assert carol.code == 403, carol.body

    granted = await api(
        *request["path"], user=case.granted, method=method, **request["kwargs"]
    )
    responses.append(granted)
    assert 200 <= granted.code < 300, granted.body
    if case.listing:
        assert "sales" in granted.body.decode() or finished_run in granted.body.decode()

    for response in responses:
        assert PASSWORD not in response.body.decode(errors="replace")
        assert HTTP_TOKEN not in response.body.decode(errors="replace")
    assert PASSWORD not in jp_logging_stream.getvalue()


async def test_a_user_with_use_cannot_manage(api, sales):
    await sales()
    for method, path, payload in [
        ("PATCH", ("sources", "sales"), {"description": "mine now"}),
        ("DELETE", ("sources", "sales"), None),
        ("GET", ("sources", "sales", "grants"), None),
        ("POST", ("sources", "sales", "grants"), {"user": "bob", "action": "manage"}),
    ]:
        response = await api(*path, user="bob", method=method, body=payload)
        assert response.code == 403, (method, path)
        assert "ask its owner (alice)" in body(response)["message"]


async def test_a_missing_source_is_404_for_everyone_who_is_signed_in(api):
    response = await api("sources", "nothing", user="carol")
    assert response.code == 404
    assert "no source named 'nothing'" in body(response)["message"]
