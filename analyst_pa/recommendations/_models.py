"""Recommendations from model and decision results, given as plain dicts.

TODO(issue 4): read the model and decision results from their own result
types once ``analyst_pa.analytics`` and ``analyst_pa.decisions`` exist;
until then a caller passes each as a mapping with the recommendation's
fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from analyst_pa.errors import InputError
from analyst_pa.recommendations._build import build
from analyst_pa.results import Recommendation

__all__ = ["from_models"]

_REQUIRED = ("id", "title", "action", "impact", "confidence", "effort")
_OPTIONAL = ("rationale", "action_kind", "impact_statement", "rows", "columns")


def from_models(models: Sequence[Mapping[str, Any]]) -> list[Recommendation]:
    """Return one recommendation per model or decision result.

    Each mapping holds ``id``, ``title``, ``action``, ``impact`` (0–1),
    ``confidence`` (0–1) and ``effort`` (1–3), and optionally
    ``rationale``, ``action_kind``, ``impact_statement``, ``rows`` and
    ``columns``.
    """
    return [_recommend(result, number) for number, result in enumerate(models, 1)]


def _recommend(result: Mapping[str, Any], number: int) -> Recommendation:
    missing = [key for key in _REQUIRED if key not in result]
    unknown = sorted(set(result) - set(_REQUIRED) - set(_OPTIONAL))
    if missing or unknown:
        raise InputError(
            f"model result {number} lacks {missing or 'nothing'} and has unknown "
            f"keys {unknown or 'none'}; it takes {', '.join(_REQUIRED)} and "
            f"optionally {', '.join(_OPTIONAL)}"
        )
    fields = dict(result)
    fields.setdefault("rationale", fields["title"])
    fields.setdefault("impact_statement", f"impact {float(fields['impact']):.0%}")
    try:
        return build(
            **{**fields, "id": f"rec:{fields['id']}"},
            kind="model",
            based_on=[str(fields["id"])],
        )
    except ValidationError as exc:
        raise InputError(f"model result {number}: {exc}") from exc
