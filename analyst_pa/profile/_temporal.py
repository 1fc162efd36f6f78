"""Facts about timestamps, durations and periods.

All three are integers underneath (ticks of a unit since the epoch, ticks of
a unit, ordinals of a frequency), so they are tallied and summarised as
integers and only shown as time: ISO 8601 with the offset for timestamps,
pandas' own text for durations and periods. A zone-aware column is shown in
its own zone; naive ones carry no offset, and the two are never compared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import numpy as np
import pandas as pd

from analyst_pa.profile._facts import Facts, top_values
from analyst_pa.profile._statistics import Tally, exact_sum, quantiles
from analyst_pa.results import Scalar, SemanticType

_TICKS_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000}
_TICKS_PER_DAY["ns"] = 1000 * _TICKS_PER_DAY["us"]


def datetime_facts(present: pd.Series, top: int) -> Facts:
    """Return the facts of present datetime64 values, naive or zone-aware."""
    tz = getattr(present.dtype, "tz", None)
    ticks = Tally.of(present.to_numpy(dtype=np.int64))
    return timestamp_facts(ticks, time_unit(present.dtype), tz, top)


def timestamp_facts(
    ticks: Tally,
    unit: str,
    tz: dt.tzinfo | None,
    top: int,
    *,
    as_date: bool | None = None,
) -> Facts:
    """Return the facts of timestamps given as ``unit`` ticks since the epoch.

    Naive timestamps all at midnight are dates, unless ``as_date`` says.
    """
    if as_date is None:
        per_day = _TICKS_PER_DAY.get(unit)
        as_date = tz is None and per_day is not None and _all_multiples(ticks, per_day)

    def show(tick: Any) -> str:
        stamp = pd.Timestamp(np.datetime64(int(tick), cast(Any, unit)))
        if tz is not None:
            stamp = stamp.tz_localize("UTC").tz_convert(tz)
        return stamp.date().isoformat() if as_date else stamp.isoformat()

    kind = SemanticType.DATE if as_date else SemanticType.DATETIME
    return {"semantic_type": kind, "timezone": zone_name(tz)} | _time_facts(
        ticks, show, top
    )


def duration_facts(present: pd.Series, top: int) -> Facts:
    """Return the facts of present timedelta64 values."""
    unit = time_unit(present.dtype)
    ticks = Tally.of(present.to_numpy(dtype=np.int64))

    def show(tick: Any) -> str:
        return str(pd.Timedelta(np.timedelta64(int(tick), cast(Any, unit))))

    return {"semantic_type": SemanticType.DURATION} | _time_facts(ticks, show, top)


def period_facts(present: pd.Series, top: int) -> Facts:
    """Return the facts of present periods: observed range and counts."""
    dtype = present.dtype
    assert isinstance(dtype, pd.PeriodDtype)
    freq = cast(Any, dtype.freq)  # an offset; the stubs ask for text
    ordinals = Tally.of(np.asarray(present.array.asi8))  # type: ignore[attr-defined]

    def show(ordinal: Any) -> str:
        return str(pd.Period(ordinal=int(ordinal), freq=freq))

    return {
        "semantic_type": SemanticType.PERIOD,
        "distinct": len(ordinals),
        "min": show(ordinals.values[0]),
        "max": show(ordinals.values[-1]),
        "top_values": top_values(ordinals.values, ordinals.counts, top, show),
    }


def time_unit(dtype: Any) -> str:
    """Return the unit of a datetime64 or timedelta64 dtype, zone-aware or not."""
    unit = getattr(dtype, "unit", None)
    return str(unit) if unit is not None else np.datetime_data(dtype)[0]


def zone_name(tz: dt.tzinfo | None) -> str | None:
    """Return the name of a time zone: its IANA key, or ``UTC+05:30`` for offsets."""
    if tz is None:
        return None
    name = getattr(tz, "key", None) or getattr(tz, "zone", None) or str(tz)
    return str(name)


def _time_facts(ticks: Tally, show: Any, top: int) -> Facts:
    n = ticks.n
    # Rounded half up from the exact sum: a float would lose nanoseconds.
    mean = (2 * exact_sum(ticks) + n) // (2 * n)
    spread: dict[str, Scalar] = {
        key: show(tick)
        for key, tick in quantiles(ticks, integers=True, whole=True).items()
    }
    return {
        "distinct": len(ticks),
        "min": show(ticks.values[0]),
        "max": show(ticks.values[-1]),
        "mean": show(mean),
        "quantiles": spread,
        "top_values": top_values(ticks.values, ticks.counts, top, show),
    }


def _all_multiples(ticks: Tally, step: int) -> bool:
    return bool(np.all(ticks.values % step == 0))
