"""Report runs in the background, their events, and the metrics on /metrics."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from analyst_pa.server import _runs
from analyst_pa.server._runs import RUN_EVENT
from analyst_pa.server._store import RunRow
from analyst_pa.sources import load
from tests.unit.server.conftest import auth, body


@pytest.fixture
def report_children(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record what each run's child would be given, and write a fake report."""
    seen: list[dict[str, Any]] = []

    async def fake_child(self: Any, row: RunRow, token: str) -> tuple[Any, Any]:
        seen.append({"row": row, "token": token, "env": self._child_env(token)})
        if row.parameters.get("fail"):
            return None, "ReportError: cell In [3] failed"
        path = self.output_path(row)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<html><body>report of sales</body></html>")
        return str(path), None

    monkeypatch.setattr(_runs.RunWorker, "_child", fake_child)
    return seen


async def _finished(api, run_id, user="bob"):
    for _ in range(200):
        state = body(await api("runs", run_id, user=user))
        if state["state"] in ("succeeded", "failed"):
            return state
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish: {state}")


async def test_a_run_goes_on_in_the_background_and_serves_its_report(
    api, sales, report_children, jp_serverapp
):
    await sales()
    events: list[dict[str, Any]] = []

    async def listen(logger: Any, schema_id: str, data: dict[str, Any]) -> None:
        events.append(dict(data))

    jp_serverapp.event_logger.add_listener(schema_id=RUN_EVENT, listener=listen)
    started = await api(
        "runs", user="bob", method="POST", body={"source": "source:sales"}
    )
    assert started.code == 202, started.body
    run = body(started)
    assert run["state"] == "queued" and started.headers["Location"].endswith(run["id"])

    state = await _finished(api, run["id"])
    assert state["state"] == "succeeded" and state["has_output"]
    output = await api("runs", run["id"], "output", user="bob")
    assert output.code == 200
    assert output.headers["Content-Type"].startswith("text/html")
    assert b"report of sales" in output.body
    assert "sandbox" in output.headers["Content-Security-Policy"]

    child = report_children[0]
    assert child["env"]["ANALYST_PA_TOKEN"] == child["token"]
    assert "JUPYTERHUB_API_TOKEN" not in child["env"]
    for _ in range(100):
        if len(events) >= 3:
            break
        await asyncio.sleep(0.02)
    assert [e["action"] for e in events] == ["queued", "started", "succeeded"]
    assert {e["run_id"] for e in events} == {run["id"]}


async def test_a_failed_run_says_why_and_has_no_report(api, sales, report_children):
    await sales()
    started = await api(
        "runs",
        user="bob",
        method="POST",
        body={"source": "sales", "parameters": {"fail": 1}},
    )
    state = await _finished(api, body(started)["id"])
    assert state["state"] == "failed" and "cell In [3]" in state["error"]
    output = await api("runs", state["id"], "output", user="bob")
    assert output.code == 409


async def test_a_run_needs_a_known_template_and_a_usable_source(
    api, sales, report_children
):
    await sales()
    unknown = await api(
        "runs", user="bob", method="POST", body={"source": "sales", "template": "nope"}
    )
    assert (
        unknown.code == 400 and "no report template 'nope'" in body(unknown)["message"]
    )
    path = await api(
        "runs",
        user="bob",
        method="POST",
        body={"source": "sales", "template": "../../x"},
    )
    assert path.code == 400
    forbidden = await api("runs", user="carol", method="POST", body={"source": "sales"})
    assert forbidden.code == 403


async def test_metrics_count_reads_and_runs(api, sales, report_children, jp_fetch):
    await sales()
    await api("sources", "sales", "query", user="bob", method="POST", body={})
    started = await api("runs", user="bob", method="POST", body={"source": "sales"})
    await _finished(api, body(started)["id"])
    metrics = (await jp_fetch("metrics", headers=auth("alice"))).body.decode()
    assert 'analyst_pa_source_queries_total{kind="sql",outcome="ok"}' in metrics
    assert 'analyst_pa_source_query_bytes_total{kind="sql"}' in metrics
    assert 'analyst_pa_report_runs_total{outcome="succeeded"}' in metrics
    assert "analyst_pa_report_run_duration_seconds_bucket" in metrics


async def test_a_kernel_loads_a_server_source_by_name(
    api, sales, jp_http_port, jp_base_url, monkeypatch
):
    await sales()
    monkeypatch.setenv(
        "ANALYST_PA_SERVER_URL", f"http://127.0.0.1:{jp_http_port}{jp_base_url}"
    )
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "bob-token")
    # The client is synchronous, like a kernel's code; the server runs on
    # this thread's loop, so the client runs in another thread.
    frame = await asyncio.to_thread(load, "source:sales")
    assert frame.shape == (30, 3) and list(frame.columns) == ["id", "region", "amount"]
    some = await asyncio.to_thread(
        load,
        "source:sales",
        query="SELECT region FROM orders WHERE id < :n",
        params={"n": 4},
    )
    assert some["region"].tolist() == ["south", "east", "north"]
    with pytest.warns(UserWarning, match="the first 5 rows only"):
        await asyncio.to_thread(load, "source:sales", max_rows=5)

    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "carol-token")
    with pytest.raises(
        Exception, match=r"the server refused \(403\): carol may not use"
    ):
        await asyncio.to_thread(load, "source:sales")


def test_without_a_server_the_error_says_how_to_name_one(monkeypatch, tmp_path):
    monkeypatch.delenv("ANALYST_PA_SERVER_URL", raising=False)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    with pytest.raises(Exception, match="set ANALYST_PA_SERVER_URL to its URL"):
        load("source:sales")
