"""The jupyter-server extension: server sources, grants, tokens, runs, metrics.

Teams share data sources by name without sharing their credentials. An owner
registers a source over REST (``/analyst/api/sources``); its password is
encrypted on the server and never sent back; grants let users and groups use
or manage it; kernels read it with ``analyst_pa.load("source:NAME")`` and get
rows as Arrow IPC. See ``README.md`` in this folder for how the parts fit.

jupyter-server finds the extension through
:func:`_jupyter_server_extension_points`; the jupyter-config file installed
with the package enables it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AnalystApp"]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from analyst_pa.server._app import AnalystApp

    return [{"module": "analyst_pa.server", "app": AnalystApp}]


def __getattr__(name: str) -> Any:
    # Lazily, so that "python -m analyst_pa.server._runs" does not import
    # jupyter-server before it needs it.
    if name == "AnalystApp":
        from analyst_pa.server._app import AnalystApp

        return AnalystApp
    raise AttributeError(f"module 'analyst_pa.server' has no attribute {name!r}")
