"""Validation: Benjamini–Hochberg, the floors, and the order of insights."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analyst_pa.insights._findings import Finding
from analyst_pa.insights._validation import ALPHA, MIN_SUPPORT, adjust_pvalues, validate
from analyst_pa.results import InsightKind


def finding(
    name: str,
    *,
    p: float = 1e-6,
    strength: float = 0.5,
    floor: bool = True,
    support: int = 1000,
    columns: tuple[str, ...] | None = None,
) -> Finding:
    return Finding(
        kind=InsightKind.CORRELATION,
        columns=columns or (name, "other"),
        effect=strength,
        strength=strength,
        meets_floor=floor,
        support=support,
        p_value=p,
        describe=lambda: (f"{name} statement", {"type": "bar", "x": [], "y": []}),
    )


def test_benjamini_hochberg_matches_scipy_on_a_known_list():
    p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.9]

    np.testing.assert_allclose(adjust_pvalues(p), stats.false_discovery_control(p))


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60))
def test_benjamini_hochberg_matches_scipy_on_any_list(p):
    np.testing.assert_allclose(
        adjust_pvalues(p), stats.false_discovery_control(p), rtol=1e-12, atol=1e-15
    )


def test_no_pvalues_give_no_qvalues():
    assert adjust_pvalues([]).size == 0


def test_a_finding_passes_only_with_support_floor_and_qvalue():
    findings = [
        finding("kept"),
        finding("small_effect", floor=False),
        finding("few_rows", support=MIN_SUPPORT - 1),
        finding("not_significant", p=0.5),
    ]

    shown = validate(findings, target=None)

    assert [i.columns[0] for i in shown] == ["kept"]
    assert shown[0].q_value <= ALPHA


def test_the_adjustment_counts_every_finding_tried():
    # Alone, p = 0.03 would pass; among 20 hypotheses with nothing else to
    # find, its q-value is 0.6.
    lonely = validate([finding("a", p=0.03)], target=None)
    crowded = validate(
        [finding("a", p=0.03)]
        + [finding(f"n{i}", p=0.9, floor=False) for i in range(19)],
        target=None,
    )

    assert len(lonely) == 1
    assert crowded == []


def test_insights_about_the_target_come_first_then_the_strongest():
    findings = [
        finding("weak", strength=0.2),
        finding("strong", strength=0.9),
        finding("about_target", strength=0.3, columns=("y", "x")),
    ]

    shown = validate(findings, target="y")

    assert [i.columns[0] for i in shown] == ["y", "strong", "weak"]


def test_insights_carry_their_numbers_and_rounded_statistics():
    (insight,) = validate(
        [finding("x", p=1.23456789e-8, strength=0.123456)], target=None
    )

    assert insight.p_value == pytest.approx(1.235e-8)
    assert insight.effect == 0.1235
    assert insight.support == 1000
    assert insight.statement == "x statement"
    assert insight.id == "correlation:x|other"
