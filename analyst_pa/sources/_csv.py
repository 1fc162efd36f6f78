"""Read delimited text: sniff the encoding and the delimiter, read as text.

The file is decoded once to check it (and to transcode it to UTF-8 when it is
not), its delimiter is found on the first rows, and pyarrow reads every field
as text: fast, and nothing is guessed yet. The columns are
then typed whole by :mod:`._convert`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections import Counter

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from analyst_pa.errors import SourceError
from analyst_pa.sources._convert import COMMA, POINT, NumberFormat, type_columns

__all__ = ["DELIMITERS", "read_delimited", "sniff_delimiter", "sniff_encoding"]

SAMPLE_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
_SNIFF_ROWS = 50
_BLOCK_BYTES = 16 * 2**20  # pyarrow's unit of parallel parsing; longest row
_DECIMALS = {".": POINT, ",": COMMA}
_BOMS = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16"}
_BOMS[codecs.BOM_UTF16_BE] = "utf-16"
_UTF8 = ("utf-8", "utf-8-sig")
_INSIDE_LATIN_WORD = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])")


def read_delimited(
    data: bytes,
    source: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Return the table held in delimited text, each column typed.

    Parameters
    ----------
    data : bytes
        The whole file, uncompressed.
    source : str
        The source as shown in messages (already redacted).
    encoding : str, optional
        The text encoding; sniffed when not given.
    delimiter : str, optional
        The field delimiter; sniffed among ``, ; tab |`` when not given.
    decimal : {".", ","}, optional
        The decimal mark; sniffed from the values when not given.
    dayfirst : bool, optional
        Whether ``01/02/2023`` is 1 February; decided from the values when
        not given.

    Returns
    -------
    pandas.DataFrame
        One column per field of the header, typed as :mod:`._convert` says.
    """
    number_format = _number_format(decimal, source)
    text, codec = _decode(data, encoding, source)
    if not text.strip():
        raise SourceError(
            source, "the file holds only blank lines; expected a header row"
        )

    sample = text[:SAMPLE_BYTES]
    delimiter = delimiter or sniff_delimiter(sample)
    _check_delimiter(delimiter, source)
    utf8 = _as_utf8(data, text, codec)
    table = _read_text(utf8, delimiter, _header_width(sample, delimiter), source)
    return type_columns(
        table, delimiter=delimiter, number_format=number_format, dayfirst=dayfirst
    )


def sniff_encoding(data: bytes, source: str) -> str:
    """Return the encoding of ``data``: a BOM's, UTF-8, else charset-normalizer's.

    Only the first 64 KB are looked at; :func:`read_delimited` looks again
    around the first byte that does not decode.
    """
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return encoding

    sample = data[:SAMPLE_BYTES]
    try:
        # A multi-byte character may be cut at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return _guess_encoding(sample, source)
    return "utf-8"


