"""Series over time: one value per period, for a measure or for the rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analyst_pa.insights._findings import Chart
from analyst_pa.insights._validation import MIN_GROUP_ROWS

__all__ = ["MAX_POINTS", "Series", "line_chart", "series_of"]

# A chart over time shows at most this many points.
MAX_POINTS = 50


@dataclass(frozen=True)
class Series:
    """Per-period values (NaN where a period has too few rows), with the
    row counts and sums they come from."""

    values: np.ndarray
    counts: np.ndarray
    sums: np.ndarray


def series_of(index: np.ndarray, values: np.ndarray | None, count: int) -> Series:
    """Return the per-period means of ``values``, or the rows per period when
    ``values`` is None; ``index`` gives each row's period (-1 for none)."""
    present = index >= 0
    if values is not None:
        present &= np.isfinite(values)
    counts = np.bincount(index[present], minlength=count).astype(float)
    if values is None:
        return Series(values=counts, counts=counts, sums=counts)

    sums = np.bincount(index[present], weights=values[present], minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts >= MIN_GROUP_ROWS, sums / counts, np.nan)
    return Series(values=means, counts=counts, sums=sums)


def line_chart(
    labels: list[str], values: np.ndarray, x_label: str, y_label: str
) -> Chart:
    """A line chart of ``values``; longer series than :data:`MAX_POINTS` are
    averaged in equal consecutive chunks, each labelled by its first period."""
    chunks = np.array_split(np.arange(len(labels)), min(len(labels), MAX_POINTS))
    xs, ys = [], []
    for chunk in chunks:
        shown = values[chunk]
        finite = shown[np.isfinite(shown)]
        xs.append(labels[chunk[0]])
        ys.append(float(f"{finite.mean():.4g}") if finite.size else None)
    return {"type": "line", "x": xs, "y": ys, "x_label": x_label, "y_label": y_label}
