"""Sharing a source on JupyterHub: alice shares, bob uses, carol cannot.

A real JupyterHub (dummy authenticator, simple local spawner) with
configurable-http-proxy from npm runs on local ports, started and stopped by
the test. The analyst_pa extension runs in a jupyter server that the hub
manages as the service ``analyst`` (``jupyterhub-singleuser`` as a shared
server): the hub identifies every caller, with their groups, and the
credentials stay in the service's store, out of the users' servers. Each
user's kernel reaches it with its hub token, as a kernel in a spawned server
would (``ANALYST_PA_SERVER_URL`` and ``JUPYTERHUB_API_TOKEN``).

- alice registers a PostgreSQL source whose URL holds a password, and grants
  ``use`` to the group ``analysts``;
- bob, in ``analysts``, loads it by name and sees its URL only redacted; he
  cannot see or change its grants;
- carol can neither see it nor load it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.postgres import table_for_role

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PG = "postgresql://postgres@127.0.0.1:5432/test"
ROLE, PASSWORD = "analyst_test", "hub-Pa55-" + uuid.uuid4().hex[:12]
USERS = ("alice", "bob", "carol")
START_TIMEOUT = 90  # seconds for the hub, the proxy and the service to answer


def _proxy_command() -> str:
    found = os.environ.get("CONFIGURABLE_HTTP_PROXY") or shutil.which(
        "configurable-http-proxy"
    )
    if not found:
        pytest.skip(
            "configurable-http-proxy is not installed (npm install -g "
            "configurable-http-proxy, or set CONFIGURABLE_HTTP_PROXY to its path)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Hub:
    url: str
    tokens: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path
    service_log: Path

    @property
    def service(self) -> str:
        return f"{self.url}services/analyst/"

    def call(self, user: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"token {self.tokens[user]}"}
        return httpx.request(
            method, f"{self.service}analyst/api/{path}", headers=headers, timeout=60,
            **kwargs,
        )  # fmt: skip


@pytest.fixture(scope="module")
def pg(postgres_engine: Any) -> Iterator[str]:
    select = "SELECT g AS id, g * 2.5 AS amount FROM generate_series(1, 50) AS g"
    table = f"hub_orders_{uuid.uuid4().hex[:8]}"
    with table_for_role(postgres_engine, table, select, ROLE, PASSWORD):
        yield table


def _write_config(tmp: Path, proxy: str) -> tuple[Path, int]:
    public, hub, proxy_api, service = (_free_port() for _ in range(4))
    admin_token = uuid.uuid4().hex
    service_config = tmp / "service-config"
    service_config.mkdir()
    (tmp / "service-root").mkdir()
    (service_config / "jupyter_server_config.json").write_text(
        json.dumps(
            {
                "ServerApp": {
                    "jpserver_extensions": {"analyst_pa.server": True},
                    "root_dir": str(tmp / "service-root"),
                },
                "AnalystApp": {
                    "store_url": f"sqlite:///{tmp / 'registry.sqlite'}",
                    "key_file": str(tmp / "analyst.key"),
                },
            }
        )
    )
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    config = f"""
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {public}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub}
c.JupyterHub.db_url = "sqlite:///{tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = "{tmp / "cookie_secret"}"
c.JupyterHub.pid_file = "{tmp / "hub.pid"}"
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.pid_file = "{tmp / "proxy.pid"}"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.Authenticator.allowed_users = {set(USERS)!r}
c.JupyterHub.load_groups = {{"analysts": {{"users": ["bob"]}}}}
c.JupyterHub.services = [
    {{
        "name": "analyst",
        "url": "http://127.0.0.1:{service}",
        "command": [{sys.executable!r}, "-m", "jupyterhub.singleuser", *{root!r}],
        "environment": {{
            "JUPYTER_CONFIG_DIR": "{service_config}",
            "JUPYTER_RUNTIME_DIR": "{tmp / "service-runtime"}",
            "JUPYTER_DATA_DIR": "{tmp / "service-data"}",
        }},
        "oauth_no_confirm": True,
    }},
    {{"name": "tester", "api_token": "{admin_token}"}},
]
c.JupyterHub.load_roles = [
    {{
        "name": "analyst-users",
        "users": {list(USERS)!r},
        "scopes": ["access:services!service=analyst"],
    }},
    {{"name": "admin", "services": ["tester"]}},
]
"""
    path = tmp / "jupyterhub_config.py"
    path.write_text(config)
    (tmp / "admin_token").write_text(admin_token)
    return path, public


def _wait(check: Any, what: str, logs: list[Path]) -> None:
    for _ in range(START_TIMEOUT * 5):
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    tails = "\n".join(p.read_text()[-3000:] for p in logs if p.exists())
    raise RuntimeError(f"{what} did not answer in time:\n{tails}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, pg: str) -> Iterator[Hub]:
    proxy = _proxy_command()
    pytest.importorskip("jupyterhub")
    tmp = tmp_path_factory.mktemp("hub")
    config, port = _write_config(tmp, proxy)
    log = tmp / "hub.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=tmp,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    admin = {"Authorization": f"token {(tmp / 'admin_token').read_text()}"}
    try:
        _wait(
            lambda: httpx.get(f"{url}hub/api/", timeout=5).status_code == 200,
            "the hub",
            [log],
        )
        tokens = {}
        for user in USERS:
            answer = httpx.post(
                f"{url}hub/api/users/{user}/tokens",
                headers=admin,
                json={"note": "analyst_pa sharing test"},
                timeout=30,
            )
            assert answer.status_code in (200, 201), answer.text
            tokens[user] = answer.json()["token"]
        running = Hub(url, tokens, process, log, log)
        _wait(
            lambda: running.call("alice", "GET", "sources").status_code == 200,
            "the analyst service",
            [log],
        )
        yield running
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _load_as(hub: Hub, user: str, name: str) -> subprocess.CompletedProcess[str]:
    """Load a source in a fresh Python process with a kernel's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env |= {
        "ANALYST_PA_SERVER_URL": hub.service,
        "JUPYTERHUB_API_TOKEN": hub.tokens[user],
    }
    code = (
        "import analyst_pa\n"
        f"df = analyst_pa.load('source:{name}')\n"
        "print(df.shape, round(float(df['amount'].sum()), 1))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_alice_shares_with_bob_and_not_with_carol(hub: Hub, pg: str):
    created = hub.call(
        "alice",
        "POST",
        "sources",
        json={
            "name": "shared_orders",
            "url": f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/test",
            "options": {"table": pg},
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["owner"] == "alice"
    granted = hub.call(
        "alice", "POST", "sources/shared_orders/grants", json={"group": "analysts"}
    )
    assert granted.status_code == 201, granted.text

    bob = _load_as(hub, "bob", "shared_orders")
    assert bob.returncode == 0, bob.stderr
    assert bob.stdout.strip() == "(50, 2) 3187.5"
    seen = hub.call("bob", "GET", "sources/shared_orders")
    assert seen.status_code == 200
    assert seen.json()["url"] == f"postgresql://{ROLE}:***@127.0.0.1:5432/test"
    assert hub.call("bob", "GET", "sources/shared_orders/grants").status_code == 403
    changed = hub.call(
        "bob", "PATCH", "sources/shared_orders", json={"url": "postgresql://x@evil/db"}
    )
    assert changed.status_code == 403

    carol = _load_as(hub, "carol", "shared_orders")
    assert carol.returncode != 0
    assert "the server refused (403): carol may not use source" in carol.stderr
    assert "shared_orders" not in hub.call("carol", "GET", "sources").text
    assert hub.call("carol", "GET", "sources/shared_orders").status_code == 403

    texts = [seen.text, created.text, bob.stdout, bob.stderr, carol.stderr]
    texts.append(hub.call("alice", "GET", "sources").text)
    texts.append(hub.log.read_text())
    assert not [text for text in texts if PASSWORD in text]
