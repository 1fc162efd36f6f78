"""Numeric columns: numbers written as text, sentinels, infinities, outliers,
skew, and numbers that are really codes or Excel dates.

Every column the profile reads as numbers (and every text column whose
values mostly read as numbers) is first read into one float per row by
:func:`read_numbers`: numeric dtypes directly; object and string columns
from their distinct values (``pd.factorize`` once, each distinct string
parsed once, mapped back to the rows by its code). Integers beyond 2**53 are
first shifted by their median, exactly, so the checks compare differences
rather than rounded magnitudes.

The checks then work on that reading:

- ``numeric_as_text``: strings that are numbers with currency or percent
  signs, thousands marks, decimal commas or padding; the fix reads them with
  ``str.replace`` and ``pd.to_numeric``.
- ``disguised_missing``: missing-value tokens among numbers, and sentinels
  (-999, 9999, ...) repeated and far beyond every other value. In text-like
  columns the text checks own the tokens, so a sentinel issue there has the
  id suffix ``:sentinel``.
- ``infinite_values``, counted apart from missing values.
- ``outliers`` by the adjusted boxplot (Hubert and Vandervieren, 2008),
  whose fences follow the skew of the data as the medcouple measures it; an
  outlier is far from the bulk, not necessarily wrong. Negative values in a
  measure otherwise never negative join them (``details["negative"]``).
- ``skewed``: strong skew (|G1| > 2), with the transform that helps.
- ``code_as_number`` and ``possible_excel_serial_date``: numbers whose name
  and digits say they are codes that lost leading zeros, or dates.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from analyst_pa.profile._semantic import MISSING_TOKENS, name_words
from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import (
    MAX_EXAMPLES,
    find_examples,
    new_issue,
    plain,
)
from analyst_pa.quality._number_fixes import plain_numbers
from analyst_pa.results import (
    ColumnProfile,
    Fix,
    Issue,
    IssueKind,
    SemanticType,
    Severity,
    TableProfile,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Numbers", "is_missing_token", "medcouple", "read_numbers"]

NUMBER_TYPES = frozenset(
    {SemanticType.INTEGER, SemanticType.FLOAT, SemanticType.DECIMAL}
)
# Text the profile did not read as numbers (decimal commas, say) may still be.
TEXT_TYPES = frozenset(
    {SemanticType.TEXT, SemanticType.CATEGORICAL, SemanticType.MIXED}
)

# A column holds numbers when this share of its values, tokens aside, are.
NUMERIC_SHARE = 0.9
# Distribution checks need this many values to say anything.
MIN_VALUES = 20

# Values that stand for "unknown" in numeric data: -99, 999, 99999 ...
SENTINELS = np.array(
    [sign * (10**k - 1) for k in range(2, 10) for sign in (-1, 1)], dtype=float
)
_SENTINEL_SET = frozenset(SENTINELS.tolist())
# A sentinel lies beyond every other value by this share of their range.
SENTINEL_GAP = 0.5

# Adjusted boxplot: fences at K IQR beyond the quartiles, the one on the
# long side stretched by exp(3 |MC|). K = 3 (Tukey's "far out") leaves clean
# samples of 100,000 values nearly free of outliers. The original also
# shrinks the short side's fence by exp(-4 |MC|); that flags the edge of the
# bulk of skewed data (departures ten minutes early), so it is not done.
FENCE_K = 3.0
# The medcouple is computed on a seeded sample of at most this many values:
# the naive algorithm is quadratic.
MEDCOUPLE_SAMPLE = 1000
MEDCOUPLE_SEED = 0
# Beyond this medcouple, positive data is right-skewed enough that the upper
# fence is also taken on the log scale, and the more lenient one kept, if
# the logarithms are no more skewed than this themselves: then the data is
# log-normal-like and its tail is no string of outliers. Logarithms still
# skewed (two clusters, a few small integers) say the log scale does not fit.
LOG_SCALE_MC = 0.2
# The skew stretch extrapolates a tail from the medcouple; it may reach no
# farther than TAIL_K times the tail the data shows between Q3 and its upper
# (lower) octile. Values injected into up to 12.5% of the rows move that
# octile little, while they raise the medcouple (wine malic_acid: clean
# maximum 5.8, 5% injected at 18-37 made the fence 34, and 16,961 on logs).
TAIL_QUANTILE = 0.875
TAIL_K = 10.0
# Negative values are flagged when at most this share of the values are.
NEGATIVE_SHARE = 0.01
# Name words of quantities that may well be negative.
SIGNED_WORDS = frozenset(
    {"delay", "change", "diff", "difference", "delta", "balance", "profit", "net"}
    | {"return", "returns", "growth", "gain", "loss", "pnl", "margin", "lat"}
    | {"latitude", "lon", "lng", "longitude", "temp", "temperature", "offset"}
    | {"score", "residual", "error", "correlation", "corr", "rate", "x", "y", "z"}
)
SKEW_LIMIT = 2.0

# Name words of codes that may have lost leading zeros, with the usual width
# where there is one (0: the widest value's).
CODE_WORDS = dict.fromkeys(("zip", "zipcode", "plz"), 5) | dict.fromkeys(
    (
        *("postal", "postcode", "code", "account", "acct", "phone", "tel"),
        *("telephone", "mobile", "fax", "routing", "iban", "ssn", "fips", "npi"),
        *("ean", "upc"),
    ),
    0,
)
MIN_CODE_WIDTH = 3

# Excel serial day numbers from 1954-10-03 to 2064-04-10.
EXCEL_RANGE = (20_000, 60_000)
EXCEL_ORIGIN = "1899-12-30"
DATE_WORDS = frozenset(
    {"date", "day", "dt", "time", "timestamp", "created", "updated", "modified"}
    | {"dob", "birth", "birthday", "datum", "fecha"}
)

# Text made only of marks (or nothing) stands for a missing value too.
_NO_VALUE = r"^[-?.*_/\\·–—]*$"
_CURRENCY = "$€£¥₹"
_GROUP_MARKS = " '\u00a0\u202f"
# A number as people write it: a sign, a currency sign, digits (grouped by
# spaces or apostrophes, or with , and . in some convention), percent.
_NUMBER_TEXT = (
    rf"^(?P<sign>[-+]?)(?P<lead>[{_CURRENCY}]?)\s*(?P<sign2>[-+]?)\s*"
    rf"(?P<body>\d{{1,3}}(?:[{_GROUP_MARKS}]\d{{3}})+(?:[.,]\d+)?"
    r"|[.,]?\d[\d.,]*(?:[eE][-+]?\d+)?)"
    rf"\s*(?P<pct>%?)\s*(?P<trail>[{_CURRENCY}]?)$"
)
# Bodies that say which mark is the decimal one (group spaces removed).
_POINT_DECIMAL = (
    r"^\d{1,3}(?:,\d{3})+\.\d+$|^\d{1,3}(?:,\d{3}){2,}$"
    r"|^(?![1-9]\d{0,2}\.\d{3}$)\d*\.\d+$"
)
_COMMA_DECIMAL = (
    r"^\d{1,3}(?:\.\d{3})+,\d+$|^\d{1,3}(?:\.\d{3}){2,}$"
    r"|^(?![1-9]\d{0,2},\d{3}$)\d*,\d+$"
)


def is_missing_token(text: pd.Series) -> pd.Series:
    """Return where the strings of ``text`` stand for a missing value.

    The tokens are the profile's (``'n/a'``, ``'none'``, ``'-'`` ...), so
    what the profile left out of a column's numbers is what gets reported;
    strings made only of marks (``''``, ``'..'``) count too.

    Parameters
    ----------
    text : Series of str
        Strings, surrounding spaces and case ignored.

    Returns
    -------
    Series of bool
        Aligned with ``text``.
    """
    key = text.str.strip().str.casefold()
    return key.isin(MISSING_TOKENS) | key.str.match(_NO_VALUE)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class TextReading:
    """How the distinct strings of a column read as numbers.

    ``numbers`` holds the value each string reads as (NaN if none), ``token``
    where it stands for a missing value; ``decimal``, ``thousands`` and
    ``marks`` (signs and group marks to strip) say how they were read.
    """

    strings: pd.Series
    counts: np.ndarray
    numbers: np.ndarray
    token: np.ndarray
    decimal: str
    thousands: str | None
    marks: str
    features: list[str]

    @property
    def parsed(self) -> np.ndarray:
        return np.asarray(~np.isnan(self.numbers))

    @property
    def unparsed(self) -> np.ndarray:
        return ~self.parsed & ~self.token

    def rows(self, mask: np.ndarray) -> int:
        return int(self.counts[mask].sum())

    def pick(self, mask: np.ndarray) -> list[str]:
        """Return the strings where ``mask`` holds, the most frequent first."""
        order = np.argsort(-self.counts[mask], kind="stable")
        return [str(s) for s in self.strings.to_numpy()[mask][order]]


@dataclass
class Numbers:
    """A column read as one float per row.

    ``values`` is NaN where the row is missing or holds no number;
    ``offset`` was subtracted from integers beyond 2**53 to keep them apart
    (0 otherwise). ``text`` says how strings were read; ``numeric_cells`` and
    ``other_cells`` count the cells that were numbers already, and those that
    were neither numbers nor strings.
    """

    values: np.ndarray
    offset: int = 0
    text: TextReading | None = None
    numeric_cells: int = 0
    other_cells: int = 0

    @cached_property
    def finite(self) -> np.ndarray:
        return self.values[np.isfinite(self.values)]

    @cached_property
    def sentinels(self) -> dict[float, int]:
        """Return each sentinel value found and how many rows hold it."""
        return find_sentinels(self.finite) if self.offset == 0 else {}

    @cached_property
    def clean(self) -> np.ndarray:
        """Return the finite values that are not sentinels."""
        if not self.sentinels:
            return self.finite
        return self.finite[~np.isin(self.finite, list(self.sentinels))]

    def clean_mask(self) -> np.ndarray:
        """Return where the rows hold a finite value that is not a sentinel."""
        keep = np.isfinite(self.values)
        if self.sentinels:
            keep &= ~np.isin(self.values, list(self.sentinels))
        return keep


def read_numbers(series: pd.Series) -> Numbers | None:
    """Return ``series`` read as numbers, or None if it does not hold numbers.

    Numeric dtypes are read directly; object and string columns from their
    distinct values, and only if :data:`NUMERIC_SHARE` of their values
    (missing-value tokens aside) are numbers or strings that read as numbers.
    Booleans, categories, complex numbers and times are not numbers here.

    Parameters
    ----------
    series : Series
        A column of any dtype.

    Returns
    -------
    Numbers or None
        One float per row (NaN where missing or not a number), how strings
        were read, and the offset subtracted from integers beyond 2**53.
    """
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return None
    if dtype.kind in "iuf" or (  # pyarrow decimals have kind "O"
        isinstance(dtype, pd.ArrowDtype) and pd.api.types.is_numeric_dtype(dtype)
    ):
        return _read_numeric(series)
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        return _read_objects(series)
    return None


def _read_numeric(series: pd.Series) -> Numbers | None:
    present = series.notna().to_numpy(dtype=bool)
    if series.dtype.kind in "iu":
        shifted = _shifted_integers(series[present].to_numpy(), present)
        if shifted is not None:
            return shifted
    try:
        values = series.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        return None
    return Numbers(values, numeric_cells=int(present.sum()))


def _shifted_integers(ints: np.ndarray, present: np.ndarray) -> Numbers | None:
    """Return integers beyond float64's exact range as exact differences from
    their median; None when float64 holds them exactly.

    The bulk of the values is then near zero, where float64 tells
    neighbours apart; only far values are rounded.
    """
    if len(ints) == 0:
        return None
    if max(abs(int(ints.min())), abs(int(ints.max()))) <= 2**53:
        return None
    middle = len(ints) // 2
    median = int(np.partition(ints, middle)[middle])
    # Python integers: no 64-bit difference can overflow.
    diffs = (ints.astype(object) - median).astype(np.float64)
    values = np.full(len(present), np.nan)
    values[present] = diffs
    return Numbers(values, offset=median, numeric_cells=len(ints))


def _read_objects(series: pd.Series) -> Numbers | None:
    import pandas as pd

    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells: lists, dicts
        return None
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if not pd.api.types.is_object_dtype(series.dtype):  # a string dtype
        kinds = np.full(len(distinct), "text", dtype=object)
    else:
        kinds = distinct.map(_kind).to_numpy(dtype=object)
    is_number, is_text = kinds == "number", kinds == "text"

    if is_number.all() and all(isinstance(v, int) for v in distinct):
        present = codes >= 0
        shifted = _shifted_integers(series.to_numpy(dtype=object)[present], present)
        if shifted is not None:
            return shifted

    numbers = np.full(len(distinct), np.nan)
    numbers[is_number] = _floats(distinct[is_number])
    token = np.zeros(len(distinct), dtype=bool)
    reading = _read_strings(distinct[is_text].reset_index(drop=True), counts[is_text])
    if reading is not None:
        numbers[is_text], token[is_text] = reading.numbers, reading.token

    numeric = counts[~np.isnan(numbers)].sum()
    if numeric == 0 or numeric < NUMERIC_SHARE * counts[~token].sum():
        return None
    return Numbers(
        np.where(codes >= 0, numbers[codes], np.nan),
        text=reading,
        numeric_cells=int(counts[is_number].sum()),
        other_cells=int(counts[kinds == "other"].sum()),
    )


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool | np.bool_):
        return "other"
    if isinstance(value, int | float | np.number) or type(value).__name__ == "Decimal":
        return "number"
    return "other"


def _floats(values: pd.Series) -> np.ndarray:
    """Return numbers of any Python type as float64, NaN where too large."""
    try:
        return values.to_numpy(dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        out = np.full(len(values), np.nan)
        for i, value in enumerate(values):
            with contextlib.suppress(OverflowError, TypeError, ValueError):
                out[i] = float(value)
        return out


def _read_strings(text: pd.Series, counts: np.ndarray) -> TextReading | None:
    """Read distinct strings as numbers, the decimal mark chosen by vote.

    A string counts as a number when it looks like one (:data:`_NUMBER_TEXT`)
    and the fix's own steps (:func:`plain_numbers`) read it, so what is
    reported as readable is what the fix reads.
    """
    if len(text) == 0:
        return None
    parts = text.str.strip().str.extract(_NUMBER_TEXT)
    looks = parts["body"].notna() & ~(parts["sign"].ne("") & parts["sign2"].ne(""))
    body = parts["body"].str.replace(f"[{_GROUP_MARKS}]", "", regex=True)

    decimal = _decimal_mark(body, counts)
    grouping = "." if decimal == "," else ","
    used = body[looks].str.contains(grouping, regex=False).any()
    thousands = grouping if used else None
    marks = _marks(text[looks], parts[looks])
    numbers = _to_floats(plain_numbers(text, decimal, thousands, marks, guard=True))
    numbers[~looks.to_numpy(dtype=bool)] = np.nan

    parsed = ~np.isnan(numbers)
    return TextReading(
        strings=text,
        counts=counts,
        numbers=numbers,
        token=is_missing_token(text).to_numpy(dtype=bool) & ~parsed,
        decimal=decimal,
        thousands=thousands,
        marks=marks,
        features=_features(text[parsed], parts[parsed], decimal, thousands),
    )


def _to_floats(text: pd.Series) -> np.ndarray:
    import pandas as pd

    numbers = pd.to_numeric(text, errors="coerce")
    return np.array(numbers.to_numpy(dtype="float64", na_value=np.nan))


def _decimal_mark(body: pd.Series, counts: np.ndarray) -> str:
    """Return the decimal mark most rows agree on ('.' when none says)."""
    point = body.str.contains(_POINT_DECIMAL).fillna(False).to_numpy(dtype=bool)
    comma = body.str.contains(_COMMA_DECIMAL).fillna(False).to_numpy(dtype=bool)
    return "," if counts[comma].sum() > counts[point].sum() else "."


def _marks(text: pd.Series, parts: pd.DataFrame) -> str:
    """Return the signs to strip: currency and percent signs, group marks."""
    signs = (
        parts["lead"].fillna("") + parts["trail"].fillna("") + parts["pct"].fillna("")
    )
    seen = set("".join(signs))
    seen |= {c for c in "'\u00a0\u202f" if text.str.contains(c, regex=False).any()}
    return "".join(sorted(seen))


def _features(
    text: pd.Series, parts: pd.DataFrame, decimal: str, thousands: str | None
) -> list[str]:
    """Return what makes these strings text rather than numbers, in words."""
    found = []
    currency = set("".join(parts["lead"].fillna("") + parts["trail"].fillna("")))
    if currency:
        found.append(f"currency sign {''.join(sorted(currency))}")
    if parts["pct"].fillna("").ne("").any():
        found.append("percent signs")
    if thousands is not None and text.str.contains(thousands, regex=False).any():
        found.append(f"thousands marks {thousands!r}")
    if decimal == "," and text.str.contains(",", regex=False).any():
        found.append("decimal commas")
    if text.str.contains(f"\\d[{_GROUP_MARKS}]\\d{{3}}", regex=True).any():
        found.append("grouping spaces")
    if text.str.strip().ne(text).any():
        found.append("padding spaces")
    return found


# ------------------------------------------------------- robust statistics


def medcouple(values: np.ndarray) -> float:
    """Return the medcouple of ``values``: a robust skewness in [-1, 1].

    The naive algorithm (Brys, Hubert and Struyf, 2004), quadratic in the
    number of values, with their kernel for values tied at the median.

    Parameters
    ----------
    values : ndarray
        Finite numbers; callers pass a sample of at most
        :data:`MEDCOUPLE_SAMPLE`.

    Returns
    -------
    float
        0 for symmetric data, positive when the right tail is longer.
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        z = x - np.median(x)
    # The kernel is scale-free: bring the values within 1 so nothing overflows.
    scale = np.abs(z).max() if len(z) else 0.0
    if 0 < scale < np.inf:
        z = z / scale
    upper = z[z >= 0][::-1][:, None]  # descending, ties at the median last
    lower = z[z <= 0][::-1][None, :]  # descending, ties at the median first
    with np.errstate(divide="ignore", invalid="ignore"):
        kernel = (upper + lower) / (upper - lower)

    ties = int(np.count_nonzero(z == 0))
    if ties:
        i = np.arange(upper.shape[0])[:, None] - (upper.shape[0] - ties)
        j = np.arange(lower.shape[1])[None, :]
        tied = (upper == 0) & (lower == 0)
        kernel = np.where(tied, np.sign(i + j - (ties - 1)), kernel)
    return float(np.median(kernel))


