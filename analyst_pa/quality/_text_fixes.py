"""The fix operations of text columns, each with its pandas code.

Their order places them among the others (``_operations``): spellings are
mapped first, on the values as the check saw them (12); a mixed column is
stored as text (13); then invisible characters go (15) and Unicode forms
are normalised (16), before ``strip_whitespace`` (20) tidies the spaces
they leave and ``replace_with_missing`` (30) blanks tokens.

The string rewrites are proposed only for columns whose present cells are
all strings: ``.str`` methods turn any other value into a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyst_pa.quality._fixes import column_ref, operation

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "INVISIBLE_CHARACTERS",
    "SPACE_LIKE",
    "WIDTH_FOLDING",
    "cast_to_text",
    "map_categories",
    "normalize_unicode",
    "remove_invisible",
]

# Spaces that look like a space but are not one: no-break, figure and the
# typographic widths. They become a plain space.
SPACE_LIKE = frozenset(
    ["\u00a0", "\u2007", "\u202f"] + [chr(c) for c in range(0x2000, 0x200B)]
)

# Characters nobody sees: control characters other than tab and line
# breaks, zero-width and bidirectional marks, the byte-order mark and the
# soft hyphen; with the space-like ones. The zero-width (non-)joiners are
# left alone: emoji sequences and Persian text need them.
INVISIBLE_CHARACTERS = frozenset(
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u00ad", "\u180e", "\u200b", "\u200e", "\u200f", "\u2060", "\ufeff"]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    + sorted(SPACE_LIKE)
)

# Full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space, as
# ``str.translate`` takes them.
WIDTH_FOLDING = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_WIDTH_CODE = "{**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}"


def _map_code(column: str, values: list[str], replacements: list[str]) -> str:
    ref = column_ref(column)
    mapping = dict(zip(values, replacements, strict=True))
    return f"{ref} = {ref}.replace({mapping!r})"


@operation("map_categories", order=12, safe=False, code=_map_code)
def map_categories(
    frame: pd.DataFrame, column: str, values: list[str], replacements: list[str]
) -> pd.DataFrame:
    """Replace each of ``values`` in ``column`` by its replacement."""
    out = frame.copy()
    out[column] = out[column].replace(dict(zip(values, replacements, strict=True)))
    return out


def _cast_code(column: str) -> str:
    ref = column_ref(column)
    return f"{ref} = {ref}.astype('str')"


@operation("cast_to_text", order=13, safe=False, code=_cast_code)
def cast_to_text(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Store ``column`` as text; missing values stay missing."""
    out = frame.copy()
    out[column] = out[column].astype("str")
    return out


def removal_table(characters: list[str]) -> dict[int, str | None]:
    """Return the ``str.translate`` table that removes ``characters``,
    turning the space-like ones into a plain space."""
    return {ord(c): " " if c in SPACE_LIKE else None for c in sorted(characters)}


def _invisible_code(column: str, characters: list[str]) -> str:
    ref = column_ref(column)
    entries = ", ".join(
        f"0x{key:04x}: {value!r}" for key, value in removal_table(characters).items()
    )
    return f"{ref} = {ref}.str.translate({{{entries}}})"


@operation("remove_invisible", order=15, safe=True, code=_invisible_code)
def remove_invisible(
    frame: pd.DataFrame, column: str, characters: list[str]
) -> pd.DataFrame:
    """Remove ``characters`` from ``column``; space-like ones become spaces."""
    out = frame.copy()
    out[column] = out[column].str.translate(removal_table(characters))
    return out


def _unicode_code(column: str, fold_width: bool = False) -> str:
    ref = column_ref(column)
    fold = f".str.translate({_WIDTH_CODE})" if fold_width else ""
    return f"{ref} = {ref}.str.normalize('NFC'){fold}"


@operation("normalize_unicode", order=16, safe=True, code=_unicode_code)
def normalize_unicode(
    frame: pd.DataFrame, column: str, fold_width: bool = False
) -> pd.DataFrame:
    """Write ``column`` in composed Unicode (NFC); with ``fold_width``, also
    full-width letters, digits and marks as their ASCII forms."""
    out = frame.copy()
    normal = out[column].str.normalize("NFC")
    out[column] = normal.str.translate(WIDTH_FOLDING) if fold_width else normal
    return out
