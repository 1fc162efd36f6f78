"""PostgreSQL through psycopg 3, against the server on 127.0.0.1:5432."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import load

URL = "postgresql://postgres@127.0.0.1:5432/test"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def engine(postgres_engine: Any) -> Any:
    return postgres_engine


@pytest.fixture
def flights_table(engine, flights_raw) -> Iterator[tuple[str, pd.DataFrame]]:
    """A uniquely named table of 500 real flights, dropped afterwards."""
    import sqlalchemy as sa

    name = f"Flights {uuid.uuid4().hex[:8]}"  # mixed case and a space: must be quoted
    rows = flights_raw.head(500)
    rows.to_sql(name, engine, index=False)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SEQUENCE "{name} seq"'))
    yield name, rows
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP TABLE "{name}"'))
        connection.execute(sa.text(f'DROP SEQUENCE "{name} seq"'))


def test_a_table_round_trips(flights_table):
    name, rows = flights_table
    frame = load(URL, table=name)
    pd.testing.assert_frame_equal(frame, rows, check_dtype=False)
    assert frame["dep_time"].isna().sum() == rows["dep_time"].isna().sum()


def test_postgres_alias_and_max_rows(flights_table):
    name, _ = flights_table
    frame = load(URL.replace("postgresql://", "postgres://"), table=name, max_rows=10)
    assert len(frame) == 10


def test_a_query(flights_table):
    name, rows = flights_table
    frame = load(
        URL, query=f'SELECT origin, count(*) AS n FROM "{name}" GROUP BY origin'
    )
    assert (
        frame.set_index("origin")["n"].to_dict()
        == rows["origin"].value_counts().to_dict()
    )


def test_an_unknown_table_lists_the_known_ones(flights_table):
    name, _ = flights_table
    with pytest.raises(SourceError, match=f"no table 'nope'; the tables are: .*{name}"):
        load(URL, table="nope")


def test_writes_are_refused_before_reaching_the_server(flights_table):
    name, _ = flights_table
    with pytest.raises(SourceError, match=r"not read-only .*\(found DELETE\)"):
        load(URL, query=f'DELETE FROM "{name}"')
    assert len(load(URL, table=name)) == 500


def test_the_transaction_is_read_only(flights_table):
    # nextval() writes although it is a SELECT: the READ ONLY transaction stops it.
    name, _ = flights_table
    with pytest.raises(SourceError, match="read-only transaction"):
        load(URL, query=f"SELECT nextval('\"{name} seq\"')")


def test_a_missing_database_is_a_connection_error(engine):
    with pytest.raises(SourceError, match=r'cannot connect .*database "no_such_db"'):
        load("postgresql://postgres@127.0.0.1:5432/no_such_db?table=t")
