"""Segment differences: which categories differ on a measure, and by how much.

One hypothesis per (segment, measure) pair: the Kruskal–Wallis test on the
sample says whether the groups differ at all; the correlation ratio η² on
every row says how much of the measure the segment explains; Cohen's d
between the highest and the lowest group says how far apart they are. The
statement names those two groups with their means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analyst_pa.insights._data import Data
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._stats import Groups, group_summary, kruskal
from analyst_pa.insights._validation import (
    COHENS_D_MIN,
    ETA_SQUARED_MIN,
    MIN_GROUP_ROWS,
)
from analyst_pa.insights._wording import number, p_text, rows_text
from analyst_pa.results import InsightKind

__all__ = ["Comparison", "compare_groups", "find_segment_differences"]


@dataclass(frozen=True)
class Comparison:
    """A measure compared across groups: the summary on every row and the
    Kruskal–Wallis test on the sample, over the groups large enough."""

    groups: Groups
    large: np.ndarray
    eta_squared: float
    spread: float
    p_value: float
    used: int

    @property
    def support(self) -> int:
        return int(self.groups.counts[self.large].sum())

    def extremes(self) -> tuple[int, int, float]:
        """Return the highest and the lowest group, and the difference of their
        means in standard deviations of the measure.

        The overall standard deviation, not the two groups' pooled one: a
        small group of near-equal values would otherwise make any gap huge.
        """
        large = np.flatnonzero(self.large)
        means = self.groups.means[large]
        top, bottom = int(large[np.argmax(means)]), int(large[np.argmin(means)])
        gap = self.groups.means[top] - self.groups.means[bottom]
        return top, bottom, float(gap / self.spread) if self.spread > 0 else 0.0


def compare_groups(
    codes: np.ndarray,
    values: np.ndarray,
    k: int,
    sample: np.ndarray,
    *,
    smallest: int = MIN_GROUP_ROWS,
) -> Comparison | None:
    """Compare ``values`` across ``codes`` (k groups); None when fewer than
    two groups have ``smallest`` rows in the sample. Smaller groups are left
    out of the test and the wording."""
    present = (codes >= 0) & np.isfinite(values)
    groups = group_summary(codes[present], values[present], k)
    large = groups.counts >= smallest

    picked = present[sample]
    sample_codes, sample_values = codes[sample][picked], values[sample][picked]
    in_large = large[sample_codes]
    sample_counts = np.bincount(sample_codes[in_large], minlength=k)
    if (sample_counts >= smallest).sum() < 2:
        return None

    # η² over the large groups only, the same rows the wording talks about.
    compared = values[present][large[codes[present]]]
    eta_squared = _eta_squared(groups, large, compared)
    spread = float(np.std(compared, ddof=1)) if compared.size > 1 else 0.0
    _, p_value = kruskal(sample_codes[in_large], sample_values[in_large], k)
    return Comparison(groups, large, eta_squared, spread, p_value, int(in_large.sum()))


def _eta_squared(groups: Groups, large: np.ndarray, values: np.ndarray) -> float:
    grand = values.mean()
    total = float(np.sum((values - grand) ** 2))
    if total == 0:
        return 0.0
    between = np.sum(groups.counts[large] * (groups.means[large] - grand) ** 2)
    return float(min(between / total, 1.0))


def find_segment_differences(
    data: Data, segments: Sequence[str], measures: Sequence[str]
) -> list[Finding]:
    """Return one finding per segment and measure that can be compared."""
    findings = []
    for segment in segments:
        for measure in measures:
            found = _difference(data, segment, measure)
            if found is not None:
                findings.append(found)
    return findings


def _difference(data: Data, segment: str, measure: str) -> Finding | None:
    codes, labels = data.segments[segment].codes, data.segments[segment].labels
    comparison = compare_groups(codes, data.measures[measure], len(labels), data.sample)
    if comparison is None:
        return None
    top, bottom, d = comparison.extremes()

    def describe() -> tuple[str, Chart]:
        means = comparison.groups.means
        statement = (
            f"{measure} differs by {segment}: highest for {labels[top]} "
            f"(mean {number(means[top])}), lowest for {labels[bottom]} "
            f"({number(means[bottom])}), {abs(d):.2f} standard deviations apart "
            f"(η² = {comparison.eta_squared:.3f}; "
            f"Kruskal–Wallis {p_text(comparison.p_value)}, "
            f"{rows_text(comparison.used, comparison.support)})"
        )
        return statement, group_chart(
            comparison, labels, segment, measure, by_mean=True
        )

    return Finding(
        kind=InsightKind.SEGMENT_DIFFERENCE,
        columns=(measure, segment),
        effect=comparison.eta_squared,
        strength=float(np.sqrt(comparison.eta_squared)),
        meets_floor=comparison.eta_squared >= ETA_SQUARED_MIN
        and abs(d) >= COHENS_D_MIN,
        support=comparison.support,
        p_value=comparison.p_value,
        describe=describe,
    )


def group_chart(
    comparison: Comparison, labels: list[str], x: str, y: str, *, by_mean: bool
) -> Chart:
    """A bar chart of the mean of ``y`` per large group (at most 50 bars),
    the highest first when ``by_mean``, else in the groups' own order."""
    large = np.flatnonzero(comparison.large)
    if by_mean:
        large = large[np.argsort(-comparison.groups.means[large], kind="stable")]
    return {
        "type": "bar",
        "x": [labels[k] for k in large[:50]],
        "y": [float(f"{comparison.groups.means[k]:.4g}") for k in large[:50]],
        "x_label": x,
        "y_label": f"mean {y}",
    }
