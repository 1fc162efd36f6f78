"""Refuse any SQL query that could change a database.

A query given to :func:`analyst_pa.load` must be one ``SELECT`` (or
``WITH … SELECT``, or a ``UNION`` of them) and nothing in it may write:
sqlglot parses it, so a ``DELETE`` inside a ``WITH``, a ``SELECT … INTO`` or a
second statement after a ``;`` is found wherever it hides. The database is
also opened read-only (:mod:`._sql`); this check is the first of two locks.
"""

from __future__ import annotations

from analyst_pa.errors import SourceError

__all__ = ["check_read_only"]


def check_read_only(query: str, dialect: str | None, source: str) -> None:
    """Raise a SourceError unless ``query`` is a single read-only SELECT.

    Parameters
    ----------
    query : str
        The SQL text.
    dialect : str, optional
        The sqlglot dialect to parse it with (``"postgres"``, ``"sqlite"``,
        ``"duckdb"``).
    source : str
        The source as shown in messages (already redacted).
    """
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        statements = [tree for tree in sqlglot.parse(query, read=dialect) if tree]
    except SqlglotError as exc:
        problem = str(exc).splitlines()[0]
        raise SourceError(
            source, f"the query is not valid SQL ({problem}); check its syntax"
        ) from exc

    if len(statements) != 1:
        raise SourceError(
            source,
            f"the query holds {len(statements)} statements; pass exactly one SELECT",
        )
    tree = statements[0]
    writes = (
        exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop,
        exp.Alter, exp.Command, exp.Into, exp.Lock, exp.Copy, exp.TruncateTable,
    )  # fmt: skip
    for node in tree.walk():
        if isinstance(node, writes):
            raise SourceError(source, _refusal(_name(node)))
    if not isinstance(tree, exp.Select | exp.SetOperation | exp.Subquery):
        raise SourceError(source, _refusal(_name(tree)))


def _name(node: object) -> str:
    from sqlglot import exp

    if isinstance(node, exp.Command):
        return str(node.this).upper()  # the statement sqlglot does not model
    return node.key.upper() if isinstance(node, exp.Expression) else "unknown"


def _refusal(kind: str) -> str:
    return (
        f"the query is not read-only or not a SELECT (found {kind}); queries here "
        "must be a single SELECT (or WITH … SELECT) statement"
    )
