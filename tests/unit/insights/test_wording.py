"""Numbers in statements."""

from __future__ import annotations

import pytest

from analyst_pa.insights._wording import number, p_text, rows_text, share


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1,234"),
        (24.44, "24.4"),
        (1.5, "1.5"),
        (0.6877, "0.69"),
        (0, "0"),
        (-9.87, "-9.9"),
    ],
)
def test_numbers_keep_the_digits_a_reader_needs(value, text):
    assert number(value) == text


def test_shares_pvalues_and_rows():
    assert share(0.517) == "52%"
    assert share(0.004) == "0.4%"
    assert p_text(1e-9) == "p < 0.001"
    assert p_text(0.0123) == "p = 0.012"
    assert rows_text(200, 200) == "n = 200"
    assert rows_text(19_435, 327_346) == "n = 19,435 sampled of 327,346"
