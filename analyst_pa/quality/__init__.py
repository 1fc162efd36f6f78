"""Data-quality issues and their fixes.

``find_issues`` runs every registered check over a frame and its profile;
``fix`` applies the accepted fixes and returns the cleaned frame with the
pandas code that does the same and a log of what changed. The checks live
in one module per family (completeness, structure, numbers, clock times,
dates, text, detectors) and register themselves with :func:`check`; the fix operations
register with :func:`operation` in ``_operations``.
"""

# Importing a family of checks registers it.
from analyst_pa.quality import (  # noqa: F401
    _clock,
    _completeness,
    _dates,
    _detectors,
    _number_fixes,
    _numbers,
    _operations,
    _structure,
    _text,
)
from analyst_pa.quality._checks import CHECKS, check, run_checks
from analyst_pa.quality._fixes import OPERATIONS, operation, propose
from analyst_pa.quality._repair import Fixed, FixLogEntry, fix
from analyst_pa.results import Issue, Severity, TableProfile

__all__ = [
    "CHECKS",
    "OPERATIONS",
    "FixLogEntry",
    "Fixed",
    "check",
    "find_issues",
    "fix",
    "operation",
    "propose",
]

_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def find_issues(frame, table: TableProfile, kinds=None) -> list[Issue]:
    """Return the quality issues of ``frame``, the most severe and widest first.

    Parameters
    ----------
    frame : DataFrame
        The data, as profiled.
    table : TableProfile
        Its profile (:func:`analyst_pa.profile_table`).
    kinds : sequence of str, optional
        Only report these issue kinds.
    """
    issues = run_checks(frame, table, kinds)
    return sorted(issues, key=lambda i: (_SEVERITY_RANK[i.severity], -i.share, i.id))
