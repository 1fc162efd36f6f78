"""The columns the generators read, as numpy arrays, and the seeded sample.

Measures become float arrays (NaN where missing or infinite), segments
integer codes over their observed levels (so an unused category level is
never a segment), and the time column its wall-clock time in its own zone.
Descriptive numbers (group means, shares) are computed on every row;
rank-based tests run on :data:`SAMPLE_ROWS` rows drawn with the seed.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analyst_pa.insights._roles import Roles
from analyst_pa.results import Issue, IssueKind, TableProfile

__all__ = [
    "SAMPLE_ROWS",
    "Data",
    "Segment",
    "Time",
    "as_floats",
    "prepare",
    "reading_hints",
]

# Rank tests (Spearman, Kruskal–Wallis) and shape tests run on a seeded
# sample of this many rows: at 20,000 rows a correlation's standard error is
# under 0.01, far below the smallest effect shown, and the whole search on a
# few hundred thousand rows stays within a couple of seconds.
SAMPLE_ROWS = 20_000


@dataclass(frozen=True)
class Segment:
    """A categorical column as codes 0..k-1 (-1 where missing) and labels."""

    codes: np.ndarray
    labels: list[str]

    @property
    def k(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Time:
    """The time column as naive wall-clock times in the column's own zone."""

    name: str
    wall: np.ndarray
    zone: str | None

    @property
    def present(self) -> np.ndarray:
        return ~np.isnat(self.wall)


@dataclass(frozen=True)
class Data:
    """Everything the generators read."""

    n_rows: int
    sample: np.ndarray
    measures: dict[str, np.ndarray]
    segments: dict[str, Segment]
    time: Time | None
    seed: int

    @property
    def sampled(self) -> bool:
        return self.sample.size < self.n_rows

    def rng(self, salt: str) -> np.random.Generator:
        """A generator seeded by the run's seed and ``salt``, so each test's
        draws do not depend on which other tests ran before it."""
        return np.random.default_rng([self.seed, *salt.encode()])


def prepare(
    frame: pd.DataFrame,
    table: TableProfile,
    issues: Sequence[Issue],
    roles: Roles,
    seed: int,
) -> Data:
    """Return the arrays of the columns ``roles`` names, and the sample.

    Numbers written as text are read the way their ``numeric_as_text`` issue
    describes (currency signs, thousands marks, decimal commas), and the
    sentinels of a ``disguised_missing`` issue (-999) count as missing:
    a finding about a sentinel would be a finding about the data entry.
    """
    by_name = {c.name: c.position for c in table.columns}
    hints = reading_hints(issues)

    def column(name: str) -> pd.Series:
        return frame.iloc[:, by_name[name]]

    n_rows = len(frame)
    rng = np.random.default_rng(seed)
    sample = np.arange(n_rows)
    if n_rows > SAMPLE_ROWS:
        sample = np.sort(rng.choice(n_rows, SAMPLE_ROWS, replace=False))

    return Data(
        n_rows=n_rows,
        sample=sample,
        measures={
            name: as_floats(column(name), hints.get(name, {}))
            for name in roles.measures
        },
        segments={name: as_codes(column(name)) for name in roles.segments},
        time=as_time(column(roles.time), roles.time) if roles.time else None,
        seed=seed,
    )


def reading_hints(issues: Sequence[Issue]) -> dict[str, dict[str, Any]]:
    """Return, per column, how its numbers are written and its sentinels."""
    hints: dict[str, dict[str, Any]] = {}
    for issue in issues:
        if len(issue.columns) != 1:
            continue
        hint = hints.setdefault(issue.columns[0], {})
        if issue.kind == IssueKind.NUMERIC_AS_TEXT:
            hint.update(
                {k: issue.details.get(k) for k in ("decimal", "thousands", "marks")}
            )
        elif issue.kind == IssueKind.DISGUISED_MISSING:
            sentinels = issue.details.get("sentinels") or []
            hint["sentinels"] = sentinels if isinstance(sentinels, list) else []
    return hints


def as_floats(series: pd.Series, hint: dict[str, Any] | None = None) -> np.ndarray:
    """Return ``series`` as floats, NaN where missing, not a number, infinite
    or one of the ``hint``'s sentinels."""
    hint = hint or {}
    if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(
        series.dtype
    ):
        series = _numbers_from_text(series, hint)
    elif not pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == bool:
        series = pd.to_numeric(series, errors="coerce")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    sentinels = [v for v in hint.get("sentinels", []) if isinstance(v, int | float)]
    missing = ~np.isfinite(values) | np.isin(values, sentinels)
    return np.where(missing, np.nan, values)


def _numbers_from_text(series: pd.Series, hint: dict[str, Any]) -> pd.Series:
    text = series.astype("string").str.strip()
    for mark in [*(hint.get("marks") or ""), hint.get("thousands") or ""]:
        if mark:
            text = text.str.replace(mark, "", regex=False)
    if hint.get("decimal") not in (None, "."):
        text = text.str.replace(str(hint["decimal"]), ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def as_codes(series: pd.Series) -> Segment:
    """Return ``series`` as codes over the levels that occur, in their order
    for an ordered category and by first appearance otherwise."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        categorical = series.cat.remove_unused_categories()
        codes = categorical.cat.codes.to_numpy(dtype=np.int64)
        labels = [str(level) for level in categorical.cat.categories]
        return Segment(codes, labels)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return Segment(codes.astype(np.int64), [str(level) for level in uniques])


def as_time(series: pd.Series, name: str) -> Time | None:
    """Return the wall-clock time of ``series``, or None when its values are
    not dates or times."""
    if isinstance(series.dtype, pd.PeriodDtype):
        series = series.dt.to_timestamp()
    elif not pd.api.types.is_datetime64_any_dtype(series.dtype):
        parsed = _parse_times(series)
        if parsed is None:
            return None
        series = parsed

    zone = None
    tz = getattr(series.dt, "tz", None)
    if tz is not None:
        zone = str(tz)
        series = series.dt.tz_localize(None)
    wall = series.to_numpy(dtype="datetime64[ns]")
    return Time(name=name, wall=wall, zone=zone)


def _parse_times(series: pd.Series) -> pd.Series | None:
    # Numbers are not read as times: pandas would take 2013 for nanoseconds
    # after 1970. Dates kept as text or objects are parsed; mixed offsets are
    # read in UTC.
    if pd.api.types.is_numeric_dtype(series.dtype):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(series, errors="coerce", format="mixed")
        except (TypeError, ValueError):
            parsed = pd.to_datetime(series, errors="coerce", utc=True, format="mixed")
    if parsed.notna().sum() < 0.9 * series.notna().sum() or parsed.notna().sum() == 0:
        return None
    return parsed
