"""Sources registered on the analyst_pa server, used by name: ``source:NAME``.

An administrator registers them once on the Jupyter server, credentials
included; the kernel asks the server extension for the data and never sees
the credentials.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyst_pa.errors import SourceError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_server_source"]


def read_server_source(source: str, **options: Any) -> pd.DataFrame:
    """Return the data of the server source named in ``source:NAME``."""
    name = source.partition(":")[2].strip()
    if not name:
        raise SourceError(
            source,
            "expected source:NAME, the name of a source registered on the server",
        )
    # TODO(issue 7): ask the server extension's REST API (sources/{name}/query)
    # once it exists, instead of refusing.
    raise SourceError(
        source,
        f"server sources need the analyst_pa server extension running, and it is "
        f"not available yet; load the file or database URL behind {name!r} directly "
        "meanwhile",
    )
