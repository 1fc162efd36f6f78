"""Answer with ydata-profiling's alerts for frames named on standard input.

Run with the interpreter of the ydata-profiling environment (pandas 2):
each line read is the path of a pickle written by ``detection.py``, holding
plain column arrays (numpy arrays and Python objects only, so that a pickle
from pandas 3 reads under pandas 2); each line written is a JSON list of
alerts ``{"type", "column", "fields"}``, or ``{"error": ...}``.

The report runs in default mode (correlations, duplicates) without the
interactions, the missing-value diagrams and the samples, which produce
pictures and tables but no alerts.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import warnings
from typing import Any


def frame_from(path: str) -> Any:
    import pandas as pd

    with open(path, "rb") as file:
        columns = pickle.load(file)
    frame = pd.DataFrame({i: values for i, (_, values) in enumerate(columns)})
    frame.columns = [label for label, _ in columns]
    return frame


def alerts_of(frame: Any) -> list[dict[str, Any]]:
    from ydata_profiling import ProfileReport

    report = ProfileReport(
        frame,
        progress_bar=False,
        interactions=None,
        missing_diagrams=None,
        samples=None,
    )
    found = []
    for alert in report.get_description().alerts:
        values = alert.values if isinstance(alert.values, dict) else {}
        found.append(
            {
                "type": alert.alert_type.name,
                "column": alert.column_name,
                "fields": [str(f) for f in values.get("fields", [])],
            }
        )
    return found


def main() -> None:
    warnings.simplefilter("ignore")
    os.environ.setdefault("TQDM_DISABLE", "1")
    for line in sys.stdin:
        try:
            answer: Any = alerts_of(frame_from(line.strip()))
        except Exception as exc:  # a failure is a finding, not a stop
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
