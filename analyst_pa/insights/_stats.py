"""The statistics the generators share, on plain numpy arrays.

Groups are integer codes 0..k-1; per-group sums come from ``np.bincount``,
so a statistic over a million rows costs a few passes, not a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = [
    "Groups",
    "contingency",
    "correlation_ratio",
    "cramers_v",
    "group_summary",
    "kruskal",
    "ranks",
    "spearman",
]


@dataclass(frozen=True)
class Groups:
    """Row counts, means and variances (ddof=1) of a measure per group code."""

    counts: np.ndarray
    means: np.ndarray
    variances: np.ndarray


def group_summary(codes: np.ndarray, values: np.ndarray, k: int) -> Groups:
    """Summarise ``values`` per code; codes must be 0..k-1, values finite."""
    counts = np.bincount(codes, minlength=k).astype(float)
    sums = np.bincount(codes, weights=values, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts

        # Deviations from each group's own mean, not raw squares: the
        # textbook shortcut loses every digit on large values.
        deviations = values - means[codes]
        squares = np.bincount(codes, weights=deviations**2, minlength=k)
        variances = squares / (counts - 1)
    return Groups(counts=counts, means=means, variances=variances)


def correlation_ratio(codes: np.ndarray, values: np.ndarray, k: int) -> float:
    """Return η, the correlation ratio: the square root of the share of the
    variance of ``values`` that the groups explain (0 when it has none)."""
    groups = group_summary(codes, values, k)
    present = groups.counts > 0
    grand = values.mean()
    between = float(
        np.sum(groups.counts[present] * (groups.means[present] - grand) ** 2)
    )
    total = float(np.sum((values - grand) ** 2))
    if total == 0:
        return 0.0
    return float(np.sqrt(min(between / total, 1.0)))


def contingency(a: np.ndarray, b: np.ndarray, ka: int, kb: int) -> np.ndarray:
    """Return the ka × kb table of counts of code pairs (codes ≥ 0 only)."""
    both = (a >= 0) & (b >= 0)
    flat = np.bincount(a[both] * kb + b[both], minlength=ka * kb)
    return flat.reshape(ka, kb)


def cramers_v(table: np.ndarray) -> tuple[float, float]:
    """Return the bias-corrected Cramér's V of a contingency table and the
    χ² test's p-value.

    The correction (Bergsma 2013) removes the upward bias of V on small
    samples and many levels, so two unrelated columns give V near 0, not
    near ``sqrt((k-1)/n)``. Empty rows and columns are dropped first.
    """
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    r, k = table.shape
    n = float(table.sum())
    if r < 2 or k < 2 or n < 2:
        return 0.0, 1.0

    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = float(np.sum((table - expected) ** 2 / expected))
    p_value = float(stats.chi2.sf(chi2, (r - 1) * (k - 1)))

    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    r_corr = r - (r - 1) ** 2 / (n - 1)
    k_corr = k - (k - 1) ** 2 / (n - 1)
    denominator = min(k_corr - 1, r_corr - 1)
    if denominator <= 0:
        return 0.0, p_value
    return float(np.sqrt(phi2 / denominator)), p_value


def kruskal(codes: np.ndarray, values: np.ndarray, k: int) -> tuple[float, float]:
    """Return the Kruskal–Wallis H (corrected for ties) and its p-value.

    The same test as :func:`scipy.stats.kruskal`, on codes rather than one
    array per group. Groups with no rows do not count.
    """
    n = values.size
    ranked = ranks(values)
    counts = np.bincount(codes, minlength=k).astype(float)
    rank_sums = np.bincount(codes, weights=ranked, minlength=k)
    present = counts > 0
    groups = int(present.sum())
    if groups < 2 or n < 3:
        return 0.0, 1.0

    h = 12.0 / (n * (n + 1)) * np.sum(rank_sums[present] ** 2 / counts[present])
    h -= 3.0 * (n + 1)

    # Ties shrink the variance of the ranks; divide it back out.
    _, tie_counts = np.unique(values, return_counts=True)
    ties = 1.0 - np.sum(tie_counts**3 - tie_counts) / (n**3 - n)
    if ties <= 0:
        return 0.0, 1.0
    h /= ties
    return float(h), float(stats.chi2.sf(h, groups - 1))


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Return Spearman's ρ with its two-sided p-value, and Pearson's r.

    ``x`` and ``y`` must be finite and of equal length, at least 3 values.
    """
    rho, p_value = _pearson(ranks(x), ranks(y), x.size)
    r, _ = _pearson(x, y, x.size)
    return rho, p_value, r


def ranks(values: np.ndarray) -> np.ndarray:
    """Return the ranks of ``values`` (1..n, ties sharing their mean rank),
    as :func:`scipy.stats.rankdata` does, without its per-call overhead."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts) - 1
    bounds = np.r_[np.flatnonzero(starts), values.size]
    mean_rank = (bounds[:-1] + bounds[1:] + 1) / 2.0
    result = np.empty(values.size)
    result[order] = mean_rank[group]
    return result


def _pearson(x: np.ndarray, y: np.ndarray, n: int) -> tuple[float, float]:
    # Sums of products rather than np.dot: BLAS threads cost more than they
    # save on vectors of this size.
    dx = x - x.mean()
    dy = y - y.mean()
    denominator = float(np.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))
    if denominator == 0 or n < 3:
        return 0.0, 1.0
    r = float(np.clip(np.sum(dx * dy) / denominator, -1.0, 1.0))

    # The t-test of a correlation; the same p-value as scipy's spearmanr.
    if abs(r) == 1.0:
        return r, 0.0
    t = r * np.sqrt((n - 2) / (1.0 - r * r))
    return r, float(2 * stats.t.sf(abs(t), n - 2))
