"""Dates: written as text, in several formats, ambiguous, invalid or
implausible.

A text column is read as dates from its distinct strings: each is matched
against a few shapes (year first, day or month first with numbers, month
names), which give its ``strptime`` format; every format is then checked by
parsing its strings with ``pd.to_datetime(format=...)``, so a string counts
as a date only if pandas reads it with that explicit format. Day-first and
month-first readings of ``03/04/2024`` are both tried: values valid in only
one reading decide the column's; when none decides, the column is reported
as ``ambiguous_day_month`` and the fix that reads it needs an explicit accept.

Strings keep their UTC offset: a column with one offset is read into that
fixed zone; several offsets, or offsets beside naive values, are an
``inconsistent_date_formats`` finding whose fix reads every value as UTC.

Timestamps (read from text, or held as datetimes) are ``implausible`` before
1900, more than :data:`FUTURE_YEARS` ahead, or when a placeholder date
(1900-01-01, 1970-01-01 ...) repeats far from every other value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analyst_pa.profile._semantic import MISSING_TOKENS
from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import MAX_EXAMPLES, find_examples, new_issue
from analyst_pa.quality._numbers import is_missing_token
from analyst_pa.quality._text import distinct_strings
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

    from analyst_pa.quality._text import Strings

__all__ = ["DateReading", "implausible", "read_dates"]

# Text columns of these types may hold dates the profile did not read.
TEXT_TYPES = frozenset(
    {
        SemanticType.TEXT,
        SemanticType.CATEGORICAL,
        SemanticType.MIXED,
        SemanticType.IDENTIFIER,
        SemanticType.DATE,
        SemanticType.DATETIME,
    }
)
# A text column holds dates when this share of its values, tokens aside,
# have the shape of one.
DATE_SHARE = 0.9

EARLIEST_YEAR = 1900
FUTURE_YEARS = 50
# Dates that stand for "unknown": repeated and a year or more away from
# every other value, they are placeholders.
PLACEHOLDER_DATES = (
    "0001-01-01",
    "1111-11-11",
    "1800-01-01",
    "1899-12-30",
    "1899-12-31",
    "1900-01-01",
    "1970-01-01",
    "2099-12-31",
    "2999-12-31",
    "9999-12-31",
)
PLACEHOLDER_GAP_DAYS = 365

_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_TIME = (
    r"(?:(?P<tsep>[T ])(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<sec>\d{2})(?P<fraction>\.\d{1,9})?)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
# Each shape, with the format of its date part built from its groups.
_YEAR_FIRST = (
    r"^(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
)
# Day and month in either order; two-digit years only with / or -, so
# version numbers such as 1.2.10 are not dates.
_NUMBERS_FIRST = (
    r"^(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}|(?<=[/-])\d{2})"
)
_DAY_NAMED = (
    r"^(?P<day>\d{1,2})(?P<sep>[ -])(?P<month>[A-Za-z]{3,9})(?P=sep)(?P<year>\d{4})"
)
_MONTH_NAMED = (
    r"^(?P<month>[A-Za-z]{3,9}) (?P<day>\d{1,2})(?P<comma>,?) (?P<year>\d{4})"
)
_MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip
_SHAPES = (_YEAR_FIRST, _NUMBERS_FIRST, _DAY_NAMED, _MONTH_NAMED)

DAY_FIRST, MONTH_FIRST = "day first", "month first"


@dataclass(frozen=True)
class DateReading:
    """How the distinct strings of a column read as dates.

    ``formats`` holds each string's format (None if it has no date shape),
    ``dates`` its wall-clock value (NaT if it does not parse in that
    format), ``offsets`` its UTC offset as written ('' if none).
    ``order`` is how day and month were read: ``"day first"``,
    ``"month first"``, ``"ambiguous"`` (read day first, nothing decides) or
    None when no value has them in numbers.
    """

    strings: Strings
    formats: pd.Series
    dates: pd.Series
    offsets: pd.Series
    token: np.ndarray
    ambiguous: np.ndarray
    order: str | None

    def rows(self, mask: Any) -> int:
        return self.strings.weight(mask)

    @property
    def parsed(self) -> np.ndarray:
        return self.dates.notna().to_numpy(dtype=bool)

    @property
    def invalid(self) -> np.ndarray:
        """Where a string has a date's shape but is not a date in its format."""
        return self.formats.notna().to_numpy(dtype=bool) & ~self.parsed

    @property
    def unmatched(self) -> np.ndarray:
        return self.formats.isna().to_numpy(dtype=bool) & ~self.token

    def format_counts(self) -> dict[str, int]:
        """Return each format with the rows it reads, the most used first."""
        counts = self.strings.counts[self.parsed]
        per: dict[str, int] = {}
        for format, n in zip(self.formats[self.parsed], counts, strict=True):
            per[format] = per.get(format, 0) + int(n)
        return dict(sorted(per.items(), key=lambda item: -item[1]))

    @property
    def strip(self) -> bool:
        text = self.strings.text
        return bool(text.str.strip().ne(text).any())


