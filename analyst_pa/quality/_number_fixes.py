"""Fix operations that convert a column: numbers, codes and dates from text.

Each operation comes in the form the checks propose: a pure function on a
frame and the pandas code that does the same, built from the same calls so
the two cannot drift apart. The safe forms (``parse_numbers``,
``parse_dates``) are proposed only when every value was seen to convert;
they let pandas raise on anything else. The ``coerce_`` forms turn what does
not convert into a missing value, so they need an explicit accept.

They run after the text clean-ups and missing-value replacements (orders 20
to 31), which may have removed what would not convert, and before rows are
dropped (90).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from analyst_pa.quality._fixes import column_ref, operation

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "coerce_dates",
    "coerce_numbers",
    "from_excel_serial",
    "pad_codes",
    "parse_dates",
    "parse_numbers",
    "plain_numbers",
]


def strip_pattern(marks: str) -> str:
    """Return the regex matching white space and each of ``marks``."""
    return "[\\s" + "".join(re.escape(mark) for mark in sorted(set(marks))) + "]"


def number_pattern(decimal: str, thousands: str | None) -> str:
    """Return the regex a stripped number matches: a sign, digits in groups
    of three or not, a decimal part and an exponent."""
    d = re.escape(decimal)
    groups = rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+|" if thousands else ""
    exponent = r"(?:[eE][-+]?\d+)?"
    return rf"[-+]?(?:(?:{groups}\d+)(?:{d}\d+)?|{d}\d+){exponent}"


def _text_steps(
    decimal: str, thousands: str | None, marks: str, guard: bool
) -> list[tuple[str, tuple[Any, ...]]]:
    """Return the string steps that turn formatted numbers into plain ones.

    ``guard`` blanks what is not a number once stripped, so that a value
    written in another convention becomes missing instead of another number.
    """
    steps: list[tuple[str, tuple[Any, ...]]] = [
        ("replace", (strip_pattern(marks), "", True))
    ]
    if guard:
        steps.append(("fullmatch", (number_pattern(decimal, thousands),)))
    if thousands:
        steps.append(("replace", (thousands, "", False)))
    if decimal != ".":
        steps.append(("replace", (decimal, ".", False)))
    return steps


def plain_numbers(
    text: pd.Series, decimal: str, thousands: str | None, marks: str, guard: bool
) -> pd.Series:
    """Return formatted numbers as text ``pd.to_numeric`` reads.

    Parameters
    ----------
    text : Series
        Strings (other cells become NaN, as ``.str`` makes them).
    decimal, thousands : str
        The decimal mark, and the thousands mark (None if there is none).
    marks : str
        Characters to strip besides white space (currency, percent).
    guard : bool
        Blank what is not a number once stripped, so that a value in
        another convention becomes missing instead of another number.

    Returns
    -------
    Series
        The same steps the fixes' code takes, in the same order.
    """
    for step, args in _text_steps(decimal, thousands, marks, guard):
        if step == "replace":
            pattern, replacement, regex = args
            text = text.str.replace(pattern, replacement, regex=regex)
        else:
            text = text.where(text.str.fullmatch(args[0], na=False))
    return text


def _steps_code(
    ref: str, decimal: str, thousands: str | None, marks: str, guard: bool
) -> list[str]:
    """Return the expressions of :func:`plain_numbers`, one per line."""
    lines, current = [], ref
    for step, args in _text_steps(decimal, thousands, marks, guard):
        if step == "replace":
            pattern, replacement, regex = args
            current += f".str.replace({pattern!r}, {replacement!r}, regex={regex})"
        else:
            lines.append(f"text = {current}")
            lines.append(
                f"text = text.where(text.str.fullmatch({args[0]!r}, na=False))"
            )
            current = "text"
    return [*lines, current]


def _numbers(
    frame: pd.DataFrame,
    column: str,
    decimal: str,
    thousands: str | None,
    marks: str,
    mixed: bool,
    coerce: bool,
) -> pd.DataFrame:
    import pandas as pd

    out = frame.copy()
    errors = "coerce" if coerce else "raise"
    text = plain_numbers(out[column], decimal, thousands, marks, guard=coerce)
    parsed = pd.to_numeric(text, errors=errors)  # type: ignore[call-overload]
    if mixed:
        # Cells that are numbers already are not strings: .str gives them NaN.
        numbers = out[column].mask(out[column].str.len().notna())
        parsed = parsed.fillna(pd.to_numeric(numbers, errors=errors))  # type: ignore[call-overload]
    out[column] = parsed
    return out


def _numbers_code(
    column: str,
    decimal: str,
    thousands: str | None,
    marks: str,
    mixed: bool,
    coerce: bool,
) -> str:
    ref = column_ref(column)
    option = ", errors='coerce'" if coerce else ""
    *lines, text = _steps_code(ref, decimal, thousands, marks, guard=coerce)
    if not mixed:
        return "\n".join([*lines, f"{ref} = pd.to_numeric({text}{option})"])
    if text != "text":
        lines.append(f"text = {text}")
    return "\n".join(
        [
            *lines,
            f"{ref} = pd.to_numeric(text{option}).fillna(",
            f"    pd.to_numeric({ref}.mask({ref}.str.len().notna()){option})",
            ")",
        ]
    )


def _parse_numbers_code(
    column: str, decimal: str, thousands: str | None, marks: str, mixed: bool
) -> str:
    return _numbers_code(column, decimal, thousands, marks, mixed, coerce=False)


@operation("parse_numbers", order=40, safe=True, code=_parse_numbers_code)
def parse_numbers(
    frame: pd.DataFrame,
    column: str,
    decimal: str,
    thousands: str | None,
    marks: str,
    mixed: bool,
) -> pd.DataFrame:
    """Read numbers written as text: strip spaces and ``marks`` (currency,
    percent), drop the ``thousands`` separator, read ``decimal`` as the point.

    Percentages keep the number as written (``"45%"`` becomes 45). ``mixed``
    columns also hold numbers, which are kept. Anything else raises.
    """
    return _numbers(frame, column, decimal, thousands, marks, mixed, coerce=False)


def _coerce_numbers_code(
    column: str, decimal: str, thousands: str | None, marks: str, mixed: bool
) -> str:
    return _numbers_code(column, decimal, thousands, marks, mixed, coerce=True)


@operation("coerce_numbers", order=41, safe=False, code=_coerce_numbers_code)
def coerce_numbers(
    frame: pd.DataFrame,
    column: str,
    decimal: str,
    thousands: str | None,
    marks: str,
    mixed: bool,
) -> pd.DataFrame:
    """Like :func:`parse_numbers`, but values that are not numbers in this
    convention become missing."""
    return _numbers(frame, column, decimal, thousands, marks, mixed, coerce=True)


def _pad_code(column: str, width: int) -> str:
    ref = column_ref(column)
    return f'{ref} = {ref}.astype("Int64").astype("string").str.zfill({width})'


@operation("pad_codes", order=45, safe=False, code=_pad_code)
def pad_codes(frame: pd.DataFrame, column: str, width: int) -> pd.DataFrame:
    """Write number-like codes as text, zero-padded to ``width`` digits."""
    out = frame.copy()
    out[column] = out[column].astype("Int64").astype("string").str.zfill(width)
    return out


def _excel_code(column: str) -> str:
    ref = column_ref(column)
    return f'{ref} = pd.to_datetime({ref}, unit="D", origin="1899-12-30")'


@operation("from_excel_serial", order=46, safe=False, code=_excel_code)
def from_excel_serial(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Read Excel serial day numbers (days since 1899-12-30) as timestamps."""
    import pandas as pd

    out = frame.copy()
    out[column] = pd.to_datetime(out[column], unit="D", origin="1899-12-30")
    return out


