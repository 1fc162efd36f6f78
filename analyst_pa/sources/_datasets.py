"""The data sets that ship with analyst_pa, by name: ``dataset:flights``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyst_pa.errors import InputError, SourceError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_dataset"]


def read_dataset(source: str, **options: Any) -> pd.DataFrame:
    """Return the shipped data set named in ``dataset:NAME``, read as a file."""
    from analyst_pa.datasets import flights_path
    from analyst_pa.sources._files import read_file

    locations: dict[str, Callable[[], Path]] = {"flights": flights_path}
    name = source.partition(":")[2].strip().lower()
    if name not in locations:
        raise SourceError(
            source,
            f"no data set {name!r} ships with analyst_pa; the data sets are: "
            f"{', '.join(sorted(locations))}",
        )
    try:
        path = locations[name]()
    except InputError as exc:
        raise SourceError(source, str(exc)) from exc
    return read_file(str(path), **options)
