"""The server's registry: sources, their grants, and report runs.

Three tables reached through SQLAlchemy: a SQLite file under the Jupyter data
directory by default, or any database by URL (``AnalystApp.store_url``), so
that the servers of a team (a JupyterHub's) share one registry in PostgreSQL.
A source's credentials are stored only sealed (see :mod:`._secrets`); this
module never sees them in clear.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

__all__ = ["Grant", "RunRow", "SourceRow", "Store", "default_store_url"]

Action = Literal["use", "manage"]
ACTIONS: tuple[Action, ...] = ("use", "manage")

_metadata = sa.MetaData()
_sources = sa.Table(
    "analyst_sources",
    _metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("shown_url", sa.Text, nullable=False),
    sa.Column("sealed", sa.LargeBinary, nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("options", sa.Text, nullable=False, default="{}"),
    sa.Column("owner", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
_grants = sa.Table(
    "analyst_grants",
    _metadata,
    sa.Column(
        "source",
        sa.String(64),
        sa.ForeignKey("analyst_sources.name", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("principal_kind", sa.String(8), primary_key=True),
    sa.Column("principal", sa.String(255), primary_key=True),
    sa.Column("action", sa.String(16), primary_key=True),
)
_runs = sa.Table(
    "analyst_runs",
    _metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(255), nullable=False, index=True),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("template", sa.String(255), nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("parameters", sa.Text, nullable=False, default="{}"),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("output", sa.Text, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
)


def default_store_url() -> str:
    """SQLite file ``analyst_pa/server.sqlite`` in the Jupyter data directory."""
    from jupyter_core.paths import jupyter_data_dir

    path = Path(jupyter_data_dir()) / "analyst_pa" / "server.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@dataclass
class SourceRow:
    name: str
    kind: str
    shown_url: str
    sealed: bytes
    owner: str
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Grant:
    principal_kind: Literal["user", "group"]
    principal: str
    action: Action

    def to_json(self) -> dict[str, str]:
        return {self.principal_kind: self.principal, "action": self.action}


@dataclass
class RunRow:
    id: str
    owner: str
    source: str
    template: str
    format: str
    state: str
    parameters: dict[str, Any] = field(default_factory=dict)
    output: str | None = None
    error: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None


class Store:
    """Sources, grants and runs in one database.

    Parameters
    ----------
    url : str
        SQLAlchemy URL of the database; the tables are created if missing.
    """

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_foreign_keys)
        _metadata.create_all(self.engine)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def add_source(self, row: SourceRow) -> bool:
        """Insert ``row``; False if a source of that name exists already."""
        now = datetime.now(UTC)
        values = _source_values(row) | {"created_at": now, "updated_at": now}
        try:
            with self._begin() as db:
                db.execute(_sources.insert().values(**values))
        except sa.exc.IntegrityError:
            return False
        return True

    def replace_source(self, row: SourceRow) -> None:
        values = _source_values(row) | {"updated_at": datetime.now(UTC)}
        values.pop("owner")
        with self._begin() as db:
            db.execute(_sources.update().where(_sources.c.name == row.name), values)

    def source(self, name: str) -> SourceRow | None:
        with self._begin() as db:
            found = db.execute(_sources.select().where(_sources.c.name == name)).first()
        return _source_row(found._mapping) if found else None

    def sources(self) -> list[SourceRow]:
        with self._begin() as db:
            rows = db.execute(_sources.select().order_by(_sources.c.name)).all()
        return [_source_row(row._mapping) for row in rows]

    def delete_source(self, name: str) -> None:
        with self._begin() as db:
            db.execute(_grants.delete().where(_grants.c.source == name))
            db.execute(_sources.delete().where(_sources.c.name == name))

    def grants(self, name: str) -> list[Grant]:
        query = _grants.select().where(_grants.c.source == name)
        with self._begin() as db:
            rows = db.execute(query.order_by(*_grants.c)).all()
        return [Grant(r.principal_kind, r.principal, r.action) for r in rows]

    def add_grant(self, name: str, grant: Grant) -> None:
        values = {"source": name, **grant.__dict__}
        try:
            with self._begin() as db:
                db.execute(_grants.insert().values(**values))
        except sa.exc.IntegrityError:
            pass  # granted already: granting twice is not an error

    def remove_grant(self, name: str, grant: Grant) -> bool:
        clause = sa.and_(
            _grants.c.source == name,
            *(
                getattr(_grants.c, key) == value
                for key, value in grant.__dict__.items()
            ),
        )
        with self._begin() as db:
            return db.execute(_grants.delete().where(clause)).rowcount > 0

    def add_run(self, row: RunRow) -> None:
        values = {**row.__dict__, "parameters": json.dumps(row.parameters)}
        with self._begin() as db:
            db.execute(_runs.insert().values(**values))

    def update_run(self, run_id: str, **values: Any) -> None:
        with self._begin() as db:
            db.execute(_runs.update().where(_runs.c.id == run_id), values)

    def run(self, run_id: str) -> RunRow | None:
        with self._begin() as db:
            found = db.execute(_runs.select().where(_runs.c.id == run_id)).first()
        return _run_row(found._mapping) if found else None

    def runs(self, owner: str | None = None) -> list[RunRow]:
        query = _runs.select().order_by(_runs.c.created_at.desc())
        if owner is not None:
            query = query.where(_runs.c.owner == owner)
        with self._begin() as db:
            return [_run_row(row._mapping) for row in db.execute(query).all()]

    def fail_unfinished_runs(self, reason: str) -> None:
        """Mark the runs a previous server left queued or running as failed."""
        unfinished = _runs.c.state.in_(("queued", "running"))
        values = {"state": "failed", "error": reason, "finished_at": datetime.now(UTC)}
        with self._begin() as db:
            db.execute(_runs.update().where(unfinished), values)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA foreign_keys=ON")


def _source_values(row: SourceRow) -> dict[str, Any]:
    values = {
        key: value
        for key, value in row.__dict__.items()
        if key not in ("created_at", "updated_at")
    }
    values["options"] = json.dumps(row.options)
    return values


def _source_row(values: Any) -> SourceRow:
    data = dict(values)
    data["options"] = json.loads(data["options"] or "{}")
    return SourceRow(**data)


def _run_row(values: Any) -> RunRow:
    data = dict(values)
    data["parameters"] = json.loads(data["parameters"] or "{}")
    return RunRow(**data)
