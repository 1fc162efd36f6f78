"""Change points: when did a measure, or the number of rows, shift level?

Binary segmentation on a fine series (one value per day, say): the split
that best separates two means is kept when a step fits the series better
than a straight line (a steady trend is a trend, not a change point), and
judged by a permutation test (shuffling the periods destroys any shift and
keeps everything else); when it holds, the same search runs inside each
side, down to :data:`MAX_SPLIT_DEPTH`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analyst_pa.insights._data import Data, Time
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._series import Series, line_chart, series_of
from analyst_pa.insights._time import Periods, periods
from analyst_pa.insights._validation import ALPHA, COHENS_D_MIN, VOLUME_CHANGE_MIN
from analyst_pa.insights._wording import number, p_text
from analyst_pa.results import InsightKind

__all__ = ["best_split", "find_change_points", "permutation_p"]

# Change points are sought on at most MAX_PERIODS periods (days, say) and at
# least MIN_PERIODS, with a tenth of them, and never fewer than 3, on each
# side of a split: a shift is a change of level, not a one-day spike.
MAX_PERIODS = 1000
MIN_PERIODS = 12
MAX_SPLIT_DEPTH = 2
PERMUTATIONS = 999


@dataclass(frozen=True)
class _Track:
    """One series being segmented: a measure (or the rows, name None)."""

    data: Data
    time: Time
    found: Periods
    name: str | None
    series: Series
    rng: np.random.Generator


def find_change_points(
    data: Data, time: Time, measures: Sequence[str], skipped: dict[str, str]
) -> list[Finding]:
    """Return change-point findings for the number of rows and each measure."""
    found = periods(time, most=MAX_PERIODS, fewest=MIN_PERIODS)
    if found is None:
        skipped["change points"] = (
            f"{time.name} spans fewer than {MIN_PERIODS} periods of any unit"
        )
        return []

    findings: list[Finding] = []
    for name in [None, *measures]:
        values = None if name is None else data.measures[name]
        series = series_of(found.index, values, found.count)
        rng = data.rng(f"change:{name}")
        track = _Track(data, time, found, name, series, rng)
        keep = np.flatnonzero(np.isfinite(series.values))
        if keep.size >= MIN_PERIODS:
            _split(track, keep, depth=0, into=findings)
    return findings


def _split(track: _Track, keep: np.ndarray, *, depth: int, into: list[Finding]) -> None:
    smallest = max(3, keep.size // 10)
    if keep.size < 2 * smallest:
        return
    y = track.series.values[keep]
    at, statistic = best_split(y, smallest)

    # A steady trend also splits well in two, into a lower and a higher half;
    # a step is a change point only where it fits better than a line.
    if _line_residual(keep, y) <= _step_residual(y, at):
        return
    p_value = permutation_p(y, smallest, statistic, track.rng)
    finding = _change(track, keep, at, p_value)
    into.append(finding)

    # Look inside each side only when this split holds.
    if finding.meets_floor and p_value <= ALPHA and depth + 1 < MAX_SPLIT_DEPTH:
        for side in (keep[:at], keep[at:]):
            _split(track, side, depth=depth + 1, into=into)


def best_split(y: np.ndarray, smallest: int) -> tuple[int, float]:
    """Return how many values of ``y`` go before the split that best
    separates two means, and its statistic k(n-k)/n (mean before - mean
    after)², the sum of squares the split explains."""
    statistics = _split_statistics(y[None, :], smallest)[0]
    at = int(np.argmax(statistics))
    return at + smallest, float(statistics[at])


def permutation_p(
    y: np.ndarray, smallest: int, statistic: float, rng: np.random.Generator
) -> float:
    """Return the share of shuffles of ``y`` whose best split is as strong."""
    shuffled = rng.permuted(np.tile(y, (PERMUTATIONS, 1)), axis=1)
    best = _split_statistics(shuffled, smallest).max(axis=1)
    as_strong = np.sum(best >= statistic * (1 - 1e-12))
    return float((1 + as_strong) / (PERMUTATIONS + 1))


def _line_residual(x: np.ndarray, y: np.ndarray) -> float:
    slope, intercept = np.polyfit(x.astype(float), y, 1)
    return float(np.sum((y - (slope * x + intercept)) ** 2))


def _step_residual(y: np.ndarray, at: int) -> float:
    before, after = y[:at], y[at:]
    return float(
        np.sum((before - before.mean()) ** 2) + np.sum((after - after.mean()) ** 2)
    )


def _split_statistics(y: np.ndarray, smallest: int) -> np.ndarray:
    n = y.shape[1]
    k = np.arange(smallest, n - smallest + 1)
    left = np.cumsum(y, axis=1)[:, k - 1]
    total = y.sum(axis=1, keepdims=True)
    difference = left / k - (total - left) / (n - k)
    return k * (n - k) / n * difference**2


def _change(track: _Track, keep: np.ndarray, at: int, p_value: float) -> Finding:
    before, after = keep[:at], keep[at:]
    series, name, time = track.series, track.name, track.time
    if name is None:
        level_a, level_b = series.values[before].mean(), series.values[after].mean()
        effect = (level_b - level_a) / max(level_a, 1e-12)
        meets = abs(effect) >= VOLUME_CHANGE_MIN
        strength = min(abs(effect), 1.0) / 2
    else:
        # Means over the rows of each side, not over the period means; the
        # shift in standard deviations of a row.
        level_a = series.sums[before].sum() / series.counts[before].sum()
        level_b = series.sums[after].sum() / series.counts[after].sum()
        spread = float(np.nanstd(track.data.measures[name], ddof=1))
        effect = (level_b - level_a) / spread if spread > 0 else 0.0
        meets = abs(effect) >= COHENS_D_MIN
        strength = abs(effect) / np.sqrt(effect**2 + 4)
    labels, unit = track.found.labels, track.found.name
    support = int(series.counts[keep].sum())

    def describe() -> tuple[str, Chart]:
        what = f"rows per {unit}" if name is None else f"mean {name}"
        subject = f"The number of rows per {unit}" if name is None else name
        size = (
            f"{effect:+.0%}" if name is None else f"{effect:+.2f} standard deviations"
        )
        statement = (
            f"{subject} shifted at {labels[after[0]]}: {what} {number(level_a)} "
            f"from {labels[before[0]]} to {labels[before[-1]]}, then "
            f"{number(level_b)} to {labels[after[-1]]} ({size}; permutation test "
            f"{p_text(p_value)}, {keep.size} {unit}s, n = {support:,})"
        )
        chart = line_chart(labels, series.values, f"{unit} of {time.name}", what)
        chart["marker"] = labels[after[0]]
        return statement, chart

    return Finding(
        kind=InsightKind.CHANGE_POINT,
        columns=(time.name,) if name is None else (name, time.name),
        effect=float(effect),
        strength=float(strength),
        meets_floor=bool(meets),
        support=support,
        p_value=p_value,
        describe=describe,
        detail=labels[after[0]],
    )