def _parse_dates_code(column: str, format: str, strip: bool) -> str:
    ref = column_ref(column)
    text = f"{ref}.str.strip()" if strip else ref
    return f"{ref} = pd.to_datetime({text}, format={format!r})"


@operation("parse_dates", order=50, safe=True, code=_parse_dates_code)
def parse_dates(
    frame: pd.DataFrame, column: str, format: str, strip: bool
) -> pd.DataFrame:
    """Read dates written as text in one explicit ``format``."""
    import pandas as pd

    out = frame.copy()
    text = out[column].str.strip() if strip else out[column]
    out[column] = pd.to_datetime(text, format=format)
    return out


def _coerce_dates_code(column: str, formats: list[str], strip: bool, utc: bool) -> str:
    ref = column_ref(column)
    option = ", utc=True" if utc else ""
    reads = [
        f"pd.to_datetime(text, format={f!r}, errors='coerce'{option})" for f in formats
    ]
    first, rest = reads[0], "".join(f".fillna(\n    {r}\n)" for r in reads[1:])
    return f"text = {ref}{'.str.strip()' if strip else ''}\n{ref} = {first}{rest}"


@operation("coerce_dates", order=51, safe=False, code=_coerce_dates_code)
def coerce_dates(
    frame: pd.DataFrame, column: str, formats: list[str], strip: bool, utc: bool
) -> pd.DataFrame:
    """Read dates written as text in the first of ``formats`` that fits each
    value; values that fit none become missing. ``utc`` reads every value as
    UTC (needed when values carry different offsets)."""
    import pandas as pd

    out = frame.copy()
    text = out[column].str.strip() if strip else out[column]
    parsed = pd.to_datetime(text, format=formats[0], errors="coerce", utc=utc)
    for format in formats[1:]:
        parsed = parsed.fillna(
            pd.to_datetime(text, format=format, errors="coerce", utc=utc)
        )
    out[column] = parsed
    return out
