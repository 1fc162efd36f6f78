"""Relations between two columns: correlation of two measures (Spearman ρ,
with Pearson r beside it) and association of two segments (Cramér's V).

Measures that nearly repeat each other (|ρ| ≥ :data:`REDUNDANT_RHO`, such
as a scheduled time and its hour) are reported once, as the correlation
between them; after that only the first of them is used, so one fact does
not come back as three insights about three copies of a column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from analyst_pa.insights._data import Data
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._stats import contingency, cramers_v, spearman
from analyst_pa.insights._validation import (
    CORRELATION_MIN,
    CRAMERS_V_MIN,
    MIN_GROUP_ROWS,
)
from analyst_pa.insights._wording import p_text, rows_text, share
from analyst_pa.results import InsightKind

__all__ = ["REDUNDANT_RHO", "find_associations", "find_correlations"]

# Two measures this correlated carry the same information.
REDUNDANT_RHO = 0.95

# Correlation charts show the mean of one measure over at most this many
# bins of the other.
_CHART_BINS = 20


def find_correlations(
    data: Data,
    measures: Sequence[str],
    skipped: dict[str, str],
    *,
    target: str | None = None,
    order: Sequence[str] = (),
) -> tuple[list[Finding], list[str]]:
    """Return the correlation findings and the measures kept for the other
    generators (``measures`` in order of preference, minus near-copies).

    A correlation says nothing of which measure drives which: the statement
    names the two together ("arr_delay and dep_delay rise together"), the
    one first in ``order`` first, unless one is the ``target``, which is
    then the subject ("arr_delay grows with dep_delay").
    """
    tests = {pair: _correlate(data, *pair) for pair in combinations(measures, 2)}

    kept: list[str] = []
    copy_of: dict[str, str] = {}
    for name in measures:
        twin = next(
            (k for k in kept if abs(_rho(tests, k, name)) >= REDUNDANT_RHO), None
        )
        if twin is None:
            kept.append(name)
        else:
            copy_of[name] = twin
            skipped[f"measure {name}"] = (
                f"nearly the same as {twin} (Spearman ρ = "
                f"{_rho(tests, twin, name):.2f}); only {twin} is analysed further"
            )

    findings = []
    for (a, b), test in tests.items():
        # A near-copy is only shown beside the column it copies.
        shown = copy_of.get(a, b) == b and copy_of.get(b, a) == a
        if shown and test is not None:
            first, second = sorted((a, b), key=_rank_in([target or "", *order]))
            findings.append(_finding(data, first, second, *test, target=target))
    return findings, kept


def _rank_in(names: Sequence[str]) -> Callable[[str], int]:
    rank: dict[str, int] = {}
    for name in names:
        rank.setdefault(name, len(rank))
    return lambda name: rank.get(name, len(rank))


def _rho(tests: dict[tuple[str, str], tuple | None], a: str, b: str) -> float:
    test = tests.get((a, b)) or tests.get((b, a))
    return test[0] if test else 0.0


def _correlate(data: Data, a: str, b: str) -> tuple[float, float, float, int] | None:
    x = data.measures[a][data.sample]
    y = data.measures[b][data.sample]
    both = np.isfinite(x) & np.isfinite(y)
    if both.sum() < 3:
        return None
    rho, p_value, r = spearman(x[both], y[both])
    return rho, p_value, r, int(both.sum())


def _finding(
    data: Data,
    subject: str,
    other: str,
    rho: float,
    p_value: float,
    r: float,
    used: int,
    *,
    target: str | None,
) -> Finding:
    # A near-copy ranks at half its strength: it says how the table was built
    # more than what happened.
    present = np.isfinite(data.measures[subject]) & np.isfinite(data.measures[other])
    support = int(present.sum())

    def describe() -> tuple[str, Chart]:
        if subject == target:
            words = f"grows with {other}" if rho > 0 else f"falls as {other} grows"
        else:
            words = (
                f"and {other} rise together" if rho > 0 else f"falls as {other} rises"
            )
        statement = (
            f"{subject} {words} (Spearman ρ = {rho:.2f}, "
            f"Pearson r = {r:.2f}; {rows_text(used, support)})"
        )
        return statement, _binned_means(data, x=other, y=subject)

    return Finding(
        kind=InsightKind.CORRELATION,
        columns=(subject, other),
        effect=rho,
        strength=abs(rho) / 2 if abs(rho) >= REDUNDANT_RHO else abs(rho),
        meets_floor=abs(rho) >= CORRELATION_MIN,
        support=support,
        p_value=p_value,
        describe=describe,
    )


def _binned_means(data: Data, *, x: str, y: str) -> Chart:
    xs = data.measures[x][data.sample]
    ys = data.measures[y][data.sample]
    both = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[both], ys[both]

    # Quantile bins, so each point stands on as many rows; a measure with
    # few values gets one point per value.
    edges = np.unique(np.quantile(xs, np.linspace(0, 1, _CHART_BINS + 1)))
    bins = np.clip(
        np.searchsorted(edges, xs, side="right") - 1, 0, max(edges.size - 2, 0)
    )
    counts = np.bincount(bins)
    filled = counts > 0
    x_mid = np.bincount(bins, weights=xs)[filled] / counts[filled]
    y_mean = np.bincount(bins, weights=ys)[filled] / counts[filled]
    return {
        "type": "line",
        "x": [float(f"{v:.4g}") for v in x_mid],
        "y": [float(f"{v:.4g}") for v in y_mean],
        "x_label": x,
        "y_label": f"mean {y}",
        "sample_size": int(both.sum()),
    }


def find_associations(data: Data, segments: Sequence[str]) -> list[Finding]:
    """Return one association finding per pair of segments (Cramér's V)."""
    findings = []
    for a, b in combinations(segments, 2):
        sa, sb = data.segments[a], data.segments[b]
        table = contingency(sa.codes, sb.codes, sa.k, sb.k)
        if (table.sum(axis=1) > 0).sum() < 2 or (table.sum(axis=0) > 0).sum() < 2:
            continue
        v, p_value = cramers_v(table)
        findings.append(
            Finding(
                kind=InsightKind.ASSOCIATION,
                columns=(a, b),
                effect=v,
                strength=v,
                meets_floor=v >= CRAMERS_V_MIN,
                support=int(table.sum()),
                p_value=p_value,
                describe=_association_wording(data, a, b, table, v, p_value),
            )
        )
    return findings


def _association_wording(
    data: Data, a: str, b: str, table: np.ndarray, v: float, p: float
) -> Callable[[], tuple[str, Chart]]:
    def describe() -> tuple[str, Chart]:
        n = int(table.sum())
        row_totals = table.sum(axis=1)
        overall = table.sum(axis=0) / n

        # The most telling cell: the level of b most over-represented in a
        # level of a that has rows enough to trust its shares.
        with np.errstate(invalid="ignore", divide="ignore"):
            within = table / row_totals[:, None]
        lift = np.where(
            row_totals[:, None] >= MIN_GROUP_ROWS, within - overall, -np.inf
        )
        i, j = np.unravel_index(np.argmax(lift), lift.shape)
        la, lb = data.segments[a].labels[i], data.segments[b].labels[j]

        statement = (
            f"{a} and {b} are associated (Cramér's V = {v:.2f}, χ² {p_text(p)}, "
            f"n = {n:,}): {share(within[i, j])} of rows with {a} {la} have {b} {lb}, "
            f"against {share(overall[j])} overall"
        )
        shown = np.flatnonzero(row_totals >= MIN_GROUP_ROWS)[:50]
        chart = {
            "type": "bar",
            "x": [data.segments[a].labels[k] for k in shown],
            "y": [round(float(within[k, j]), 4) for k in shown],
            "x_label": a,
            "y_label": f"share with {b} {lb}",
        }
        return statement, chart

    return describe