def sniff_delimiter(sample: str) -> str:
    """Return the delimiter that splits the sample's rows most consistently.

    A candidate scores by whether the header has as many fields as most rows,
    then by the share of rows with that many fields, then by how many fields
    that is. A sample that no candidate splits is one column: ``","``.
    """
    complete = sample[: sample.rfind("\n") + 1] or sample
    scores = {delimiter: _split_score(complete, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: scores[delimiter])
    return best if scores[best][2] > 1 else ","


def _split_score(sample: str, delimiter: str) -> tuple[bool, float, int]:
    try:
        rows = [
            row
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if row
        ]
    except csv.Error:
        return False, 0.0, 0
    rows = rows[:_SNIFF_ROWS]
    if not rows:
        return False, 0.0, 0
    width, count = Counter(map(len, rows)).most_common(1)[0]
    return len(rows[0]) == width, count / len(rows), width


def _guess_encoding(sample: bytes, source: str) -> str:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        raise SourceError(
            source,
            "the file is not text in any encoding that could be recognised "
            "(it may be binary, or compressed under a misleading name); "
            "pass encoding='…' if you know it",
        )
    # On little text the detector can pick a code page that turns "ü" into a
    # letter of another script inside a Latin word: take the best guess that
    # does not.
    plausible = (match for match in matches if _reads_as_words(str(match)))
    return next(plausible, matches[0]).encoding


def _reads_as_words(text: str) -> bool:
    """Whether every non-ASCII letter set inside a Latin word is Latin too."""
    return all(
        "LATIN" in unicodedata.name(char, "")
        for char in _INSIDE_LATIN_WORD.findall(text)
    )


def _decode(data: bytes, encoding: str | None, source: str) -> tuple[str, str]:
    """Return the text and the name of the codec that decoded it."""
    codec = _codec(encoding or sniff_encoding(data, source), source)
    try:
        return data.decode(codec).removeprefix("\ufeff"), codec
    except UnicodeDecodeError as exc:
        failure = exc

    if encoding is None and codec == "utf-8":
        # The sample was UTF-8 but a later byte is not: look again around it.
        start = max(failure.start - SAMPLE_BYTES // 2, 0)
        guess = _codec(
            _guess_encoding(data[start : start + SAMPLE_BYTES], source), source
        )
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError as exc:
            failure, codec = exc, guess

    raise SourceError(
        source,
        f"the byte at offset {failure.start} cannot be decoded as {codec}; "
        "pass encoding='…' (for example 'cp1252' or 'latin-1') if you know it",
    ) from failure


def _codec(encoding: str, source: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            source, f"unknown encoding {encoding!r}; pass a Python codec name"
        ) from None


def _number_format(decimal: str | None, source: str) -> NumberFormat | None:
    if decimal is None:
        return None
    if decimal not in _DECIMALS:
        raise SourceError(source, f"decimal must be '.' or ',', got {decimal!r}")
    return _DECIMALS[decimal]


def _check_delimiter(delimiter: str, source: str) -> None:
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise SourceError(
            source,
            f"delimiter must be one character such as ',' or ';', got {delimiter!r}",
        )


def _header_width(sample: str, delimiter: str) -> int:
    rows = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        first = next((row for row in itertools.islice(rows, 1000) if row), [])
    except csv.Error:
        first = []  # pyarrow's own count is used instead (see _read_text)
    return max(len(first), 1)


def _as_utf8(data: bytes, text: str, codec: str) -> bytes:
    # pyarrow reads UTF-8 only: bytes in another encoding are transcoded.
    data = data.removeprefix(codecs.BOM_UTF8) if codec in _UTF8 else text.encode()
    if data.find(b"\n") < 0 and data.find(b"\r") < 0:
        data += b"\n"  # pyarrow cannot read a lone header without a line end
    return data


def _read_text(data: bytes, delimiter: str, width: int, source: str) -> pa.Table:
    """Read every field as text; the first row becomes the column names."""
    # The header is read as a row of data, so that the names are exactly the
    # header's fields, duplicates and blanks included.
    table = _parse(data, delimiter, width, source)
    if table.num_columns != width:
        # The sniffer counted the header differently from pyarrow: read again
        # so that no column is left to pyarrow's own type inference.
        table = _parse(data, delimiter, table.num_columns, source)
    if _may_end_in_open_quote(table, data):
        _check_quotes_close(data, delimiter, source)

    names = [str(table.column(i)[0].as_py()) for i in range(table.num_columns)]
    return table.slice(1).rename_columns(names)


def _may_end_in_open_quote(table: pa.Table, data: bytes) -> bool:
    """Whether the last value read may be a quoted field left open.

    Such a field runs to the end of the file, so pyarrow reads it as the
    last value, quotes in it undoubled. Only then is the whole file scanned
    (:func:`_check_quotes_close`).
    """
    if table.num_rows == 0 or table.num_columns == 0:
        return False
    last = table.column(table.num_columns - 1)[-1].as_py()
    return isinstance(last, str) and data.endswith(
        b'"' + last.replace('"', '""').encode()
    )


def _check_quotes_close(data: bytes, delimiter: str, source: str) -> None:
    """Refuse a quoted field that is never closed.

    pyarrow would read it to the end of the file as one value, rows and
    all, where pandas raises "EOF inside string". Quoting is read as pyarrow
    reads it: a quote opens a quoted field only at the start of a field, a
    doubled quote inside it stands for one quote, and a quote elsewhere is
    a character like any other.
    """
    reach = _well_quoted(delimiter).match(data)
    end = reach.end() if reach else 0
    if end < len(data):  # stopped at a quote that opens a field and never closes
        newline = b"\n" if b"\n" in data else b"\r"  # old Mac line ends
        line = data.count(newline, 0, end) + 1
        raise SourceError(
            source,
            f"the quoted field that opens on line {line} is never closed, so "
            "every line after it would be read as one value; fix the quoting "
            'in the file (close the field with ", and write a quote inside a '
            'quoted field as "")',
        )


def _well_quoted(delimiter: str) -> re.Pattern[bytes]:
    """Return the pattern of text whose quoted fields all close, matched in
    one pass: runs without quotes, closed quoted fields, stray quotes."""
    ends = [re.escape(delimiter.encode()), b"\n", b"\r"]
    at_start = b"(?:\\A|" + b"|".join(b"(?<=" + e + b")" for e in ends) + b")"
    inside = b"".join(b"(?<!" + e + b")" for e in ends) + b"(?<=.)"
    # Possessive throughout: an unclosed field must stop the match, not be
    # matched another way by backtracking.
    return re.compile(
        b'(?:[^"]++|' + at_start + b'"(?:[^"]++|"")*+"|' + inside + b'")*+',
        re.DOTALL,
    )


def _parse(data: bytes, delimiter: str, width: int, source: str) -> pa.Table:
    options = pa_csv.ConvertOptions(
        column_types={f"f{i}": pa.string() for i in range(width)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    # Quoted fields may hold line breaks; pyarrow splits faster without them.
    parse = pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in data)
    read = pa_csv.ReadOptions(autogenerate_column_names=True, block_size=_BLOCK_BYTES)
    try:
        return pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=read,
            parse_options=parse,
            convert_options=options,
        )
    except pa.ArrowInvalid as exc:
        if b'"' in data:  # a field left open makes its row too short
            _check_quotes_close(data, delimiter, source)
        raise SourceError(source, _parse_problem(str(exc), delimiter)) from exc


def _parse_problem(message: str, delimiter: str) -> str:
    if "straddling" in message:
        return (
            f"a row is longer than {_BLOCK_BYTES // 2**20} MB, which is not a "
            "table: check that quotes are balanced"
        )
    detail = message.removeprefix("CSV parse error: ")
    if len(detail) > 200:
        detail = detail[:200] + "…"
    return (
        f"a row does not fit the header ({detail}); the file was read with "
        f"delimiter {delimiter!r}: pass delimiter='…' if that is wrong, or fix "
        "the row"
    )
