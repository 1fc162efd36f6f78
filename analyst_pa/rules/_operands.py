"""Read what ``compare`` and ``between`` rules compare: numbers and dates
that are written as text.

A text column holding ``"$1,234.50"``, ``"12 %"`` or ``"1.234,5"`` is
compared by its numeric reading, the one the quality engine reports as
``numeric_as_text`` (:func:`analyst_pa.quality._numbers.read_numbers`); a
text column holding ``"15/01/2024"`` is compared by its dates, as the
quality engine reads them (:func:`analyst_pa.quality._dates.read_dates`).
Text is read when the other side is a number (or a date): a constant, a
numeric (datetime) column, or another text column that reads the same way.

Missing-value tokens (``"n/a"``, ``"-"``) are missing, so they break no
comparison; a present value that does not read (``"abc"`` among amounts)
cannot hold, so it breaks the rule and is listed as ``unreadable``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from analyst_pa.errors import InputError
from analyst_pa.quality._dates import DAY_FIRST, MONTH_FIRST, DateReading, read_dates
from analyst_pa.quality._numbers import is_missing_token, read_numbers
from analyst_pa.quality._text import distinct_strings
from analyst_pa.rules._model import Rule

__all__ = ["Operand", "against_constant", "pair"]

NUMBERS, DATES = "numbers", "dates"
# A text constant compared with dates written as text: year first.
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_SHOWN = 3  # values quoted in a refusal
_LOOKED_AT = 200  # distinct values looked at for them


@dataclass
class Operand:
    """One side of a comparison, by position: the values compared, the
    values as held, the rows that hold one, and the rows whose text did not
    read (``read_as`` says as what: None when nothing was read)."""

    values: pd.Series
    original: pd.Series
    present: np.ndarray
    unreadable: np.ndarray
    read_as: str | None = None

    @classmethod
    def held(cls, series: pd.Series) -> Operand:
        """The values as the frame holds them."""
        series = series.reset_index(drop=True)
        present = series.notna().to_numpy(dtype=bool)
        return cls(series, series, present, np.zeros_like(present))


def against_constant(series: pd.Series, value: Any, rule: Rule) -> Operand:
    """Return ``series`` read to be compared with the constant ``value``."""
    if not _is_text(series):
        return Operand.held(series)
    if _is_number(value):
        return _numbers(series, rule, required=True) or Operand.held(series)
    if isinstance(value, str) and re.match(_ISO_DATE, value.strip()):
        return _dates(series, rule) or Operand.held(series)
    return Operand.held(series)


def pair(left: pd.Series, right: pd.Series, rule: Rule) -> tuple[Operand, Operand]:
    """Return two columns read to be compared with each other."""
    if not (_is_text(left) or _is_text(right)):
        return Operand.held(left), Operand.held(right)
    if not (_is_text(left) and _is_text(right)):
        text, other = (left, right) if _is_text(left) else (right, left)
        read = _read_like(text, other, rule)
        both = (read, Operand.held(other))
        return both if text is left else (both[1], both[0])

    # Two text columns: by their numbers, else by their dates, else as text.
    first, second = _numbers(left, rule), _numbers(right, rule)
    if first is not None and second is not None:
        return first, second
    on_left, on_right = _date_reading(left), _date_reading(right)
    if on_left is None or on_right is None:
        return Operand.held(left), Operand.held(right)
    # A column whose days never pass 12 reads in the order the other shows.
    decided = {on_left.order, on_right.order} & {DAY_FIRST, MONTH_FIRST}
    order = decided.pop() if len(decided) == 1 else None
    return (
        _read_dates(left, rule, on_left, order),
        _read_dates(right, rule, on_right, order),
    )


def _read_like(text: pd.Series, other: pd.Series, rule: Rule) -> Operand:
    if _is_numeric(other):
        return _numbers(text, rule, required=True) or Operand.held(text)
    if other.dtype.kind == "M":
        read = _dates(text, rule)
        if read is None:
            _refuse(text, rule, DATES, _reads_as_dates)
        return read
    return Operand.held(text)


def _is_text(series: pd.Series) -> bool:
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return True
    if series.dtype != object:
        return False
    kind = pd.api.types.infer_dtype(series, skipna=True)
    return kind in ("string", "mixed", "mixed-integer")


def _is_numeric(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(
        dtype
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(series: pd.Series, rule: Rule, required: bool = False) -> Operand | None:
    numbers = read_numbers(series)
    if numbers is None or numbers.offset:
        if required:
            _refuse(series, rule, NUMBERS, _reads_as_numbers)
        return None
    tokens: list[str] = []
    if numbers.text is not None:
        tokens = numbers.text.pick(numbers.text.token)
    return _operand(series, pd.Series(numbers.values), tokens, NUMBERS)


def _date_reading(series: pd.Series) -> DateReading | None:
    strings = distinct_strings(series)
    reading = read_dates(strings) if strings is not None else None
    if reading is None or reading.offsets.ne("").any():
        return None  # UTC offsets: wall-clock times would not compare
    return reading


def _dates(series: pd.Series, rule: Rule) -> Operand | None:
    reading = _date_reading(series)
    return _read_dates(series, rule, reading) if reading is not None else None


def _read_dates(
    series: pd.Series, rule: Rule, reading: DateReading, order: str | None = None
) -> Operand:
    """Return the dates of ``series``; ``order`` (day or month first) reads
    a column whose every date reads both ways."""
    dates = reading.dates
    if reading.order == "ambiguous":
        if order is None:
            raise InputError(
                f"rule {rule.label} compares {series.name} as dates, but its dates "
                "read day first and month first alike (such as "
                f"{_quoted(reading.strings.pick(reading.ambiguous))}); convert "
                f"{series.name} to dates first (the fix of its "
                "ambiguous_day_month issue)"
            )
        if order == MONTH_FIRST:  # read day first by read_dates
            dates = _month_first(reading)
    text = pd.Index(reading.strings.text)
    positions = text.get_indexer(series.astype(object))
    values = dates.to_numpy()
    held = np.where(positions >= 0, values[positions], np.datetime64("NaT"))
    tokens = reading.strings.pick(reading.token)
    return _operand(series, pd.Series(held, dtype=values.dtype), tokens, DATES)


def _month_first(reading: DateReading) -> pd.Series:
    # The strings that read both ways (03/04/2024) hold day and month in
    # numbers, so swapping %d and %m reads them month first.
    dates = reading.dates.copy()
    swap = {"%d": "%m", "%m": "%d"}
    for date_format in reading.formats[reading.ambiguous].unique():
        rows = reading.ambiguous & reading.formats.eq(date_format).to_numpy()
        swapped = re.sub("%[dm]", lambda m: swap[m.group()], date_format)
        text = reading.strings.text.reset_index(drop=True)[rows].str.strip()
        dates[rows] = pd.to_datetime(text, format=swapped, errors="coerce")
    return dates


def _operand(
    series: pd.Series, values: pd.Series, tokens: list[str], read_as: str
) -> Operand:
    present = series.notna().to_numpy(dtype=bool)
    if tokens:
        present = present & ~series.isin(tokens).to_numpy(dtype=bool)
    unreadable = present & values.isna().to_numpy(dtype=bool)
    return Operand(values, series.reset_index(drop=True), present, unreadable, read_as)


def _reads_as_numbers(value: str) -> bool:
    return read_numbers(pd.Series([value], dtype=object)) is not None


def _reads_as_dates(value: str) -> bool:
    strings = distinct_strings(pd.Series([value], dtype=object))
    return strings is not None and read_dates(strings) is not None


def _refuse(
    series: pd.Series, rule: Rule, read_as: str, reads: Callable[[str], bool]
) -> NoReturn:
    # Only on the way to an error: each distinct value is read on its own.
    distinct = series.dropna().astype(str).drop_duplicates().head(_LOOKED_AT)
    distinct = distinct[~is_missing_token(distinct)]
    shown = [v for v in distinct if not reads(v)][:_SHOWN]
    such_as = f" (such as {_quoted(shown)})" if shown else ""
    what = "a number" if read_as == NUMBERS else "dates"
    name = series.name
    raise InputError(
        f"rule {rule.label} compares {name} with {what}, but {name} holds text "
        f"that does not read as {read_as}{such_as}; clean or convert {name} "
        "first (its quality issues propose the fix), or compare it with text"
    )


def _quoted(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values[:_SHOWN])
