"""Facts about text columns, read from their distinct values.

Text often holds something else: flags spelled ``Y``/``N``, digit codes whose
leading zeros matter, numbers (``" 3 "``, ``"$1,234.50"``, ``"45%"``), ISO
timestamps, identifiers, categories. Each reading is one rule; the rules run
in order over the distinct values and their counts, and the first that fits
gives the semantic type. What is left is ``text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyst_pa.profile._facts import Facts, length_facts, quote_some, top_values
from analyst_pa.profile._numeric import boolean_facts, float_tally_facts, integer_facts
from analyst_pa.profile._scalars import to_scalar
from analyst_pa.profile._semantic import (
    MIN_UNIQUE_CODES,
    MISSING_TOKENS,
    NUMERIC_SHARE,
    boolean_reading,
    few_categories,
    identifier_note,
)
from analyst_pa.profile._statistics import Tally
from analyst_pa.profile._temporal import time_unit, timestamp_facts
from analyst_pa.results import SemanticType

_DIGITS = r"\+?[0-9]+"
_INTEGER = r"[+-]?[0-9]+"
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
# Currency signs, thousands separators and percent signs around a number.
_FORMATTED = r"[+-]?[$€£¥]?[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?"
_DECORATION = r"[$€£¥,%]"
_ISO_8601 = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)?"
    r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_OFFSET = r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"


# Spellings of a flag looked at (``"Y"``, ``"y"``, ``" Y"`` and ``"N"``...).
_MAX_FLAG_SPELLINGS = 8


@dataclass(frozen=True)
class _Strings:
    """Distinct strings, most frequent first, with what every rule needs."""

    values: pd.Series
    stripped: pd.Series
    counts: np.ndarray
    name: str

    @property
    def n(self) -> int:
        return int(self.counts.sum())


def text_facts(values: pd.Series, counts: np.ndarray, name: str, top: int) -> Facts:
    """Return the facts of a text column from its distinct ``values`` and counts.

    ``values`` holds each distinct present string once, most frequent first.
    """
    values = values.reset_index(drop=True)
    if values.dtype == object:
        values = _arrow_backed(values)
    strings = _Strings(values, values.str.strip(), counts, name)
    facts: Facts = {
        "distinct": len(values),
        "top_values": top_values(values.to_numpy(dtype=object), counts, top),
        **length_facts(values.str.len().to_numpy(dtype=np.int64), counts),
    }
    for rule in _RULES:
        found = rule(strings, top)
        if found is not None:
            # The counts, lengths and top values are those of the text.
            return found | facts
    return {"semantic_type": SemanticType.TEXT, **_text_range(strings), **facts}


def _arrow_backed(values: pd.Series) -> pd.Series:
    """Return text Arrow-backed, so the rules' regular expressions run natively."""
    try:
        return values.astype("str")
    except UnicodeEncodeError:  # lone surrogates: Arrow holds only UTF-8
        return values


def _as_boolean(strings: _Strings, top: int) -> Facts | None:
    if len(strings.values) > _MAX_FLAG_SPELLINGS:
        return None
    truth = boolean_reading(strings.values.tolist())
    if truth is None:
        return None
    is_true = strings.values.map(truth).to_numpy(dtype=bool)
    trues = int(strings.counts[is_true].sum())
    # Values come most frequent first: show each side's commonest spelling.
    true = strings.values[is_true].iloc[0]
    false = strings.values[~is_true].iloc[0]
    facts = boolean_facts(trues, strings.n - trues, top, shown=(true, false))
    note = f"two values read as true and false: {true!r} and {false!r}"
    return facts | {"notes": [note]}


def _as_digit_codes(strings: _Strings, top: int) -> Facts | None:
    stripped = strings.stripped
    if not stripped.str.fullmatch(_DIGITS).all():
        return None
    lengths = stripped.str.len()
    if stripped.str.match(r"0[0-9]|\+").any():
        note = "digit codes with leading zeros or a leading +; kept as text"
    elif lengths.nunique() == 1 and lengths.iloc[0] >= 5:
        note = f"digit codes all {lengths.iloc[0]} characters long; kept as text"
    else:
        return None
    return {"semantic_type": SemanticType.IDENTIFIER, "notes": [note]} | _text_range(
        strings
    )


def _as_named_identifier(strings: _Strings, top: int) -> Facts | None:
    note = identifier_note(strings.name, len(strings.values), strings.n)
    if note is None:
        return None
    return {"semantic_type": SemanticType.IDENTIFIER, "notes": [note]} | _text_range(
        strings
    )


