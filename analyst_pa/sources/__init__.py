"""Open data by path or URL: files, SQL databases, HTTP APIs, server sources.

:func:`load` takes a path or URL and returns a DataFrame; every source that
cannot be read raises one :class:`~analyst_pa.errors.SourceError` saying why
and what to do. Readers are chosen by URL scheme (see :func:`register_source`
and the ``analyst_pa.sources`` entry-point group). Importing this package is
cheap: each reader imports its libraries when it is first used.
"""

from analyst_pa.sources._registry import (
    ENTRY_POINT_GROUP,
    Reader,
    describe_source,
    load,
    register_source,
)

__all__ = ["ENTRY_POINT_GROUP", "Reader", "describe_source", "load", "register_source"]
