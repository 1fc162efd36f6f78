"""Seasonality: does a measure, or the number of rows, follow the clock or the
calendar — the hour of the day, the day of the week, the month of the year?

A cycle is tried only when the data covers :data:`MIN_CYCLES` turns of it
(three days for the hour, three weeks for the weekday, three years for the
month), so one unusual week is not taken for a weekly pattern. Each
position of the cycle is a group: Kruskal–Wallis on the sample tests them,
η² on every row measures how much the cycle explains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from analyst_pa.insights._data import Data, Time
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._segments import Comparison, compare_groups, group_chart
from analyst_pa.insights._time import CYCLES, Cycle, cycle_codes, span_days
from analyst_pa.insights._trends import DERIVED_ETA_SQUARED
from analyst_pa.insights._validation import ETA_SQUARED_MIN
from analyst_pa.insights._wording import number, p_text, rows_text
from analyst_pa.results import InsightKind

__all__ = ["MIN_CYCLES", "find_seasonality"]

MIN_CYCLES = 3

# The clock that counts the turns of each cycle, and what one turn is called.
_TURN_UNIT = {"hour": "h", "weekday": "D", "month": "M"}
_TURN_NAME = {"hour": "hour", "weekday": "day", "month": "month"}
_PREPOSITION = {"hour": "at", "weekday": "on", "month": "in"}


def find_seasonality(
    data: Data, time: Time, measures: Sequence[str], skipped: dict[str, str]
) -> list[Finding]:
    """Return a finding per cycle the data covers, for the rows and each measure."""
    span = span_days(time)
    findings = []
    for cycle in CYCLES:
        codes, labels = cycle_codes(time, cycle)
        reason = _why_not(cycle, codes, span)
        if reason:
            skipped[f"seasonality by {cycle.name}"] = reason
            continue
        found = [_rows(time, cycle, labels)]
        found += [_measure(data, time, cycle, name, skipped) for name in measures]
        findings += [f for f in found if f is not None]
    return findings


def _why_not(cycle: Cycle, codes: np.ndarray, span: float) -> str | None:
    if span < MIN_CYCLES * cycle.days:
        return (
            f"the data covers {span:.0f} days; the {cycle.phrase} needs "
            f"{MIN_CYCLES} turns ({MIN_CYCLES * cycle.days:.0f} days)"
        )
    if np.unique(codes[codes >= 0]).size < 2:
        return f"every row falls on the same {cycle.name}"
    return None


def _measure(
    data: Data, time: Time, cycle: Cycle, name: str, skipped: dict[str, str]
) -> Finding | None:
    codes, labels = cycle_codes(time, cycle)
    comparison = compare_groups(codes, data.measures[name], cycle.levels, data.sample)
    if comparison is None:
        return None

    # A measure the cycle explains almost entirely is a reading of the clock
    # (an hour column beside a timestamp), not a seasonal pattern.
    if comparison.eta_squared >= DERIVED_ETA_SQUARED:
        skipped[f"seasonality of {name} by {cycle.name}"] = (
            f"{name} follows the {cycle.phrase} of {time.name} "
            f"(η² = {comparison.eta_squared:.2f}): it is the clock, not a pattern"
        )
        return None

    def describe() -> tuple[str, Chart]:
        top, bottom, _ = comparison.extremes()
        means = comparison.groups.means
        statement = (
            f"{name} varies with the {cycle.phrase} of {time.name}: "
            f"highest {_at(cycle, labels[top])} (mean {number(means[top])}), "
            f"lowest {_at(cycle, labels[bottom])} ({number(means[bottom])}) "
            f"(η² = {comparison.eta_squared:.3f}; Kruskal–Wallis "
            f"{p_text(comparison.p_value)}, "
            f"{rows_text(comparison.used, comparison.support)})"
        )
        chart = group_chart(comparison, labels, cycle.phrase, name, by_mean=False)
        return statement, chart

    support = comparison.support
    return _finding(cycle, (name, time.name), comparison, support, describe)


def _rows(time: Time, cycle: Cycle, labels: list[str]) -> Finding | None:
    # Rows per turn of the finer clock (per hour, per day, per month), zeros
    # included, grouped by the position of that turn in the cycle.
    unit, per = _TURN_UNIT[cycle.name], _TURN_NAME[cycle.name]
    raw = time.wall[time.present].astype(f"datetime64[{unit}]")
    turns = np.arange(raw.min(), raw.max() + 1)
    counts = np.bincount((raw - raw.min()).astype(np.int64), minlength=turns.size)
    turn_time = Time(time.name, turns.astype("datetime64[ns]"), time.zone)
    codes, _ = cycle_codes(turn_time, cycle)
    # Each position holds at least MIN_CYCLES turns, which is enough: a
    # turn's count already sums many rows.
    everything = np.arange(counts.size)
    comparison = compare_groups(
        codes, counts.astype(float), cycle.levels, everything, smallest=MIN_CYCLES
    )
    if comparison is None:
        return None

    def describe() -> tuple[str, Chart]:
        top, bottom, _ = comparison.extremes()
        means = comparison.groups.means
        # Positions no row ever falls on (flights at 3 am) are named all
        # together: the lowest of them alone would read as a dip.
        empty = [int(k) for k in np.flatnonzero(comparison.large) if means[k] == 0]
        fewest = (
            _none_at(cycle, labels, empty)
            if empty
            else f"fewest {_at(cycle, labels[bottom])} ({number(means[bottom])})"
        )
        statement = (
            f"Rows follow the {cycle.phrase} of {time.name}: most "
            f"{_at(cycle, labels[top])} ({number(means[top])} per {per} on "
            f"average), {fewest} (η² = {comparison.eta_squared:.3f}; "
            f"Kruskal–Wallis {p_text(comparison.p_value)} over "
            f"{counts.size:,} {per}s)"
        )
        y_label = f"rows per {per}"
        chart = group_chart(comparison, labels, cycle.phrase, y_label, by_mean=False)
        return statement, chart

    support = int(time.present.sum())
    return _finding(cycle, (time.name,), comparison, support, describe)


def _finding(
    cycle: Cycle,
    columns: tuple[str, ...],
    comparison: Comparison,
    support: int,
    describe: Callable[[], tuple[str, Chart]],
) -> Finding:
    return Finding(
        kind=InsightKind.SEASONALITY,
        columns=columns,
        effect=comparison.eta_squared,
        strength=float(np.sqrt(comparison.eta_squared)),
        meets_floor=comparison.eta_squared >= ETA_SQUARED_MIN,
        support=support,
        p_value=comparison.p_value,
        describe=describe,
        detail=cycle.name,
    )


def _at(cycle: Cycle, label: str) -> str:
    return f"{_PREPOSITION[cycle.name]} {label}"


def _none_at(cycle: Cycle, labels: list[str], empty: list[int]) -> str:
    """Return where no row ever falls: "none at 05:00–08:00 UTC", "none on
    Saturday or Sunday"; runs of three or more positions as a range."""
    # Hours carry the zone ("05:00 UTC"): said once, at the end.
    zone = labels[0].partition(" ")[2] if cycle.name == "hour" else ""
    names = [label.removesuffix(f" {zone}") if zone else label for label in labels]
    runs: list[list[int]] = []
    for k in empty:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts += [names[k] for k in run]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    return f"none {_at(cycle, listed)}" + (f" {zone}" if zone else "")
