"""Turn the values pandas, numpy and Python hold into the scalars of the results.

The result models accept only JSON scalars, with NaN and infinity refused.
Everything else is shown as text: timestamps in ISO 8601 with their offset,
durations as pandas prints them, containers in their canonical JSON form.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from analyst_pa.results import Scalar

# Containers whose cells make a column ``nested``.
CONTAINERS = (list, tuple, dict, set, frozenset, np.ndarray, Mapping)

# Longest text kept in a top value; longer ones are cut with an ellipsis so
# that a column of documents does not bloat the profile.
MAX_TEXT = 200


def to_scalar(value: Any) -> Scalar:
    """Return ``value`` as a JSON scalar: native where it is one, else text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, np.timedelta64):  # a numpy integer, but a duration
        return shorten(display_text(value))
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return finite_or_text(float(value))
    if isinstance(value, str):
        return shorten(value)
    return shorten(display_text(value))


def finite_or_text(value: float) -> Scalar:
    """Return a finite float as is, infinity as ``"inf"``/``"-inf"``, NaN as None."""
    if math.isfinite(value):
        return value
    if math.isnan(value):
        return None
    return "inf" if value > 0 else "-inf"


def display_text(value: Any) -> str:
    """Return the text an analyst expects to read for ``value``."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta | np.timedelta64 | np.datetime64):
        try:
            return _pandas_text(value)
        except (ValueError, OverflowError):  # months, years, out of range
            return str(value)
    if isinstance(value, CONTAINERS):
        return canonical_json(value)
    return str(value)


def _pandas_text(value: dt.timedelta | np.timedelta64 | np.datetime64) -> str:
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).isoformat()
    return str(pd.Timedelta(value))


def shorten(text: str) -> str:
    """Cut ``text`` to :data:`MAX_TEXT` characters, marking the cut."""
    text = text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
    return utf8(text)


def utf8(text: str) -> str:
    """Return ``text`` with what UTF-8 cannot hold (lone surrogates) replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def canonical_json(value: Any) -> str:
    """Return one canonical text for equal cells: JSON with sorted keys.

    Lists and tuples read alike, sets are sorted, and values JSON cannot
    hold are written with their type name so that ``Decimal("1")`` and the
    text ``"1"`` stay apart.
    """
    # Most cells are flat lists or dicts of plain values: encode them as
    # they are, without rebuilding them.
    return _ENCODER.encode(value if _is_plain(value) else _plain(value))


def _is_plain(value: Any) -> bool:
    kind = type(value)
    if kind is list or kind is tuple:
        return all(type(v) in _PLAIN_TYPES for v in value)
    if kind is dict:
        return all(type(k) is str for k in value) and all(
            type(v) in _PLAIN_TYPES for v in value.values()
        )
    return kind in _PLAIN_TYPES


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        # Keys become text so that json can sort keys of mixed types.
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=canonical_json)
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def _tagged(value: Any) -> str:
    if isinstance(value, Decimal | dt.date | dt.time | dt.timedelta):
        return f"{type(value).__name__}:{display_text(value)}"
    return f"{type(value).__name__}:{value!r}"


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_tagged
)