@dataclass(frozen=True)
class Fences:
    """The adjusted boxplot's fences, and how they were found."""

    lower: float
    upper: float
    median: float
    medcouple: float
    log_scale: bool
    sample: int


def adjusted_fences(values: np.ndarray, positive: bool) -> Fences | None:
    """Return the adjusted boxplot fences of ``values``, or None without spread.

    Parameters
    ----------
    values : ndarray
        Finite numbers, sentinels removed.
    positive : bool
        Whether every value is above zero. Such data whose medcouple exceeds
        :data:`LOG_SCALE_MC` also gets the upper fence of its logarithms, the
        more lenient of the two kept, when the logarithms are themselves no
        more skewed than that: a log-normal tail is then not a string of
        outliers. On either scale the stretched fence reaches at most
        :data:`TAIL_K` times as far beyond the quartile as the octile.

    Returns
    -------
    Fences or None
        None when the quartiles are equal (no spread to measure from).
    """
    fences = _fences(values)
    if fences is None or not positive or fences.medcouple <= LOG_SCALE_MC:
        return fences
    on_logs = _fences(np.log(values))
    if on_logs is None or on_logs.medcouple > LOG_SCALE_MC:
        return fences
    upper = float(np.exp(on_logs.upper))
    if not upper > fences.upper:
        return fences
    return replace(fences, upper=upper, log_scale=True)


