"""The exceptions analyst_pa raises.

Every error the user can act on derives from :class:`AnalystError`. The split
follows who is at fault: :class:`InputError` means the input (a source, an
option, a column name) is wrong and the user must change it; the command line
exits with 2 for it. Anything else that goes wrong while work runs is a
:class:`StageError`, carrying the stage that failed; the command line exits
with 1 for it.
"""

from __future__ import annotations

__all__ = ["AnalystError", "InputError", "SourceError", "StageError"]


class AnalystError(Exception):
    """Base class of the errors analyst_pa raises on purpose."""


class InputError(AnalystError, ValueError):
    """The input is not usable as given; the message says what to change."""


class SourceError(InputError):
    """A data source cannot be opened or read.

    Parameters
    ----------
    source : str
        The source as the user named it, with any password redacted.
    message : str
        What is wrong and what to do about it.
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


class StageError(AnalystError, RuntimeError):
    """A stage of an analysis run failed.

    Parameters
    ----------
    stage : str
        The name of the stage that failed.
    message : str
        What went wrong.
    """

    def __init__(self, stage: str, message: str) -> None:
        self.stage = stage
        super().__init__(f"stage '{stage}' failed: {message}")
