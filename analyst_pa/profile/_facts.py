"""What the profile of one kind of column contributes to its ColumnProfile.

Each kind of column (numbers, text, timestamps, categories, Python objects)
produces :class:`Facts`: the fields of :class:`~analyst_pa.results.ColumnProfile`
it can tell, beyond the name, position, dtype and counts every column has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from analyst_pa.profile._scalars import to_scalar
from analyst_pa.results import Scalar, SemanticType, ValueCount


class Facts(TypedDict, total=False):
    semantic_type: SemanticType
    distinct: int
    infinite: int
    positive_infinite: int
    negative_infinite: int
    min: Scalar
    max: Scalar
    mean: Scalar
    std: Scalar
    variance: Scalar
    skew: Scalar
    kurtosis: Scalar
    sum: Scalar
    quantiles: dict[str, Scalar] | None
    timezone: str | None
    min_length: int | None
    max_length: int | None
    mean_length: float | None
    top_values: list[ValueCount]
    notes: list[str]


def top_values(
    values: Sequence[Any] | np.ndarray | pd.Index,
    counts: np.ndarray,
    top: int,
    show: Callable[[Any], Scalar] = to_scalar,
) -> list[ValueCount]:
    """Return the ``top`` most frequent values, ties in the order given."""
    order = np.argsort(-counts, kind="stable")[:top]
    return [ValueCount(value=show(values[i]), count=int(counts[i])) for i in order]


def length_facts(lengths: np.ndarray, counts: np.ndarray) -> Facts:
    """Return the shortest, longest and mean length of values seen ``counts`` times."""
    return {
        "min_length": int(lengths.min()),
        "max_length": int(lengths.max()),
        "mean_length": float(np.dot(lengths, counts) / counts.sum()),
    }


def quote_some(values: Sequence[Any], limit: int = 10) -> str:
    """Return up to ``limit`` values quoted for a note, saying how many more."""
    shown = ", ".join(repr(to_scalar(v)) for v in values[:limit])
    more = len(values) - limit
    return shown + (f" and {more} more" if more > 0 else "")
