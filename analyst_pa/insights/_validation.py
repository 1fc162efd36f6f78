"""Validation: which findings are shown, by support, adjusted p-value and effect.

Every generator reports each hypothesis it tested as a :class:`Finding`,
including those whose effect is too small: the Benjamini–Hochberg
adjustment runs over all of them, so the false discovery rate holds for
everything that was tried, not only for what looked interesting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analyst_pa.insights._findings import Finding
from analyst_pa.results import Insight

__all__ = [
    "ALPHA",
    "COHENS_D_MIN",
    "CONCENTRATION_EXCESS_MIN",
    "CORRELATION_MIN",
    "CRAMERS_V_MIN",
    "ETA_SQUARED_MIN",
    "HEAVY_TAIL_RATIO_MIN",
    "MINOR_MODE_SHARE_MIN",
    "MIN_GROUP_ROWS",
    "MIN_SUPPORT",
    "TREND_TAU_MIN",
    "VOLUME_CHANGE_MIN",
    "adjust_pvalues",
    "validate",
]

# The false discovery rate allowed among the insights shown: an insight is
# shown when its Benjamini–Hochberg q-value is at most ALPHA.
ALPHA = 0.05

# Fewer rows than this behind a finding and it is not shown, whatever its p.
MIN_SUPPORT = 30

# A group (a category, an hour of the day) needs this many rows to be
# compared; smaller groups are left out of the test and of the wording.
MIN_GROUP_ROWS = 10

# Effect-size floors: below them an effect is real perhaps, but too small to
# matter, and on a million rows any effect is "significant". The values are
# the conventional "small" effects (Cohen 1988), on each statistic's scale.
CORRELATION_MIN = 0.1  # |Spearman ρ| between two measures
CRAMERS_V_MIN = 0.1  # bias-corrected Cramér's V between two categoricals
ETA_SQUARED_MIN = 0.01  # η², the share of a measure's variance a grouping explains
COHENS_D_MIN = 0.2  # a difference of means, in standard deviations
TREND_TAU_MIN = 0.3  # Kendall τ of the period series against time
VOLUME_CHANGE_MIN = 0.1  # a change in rows per period, relative to its level
CONCENTRATION_EXCESS_MIN = 0.2  # top-k share above the even share k/K
HEAVY_TAIL_RATIO_MIN = 2.0  # tail length relative to a normal distribution's
MINOR_MODE_SHARE_MIN = 0.1  # share of rows in the smaller of two modes


def adjust_pvalues(p_values: Sequence[float]) -> np.ndarray:
    """Return Benjamini–Hochberg q-values, in the order of ``p_values``.

    The q-value of the i-th smallest of m p-values is the smallest
    ``p_(j) * m / j`` over j ≥ i, capped at 1.
    """
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return p

    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)

    # The running minimum from the largest p down keeps q monotone in p.
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return q


def validate(findings: Sequence[Finding], *, target: str | None) -> list[Insight]:
    """Return the findings that pass as insights, the strongest first.

    A finding passes when it has at least :data:`MIN_SUPPORT` rows, meets its
    effect floor, and its q-value is at most :data:`ALPHA`. Insights about
    ``target`` come before the others.
    """
    tested = [f for f in findings if f.p_value is not None]
    q_values = adjust_pvalues([f.p_value for f in tested])  # type: ignore[misc]
    q_of = {id(f): float(q) for f, q in zip(tested, q_values, strict=True)}

    passed = [
        f
        for f in findings
        if f.support >= MIN_SUPPORT and f.meets_floor and q_of.get(id(f), 0.0) <= ALPHA
    ]
    passed.sort(key=lambda f: (target not in f.columns, -f.strength, f.id))
    return [_insight(f, q_of.get(id(f))) for f in passed]


def _insight(finding: Finding, q_value: float | None) -> Insight:
    statement, chart = finding.describe()
    return Insight(
        id=finding.id,
        kind=finding.kind,
        columns=list(finding.columns),
        statement=statement,
        effect=_rounded(finding.effect),
        p_value=_rounded(finding.p_value),
        q_value=_rounded(q_value),
        support=finding.support,
        chart=chart,
    )


def _rounded(value: float | None) -> float | None:
    # Effects and p-values keep 4 significant digits: more is noise from the
    # sample, and the JSON stays readable.
    if value is None:
        return None
    return float(f"{value:.4g}")
