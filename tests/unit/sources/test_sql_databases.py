"""SQLite and DuckDB files read through SQLAlchemy, read-only."""

from __future__ import annotations

import sqlite3
import time
from urllib.parse import quote

import duckdb
import pandas as pd
import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import load


@pytest.fixture
def sqlite_db(tmp_path, flights_head):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as connection:
        flights_head.to_sql("flights", connection, index=False)
        connection.execute('CREATE TABLE "my orders" (id INTEGER, qty INTEGER)')
        connection.executemany(
            'INSERT INTO "my orders" VALUES (?, ?)',
            [(1, 5), (2, None), (3, 2**62)],
        )
        connection.execute(
            "CREATE VIEW late AS SELECT * FROM flights WHERE dep_delay > 60"
        )
    connection.close()
    return path


@pytest.fixture
def duckdb_db(tmp_path, flights_head):
    path = tmp_path / "warehouse.duckdb"
    connection = duckdb.connect(str(path))
    connection.register("head", flights_head)
    connection.execute("CREATE TABLE flights AS SELECT * FROM head")
    connection.close()
    return path


def test_sqlite_table_from_the_url(sqlite_db, flights_head):
    frame = load(f"sqlite:///{sqlite_db}?table=flights")
    pd.testing.assert_frame_equal(frame, flights_head, check_dtype=False)


def test_sqlite_table_as_an_option_with_max_rows(sqlite_db):
    frame = load(f"sqlite:///{sqlite_db}", table="flights", max_rows=7)
    assert len(frame) == 7


def test_table_names_are_quoted(sqlite_db):
    frame = load(f"sqlite:///{sqlite_db}", table="my orders")
    assert frame["id"].tolist() == [1, 2, 3]


def test_integer_columns_with_nulls_stay_exact_integers(sqlite_db):
    frame = load(f"sqlite:///{sqlite_db}", table="my orders")
    assert frame["qty"].dtype == "Int64"
    assert frame["qty"].iloc[2] == 2**62  # a float would round it
    assert frame["qty"].isna().tolist() == [False, True, False]


def test_views_are_tables_too(sqlite_db, flights_head):
    frame = load(f"sqlite:///{sqlite_db}?table=late")
    assert len(frame) == (flights_head["dep_delay"] > 60).sum()


def test_sqlite_query_in_the_url_and_as_an_option(sqlite_db):
    query = "SELECT origin, COUNT(*) AS n FROM flights GROUP BY origin"
    by_url = load(f"sqlite:///{sqlite_db}?query={quote(query)}")
    by_option = load(f"sqlite:///{sqlite_db}", query=query)
    pd.testing.assert_frame_equal(by_url, by_option)
    assert by_url["n"].sum() == 300


def test_query_with_max_rows(sqlite_db):
    frame = load(f"sqlite:///{sqlite_db}", query="SELECT * FROM flights", max_rows=3)
    assert len(frame) == 3


def test_an_empty_result_keeps_the_columns(sqlite_db):
    frame = load(f"sqlite:///{sqlite_db}", query="SELECT origin FROM flights WHERE 0")
    assert frame.columns.tolist() == ["origin"]
    assert frame.empty


def test_an_unknown_table_lists_the_known_ones(sqlite_db):
    with pytest.raises(
        SourceError, match="no table 'flight'; the tables are: flights, late, my orders"
    ):
        load(f"sqlite:///{sqlite_db}?table=flight")


def test_neither_table_nor_query_lists_the_tables(sqlite_db):
    with pytest.raises(
        SourceError,
        match=r"name a table \(table=…\) or a query \(query=…\); the "
        "tables are: flights",
    ):
        load(f"sqlite:///{sqlite_db}")


def test_table_and_query_together_are_refused(sqlite_db):
    with pytest.raises(SourceError, match="either table= or query=, not both"):
        load(f"sqlite:///{sqlite_db}?table=flights", query="SELECT 1")


def test_the_same_parameter_given_twice_differently_is_refused(sqlite_db):
    with pytest.raises(SourceError, match="table is given twice"):
        load(f"sqlite:///{sqlite_db}?table=flights", table="late")


