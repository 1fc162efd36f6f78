"""Building a recommendation and saying its numbers, the same way for every
source (issues, insights, models)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analyst_pa.results import Recommendation

__all__ = ["build", "listing", "percent", "rebuild"]

# At most this many names are listed in a title; the rest are counted.
MAX_LISTED = 4


def build(**fields: Any) -> Recommendation:
    """Return a :class:`Recommendation`; its priority (impact × confidence ÷
    effort) and effort label follow from the other fields."""
    fields["impact"] = _unit(fields["impact"])
    fields["confidence"] = _unit(fields["confidence"])
    return Recommendation(**fields)


def rebuild(recommendation: Recommendation, **changes: Any) -> Recommendation:
    """Return ``recommendation`` with ``changes``, its priority recomputed."""
    fields = recommendation.model_dump(exclude={"priority", "effort_label"})
    return build(**{**fields, **changes})


def _unit(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)


def listing(names: Sequence[str], conjunction: str = "and") -> str:
    """Return ``a``, ``a and b``, ``a, b and c``, or ``a, b, c, d and 3 more``."""
    names = list(names)
    if len(names) > MAX_LISTED:
        shown = names[:MAX_LISTED]
        return f"{', '.join(shown)} {conjunction} {len(names) - MAX_LISTED} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def percent(share: float) -> str:
    """Return a share as a percentage a person reads (``2.8%``, ``<0.1%``)."""
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share:.1%}"
