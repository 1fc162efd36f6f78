"""Trends of measures, and of the number of rows, over the time column.

A trend is read on the series of period means (one value per month, say):
the Mann–Kendall test (Kendall's τ of the series against time) says whether
it goes one way, Sen's slope (the median of the pairwise slopes) says how
fast. Measures that are the time in another form (a month number beside a
date) are set aside first, for trends, seasonality and change points alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from analyst_pa.insights._data import Data, Time
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._series import MAX_POINTS, line_chart, series_of
from analyst_pa.insights._stats import correlation_ratio
from analyst_pa.insights._time import Periods, calendar_parts, days_per_period, periods
from analyst_pa.insights._validation import (
    COHENS_D_MIN,
    MIN_GROUP_ROWS,
    TREND_TAU_MIN,
    VOLUME_CHANGE_MIN,
)
from analyst_pa.insights._wording import number, p_text
from analyst_pa.results import InsightKind

__all__ = [
    "DERIVED_ETA_SQUARED",
    "DERIVED_MATCH",
    "MIN_PERIODS",
    "find_trends",
    "time_measures",
]

# A measure that is a calendar part of the time (its month, its day) in at
# least DERIVED_MATCH of rows, or that the day it falls on (the finest period)
# explains DERIVED_ETA_SQUARED of, is a reading of the calendar, not a trend:
# a day-of-month column beside a timestamp.
DERIVED_MATCH = 0.95
DERIVED_ETA_SQUARED = 0.9

# A trend needs at least this many periods.
MIN_PERIODS = 6

# The periods the calendar test groups rows by: the finest unit with at most
# this many periods.
_CALENDAR_PERIODS = 1000


def time_measures(
    data: Data, time: Time, measures: Sequence[str], skipped: dict[str, str]
) -> list[str]:
    """Return the measures worth following over time (judged on the sample)."""
    sampled = Time(time.name, time.wall[data.sample], time.zone)
    parts = calendar_parts(sampled)
    finest = periods(sampled, most=_CALENDAR_PERIODS, fewest=2)
    kept = []
    for name in measures:
        how = _calendar_reading(data.measures[name][data.sample], parts, finest)
        if how:
            skipped[f"{name} over time"] = f"{name} follows {time.name} ({how})"
        else:
            kept.append(name)
    return kept


def _calendar_reading(
    values: np.ndarray, parts: dict[str, np.ndarray], finest: Periods | None
) -> str | None:
    present = np.isfinite(values)
    for part, numbers in parts.items():
        both = present & (numbers >= 0)
        if both.any() and np.mean(values[both] == numbers[both]) >= DERIVED_MATCH:
            return f"it is its {part}"

    # η² by period means something only when periods hold several rows: with
    # one row each, any measure is "explained" by its period.
    if finest is None:
        return None
    present &= finest.index >= 0
    if present.sum() < MIN_GROUP_ROWS * finest.count:
        return None
    eta = correlation_ratio(finest.index[present], values[present], finest.count)
    if eta**2 >= DERIVED_ETA_SQUARED:
        return f"its {finest.name} explains η² = {eta**2:.2f} of it"
    return None


def find_trends(
    data: Data, time: Time, measures: Sequence[str], skipped: dict[str, str]
) -> list[Finding]:
    """Return a trend finding for the number of rows and for each measure."""
    found = periods(time, most=MAX_POINTS, fewest=MIN_PERIODS)
    if found is None:
        skipped["trends"] = f"{time.name} spans fewer than {MIN_PERIODS} periods"
        return []

    # Rows per day within coarse periods, so a short February or a partial
    # last month does not read as a fall.
    rows = series_of(found.index, None, found.count).values
    if found.unit not in ("h", "D"):
        rows = rows / np.maximum(days_per_period(time, found), 1)
    findings = [_trend(data, time, found, None, rows)]
    for name in measures:
        means = series_of(found.index, data.measures[name], found.count).values
        findings.append(_trend(data, time, found, name, means))
    return [f for f in findings if f is not None]


def _trend(
    data: Data, time: Time, found: Periods, name: str | None, values: np.ndarray
) -> Finding | None:
    x = np.flatnonzero(np.isfinite(values))
    if x.size < MIN_PERIODS:
        return None
    y = values[x]
    tau, p_value = stats.kendalltau(x, y)
    if not np.isfinite(tau):
        return None
    slope = float(stats.theilslopes(y, x)[0])

    # The size of the change over the whole span: in standard deviations of
    # a row for a measure, relative to the mean level for the rows.
    change = slope * (x[-1] - x[0])
    if name is None:
        size, floor = change / max(float(np.mean(y)), 1e-12), VOLUME_CHANGE_MIN
    else:
        size, floor = change / _spread(data, name), COHENS_D_MIN
    present = time.present
    if name is not None:
        present = present & np.isfinite(data.measures[name])
    support = int(present.sum())

    def describe() -> tuple[str, Chart]:
        per = found.name if found.unit in ("h", "D") else "day"
        what = f"rows per {per}" if name is None else f"mean {name}"
        subject = f"The number of rows per {per}" if name is None else name
        statement = (
            f"{subject} {'rose' if slope > 0 else 'fell'} over {time.name}: "
            f"{what} went from {number(y[0])} in {found.labels[x[0]]} to "
            f"{number(y[-1])} in {found.labels[x[-1]]}, about {slope:+.3g} per "
            f"{found.name} (Mann–Kendall τ = {tau:.2f}, {p_text(p_value)}, "
            f"{x.size} {found.name}s, n = {support:,})"
        )
        x_label = f"{found.name} of {time.name}"
        return statement, line_chart(found.labels, values, x_label, what)

    return Finding(
        kind=InsightKind.TREND,
        columns=(time.name,) if name is None else (name, time.name),
        effect=float(tau),
        strength=abs(float(tau)),
        meets_floor=abs(tau) >= TREND_TAU_MIN and abs(size) >= floor,
        support=support,
        p_value=float(p_value),
        describe=describe,
    )


def _spread(data: Data, name: str) -> float:
    spread = float(np.nanstd(data.measures[name], ddof=1))
    return spread if spread > 0 else np.inf
