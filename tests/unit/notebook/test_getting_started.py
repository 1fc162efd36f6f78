"""notebooks/getting_started.ipynb runs clean, top to bottom, in a kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[3] / "notebooks" / "getting_started.ipynb"


def _outputs(notebook: nbformat.NotebookNode, kind: str) -> list[dict]:
    return [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output["output_type"] == kind
    ]


@pytest.mark.slow
def test_getting_started_notebook_runs_without_error(python_kernel, tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=python_kernel,
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )

    client.execute()  # raises CellExecutionError on the first failing cell

    assert _outputs(notebook, "error") == []
    shown = [o["data"] for o in _outputs(notebook, "display_data")]
    shown += [o["data"] for o in _outputs(notebook, "execute_result")]
    panels = [d for d in shown if "application/vnd.jupyter.widget-view+json" in d]
    # %analyst flights and the Analysis itself; each keeps HTML for exports.
    assert len(panels) == 2
    assert all("text/html" in d and "text/plain" in d for d in panels)
    assert "flights" in panels[1]["text/html"]
