"""Facts about columns of Python objects (``object`` dtype).

Such a column may hold anything: one Python type (text, integers too large for
64 bits, ``Decimal``, dates, lists and dicts) or several. The type of every
present value is looked up once; a column of one kind is profiled as that
kind, and a column of several is numeric when nearly all of it is numbers,
nested when most of it is containers, and ``mixed`` otherwise.

Values are told apart on a canonical form (:func:`canonical_json`), so that
``True``, ``1`` and ``1.0`` are three values and ``{"a": 1, "b": 2}`` equals
``{"b": 2, "a": 1}``, while an empty list is a value, not a missing one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from analyst_pa.profile._facts import Facts, length_facts, quote_some, top_values
from analyst_pa.profile._numeric import (
    boolean_facts,
    float_facts,
    float_tally_facts,
    integer_facts,
)
from analyst_pa.profile._scalars import CONTAINERS, canonical_json, display_text
from analyst_pa.profile._semantic import (
    MISSING_TOKENS,
    NUMERIC_SHARE,
    few_categories,
    identifier_note,
)
from analyst_pa.profile._statistics import Tally
from analyst_pa.profile._temporal import datetime_facts, duration_facts
from analyst_pa.profile._text import text_facts
from analyst_pa.results import SemanticType

_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")


def object_facts(present: pd.Series, name: str, top: int) -> Facts:
    """Return the facts of present values of an object column."""
    values = present.to_numpy(dtype=object)
    kinds = _kinds(values)
    mix = kinds.value_counts()
    if len(mix) == 1:
        return _one_kind(str(mix.index[0]), present, values, name, top)
    if set(mix.index) == {"int", "float"}:
        return _number_facts(values, name, top)
    if set(mix.index) <= {"decimal", "int", "float"}:
        return _decimal_facts(values, top)
    return _several_kinds(values, kinds.to_numpy(), mix, name, top)


def cell_keys(column: pd.Series) -> np.ndarray:
    """Return each cell's canonical form, None where missing: hashable keys."""
    missing = column.isna().to_numpy(dtype=bool)
    keys = np.full(len(column), None, dtype=object)
    keys[~missing] = [
        canonical_json(v) for v in column.to_numpy(dtype=object)[~missing]
    ]
    return keys


def _kind_of(kind: type) -> str:
    """Return the kind of value a Python type holds."""
    checks: tuple[tuple[str, tuple[type, ...]], ...] = (
        ("bool", (bool, np.bool_)),
        ("duration", (dt.timedelta, np.timedelta64)),  # before int: a subclass
        ("int", (int, np.integer)),
        ("float", (float, np.floating)),
        ("str", (str,)),
        ("decimal", (Decimal,)),
        ("datetime", (dt.datetime, np.datetime64)),  # before date: a subclass
        ("date", (dt.date,)),
        ("nested", CONTAINERS),
    )
    for name, types in checks:
        if issubclass(kind, types):
            return name
    return "other"


def _kinds(values: np.ndarray) -> pd.Series:
    types = pd.Series([type(v) for v in values], dtype=object)
    return types.map({t: _kind_of(t) for t in types.unique()})


def _one_kind(
    kind: str, present: pd.Series, values: np.ndarray, name: str, top: int
) -> Facts:
    if kind == "str":
        counted = present.value_counts()
        return text_facts(pd.Series(counted.index), counted.to_numpy(), name, top)
    if kind == "bool":
        trues = int(values.astype(bool).sum())
        return boolean_facts(trues, len(values) - trues, top)
    if kind in ("int", "float"):
        return _number_facts(values, name, top)
    if kind == "decimal":
        return _decimal_facts(values, top)
    if kind in ("datetime", "date", "duration"):
        try:
            return _temporal_facts(kind, values, top)
        except (ValueError, TypeError, OverflowError):
            pass  # out of range or of no fixed length (months): shown as text
    if kind == "nested":
        return _nested_facts(values, top)
    return _other_facts(present, values, top)


def _number_facts(values: np.ndarray, name: str, top: int) -> Facts:
    """Python numbers: floats, or integers kept exact however large."""
    if any(isinstance(v, float | np.floating) for v in values):
        return float_facts(_floats(values), name, top)
    integers, note = _integer_array(values)
    facts = integer_facts(Tally.of(integers), name, top)
    if note:
        facts["notes"] = [*facts.get("notes", []), note]
    return facts


def _floats(values: np.ndarray) -> np.ndarray:
    """Return numbers as floats, integers too large for one as infinities."""
    try:
        return values.astype(np.float64)
    except OverflowError:
        return np.array([_float(v) for v in values], dtype=np.float64)