def _fences(values: np.ndarray) -> Fences | None:
    with np.errstate(over="ignore", invalid="ignore"):
        low, q1, median, q3, high = np.quantile(
            values, [1 - TAIL_QUANTILE, 0.25, 0.5, 0.75, TAIL_QUANTILE]
        )
        iqr = q3 - q1
    if not 0 < iqr < np.inf:
        return None
    sample = values
    if len(values) > MEDCOUPLE_SAMPLE:
        rng = np.random.default_rng(MEDCOUPLE_SEED)
        sample = rng.choice(values, MEDCOUPLE_SAMPLE, replace=False)
    # The fence model was fitted for |MC| <= 0.6.
    mc = float(np.clip(medcouple(sample), -0.6, 0.6))
    stretch = np.exp(3 * abs(mc))
    with np.errstate(over="ignore", invalid="ignore"):
        lower = q1 - FENCE_K * iqr * (stretch if mc < 0 else 1.0)
        upper = q3 + FENCE_K * iqr * (stretch if mc > 0 else 1.0)
        # The stretched side reaches no farther than the data's own tail
        # says, and never closer than the plain fence.
        if mc < 0:
            lower = min(q1 - FENCE_K * iqr, max(lower, q1 - TAIL_K * (q1 - low)))
        if mc > 0:
            upper = max(q3 + FENCE_K * iqr, min(upper, q3 + TAIL_K * (high - q3)))
    if not np.isfinite([lower, upper, mc]).all():
        return None  # values near the float64 limits: no fences to state
    return Fences(float(lower), float(upper), float(median), mc, False, len(sample))


