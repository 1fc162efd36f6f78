"""Only a single read-only SELECT passes the query check."""

from __future__ import annotations

import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources._read_only import check_read_only


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1",
        "select a, b from t where c > 1 order by a",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "SELECT 1 UNION ALL SELECT 2",
        "SELECT * FROM t;",
        'SELECT * FROM "my table"',
    ],
)
def test_read_only_queries_pass(query):
    check_read_only(query, "postgres", "db")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("DELETE FROM t", "DELETE"),
        ("INSERT INTO t VALUES (1)", "INSERT"),
        ("UPDATE t SET a = 1", "UPDATE"),
        ("DROP TABLE t", "DROP"),
        ("CREATE TABLE u AS SELECT 1", "CREATE"),
        ("ALTER TABLE t ADD COLUMN b INT", "ALTER"),
        ("TRUNCATE t", "TRUNCATETABLE"),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "DELETE"),
        ("SELECT * INTO u FROM t", "INTO"),
        ("SELECT * FROM t FOR UPDATE", "LOCK"),
        ("COPY t TO '/tmp/x'", "COPY"),
        ("VACUUM", "VACUUM"),
    ],
)
def test_writes_are_refused_and_named(query, found):
    with pytest.raises(
        SourceError,
        match=rf"^db: the query is not read-only or not a SELECT \(found {found}\)",
    ):
        check_read_only(query, "postgres", "db")


def test_several_statements_are_refused():
    with pytest.raises(
        SourceError, match="holds 2 statements; pass exactly one SELECT"
    ):
        check_read_only("SELECT 1; SELECT 2", "sqlite", "db")


def test_syntax_errors_are_reported():
    with pytest.raises(SourceError, match="the query is not valid SQL"):
        check_read_only("SELECT 'unterminated", "duckdb", "db")
