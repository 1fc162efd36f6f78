"""Reads stay read-only, bounded and confined; secrets never leave the server."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pyarrow as pa
import pytest

from tests.unit.server.conftest import HTTP_TOKEN, PASSWORD, body


def _rows(response) -> pa.Table:
    return pa.ipc.open_stream(response.body).read_all()


async def _query(api, user="bob", **request):
    return await api(
        "sources", "sales", "query", user=user, method="POST", body=request
    )


async def test_a_table_name_carrying_sql_is_refused_and_the_table_survives(
    api, sales, sales_db
):
    await sales()
    response = await _query(api, table="orders; DROP TABLE orders")
    assert response.code == 400
    assert "no table 'orders; DROP TABLE orders'" in body(response)["message"]
    with sqlite3.connect(sales_db) as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone() == (30,)


async def test_parameters_are_bound_as_literals_never_as_sql(api, sales, sales_db):
    await sales()
    response = await _query(
        api,
        query="SELECT id, region FROM orders WHERE region = :region",
        params={"region": "north' OR '1'='1"},
    )
    assert response.code == 200, response.body
    assert _rows(response).num_rows == 0
    response = await _query(
        api, query="SELECT id FROM orders WHERE region = ?", params=["north"]
    )
    assert _rows(response).num_rows == 10


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM orders",
        "SELECT 1; DROP TABLE orders",
        "WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone",
        "ATTACH DATABASE '/tmp/x.db' AS x",
    ],
)
async def test_queries_that_write_are_refused(api, sales, sales_db, query):
    await sales()
    response = await _query(api, query=query)
    assert response.code == 400, response.body
    with sqlite3.connect(sales_db) as db:
        assert db.execute("SELECT count(*) FROM orders").fetchone() == (30,)


async def test_rows_beyond_the_limit_are_left_out_and_the_answer_says_so(
    api, sales, analyst_config
):
    await sales()
    response = await _query(api, max_rows=7)
    assert _rows(response).num_rows == 7
    assert response.headers["X-Analyst-Truncated"] == "true"
    response = await _query(api, max_rows=1000)
    assert _rows(response).num_rows == 30
    assert response.headers["X-Analyst-Truncated"] == "false"


@pytest.fixture
def tight_limits(analyst_config):
    analyst_config.update(max_rows=5, max_bytes=60, query_timeout=2.0)


async def test_the_servers_limits_cap_rows_bytes_and_time(tight_limits, api, sales):
    await sales()
    response = await _query(api, max_rows=1000, query="SELECT id FROM orders LIMIT 3")
    assert _rows(response).num_rows == 3
    response = await _query(api)
    assert response.code == 413
    assert "more than the limit of 60" in body(response)["message"]
    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT count(*) FROM n"
    )
    response = await _query(api, query=endless)
    assert response.code == 504
    assert "longer than the limit of 2 s" in body(response)["message"]


@pytest.mark.parametrize(
    "url",
    [
        "{root}/../outside.csv",
        "/etc/passwd",
        "file:///etc/hostname",
        "sqlite:///{root}/../outside.db",
        "{root}/escape/outside.csv",
    ],
)
async def test_files_outside_the_allowed_roots_are_refused(api, jp_root_dir, url):
    outside = jp_root_dir.parent / "outside.csv"
    outside.write_text("a,b\n1,2\n")
    (jp_root_dir / "escape").symlink_to(jp_root_dir.parent)
    answer = await api(
        "sources",
        method="POST",
        body={"name": "sneaky", "url": url.format(root=jp_root_dir)},
    )
    assert answer.code == 400
    assert "outside the allowed roots" in body(answer)["message"]


async def test_a_file_that_becomes_a_link_outside_is_refused_at_read_time(
    api, jp_root_dir
):
    inside = jp_root_dir / "data.csv"
    inside.write_text("a,b\n1,2\n")
    answer = await api("sources", method="POST", body={"name": "d", "url": str(inside)})
    assert answer.code == 201
    outside = jp_root_dir.parent / "secret.csv"
    outside.write_text("x\n1\n")
    inside.unlink()
    inside.symlink_to(outside)
    response = await api("sources", "d", "query", method="POST", body={})
    assert response.code == 403
    assert "outside the allowed roots" in body(response)["message"]


async def test_a_file_source_inside_the_root_reads(api, jp_root_dir):
    (jp_root_dir / "data.csv").write_text("a,b\n1,x\n2,y\n")
    answer = await api(
        "sources",
        method="POST",
        body={"name": "d", "url": str(jp_root_dir / "data.csv")},
    )
    assert answer.code == 201, answer.body
    response = await api("sources", "d", "query", method="POST", body={})
    assert _rows(response).to_pydict() == {"a": [1, 2], "b": ["x", "y"]}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/data",
        "https://evil.example.com/data",
        "https://api.example.test.evil.com/x",
        "http://169.254.169.254/latest/meta-data",
    ],
)
async def test_http_sources_on_hosts_not_allowed_are_refused(api, url):
    answer = await api("sources", method="POST", body={"name": "h", "url": url})
    assert answer.code == 400
    assert (
        "is not allowed; the allowed hosts are: api.example.test"
        in body(answer)["message"]
    )


async def test_secrets_are_stored_encrypted_and_never_shown(
    api, sales_db, tmp_path, jp_logging_stream
):
    url = f"postgresql://analyst:{PASSWORD}@db.invalid:5432/shop"
    answer = await api(
        "sources",
        method="POST",
        body={"name": "pg", "url": url, "options": {"table": "t"}},
    )
    assert answer.code == 201, answer.body
    shown = body(answer)
    assert shown["url"] == "postgresql://analyst:***@db.invalid:5432/shop"
    assert shown["secrets"] == ["password"]
    http = await api(
        "sources",
        method="POST",
        body={
            "name": "api",
            "url": "https://api.example.test/v1/items",
            "secrets": {"token": HTTP_TOKEN, "headers": {"X-Key": HTTP_TOKEN}},
        },
    )
    assert http.code == 201, http.body
    listing = await api("sources")
    one = await api("sources", "pg")
    # The read fails (no such host): its error must not quote the password.
    failed = await api("sources", "pg", "query", method="POST", body={})
    assert failed.code == 400
    assert body(failed)["message"].startswith(
        "postgresql://analyst:***@db.invalid:5432/shop: cannot connect"
    )
    for response in (answer, http, listing, one, failed):
        text = response.body.decode()
        assert PASSWORD not in text and HTTP_TOKEN not in text
    raw = (tmp_path / "registry.sqlite").read_bytes()
    assert PASSWORD.encode() not in raw and HTTP_TOKEN.encode() not in raw
    logs = jp_logging_stream.getvalue()
    assert PASSWORD not in logs and HTTP_TOKEN not in logs


async def test_a_password_is_not_carried_to_another_host(api):
    url = f"postgresql://analyst:{PASSWORD}@db.invalid/shop"
    await api("sources", method="POST", body={"name": "pg", "url": url})
    same_host = await api(
        "sources",
        "pg",
        method="PATCH",
        body={"url": "postgresql://analyst@db.invalid/other"},
    )
    assert body(same_host)["url"] == "postgresql://analyst:***@db.invalid/other"
    moved = await api(
        "sources",
        "pg",
        method="PATCH",
        body={"url": "postgresql://analyst@evil.invalid/x"},
    )
    assert body(moved)["url"] == "postgresql://analyst@evil.invalid/x"
    assert body(moved)["secrets"] == []


async def test_the_key_file_is_created_owner_only(jp_serverapp, analyst_config):
    mode = stat.S_IMODE(os.stat(analyst_config["key_file"]).st_mode)
    assert mode == 0o600


async def test_a_source_with_a_bad_body_is_refused_with_what_to_send(api):
    cases = [
        ({"name": "x y", "url": "a.csv"}, "a source name is 1 to 64"),
        ({"name": "x"}, "url must be a path or URL"),
        ({"name": "x", "url": "ftp://h/f"}, "not ftp:"),
        (
            {"name": "x", "url": "a.csv", "secrets": {"password": "p"}},
            "take no 'password'",
        ),
        (
            {"name": "x", "url": "sqlite:///a.db", "options": {"token": "t"}},
            "belong in 'secrets'",
        ),
        ({"name": "x", "url": "a.csv", "extra": 1}, "unknown field(s) 'extra'"),
        (
            {
                "name": "x",
                "url": "https://api.example.test/v1",
                "options": {"params": {"api_key": "k"}},
            },
            "put it in secrets.params",
        ),
    ]
    for payload, message in cases:
        answer = await api("sources", method="POST", body=payload)
        assert answer.code == 400, payload
        assert message in body(answer)["message"], (payload, body(answer))


def test_a_supplied_key_must_be_a_fernet_key(tmp_path: Path):
    from analyst_pa.server._secrets import load_key

    with pytest.raises(ValueError, match="is not a Fernet key"):
        load_key(tmp_path / "k", supplied="not-a-key")