def find_sentinels(values: np.ndarray) -> dict[float, int]:
    """Return the sentinel values among finite ``values`` with their counts.

    A sentinel is one of :data:`SENTINELS`, held by at least two rows but
    fewer than half, and beyond every other value by at least
    :data:`SENTINEL_GAP` of their range.

    Parameters
    ----------
    values : ndarray
        Finite numbers.

    Returns
    -------
    dict of float to int
        Each sentinel found and how many values equal it.
    """
    # A sentinel beyond every other value is the smallest or largest one:
    # peel candidates off both ends instead of testing every value.
    rest, candidates = values, {}
    while len(rest):
        ends = {float(rest.min()), float(rest.max())} & _SENTINEL_SET
        if not ends:
            break
        for end in ends:
            held = rest == end
            candidates[end] = int(np.count_nonzero(held))
            rest = rest[~held]
    if not candidates or not len(rest):
        return {}

    low, high = float(rest.min()), float(rest.max())
    gap = SENTINEL_GAP * (high - low)
    return {
        v: n
        for v, n in sorted(candidates.items())
        if 2 <= n < len(values) / 2 and (v > high + gap or v < low - gap)
    }


def skewness(values: np.ndarray) -> float | None:
    """Return the adjusted Fisher-Pearson skewness (G1, as pandas gives it)."""
    n = len(values)
    # Scaled to at most 1 so that sums and cubes of large values cannot
    # overflow; skewness does not depend on the scale.
    scale = np.abs(values).max() if n else 0.0
    if n < 3 or not 0 < scale < np.inf:
        return None
    scaled = values / scale
    centred = scaled - scaled.mean()
    squared = centred * centred
    m2 = squared.mean()
    if not m2 > 0:
        return None
    g1 = np.mean(squared * centred) / m2**1.5
    skew = float(g1 * np.sqrt(n * (n - 1)) / (n - 2))
    return skew if np.isfinite(skew) else None


