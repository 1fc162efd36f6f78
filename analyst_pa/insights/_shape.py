"""Distribution shape: a measure with two groups of values, or a long tail.

Bimodality is read from a kernel density on a binned grid. Silverman's
test (1981) gives the p-value: the smallest bandwidth at which the density
has one mode is found by bisection, and smoothed bootstrap samples drawn at
that bandwidth say how often a unimodal distribution would still look
multimodal. The wording describes the density at Silverman's rule-of-thumb
bandwidth: where the two largest modes are, and the share of rows on the
smaller side of the dip between them.

A long tail compares the distance from the median to the 95th percentile
with the distance from the median to the quartile: 2.44 for a normal
distribution. The kurtosis test on the sample gives the p-value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from analyst_pa.insights._data import Data
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._validation import HEAVY_TAIL_RATIO_MIN, MINOR_MODE_SHARE_MIN
from analyst_pa.insights._wording import number, p_text, rows_text, share
from analyst_pa.results import InsightKind

__all__ = ["count_modes", "find_distribution_shapes", "silverman_test"]

# The density is read on this many bins between the 0.5% and 99.5%
# quantiles; the far tails would only squeeze the rest into a few bins.
GRID = 512
TRIM = 0.005

# A bump lower than this share of the highest peak is noise, not a mode.
MODE_MIN_HEIGHT = 0.05

# The dip between two modes must fall below this share of the lower peak.
MAX_DIP_RATIO = 0.75

# Silverman's test runs on at most SHAPE_ROWS values with BOOTSTRAPS draws.
SHAPE_ROWS = 1_000
BOOTSTRAPS = 499

# Measures with fewer distinct values have no shape to speak of.
MIN_DISTINCT = 10

_NORMAL_TAIL = stats.norm.ppf(0.95) / stats.norm.ppf(0.75)
_HIST_BINS = 40


def find_distribution_shapes(data: Data, measures: Sequence[str]) -> list[Finding]:
    """Return bimodality and long-tail findings for ``measures``."""
    findings = []
    for name in measures:
        values = data.measures[name]
        finite = values[np.isfinite(values)]
        if np.unique(finite[: SHAPE_ROWS * 10]).size < MIN_DISTINCT:
            continue
        sample = _shape_sample(data, name)
        bimodal = _bimodal(data, name, finite, sample)
        tail = _long_tail(data, name, finite)
        findings += [f for f in (bimodal, tail) if f is not None]
    return findings


def _shape_sample(data: Data, name: str) -> np.ndarray:
    values = data.measures[name][data.sample]
    values = values[np.isfinite(values)]
    if values.size > SHAPE_ROWS:
        values = data.rng(f"shape:{name}").choice(values, SHAPE_ROWS, replace=False)
    return values


def _grid(values: np.ndarray) -> tuple[float, float]:
    lo, hi = np.quantile(values, [TRIM, 1 - TRIM])
    return float(lo), float(hi)


def _density(values: np.ndarray, lo: float, hi: float, bandwidth: float) -> np.ndarray:
    # Binned kernel density: a histogram on the grid, smoothed by a Gaussian
    # of the bandwidth in bins. Rows of ``values`` are separate samples.
    values = np.atleast_2d(values)
    width = (hi - lo) / GRID
    bins = np.floor((values - lo) / width).astype(np.int64)
    inside = (bins >= 0) & (bins < GRID)
    offsets = np.arange(values.shape[0])[:, None] * GRID
    flat = np.bincount((bins + offsets)[inside], minlength=values.shape[0] * GRID)
    counts = flat.reshape(values.shape[0], GRID).astype(float)
    return _smooth(counts, bandwidth / width)


def _smooth(counts: np.ndarray, sigma: float) -> np.ndarray:
    # Gaussian smoothing of each row through the FFT, where the kernel's
    # transform is known exactly; zero padding of 4 sigma on each side keeps
    # the two ends from wrapping into each other. A direct convolution costs
    # the kernel's width per bin, which is most of the grid at wide bandwidths.
    size = 1 << int(np.ceil(np.log2(GRID + 8 * sigma + 1)))
    frequencies = np.fft.rfftfreq(size)
    kernel = np.exp(-0.5 * (2 * np.pi * frequencies * sigma) ** 2)
    smoothed = np.fft.irfft(np.fft.rfft(counts, size, axis=1) * kernel, size, axis=1)
    return smoothed[:, :GRID]


def count_modes(density: np.ndarray) -> np.ndarray:
    """Return the number of modes of each row of ``density``: local maxima
    at least :data:`MODE_MIN_HEIGHT` of the row's highest."""
    density = np.atleast_2d(density)
    middle = density[:, 1:-1]
    peaks = (middle > density[:, :-2]) & (middle >= density[:, 2:])
    peaks &= middle >= MODE_MIN_HEIGHT * density.max(axis=1, keepdims=True)
    return peaks.sum(axis=1)


def silverman_test(values: np.ndarray, rng: np.random.Generator) -> float:
    """Return the p-value of Silverman's test that ``values`` have one mode."""
    lo, hi = _grid(values)
    width = (hi - lo) / GRID
    low, high = width / 2, hi - lo
    if count_modes(_density(values, lo, hi, low))[0] <= 1:
        return 1.0

    # The critical bandwidth: the smallest that leaves a single mode.
    for _ in range(30):
        middle = (low + high) / 2
        if count_modes(_density(values, lo, hi, middle))[0] > 1:
            low = middle
        else:
            high = middle
    critical = high

    # Smoothed bootstrap with the variance kept (Efron's rescaling).
    draws = rng.choice(values, (BOOTSTRAPS, values.size))
    noise = rng.standard_normal(draws.shape) * critical
    mean, variance = values.mean(), values.var()
    shrink = 1.0 / np.sqrt(1.0 + critical**2 / variance) if variance > 0 else 1.0
    smoothed = mean + (draws - mean + noise) * shrink
    multimodal = count_modes(_density(smoothed, lo, hi, critical)) > 1
    return float((1 + multimodal.sum()) / (BOOTSTRAPS + 1))


