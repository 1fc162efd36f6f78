"""Text columns: spacing, spelling, characters, formats, lengths and types.

The string checks look at a column's distinct strings once (one
``value_counts``), test them with vectorised ``.str`` methods and weigh
each finding by how many rows hold the string, so a column of a million
rows with a thousand distinct values costs a thousand string tests. They
run on columns the profile calls categorical, text, identifier or mixed
(and, for tokens and characters only, truth values written as text);
columns it reads as numbers or dates are the numbers and dates checks'
business, including the missing-value tokens inside them, and so are text
columns whose values are mostly numbers or dates written as text, apart
from their tokens and characters.

String rewrites (strip, remove invisible characters, normalise Unicode) are
proposed only where every present cell is a string: ``.str`` methods turn
other values into missing ones.

Values that stand for a missing value (``'n/a'``, ``'-'``, ``' '``) are
reported once, as ``disguised_missing``, and left out of the spelling,
format and whitespace findings so that one token is not three issues.
Broken text (U+FFFD, lone surrogates, UTF-8 read as Latin-1) is reported
as ``invalid_format`` with ``details["problem"] == "encoding"`` and the id
suffix ``:encoding``, beside the pattern finding of the same column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import numbers
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import find_examples, new_issue
from analyst_pa.quality._text_fixes import (
    INVISIBLE_CHARACTERS,
    WIDTH_FOLDING,
    removal_table,
)
from analyst_pa.results import (
    ColumnProfile,
    Example,
    Fix,
    Issue,
    IssueKind,
    SemanticType,
    Severity,
    TableProfile,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Families",
    "Strings",
    "distinct_strings",
    "mixed_types",
    "text_values",
    "value_families",
]

# The semantic types whose cells hold strings these checks understand.
TEXT_TYPES = frozenset(
    {
        SemanticType.CATEGORICAL,
        SemanticType.TEXT,
        SemanticType.IDENTIFIER,
        SemanticType.MIXED,
    }
)

# ... and those whose strings may hold stray tokens and characters ('Y'/'N'
# truth values written as text).
STRING_TYPES = TEXT_TYPES | {SemanticType.BOOLEAN}

# Spellings of "no value" once stripped and casefolded; pandas' own
# ``na_values`` plus what spreadsheets and survey tools write.
MISSING_TOKENS = frozenset(
    {
        "na", "n/a", "n.a.", "n.a", "#n/a", "#n/a n/a", "#na", "<na>", "nan",
        "-nan", "none", "null", "#null!", "(null)", "nil", "missing",
        "not available", "not applicable", "undefined", "(blank)", "blank",
        "(none)", "empty",
    }
)  # fmt: skip
# Values made only of these marks (or nothing) also stand for "no value".
_PUNCTUATION_ONLY = r"^[-?.*_/\\·–—]*$"

# Any invisible character, as a regex class (the characters, escaped).
INVISIBLE_PATTERN = (
    "[" + "".join(re.escape(c) for c in sorted(INVISIBLE_CHARACTERS)) + "]"
)
# ... and as the table that removes them, space-like ones becoming a space.
_INVISIBLE_TABLE = removal_table(sorted(INVISIBLE_CHARACTERS))

# Broken text: the replacement character, lone surrogates, and the marks
# UTF-8 leaves when read as Latin-1 or cp1252 ("cafÃ©", "â€™").
_BROKEN = "[\ufffd\ud800-\udfff]"
_MOJIBAKE = (
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013-\u2122]"
)

# Numbers and dates written as text: digits with the marks of numbers and
# dates only. A column where they dominate is the numbers' and dates'
# checks business, apart from its tokens and its characters.
_NUMBER_OR_DATE = r"^[\d\s.,:/+\-−'TZ$€£¥%()]*\d[\d\s.,:/+\-−'TZ$€£¥%()]*$"
NUMBER_OR_DATE_SHARE = 0.9

# Named formats, tested before the letter/digit shape.
FORMATS = {
    "e-mail": r"^[^@\s]+@[^@\s]+\.[^@\s.]+$",
    "URL": r"^(?:https?|ftp)://[^\s/?#]+[^\s]*$",
    "UUID": r"^\{?[0-9a-fA-F]{8}(?:-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}\}?$",
}

# One pattern must cover this share of the rows before deviations count.
DOMINANT_SHARE = 0.9
# ... and a pattern needs this many rows and distinct values to be one.
PATTERN_MIN_ROWS = 20
PATTERN_MIN_DISTINCT = 5

# A value is long beyond this many characters however long the others are.
LONG_TEXT = 1000
# ... or beyond this many times the typical (median) length.
LONG_FACTOR = 10

# Categorical-looking text: short values with at least this many distinct
# values, and either this many or this share of the present rows.
HIGH_CARDINALITY_MIN = 100
HIGH_CARDINALITY_COUNT = 1000
HIGH_CARDINALITY_SHARE = 0.5
CATEGORY_MAX_LENGTH = 40
# ... and not codes: values with a digit and no space in most rows (a tail
# number, a postcode) make a key to another table, not a category.
CODE_SHARE = 0.5


@dataclass(frozen=True)
class Strings:
    """The distinct strings of a column and how many rows hold each.

    ``text`` holds the distinct strings as Python ``str`` (object dtype,
    so every ``.str`` method follows Python's Unicode rules whatever the
    column's storage); ``counts`` is aligned with it; ``others`` counts the
    present cells that are not strings.
    """

    text: pd.Series
    counts: np.ndarray
    others: int

    @property
    def rows(self) -> int:
        """Return how many rows hold a string."""
        return int(self.counts.sum())

    def weight(self, mask: Any) -> int:
        """Return how many rows hold one of the strings where ``mask`` holds."""
        return int(self.counts[np.asarray(mask, dtype=bool)].sum())

    def pick(self, mask: Any) -> list[str]:
        """Return the strings where ``mask`` holds, the most frequent first."""
        keep = np.asarray(mask, dtype=bool)
        order = np.argsort(-self.counts[keep], kind="stable")
        return [str(v) for v in self.text.to_numpy()[keep][order]]


def distinct_strings(series: pd.Series) -> Strings | None:
    """Return the distinct strings of ``series``, or None when it holds none."""
    import pandas as pd

    try:
        counts = series.value_counts(dropna=True, sort=False)
    except TypeError:  # unhashable cells (lists, dicts): keep the strings only
        counts = series[series.map(lambda v: isinstance(v, str))].value_counts()

    values = counts.index.to_numpy(dtype=object)
    keep = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    keep &= counts.to_numpy() > 0  # a categorical's unused levels
    if not keep.any():
        return None

    # Kept as object: pandas would store them as Arrow strings, whose regexes
    # follow other rules (and which refuse lone surrogates).
    text = pd.Series(values[keep], dtype=object)
    found = counts.to_numpy(dtype=np.int64)[keep]
    others = int(series.notna().sum()) - int(found.sum())
    return Strings(text, found, others)


def _tokens(strings: Strings) -> pd.Series:
    """Return where the distinct strings stand for a missing value."""
    key = strings.text.str.translate(_INVISIBLE_TABLE).str.strip().str.casefold()
    return key.isin(MISSING_TOKENS) | key.str.match(_PUNCTUATION_ONLY)


def _clean(text: pd.Series) -> pd.Series:
    """Return the strings as a reader sees them: no invisible characters,
    no surrounding spaces, compatibility forms folded."""
    visible = text.str.translate(_INVISIBLE_TABLE)
    return visible.str.normalize("NFKC").str.strip()


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def readable_examples(series: pd.Series, mask: Any) -> list[Example]:
    """Return examples of the rows where ``mask`` holds.

    Lone surrogates cannot be written as UTF-8, so neither as JSON nor as an
    Arrow string: in object columns, strings are shown escaped (``\\ud800``).
    """
    picked = series[np.asarray(mask, dtype=bool)]
    if picked.dtype == object:
        # Only the first row of each value can be an example (unhashable
        # cells cannot be told apart this way, and are all kept).
        with contextlib.suppress(TypeError):
            picked = picked[~picked.duplicated()]
        picked = picked.map(_escaped)
    return find_examples(picked, np.ones(len(picked), dtype=bool))


def examples_of(series: pd.Series, values: list[str]) -> list[Example]:
    """Return examples of the rows holding one of ``values``."""
    try:
        rows = series.isin(values)
    except TypeError:  # unhashable cells: compare the strings only
        wanted = set(values)
        rows = series.map(lambda v: isinstance(v, str) and v in wanted)
    return readable_examples(series, rows)


def _rows(n: int, noun: str = "row") -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _quoted(values: list[str], limit: int = 3) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (", …" if len(values) > limit else "")


Finder = Callable[[ColumnProfile, "pd.Series", Strings, int], "Issue | None"]


def _whitespace(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    text = strings.text
    stripped = text.str.strip()
    blank = stripped.eq("")  # a blank value is a disguised missing one
    leading = text.str.match(r"\s") & ~blank
    trailing = text.str.contains(r"\s$") & ~blank
    doubled = text.str.contains(r"[^\S\r\n]{2,}") & ~blank
    bad = leading | trailing | doubled
    if not bad.any():
        return None

    count = strings.weight(bad)
    parts = {"leading": leading, "trailing": trailing, "doubled": doubled}
    found = {k: strings.weight(m) for k, m in parts.items() if m.any()}
    said = ", ".join(f"{n:,} {k}" for k, n in found.items())
    # Stripping collapses every run of whitespace: keep line breaks intact
    # and non-string cells present by not proposing it in those columns.
    safe_to_strip = strings.others == 0 and not text.str.contains("\n").any()
    fix = None
    if safe_to_strip:
        fix = propose(
            "strip_whitespace",
            f"Strip surrounding spaces in {column.name} and collapse doubled ones.",
            column=column.name,
        )
    return new_issue(
        IssueKind.WHITESPACE,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.INFO,
        message=f"{column.name} has stray spaces in {_rows(count)} ({said}).",
        examples=examples_of(series, strings.pick(bad)),
        details=found,
        fix=fix,
    )


def _disguised_missing(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    token = _tokens(strings)
    if not token.any():
        return None

    values = strings.pick(token)
    count = strings.weight(token)
    # Other fixes may strip or clean these values first: list those forms too
    # so the replacement still finds them.
    raw = strings.text[token]
    forms = set(values) | set(raw.str.strip()) | set(_clean(raw))
    return new_issue(
        IssueKind.DISGUISED_MISSING,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} writes a missing value as text in {_rows(count)} "
            f"({_quoted(values)})."
        ),
        examples=examples_of(series, values),
        details={"tokens": values},
        fix=propose(
            "replace_with_missing",
            f"Treat {_quoted(values)} in {column.name} as missing.",
            column=column.name,
            values=sorted(forms),
        ),
    )


def category_key(text: pd.Series) -> pd.Series:
    """Return the spelling-free key of each string: compatibility forms
    folded, case folded, and every mark but a decimal point dropped."""
    key = _clean(text).str.casefold()
    key = key.str.replace(r"(?<=\d)[.,](?=\d)", "\x00", regex=True)
    key = key.str.replace(r"[\W_]+", "", regex=True)
    return key.str.replace("\x00", ".", regex=False)


def tidy(text: pd.Series) -> pd.Series:
    """Return the strings as the safe fixes leave them: invisible characters
    removed, NFC, full-width forms folded, spaces stripped and collapsed."""
    visible = text.str.translate(_INVISIBLE_TABLE).str.normalize("NFC")
    folded = visible.str.translate(WIDTH_FOLDING).str.strip()
    return folded.str.replace(r"\s{2,}", " ", regex=True)


def _variant_mapping(strings: Strings) -> dict[str, str]:
    """Return each spelling mapped to the most frequent one of its group,
    where it differs by more than what the safe fixes repair (spaces,
    invisible characters, Unicode forms): those are their issues."""
    import pandas as pd

    usable = ~_tokens(strings).to_numpy(dtype=bool)
    key = category_key(strings.text[usable]).to_numpy()
    keep = key != ""
    raw = strings.text.to_numpy()[usable][keep]
    tidied = tidy(pd.Series(raw, dtype=object)).to_numpy()
    counts = strings.counts[usable][keep]

    # One spelling is a (key, tidied text) pair; numpy and factorize, not a
    # groupby, so that no step stores the strings as Arrow strings (which
    # refuse lone surrogates).
    key_code, _ = pd.factorize(key[keep])
    tidy_code, spellings = pd.factorize(tidied)
    _, first, pair_of = np.unique(
        key_code * len(spellings) + tidy_code, return_index=True, return_inverse=True
    )
    weight = np.bincount(pair_of, weights=counts)
    order = np.lexsort((tidied[first], -weight))
    _, top = np.unique(key_code[first][order], return_index=True)
    canonical = np.empty(key_code.max() + 1 if len(key_code) else 0, dtype=object)
    canonical[key_code[first][order][top]] = tidied[first][order][top]

    wanted = canonical[key_code]
    variant = tidied != wanted
    return dict(zip(raw[variant], wanted[variant], strict=True))


def _inconsistent_categories(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    if column.semantic_type == SemanticType.IDENTIFIER:
        return None  # identifiers may differ by case on purpose
    lengths = strings.text.str.len().to_numpy()
    if _weighted_median(lengths, strings.counts) > CATEGORY_MAX_LENGTH:
        return None  # sentences are no categories
    mapping = _variant_mapping(strings)
    if not mapping:
        return None

    variants = list(mapping)
    count = strings.weight(strings.text.isin(variants))
    groups = len(set(mapping.values()))
    first = next(iter(mapping.values()))
    spelled = [v for v, c in mapping.items() if c == first]
    return new_issue(
        IssueKind.INCONSISTENT_CATEGORIES,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} spells {groups:,} value(s) in more than one way "
            f"({_quoted(spelled)} for {first!r}); {_rows(count)} use a less "
            "common spelling."
        ),
        examples=examples_of(series, variants),
        details={"method": "casefold, NFKC, marks and spaces removed"},
        fix=propose(
            "map_categories",
            f"Write every spelling in {column.name} as its most frequent one.",
            column=column.name,
            values=variants,
            replacements=[mapping[v] for v in variants],
        ),
    )


def _characters(found: pd.Series) -> list[str]:
    """Return the distinct invisible characters in ``found``."""
    return sorted(set(found.str.findall(INVISIBLE_PATTERN).explode().dropna()))


def _invisible_characters(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    bad = strings.text.str.contains(INVISIBLE_PATTERN, regex=True)
    if not bad.any():
        return None

    chars = _characters(strings.text[bad])
    names = [f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in chars]
    count = strings.weight(bad)
    fix = None
    if strings.others == 0:
        fix = propose(
            "remove_invisible",
            f"Remove invisible characters from {column.name} (no-break spaces "
            "become spaces).",
            column=column.name,
            characters=chars,
        )
    return new_issue(
        IssueKind.INVISIBLE_CHARACTERS,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} holds invisible characters in {_rows(count)} "
            f"({', '.join(names[:3])}{', …' if len(names) > 3 else ''})."
        ),
        examples=examples_of(series, strings.pick(bad)),
        details={"characters": names},
        fix=fix,
    )


def _unicode_variants(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    text = strings.text
    nfc = text.str.normalize("NFC")
    folded = nfc.str.translate(WIDTH_FOLDING)
    bad = folded.ne(text)
    if not bad.any():
        return None

    count = strings.weight(bad)
    # A variant that looks like another value of the column splits one value
    # in two; a lone one only breaks joins with other tables.
    twins = folded[bad].isin(set(text[~bad])) | folded[bad].duplicated(keep=False)
    decomposed = nfc.ne(text)
    wide = folded.ne(nfc)
    fix = None
    if strings.others == 0:
        fix = propose(
            "normalize_unicode",
            f"Write {column.name} in composed Unicode (NFC)"
            + (" with full-width letters and digits as ASCII." if wide.any() else "."),
            column=column.name,
            fold_width=bool(wide.any()),
        )
    return new_issue(
        IssueKind.UNICODE_VARIANTS,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.WARNING if twins.any() else Severity.INFO,
        message=(
            f"{column.name} writes {_rows(count)} in a non-standard Unicode form "
            f"({strings.weight(decomposed):,} decomposed, "
            f"{strings.weight(wide):,} full-width); {int(twins.sum()):,} distinct "
            "values look identical to others."
        ),
        examples=examples_of(series, strings.pick(bad)),
        details={
            "decomposed": strings.weight(decomposed),
            "full_width": strings.weight(wide),
            "lookalikes": int(twins.sum()),
        },
        fix=fix,
    )


def _is_mojibake(value: str) -> bool:
    """Whether ``value`` is UTF-8 text that was decoded as cp1252 or Latin-1."""
    for codec in ("cp1252", "latin-1"):
        try:
            return value.encode(codec).decode("utf-8") != value
        except UnicodeError:
            continue
    return False


def _broken_text(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    text = strings.text
    broken = text.str.contains(_BROKEN, regex=True).to_numpy(dtype=bool)
    suspect = text.str.contains(_MOJIBAKE, regex=True).to_numpy(dtype=bool)
    # The regex only finds candidates; decoding them again confirms.
    mojibake = suspect & ~broken
    candidates = text.to_numpy()[mojibake]
    confirmed = np.fromiter(map(_is_mojibake, candidates), bool, len(candidates))
    mojibake[mojibake] = confirmed
    bad = broken | mojibake
    if not bad.any():
        return None

    count = strings.weight(bad)
    issue = new_issue(
        IssueKind.INVALID_FORMAT,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.ERROR,
        message=(
            f"{column.name} holds broken characters in {_rows(count)} "
            f"({strings.weight(broken):,} unreadable, {strings.weight(mojibake):,} "
            "UTF-8 read as Latin-1); read the source again with its real encoding."
        ),
        examples=examples_of(series, strings.pick(bad)),
        details={
            "problem": "encoding",
            "unreadable": strings.weight(broken),
            "mojibake": strings.weight(mojibake),
        },
    )
    return issue.model_copy(update={"id": f"{issue.id}:encoding"})


def shape(text: pd.Series) -> pd.Series:
    """Return each string's shape: letters as ``A``, digits as ``9``, the
    rest as it is (``'AB-1234'`` → ``'AA-9999'``)."""
    letters = text.str.replace(r"[^\W\d_]", "A", regex=True)
    return letters.str.replace(r"\d", "9", regex=True)


def _dominant_pattern(
    clean: pd.Series, counts: np.ndarray
) -> tuple[str, str, np.ndarray] | None:
    """Return the method, pattern and matching strings of the pattern that
    covers most rows, when it covers at least :data:`DOMINANT_SHARE`."""
    import pandas as pd

    total = counts.sum()
    for name, regex in FORMATS.items():
        match = clean.str.match(regex).to_numpy(dtype=bool)
        if counts[match].sum() >= DOMINANT_SHARE * total:
            return "format", name, match

    # factorize and bincount rather than groupby, which would store the
    # shapes as Arrow strings (and fail on a lone surrogate).
    codes, shapes = pd.factorize(shape(clean).to_numpy())
    per_shape = np.bincount(codes, weights=counts)
    top = int(per_shape.argmax())
    if per_shape[top] >= DOMINANT_SHARE * total:
        return "shape", str(shapes[top]), codes == top
    return None


def _invalid_format(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    usable = ~_tokens(strings).to_numpy(dtype=bool)
    counts = strings.counts[usable]
    if counts.sum() < PATTERN_MIN_ROWS or usable.sum() < PATTERN_MIN_DISTINCT:
        return None

    # Spaces, invisible characters and width are other issues; the pattern
    # is judged on the value a reader sees.
    clean = _clean(strings.text[usable])
    found = _dominant_pattern(clean, counts)
    if found is None or found[2].all():
        return None

    method, pattern, match = found
    deviants = strings.text.to_numpy()[usable][~match].tolist()
    count = int(counts[~match].sum())
    share = 1 - count / counts.sum()
    described = f"the {pattern} format" if method == "format" else repr(pattern)
    return new_issue(
        IssueKind.INVALID_FORMAT,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{_rows(count)} of {column.name} do not follow {described}, "
            f"which {share:.1%} of its values follow."
        ),
        examples=examples_of(series, deviants),
        details={"method": method, "pattern": pattern, "share": share},
    )


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(counts[order])
    middle = np.searchsorted(cumulative, cumulative[-1] / 2)
    return float(values[order][middle])


def long_threshold(median: float) -> int:
    """Return the length beyond which a value is long, given the median.

    Ten times the median, at least 50; a column of short values gets at
    most :data:`LONG_TEXT`, one of long documents only the multiple.
    """
    multiple = int(LONG_FACTOR * median)
    return (
        max(multiple, 50)
        if median > LONG_TEXT / LONG_FACTOR
        else min(max(multiple, 50), LONG_TEXT)
    )


def _long_text(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    lengths = strings.text.str.len().to_numpy()
    median = _weighted_median(lengths, strings.counts)
    threshold = long_threshold(median)
    long = lengths > threshold
    if not long.any():
        return None

    count = strings.weight(long)
    longest = int(lengths.max())
    return new_issue(
        IssueKind.LONG_TEXT,
        [column.name],
        count=count,
        n_rows=n_rows,
        severity=Severity.INFO,
        message=(
            f"{column.name} has {_rows(count, 'value')} longer than {threshold:,} "
            f"characters (typical length {median:.0f}, longest {longest:,})."
        ),
        examples=examples_of(series, strings.pick(long)),
        details={"threshold": threshold, "median_length": median, "longest": longest},
    )


def _looks_categorical(strings: Strings) -> bool:
    """Whether the strings read as labels: short, and not codes."""
    lengths = strings.text.str.len().to_numpy()
    short = _weighted_median(lengths, strings.counts) <= CATEGORY_MAX_LENGTH
    code = strings.text.str.contains(r"\d") & ~strings.text.str.contains(r"\s")
    return short and strings.weight(code) < CODE_SHARE * strings.rows


def _high_cardinality(
    column: ColumnProfile, series: pd.Series, strings: Strings, n_rows: int
) -> Issue | None:
    if column.semantic_type not in (SemanticType.CATEGORICAL, SemanticType.TEXT):
        return None
    distinct, rows = len(strings.text), strings.rows
    many = (
        distinct >= HIGH_CARDINALITY_COUNT or distinct >= HIGH_CARDINALITY_SHARE * rows
    )
    # Every value distinct is an identifier's or a free text's shape.
    if distinct < HIGH_CARDINALITY_MIN or not many or distinct == rows:
        return None
    if not _looks_categorical(strings):
        return None

    return new_issue(
        IssueKind.HIGH_CARDINALITY,
        [column.name],
        count=rows,
        n_rows=n_rows,
        severity=Severity.INFO,
        message=(
            f"{column.name} has {distinct:,} distinct values in {rows:,} rows; "
            "too many to use as categories (group the rare ones, or treat it as "
            "text)."
        ),
        details={"distinct": distinct, "rows": rows},
    )


# Findings about the characters of any string, and those about words and
# labels, which numbers and dates written as text are left out of.
CHARACTER_FINDERS: tuple[Finder, ...] = (
    _disguised_missing,
    _invisible_characters,
    _unicode_variants,
    _broken_text,
)
WORD_FINDERS: tuple[Finder, ...] = (
    _whitespace,
    _inconsistent_categories,
    _invalid_format,
    _long_text,
    _high_cardinality,
)


def _numbers_or_dates(column: ColumnProfile, strings: Strings) -> bool:
    """Whether the strings are mostly numbers or dates written as text (the
    digits of an identifier are a code, whose pattern is this module's)."""
    if column.semantic_type == SemanticType.IDENTIFIER:
        return False
    usable = ~_tokens(strings)
    numeric = strings.text.str.match(_NUMBER_OR_DATE) & usable
    return strings.weight(numeric) >= NUMBER_OR_DATE_SHARE * strings.weight(usable)


def _column_issues(
    column: ColumnProfile, series: pd.Series, n_rows: int
) -> list[Issue]:
    strings = distinct_strings(series)
    if strings is None:
        return []
    finders = CHARACTER_FINDERS
    if column.semantic_type in TEXT_TYPES and not _numbers_or_dates(column, strings):
        finders += WORD_FINDERS
    found = [find(column, series, strings, n_rows) for find in finders]
    return [issue for issue in found if issue is not None]


@check(
    IssueKind.DISGUISED_MISSING,
    IssueKind.WHITESPACE,
    IssueKind.INVISIBLE_CHARACTERS,
    IssueKind.UNICODE_VARIANTS,
    IssueKind.INCONSISTENT_CATEGORIES,
    IssueKind.INVALID_FORMAT,
    IssueKind.LONG_TEXT,
    IssueKind.HIGH_CARDINALITY,
)
def text_values(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Spacing, spelling, characters, formats, lengths and cardinality of the
    strings in text-like columns, from one pass over their distinct values."""
    issues = []
    for column in table.columns:
        if column.semantic_type in STRING_TYPES:
            series = frame.iloc[:, column.position]
            issues += _column_issues(column, series, table.n_rows)
    return issues


# Columns whose Python objects may mix kinds; columns the profile reads as
# numbers, truth values or dates hold their odd values as the numbers and
# dates checks report them (numeric_as_text, invalid_dates).
MIXABLE_TYPES = TEXT_TYPES | {SemanticType.NESTED}


def value_family(kind: type) -> str:
    """Return the family of a Python type: ``text``, ``number``,
    ``boolean``, ``date/time``, ``duration``, ``bytes``, ``dict``, ``list``,
    or the type's own name."""
    families: tuple[tuple[str, tuple[type, ...]], ...] = (
        ("text", (str,)),
        ("boolean", (bool, np.bool_)),
        ("number", (numbers.Number,)),
        ("date/time", (dt.date, dt.time, np.datetime64)),
        ("duration", (dt.timedelta, np.timedelta64)),
        ("bytes", (bytes, bytearray)),
        ("dict", (Mapping,)),
        ("list", (list, tuple, set, frozenset, np.ndarray)),
    )
    for family, kinds in families:
        if issubclass(kind, kinds):
            return family
    return kind.__name__


@dataclass(frozen=True)
class Families:
    """The kinds of value in an object column's present cells.

    ``present`` marks the present cells; ``kinds`` and ``families`` hold
    the Python type and its family for each present cell, in row order;
    ``tally`` counts rows per family, most frequent first, ties by name so
    the result does not depend on row order.
    """

    present: np.ndarray
    kinds: pd.Series
    families: pd.Series
    tally: pd.Series


def value_families(series: pd.Series) -> Families:
    """Return the kinds of value in ``series`` (one ``type`` call per cell)."""
    import pandas as pd

    present = series.notna().to_numpy()
    kinds = pd.Series(series.to_numpy(dtype=object)[present]).map(type)
    families = kinds.map({kind: value_family(kind) for kind in kinds.unique()})
    tally = families.value_counts()
    order = np.lexsort((tally.index.to_numpy(dtype=str), -tally.to_numpy()))
    return Families(present, kinds, families, tally.iloc[order])


def _text_cast(column: ColumnProfile, found: Families) -> Fix | None:
    """Return the fix storing the column as text where that loses nothing:
    strings and whole numbers, nothing nested."""
    if column.semantic_type == SemanticType.NESTED:
        return None
    if set(found.tally.index) != {"text", "number"}:
        return None
    numeric = [k for k in found.kinds.unique() if value_family(k) == "number"]
    if not all(issubclass(k, int | np.integer) for k in numeric):
        return None  # 2.5 would become '2.5', and 7.0 '7.0'
    return propose(
        "cast_to_text",
        f"Store every value of {column.name} as text.",
        column=column.name,
    )


@check(IssueKind.MIXED_TYPES)
def mixed_types(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Object columns whose cells hold several kinds of Python values."""
    issues = []
    for column in table.columns:
        series = frame.iloc[:, column.position]
        if column.semantic_type not in MIXABLE_TYPES or series.dtype != object:
            continue
        found = value_families(series)
        if len(found.tally) < 2:
            continue
        issues.append(_mixed_issue(column, series, found, table.n_rows))
    return issues


def _mixed_issue(
    column: ColumnProfile, series: pd.Series, found: Families, n_rows: int
) -> Issue:
    major = str(found.tally.index[0])
    odd = np.zeros(len(series), dtype=bool)
    odd[found.present] = found.families.ne(major).to_numpy()
    count = int(odd.sum())
    said = ", ".join(f"{n:,} {family}" for family, n in found.tally.items())
    return new_issue(
        IssueKind.MIXED_TYPES,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} mixes kinds of values ({said}); {_rows(count)} hold "
            f"something other than {major}."
        ),
        examples=readable_examples(series, odd),
        details={
            "types": [str(f) for f in found.tally.index],
            "counts": [int(n) for n in found.tally],
        },
        fix=_text_cast(column, found),
    )
