"""Read a table or a query from a SQL database through SQLAlchemy.

``sqlite:///sales.db?table=orders``, ``duckdb:///warehouse.duckdb?query=…``
and ``postgresql://user@host:5432/db?table=orders`` (through psycopg 3).
The table or query may come in the URL's query string or as options.

Nothing can be written: a query must pass :func:`._read_only.check_read_only`,
and the database is opened read-only as well (SQLite's ``mode=ro``, DuckDB's
``read_only``, a PostgreSQL ``READ ONLY`` transaction that is rolled back).
A missing SQLite or DuckDB file is an error rather than a new empty database.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from analyst_pa.errors import SourceError
from analyst_pa.sources._options import check_options, positive_number
from analyst_pa.sources._read_only import check_read_only
from analyst_pa.sources._redact import redact, redact_text, secrets_in

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CONNECT_TIMEOUT", "read_sql"]

CONNECT_TIMEOUT = 5  # seconds; an unreachable host fails fast
_PARAMS = ("table", "query", "schema", "max_rows")
_SQLGLOT_DIALECTS = {"sqlite": "sqlite", "duckdb": "duckdb", "postgresql": "postgres"}
_DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg"}
_DRIVER_PACKAGES = {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary"}


def read_sql(source: str, **options: Any) -> pd.DataFrame:
    """Return a table or the result of a read-only query.

    Parameters
    ----------
    source : str
        A SQLAlchemy URL; ``postgresql://`` and ``postgres://`` use psycopg 3.
    **options
        ``table`` (a table or view name, quoted for you), ``schema``,
        ``query`` (one SELECT), ``max_rows`` (default: all rows) and
        ``connect_timeout`` (seconds, default 5). ``table``, ``query``,
        ``schema`` and ``max_rows`` may be URL query parameters instead.

    Returns
    -------
    pandas.DataFrame
    """
    shown = redact(source)
    check_options(source, options, {*_PARAMS, "connect_timeout"}, "a SQL database")
    url, request = _parse(source, shown, options)
    if request["query"]:
        check_read_only(
            request["query"], _SQLGLOT_DIALECTS.get(url.get_backend_name()), shown
        )

    timeout = options.get("connect_timeout", CONNECT_TIMEOUT)
    engine = _engine(url, shown, positive_number(shown, "connect_timeout", timeout))
    try:
        return _read(engine, request, shown, secrets_in(source))
    finally:
        engine.dispose()


def _parse(
    source: str, shown: str, options: dict[str, Any]
) -> tuple[URL, dict[str, Any]]:
    """Return the URL to connect to, and what to read: table, query, limits."""
    # SQLAlchemy dropped the "postgres" alias; users still write it.
    if source.startswith("postgres:"):
        source = "postgresql" + source.removeprefix("postgres")
    try:
        url = sa.make_url(source)
    except sa.exc.ArgumentError as exc:
        raise SourceError(
            shown,
            f"not a database URL ({exc}); expected e.g. sqlite:///file.db?table=t",
        ) from exc

    request = _request(url, options, shown)
    url = url.difference_update_query(_PARAMS)
    driver = _DEFAULT_DRIVERS.get(url.drivername, url.drivername)
    return url.set(drivername=driver), request


def _request(url: URL, options: dict[str, Any], shown: str) -> dict[str, Any]:
    request: dict[str, Any] = {}
    for name in _PARAMS:
        in_url = url.query.get(name)
        if isinstance(in_url, tuple):
            in_url = in_url[-1]
        given = options.get(name)
        if in_url is not None and given is not None and str(given) != in_url:
            raise SourceError(
                shown,
                f"{name} is given twice, in the URL ({in_url!r}) and as an option "
                f"({given!r}); keep one",
            )
        request[name] = given if given is not None else in_url

    if request["table"] and request["query"]:
        raise SourceError(shown, "give either table= or query=, not both")
    request["max_rows"] = _max_rows(request["max_rows"], shown)
    return request


def _max_rows(value: Any, shown: str) -> int | None:
    if value is None:
        return None
    try:
        rows = int(value)
    except (TypeError, ValueError):
        rows = 0
    if rows <= 0 or isinstance(value, bool):
        raise SourceError(
            shown, f"max_rows must be a whole number above zero, got {value!r}"
        )
    return rows


def _engine(url: URL, shown: str, timeout: float) -> Engine:
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(url, shown)
        if backend == "duckdb":
            path = _database_file(url, shown)
            # Read-only, and no access to other files from SQL (read_csv…).
            config = {"enable_external_access": False}
            return sa.create_engine(
                url.set(database=str(path)),
                connect_args={"read_only": True, "config": config},
            )
        connect_args = (
            {"connect_timeout": max(int(timeout), 1)} if backend == "postgresql" else {}
        )
        return sa.create_engine(url, connect_args=connect_args)
    except sa.exc.NoSuchModuleError as exc:
        raise SourceError(
            shown,
            f"SQLAlchemy knows no driver {url.drivername!r}; for PostgreSQL use "
            "postgresql:// (psycopg)",
        ) from exc
    except ImportError as exc:
        package = _DRIVER_PACKAGES.get(
            url.get_driver_name(), exc.name or url.get_driver_name()
        )
        raise SourceError(
            shown,
            f"the database driver {url.get_driver_name()!r} is not installed: "
            f"pip install {package}",
        ) from exc


def _sqlite_engine(url: URL, shown: str) -> Engine:
    # SQLite opens the file itself in read-only mode: a write fails, and a
    # missing file is never created.
    path = _database_file(url, shown)
    uri = f"file:{quote(str(path))}?mode=ro"
    return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


def _database_file(url: URL, shown: str) -> Path:
    if not url.database or url.database == ":memory:":
        raise SourceError(
            shown,
            "an in-memory database holds no data; name a database file, "
            "e.g. sqlite:///sales.db",
        )
    path = Path(url.database).expanduser()
    if not path.is_file():
        raise SourceError(
            shown,
            f"no such database file: {path.absolute()} (the working directory is "
            f"{Path.cwd()}); check the path",
        )
    return path


def _read(
    engine: Engine, request: dict[str, Any], shown: str, secrets: list[str]
) -> pd.DataFrame:
    try:
        connection = engine.connect()
    except sa.exc.DBAPIError as exc:
        raise SourceError(
            shown,
            f"cannot connect to the database ({_reason(exc, secrets)}); check that the "
            "server is running and the host, port, user and database in the URL",
        ) from exc

    with connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        if request["table"]:
            return _read_table(connection, request, shown, secrets)
        if request["query"]:
            return _run(
                connection,
                sa.text(request["query"]),
                request["max_rows"],
                shown,
                secrets,
            )
        raise SourceError(
            shown,
            "name a table (table=…) or a query (query=…); the tables are: "
            + _listing(_known_tables(connection, request["schema"])),
        )


def _read_table(
    connection: Connection, request: dict[str, Any], shown: str, secrets: list[str]
) -> pd.DataFrame:
    name, schema = request["table"], request["schema"]
    known = _known_tables(connection, schema)
    if name not in known:
        raise SourceError(
            shown, f"no table {name!r}; the tables are: {_listing(known)}"
        )

    # sa.table() quotes the name as the dialect needs ("my table", "Order").
    # Full reflection is not used: duckdb-engine cannot reflect columns.
    statement = sa.select(sa.text("*")).select_from(sa.table(name, schema=schema))
    if request["max_rows"]:
        statement = statement.limit(request["max_rows"])
    return _run(connection, statement, None, shown, secrets)


def _run(
    connection: Connection,
    statement: Any,
    max_rows: int | None,
    shown: str,
    secrets: list[str],
) -> pd.DataFrame:
    import pandas as pd

    try:
        result = connection.execute(statement)
        rows = result.fetchmany(max_rows) if max_rows else result.fetchall()
    except sa.exc.DBAPIError as exc:
        raise SourceError(shown, f"the query failed: {_reason(exc, secrets)}") from exc

    frame = pd.DataFrame.from_records(
        rows, columns=list(result.keys()), coerce_float=True
    )
    _restore_integers(frame, rows)
    return frame


def _restore_integers(frame: pd.DataFrame, rows: Sequence[Sequence[Any]]) -> None:
    # An integer column with NULLs arrives as floats; it becomes Int64 again,
    # built from the exact Python integers the driver returned.
    import pandas as pd

    for position, dtype in enumerate(frame.dtypes):
        values = [row[position] for row in rows] if dtype.kind == "f" else []
        if values and all(_is_integer_or_null(value) for value in values):
            with contextlib.suppress(OverflowError, TypeError):  # beyond int64
                frame.isetitem(position, pd.array(values, dtype="Int64"))


def _is_integer_or_null(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _known_tables(connection: Connection, schema: str | None) -> list[str]:
    inspector = sa.inspect(connection)
    names = inspector.get_table_names(schema=schema)
    return sorted(names + inspector.get_view_names(schema=schema))


def _listing(names: list[str]) -> str:
    return ", ".join(names) or "none (the database is empty)"


def _reason(exc: sa.exc.DBAPIError, secrets: list[str]) -> str:
    lines = str(exc.orig).strip().splitlines()
    return redact_text(lines[0] if lines else type(exc.orig).__name__, secrets)
