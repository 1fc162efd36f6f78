"""The jupyter-server extension: its settings and what it sets up.

``AnalystApp`` is enabled on install by the jupyter-config file that the
wheel puts in ``etc/jupyter/jupyter_server_config.d/``. Every setting is a
traitlet with its help text, so ``jupyter server --help-all`` lists them and
``jupyter_server_config.py`` (``c.AnalystApp.max_rows = …``) sets them.
"""

from __future__ import annotations

import getpass
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.serverapp import ServerApp
from traitlets import Float, Int, List, Unicode, default

from analyst_pa.server._permissions import Policy
from analyst_pa.server._query import Limits
from analyst_pa.server._runs import RUN_EVENT, RunWorker
from analyst_pa.server._secrets import Secrets, load_key
from analyst_pa.server._sources import Confinement
from analyst_pa.server._store import Store, default_store_url

__all__ = ["AnalystApp"]

SETTINGS_KEY = "analyst_pa_app"
SOURCE_EVENT = "https://events.analyst-pa.org/analyst_pa/source/v1"
_EVENTS = Path(__file__).parent / "events"


def _data_dir() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "analyst_pa"


class AnalystApp(ExtensionApp):
    """Server sources with their credentials, grants, tokens, runs, metrics."""

    name = "analyst_pa"
    load_other_extensions = True

    store_url = Unicode(
        "",
        help="""SQLAlchemy URL of the registry of sources, grants and runs.
        By default a SQLite file analyst_pa/server.sqlite in the Jupyter data
        directory; point the servers of a team (JupyterHub's) at one PostgreSQL
        database, e.g. postgresql+psycopg://analyst@db/analyst_pa.""",
    ).tag(config=True)

    key_file = Unicode(
        "",
        help="""File holding the Fernet key that encrypts source credentials and
        signs scoped tokens. Created with owner-only permissions (0600) on first
        use; by default analyst_pa/server.key in the Jupyter data directory.""",
    ).tag(config=True)

    secret_key = Unicode(
        "",
        help="""The Fernet key itself, instead of key_file (e.g. from a secret
        store); by default the environment variable ANALYST_PA_SECRET_KEY.""",
    ).tag(config=True)

    allowed_file_roots = List(
        Unicode(),
        help="""Folders that file sources (and SQLite or DuckDB databases) must be
        in; paths are resolved (.., symlinks) before the check. By default the
        server's root_dir only.""",
    ).tag(config=True)

    allowed_http_hosts = List(
        Unicode(),
        help="""Host names HTTP sources may reach: exact names, or '*.example.com'
        for sub-domains. None by default: no HTTP source can be registered.""",
    ).tag(config=True)

    max_rows = Int(1_000_000, help="The most rows one read of a source returns.").tag(
        config=True
    )

    max_bytes = Int(
        512 * 1024**2,
        help="""The most bytes one read may take: the file or HTTP answers read,
        and the Arrow data sent back.""",
    ).tag(config=True)

    query_timeout = Float(
        120.0,
        help="""Seconds one read may take before it is stopped. PostgreSQL
        queries also get this as their statement_timeout.""",
    ).tag(config=True)

    token_lifetime = Float(
        3600.0, help="Seconds a scoped token lives unless asked for less."
    ).tag(config=True)

    max_token_lifetime = Float(
        86400.0, help="The longest lifetime, in seconds, a scoped token may ask for."
    ).tag(config=True)

    admins = List(
        Unicode(),
        help="""Users (by name) and groups ('group:NAME') who may use and manage
        every source.""",
    ).tag(config=True)

    registrars = List(
        Unicode(),
        default_value=["*"],
        help="""Users and groups ('group:NAME') who may register sources; '*' is
        every authenticated user.""",
    ).tag(config=True)

    owner_name = Unicode(
        help="""Who owns a single-user server (one with jupyter-server's own token
        or password login, which knows no user names): by default the operating
        system user. Ignored when the identity provider names users, as
        JupyterHub's does.""",
    ).tag(config=True)

    runs_dir = Unicode(
        "",
        help="""Folder of report runs started over REST; by default
        analyst_pa/server-runs in the Jupyter data directory.""",
    ).tag(config=True)

    max_concurrent_runs = Int(
        2, help="How many report runs execute at once; the others wait queued."
    ).tag(config=True)

    @default("secret_key")
    def _default_secret_key(self) -> str:
        return os.environ.get("ANALYST_PA_SECRET_KEY", "")

    @default("owner_name")
    def _default_owner_name(self) -> str:
        return getpass.getuser()

    def initialize_settings(self) -> None:
        key_file = Path(self.key_file or _data_dir() / "server.key")
        self.secrets = Secrets(load_key(key_file, self.secret_key))
        self.store = Store(self.store_url or default_store_url())
        self.store.fail_unfinished_runs("the server stopped while the run executed")
        self.policy = Policy(tuple(self.admins), tuple(self.registrars))
        roots = self.allowed_file_roots or [self._server.root_dir]
        self.confinement = Confinement(tuple(roots), tuple(self.allowed_http_hosts))
        self.limits = Limits(
            self.max_rows,
            self.max_bytes,
            self.query_timeout,
            tuple(self.allowed_http_hosts),
        )
        self._register_events()
        self.runs = RunWorker(
            self.store,
            Path(self.runs_dir or _data_dir() / "server-runs"),
            self.server_url,
            lambda data: self.emit(RUN_EVENT, data),
            self.log,
            self.max_concurrent_runs,
        )
        self.settings[SETTINGS_KEY] = self
        self.log.info(
            "analyst_pa: sources in %s, files under %s, HTTP hosts %s",
            self.store.engine.url.render_as_string(hide_password=True),
            ", ".join(roots),
            ", ".join(self.allowed_http_hosts) or "none",
        )

    def initialize_handlers(self) -> None:
        from analyst_pa.server.handlers import ROUTES

        self.handlers.extend(ROUTES)

    async def stop_extension(self) -> None:
        await self.runs.stop()
        self.store.close()

    def token_lifetime_for(self, asked: Any) -> timedelta:
        """The lifetime of a token asked for ``asked`` seconds (None: default)."""
        seconds = self.token_lifetime if asked is None else float(asked)
        if not 0 < seconds <= self.max_token_lifetime:
            raise ValueError(
                f"expires_in must be more than 0 and at most "
                f"{self.max_token_lifetime:g} seconds, got {asked!r}"
            )
        return timedelta(seconds=seconds)

    def server_url(self) -> str:
        """The URL a process on this machine reaches this server at."""
        parts = urlsplit(self._server.connection_url)
        if not self._server.sock:
            parts = parts._replace(netloc=f"127.0.0.1:{self._server.port}")
        return parts._replace(query="").geturl()

    @property
    def _server(self) -> ServerApp:
        assert self.serverapp is not None, "the extension is not linked to a server"
        return self.serverapp

    def emit(self, schema_id: str, data: dict[str, Any]) -> None:
        logger = self._server.event_logger
        if logger is not None:
            logger.emit(schema_id=schema_id, data=data)

    def _register_events(self) -> None:
        logger = self._server.event_logger
        if logger is None:
            return
        for schema in sorted(_EVENTS.glob("*/v*.yaml")):
            if schema.parent.name == "run" or schema.parent.name == "source":
                logger.register_event_schema(schema)
