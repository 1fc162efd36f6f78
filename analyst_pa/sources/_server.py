"""Sources registered on the analyst_pa server, used by name: ``source:NAME``.

An administrator or owner registers them once on the Jupyter server,
credentials included; the kernel asks the server extension to read the source
(``POST /analyst/api/sources/NAME/query``) and receives the rows as an Arrow
IPC stream. The credentials never leave the server.

Which server: ``$ANALYST_PA_SERVER_URL`` if set, else the running Jupyter
server that started this kernel (or the only one running). How the kernel
proves who it is: ``$ANALYST_PA_TOKEN`` (a scoped token, for headless runs),
else the server's own token (from its runtime file), else
``$JUPYTERHUB_API_TOKEN`` or ``$JPY_API_TOKEN`` (JupyterHub).
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from analyst_pa.errors import SourceError
from analyst_pa.sources._options import check_options

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SERVER_URL_ENV", "TOKEN_ENV", "find_server", "read_server_source"]

SERVER_URL_ENV = "ANALYST_PA_SERVER_URL"
TOKEN_ENV = "ANALYST_PA_TOKEN"
_HUB_TOKENS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
_OPTIONS = {"table", "schema", "query", "params", "max_rows", "timeout"}
_ARROW = "application/vnd.apache.arrow.stream"


def read_server_source(source: str, **options: Any) -> pd.DataFrame:
    """Return the rows of the server source named in ``source:NAME``.

    Parameters
    ----------
    source : str
        ``source:NAME``.
    **options
        For SQL sources ``table``, ``schema``, or ``query`` (one SELECT) with
        ``params`` for its ``:name`` or ``?`` placeholders; ``max_rows`` for
        any source (the server caps it too); ``timeout``, the seconds to wait
        for the answer (default 600).
    """
    name = source.partition(":")[2].strip()
    if not name:
        raise SourceError(
            source,
            "expected source:NAME, the name of a source registered on the server",
        )
    check_options(source, options, _OPTIONS, "a server source")
    timeout = options.pop("timeout", 600)
    base, headers = find_server(source)
    url = f"{base.rstrip('/')}/analyst/api/sources/{quote(name, safe='')}/query"
    body = {key: value for key, value in options.items() if value is not None}
    data, truncated = _post(source, url, headers, body, timeout)
    frame = _frame(source, data)
    if truncated:
        warnings.warn(
            f"{source}: the server sent the first {len(frame):,} rows only (its "
            "row limit or max_rows); ask for fewer rows with a narrower query",
            stacklevel=3,
        )
    return frame


def find_server(source: str) -> tuple[str, dict[str, str]]:
    """Return the server's base URL and the headers that authenticate to it."""
    url = os.environ.get(SERVER_URL_ENV, "").strip()
    server_token = ""
    if not url:
        url, server_token = _running_server(source)
    return url, _auth_headers(server_token)


def _auth_headers(server_token: str) -> dict[str, str]:
    scoped = os.environ.get(TOKEN_ENV, "").strip()
    if scoped:
        return {"Authorization": f"Bearer {scoped}"}
    if server_token:
        return {"Authorization": f"token {server_token}"}
    for name in _HUB_TOKENS:
        if os.environ.get(name):
            return {"Authorization": f"token {os.environ[name]}"}
    return {}


def _running_server(source: str) -> tuple[str, str]:
    from jupyter_server.serverapp import list_running_servers

    servers = list(list_running_servers())
    parent = [info for info in servers if info.get("pid") == os.getppid()]
    chosen = parent or (servers if len(servers) == 1 else [])
    if not chosen:
        found = ", ".join(info.get("url", "?") for info in servers) or "none"
        raise SourceError(
            source,
            f"cannot tell which Jupyter server holds the source (running: {found}); "
            f"set {SERVER_URL_ENV} to its URL, and {TOKEN_ENV} to a token from "
            "POST /analyst/api/tokens",
        )
    info = chosen[0]
    return str(info["url"]), str(info.get("token") or "")


def _post(
    source: str, url: str, headers: dict[str, str], body: dict[str, Any], timeout: float
) -> tuple[bytes, bool]:
    import httpx

    try:
        # The stream is read inside the ``with``: an interrupted kernel leaves
        # it, the connection closes, and the server stops the read.
        with (
            httpx.Client(timeout=httpx.Timeout(timeout, connect=10)) as client,
            client.stream("POST", url, json=body, headers=headers) as response,
        ):
            data = response.read()
    except httpx.HTTPError as exc:
        raise SourceError(
            source,
            f"cannot reach the analyst_pa server at {url.split('/analyst/api')[0]} "
            f"({type(exc).__name__}: {exc}); is the Jupyter server running with the "
            f"analyst_pa extension? Set {SERVER_URL_ENV} to reach another one",
        ) from exc
    if response.status_code != 200:
        raise SourceError(source, _refusal(response.status_code, data))
    if not response.headers.get("content-type", "").startswith(_ARROW):
        raise SourceError(
            source,
            f"the server at {url} answered {response.headers.get('content-type')!r}, "
            "not Arrow rows; is the analyst_pa extension enabled there?",
        )
    return data, response.headers.get("x-analyst-truncated") == "true"


def _refusal(status: int, data: bytes) -> str:
    import json

    try:
        message = json.loads(data).get("message") or ""
    except (ValueError, AttributeError):
        message = ""
    hints = {
        401: "the token is not valid; ask for a new one",
        403: "you may not use this source; ask its owner for a grant",
        404: "no such source on the server (or no analyst_pa extension there)",
    }
    hint = hints.get(status, "")
    return f"the server refused ({status}): {message or hint or 'no reason given'}"


def _frame(source: str, data: bytes) -> pd.DataFrame:
    import pyarrow as pa

    try:
        table = pa.ipc.open_stream(data).read_all()
    except pa.ArrowInvalid as exc:
        raise SourceError(
            source, f"the server's answer is not an Arrow stream ({exc})"
        ) from exc
    frame: pd.DataFrame = table.to_pandas()
    return frame
