"""Statistics of numbers, computed from their distinct values and counts.

A column is summarised by a :class:`Tally`: its distinct values in ascending
order and how often each occurs. Everything else (minimum, maximum, sum,
moments, quantiles) is derived from the tally, so a column of a million rows
and a hundred distinct values costs a hundred values' work.

Integers stay exact. Their sum is accumulated in two 32-bit halves so that no
64-bit sum can overflow, their mean is the correctly rounded quotient of two
Python integers, and deviations from the mean are taken before converting to
float, so that neighbouring values near 2**63 stay apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analyst_pa.profile._facts import Facts
from analyst_pa.results import Scalar

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

# Integers from here on are not all representable as floats.
_FLOAT_EXACT = 2**53
_LOW_32 = np.uint64(0xFFFFFFFF)
_SHIFT_32 = np.uint64(32)


@dataclass(frozen=True)
class Tally:
    """Distinct values in ascending order, and how often each occurs.

    ``values`` is an int64, uint64 or float64 array, or an object array of
    Python integers too large for 64 bits.
    """

    values: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Tally:
        """Return the tally of every value in ``values``."""
        distinct, counts = np.unique(values, return_counts=True)
        return cls(distinct, counts.astype(np.int64))

    @classmethod
    def weighted(cls, values: np.ndarray, counts: np.ndarray) -> Tally:
        """Return the tally of ``values`` seen ``counts`` times, merging equals."""
        distinct, inverse = np.unique(values, return_inverse=True)
        merged = np.bincount(inverse.ravel(), weights=counts, minlength=len(distinct))
        return cls(distinct, merged.astype(np.int64))

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    def __len__(self) -> int:
        return len(self.values)


def integer_statistics(tally: Tally) -> Facts:
    """Return exact minimum, maximum and sum, mean, spread and quantiles."""
    n = tally.n
    total = exact_sum(tally)
    mean = total / n  # int / int: correctly rounded, however large
    return {
        "min": int(tally.values[0]),
        "max": int(tally.values[-1]),
        "sum": total,
        "mean": mean,
        **_spread(_integer_deviations(tally, total), 0, tally),
        "quantiles": quantiles(tally, integers=True),
    }


def float_statistics(tally: Tally) -> Facts:
    """Return minimum, maximum, sum, mean, spread and quantiles of floats."""
    if len(tally) == 0:
        return {}
    mean, total = _float_mean_and_sum(tally)
    return {
        "min": float(tally.values[0]),
        "max": float(tally.values[-1]),
        "sum": total,
        "mean": mean,
        **_spread(*_float_deviations(tally, mean), tally),
        "quantiles": quantiles(tally, integers=False),
    }


def exact_sum(tally: Tally) -> int:
    """Return the exact sum of the integers in ``tally``.

    Each value is split into 32-bit halves, so each half's products and
    their sums stay below 2**64 for fewer than 2**32 rows.
    """
    if tally.values.dtype == object:
        return sum(
            int(v) * int(c) for v, c in zip(tally.values, tally.counts, strict=True)
        )
    bits = tally.values.view(np.uint64)
    counts = tally.counts.astype(np.uint64)
    high = int(np.sum((bits >> _SHIFT_32) * counts, dtype=np.uint64))
    low = int(np.sum((bits & _LOW_32) * counts, dtype=np.uint64))
    total = (high << 32) + low
    if tally.values.dtype.kind == "i":
        # A negative int64 v reads as v + 2**64 when viewed as unsigned.
        total -= int(tally.counts[tally.values < 0].sum()) << 64
    return total


def quantiles(
    tally: Tally, *, integers: bool, whole: bool = False
) -> dict[str, Scalar]:
    """Return the :data:`QUANTILES`, interpolated linearly as numpy does.

    For integers a quantile that falls on a value is that exact integer;
    ``whole`` rounds every quantile to an integer (for timestamps).
    """
    cumulative = np.cumsum(tally.counts)
    result: dict[str, Scalar] = {}
    for q in QUANTILES:
        position = (tally.n - 1) * q
        below = math.floor(position)
        fraction = position - below
        low = tally.values[np.searchsorted(cumulative, below, side="right")]
        high = low
        if fraction:
            high = tally.values[np.searchsorted(cumulative, below + 1, side="right")]
        if integers:
            result[f"{q:g}"] = _between_integers(int(low), int(high), fraction, whole)
        else:
            result[f"{q:g}"] = _between_floats(float(low), float(high), fraction)
    return result


def _between_integers(low: int, high: int, fraction: float, whole: bool) -> Scalar:
    if fraction == 0 or low == high:
        return low
    step = (high - low) * fraction
    if whole or abs(low) >= _FLOAT_EXACT:
        # A float this large has no fractional part: the nearest integer
        # is closer than the float nearest low + step.
        return low + round(step)
    return low + step


def _between_floats(low: float, high: float, fraction: float) -> Scalar:
    value = low + (high - low) * fraction
    if not math.isfinite(value):
        # high - low overflowed: interpolate without the difference.
        value = low * (1 - fraction) + high * fraction
    return value if math.isfinite(value) else None


def _float_mean_and_sum(tally: Tally) -> tuple[float, float | None]:
    """Return the mean and the correctly rounded sum (None if it overflows)."""
    with np.errstate(over="ignore"):
        products = tally.values * tally.counts
    try:
        total = math.fsum(products)
    except (OverflowError, ValueError):  # overflow, or inf - inf
        total = math.inf
    if math.isfinite(total):
        return total / tally.n, total
    # The sum overflows; weighting by shares of n instead keeps every term,
    # and the mean, within range.
    return math.fsum(tally.values * (tally.counts / tally.n)), None


def _float_deviations(tally: Tally, mean: float) -> tuple[np.ndarray, int]:
    """Return (value - mean) / 2**exponent and the exponent, without overflow."""
    exponent = _exponent(tally.values)
    return np.ldexp(tally.values, -exponent) - math.ldexp(mean, -exponent), exponent


def _integer_deviations(tally: Tally, total: int) -> np.ndarray:
    """Return each distinct value minus the mean, as floats.

    The integer part of the mean is subtracted exactly first; values near
    2**63 would otherwise round to the same float.
    """
    n = tally.n
    offset = total // n
    residual = (total - offset * n) / n
    low = int(tally.values[0]) - offset
    high = int(tally.values[-1]) - offset
    if tally.values.dtype == object:
        exact = np.array([float(int(v) - offset) for v in tally.values])
        return exact - residual
    if low >= -(2**63) and high < 2**63:
        # Modular subtraction is exact when the true difference fits int64.
        shifted = tally.values.view(np.uint64) - np.uint64(offset % 2**64)
        return shifted.view(np.int64).astype(np.float64) - residual
    # The range spans more than int64: float precision is ample here.
    return tally.values.astype(np.float64) - float(total / n)


def _spread(deviations: np.ndarray, exponent: int, tally: Tally) -> Facts:
    """Return std (ddof=1), variance, skew and excess kurtosis as pandas does.

    The deviations from the mean are ``deviations * 2**exponent``.

    Undefined values are None: all four with fewer than 2 values, skew with
    fewer than 3, kurtosis with fewer than 4, both for a constant column.
    """
    n = tally.n
    if n < 2:
        return {"std": None, "variance": None, "skew": None, "kurtosis": None}
    if len(tally) == 1 or not np.any(deviations):
        return {"std": 0.0, "variance": 0.0, "skew": None, "kurtosis": None}
    # Moments of deviations scaled below 1, so powers cannot overflow.
    weights = tally.counts.astype(np.float64)
    scale = _exponent(deviations)
    z = np.ldexp(deviations, -scale)
    z2 = z * z
    m2 = float(np.dot(z2, weights)) / n
    m3 = float(np.dot(z2 * z, weights)) / n
    m4 = float(np.dot(z2 * z2, weights)) / n
    try:
        std = math.ldexp(math.sqrt(m2 * n / (n - 1)), exponent + scale)
    except OverflowError:
        return {"std": None, "variance": None, "skew": None, "kurtosis": None}
    return {
        "std": _finite(std),
        "variance": _finite(std * std),
        "skew": _skew(m2, m3, n),
        "kurtosis": _kurtosis(m2, m4, n),
    }


def _skew(m2: float, m3: float, n: int) -> Scalar:
    if n < 3 or m2 <= 0:
        return None
    return _finite(m3 / m2**1.5 * math.sqrt(n * (n - 1)) / (n - 2))


def _kurtosis(m2: float, m4: float, n: int) -> Scalar:
    if n < 4 or m2 <= 0:
        return None
    excess = m4 / (m2 * m2) - 3
    return _finite(((n + 1) * excess + 6) * (n - 1) / ((n - 2) * (n - 3)))


def _exponent(values: np.ndarray) -> int:
    """Return the power of two above every ``|value|``: scaling by it is exact."""
    return math.frexp(float(np.abs(values).max()))[1]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