# ----------------------------------------------------------------- findings


def _number(value: float, offset: int = 0) -> str:
    """Return a threshold or value as a person reads it."""
    if offset:
        return f"{offset + round(value):,}"
    return f"{value:,.6g}"


def _quoted(values: list[Any], limit: int = 3) -> str:
    shown = ", ".join(repr(plain(v)) for v in values[:limit])
    return shown + (", …" if len(values) > limit else "")


def _rows(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _identifier_like(column: ColumnProfile) -> bool:
    words = set(name_words(column.name))
    return bool(words & set(CODE_WORDS)) or bool(words & {"id", "ids", "uuid", "key"})


def _numeric_as_text(
    column: ColumnProfile, series: pd.Series, numbers: Numbers, n_rows: int
) -> Issue | None:
    reading = numbers.text
    if reading is None or not reading.parsed.any() or _identifier_like(column):
        return None
    parsed = reading.parsed
    # Digit strings with leading zeros are codes, not numbers (zip codes);
    # so are plain digits in a column the profile calls an identifier.
    if reading.strings[parsed].str.strip().str.match(r"[-+]?0\d").any():
        return None
    formatted = set(reading.features) - {"padding spaces"}
    if column.semantic_type == SemanticType.IDENTIFIER and not formatted:
        return None

    count = reading.rows(parsed)
    bad = reading.pick(reading.unparsed | reading.token)
    complete = not bad and numbers.other_cells == 0
    said = ", ".join(reading.features) or "plain digits"
    examples = reading.pick(parsed)[:MAX_EXAMPLES]
    rest = (
        "every value reads as a number"
        if complete
        else f"{len(bad):,} other distinct values do not ({_quoted(bad)})"
    )
    return new_issue(
        IssueKind.NUMERIC_AS_TEXT,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} holds {_rows(count, 'number')} written as text "
            f"({said}), e.g. {_quoted(examples)}; {rest}."
        ),
        examples=find_examples(series, series.isin(examples)),
        details={
            "features": reading.features,
            "decimal": reading.decimal,
            "thousands": reading.thousands,
            "marks": reading.marks,
            "parsed": count,
            "not_parsed": reading.rows(reading.unparsed) + numbers.other_cells,
        },
        fix=_parse_fix(column.name, numbers, reading, complete),
    )


