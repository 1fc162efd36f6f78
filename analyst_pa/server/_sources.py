"""What a server source is: its name, kind, URL, options and secrets.

A source arrives as the JSON body of ``POST sources``. Its kind follows from
the URL's scheme (a path or ``file:`` is a file, ``sqlite``, ``duckdb`` and
``postgresql`` are SQL, ``http(s)`` is HTTP). The password in the URL and
everything in ``secrets`` are split off to be encrypted; what remains shown is
the URL with its secrets masked. Where a source may point is confined here:
files (SQLite and DuckDB databases too) under the allowed roots, HTTP APIs on
the allowed hosts; both are checked when the source is registered and again
before every read, since a symlink or a DNS name can change in between.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from analyst_pa.errors import InputError
from analyst_pa.sources._http import host_allowed
from analyst_pa.sources._redact import redact, redact_text, secrets_in

__all__ = [
    "KINDS",
    "Confinement",
    "SourceSpec",
    "kind_of",
    "masked",
    "parse_source",
    "secret_values",
]

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
KINDS = ("file", "sql", "http")
_SQL_SCHEMES = {"sqlite", "duckdb", "postgresql", "postgres"}
_FILE_DATABASES = {"sqlite", "duckdb"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")

# Options a source may keep in clear, per kind; anything that authenticates
# belongs in "secrets". Limits are the server's, never the source's.
_OPTIONS = {
    "file": {"delimiter", "encoding", "decimal", "dayfirst", "sheet", "records_path"},
    "sql": {"table", "schema", "query"},
    "http": {
        "records_path", "paginate", "next_path", "page_param", "page_start",
        "max_pages", "params", "timeout",
    },
}  # fmt: skip
_SECRETS = {
    "file": set(),
    "sql": {"password"},
    "http": {"token", "auth", "headers", "params"},
}


@dataclass
class SourceSpec:
    """A source as registered: ``url`` still holds its password."""

    name: str
    kind: str
    url: str
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict)

    @property
    def shown_url(self) -> str:
        return redact(self.url)

    def reader_options(self) -> dict[str, Any]:
        """The options to read it with: its own, then its secrets merged in."""
        options = dict(self.options)
        for name, value in self.secrets.items():
            if name == "password":
                continue  # already inside the URL
            if isinstance(value, Mapping) and isinstance(options.get(name), Mapping):
                value = {**options[name], **value}
            options[name] = tuple(value) if name == "auth" else value
        return options


@dataclass(frozen=True)
class Confinement:
    """Where sources may point: file roots and HTTP hosts."""

    file_roots: Sequence[str]
    http_hosts: Sequence[str]

    def check(self, spec: SourceSpec) -> None:
        """Raise an InputError if ``spec`` points outside what is allowed."""
        scheme = _scheme(spec.url)
        if spec.kind == "file":
            self._check_path(_file_path(spec.url), spec)
        elif scheme in _FILE_DATABASES:
            self._check_path(_database_path(spec.url), spec)
        elif spec.kind == "http":
            self._check_host(spec)

    def _check_path(self, path: Path, spec: SourceSpec) -> None:
        # realpath: "../" and symlinks are resolved before the comparison.
        real = Path(os.path.realpath(path))
        roots = [Path(os.path.realpath(Path(r).expanduser())) for r in self.file_roots]
        if not any(real == root or root in real.parents for root in roots):
            raise InputError(
                f"source {spec.name!r}: the file {str(path)!r} is outside the allowed "
                f"roots ({', '.join(map(str, roots)) or 'none configured'}); move the "
                "file under one, or ask the administrator to add its folder to "
                "AnalystApp.allowed_file_roots"
            )

    def _check_host(self, spec: SourceSpec) -> None:
        host = (urlsplit(spec.url).hostname or "").lower()
        if not host_allowed(host, self.http_hosts):
            raise InputError(
                f"source {spec.name!r}: the host {host!r} is not allowed; the allowed "
                f"hosts are: {', '.join(self.http_hosts) or 'none configured'}; ask "
                "the administrator to add it to AnalystApp.allowed_http_hosts"
            )


def parse_source(body: Mapping[str, Any], name: str | None = None) -> SourceSpec:
    """Return the source described by a ``POST sources`` body.

    ``name`` is given when the body updates an existing source (``PUT``).
    """
    unknown = sorted(set(body) - {"name", "url", "description", "options", "secrets"})
    if unknown:
        raise InputError(
            f"unknown field(s) {', '.join(map(repr, unknown))}; a source has: name, "
            "url, description, options, secrets"
        )
    name = _check_name(name if name is not None else body.get("name"))
    url = body.get("url")
    if not isinstance(url, str) or not url.strip():
        raise InputError(f"source {name!r}: url must be a path or URL, got {url!r}")
    kind = kind_of(url)
    options = _mapping(body.get("options"), "options", name)
    secrets = _mapping(body.get("secrets"), "secrets", name)
    _check_keys(options, _OPTIONS[kind], f"{kind} source options", name, secrets)
    _check_keys(secrets, _SECRETS[kind], f"{kind} source secrets", name, secrets)
    _check_clear_params(options.get("params"), name)
    description = body.get("description") or ""
    if not isinstance(description, str):
        raise InputError(f"source {name!r}: description must be text")
    if "password" in secrets:
        url = _with_password(url, str(secrets.pop("password")))
    return SourceSpec(name, kind, url.strip(), description, options, secrets)


def kind_of(url: str) -> str:
    """Return ``"file"``, ``"sql"`` or ``"http"`` for a source URL or path."""
    scheme = _scheme(url)
    if scheme is None or scheme == "file":
        return "file"
    if scheme.split("+", 1)[0] in _SQL_SCHEMES:
        return "sql"
    if scheme in ("http", "https"):
        return "http"
    raise InputError(
        f"{redact(url)}: a server source is a file path, a database URL (sqlite://, "
        f"duckdb://, postgresql://) or an http(s):// URL, not {scheme}:"
    )


def secret_values(spec: SourceSpec) -> list[str]:
    """Every secret string of ``spec``, to mask wherever text leaves the server."""
    found = list(secrets_in(spec.url))
    stack: list[Any] = [spec.secrets]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif value not in (None, ""):
            found.append(str(value))
    return [secret for secret in found if len(secret) >= 3]


def masked(text: str, spec: SourceSpec) -> str:
    """Return ``text`` with every secret of ``spec`` masked."""
    return redact_text(text, secret_values(spec))


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise InputError(
            f"a source name is 1 to 64 letters, digits, '_', '-' or '.', starting "
            f"with a letter or digit; got {name!r}"
        )
    return name


def _mapping(value: Any, what: str, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"source {name!r}: {what} must be a JSON object")
    return dict(value)


def _check_keys(
    given: Mapping[str, Any],
    allowed: set[str],
    what: str,
    name: str,
    secrets: Mapping[str, Any],
) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        hint = "" if given is secrets else "; credentials belong in 'secrets'"
        raise InputError(
            f"source {name!r}: {what} take no {', '.join(map(repr, unknown))}; "
            f"they take: {', '.join(sorted(allowed)) or 'none'}{hint}"
        )


def _check_clear_params(params: Any, name: str) -> None:
    # Everyone who may use a source sees its options: an API key sent as a
    # query parameter belongs in secrets.params.
    for key in params or {}:
        probe = f"http://host/?{key}=value"
        if redact(probe) != probe:
            raise InputError(
                f"source {name!r}: the parameter {key!r} looks like a credential; "
                "put it in secrets.params, which is stored encrypted"
            )


def _with_password(url: str, password: str) -> str:
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise InputError(f"{redact(url)}: not a database URL") from exc
    if not parsed.username:
        raise InputError(
            f"{redact(url)}: a password needs a user name in the URL "
            "(postgresql://USER@host/db)"
        )
    return parsed.set(password=password).render_as_string(hide_password=False)


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    if match is None or len(match.group(1)) == 1:  # C:\… is a Windows path
        return None
    return match.group(1).lower()


def _file_path(url: str) -> Path:
    if _scheme(url) == "file":
        return Path(unquote(urlsplit(url).path))
    return Path(url).expanduser()


def _database_path(url: str) -> Path:
    import sqlalchemy as sa

    database = sa.make_url(url).database or ""
    if not database or database == ":memory:":
        raise InputError(
            f"{redact(url)}: an in-memory database holds no data; name a database "
            "file under an allowed root"
        )
    return Path(database).expanduser()
