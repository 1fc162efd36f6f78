"""Short-lived tokens scoped to named sources and actions, for headless runs.

``POST /analyst/api/tokens`` signs a JWT (HS256, with a key derived from the
server's secret key) naming its holder, the sources and the actions it allows,
and when it expires. The command line and papermill read it from
``ANALYST_PA_TOKEN`` and send it as ``Authorization: Bearer …``. A request with
such a token is the issuer's, narrowed to the token's scope: the issuer's
grants are still checked on every request, so revoking a grant revokes the
tokens that rely on it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from jupyter_server.auth import User

from analyst_pa.server._permissions import Identity

__all__ = [
    "AUDIENCE",
    "TOKEN_ENV",
    "TokenError",
    "bearer_token",
    "issue_token",
    "scoped_user",
    "verify_token",
]

TOKEN_ENV = "ANALYST_PA_TOKEN"
AUDIENCE = ISSUER = "analyst_pa"
_ALGORITHM = "HS256"
_REQUIRED = ["exp", "iat", "sub", "aud", "iss"]


class TokenError(Exception):
    """A scoped token is not valid; the message says why and what to do."""


def issue_token(
    key: bytes,
    identity: Identity,
    sources: Sequence[str],
    actions: Sequence[str],
    lifetime: timedelta,
    hub_scopes: Sequence[str] = (),
) -> tuple[str, datetime]:
    """Return a token for ``identity`` limited to ``sources`` and ``actions``.

    ``hub_scopes`` are the JupyterHub scopes of the issuer, carried so that
    the hub's authorizer judges the token's holder as it judged the issuer.
    """
    now = datetime.now(UTC)
    expires = now + lifetime
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": identity.name,
        "groups": sorted(identity.groups),
        "sources": sorted(sources),
        "actions": sorted(actions),
        "hub_scopes": list(hub_scopes),
        "iat": now,
        "nbf": now,
        "exp": expires,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, key, algorithm=_ALGORITHM), expires


def verify_token(key: bytes, token: str) -> dict[str, Any]:
    """Return the claims of ``token``, or raise TokenError saying what is wrong."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[_ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": _REQUIRED},
            leeway=5,
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError(
            "the token has expired; ask for a new one with POST /analyst/api/tokens"
        ) from exc
    except jwt.InvalidTokenError as exc:
        # PyJWT's message names the failed check, never the token itself.
        raise TokenError(
            f"the token is not valid here ({exc}); use a token this server issued, "
            "unchanged"
        ) from exc
    if not _is_names(claims.get("sources")) or not _is_names(claims.get("actions")):
        raise TokenError("the token names no sources or actions; ask for a new one")
    return claims


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def bearer_token(authorization: str) -> str | None:
    """Return the JWT in an ``Authorization: Bearer …`` header, if it holds one."""
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or value.count(".") != 2:
        return None  # a jupyter-server or JupyterHub token, not ours
    return value


def scoped_user(claims: dict[str, Any]) -> User:
    """Return the jupyter-server user a token's holder is, carrying its claims."""
    user = User(username=claims["sub"])
    user.analyst_claims = claims  # type: ignore[attr-defined]
    # JupyterHub's authorizer reads the hub scopes of ``hub_user``.
    user.hub_user = {  # type: ignore[attr-defined]
        "name": claims["sub"],
        "groups": claims.get("groups", []),
        "scopes": claims.get("hub_scopes", []),
    }
    return user
