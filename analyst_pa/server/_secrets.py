"""Encrypt the credentials of server sources at rest.

One Fernet key protects every secret in the store. It is read from the key
file, or created there on first use with owner-only permissions (0600), or
supplied by the administrator (``AnalystApp.secret_key``, for instance from an
environment variable in a container). The key that signs scoped tokens is
derived from it, so there is one secret to keep and to rotate.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["Secrets", "load_key"]


def load_key(path: Path, supplied: str = "") -> bytes:
    """Return the supplied key, or the one in ``path``, created if missing."""
    if supplied:
        return _checked(supplied.encode(), "AnalystApp.secret_key")
    try:
        return _checked(path.read_bytes().strip(), str(path))
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Fernet.generate_key()
    # O_EXCL: two servers starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _checked(path.read_bytes().strip(), str(path))
    with os.fdopen(fd, "wb") as file:
        file.write(key + b"\n")
    return key


def _checked(key: bytes, origin: str) -> bytes:
    try:
        Fernet(key)
    except ValueError as exc:
        raise ValueError(
            f"the key in {origin} is not a Fernet key (32 url-safe base64-encoded "
            "bytes); create one with: python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())'"
        ) from exc
    return key


class Secrets:
    """Encrypt and decrypt the secrets of sources with one key.

    Parameters
    ----------
    key : bytes
        A Fernet key, as :func:`load_key` returns.
    """

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)
        self.signing_key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"analyst_pa scoped tokens",
        ).derive(key)

    def encrypt(self, value: dict[str, Any]) -> bytes:
        return self._fernet.encrypt(json.dumps(value).encode())

    def decrypt(self, token: bytes) -> dict[str, Any]:
        try:
            value: dict[str, Any] = json.loads(self._fernet.decrypt(token))
        except InvalidToken as exc:
            # Never the ciphertext nor the key in the message.
            raise ValueError(
                "a stored secret cannot be decrypted with the current key; was the "
                "key file replaced? Restore it, or register the source again"
            ) from exc
        return value

    def __repr__(self) -> str:
        return "Secrets(<key hidden>)"
