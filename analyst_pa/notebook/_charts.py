"""Small seaborn charts drawn from an insight's chart spec, as PNG bytes.

A spec is plain data (see the insights package): ``{"type": "bar" | "line",
"x": [...], "y": [...], "x_label": str, "y_label": str}`` and, for a change
point, ``"marker"``, the x value where the change happens. Figures are made
without pyplot and without touching seaborn's global theme, so drawing a
chart changes nothing in the user's own plots.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["CHART_TYPES", "chart_png"]

CHART_TYPES = ("bar", "line")
_WIDTH, _HEIGHT, _DPI = 4.6, 2.3, 96
_MAX_TICKS = 8  # more labels on a line chart's x axis would overlap
_COLOUR = "#4c72b0"  # seaborn's first "deep" colour, without setting a theme


def _numbers(values: Sequence[Any]) -> list[float]:
    out = []
    for value in values:
        number = value if isinstance(value, int | float) else None
        out.append(float(number) if number is not None else math.nan)
    return out


def _usable(spec: Mapping[str, Any]) -> bool:
    x, y = spec.get("x"), spec.get("y")
    return (
        spec.get("type") in CHART_TYPES
        and isinstance(x, list)
        and isinstance(y, list)
        and 0 < len(x) == len(y)
    )


def _bar(ax: Any, labels: list[str], values: list[float]) -> None:
    import seaborn as sns

    sns.barplot(x=labels, y=values, ax=ax, color=_COLOUR)
    if len(labels) > 6:
        ax.tick_params(axis="x", labelrotation=60)


def _line(ax: Any, labels: list[str], values: list[float], marker: Any) -> None:
    import seaborn as sns

    positions = list(range(len(labels)))
    sns.lineplot(x=positions, y=values, ax=ax, color=_COLOUR, marker=".")
    step = max(1, math.ceil(len(labels) / _MAX_TICKS))
    ax.set_xticks(positions[::step], labels[::step], rotation=30, ha="right")
    if marker is not None and str(marker) in labels:
        ax.axvline(labels.index(str(marker)), color="#c44e52", linestyle="--")


def chart_png(spec: Mapping[str, Any]) -> bytes | None:
    """Draw an insight's chart spec as a small PNG.

    Parameters
    ----------
    spec : mapping
        The insight's ``chart``: ``type`` ("bar" or "line"), ``x`` and ``y``
        of the same length, optional ``x_label``, ``y_label`` and ``marker``.

    Returns
    -------
    bytes or None
        The PNG, or None when the spec is not one this function can draw.
    """
    if not _usable(spec):
        return None
    from matplotlib.figure import Figure

    labels = [str(value) for value in spec["x"]]
    values = _numbers(spec["y"])
    figure = Figure(figsize=(_WIDTH, _HEIGHT), dpi=_DPI, layout="constrained")
    ax = figure.subplots()
    if spec["type"] == "bar":
        _bar(ax, labels, values)
    else:
        _line(ax, labels, values, spec.get("marker"))

    ax.set_xlabel(str(spec.get("x_label", "")), fontsize=8)
    ax.set_ylabel(str(spec.get("y_label", "")), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