def _as_numbers(strings: _Strings, top: int) -> Facts | None:
    """Numbers stored as text, plain or formatted, allowing a few stray values."""
    tokens = strings.stripped.str.lower().isin(MISSING_TOKENS).to_numpy(dtype=bool)
    for pattern, note in (
        (_NUMBER, "numbers stored as text"),
        (_FORMATTED, "numbers stored as text with currency, thousands or % signs"),
    ):
        numeric = strings.stripped.str.fullmatch(pattern).to_numpy(dtype=bool)
        if _numeric_enough(strings.counts, numeric, tokens):
            facts = _number_facts(strings, numeric, top)
            notes = [note, *facts.get("notes", []), *_strays(strings, numeric)]
            return facts | {"notes": notes}
    return None


def _numeric_enough(
    counts: np.ndarray, numeric: np.ndarray, tokens: np.ndarray
) -> bool:
    considered = int(counts[~tokens].sum())
    numbers = int(counts[numeric].sum())
    return numbers > 0 and numbers >= NUMERIC_SHARE * considered


def _number_facts(strings: _Strings, numeric: np.ndarray, top: int) -> Facts:
    text = strings.stripped[numeric].str.replace(_DECORATION, "", regex=True)
    counts = strings.counts[numeric]
    if text.str.fullmatch(_INTEGER).all():
        return integer_facts(Tally.weighted(_integers(text), counts), "", top)
    floats = pd.to_numeric(text).to_numpy(dtype=np.float64)
    finite = np.isfinite(floats)  # "1e400" is a number too large for a float
    infinities = (
        int(counts[floats == np.inf].sum()),
        int(counts[floats == -np.inf].sum()),
    )
    tally = Tally.weighted(floats[finite], counts[finite])
    return float_tally_facts(tally, "", top, infinities=infinities)


def _integers(text: pd.Series) -> np.ndarray:
    """Return integers parsed exactly, as Python ints when 64 bits are too few."""
    parsed = pd.to_numeric(text)
    if parsed.dtype.kind in "iu":
        return parsed.to_numpy()
    return np.array([int(value) for value in text], dtype=object)


def _strays(strings: _Strings, numeric: np.ndarray) -> list[str]:
    strays = strings.values[~numeric].tolist()
    if not strays:
        return []
    share = int(strings.counts[~numeric].sum())
    return [
        f"{share} of {strings.n} values are not numbers and are left out of "
        f"the statistics: {quote_some(strays)}"
    ]


def _as_timestamps(strings: _Strings, top: int) -> Facts | None:
    """ISO 8601 dates and timestamps stored as text, with or without offsets."""
    stripped = strings.stripped
    if not stripped.str.fullmatch(_ISO_8601).all():
        return None
    notes = ["ISO 8601 timestamps stored as text"]
    try:
        parsed = pd.to_datetime(stripped, format="ISO8601", errors="coerce")
    except ValueError:  # several UTC offsets, or naive beside zone-aware
        if not stripped.str.contains(_OFFSET).all():
            return None  # naive and zone-aware timestamps cannot be compared
        parsed = pd.to_datetime(stripped, format="ISO8601", utc=True, errors="coerce")
        notes.append("several UTC offsets; shown in UTC")
    if parsed.isna().any():
        return None

    ticks = Tally.weighted(parsed.to_numpy(dtype=np.int64), strings.counts)
    dates_only = bool((stripped.str.len() == 10).all())
    tz = getattr(parsed.dtype, "tz", None)
    unit = time_unit(parsed.dtype)
    facts = timestamp_facts(ticks, unit, tz, top, as_date=dates_only or None)
    return facts | {"notes": notes}


def _as_unique_codes(strings: _Strings, top: int) -> Facts | None:
    n = strings.n
    if n < MIN_UNIQUE_CODES or len(strings.values) < n:
        return None
    if strings.values.str.contains(r"[ \t\n\r\f\v]").any():
        return None
    note = f"all {n} values are distinct and have no spaces, like codes or e-mails"
    return {"semantic_type": SemanticType.IDENTIFIER, "notes": [note]} | _text_range(
        strings
    )


def _as_categories(strings: _Strings, top: int) -> Facts | None:
    if not few_categories(len(strings.values), strings.n):
        return None
    return {"semantic_type": SemanticType.CATEGORICAL} | _text_range(strings)


def _text_range(strings: _Strings) -> Facts:
    """Return the first and last value in code-point order."""
    return {
        "min": to_scalar(strings.values.min()),
        "max": to_scalar(strings.values.max()),
    }


_RULES: tuple[Callable[[_Strings, int], Facts | None], ...] = (
    _as_boolean,
    _as_digit_codes,
    _as_named_identifier,
    _as_numbers,
    _as_timestamps,
    _as_unique_codes,
    _as_categories,
)