def _parse_fix(
    name: str, numbers: Numbers, reading: TextReading, complete: bool
) -> Fix:
    """Return the fix reading the column as numbers: safe when every value
    was seen to read, otherwise the form that blanks what does not."""
    how = [f"decimal mark {reading.decimal!r}"]
    if reading.thousands:
        how.append(f"thousands mark {reading.thousands!r}")
    if reading.marks:
        how.append(f"removing {reading.marks!r}")
    outcome = "." if complete else "; values that do not read become missing."
    return propose(
        "parse_numbers" if complete else "coerce_numbers",
        f"Read {name} as numbers ({', '.join(how)}){outcome}",
        column=name,
        decimal=reading.decimal,
        thousands=reading.thousands,
        marks=reading.marks,
        mixed=numbers.numeric_cells > 0,
    )


def _disguised_missing(
    column: ColumnProfile, series: pd.Series, numbers: Numbers, n_rows: int
) -> Issue | None:
    reading, tokens = numbers.text, []
    # In text-like columns the text checks report the tokens.
    if reading is not None and column.semantic_type in NUMBER_TYPES:
        tokens = reading.pick(reading.token)
    sentinels = sorted(numbers.sentinels)
    if not tokens and not sentinels:
        return None

    raw = _sentinel_cells(series, numbers, sentinels)
    parts, count = [], 0
    if reading is not None and tokens:
        n = reading.rows(reading.token)
        parts.append(f"as text in {n:,} rows ({_quoted(tokens)})")
        count += n
    if sentinels:
        n = sum(numbers.sentinels.values())
        said = ", ".join(_number(v) for v in sentinels)
        parts.append(f"as the sentinel {said} in {n:,} rows, far beyond other values")
        count += n

    # Other fixes may strip these values first: list the stripped forms too.
    values = tokens + [s.strip() for s in tokens if s.strip() != s] + raw
    issue = new_issue(
        IssueKind.DISGUISED_MISSING,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=f"{column.name} writes a missing value " + " and ".join(parts) + ".",
        examples=find_examples(series, series.isin(tokens + raw)),
        details={
            "tokens": tokens,
            "sentinels": [plain(_as_held(v, series.dtype)) for v in sentinels],
        },
        fix=propose(
            "replace_with_missing",
            f"Treat {_quoted(tokens + raw)} in {column.name} as missing.",
            column=column.name,
            values=sorted(set(values), key=str),
        ),
    )
    if column.semantic_type in TEXT_TYPES:
        return issue.model_copy(update={"id": f"{issue.id}:sentinel"})
    return issue


def _sentinel_cells(
    series: pd.Series, numbers: Numbers, sentinels: list[float]
) -> list:
    """Return the cell values, as the column holds them, that read as sentinels."""
    if not sentinels:
        return []
    reading = numbers.text
    cells: list[Any] = []
    if reading is None or numbers.numeric_cells:
        cells += [_as_held(v, series.dtype) for v in sentinels]
    if reading is not None:
        cells += reading.pick(np.isin(reading.numbers, sentinels))
    return cells


def _as_held(value: float, dtype: Any) -> Any:
    return int(value) if getattr(dtype, "kind", "f") in "iu" else value


def _infinite_values(
    column: ColumnProfile, series: pd.Series, numbers: Numbers, n_rows: int
) -> Issue | None:
    positive = numbers.values == np.inf
    negative = numbers.values == -np.inf
    count = int(positive.sum() + negative.sum())
    if not count:
        return None

    return new_issue(
        IssueKind.INFINITE_VALUES,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} holds {count:,} infinite values ({int(positive.sum()):,} "
            f"+inf, {int(negative.sum()):,} -inf), counted apart from missing ones."
        ),
        examples=find_examples(series, positive | negative),
        details={"positive": int(positive.sum()), "negative": int(negative.sum())},
        fix=propose(
            "replace_infinite",
            f"Treat the infinite values of {column.name} as missing.",
            column=column.name,
        ),
    )


def _outliers(
    column: ColumnProfile, series: pd.Series, numbers: Numbers, n_rows: int
) -> Issue | None:
    clean = numbers.clean
    if len(clean) < MIN_VALUES or _identifier_like(column):
        return None
    fences = adjusted_fences(clean, positive=numbers.offset == 0 and clean.min() > 0)
    if fences is None:
        return None

    values, keep = numbers.values, numbers.clean_mask()
    above = keep & (values > fences.upper)
    below = keep & (values < fences.lower)
    negative = keep & _stray_negatives(column, values, clean)
    if not (above | below | negative).any():
        return None
    flagged = (above, below, negative)
    return _outlier_issue(column, series, numbers, fences, flagged, n_rows)


