"""Scoped tokens: issued for named sources and actions; refused otherwise."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pyarrow as pa
import pytest

from analyst_pa.server._permissions import Identity
from analyst_pa.server._tokens import TokenError, issue_token, verify_token
from tests.unit.server.conftest import body

KEY = b"k" * 32


async def _token(api, user="bob", **request):
    request = {"sources": ["sales"], "actions": ["use"], **request}
    answer = await api("tokens", user=user, method="POST", body=request)
    assert answer.code == 201, answer.body
    return body(answer)["token"]


async def _with_token(api, token, *path, method="POST", payload=None):
    # No user credential: the bearer token alone authenticates.
    return await api(
        *path,
        user=None,
        method=method,
        body=payload if payload is not None else ({} if method == "POST" else None),
        headers_override={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def api(api, jp_fetch):
    async def call(*path, headers_override=None, user="alice", body=None, **kwargs):
        if headers_override is None:
            from tests.unit.server.conftest import auth

            headers = auth(user)
        else:
            headers = headers_override
        if body is not None:
            kwargs["body"] = json.dumps(body)
        return await jp_fetch(
            "analyst", "api", *path, headers=headers, raise_error=False, **kwargs
        )

    return call


async def test_a_token_reads_its_source_and_nothing_else(api, sales, jp_root_dir):
    await sales()
    (jp_root_dir / "other.csv").write_text("a\n1\n")
    await api(
        "sources",
        method="POST",
        body={"name": "other", "url": str(jp_root_dir / "other.csv")},
    )
    await api("sources", "other", "grants", method="POST", body={"user": "bob"})
    token = await _token(api)

    read = await _with_token(api, token, "sources", "sales", "query")
    assert read.code == 200
    assert pa.ipc.open_stream(read.body).read_all().num_rows == 30
    elsewhere = await _with_token(api, token, "sources", "other", "query")
    assert elsewhere.code == 403
    assert "with this token" in body(elsewhere)["message"]
    manage = await _with_token(
        api, token, "sources", "sales", method="PATCH", payload={"description": "x"}
    )
    assert manage.code == 403
    more = await _with_token(api, token, "tokens", payload={"sources": ["sales"]})
    assert more.code == 403


async def test_a_token_cannot_exceed_its_issuers_grants(api, sales):
    await sales()
    answer = await api(
        "tokens",
        user="bob",
        method="POST",
        body={"sources": ["sales"], "actions": ["manage"]},
    )
    assert answer.code == 403
    answer = await api(
        "tokens", user="carol", method="POST", body={"sources": ["sales"]}
    )
    assert answer.code == 403


async def test_revoking_the_grant_revokes_the_token(api, sales):
    await sales()
    token = await _token(api)
    revoked = await api(
        "sources",
        "sales",
        "grants",
        method="DELETE",
        params={"group": "analysts", "action": "use"},
    )
    assert revoked.code == 204
    assert (await _with_token(api, token, "sources", "sales", "query")).code == 403


async def test_expired_and_tampered_tokens_are_refused(api, sales, jp_serverapp):
    await sales()
    from analyst_pa.server._app import SETTINGS_KEY

    key = jp_serverapp.web_app.settings[SETTINGS_KEY].secrets.signing_key
    expired, _ = issue_token(
        key,
        Identity("bob", frozenset({"analysts"})),
        ["sales"],
        ["use"],
        timedelta(seconds=-60),
    )
    answer = await _with_token(api, expired, "sources", "sales", "query")
    assert answer.code == 401
    assert "the token has expired" in body(answer)["message"]

    good = await _token(api)
    header, claims, signature = good.split(".")
    widened = json.loads(base64.urlsafe_b64decode(claims + "=="))
    widened["sub"] = "alice"
    forged = base64.urlsafe_b64encode(json.dumps(widened).encode()).decode().rstrip("=")
    answer = await _with_token(
        api, f"{header}.{forged}.{signature}", "sources", "sales"
    )
    assert answer.code == 401
    assert "not valid here" in body(answer)["message"]

    stranger, _ = issue_token(
        b"x" * 32, Identity("alice"), ["sales"], ["use"], timedelta(hours=1)
    )
    assert (await _with_token(api, stranger, "sources", "sales", "query")).code == 401


async def test_a_token_asks_a_lifetime_within_the_servers_limit(api, sales):
    await sales()
    answer = await api(
        "tokens",
        user="bob",
        method="POST",
        body={"sources": ["sales"], "expires_in": 10**7},
    )
    assert answer.code == 400
    assert "at most 86400 seconds" in body(answer)["message"]


def test_verify_names_what_is_wrong():
    token, _ = issue_token(KEY, Identity("bob"), ["s"], ["use"], timedelta(minutes=5))
    assert verify_token(KEY, token)["sources"] == ["s"]
    with pytest.raises(TokenError, match="not valid here"):
        verify_token(b"y" * 32, token)
    unsigned = jwt.encode({"sub": "bob"}, KEY, algorithm="HS256")
    with pytest.raises(TokenError, match="not valid here"):
        verify_token(KEY, unsigned)
    none_alg = jwt.encode(
        {
            "sub": "bob",
            "aud": "analyst_pa",
            "iss": "analyst_pa",
            "exp": 4102444800,
            "iat": 0,
        },
        None,
        algorithm="none",
    )
    with pytest.raises(TokenError):
        verify_token(KEY, none_alg)