def read_dates(strings: Strings) -> DateReading | None:
    """Return the distinct strings read as dates, or None if they are not.

    They are dates when :data:`DATE_SHARE` of the rows (missing-value tokens
    aside) hold a string with a date's shape, and some of them parse.

    Parameters
    ----------
    strings : Strings
        A column's distinct strings and their counts
        (:func:`analyst_pa.quality._text.distinct_strings`).

    Returns
    -------
    DateReading or None
        Each string's format and value, and how day and month were read.
    """
    text = strings.text.str.strip().reset_index(drop=True)
    token = is_missing_token(text).to_numpy(dtype=bool)
    templates, offsets = _templates(text)
    shaped = templates.notna().to_numpy(dtype=bool)
    if strings.weight(shaped) < DATE_SHARE * strings.weight(~token):
        return None

    formats, order, ambiguous = _resolve_order(text, templates, strings.counts)
    dates = _parse(text, formats)
    if not dates.notna().any():
        return None
    return DateReading(strings, formats, dates, offsets, token, ambiguous, order)


def _templates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return each string's format, with ``{1}``/``{2}`` where day and month
    are numbers in an order yet to be decided, and its UTC offset."""
    import pandas as pd

    templates = pd.Series(None, index=text.index, dtype=object)
    offsets = pd.Series("", index=text.index, dtype=object)
    for shape, date_format in zip(_SHAPES, _FORMATS, strict=True):
        rest = templates.isna()
        if not rest.any():
            break
        parts = text[rest].str.extract(shape + _TIME)
        found = parts["year"].notna()
        if "month" in parts:
            month = parts["month"]
            found &= month.str.isdigit().fillna(False) | month.str.lower().isin(_MONTHS)
        if not found.any():
            continue
        parts = parts[found]
        templates[parts.index] = date_format(parts) + _time_format(parts)
        offsets[parts.index] = parts["tz"].fillna("")
    return templates, offsets


def _year_first_format(parts: pd.DataFrame) -> pd.Series:
    sep = parts["sep"]
    return "%Y" + sep + "%m" + sep + "%d"


def _numbers_first_format(parts: pd.DataFrame) -> pd.Series:
    sep = parts["sep"]
    year = parts["year"].str.len().map({4: "%Y", 2: "%y"})
    return "{1}" + sep + "{2}" + sep + year


def _day_named_format(parts: pd.DataFrame) -> pd.Series:
    month = parts["month"].str.len().map(lambda n: "%b" if n == 3 else "%B")
    return "%d" + parts["sep"] + month + parts["sep"] + "%Y"


def _month_named_format(parts: pd.DataFrame) -> pd.Series:
    month = parts["month"].str.len().map(lambda n: "%b" if n == 3 else "%B")
    return month + " %d" + parts["comma"] + " %Y"


_FORMATS = (
    _year_first_format,
    _numbers_first_format,
    _day_named_format,
    _month_named_format,
)


def _time_format(parts: pd.DataFrame) -> pd.Series:
    has = parts["hour"].notna()
    time = parts["tsep"].fillna("") + has.map({True: "%H:%M", False: ""})
    time += parts["sec"].notna().map({True: ":%S", False: ""})
    time += parts["fraction"].notna().map({True: ".%f", False: ""})
    return time + parts["tz"].notna().map({True: "%z", False: ""})


def _resolve_order(
    text: pd.Series, templates: pd.Series, counts: np.ndarray
) -> tuple[pd.Series, str | None, np.ndarray]:
    """Return the formats with day and month placed, the order read, and
    where a string reads both ways.

    Strings valid in one order only decide, the most rows winning; the
    others are read in that order (or day first when nothing decides).
    """
    formats = templates.copy()
    open_order = templates.str.contains("{1}", regex=False).fillna(False)
    ambiguous = np.zeros(len(text), dtype=bool)
    if not open_order.any():
        return formats, None, ambiguous

    day_first = _fill(templates[open_order], "%d", "%m")
    month_first = _fill(templates[open_order], "%m", "%d")
    read_day = _parse(text[open_order], day_first)
    read_month = _parse(text[open_order], month_first)
    as_day = read_day.notna().to_numpy(dtype=bool)
    as_month = read_month.notna().to_numpy(dtype=bool)
    # 03/03/2024 reads the same both ways: not a doubt.
    both = as_day & as_month & read_day.ne(read_month).to_numpy(dtype=bool)
    only_day, only_month = as_day & ~as_month, as_month & ~as_day
    weights = counts[open_order.to_numpy(dtype=bool)]

    order: str | None = None
    if only_day.any() or only_month.any():
        month_wins = weights[only_month].sum() > weights[only_day].sum()
        order = MONTH_FIRST if month_wins else DAY_FIRST
    elif both.any():
        order = "ambiguous"
    chosen = month_first.where(only_month, day_first)
    if order == MONTH_FIRST:
        chosen = day_first.where(only_day, month_first)
    formats[open_order] = chosen
    ambiguous[open_order.to_numpy(dtype=bool)] = both
    return formats, order, ambiguous


def _fill(templates: pd.Series, first: str, second: str) -> pd.Series:
    return templates.str.replace("{1}", first, regex=False).str.replace(
        "{2}", second, regex=False
    )


def _parse(text: pd.Series, formats: pd.Series) -> pd.Series:
    """Return each string parsed in its format as wall-clock time, its UTC
    offset dropped (NaT where it does not parse)."""
    import pandas as pd

    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    for date_format in formats.dropna().unique():
        rows = formats.eq(date_format).to_numpy(dtype=bool)
        values = text[rows]
        if "%z" in date_format:
            values = values.str.replace(_OFFSET, "", regex=True)
            date_format = date_format.replace("%z", "")
        parsed = pd.to_datetime(values, format=date_format, errors="coerce")
        out[rows] = parsed.astype("datetime64[us]")
    return out


# ---------------------------------------------------------------- findings


def _quoted(values: list[Any], limit: int = 3) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (", …" if len(values) > limit else "")


def _rows_of(series: pd.Series, strings: list[str]) -> pd.Series:
    """Return the rows holding the first few strings: enough for examples."""
    return series.isin(strings[:MAX_EXAMPLES])


def _pick(reading: DateReading, mask: np.ndarray) -> list[str]:
    return reading.strings.pick(mask)


def _fix(column: ColumnProfile, reading: DateReading) -> Fix:
    """Return the fix that reads the column's dates: safe when one format
    reads every value and nothing about it is a guess."""
    counts = reading.format_counts()
    formats = list(counts)
    offsets = set(reading.offsets[reading.parsed])
    mixed_zones = len(offsets) > 1
    doubtful = (
        len(formats) > 1
        or mixed_zones
        or reading.order == "ambiguous"
        or reading.strings.others > 0
        or (reading.invalid | reading.unmatched | reading.token).any()
    )
    if not doubtful:
        return propose(
            "parse_dates",
            f"Read {column.name} as dates in the format {formats[0]!r}.",
            column=column.name,
            format=formats[0],
            strip=reading.strip,
        )
    said = "every value as UTC, " if mixed_zones else ""
    return propose(
        "coerce_dates",
        f"Read {column.name} as dates in the format(s) {_quoted(formats, 4)}, "
        f"{said}the first that fits each value; the rest become missing.",
        column=column.name,
        formats=formats,
        strip=reading.strip,
        utc=mixed_zones,
    )


def _date_as_text(
    column: ColumnProfile, series: pd.Series, reading: DateReading, n_rows: int
) -> Issue | None:
    count = reading.rows(reading.parsed)
    formats = reading.format_counts()
    said = ("formats " if len(formats) > 1 else "format ") + _quoted(list(formats), 4)
    if reading.order in (DAY_FIRST, MONTH_FIRST):
        said += f", read {reading.order}"
    others = _pick(reading, reading.unmatched)
    rest = f"; {len(others):,} other values are not dates ({_quoted(others)})"
    return new_issue(
        IssueKind.DATE_AS_TEXT,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} holds {count:,} dates written as text ({said})"
            f"{rest if others else ''}."
        ),
        examples=find_examples(
            series, _rows_of(series, _pick(reading, reading.parsed))
        ),
        details={
            "formats": list(formats),
            "format_rows": list(formats.values()),
            "order": reading.order,
            "parsed": count,
            "not_parsed": reading.rows(~reading.parsed & ~reading.token),
        },
        fix=_fix(column, reading),
    )


def _inconsistent_formats(
    column: ColumnProfile, series: pd.Series, reading: DateReading, n_rows: int
) -> Issue | None:
    import pandas as pd

    formats = reading.format_counts()
    offsets = reading.offsets[reading.parsed]
    zones = sorted({o or "no offset" for o in offsets})
    if len(formats) < 2 and len(zones) < 2:
        return None

    # Rows outside the most used pair of format and offset.
    key = (reading.formats + "|" + reading.offsets).to_numpy(dtype=object)
    parsed = reading.parsed
    rows = pd.Series(reading.strings.counts[parsed]).groupby(key[parsed]).sum()
    other = parsed & (key != rows.idxmax())
    parts = []
    if len(formats) > 1:
        listed = ", ".join(f"{f!r} ({n:,})" for f, n in formats.items())
        parts.append(f"{len(formats)} formats: {listed}")
    if len(zones) > 1:
        parts.append(f"{len(zones)} UTC offsets: {', '.join(zones)}")
    return new_issue(
        IssueKind.INCONSISTENT_DATE_FORMATS,
        [column.name],
        count=reading.rows(other),
        n_rows=n_rows,
        message=f"{column.name} writes its dates in " + " and ".join(parts) + ".",
        examples=find_examples(series, _rows_of(series, _pick(reading, other))),
        details={
            "formats": list(formats),
            "format_rows": list(formats.values()),
            "offsets": zones,
        },
        fix=_fix(column, reading),
    )


def _ambiguous_day_month(
    column: ColumnProfile, series: pd.Series, reading: DateReading, n_rows: int
) -> Issue | None:
    if reading.order != "ambiguous" or not reading.ambiguous.any():
        return None
    count = reading.rows(reading.ambiguous)
    chosen = str(reading.formats[reading.ambiguous].mode()[0])
    other = chosen.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    example = _pick(reading, reading.ambiguous)[0]
    return new_issue(
        IssueKind.AMBIGUOUS_DAY_MONTH,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.WARNING,
        message=(
            f"{column.name} has {count:,} dates such as {example!r} that read both "
            f"day first ({chosen!r}) and month first ({other!r}), and no value "
            "decides; the proposed fix reads them day first: accept it only if "
            "that is right."
        ),
        examples=find_examples(
            series, _rows_of(series, _pick(reading, reading.ambiguous))
        ),
        details={"formats": [chosen, other], "proposed": chosen},
        fix=_fix(column, reading),
    )


def _invalid_dates(
    column: ColumnProfile, series: pd.Series, reading: DateReading, n_rows: int
) -> Issue | None:
    invalid = reading.invalid
    if not invalid.any():
        return None
    count = reading.rows(invalid)
    values = _pick(reading, invalid)
    return new_issue(
        IssueKind.INVALID_DATES,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.ERROR,
        message=(
            f"{column.name} has {count:,} values shaped like dates that are not "
            f"real dates ({_quoted(values)})."
        ),
        examples=find_examples(series, _rows_of(series, values)),
        details={"values": values[:20]},
        fix=_fix(column, reading),
    )


TEXT_FINDERS = (
    _date_as_text,
    _inconsistent_formats,
    _ambiguous_day_month,
    _invalid_dates,
)


# ------------------------------------------------------------ plausibility


def implausible(dates: pd.Series, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Return where each rule finds distinct dates implausible.

    Parameters
    ----------
    dates : Series of datetime64
        Distinct naive (wall-clock) timestamps.
    counts : ndarray
        How many rows hold each.

    Returns
    -------
    dict of str to ndarray of bool
        ``early`` (before :data:`EARLIEST_YEAR`), ``future`` (more than
        :data:`FUTURE_YEARS` ahead) and ``placeholder`` (one of
        :data:`PLACEHOLDER_DATES`, repeated, a year or more away from every
        other date).
    """
    import pandas as pd

    present = dates.notna().to_numpy(dtype=bool)
    year = dates.dt.year.to_numpy(dtype=float, na_value=np.nan)
    early = present & (year < EARLIEST_YEAR)
    future = present & (year > pd.Timestamp.now().year + FUTURE_YEARS)
    placeholder = np.zeros(len(dates), dtype=bool)

    known = pd.to_datetime(list(PLACEHOLDER_DATES), format="%Y-%m-%d").astype(
        "datetime64[us]"
    )
    candidate = present & dates.isin(known).to_numpy(dtype=bool) & ~early & ~future
    rest = dates[present & ~candidate & ~early & ~future]
    if candidate.any() and len(rest):
        gap = pd.Timedelta(days=PLACEHOLDER_GAP_DAYS)
        far = (dates < rest.min() - gap) | (dates > rest.max() + gap)
        placeholder = candidate & far.to_numpy(dtype=bool) & (counts >= 2)
    return {"early": early, "future": future, "placeholder": placeholder}


