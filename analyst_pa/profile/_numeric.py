"""Facts about columns of numbers and of truth values.

Integers may turn out to be flags (only 0 and 1) or identifiers: named so
and nearly unique, or named a code by the last word of their name
(``flight``, ``zip``, ``store_no``) however often their values repeat.
Floats whose finite values are all whole numbers are integers stored as
floats, the usual result of a missing value in an integer column.
Infinities are counted apart and left out of the statistics.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from analyst_pa.profile._facts import Facts, top_values
from analyst_pa.profile._semantic import code_note, identifier_note
from analyst_pa.profile._statistics import Tally, float_statistics, integer_statistics
from analyst_pa.results import SemanticType


def boolean_facts(
    trues: int,
    falses: int,
    top: int,
    *,
    shown: tuple[Any, Any] = (True, False),
) -> Facts:
    """Return the facts of a column holding ``trues`` and ``falses``.

    ``shown`` are the values as the column spells them, true first; the
    mean is the share of true values.
    """
    counts = np.array([trues, falses], dtype=np.int64)
    seen = counts > 0
    return {
        "semantic_type": SemanticType.BOOLEAN,
        "distinct": int(seen.sum()),
        "mean": trues / (trues + falses),
        "top_values": top_values(
            np.array(shown, dtype=object)[seen], counts[seen], top
        ),
    }


def integer_facts(tally: Tally, name: str, top: int) -> Facts:
    """Return the facts of a column of integers: flag, identifier or quantity.

    ``name`` is the column's; an empty name (numbers read from text) is
    never an identifier.
    """
    facts: Facts = {
        "distinct": len(tally),
        "top_values": top_values(tally.values, tally.counts, top),
    }
    if _zero_and_one(tally):
        ones, zeros = int(tally.counts[1]), int(tally.counts[0])
        flag = boolean_facts(ones, zeros, top, shown=(1, 0))
        return facts | flag | {"notes": ["only 0 and 1: read as false and true"]}

    identifier = identifier_note(name, len(tally), tally.n) or code_note(
        name, len(tally), tally.n
    )
    if identifier is not None and len(tally):
        return facts | {
            "semantic_type": SemanticType.IDENTIFIER,
            "min": int(tally.values[0]),
            "max": int(tally.values[-1]),
            "notes": [identifier],
        }

    return facts | {"semantic_type": SemanticType.INTEGER} | integer_statistics(tally)


def float_facts(values: np.ndarray, name: str, top: int) -> Facts:
    """Return the facts of present float64 ``values``, infinities included."""
    positive = int(np.count_nonzero(values == np.inf))
    negative = int(np.count_nonzero(values == -np.inf))
    finite = values[np.isfinite(values)] if positive or negative else values
    return float_tally_facts(
        Tally.of(finite), name, top, infinities=(positive, negative)
    )


def float_tally_facts(
    tally: Tally,
    name: str,
    top: int,
    *,
    infinities: tuple[int, int] = (0, 0),
    whole: bool = True,
) -> Facts:
    """Return the facts of finite floats tallied, beside (+inf, -inf) counts.

    With ``whole``, floats that are all whole numbers are profiled as integers.
    """
    positive, negative = infinities
    if whole and not (positive or negative) and _whole(tally):
        integers = Tally(tally.values.astype(np.int64), tally.counts)
        facts = integer_facts(integers, name, top)
        note = "whole numbers stored as floats"
        return facts | {"notes": [*facts.get("notes", []), note]}

    seen = [positive > 0, negative > 0]
    shown = np.concatenate([tally.values, np.array([np.inf, -np.inf])[seen]])
    counts = np.concatenate([tally.counts, np.array(infinities, dtype=np.int64)[seen]])
    return {
        "semantic_type": SemanticType.FLOAT,
        "distinct": len(shown),
        "infinite": positive + negative,
        "positive_infinite": positive,
        "negative_infinite": negative,
        "top_values": top_values(shown, counts, top),
        **float_statistics(tally),
    }


def _zero_and_one(tally: Tally) -> bool:
    return len(tally) == 2 and tally.values[0] == 0 and tally.values[1] == 1


def _whole(tally: Tally) -> bool:
    """Return whether every value is a whole number that int64 holds."""
    if len(tally) == 0:
        return False
    values = tally.values
    in_range = values[0] >= -(2.0**63) and values[-1] < 2.0**63
    return bool(in_range and np.all(np.floor(values) == values))
