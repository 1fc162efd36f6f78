"""Give the text columns of a delimited file their types.

A CSV file carries no types, so :mod:`._csv` reads every field as text and
each column is typed here as a whole. A column becomes booleans, numbers or
datetimes only when every value that is not an NA token parses in one format;
otherwise it stays text, verbatim. The work is done once per distinct value
and then spread over the rows, which keeps large files fast: flights has
336,776 rows but at most a few thousand distinct values per column. A check
that every value fits tries a sample first, so a text column is rejected as
numbers or dates without a pass over all its values.

The rules, in order:

1. booleans: every value is ``True``/``False`` (as pandas writes them);
2. numbers in the file's :class:`NumberFormat`, spaces around allowed;
   integers become ``int64`` (``Int64`` with missing values), others
   ``float64``; a code with a leading zero (``02134``) keeps the column text;
3. datetimes: every value in one of ``yyyy-mm-dd``, ``yyyy/mm/dd``, an ISO
   timestamp (with ``Z`` or an offset: UTC-aware), ``dd.mm.yyyy``,
   ``dd/mm/yyyy`` or ``mm/dd/yyyy`` (day first when a first field is above
   12, or the file is European: ``;`` separated or decimal comma);
4. text. When more than half of the non-empty values are numbers, the
   column is a number column with stray tokens (``-``, ``..``, ``n/a``): it
   keeps every raw value, blanks included, for the quality checks to report.
   Any other text column gets pandas' NA tokens as missing values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["COMMA", "POINT", "NumberFormat", "type_columns"]

# The default ``na_values`` of pandas.read_csv, as its documentation lists them.
NA_TOKENS = (
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
    "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
    "nan", "null",
)  # fmt: skip
_TRUE = ("True", "TRUE", "true")
_BOOLEAN = (*_TRUE, "False", "FALSE", "false")

_LEADING_ZERO = r"^[+-]?0\d"
_SAMPLE = 1000  # distinct values tried before all of them
_SNIFF_VALUES = 10_000  # distinct values per column that decide the number format
_PROBE_ROWS = 10_000  # rows that tell whether a column is worth encoding

# Values that only one of the two number formats can read as a decimal
# number: a separator followed by other than three digits, or both marks.
_COMMA_ONLY = (
    r"^[+-]?(?:\d+,(?:\d{1,2}|\d{4,})"
    r"|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})$"
)
_POINT_ONLY = (
    r"^[+-]?(?:\d+\.(?:\d{1,2}|\d{4,})"
    r"|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})$"
)

_ISO_TIMESTAMP = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_ZONE = r"(?:Z|[+-]\d{2}(?::?\d{2})?)$"
# Date-only layouts with a fixed order of fields.
_FIXED_DATES = {
    r"^\d{4}-\d{2}-\d{2}$": "%Y-%m-%d",
    r"^\d{4}/\d{2}/\d{2}$": "%Y/%m/%d",
}
# Layouts where the day and the month can be either way round, by separator.
_DAY_MONTH_DATES = {
    ".": r"^\d{1,2}\.\d{1,2}\.\d{4}$",
    "/": r"^\d{1,2}/\d{1,2}/\d{4}$",
    "-": r"^\d{1,2}-\d{1,2}-\d{4}$",
}

# One converted value per distinct value of a column.
_Values = np.ndarray | pd.api.extensions.ExtensionArray


@dataclass(frozen=True)
class NumberFormat:
    """How a file writes numbers: its decimal mark and its thousands mark."""

    decimal: str
    thousands: str

    @property
    def number(self) -> str:
        """A regular expression for any number in this format, or infinity."""
        point = re.escape(self.decimal)
        finite = rf"(?:{self._digits}(?:{point}\d*)?|{point}\d+)(?:[eE][+-]?\d+)?"
        return rf"(?i)^[+-]?(?:{finite}|inf|infinity)$"

    @property
    def integer(self) -> str:
        """A regular expression for an integer written in this format."""
        return rf"^[+-]?{self._digits}$"

    @property
    def _digits(self) -> str:
        return rf"(?:\d+|\d{{1,3}}(?:{re.escape(self.thousands)}\d{{3}})+)"


POINT = NumberFormat(decimal=".", thousands=",")
COMMA = NumberFormat(decimal=",", thousands=".")


@dataclass(frozen=True)
class _Distinct:
    """A text column as its distinct raw values and, per row, which one.

    A column of mostly unique values (ids, measurements) is not worth
    encoding: its values are then taken as they are, one per row.
    """

    raw: pa.Array  # distinct raw values, as read
    stripped: pa.Array  # the same, without surrounding whitespace
    counts: np.ndarray  # rows holding each value
    indices: np.ndarray | None  # per row, the position of its value in raw

    @classmethod
    def of(cls, column: pa.ChunkedArray) -> _Distinct:
        if column.nbytes >= 2**31:
            column = column.cast(pa.large_string())  # beyond 32-bit offsets
        if _mostly_unique(column):
            raw = column.combine_chunks()
            counts = np.ones(len(raw), dtype=np.int64)
            return cls(raw, pc.utf8_trim_whitespace(raw), counts, None)

        encoded = column.combine_chunks().dictionary_encode()
        raw = encoded.dictionary
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        counts = np.bincount(indices, minlength=len(raw))
        return cls(raw, pc.utf8_trim_whitespace(raw), counts, indices)

    def rows(self, mask: np.ndarray) -> int:
        """The number of rows whose value is selected by ``mask``."""
        return int(self.counts[mask].sum())

    def spread(self, values: _Values) -> pd.Series:
        """Return the column from one converted value per distinct value."""
        if self.indices is None:
            return pd.Series(values, copy=False)
        return pd.Series(values.take(self.indices), copy=False)


def _mostly_unique(column: pa.ChunkedArray) -> bool:
    probe = column.slice(0, _PROBE_ROWS)
    return len(column) > _PROBE_ROWS and 2 * len(pc.unique(probe)) > len(probe)


def type_columns(
    table: pa.Table,
    *,
    delimiter: str,
    number_format: NumberFormat | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Return ``table``'s text columns as a DataFrame of typed columns.

    Parameters
    ----------
    table : pyarrow.Table
        Every column text, as read.
    delimiter : str
        The file's delimiter: a ``;`` file is European, reading ambiguous
        numbers and dates the European way.
    number_format : NumberFormat, optional
        How the file writes numbers; sniffed from the values by default.
    dayfirst : bool, optional
        Read ``01/02/2023`` as 1 February (True) or 2 January (False);
        by default decided from the values, then by whether the file is
        European.

    Returns
    -------
    pandas.DataFrame
        The columns in order, under their names as read (duplicates kept).
    """
    columns = [_Distinct.of(column) for column in table.columns]
    fmt = number_format or _sniff_number_format(columns, delimiter)
    european = delimiter == ";" or fmt == COMMA
    series = [_type_column(column, fmt, dayfirst, european) for column in columns]
    frame = pd.DataFrame(dict(enumerate(series)), index=pd.RangeIndex(table.num_rows))
    frame.columns = pd.Index(table.column_names)
    return frame


