"""One pass over a table: per-column statistics and semantic types.

:func:`profile_table` returns a :class:`~analyst_pa.results.TableProfile`,
the plain data every later stage (quality checks, insights, the panel)
reads. How the private modules fit together is in this folder's README.
"""

from __future__ import annotations

from analyst_pa.profile._table import profile_table

__all__ = ["profile_table"]
