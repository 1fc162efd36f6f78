"""A real JupyterLab, isolated in a temporary directory, and headless Chromium.

JupyterLab runs as its own process on a free local port with a token; its
config, data, runtime and settings directories, and IPython's, live under
the test's temporary directory, so nothing of the machine's Jupyter set-up
leaks in and nothing is left behind. The browser is Debian's ``chromium``
driven by Playwright (no browser download); without it the tests skip.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SERVER_START_TIMEOUT = 60  # seconds
VIEWPORT_HEIGHT = 1200


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it listens, its token and its root."""

    url: str
    token: str
    root: Path
    log: Path

    def open_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _isolated_env(home: Path) -> dict[str, str]:
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "workspaces",
        "IPYTHONDIR": home / "ipython",
        "ANALYST_PA_RUNS_DIR": home / "runs",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **{k: str(v) for k, v in dirs.items()}}
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    return env


def _write_settings(home: Path) -> None:
    # The news toast would cover part of the page; the kernel must be this
    # interpreter, whatever python3 kernelspec the machine has.
    notification = home / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    kernel = home / "data" / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    (kernel / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    sys.executable,
                    *("-m", "ipykernel_launcher", "-f", "{connection_file}"),
                ],
                "display_name": "Python 3 (test)",
                "language": "python",
            }
        )
    )


def _wait_until_up(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()}")
        try:
            response = httpx.get(
                f"{url}/api/status", headers={"Authorization": f"token {token}"}
            )
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer in {SERVER_START_TIMEOUT} s")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Start JupyterLab for the module's tests and stop it after them."""
    home = tmp_path_factory.mktemp("jupyter")
    root = home / "root"
    root.mkdir()
    env = _isolated_env(home)
    _write_settings(home)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.port_retries=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")

    log = home / "jupyterlab.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, env=env, cwd=root, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, token, process, log)
        yield Lab(url, token, root, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium, or a skip saying why there is none."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium (CI installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    # Lets the page fixture know whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page, large enough to show the panel whole; a screenshot of
    the whole page is kept when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": VIEWPORT_HEIGHT})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failed.png"))
    finally:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots are kept (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