def _sniff_number_format(columns: list[_Distinct], delimiter: str) -> NumberFormat:
    """Decide whether the file writes ``1,234.5`` or ``1.234,5``.

    The decimal comma wins when more rows hold a value that only it can read
    than a value that only the decimal point can; a tie goes to the decimal
    comma in a ``;`` file. The first distinct values of each column decide.
    """
    comma = point = 0
    for column in columns:
        values = column.stripped.slice(0, _SNIFF_VALUES)
        counts = column.counts[:_SNIFF_VALUES]
        comma += int(counts[_matches(values, _COMMA_ONLY)].sum())
        point += int(counts[_matches(values, _POINT_ONLY)].sum())
    if comma == point:
        return COMMA if delimiter == ";" else POINT
    return COMMA if comma > point else POINT


def _type_column(
    column: _Distinct, fmt: NumberFormat, dayfirst: bool | None, european: bool
) -> pd.Series:
    missing = _isin(column.stripped, NA_TOKENS)
    present = ~missing
    if not present.any():
        return _without_values(column)

    values = _booleans(column, present)
    if values is None:
        values = _numbers(column, present, fmt)
    if values is None:
        values = _datetimes(column, present, dayfirst, european)
    if values is not None:
        return _narrow(column.spread(values))

    keep_raw = _mostly_numbers(column, missing, fmt)
    return column.spread(_text(column.raw, keep_raw=keep_raw))


def _without_values(column: _Distinct) -> pd.Series:
    # pandas reads a column of nothing but NA tokens as all-NaN floats; a
    # column of blanks (" ") is text, and so is a column with no rows at all.
    if len(column.raw) and _isin(column.raw, NA_TOKENS).all():
        return pd.Series(np.full(column.rows(column.counts > 0), np.nan))
    return column.spread(_text(column.raw, keep_raw=False))


def _booleans(column: _Distinct, present: np.ndarray) -> _Values | None:
    if not _isin(column.stripped, _BOOLEAN)[present].all():
        return None
    return pd.arrays.BooleanArray(_isin(column.stripped, _TRUE), ~present)


