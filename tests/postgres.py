"""A PostgreSQL table readable by a role that has a password, for the tests
that check the password never leaves the server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def table_for_role(
    engine: Any, table: str, select: str, role: str, password: str
) -> Iterator[str]:
    """Create ``table`` as ``select``, readable by ``role`` (made or given
    ``password``); drop the table afterwards."""
    import sqlalchemy as sa

    with engine.begin() as db:
        exists = db.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).first()
        verb = "ALTER" if exists else "CREATE"
        # Trust authentication ignores the password; the URL still carries it,
        # which is what must never leave the server.
        db.execute(sa.text(f"{verb} ROLE {role} LOGIN PASSWORD '{password}'"))
        db.execute(sa.text(f"CREATE TABLE {table} AS {select}"))
        db.execute(sa.text(f"GRANT SELECT ON {table} TO {role}"))
    try:
        yield table
    finally:
        with engine.begin() as db:
            db.execute(sa.text(f"DROP TABLE {table}"))
