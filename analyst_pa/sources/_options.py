"""Check the options a reader is given before it does any work.

``load(source, **options)`` passes the options straight to the reader of the
source's kind, so a misspelt option would otherwise surface as a bare
``TypeError`` from deep inside a library.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from analyst_pa.errors import SourceError
from analyst_pa.sources._redact import redact

__all__ = ["check_options", "positive_number"]


def check_options(
    source: str, options: Mapping[str, Any], allowed: Collection[str], kind: str
) -> None:
    """Raise a SourceError naming the options that ``kind`` does not take."""
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise SourceError(
            redact(source),
            f"{kind} takes no option {', '.join(map(repr, unknown))}; "
            f"the options it takes are: {', '.join(sorted(allowed)) or 'none'}",
        )


def positive_number(source: str, name: str, value: Any) -> float:
    """Return ``value`` if it is a number above zero, else raise a SourceError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise SourceError(
            redact(source), f"{name} must be a number above zero, got {value!r}"
        )
    return value
