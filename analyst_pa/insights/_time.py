"""Calendar arithmetic on wall-clock times: periods (one month after another)
and cycles (the hour of the day, the day of the week, the month of the year).

Times are numpy ``datetime64[ns]`` wall-clock values in the column's own
zone, so 19:00 means 19:00 where the clock was read; the zone is named in
the wording.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analyst_pa.insights._data import Time

__all__ = [
    "CYCLES",
    "Cycle",
    "Periods",
    "calendar_parts",
    "cycle_codes",
    "days_per_period",
    "periods",
    "span_days",
]

_DAY_NS = 86_400 * 10**9
_WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]

# Period units from the finest to the coarsest, with their names.
_UNITS = (("h", "hour"), ("D", "day"), ("W", "week"), ("M", "month"),
          ("Q", "quarter"), ("Y", "year"))  # fmt: skip


@dataclass(frozen=True)
class Periods:
    """Each row's period as an index 0..count-1 (-1 where the time is missing)."""

    unit: str
    name: str
    index: np.ndarray
    labels: list[str]

    @property
    def count(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Cycle:
    """A repeating calendar position: its name, levels and one turn in days."""

    name: str
    phrase: str
    levels: int
    days: float


CYCLES = (
    Cycle("hour", "hour of the day", 24, 1.0),
    Cycle("weekday", "day of the week", 7, 7.0),
    Cycle("month", "month of the year", 12, 365.25),
)


def span_days(time: Time) -> float:
    """Return the days between the first and the last time."""
    present = time.wall[time.present].astype(np.int64)
    if present.size == 0:
        return 0.0
    return float(present.max() - present.min()) / _DAY_NS


def periods(time: Time, *, most: int, fewest: int = 1) -> Periods | None:
    """Return the finest periods that split the time into at most ``most``
    periods and at least ``fewest``; None when no unit does."""
    present = time.present
    if not present.any():
        return None
    for unit, name in _UNITS:
        raw = _raw_periods(time.wall, unit)
        first, last = int(raw[present].min()), int(raw[present].max())
        count = last - first + 1
        if count > most:
            continue
        if count < fewest:
            return None
        index = np.where(present, raw - first, -1)
        labels = [_label(first + i, unit) for i in range(count)]
        return Periods(unit=unit, name=name, index=index, labels=labels)
    return None


def cycle_codes(time: Time, cycle: Cycle) -> tuple[np.ndarray, list[str]]:
    """Return each row's position in ``cycle`` (-1 where missing) and the
    labels of the positions."""
    wall = time.wall
    if cycle.name == "hour":
        codes = wall.astype("datetime64[h]").astype(np.int64) % 24
        suffix = f" {time.zone}" if time.zone else ""
        labels = [f"{h:02d}:00{suffix}" for h in range(24)]
    elif cycle.name == "weekday":
        # 1970-01-01, day 0, was a Thursday: shift so Monday is 0.
        codes = (wall.astype("datetime64[D]").astype(np.int64) + 3) % 7
        labels = list(_WEEKDAYS)
    else:
        codes = wall.astype("datetime64[M]").astype(np.int64) % 12
        labels = list(_MONTHS)
    return np.where(time.present, codes, -1), labels


def calendar_parts(time: Time) -> dict[str, np.ndarray]:
    """Return the year, month, day, hour, minute and weekday (Monday 1) of each
    row as integers, -1 where the time is missing."""
    wall = time.wall
    days = wall.astype("datetime64[D]")
    months = wall.astype("datetime64[M]")
    parts = {
        "year": wall.astype("datetime64[Y]").astype(np.int64) + 1970,
        "month": months.astype(np.int64) % 12 + 1,
        "day": (days - months.astype("datetime64[D]")).astype(np.int64) + 1,
        "hour": wall.astype("datetime64[h]").astype(np.int64) % 24,
        "minute": wall.astype("datetime64[m]").astype(np.int64) % 60,
        "weekday": (days.astype(np.int64) + 3) % 7 + 1,
    }
    return {name: np.where(time.present, part, -1) for name, part in parts.items()}


def _raw_periods(wall: np.ndarray, unit: str) -> np.ndarray:
    # Periods counted from the epoch, as integers; NaT rows get garbage that
    # the callers mask out.
    if unit == "W":
        # Weeks start on Monday; the epoch's Thursday is day 3 of its week.
        return (wall.astype("datetime64[D]").astype(np.int64) + 3) // 7
    if unit == "Q":
        return wall.astype("datetime64[M]").astype(np.int64) // 3
    return wall.astype(f"datetime64[{unit}]").astype(np.int64)


def _label(raw: int, unit: str) -> str:
    if unit == "h":
        return _date(raw, "h").replace("T", " ") + ":00"
    if unit == "W":
        return f"week of {_date(raw * 7 - 3, 'D')}"
    if unit == "Q":
        return f"{1970 + raw // 4}Q{raw % 4 + 1}"
    return _date(raw, unit)


def _date(raw: int, unit: str) -> str:
    return str(np.int64(raw).astype(f"datetime64[{unit}]"))


def days_per_period(time: Time, found: Periods) -> np.ndarray:
    """Return how many calendar days of the data's span each period covers,
    so that a partial first or last month is not read as a drop in volume."""
    days = time.wall[time.present].astype("datetime64[D]")
    calendar = np.arange(days.min(), days.max() + np.timedelta64(1, "D"))
    raw = _raw_periods(calendar.astype("datetime64[ns]"), found.unit)
    return np.bincount(raw - raw.min(), minlength=found.count).astype(float)
