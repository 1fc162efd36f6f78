"""Facts about ``category`` and ``interval`` columns.

Only observed values count: a declared category that never occurs is neither
a distinct value nor a top value (it is named in a note). The order of an
ordered categorical gives its minimum and maximum; category values that
happen to be numbers are codes, so they get no mean or spread.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from analyst_pa.profile._facts import Facts, length_facts, quote_some, top_values
from analyst_pa.profile._scalars import to_scalar
from analyst_pa.results import SemanticType


def category_facts(present: pd.Series, top: int) -> Facts:
    """Return the facts of present values of a ``category`` column."""
    categories = present.cat.categories
    codes = present.cat.codes.to_numpy()
    counts = np.bincount(codes, minlength=len(categories))
    observed = np.flatnonzero(counts)
    values = categories[observed].to_numpy(dtype=object)
    facts: Facts = {
        "semantic_type": SemanticType.CATEGORICAL,
        "distinct": len(observed),
        "top_values": top_values(values, counts[observed], top),
        "notes": _unused_note(categories[counts == 0].to_list()),
    }
    if present.cat.ordered:
        facts["min"] = to_scalar(categories[codes.min()])
        facts["max"] = to_scalar(categories[codes.max()])
    if categories.inferred_type == "string":
        lengths = pd.Series(values, dtype=object).str.len().to_numpy(dtype=np.int64)
        facts |= length_facts(lengths, counts[observed])
    return facts


def interval_facts(present: pd.Series, top: int) -> Facts:
    """Return the facts of present intervals (bins), ordered by their edges."""
    counted = present.value_counts()
    intervals = cast(pd.IntervalIndex, counted.index)
    order = np.lexsort((intervals.right.to_numpy(), intervals.left.to_numpy()))
    return {
        "semantic_type": SemanticType.CATEGORICAL,
        "distinct": len(counted),
        "min": str(intervals[order[0]]),
        "max": str(intervals[order[-1]]),
        "top_values": top_values(intervals, counted.to_numpy(), top, show=str),
        "notes": ["intervals (bins), treated as categories"],
    }


def _unused_note(unused: list[object]) -> list[str]:
    if not unused:
        return []
    return [
        f"declared categories that never occur are not counted: {quote_some(unused)}"
    ]