def _rule_of_thumb(values: np.ndarray) -> float:
    spread = np.std(values, ddof=1)
    iqr = np.subtract(*np.quantile(values, [0.75, 0.25])) / 1.34
    scale = min(spread, iqr) if iqr > 0 else spread
    return float(0.9 * scale * values.size ** (-0.2))


def _bimodal(
    data: Data, name: str, finite: np.ndarray, sample: np.ndarray
) -> Finding | None:
    lo, hi = _grid(sample)
    bandwidth = _rule_of_thumb(sample)
    if not hi > lo or not bandwidth > 0:
        return None
    density = _density(sample, lo, hi, bandwidth)[0]
    shape = _two_modes(density, lo, hi)
    if shape is None:
        return None
    first, second, dip, depth = shape

    # The share of rows on the smaller side of the dip, on every row. The
    # bootstrap test is costly: a shape too faint to show is not tested.
    below = float(np.mean(finite < dip))
    minor = min(below, 1 - below)
    if minor < MINOR_MODE_SHARE_MIN or depth > MAX_DIP_RATIO:
        return None
    p_value = silverman_test(sample, data.rng(f"modes:{name}"))
    modes = int(count_modes(density)[0])

    def describe() -> tuple[str, Chart]:
        many = "two groups of values" if modes == 2 else f"{modes} peaks; the largest"
        statement = (
            f"{name} has {many} around {number(first)} and {number(second)}, "
            f"split near {number(dip)}, with {share(minor)} of rows on the smaller "
            f"side (Silverman's test of a single mode {p_text(p_value)}, "
            f"{rows_text(sample.size, finite.size)})"
        )
        return statement, _histogram(finite, name)

    return Finding(
        kind=InsightKind.DISTRIBUTION,
        columns=(name,),
        effect=minor,
        strength=minor,
        meets_floor=True,
        support=int(finite.size),
        p_value=p_value,
        describe=describe,
        detail="modes",
    )


def _two_modes(
    density: np.ndarray, lo: float, hi: float
) -> tuple[float, float, float, float] | None:
    # The two highest modes, the lowest point between them, and how deep that
    # dip is relative to the lower of the two peaks.
    middle = density[1:-1]
    peaks = (
        np.flatnonzero(
            (middle > density[:-2])
            & (middle >= density[2:])
            & (middle >= MODE_MIN_HEIGHT * density.max())
        )
        + 1
    )
    if peaks.size < 2:
        return None
    a, b = np.sort(peaks[np.argsort(-density[peaks])[:2]])
    dip = a + int(np.argmin(density[a : b + 1]))
    depth = float(density[dip] / min(density[a], density[b]))
    first, second, low = (lo + (i + 0.5) * (hi - lo) / GRID for i in (a, b, dip))
    return first, second, low, depth


def _long_tail(data: Data, name: str, finite: np.ndarray) -> Finding | None:
    q05, q25, q50, q75, q95 = np.quantile(finite, [0.05, 0.25, 0.5, 0.75, 0.95])
    if not (q75 > q50 > q25):
        return None
    right = (q95 - q50) / (q75 - q50)
    left = (q50 - q05) / (q50 - q25)
    side, ratio = ("right", right) if right >= left else ("left", left)
    relative = ratio / _NORMAL_TAIL

    sample = data.measures[name][data.sample]
    sample = sample[np.isfinite(sample)]
    if sample.size < 20:
        return None
    p_value = float(stats.kurtosistest(sample, alternative="greater").pvalue)

    def describe() -> tuple[str, Chart]:
        if side == "right":
            where = f"5% of rows are above {number(q95)}"
            quartile = f"the upper quartile ({number(q75)})"
        else:
            where = f"5% of rows are below {number(q05)}"
            quartile = f"the lower quartile ({number(q25)})"
        statement = (
            f"{name} has a long {side} tail: {where}, {ratio:.1f} times as far "
            f"from the median ({number(q50)}) as {quartile}, against "
            f"{_NORMAL_TAIL:.2f} for a normal distribution (kurtosis test "
            f"{p_text(p_value)}, {rows_text(sample.size, finite.size)})"
        )
        return statement, _histogram(finite, name)

    return Finding(
        kind=InsightKind.DISTRIBUTION,
        columns=(name,),
        effect=relative,
        strength=min(1.0, (relative - 1) / 10),
        meets_floor=relative >= HEAVY_TAIL_RATIO_MIN,
        support=int(finite.size),
        p_value=p_value,
        describe=describe,
        detail="tail",
    )


def _histogram(values: np.ndarray, name: str) -> Chart:
    lo, hi = np.quantile(values, [TRIM, 1 - TRIM])
    if not hi > lo:
        lo, hi = values.min(), values.max() + 1
    counts, edges = np.histogram(values, bins=_HIST_BINS, range=(lo, hi))
    middles = (edges[:-1] + edges[1:]) / 2
    return {
        "type": "bar",
        "x": [float(f"{m:.4g}") for m in middles],
        "y": [int(c) for c in counts],
        "x_label": name,
        "y_label": "rows",
        "note": f"{TRIM:.1%} of rows at each end left out",
    }