def _stray_negatives(
    column: ColumnProfile, values: np.ndarray, clean: np.ndarray
) -> np.ndarray:
    """Return where a measure that is otherwise never negative is negative."""
    negatives = int(np.count_nonzero(clean < 0))
    allowed = max(1, int(NEGATIVE_SHARE * len(clean)))
    signed = bool(set(name_words(column.name)) & SIGNED_WORDS)
    if not negatives or negatives > allowed or signed or np.median(clean) <= 0:
        return np.zeros(len(values), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.asarray(values < 0)


def _outlier_issue(
    column: ColumnProfile,
    series: pd.Series,
    numbers: Numbers,
    fences: Fences,
    masks: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_rows: int,
) -> Issue:
    above, below, negative = masks
    outside = above | below
    negative = negative & ~outside  # counted once, as outside the fences
    low = _number(fences.lower, numbers.offset)
    high = _number(fences.upper, numbers.offset)
    scale = ", upper fence on the log scale" if fences.log_scale else ""
    message = (
        f"{column.name} has {int(outside.sum()):,} values outside [{low}, {high}] "
        f"by the adjusted boxplot (medcouple {fences.medcouple:.2f}, "
        f"{FENCE_K:g} IQR{scale}): {int(above.sum()):,} above, "
        f"{int(below.sum()):,} below"
    )
    if negative.any():
        message += f"; {int(negative.sum()):,} negative in a measure never negative"
    reasons = [r for r, m in (("fences", outside), ("negative", negative)) if m.any()]
    return new_issue(
        IssueKind.OUTLIERS,
        [column.name],
        count=int((outside | negative).sum()),
        n_rows=n_rows,
        severity=Severity.WARNING if negative.any() else Severity.INFO,
        message=message + ".",
        examples=find_examples(
            series, _most_extreme(numbers.values, outside | negative, fences.median)
        ),
        details={
            "method": "adjusted boxplot",
            "k": FENCE_K,
            "medcouple": round(fences.medcouple, 4),
            "lower": _threshold(fences.lower, numbers.offset),
            "upper": _threshold(fences.upper, numbers.offset),
            "log_scale_upper": fences.log_scale,
            "medcouple_sample": fences.sample,
            "above": int(above.sum()),
            "below": int(below.sum()),
            "negative": int(negative.sum()),
            "reason": " and ".join(reasons),
        },
    )


def _threshold(value: float, offset: int) -> int | float:
    return offset + round(value) if offset else value


def _most_extreme(
    values: np.ndarray, flagged: np.ndarray, centre: float, limit: int = 5
) -> np.ndarray:
    """Return a mask of the ``limit`` flagged rows farthest from ``centre``."""
    rows = np.flatnonzero(flagged)
    distance = np.abs(values[rows] - centre)
    _, first = np.unique(values[rows], return_index=True)  # one row per value
    keep = rows[first][np.argsort(-distance[first], kind="stable")[:limit]]
    mask = np.zeros(len(values), dtype=bool)
    mask[keep] = True
    return mask


def _skewed(
    column: ColumnProfile, series: pd.Series, numbers: Numbers, n_rows: int
) -> Issue | None:
    clean = numbers.clean
    if len(clean) < MIN_VALUES or _identifier_like(column):
        return None
    if ((clean == clean.min()) | (clean == clean.max())).all():
        return None  # flags and other two-valued columns
    skew = skewness(clean)
    if skew is None or abs(skew) <= SKEW_LIMIT:
        return None

    suggestion, after = _transform(column.name, clean, skew, numbers.offset)
    side = "right (a long tail of large values)" if skew > 0 else "left"
    better = (
        f"; {suggestion} brings it to {after:.1f}"
        if after is not None
        else (f"; for models, consider {suggestion}")
    )
    return new_issue(
        IssueKind.SKEWED,
        [column.name],
        count=len(clean),
        n_rows=n_rows,
        severity=Severity.INFO,
        message=(
            f"{column.name} is strongly skewed to the {side}: skewness {skew:.1f}"
            f"{better}."
        ),
        details={
            "skew": round(skew, 4),
            "suggestion": suggestion,
            "skew_after": None if after is None else round(after, 4),
        },
    )


def _transform(
    name: str, clean: np.ndarray, skew: float, offset: int
) -> tuple[str, float | None]:
    """Return the transform to suggest and the skewness it leaves."""
    low = clean.min() + offset
    ref = f"df[{name!r}]"
    if skew > 0 and low > 0:
        return f"np.log({ref})", skewness(np.log(clean + offset))
    if skew > 0 and low >= 0:
        return f"np.log1p({ref})", skewness(np.log1p(clean + offset))
    return (
        "a Yeo-Johnson transform (sklearn.preprocessing.PowerTransformer)",
        None,
    )


Finder = Callable[[ColumnProfile, "pd.Series", Numbers, int], "Issue | None"]
FINDERS: tuple[Finder, ...] = (
    _numeric_as_text,
    _disguised_missing,
    _infinite_values,
    _outliers,
    _skewed,
)


def _finders(column: ColumnProfile) -> tuple[Finder, ...]:
    """Return the findings that apply to a column of this semantic type."""
    if column.semantic_type in NUMBER_TYPES:
        return FINDERS
    if not _may_hold_numbers(column):
        return ()
    if column.semantic_type in TEXT_TYPES:
        return FINDERS
    # Formatted numbers whose strings are all distinct look like codes to
    # the profile ("1.234,56"); nothing else about identifiers is numeric.
    if column.semantic_type == SemanticType.IDENTIFIER:
        return (_numeric_as_text,)
    return ()


def _may_hold_numbers(column: ColumnProfile) -> bool:
    """Return whether most of the column's most frequent values (tokens
    aside) look like numbers, so that other text is not read for nothing."""
    top = [str(v.value).strip() for v in column.top_values]
    top = [t for t in top if t.casefold() not in MISSING_TOKENS]
    numbers = sum(bool(re.match(_NUMBER_TEXT, t)) for t in top)
    return not top or numbers * 2 >= len(top)


@check(
    IssueKind.NUMERIC_AS_TEXT,
    IssueKind.DISGUISED_MISSING,
    IssueKind.INFINITE_VALUES,
    IssueKind.OUTLIERS,
    IssueKind.SKEWED,
)
def numeric_values(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Numbers as text, disguised missing values, infinities, outliers and
    skew in the columns that hold numbers, each read once."""
    issues = []
    for column in table.columns:
        finders = _finders(column)
        series = frame.iloc[:, column.position]
        numbers = read_numbers(series) if finders else None
        if numbers is None:
            continue
        found = [find(column, series, numbers, table.n_rows) for find in finders]
        issues += [issue for issue in found if issue is not None]
    return issues


# ------------------------------------------------------ codes and dates


def _whole_numbers(series: pd.Series) -> np.ndarray | None:
    """Return the distinct present values if all are whole and not negative."""
    numbers = read_numbers(series) if series.dtype.kind in "iuf" else None
    if numbers is None or numbers.offset or not len(numbers.finite):
        return None
    distinct = np.unique(numbers.finite)
    if distinct[0] < 0 or not np.all(np.floor(distinct) == distinct):
        return None
    return distinct


def _code_as_number(
    column: ColumnProfile, series: pd.Series, n_rows: int
) -> Issue | None:
    words = [w for w in name_words(column.name) if w in CODE_WORDS]
    distinct = _whole_numbers(series) if words else None
    if distinct is None:
        return None
    digits = np.where(distinct > 0, np.floor(np.log10(np.maximum(distinct, 1))) + 1, 1)
    width = max(int(digits.max()), *(CODE_WORDS[w] for w in words))
    short = distinct[digits < width]
    if width < MIN_CODE_WIDTH or not len(short) or width > 18:
        return None

    rows = series.isin(short).to_numpy(dtype=bool)
    count = int(rows.sum())
    example = int(short[0])
    return new_issue(
        IssueKind.CODE_AS_NUMBER,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} looks like a code stored as a number: {count:,} values "
            f"have fewer than {width} digits, so leading zeros were lost "
            f"({example} was probably {str(example).zfill(width)})."
        ),
        examples=find_examples(series, rows),
        details={"width": width, "name_words": words},
        fix=propose(
            "pad_codes",
            f"Write {column.name} as text zero-padded to {width} digits (the widest "
            "value's width: set it if the codes were longer).",
            column=column.name,
            width=width,
        ),
    )


def _excel_serial_date(
    column: ColumnProfile, series: pd.Series, n_rows: int
) -> Issue | None:
    import pandas as pd

    if not set(name_words(column.name)) & DATE_WORDS or series.dtype.kind not in "iuf":
        return None
    numbers = read_numbers(series)
    if numbers is None or numbers.offset or not len(numbers.finite):
        return None
    low, high = float(numbers.finite.min()), float(numbers.finite.max())
    if low < EXCEL_RANGE[0] or high > EXCEL_RANGE[1]:
        return None

    first, last = pd.to_datetime([low, high], unit="D", origin=EXCEL_ORIGIN)
    return new_issue(
        IssueKind.POSSIBLE_EXCEL_SERIAL_DATE,
        [column.name],
        count=len(numbers.finite),
        n_rows=n_rows,
        message=(
            f"{column.name} holds numbers from {_number(low)} to {_number(high)}, "
            f"which read as Excel dates from {first.date()} to {last.date()}."
        ),
        examples=find_examples(series, series.notna()),
        details={"first": str(first.date()), "last": str(last.date())},
        fix=propose(
            "from_excel_serial",
            f"Read {column.name} as Excel serial dates (days since {EXCEL_ORIGIN}).",
            column=column.name,
        ),
    )


@check(IssueKind.CODE_AS_NUMBER, IssueKind.POSSIBLE_EXCEL_SERIAL_DATE)
def codes_and_serial_dates(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Numbers whose name and digits say they are codes or Excel dates."""
    issues = []
    for column in table.columns:
        if column.semantic_type not in NUMBER_TYPES | {SemanticType.IDENTIFIER}:
            continue
        series = frame.iloc[:, column.position]
        for find in (_code_as_number, _excel_serial_date):
            issue = find(column, series, table.n_rows)
            if issue is not None:
                issues.append(issue)
    return issues
