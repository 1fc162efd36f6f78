"""Read a local file, given as a path or a ``file://`` URL.

The file is checked before a byte of it is parsed (it exists, is a file, has
a supported extension, is not empty nor larger than ``max_bytes``), then read
by the reader of its format. Text formats may be compressed (``.csv.gz``,
``.csv.zip``); the uncompressed size counts against ``max_bytes`` too.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from analyst_pa.errors import SourceError
from analyst_pa.sources._options import check_options, positive_number

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "read_file"]

DEFAULT_MAX_BYTES = 2 * 1024**3

# extension -> format; the text formats may also end in .gz or .zip
FORMATS = {
    ".csv": "delimited",
    ".tsv": "delimited",
    ".txt": "delimited",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}
_COMPRESSIONS = (".gz", ".zip")
# What gzip and zipfile raise for a damaged, encrypted or exotic archive.
_DAMAGED = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)
_BINARY = ("xlsx", "parquet")
_OPTIONS = {
    "delimited": {"encoding", "delimiter", "decimal", "dayfirst"},
    "json": {"records_path"},
    "ndjson": set(),
    "xlsx": {"sheet"},
    "parquet": set(),
}


def read_file(source: str, **options: Any) -> pd.DataFrame:
    """Return the table held in a local file.

    Parameters
    ----------
    source : str
        A path, or a ``file://`` URL.
    **options
        ``max_bytes`` (default 2 GiB) for every format; ``encoding``,
        ``delimiter``, ``decimal``, ``dayfirst`` for delimited text;
        ``records_path`` for JSON; ``sheet`` (name or index) for Excel.

    Returns
    -------
    pandas.DataFrame
    """
    path = _path_of(source)
    suffix, compression = _format_of(path, source)
    fmt = FORMATS[suffix]
    check_options(source, options, _OPTIONS[fmt] | {"max_bytes"}, f"a {fmt} file")
    limit = options.pop("max_bytes", DEFAULT_MAX_BYTES)
    max_bytes = int(positive_number(source, "max_bytes", limit))
    _check_size(path, source, max_bytes)

    if fmt == "xlsx":
        return _read_xlsx(path, source, **options)
    if fmt == "parquet":
        return _read_parquet(path, source)

    data = _read_bytes(path, compression, max_bytes, source)
    if not data.strip():
        raise SourceError(
            source, "the file holds no data (it is blank, or its archive is empty)"
        )
    if fmt == "delimited":
        from analyst_pa.sources._csv import read_delimited

        if suffix == ".tsv":
            options.setdefault("delimiter", "\t")
        return read_delimited(data, source, **options)

    from analyst_pa.sources._json import read_json, read_ndjson

    if fmt == "json":
        return read_json(data, source, **options)
    return read_ndjson(data, source)


def _path_of(source: str) -> Path:
    if source.lower().startswith("file:"):
        parts = urlsplit(source)
        if parts.netloc not in ("", "localhost"):
            raise SourceError(
                source,
                "file URLs must name a local file (file:///path), "
                f"not one on host {parts.netloc!r}",
            )
        return Path(url2pathname(unquote(parts.path)))
    return Path(source).expanduser()


def _format_of(path: Path, source: str) -> tuple[str, str | None]:
    """Return the format's extension and the compression's, if any."""
    if not path.exists():
        raise SourceError(
            source,
            f"no such file: {path.absolute()} (the working directory is {Path.cwd()}); "
            "check the path, or give an absolute one",
        )
    if path.is_dir():
        raise SourceError(
            source,
            f"{path.absolute()} is a directory; expected a file, "
            "such as data.csv inside it",
        )

    suffixes = [suffix.lower() for suffix in path.suffixes]
    compression = suffixes.pop() if suffixes and suffixes[-1] in _COMPRESSIONS else None
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in FORMATS or (compression and FORMATS[suffix] in _BINARY):
        raise SourceError(
            source,
            f"unsupported file type {''.join(path.suffixes) or '(no extension)'}; "
            f"supported: {', '.join(FORMATS)}, and {', '.join(_COMPRESSIONS)} "
            "after a text format (such as .csv.gz)",
        )
    return suffix, compression


def _check_size(path: Path, source: str, max_bytes: int) -> None:
    size = path.stat().st_size
    if size == 0:
        raise SourceError(
            source, "the file is empty (0 bytes); expected a header row and data"
        )
    if size > max_bytes:
        raise SourceError(source, _too_large(size, max_bytes))


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"the data is {_size(size)}, more than max_bytes={max_bytes:,} "
        f"({_size(max_bytes)}); pass a larger limit, e.g. "
        f"load(..., max_bytes={2 * size}), to read it"
    )


def _size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.3g} {unit}"
        size /= 1024
    return f"{size:.3g} GiB"


def _read_bytes(
    path: Path, compression: str | None, max_bytes: int, source: str
) -> bytes:
    try:
        if compression == ".zip":
            return _read_zip_member(path, max_bytes, source)
        if compression == ".gz":
            with gzip.open(path, "rb") as stream:
                data = stream.read(max_bytes + 1)
        else:
            data = path.read_bytes()
    except _DAMAGED as exc:
        raise SourceError(source, f"cannot read the file: {exc}") from exc
    if len(data) > max_bytes:
        raise SourceError(source, _too_large(len(data), max_bytes) + " (uncompressed)")
    return data


def _read_zip_member(path: Path, max_bytes: int, source: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        if len(members) != 1:
            names = ", ".join(info.filename for info in members) or "nothing"
            raise SourceError(
                source,
                f"the archive holds {names}; expected exactly one file: extract the "
                "one you want and load it",
            )
        if members[0].file_size > max_bytes:
            raise SourceError(
                source, _too_large(members[0].file_size, max_bytes) + " (uncompressed)"
            )
        return archive.read(members[0])


def _read_xlsx(path: Path, source: str, sheet: str | int | None = None) -> pd.DataFrame:
    import pandas as pd

    try:
        workbook = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SourceError(source, f"not a readable .xlsx workbook ({exc})") from exc

    with workbook:
        names = workbook.sheet_names
        if sheet is None:
            sheet = 0
        if not (sheet in names or (isinstance(sheet, int) and 0 <= sheet < len(names))):
            raise SourceError(
                source,
                f"no sheet {sheet!r}; the sheets are: {', '.join(map(str, names))} "
                "(pass sheet= a name or a 0-based position)",
            )
        return pd.read_excel(workbook, sheet_name=sheet)


def _read_parquet(path: Path, source: str) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    try:
        return pd.read_parquet(path, engine="pyarrow")
    except (pa.ArrowException, OSError) as exc:
        raise SourceError(source, f"not a readable Parquet file ({exc})") from exc