@pytest.mark.parametrize("value", [0, -5, "many"])
def test_max_rows_must_be_positive(sqlite_db, value):
    with pytest.raises(SourceError, match="max_rows must be a whole number above zero"):
        load(f"sqlite:///{sqlite_db}?table=flights", max_rows=value)


def test_a_bad_query_says_it_is_not_valid_sql(sqlite_db):
    with pytest.raises(SourceError, match="the query is not valid SQL"):
        load(f"sqlite:///{sqlite_db}", query="SELECT * FROM flights WHERE")


def test_a_failing_query_gives_the_database_reason(sqlite_db):
    with pytest.raises(SourceError, match="the query failed: no such table: nope"):
        load(f"sqlite:///{sqlite_db}", query="SELECT * FROM nope")


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM flights",
        "DROP TABLE flights",
        "INSERT INTO flights (year) VALUES (1)",
        "UPDATE flights SET year = 0",
        "SELECT 1; DELETE FROM flights",
        "WITH gone AS (DELETE FROM flights RETURNING *) SELECT * FROM gone",
    ],
)
def test_write_statements_are_refused_and_nothing_changes(sqlite_db, query):
    with pytest.raises(SourceError, match=r"read-only|exactly one SELECT"):
        load(f"sqlite:///{sqlite_db}", query=query)
    assert len(load(f"sqlite:///{sqlite_db}?table=flights")) == 300


def test_sqlite_files_are_opened_read_only(sqlite_db):
    # The second lock: even a write that passed the query check would fail.
    import sqlalchemy as sa

    from analyst_pa.sources._sql import _sqlite_engine

    engine = _sqlite_engine(sa.make_url(f"sqlite:///{sqlite_db}"), "shop")
    with (
        engine.connect() as connection,
        pytest.raises(sa.exc.OperationalError, match="readonly database"),
    ):
        connection.exec_driver_sql("DELETE FROM flights")
    engine.dispose()


def test_a_missing_database_file_is_not_created(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(SourceError, match=f"no such database file: {path}"):
        load(f"sqlite:///{path}?table=t")
    assert not path.exists()


def test_an_in_memory_database_is_refused():
    with pytest.raises(SourceError, match="an in-memory database holds no data"):
        load("sqlite://?table=t")


def test_duckdb_table_and_query(duckdb_db, flights_head):
    frame = load(f"duckdb:///{duckdb_db}?table=flights")
    pd.testing.assert_frame_equal(frame, flights_head, check_dtype=False)

    counts = load(
        f"duckdb:///{duckdb_db}",
        query="SELECT carrier, count(*) AS n FROM flights GROUP BY carrier",
    )
    assert counts["n"].sum() == 300


def test_duckdb_queries_cannot_read_other_files(duckdb_db, tmp_path):
    other = tmp_path / "secret.csv"
    other.write_text("a\n1\n")
    with pytest.raises(
        SourceError, match=r"the query failed: .*disabled by configuration"
    ):
        load(f"duckdb:///{duckdb_db}", query=f"SELECT * FROM read_csv('{other}')")


def test_duckdb_unknown_table(duckdb_db):
    with pytest.raises(SourceError, match="no table 'x'; the tables are: flights"):
        load(f"duckdb:///{duckdb_db}", table="x")


def test_a_missing_driver_says_what_to_install():
    with pytest.raises(
        SourceError,
        match="the database driver 'pg8000' is not installed: pip install pg8000",
    ):
        load("postgresql+pg8000://u@localhost/db?table=t")


def test_an_unknown_driver_is_named():
    with pytest.raises(
        SourceError, match="SQLAlchemy knows no driver 'postgresql\\+nosuch'"
    ):
        load("postgresql+nosuch://u@localhost/db?table=t")


def test_an_unreachable_server_fails_fast():
    start = time.monotonic()
    with pytest.raises(
        SourceError,
        match=r"cannot connect to the database \(.*\); check that the server",
    ):
        load("postgresql://postgres@127.0.0.1:1/test?table=t")
    assert time.monotonic() - start < 6


def test_unknown_options_for_databases(sqlite_db):
    with pytest.raises(SourceError, match="a SQL database takes no option 'sheet'"):
        load(f"sqlite:///{sqlite_db}", sheet=1)
