"""The shared statistics, against hand-computed values and scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analyst_pa.insights._stats import (
    contingency,
    correlation_ratio,
    cramers_v,
    group_summary,
    kruskal,
    ranks,
    spearman,
)


def test_cramers_v_of_a_two_by_two_table_by_hand():
    # [[30, 10], [10, 30]], n = 80: expected 20 in every cell, χ² = 4 * 100 / 20 = 20,
    # φ² = 0.25; corrected: φ² - 1/79, r = k = 2 - 1/79, so V = sqrt((0.25 - 1/79)
    # / (1 - 1/79)) = 0.4903.
    table = np.array([[30, 10], [10, 30]])

    v, p_value = cramers_v(table)

    assert v == pytest.approx(np.sqrt((0.25 - 1 / 79) / (1 - 1 / 79)))
    assert v == pytest.approx(0.4903, abs=1e-4)
    assert p_value == pytest.approx(stats.chi2.sf(20.0, 1))


def test_cramers_v_is_zero_for_independent_columns_and_one_for_a_copy():
    independent = np.array([[25, 25], [25, 25]])
    copy = np.array([[50, 0, 0], [0, 50, 0], [0, 0, 50]])

    assert cramers_v(independent)[0] == 0.0
    assert cramers_v(copy)[0] == pytest.approx(1.0, abs=0.01)


def test_cramers_v_ignores_empty_levels():
    with_empty = np.array([[30, 10, 0], [10, 30, 0], [0, 0, 0]])

    assert cramers_v(with_empty) == cramers_v(np.array([[30, 10], [10, 30]]))


def test_contingency_counts_pairs_and_skips_missing_codes():
    a = np.array([0, 0, 1, 1, -1])
    b = np.array([0, 1, 1, 1, 0])

    assert contingency(a, b, 2, 2).tolist() == [[1, 1], [0, 2]]


def test_correlation_ratio_by_hand():
    # Groups {1, 2, 3} and {7, 8, 9}: grand mean 5, between SS = 3*9 + 3*9 = 54,
    # total SS = 16+9+4+4+9+16 = 58, η = sqrt(54/58).
    codes = np.array([0, 0, 0, 1, 1, 1])
    values = np.array([1.0, 2.0, 3.0, 7.0, 8.0, 9.0])

    assert correlation_ratio(codes, values, 2) == pytest.approx(np.sqrt(54 / 58))


def test_correlation_ratio_of_identical_groups_is_zero():
    codes = np.array([0, 1, 0, 1])
    values = np.array([1.0, 1.0, 3.0, 3.0])

    assert correlation_ratio(codes, values, 2) == 0.0


def test_group_summary_matches_pandas():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, 500)
    values = rng.normal(1e6, 3.0, 500)

    groups = group_summary(codes, values, 4)

    for code in range(4):
        picked = values[codes == code]
        assert groups.counts[code] == picked.size
        assert groups.means[code] == pytest.approx(picked.mean())
        assert groups.variances[code] == pytest.approx(picked.var(ddof=1), rel=1e-9)


def test_kruskal_matches_scipy_with_ties():
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 3, 300)
    values = rng.integers(0, 10, 300).astype(float) + codes

    h, p_value = kruskal(codes, values, 3)
    expected = stats.kruskal(*(values[codes == c] for c in range(3)))

    assert h == pytest.approx(expected.statistic)
    assert p_value == pytest.approx(expected.pvalue)


def test_ranks_match_scipy():
    values = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0])

    np.testing.assert_allclose(ranks(values), stats.rankdata(values))


def test_spearman_and_pearson_match_scipy():
    rng = np.random.default_rng(2)
    x = rng.normal(size=400)
    y = x + rng.normal(size=400)

    rho, p_value, r = spearman(x, y)

    expected = stats.spearmanr(x, y)
    assert rho == pytest.approx(expected.statistic)
    assert p_value == pytest.approx(expected.pvalue)
    assert r == pytest.approx(stats.pearsonr(x, y).statistic)
