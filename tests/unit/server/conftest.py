"""A jupyter server with the analyst_pa extension, its users, and a source.

The server runs in the test process (pytest-jupyter's ``jp_serverapp``). Its
identity provider knows four users by their tokens, so one server serves the
whole cast:

- alice owns the source ``sales`` (a SQLite file under the root directory);
- bob may use it, through his group ``analysts``;
- dan may manage it, by a grant to him;
- carol has no grant at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.auth.identity import IdentityProvider, User
from pytest_jupyter.jupyter_server import *  # noqa: F403  (pytest-jupyter's fixtures)

PASSWORD = "s3cr3t-Pa55word-xyzzy"
HTTP_TOKEN = "tok-9f8e7d6c5b4a-secret"
TOKENS = {
    "alice-token": ("alice", ()),
    "bob-token": ("bob", ("analysts",)),
    "carol-token": ("carol", ()),
    "dan-token": ("dan", ()),
}


@dataclass
class GroupUser(User):
    groups: tuple[str, ...] = ()


class FakeUsers(IdentityProvider):
    """Users known by their token, with groups, as JupyterHub's would be."""

    def get_user(self, handler: Any) -> User | None:
        header = handler.request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "token" or token not in TOKENS:
            return None
        handler._token_authenticated = True  # no XSRF cookie for API calls
        name, groups = TOKENS[token]
        return GroupUser(username=name, groups=groups)


def auth(user: str | None) -> dict[str, str]:
    """The Authorization header of ``user`` (None: no credential at all)."""
    return {"Authorization": f"token {user}-token" if user else ""}


@pytest.fixture
def sales_db(jp_root_dir: Path) -> Path:
    path = jp_root_dir / "sales.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (id INTEGER, region TEXT, amount REAL)")
        db.executemany(
            "INSERT INTO orders VALUES (?, ?, ?)",
            [(i, ["north", "south", "east"][i % 3], i * 1.5) for i in range(1, 31)],
        )
        db.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    return path


@pytest.fixture
def analyst_config(tmp_path: Path, jp_root_dir: Path) -> dict[str, Any]:
    """AnalystApp settings; tests change them before the server starts."""
    return {
        "store_url": f"sqlite:///{tmp_path / 'registry.sqlite'}",
        "key_file": str(tmp_path / "keys" / "server.key"),
        "runs_dir": str(tmp_path / "server-runs"),
        "allowed_file_roots": [str(jp_root_dir)],
        "allowed_http_hosts": ["api.example.test"],
        "registrars": ["alice", "dan", "group:analysts"],
        "admins": [],
    }


@pytest.fixture
def jp_server_config(analyst_config: dict[str, Any]) -> dict[str, Any]:
    return {
        "ServerApp": {
            "jpserver_extensions": {"analyst_pa.server": True},
            "identity_provider_class": FakeUsers,
        },
        "AnalystApp": analyst_config,
    }


Fetch = Callable[..., Awaitable[Any]]


@pytest.fixture
def api(jp_fetch: Any) -> Fetch:
    """``await api("sources", user="bob", method="POST", body={...})``.

    Never raises on an error status: the response is returned for the test to
    check.
    """

    async def call(
        *path: str, user: str | None = "alice", body: Any = None, **kwargs: Any
    ) -> Any:
        if body is not None:
            kwargs["body"] = json.dumps(body)
        elif kwargs.get("method") in ("POST", "PATCH"):
            kwargs["body"] = "{}"
        return await jp_fetch(
            "analyst", "api", *path, headers=auth(user), raise_error=False, **kwargs
        )

    return call


@pytest.fixture
def sales(api: Fetch, sales_db: Path) -> Callable[[], Awaitable[dict[str, Any]]]:
    """``await sales()`` registers the source ``sales``: alice's, used by bob's
    group, managed by dan. (pytest-jupyter runs async tests, not fixtures.)"""

    async def register() -> dict[str, Any]:
        return await _register_sales(api, sales_db)

    return register


async def _register_sales(api: Fetch, sales_db: Path) -> dict[str, Any]:
    created = await api(
        "sources",
        method="POST",
        body={
            "name": "sales",
            "url": f"sqlite:///{sales_db}",
            "description": "orders by region",
            "options": {"table": "orders"},
        },
    )
    assert created.code == 201, created.body
    for grant in (
        {"group": "analysts", "action": "use"},
        {"user": "dan", "action": "manage"},
    ):
        answer = await api("sources", "sales", "grants", method="POST", body=grant)
        assert answer.code == 201, answer.body
    return json.loads(created.body)


def body(response: Any) -> Any:
    return json.loads(response.body)
