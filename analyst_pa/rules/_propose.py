"""Propose the rules a clean data set follows, to re-check the next batch.

Every proposed rule holds on the data it is proposed from; what it learns is
deliberately plain, so the analyst can read the list and keep what is a real
business rule:

- ``not_null`` for each column with no missing value;
- a range ``low <= x <= high`` for numeric measures, the observed minimum
  and maximum rounded outward to two significant digits of the spread
  (``-43 … 1,301`` becomes ``-100 … 1,400``), so the next batch is not
  flagged for a value just past the last one seen;
- the allowed values of categorical columns with at most 50 levels;
- ``unique`` for identifier columns whose present values are all distinct;
- a format for text identifiers whose values all share one sequence of
  character classes (letters, digits, the same punctuation), possibly with
  optional trailing runs: ``N14228`` and ``N3ALAA`` give
  ``^[A-Z]\\d{1,5}[A-Z]{0,4}$``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from analyst_pa.profile._scalars import MAX_TEXT, to_scalar
from analyst_pa.results import ColumnProfile, SemanticType, TableProfile
from analyst_pa.rules._model import Rule, RuleKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["propose_rules"]

MAX_LEVELS = 50  # categorical columns with more levels get no value list
MIN_FORMAT_VALUES = 10  # distinct values needed before a format is learned
MAX_FORMAT_LENGTH = 40  # longer text is prose, not an identifier
MAX_FORMAT_RUNS = 8  # more runs of classes than this is not one format

_MEASURES = (SemanticType.INTEGER, SemanticType.FLOAT, SemanticType.DECIMAL)
_FORMATTED = (SemanticType.IDENTIFIER, SemanticType.TEXT, SemanticType.CATEGORICAL)
_CLASSES = {"A": "[A-Z]", "a": "[a-z]", "9": r"\d"}


def propose_rules(frame: pd.DataFrame, table: TableProfile) -> list[Rule]:
    """Return the rules ``frame`` follows, for the analyst to keep or drop.

    Parameters
    ----------
    frame : DataFrame
        A data set the analyst trusts.
    table : TableProfile
        Its profile (:func:`analyst_pa.profile_table`).

    Returns
    -------
    list of Rule
        Named rules, column by column: ``not_null``, a rounded range for
        numeric measures, the allowed values of categorical columns with at
        most 50 levels, ``unique`` for identifiers, and a format for text
        identifiers. Save them with :func:`rules_to_yaml` and re-run them
        with :func:`check_rules` on the next batch.
    """
    rules: list[Rule] = []
    for column in table.columns:
        if column.count == 0 or not _named_by_its_label(column):
            continue
        series = frame.iloc[:, column.position]
        rules += _column_rules(series, column)
    return rules


def _named_by_its_label(column: ColumnProfile) -> bool:
    # A rule names a column by its label as text; a column whose profile
    # name differs (a repeated or blank label) cannot be named reliably.
    return column.label is None or str(column.label) == column.name


def _column_rules(series: pd.Series, column: ColumnProfile) -> Iterator[Rule]:
    name = column.name
    if column.missing == 0:
        yield Rule(kind=RuleKind.NOT_NULL, columns=[name], name=f"{name} is present")

    bounds = _range(column)
    if bounds is not None:
        low, high = bounds
        yield Rule(
            kind=RuleKind.BETWEEN,
            columns=[name],
            low=low,
            high=high,
            name=f"{name} within the observed range",
        )

    values = _levels(series, column)
    if values is not None:
        yield Rule(
            kind=RuleKind.ALLOWED,
            columns=[name],
            values=values,
            name=f"{name} takes the observed values",
        )

    if (
        column.semantic_type is SemanticType.IDENTIFIER
        and column.distinct == column.count
    ):
        yield Rule(kind=RuleKind.UNIQUE, columns=[name], name=f"{name} is unique")

    pattern = _format(series, column) if values is None else None
    if pattern is not None:
        yield Rule(
            kind=RuleKind.MATCHES,
            columns=[name],
            pattern=pattern,
            name=f"{name} has the observed format",
        )


def _range(column: ColumnProfile) -> tuple[int | float, int | float] | None:
    low, high = column.min, column.max
    if column.semantic_type not in _MEASURES:
        return None
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)
    ):
        return None  # decimals shown as text, or no finite value
    return round_outward(low, high)  # type: ignore[arg-type]


def round_outward(
    low: int | float, high: int | float
) -> tuple[int | float, int | float]:
    """Return ``low`` and ``high`` rounded outward to a step of one tenth of
    the spread's power of ten (of the value itself when it is constant).

    Integers stay integers and are rounded in integer arithmetic, so values
    beyond 2**53 keep their precision.
    """
    reference = (high - low) or max(abs(low), abs(high))
    if reference == 0:
        return low, high
    exponent = math.floor(math.log10(reference)) - 1

    if isinstance(low, int) and isinstance(high, int):
        step = 10 ** max(exponent, 0)
        return (low // step) * step, -(-high // step) * step

    step = 10.0**exponent
    digits = max(-exponent, 0)
    rounded_low = round(math.floor(low / step) * step, digits)
    rounded_high = round(math.ceil(high / step) * step, digits)
    # Rounding to decimal digits must never cut into the observed range.
    if rounded_low > low:
        rounded_low = round(rounded_low - step, digits)
    if rounded_high < high:
        rounded_high = round(rounded_high + step, digits)
    return rounded_low, rounded_high


def _levels(series: pd.Series, column: ColumnProfile) -> list[Any] | None:
    if column.semantic_type is not SemanticType.CATEGORICAL:
        return None
    if column.distinct > MAX_LEVELS:
        return None
    values = [to_scalar(v) for v in series.dropna().unique()]
    # Values that do not survive as JSON scalars unchanged (timestamps,
    # text cut for display) could not be matched again: no list then.
    if not all(_exact_scalar(v) for v in values):
        return None
    return sorted(values, key=lambda v: (type(v).__name__, v))


def _exact_scalar(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) < MAX_TEXT
    return isinstance(value, bool | int | float)


def _format(series: pd.Series, column: ColumnProfile) -> str | None:
    if column.semantic_type not in _FORMATTED:
        return None
    unique = series.dropna().unique()
    distinct = [v for v in unique if isinstance(v, str)]
    if len(distinct) < MIN_FORMAT_VALUES or len(distinct) != len(unique):
        return None  # too few to learn from, or not all text
    if any(not _token(v) for v in distinct):
        return None

    pattern = shared_format([_runs(v) for v in distinct])
    if pattern is None:
        return None
    compiled = re.compile(pattern)
    return pattern if all(compiled.search(v) for v in distinct) else None


def _token(value: str) -> bool:
    # Identifiers are short and have no spaces; anything else is prose.
    return 0 < len(value) <= MAX_FORMAT_LENGTH and not any(c.isspace() for c in value)


def _runs(value: str) -> list[tuple[str, str]]:
    """Return ``value`` as runs of one character class: (class, text)."""
    runs: list[tuple[str, str]] = []
    for char in value:
        kind = _class_of(char)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    return runs


def _class_of(char: str) -> str:
    if "A" <= char <= "Z":
        return "A"
    if "a" <= char <= "z":
        return "a"
    if "0" <= char <= "9":
        return "9"
    return char  # punctuation stands for itself


def shared_format(values: list[list[tuple[str, str]]]) -> str | None:
    """Return the pattern all these run lists follow, or None.

    They must share one sequence of classes, except that shorter ones may
    stop early (their missing trailing runs become optional). A run whose
    text is the same in every value is kept literally.
    """
    longest = max(values, key=len)
    classes = [kind for kind, _ in longest]
    if len(classes) > MAX_FORMAT_RUNS:
        return None
    if any([kind for kind, _ in runs] != classes[: len(runs)] for runs in values):
        return None

    parts = []
    for index, kind in enumerate(classes):
        texts = [runs[index][1] for runs in values if len(runs) > index]
        optional = len(texts) < len(values)
        parts.append(_part(kind, texts, optional))
    return "^" + "".join(parts) + "$"


def _part(kind: str, texts: list[str], optional: bool) -> str:
    if not optional and len(set(texts)) == 1:
        return _escape(texts[0])
    low = 0 if optional else min(len(t) for t in texts)
    high = max(len(t) for t in texts)
    symbol = _CLASSES.get(kind, _escape(kind))
    if low == high:
        return symbol if low == 1 else f"{symbol}{{{low}}}"
    return f"{symbol}{{{low},{high}}}"


def _escape(text: str) -> str:
    # Only what is special outside a character class, so that 'ORD-' reads
    # as written (re.escape would write 'ORD\-').
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


_SPECIAL = frozenset(".^$*+?{}[]\\|()")