def _implausible_issue(
    column: ColumnProfile,
    series: pd.Series,
    dates: pd.Series,
    counts: np.ndarray,
    held: pd.Series,
    n_rows: int,
) -> Issue | None:
    found = implausible(dates, counts)
    flagged = found["early"] | found["future"] | found["placeholder"]
    if not flagged.any():
        return None

    parts = {
        "early": f"before {EARLIEST_YEAR}",
        "future": f"more than {FUTURE_YEARS} years ahead",
        "placeholder": "placeholder dates repeated far from the others",
    }
    said = [f"{int(counts[m].sum()):,} {parts[k]}" for k, m in found.items() if m.any()]
    values = held[flagged].tolist()
    shown = sorted({str(d.date()) for d in dates[flagged]})
    return new_issue(
        IssueKind.IMPLAUSIBLE_DATES,
        [column.name],
        count=int(counts[flagged].sum()),
        n_rows=n_rows,
        message=(
            f"{column.name} has implausible dates: {', '.join(said)} "
            f"({_quoted(shown)})."
        ),
        examples=find_examples(series, series.isin(values)),
        details={k: int(counts[m].sum()) for k, m in found.items()}
        | {"dates": shown[:20]},
    )


def _distinct_timestamps(
    series: pd.Series,
) -> tuple[pd.Series, np.ndarray, pd.Series] | None:
    """Return the distinct timestamps of a datetime-like column as wall-clock
    time (UTC for objects in several zones), their counts and the values held."""
    import pandas as pd

    try:
        counts = series.value_counts(dropna=True, sort=False)
        held = pd.Series(counts.index, dtype=counts.index.dtype)
        # Aware objects may be in several zones: only UTC holds them all.
        utc = held.dtype.kind != "M" and _aware_objects(held)
        dates = pd.to_datetime(held, errors="coerce", utc=utc)
    except (TypeError, ValueError, OverflowError):
        return None  # mixed zones in objects, or not timestamps at all
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates.astype("datetime64[us]"), counts.to_numpy(dtype=np.int64), held