def _numbers(
    column: _Distinct, present: np.ndarray, fmt: NumberFormat
) -> _Values | None:
    stripped = column.stripped
    if not _all_match(stripped, fmt.number, present):
        return None
    if _matches(stripped, _LEADING_ZERO)[present].any():
        return None  # codes such as zip codes: the zeros matter

    plain = pc.replace_substring(stripped, fmt.thousands, "")
    plain = pc.replace_substring(plain, fmt.decimal, ".")
    plain = pc.replace_substring(plain, "+", "")  # arrow refuses "+5"
    plain = pc.if_else(pa.array(present), plain, pa.scalar(None, plain.type))

    if _all_match(stripped, fmt.integer, present):
        try:
            return pd.array(pc.cast(plain, pa.int64()), dtype="Int64")
        except pa.ArrowInvalid:
            return None  # beyond int64: as text, rather than a rounded float
    return pc.cast(plain, pa.float64()).to_numpy(zero_copy_only=False)


def _datetimes(
    column: _Distinct, present: np.ndarray, dayfirst: bool | None, european: bool
) -> _Values | None:
    found = _date_format(column.stripped, present, dayfirst, european)
    if found is None:
        return None

    fmt, utc = found
    text = column.stripped.to_pandas().where(present)
    parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=utc)
    if parsed[present].isna().any():
        return None  # an impossible date such as 31.02.2023: leave it as text
    return parsed.array


def _date_format(
    values: pa.Array, present: np.ndarray, dayfirst: bool | None, european: bool
) -> tuple[str, bool] | None:
    """Return the one format (and whether it is UTC) that fits every value."""
    for pattern, fmt in _FIXED_DATES.items():
        if _all_match(values, pattern, present):
            return fmt, False

    if _all_match(values, _ISO_TIMESTAMP, present):
        zoned = _matches(values, _ZONE)[present]
        if zoned.all() or not zoned.any():
            return "ISO8601", bool(zoned.all())
        return None  # aware and naive times mixed: not one format

    for separator, pattern in _DAY_MONTH_DATES.items():
        if _all_match(values, pattern, present):
            dates = values.filter(pa.array(present))
            first = _day_first(dates, separator, dayfirst, european)
            order = ("%d", "%m") if first else ("%m", "%d")
            return separator.join((*order, "%Y")), False
    return None


def _day_first(
    dates: pa.Array, separator: str, dayfirst: bool | None, european: bool
) -> bool:
    if dayfirst is not None:
        return dayfirst
    if separator == ".":
        return True  # dd.mm.yyyy is the only dotted order in use

    fields = pc.split_pattern(dates, separator)
    firsts = pc.cast(pc.list_element(fields, 0), pa.int32()).to_numpy()
    seconds = pc.cast(pc.list_element(fields, 1), pa.int32()).to_numpy()
    if (firsts > 12).any():
        return True  # if seconds go above 12 too, parsing fails: text
    if (seconds > 12).any():
        return False
    return european


def _mostly_numbers(column: _Distinct, missing: np.ndarray, fmt: NumberFormat) -> bool:
    """Whether more than half the non-empty values are numbers, among others."""
    numbers = _matches(column.stripped, fmt.number)
    others = ~missing & ~numbers
    non_empty = pc.utf8_length(column.stripped).to_numpy(zero_copy_only=False) > 0
    return column.rows(others) > 0 and 2 * column.rows(numbers) > column.rows(non_empty)


def _text(raw: pa.Array, *, keep_raw: bool) -> _Values:
    if not keep_raw:
        is_missing = pa.array(_isin(raw, NA_TOKENS))
        raw = pc.if_else(is_missing, pa.scalar(None, raw.type), raw)
    return pd.array(raw, dtype="str")


def _narrow(series: pd.Series) -> pd.Series:
    # Nullable dtypes only where a value is missing: int64 and bool otherwise,
    # as pandas.read_csv gives them.
    if series.hasnans:
        return series
    if isinstance(series.dtype, pd.Int64Dtype):
        return series.astype(np.int64)
    if isinstance(series.dtype, pd.BooleanDtype):
        return series.astype(bool)
    return series


def _all_match(values: pa.Array, pattern: str, mask: np.ndarray) -> bool:
    """Whether every value selected by ``mask`` matches; a sample goes first."""
    positions = np.flatnonzero(mask)
    for part in (positions[:_SAMPLE], positions[_SAMPLE:]):
        if part.size and not _matches(values.take(part), pattern).all():
            return False
    return True


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)


def _isin(values: pa.Array, tokens: tuple[str, ...]) -> np.ndarray:
    value_set = pa.array(tokens, type=values.type)
    return pc.is_in(values, value_set=value_set).to_numpy(zero_copy_only=False)
