"""analyst_pa: an analyst's assistant for Jupyter.

Point it at data and it profiles it, finds its quality problems with fixes,
and records the run::

    import analyst_pa
    analysis = analyst_pa.analyze("flights.parquet")

The public names are imported lazily so that ``analyst-pa --help`` starts
fast; ``__all__`` lists them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyst_pa._lazy import lazy_attributes

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "AnalystError",
    "InputError",
    "SourceError",
    "StageError",
    "analyze",
    "fix",
    "load",
    "profile_table",
    "report",
]

# public name -> module that defines it
_LAZY = {
    "AnalystError": "analyst_pa.errors",
    "InputError": "analyst_pa.errors",
    "SourceError": "analyst_pa.errors",
    "StageError": "analyst_pa.errors",
    "Analysis": "analyst_pa.results",
    "analyze": "analyst_pa.analysis",
    "fix": "analyst_pa.quality",
    "load": "analyst_pa.sources",
    "profile_table": "analyst_pa.profile",
    "report": "analyst_pa.reports",
}

if TYPE_CHECKING:
    from analyst_pa.analysis import analyze
    from analyst_pa.errors import AnalystError, InputError, SourceError, StageError
    from analyst_pa.profile import profile_table
    from analyst_pa.quality import fix
    from analyst_pa.reports import report
    from analyst_pa.results import Analysis
    from analyst_pa.sources import load


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%analyst`` magics: what ``%load_ext analyst_pa`` calls."""
    from analyst_pa.notebook._magic import load_ipython_extension as register

    register(ipython)


__getattr__, __dir__ = lazy_attributes("analyst_pa", globals(), _LAZY)
