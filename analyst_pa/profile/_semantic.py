"""The rules that give a column its semantic type, beyond what its dtype says.

Each rule is a plain predicate over a column's name and its counts, so the
kinds of column (numbers, text, Python objects) apply the same thresholds.
The vocabulary itself is :class:`~analyst_pa.results.SemanticType`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words in a column name that say its values label things rather than
# measure them.
IDENTIFIER_WORDS = frozenset(
    {"id", "ids", "key", "uuid", "guid", "code", "no", "nr", "num", "number", "ref"}
)

# The last word of a column name that says its numbers are codes, however
# often they repeat: a flight number, a zip code, a store number. Only the
# last word counts (``number_of_items`` and ``num_children`` are counts),
# and a rate is no code (``miles_per_flight``). ``num`` is left out: as a
# last word it as often says "numeric" (``const_num``, shared case 23, is
# a constant quantity) as "number".
CODE_NAME_WORDS = (IDENTIFIER_WORDS - {"num"}) | frozenset(
    {"codes", "flight", "zip", "zipcode", "postcode", "postal", "phone"}
    | {"telephone", "tel", "fax", "sku", "isbn", "ean", "upc", "gtin", "iban"}
    | {"ssn", "fips"}
)

# An identifier is nearly unique: at least this share of values distinct,
# among at least MIN_IDENTIFIER_VALUES values.
UNIQUE_SHARE = 0.95
MIN_IDENTIFIER_VALUES = 10

# Unique strings without spaces are codes (UUIDs, e-mails) from this many on.
MIN_UNIQUE_CODES = 20

# Text with at most this many distinct values, and no more than this share
# of its values, is categorical.
MAX_CATEGORIES = 50
CATEGORY_SHARE = 0.5

# An object column is numeric when at least this share of its values (not
# counting missing-value tokens) are numbers.
NUMERIC_SHARE = 0.9

# Pairs of values read as (true, false), compared stripped and lower-cased.
BOOLEAN_PAIRS = (
    ("y", "n"),
    ("yes", "no"),
    ("t", "f"),
    ("true", "false"),
    ("1", "0"),
    ("on", "off"),
)

# Text that stands for a missing value; such values do not count against a
# column being numeric (the quality checks report them as disguised missing).
MISSING_TOKENS = frozenset(
    {"", "na", "n/a", "n.a.", "#n/a", "nan", "none", "null", "nil", "-", "--"}
    | {"?", ".", "..", "...", "missing"}
)

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def name_words(name: str) -> list[str]:
    """Return the lower-cased words of a column name (snake, kebab or camel)."""
    return [word.lower() for word in _WORDS.findall(name)]


def named_like_identifier(name: str) -> bool:
    """Return whether the column name says it holds identifiers."""
    return not IDENTIFIER_WORDS.isdisjoint(name_words(name))


def code_word(name: str) -> str | None:
    """Return the last word of the name when it says the values are codes.

    Trailing numbers are passed over (``phone_2`` ends in ``phone``), so
    is a rate (``miles_per_flight``): None.
    """
    words = [word for word in name_words(name) if not word.isdigit()]
    if not words or words[-1] not in CODE_NAME_WORDS:
        return None
    if len(words) > 1 and words[-2] == "per":
        return None
    return words[-1]


def unique_enough(distinct: int, count: int) -> bool:
    """Return whether values are distinct enough to identify rows."""
    return count >= MIN_IDENTIFIER_VALUES and distinct >= UNIQUE_SHARE * count


def identifier_note(name: str, distinct: int, count: int) -> str | None:
    """Return why the column is an identifier by its name, or None if it is not."""
    if named_like_identifier(name) and unique_enough(distinct, count):
        return (
            f"the name {name!r} suggests an identifier and "
            f"{distinct / count:.0%} of its values are distinct"
        )
    return None


def code_note(name: str, distinct: int, count: int) -> str | None:
    """Return why numbers are codes by the last word of their name, or None.

    Flight numbers, zip codes and store numbers label things rather than
    measure them, even when every value repeats.
    """
    word = code_word(name)
    if word is None:
        return None
    note = f"the name {name!r} ends in {word!r}: numbers that label, not measure"
    if distinct < count:
        note += f" (they repeat: {distinct:,} distinct values in {count:,})"
    return note


def few_categories(distinct: int, count: int) -> bool:
    """Return whether values repeat enough to be categories."""
    return distinct <= MAX_CATEGORIES and distinct <= CATEGORY_SHARE * count


def boolean_reading(values: Iterable[str]) -> dict[str, bool] | None:
    """Return each value's truth if the values spell one known pair, else None.

    ``["Y", "N"]`` gives ``{"Y": True, "N": False}``. Case and surrounding
    spaces do not matter (``"true"`` and ``"True"`` both read as true), but
    both words of the pair must occur.
    """
    words = {value: value.strip().lower() for value in values}
    for true, false in BOOLEAN_PAIRS:
        if set(words.values()) == {true, false}:
            return {value: word == true for value, word in words.items()}
    return None


def is_missing_token(text: str) -> bool:
    """Return whether ``text`` is one of the usual stand-ins for missing."""
    return text.strip().lower() in MISSING_TOKENS
