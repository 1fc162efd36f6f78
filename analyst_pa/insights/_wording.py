"""Numbers as an analyst writes them in a sentence."""

from __future__ import annotations

import math

__all__ = ["number", "p_text", "rows_text", "share"]


def number(value: float) -> str:
    """Return ``value`` with as many digits as a reader needs: 1,234 / 24.4 / 0.69."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    return f"{value:.2g}"


def share(value: float) -> str:
    """Return a share of 0–1 as a whole percentage (a decimal below 1%)."""
    percent = 100 * value
    if 0 < percent < 1:
        return f"{percent:.1f}%"
    return f"{percent:.0f}%"


def p_text(p_value: float) -> str:
    """Return ``p < 0.001`` or ``p = 0.012``."""
    if p_value < 0.001:
        return "p < 0.001"
    return f"p = {p_value:.2g}"


def rows_text(used: int, total: int) -> str:
    """Return ``n = 1,234``, saying when the rows are a sample of more."""
    if used >= total:
        return f"n = {used:,}"
    return f"n = {used:,} sampled of {total:,}"
