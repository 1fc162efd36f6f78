"""Peak resident memory of a stage, read from the Linux kernel.

Writing ``5`` to ``/proc/self/clear_refs`` resets the process's high-water
mark (``VmHWM``) to its current size, so the mark read after the stage is
the stage's own peak. This is exact and costs nothing while the stage runs,
unlike sampling from a thread, which misses short peaks while pandas holds
the GIL. Where the files are missing (not Linux) the peak is unknown.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PeakMemory"]

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(field: str) -> int | None:
    try:
        text = _STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


class PeakMemory:
    """Measure how far resident memory rose above its start during a block."""

    def __init__(self) -> None:
        self.peak_bytes: int | None = None
        self._start_kib: int | None = None

    def start(self) -> None:
        try:
            _CLEAR_REFS.write_text("5")
        except OSError:
            return
        self._start_kib = _status_kib("VmRSS")

    def stop(self) -> int | None:
        peak_kib = _status_kib("VmHWM")
        if self._start_kib is not None and peak_kib is not None:
            self.peak_bytes = max(peak_kib - self._start_kib, 0) * 1024
        return self.peak_bytes
