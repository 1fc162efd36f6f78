"""Turn JSON documents into tables: find the records, then flatten them.

Files and HTTP APIs share this: a JSON answer is either a list of records or
an object holding one (``{"data": {"items": [...]}, "links": ...}``), found by
a dotted ``records_path`` or, when the object holds a single list of objects,
on its own. Records become rows through :func:`pandas.json_normalize`, nested
objects becoming dotted column names.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from analyst_pa.errors import SourceError

__all__ = ["find_records", "parse_json", "read_json", "read_ndjson", "records_frame"]


def read_json(
    data: bytes, source: str, *, records_path: str | None = None
) -> pd.DataFrame:
    """Return the records of a JSON document as a DataFrame.

    Parameters
    ----------
    data : bytes
        The document (UTF-8, -16 or -32).
    source : str
        The source as shown in messages (already redacted).
    records_path : str, optional
        Dotted path to the list of records inside the document, such as
        ``"data.items"``; by default the document itself, or the one list of
        objects it holds.
    """
    return records_frame(find_records(parse_json(data, source), source, records_path))


def read_ndjson(data: bytes, source: str) -> pd.DataFrame:
    """Return the records of newline-delimited JSON, one object per line."""
    records = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        record = parse_json(line, source, where=f"line {number}")
        if not isinstance(record, dict):
            raise SourceError(
                source,
                f"line {number} holds a JSON {_kind(record)}, expected an object "
                "(one record per line)",
            )
        records.append(record)
    return records_frame(records)


def parse_json(data: bytes, source: str, *, where: str = "the document") -> Any:
    """Parse JSON, or raise a SourceError saying where it stops being JSON."""
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise SourceError(
            source, f"{where} is not UTF-8 text (byte {exc.start}); JSON must be UTF-8"
        ) from exc
    except json.JSONDecodeError as exc:
        raise SourceError(
            source,
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno} column "
            f"{exc.colno}",
        ) from exc


def find_records(
    document: Any, source: str, records_path: str | None = None
) -> list[dict[str, Any]]:
    """Return the list of records in ``document``.

    Raises
    ------
    SourceError
        When the path leads nowhere, or what it leads to is not a list of
        objects; the message lists the keys that are there.
    """
    if records_path:
        found = _follow(document, records_path, source)
    elif isinstance(document, dict):
        found = _only_list_of_objects(document, source)
    else:
        found = document

    if not isinstance(found, list):
        where = f"at {records_path!r}" if records_path else "in the document"
        raise SourceError(
            source,
            f"expected a list of records {where}, found a JSON {_kind(found)}; "
            "the answer is not tabular",
        )
    for position, item in enumerate(found):
        if not isinstance(item, dict):
            raise SourceError(
                source,
                f"expected records (JSON objects), but item {position} is a "
                f"JSON {_kind(item)}",
            )
    return found


def records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Return the records as rows, nested objects as dotted columns."""
    if not records:
        return pd.DataFrame()
    return pd.json_normalize(records)


def _follow(document: Any, path: str, source: str) -> Any:
    node = document
    walked: list[str] = []
    for key in path.split("."):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            at = ".".join(walked) or "the top level"
            keys = ", ".join(map(str, node)) if isinstance(node, dict) else None
            there = f"the keys there are: {keys}" if keys else f"it is a {_kind(node)}"
            raise SourceError(
                source, f"records_path {path!r}: no {key!r} under {at}; {there}"
            )
        walked.append(key)
    return node


def _only_list_of_objects(document: dict[str, Any], source: str) -> Any:
    lists = [
        key
        for key, value in document.items()
        if isinstance(value, list) and all(isinstance(item, dict) for item in value)
    ]
    if len(lists) == 1:
        return document[lists[0]]
    keys = ", ".join(map(str, document)) or "none"
    if lists:
        raise SourceError(
            source,
            f"the object holds several lists of records ({', '.join(lists)}); "
            "pass records_path='…' to choose one",
        )
    raise SourceError(
        source,
        f"found no list of records in the object (its keys: {keys}); pass "
        "records_path='…' with the dotted path to the records, such as 'data.items'",
    )


def _kind(value: Any) -> str:
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean"}
    if value is None:
        return "null"
    return kinds.get(type(value), "number")
