"""Unique display names for column labels of any kind.

A label may be repeated, blank, an integer, or a tuple (MultiIndex columns).
Each column gets a unique text name: tuples are joined with `` / ``, blank
labels become ``unnamed_<position>``, and a repeated name gets the first free
``.1``, ``.2``... suffix, never one that another column already bears.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

from analyst_pa.profile._scalars import utf8
from analyst_pa.results import Scalar


def display_names(labels: Iterable[Hashable]) -> list[str]:
    """Return one unique, non-blank name per label, in order."""
    bases = [_base_name(label, position) for position, label in enumerate(labels)]
    own = set(bases)
    names: list[str] = []
    given: set[str] = set()
    for base in bases:
        name, suffix = base, 0
        # A suffixed name must not be one another column bears itself.
        while name in given or (name != base and name in own):
            suffix += 1
            name = f"{base}.{suffix}"
        names.append(name)
        given.add(name)
    return names


def original_label(label: Hashable, name: str) -> Scalar:
    """Return the label as a JSON scalar where it differs from ``name``, else None."""
    if isinstance(label, str):
        return None if label == name else utf8(label)
    if isinstance(label, bool | int):
        return label
    if isinstance(label, float) and math.isfinite(label):
        return label
    return repr(label)


def _base_name(label: Hashable, position: int) -> str:
    if isinstance(label, tuple):
        parts = [str(part) for part in label if str(part).strip()]
        text = " / ".join(parts)
    else:
        text = str(label)
    return utf8(text) if text.strip() else f"unnamed_{position}"
