"""Concentration: the few categories that hold most of the rows.

For a segment of K levels, k is the smallest number of levels that hold at
least half of the rows; the finding's effect is how far their share exceeds
the even share k/K. The χ² goodness-of-fit test against equal shares gives
its p-value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from analyst_pa.insights._data import Data
from analyst_pa.insights._findings import Chart, Finding
from analyst_pa.insights._validation import CONCENTRATION_EXCESS_MIN
from analyst_pa.insights._wording import p_text, share
from analyst_pa.results import InsightKind

__all__ = ["HALF", "MIN_LEVELS", "find_concentration"]

# With fewer levels "the top few" is most of them.
MIN_LEVELS = 4
HALF = 0.5


def find_concentration(data: Data, segments: Sequence[str]) -> list[Finding]:
    """Return a concentration finding per segment of :data:`MIN_LEVELS` or more."""
    findings = []
    for name in segments:
        segment = data.segments[name]
        counts = np.bincount(segment.codes[segment.codes >= 0], minlength=segment.k)
        if segment.k >= MIN_LEVELS and counts.sum() > 0:
            findings.append(_concentration(name, segment.labels, counts))
    return findings


def _concentration(name: str, labels: list[str], counts: np.ndarray) -> Finding:
    order = np.argsort(-counts, kind="stable")
    shares = counts[order] / counts.sum()
    top = int(np.searchsorted(np.cumsum(shares), HALF - 1e-12) + 1)
    held = float(shares[:top].sum())
    excess = held - top / len(labels)
    p_value = float(stats.chisquare(counts).pvalue)

    def describe() -> tuple[str, Chart]:
        leaders = ", ".join(
            f"{labels[order[i]]} {share(shares[i])}" for i in range(min(top, 5))
        )
        many = "" if top <= 5 else ", …"
        who = (
            f"{top} of {len(labels)} {name} values hold"
            if top > 1
            else (f"One of {len(labels)} {name} values holds")
        )
        statement = (
            f"{who} {share(held)} of the rows: {leaders}{many} (an even split "
            f"would give them {share(top / len(labels))}; χ² {p_text(p_value)}, "
            f"n = {int(counts.sum()):,})"
        )
        chart = {
            "type": "bar",
            "x": [labels[k] for k in order[:50]],
            "y": [round(float(s), 4) for s in shares[:50]],
            "x_label": name,
            "y_label": "share of rows",
        }
        return statement, chart

    return Finding(
        kind=InsightKind.CONCENTRATION,
        columns=(name,),
        effect=excess,
        strength=excess,
        meets_floor=excess >= CONCENTRATION_EXCESS_MIN,
        support=int(counts.sum()),
        p_value=p_value,
        describe=describe,
    )
