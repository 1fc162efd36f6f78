"""Clock times written as numbers: ``dep_time`` = 517 for 05:17.

Schedules often keep a time of day as the integer HHMM. As a number it is
not on a scale: 1259 and 1300 are one minute apart, 1240 and 1259 nineteen,
and 2359 is followed by 1. Means, correlations and peaks of such a column
describe the way it is written, not the times.

A column is read as HHMM when its name has a clock word (``time``,
``hour``, ``hhmm``, ...) and its values say so: whole numbers from 0 to
2400 whose last two digits are always below 60, with enough distinct
values, endings and hours that a quantity would have shown an ending of
60-99 by then. The fix, ``minutes_after_midnight``, rewrites the column as
minutes after midnight (``df[c] // 100 * 60 + df[c] % 100``); it changes
what the column means, so it needs an explicit accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analyst_pa.profile._semantic import name_words
from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import column_ref, operation, propose
from analyst_pa.quality._issues import find_examples, new_issue
from analyst_pa.results import (
    ColumnProfile,
    Issue,
    IssueKind,
    SemanticType,
    TableProfile,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLOCK_WORDS", "clock_times", "minutes_after_midnight"]

# Words in a column name that say it may hold a time of day.
CLOCK_WORDS = frozenset({"time", "times", "hhmm", "clock", "hour", "hours", "hr"})

# The evidence a column needs: this many distinct values, this many distinct
# last-two-digit endings (a quantity in steps of 50 ends in 00 or 50 only)
# and this many distinct hours (an hour column, 0-23, is one "hour" of HHMM).
# Twenty distinct values of a quantity all ending below 60 happen with
# odds of about 0.6**20 (4 in 100,000).
MIN_DISTINCT = 20
MIN_ENDINGS = 3
MIN_HOURS = 3


def _clock_values(series: pd.Series) -> np.ndarray | None:
    """Return the distinct present values when they read as HHMM, else None."""
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == bool:
        return None
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    distinct = np.unique(values[np.isfinite(values)])
    if distinct.size < MIN_DISTINCT or distinct[0] < 0 or distinct[-1] > 2400:
        return None
    if not np.all(np.floor(distinct) == distinct):
        return None
    endings = distinct % 100
    if endings.max() >= 60 or np.unique(endings).size < MIN_ENDINGS:
        return None
    if np.unique(distinct // 100).size < MIN_HOURS:
        return None
    return distinct


def _clock_issue(column: ColumnProfile, series: pd.Series, n_rows: int) -> Issue | None:
    if not set(name_words(column.name)) & CLOCK_WORDS:
        return None
    distinct = _clock_values(series)
    if distinct is None:
        return None

    name = column.name
    low, high = int(distinct[0]), int(distinct[-1])
    present = series.notna()
    count = int(present.sum())
    return new_issue(
        IssueKind.TIME_AS_NUMBER,
        [name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{name} holds clock times written as HHMM numbers ({distinct.size:,} "
            f"distinct values from {low} to {high}, the last two digits always "
            "below 60): as numbers they are not on a scale (1259 and 1300 are one "
            "minute apart, and 2359 is followed by 1)."
        ),
        examples=find_examples(series, present),
        details={"min": low, "max": high, "distinct": int(distinct.size)},
        fix=propose(
            "minutes_after_midnight",
            f"Rewrite {name} as minutes after midnight (517 for 05:17 becomes "
            "317); times just after midnight still follow those just before.",
            column=name,
        ),
    )


@check(IssueKind.TIME_AS_NUMBER)
def clock_times(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Integer columns named like times whose values are HHMM clock times."""
    issues = []
    for column in table.columns:
        if column.semantic_type != SemanticType.INTEGER:
            continue
        issue = _clock_issue(column, frame.iloc[:, column.position], table.n_rows)
        if issue is not None:
            issues.append(issue)
    return issues


def _minutes_code(column: str) -> str:
    ref = column_ref(column)
    return f"{ref} = {ref} // 100 * 60 + {ref} % 100"


@operation("minutes_after_midnight", order=47, safe=False, code=_minutes_code)
def minutes_after_midnight(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column] // 100 * 60 + out[column] % 100
    return out
