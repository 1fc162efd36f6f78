"""Hide the secrets a source string may carry before it is shown.

A database URL can hold a password (``postgresql://user:pw@host/db``) and an
HTTP URL a key in its query (``?api_key=…``). Every message and label names the
source through :func:`redact`, and library messages quoted in our errors go
through :func:`redact_text`, so that neither secret leaves the process.
"""

from __future__ import annotations

import re

__all__ = ["redact", "redact_text", "secrets_in"]

MASK = "***"

# Query parameters whose value is a credential, matched case-insensitively
# as a whole name or as its last ``_``/``-`` separated part (``api_key``).
_SECRET_PARAMS = frozenset(
    {"password", "passwd", "pwd", "secret", "token", "key", "apikey", "auth"}
)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_QUERY_PARAM = re.compile(r"([?&;])([^=&#;]+)=([^&#;]*)")


def redact(source: str) -> str:
    """Return ``source`` with the password and secret query values masked.

    Parameters
    ----------
    source : str
        A path or URL as the user gave it.

    Returns
    -------
    str
        The same text, with ``user:password@`` shown as ``user:***@`` and the
        value of query parameters such as ``token`` or ``api_key`` as ``***``.
    """
    match = _URL.match(source)
    if not match:
        return source

    prefix, rest = source[: match.end()], source[match.end() :]
    authority, tail = _split_authority(rest)
    if "@" in authority:
        userinfo, host = authority.rsplit("@", 1)
        if ":" in userinfo:
            authority = f"{userinfo.split(':', 1)[0]}:{MASK}@{host}"
    return prefix + authority + _QUERY_PARAM.sub(_mask_param, tail)


def secrets_in(source: str) -> list[str]:
    """Return the password and secret query values held in ``source``."""
    match = _URL.match(source)
    if not match:
        return []

    authority, tail = _split_authority(source[match.end() :])
    secrets = []
    userinfo = authority.rsplit("@", 1)[0] if "@" in authority else ""
    if ":" in userinfo:
        secrets.append(userinfo.split(":", 1)[1])
    secrets += [
        m.group(3) for m in _QUERY_PARAM.finditer(tail) if _is_secret(m.group(2))
    ]
    return [secret for secret in secrets if secret]


def redact_text(text: str, secrets: list[str]) -> str:
    """Return ``text`` with every occurrence of each secret masked.

    Library error messages sometimes quote a URL, a connection string or a
    header; this masks the known secrets wherever they appear in them.
    """
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _split_authority(rest: str) -> tuple[str, str]:
    # The user info ends at the last "@" before the path, so a password with
    # an unescaped "@" is still masked whole.
    ends = [i for i in (rest.find(c) for c in "/?#") if i >= 0]
    end = min(ends) if ends else len(rest)
    return rest[:end], rest[end:]


def _mask_param(match: re.Match[str]) -> str:
    separator, name = match.group(1), match.group(2)
    return f"{separator}{name}={MASK}" if _is_secret(name) else match.group(0)


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_PARAMS or re.split(r"[_-]", lowered)[-1] in _SECRET_PARAMS