def _aware_objects(values: pd.Series) -> bool:
    return any(getattr(v, "tzinfo", None) is not None for v in values[:1000])


# ------------------------------------------------------------------ check


def _holds_timestamps(column: ColumnProfile, series: pd.Series) -> bool:
    """Datetime dtypes, and objects the profile reads as dates (``date``)."""
    dated = column.semantic_type in (SemanticType.DATE, SemanticType.DATETIME)
    return series.dtype.kind == "M" or (series.dtype == object and dated)


def _text_dates(column: ColumnProfile, series: pd.Series) -> DateReading | None:
    if column.semantic_type not in TEXT_TYPES or not _looks_dated(column):
        return None
    strings = distinct_strings(series)
    return read_dates(strings) if strings is not None else None


def _looks_dated(column: ColumnProfile) -> bool:
    """Return whether most of the column's most frequent values (tokens
    aside) have a date's shape, so that other text is not read for nothing."""
    top = [str(v.value).strip() for v in column.top_values]
    top = [t for t in top if t.casefold() not in MISSING_TOKENS]
    shaped = sum(any(re.match(shape + _TIME, t) for shape in _SHAPES) for t in top)
    return not top or shaped * 2 >= len(top)


@check(
    IssueKind.DATE_AS_TEXT,
    IssueKind.INCONSISTENT_DATE_FORMATS,
    IssueKind.AMBIGUOUS_DAY_MONTH,
    IssueKind.INVALID_DATES,
    IssueKind.IMPLAUSIBLE_DATES,
)
def date_values(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Dates written as text (formats, day-month order, invalid values) and
    implausible dates, in text and datetime columns."""
    import pandas as pd

    issues: list[Issue | None] = []
    for column in table.columns:
        series = frame.iloc[:, column.position]
        if isinstance(series.dtype, pd.CategoricalDtype):
            continue
        reading = _text_dates(column, series) if series.dtype.kind == "O" else None
        if reading is None:
            if _holds_timestamps(column, series):
                found = _distinct_timestamps(series)
                if found is not None:
                    issues.append(
                        _implausible_issue(column, series, *found, table.n_rows)
                    )
            continue
        issues += [find(column, series, reading, table.n_rows) for find in TEXT_FINDERS]
        parsed = reading.parsed
        issues.append(
            _implausible_issue(
                column,
                series,
                reading.dates[parsed].reset_index(drop=True),
                reading.strings.counts[parsed],
                reading.strings.text[parsed].reset_index(drop=True),
                table.n_rows,
            )
        )
    return [issue for issue in issues if issue is not None]
