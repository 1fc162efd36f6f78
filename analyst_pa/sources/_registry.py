"""Which reader opens a source: a registry keyed by URL scheme.

A path (no scheme, or a one-letter Windows drive) goes to the file reader;
anything else by its scheme: the built-in readers, those registered with
:func:`register_source`, and those that installed packages declare as entry
points in the group ``analyst_pa.sources`` (loaded on the first scheme that
is not otherwise known). ``dialect+driver`` schemes such as
``postgresql+psycopg2`` fall back to the reader of their dialect.

The built-in readers are named by module so that importing this package
imports neither pandas nor SQLAlchemy nor httpx.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from analyst_pa.errors import InputError, SourceError
from analyst_pa.sources._redact import redact

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENTRY_POINT_GROUP", "Reader", "describe_source", "load", "register_source"]

ENTRY_POINT_GROUP = "analyst_pa.sources"

Reader = Callable[..., "pd.DataFrame"]

_FILES = "analyst_pa.sources._files:read_file"
_SQL = "analyst_pa.sources._sql:read_sql"
_HTTP = "analyst_pa.sources._http:read_http"
_BUILT_IN = {
    "file": _FILES,
    "sqlite": _SQL,
    "duckdb": _SQL,
    "postgresql": _SQL,
    "postgres": _SQL,
    "http": _HTTP,
    "https": _HTTP,
    "source": "analyst_pa.sources._server:read_server_source",
    "dataset": "analyst_pa.sources._datasets:read_dataset",
}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")

_registered: dict[str, Reader] = {}
_entry_points: dict[str, importlib.metadata.EntryPoint] | None = None


def load(source: str | os.PathLike[str], **options: Any) -> pd.DataFrame:
    """Return the data at ``source`` as a DataFrame.

    Parameters
    ----------
    source : str or os.PathLike
        A path (``.csv``, ``.tsv``, ``.txt``, each optionally ``.gz`` or
        ``.zip``; ``.xlsx``, ``.parquet``, ``.json``, ``.ndjson``,
        ``.jsonl``), a ``file://`` URL, a database URL
        (``sqlite:///f.db?table=t``, ``duckdb:///f.duckdb?query=…``,
        ``postgresql://user@host/db?table=t``), an HTTP(S) URL of a JSON API,
        ``source:NAME`` for a source registered on the server,
        ``dataset:flights`` for the data that ships with analyst_pa, or a URL
        of a scheme registered with :func:`register_source`.
    **options
        Passed to the reader of the source's kind, which says which it takes:
        for instance ``max_bytes``, ``delimiter``, ``sheet`` or
        ``records_path`` for files; ``table``, ``query``, ``max_rows`` for
        databases; ``records_path``, ``paginate``, ``token`` for HTTP.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    SourceError
        When the source cannot be opened or read; the message names the
        source (passwords masked), what was expected and what to do.

    Examples
    --------
    >>> load("sales.csv")  # doctest: +SKIP
    >>> load("sqlite:///shop.db", table="orders", max_rows=1000)  # doctest: +SKIP
    """
    text = _as_text(source)
    scheme = _scheme_of(text)
    reader = _reader_for(scheme, text) if scheme else _resolve(_FILES)
    frame = reader(text, **options)

    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise SourceError(
            redact(text),
            f"the reader for {scheme or 'files'!r} returned a {type(frame).__name__}, "
            "expected a pandas DataFrame; this is a bug in that reader",
        )
    return frame


def register_source(scheme: str, reader: Reader) -> None:
    """Make :func:`load` open URLs of ``scheme`` with ``reader``.

    Parameters
    ----------
    scheme : str
        A URL scheme of two characters or more, such as ``"s3"`` or
        ``"mysql"``; case does not matter. It replaces any reader for that
        scheme, the built-in ones included.
    reader : callable
        ``reader(source: str, **options) -> pandas.DataFrame``, raising
        :class:`~analyst_pa.errors.SourceError` for a source it cannot read.

    Notes
    -----
    Packages can register a reader without being imported by declaring an
    entry point in the group ``analyst_pa.sources`` whose name is the scheme.
    """
    if not isinstance(scheme, str) or not _SCHEME.match(scheme + ":"):
        raise InputError(
            f"scheme must be a URL scheme such as 's3' (a letter, then letters, "
            f"digits, '+', '-' or '.'; two characters or more), got {scheme!r}"
        )
    if not callable(reader):
        raise TypeError(f"reader must be callable, got {type(reader).__name__}")
    _registered[scheme.lower()] = reader


def describe_source(source: Any) -> str:
    """Return ``source`` as shown in labels and messages, passwords masked."""
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    return redact(source) if isinstance(source, str) else repr(source)


def _as_text(source: Any) -> str:
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if not isinstance(source, str):
        raise SourceError(
            describe_source(source),
            f"expected a path or URL as a string or os.PathLike, got a "
            f"{type(source).__name__}; pass a DataFrame to analyze() directly",
        )
    return source


def _scheme_of(source: str) -> str | None:
    # "C:\data.csv" is a Windows path, not a URL of scheme "c".
    match = _SCHEME.match(source)
    return match.group(1).lower() if match else None


def _reader_for(scheme: str, source: str) -> Reader:
    candidates = [scheme, scheme.split("+", 1)[0]] if "+" in scheme else [scheme]
    for candidate in candidates:
        reader = _known_reader(candidate)
        if reader is not None:
            return reader
    for candidate in candidates:
        if candidate in _discovered():
            return _load_entry_point(_discovered()[candidate], source)

    known = sorted({*_BUILT_IN, *_registered, *_discovered()})
    raise SourceError(
        redact(source),
        f"no reader for URLs of scheme {scheme!r}; the known schemes are: "
        f"{', '.join(known)}. Give a file path, or register a reader with "
        "analyst_pa.sources.register_source",
    )


def _known_reader(scheme: str) -> Reader | None:
    if scheme in _registered:
        return _registered[scheme]
    if scheme in _BUILT_IN:
        return _resolve(_BUILT_IN[scheme])
    return None


def _resolve(reference: str) -> Reader:
    module, _, name = reference.partition(":")
    reader: Reader = getattr(importlib.import_module(module), name)
    return reader


def _discovered() -> dict[str, importlib.metadata.EntryPoint]:
    global _entry_points
    if _entry_points is None:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        _entry_points = {entry.name.lower(): entry for entry in found}
    return _entry_points


def _load_entry_point(entry: importlib.metadata.EntryPoint, source: str) -> Reader:
    package = entry.dist.name if entry.dist else "an installed package"
    try:
        reader = entry.load()
    except Exception as exc:  # any failure of a third-party import
        raise SourceError(
            redact(source),
            f"the reader for scheme {entry.name!r} from {package} ({entry.value}) "
            f"failed to load: {exc}; reinstall or upgrade {package}",
        ) from exc
    if not callable(reader):
        raise SourceError(
            redact(source),
            f"the entry point {entry.name!r} of {package} names {entry.value}, which "
            "is not callable",
        )
    _registered.setdefault(entry.name.lower(), reader)
    return reader
