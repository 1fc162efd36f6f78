"""Statistically validated insights: trends, relations, segments, shapes.

:func:`find_insights` reads a frame with its profile and quality issues and
returns the findings that pass validation (enough rows, a Benjamini–Hochberg
q-value of at most :data:`ALPHA`, an effect above its floor), each stated in
plain words with its numbers. How the private modules fit together is in
this folder's README.
"""

from __future__ import annotations

from analyst_pa.insights._find import InsightResult, find_insights
from analyst_pa.insights._validation import ALPHA, MIN_SUPPORT

__all__ = ["ALPHA", "MIN_SUPPORT", "InsightResult", "find_insights"]