def _float(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _integer_array(values: np.ndarray) -> tuple[np.ndarray, str | None]:
    """Return integers as int64 or uint64 when they fit, else as Python ints."""
    for dtype in (np.int64, np.uint64):
        try:
            return values.astype(dtype), None
        except OverflowError:
            continue
    note = "integers beyond 64 bits: statistics computed exactly with Python integers"
    return np.array([int(v) for v in values], dtype=object), note


def _decimal_facts(values: np.ndarray, top: int) -> Facts:
    floats = np.array([float(v) for v in values], dtype=np.float64)
    finite = floats[np.isfinite(floats)]
    positive = int(np.count_nonzero(floats == np.inf))
    negative = int(np.count_nonzero(floats == -np.inf))
    facts = float_tally_facts(
        Tally.of(finite), "", top, infinities=(positive, negative), whole=False
    )
    note = "Decimal values; statistics computed in floating point"
    return facts | {"semantic_type": SemanticType.DECIMAL, "notes": [note]}


def _temporal_facts(kind: str, values: np.ndarray, top: int) -> Facts:
    if kind == "duration":
        return duration_facts(pd.Series(pd.to_timedelta(values)), top)
    return _datetime_facts(values, top)


def _datetime_facts(values: np.ndarray, top: int) -> Facts:
    """Python or numpy timestamps and dates; naive and aware are never mixed."""
    aware = np.array([getattr(v, "tzinfo", None) is not None for v in values])
    if aware.any() and not aware.all():
        note = "mixes zone-aware and naive timestamps, which cannot be compared"
        return _mixed_facts(values, top, [note])
    try:
        stamps = pd.Series(pd.to_datetime(values))
        notes = []
    except ValueError:  # several time zones
        stamps = pd.Series(pd.to_datetime(values, utc=True))
        notes = ["several time zones; shown in UTC"]
    return datetime_facts(stamps, top) | ({"notes": notes} if notes else {})


def _nested_facts(
    values: np.ndarray, top: int, notes: list[str] | None = None
) -> Facts:
    keys = pd.Series([canonical_json(v) for v in values], dtype=object)
    counted = keys.value_counts()
    lengths = np.array([n for n in map(_length, values) if n is not None])
    facts: Facts = {
        "semantic_type": SemanticType.NESTED,
        "distinct": len(counted),
        "top_values": top_values(counted.index, counted.to_numpy(), top),
        "notes": notes or [],
    }
    if len(lengths):
        facts |= length_facts(lengths, np.ones(len(lengths), dtype=np.int64))
    return facts


def _length(value: Any) -> int | None:
    """Return how many items a container holds (None for anything else)."""
    if not isinstance(value, CONTAINERS):
        return None
    try:
        return len(value)
    except TypeError:  # a zero-dimensional array
        return None


def _other_facts(present: pd.Series, values: np.ndarray, top: int) -> Facts:
    """Values of some other type (bytes, times, complex numbers, objects)."""
    try:
        counted = present.value_counts()
    except TypeError:  # unhashable
        texts = pd.Series([display_text(v) for v in values], dtype=object)
        counted = texts.value_counts()
    kind = SemanticType.TEXT
    if few_categories(len(counted), len(values)):
        kind = SemanticType.CATEGORICAL
    return {
        "semantic_type": kind,
        "distinct": len(counted),
        "top_values": top_values(counted.index, counted.to_numpy(), top),
        "notes": [f"values of type {type(values[0]).__name__}"],
    }


def _several_kinds(
    values: np.ndarray, kinds: np.ndarray, mix: pd.Series, name: str, top: int
) -> Facts:
    """Several kinds of value: nested, an identifier, numbers with strays, or mixed."""
    notes = [_breakdown(mix)]
    if mix.get("nested", 0) > len(values) / 2:
        return _nested_facts(values, top, notes)

    facts = _mixed_facts(values, top, notes)
    note = identifier_note(name, facts["distinct"], len(values))
    if note is not None:
        return facts | {
            "semantic_type": SemanticType.IDENTIFIER,
            "notes": [*notes, note],
        }

    numbers = _mostly_numbers(values, kinds, name, top)
    if numbers is not None:
        # Distinct and top values stay those of the values as they are.
        return numbers | {
            "distinct": facts["distinct"],
            "top_values": facts["top_values"],
            "notes": [*notes, *numbers.get("notes", [])],
        }
    return facts


def _mixed_facts(values: np.ndarray, top: int, notes: list[str]) -> Facts:
    """Values told apart on their canonical form, shown as they are."""
    keys, first = _keys_and_first_values(values)
    counted = pd.Series(keys, dtype=object).value_counts()
    shown = [first[key] for key in counted.index]
    return {
        "semantic_type": SemanticType.MIXED,
        "distinct": len(counted),
        "top_values": top_values(shown, counted.to_numpy(), top),
        "notes": notes,
    }


def _mostly_numbers(
    values: np.ndarray, kinds: np.ndarray, name: str, top: int
) -> Facts | None:
    """Numbers among a few strays (text, flags), statistics over the numbers."""
    text = kinds == "str"
    numeric = np.isin(kinds, ("int", "float"))
    numeric[text] = [bool(_NUMBER.fullmatch(v)) for v in values[text]]
    tokens = np.zeros(len(values), dtype=bool)
    tokens[text] = [v.strip().lower() in MISSING_TOKENS for v in values[text]]
    if numeric.sum() < NUMERIC_SHARE * (~tokens).sum():
        return None
    numbers = np.array(
        [_number(v) if isinstance(v, str) else v for v in values[numeric]],
        dtype=object,
    )
    facts = _number_facts(numbers, name, top)
    strays = values[~numeric].tolist()
    note = (
        f"{len(strays)} of {len(values)} values are not numbers and are left "
        f"out of the statistics: {quote_some(strays)}"
    )
    return facts | {"notes": [*facts.get("notes", []), note]}


def _number(text: str) -> int | float:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return float(text)


def _keys_and_first_values(values: np.ndarray) -> tuple[list[str], dict[str, Any]]:
    keys = [canonical_json(v) for v in values]
    first: dict[str, Any] = {}
    for key, value in zip(keys, values, strict=True):
        first.setdefault(key, value)
    return keys, first


def _breakdown(mix: pd.Series) -> str:
    parts = ", ".join(f"{kind} {count}" for kind, count in mix.items())
    return f"holds several kinds of value: {parts}"
