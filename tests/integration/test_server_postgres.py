"""A PostgreSQL source end to end: registered over REST, read in a real kernel.

A real ``jupyter server`` process with the extension runs on a free local
port; the owner registers a PostgreSQL source whose URL carries a password;
a kernel started through the server's REST API loads it by name and gets a
DataFrame, without the password anywhere in the kernel. A long query is
cancelled by its client going away; a report run started over REST finishes
and its report is served; ``/metrics`` counts it all.
"""

from __future__ import annotations

import json
import os
import re
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

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PG = "postgresql://postgres@127.0.0.1:5432/test"
ROLE, PASSWORD = "analyst_test", "pg-Pa55-" + uuid.uuid4().hex[:12]


@dataclass
class Server:
    url: str
    token: str
    runtime_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"token {self.token}"}
        return httpx.request(
            method, self.url + path.lstrip("/"), headers=headers, timeout=60, **kwargs
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_jupyter_server(tmp: Path, analyst: dict[str, Any]) -> Server:
    """Start ``jupyter server`` with the extension; wait until it answers."""
    for name in ("config", "data", "runtime", "root"):
        (tmp / name).mkdir(parents=True, exist_ok=True)
    config = {
        "ServerApp": {"jpserver_extensions": {"analyst_pa.server": True}},
        "AnalystApp": analyst,
    }
    (tmp / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    }
    for name in ("ANALYST_PA_SERVER_URL", "ANALYST_PA_TOKEN", "JUPYTERHUB_API_TOKEN"):
        env.pop(name, None)
    port, token = free_port(), uuid.uuid4().hex
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={tmp / 'root'}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp / "server.log"
    process = subprocess.Popen(
        command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    server = Server(f"http://127.0.0.1:{port}/", token, tmp / "runtime", process, log)
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
        try:
            if server.call("GET", "api/status").status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"jupyter server did not answer:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="module")
def pg(postgres_engine: Any) -> Any:
    return postgres_engine


@pytest.fixture(scope="module")
def orders(pg: Any) -> Iterator[str]:
    """A table of 200 orders, readable by a role that has a password."""
    select = (
        "SELECT g AS id, "
        "(ARRAY['north','south','east','west'])[g % 4 + 1] AS region, "
        "round((g * 7.5)::numeric, 2)::float8 AS amount, "
        "DATE '2026-01-01' + g AS day FROM generate_series(1, 200) AS g"
    )
    table = f"orders_{uuid.uuid4().hex[:8]}"
    with table_for_role(pg, table, select, ROLE, PASSWORD):
        yield table


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, orders: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("jupyter")
    server = start_jupyter_server(tmp, {"query_timeout": 300.0})
    yield server
    stop(server.process)


@pytest.fixture(scope="module")
def source(server: Server, orders: str) -> str:
    answer = server.call(
        "POST",
        "analyst/api/sources",
        json={
            "name": "pg_orders",
            "url": f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/test",
            "description": "orders in PostgreSQL",
            "options": {"table": orders},
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["url"] == f"postgresql://{ROLE}:***@127.0.0.1:5432/test"
    return "pg_orders"


class Kernel:
    """A kernel started through the server's REST API, driven by jupyter_client."""

    def __init__(self, server: Server) -> None:
        from jupyter_client import BlockingKernelClient

        answer = server.call("POST", "api/kernels", json={"name": "python3"})
        assert answer.status_code == 201, answer.text
        self.server, self.id = server, answer.json()["id"]
        self.client = BlockingKernelClient()
        self.client.load_connection_file(server.runtime_dir / f"kernel-{self.id}.json")
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str) -> str:
        out: list[str] = []

        def collect(message: dict[str, Any]) -> None:
            content = message["content"]
            if message["msg_type"] == "stream":
                out.append(content["text"])
            elif message["msg_type"] == "error":
                out.append("\n".join(content["traceback"]))

        reply = self.client.execute_interactive(code, timeout=120, output_hook=collect)
        text = "".join(out)
        assert reply["content"]["status"] == "ok", text
        return text

    def close(self) -> None:
        self.client.stop_channels()
        self.server.call("DELETE", f"api/kernels/{self.id}")


def test_a_kernel_loads_the_source_by_name_and_never_holds_the_password(
    server: Server, source: str
):
    kernel = Kernel(server)
    try:
        shown = kernel.run(
            "import os, analyst_pa\n"
            f"df = analyst_pa.load('source:{source}')\n"
            "print(type(df).__name__, df.shape, list(df.columns))\n"
            "print(df['region'].value_counts().to_dict())\n"
            "print(int(df['id'].sum()), str(df['day'].dtype))\n"
            f"print('leak' if {PASSWORD!r} in repr(dict(os.environ)) else 'clean')\n"
        )
    finally:
        kernel.close()
    lines = shown.splitlines()
    assert lines[0] == "DataFrame (200, 4) ['id', 'region', 'amount', 'day']"
    assert lines[1] == "{'south': 50, 'east': 50, 'west': 50, 'north': 50}"
    assert lines[2].startswith("20100 ")
    assert lines[3] == "clean"
    assert PASSWORD not in server.call("GET", "analyst/api/sources").text
    assert PASSWORD not in server.log.read_text()


def _running(pg: Any, marker: str) -> bool:
    import sqlalchemy as sa

    with pg.connect() as db:
        found = db.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE :m "
                "AND pid <> pg_backend_pid()"
            ),
            {"m": f"%{marker}%"},
        ).scalar()
    return bool(found)


def test_a_query_stops_when_its_client_goes_away(server: Server, source: str, pg: Any):
    marker = f"cancel_me_{uuid.uuid4().hex[:8]}"
    query = f"SELECT pg_sleep(200) AS {marker}"
    url = server.url + f"analyst/api/sources/{source}/query"
    headers = {"Authorization": f"token {server.token}"}
    # The client gives up after 3 s, as an interrupted kernel would; the
    # query would otherwise sleep for 200 s.
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(url, json={"query": query}, headers=headers, timeout=3)
    for _ in range(300):
        if not _running(pg, marker):
            break
        time.sleep(0.1)
    assert not _running(pg, marker), "the query kept running after its client left"
    metrics = server.call("GET", "metrics").text
    assert 'analyst_pa_source_queries_total{kind="sql",outcome="cancelled"}' in metrics


def test_a_report_run_started_over_rest_finishes_and_is_served(
    server: Server, source: str
):
    answer = server.call("POST", "analyst/api/runs", json={"source": source})
    assert answer.status_code == 202, answer.text
    run_id = answer.json()["id"]
    state: dict[str, Any] = {}
    for _ in range(1800):
        state = server.call("GET", f"analyst/api/runs/{run_id}").json()
        if state["state"] in ("succeeded", "failed"):
            break
        time.sleep(0.2)
    assert state["state"] == "succeeded", state
    report = server.call("GET", f"analyst/api/runs/{run_id}/output")
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    text = " ".join(re.sub(r"<[^>]+>", " ", report.text).split())
    assert "200 rows × 4 columns" in text
    assert PASSWORD not in report.text
    metrics = server.call("GET", "metrics").text
    assert 'analyst_pa_report_runs_total{outcome="succeeded"} 1.0' in metrics
    assert 'analyst_pa_source_queries_total{kind="sql",outcome="ok"}' in metrics
