"""Render an executed notebook: self-contained HTML, then PDF from that HTML.

The HTML comes from nbconvert with the ``analyst`` template (JupyterLab's,
without any script and with a print stylesheet): code inputs and prompts
are left out, images are already embedded as base64 by the kernel, and the
warnings a cell wrote to stderr go to the run's log instead. The PDF is the
same HTML laid out by WeasyPrint, which needs neither a browser nor LaTeX.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analyst_pa.errors import InputError

__all__ = [
    "MAX_STREAM_CHARS",
    "pdf_writer",
    "render_html",
    "stderr_lines",
    "write_pdf",
]

MAX_STREAM_CHARS = 2_000  # a printed output longer than this is cut
_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}
_TEMPLATES = Path(__file__).parent / "nbconvert"


def stderr_lines(notebook: Any) -> list[str]:
    """Return what the cells wrote to stderr (warnings), one entry a write."""
    return [
        "".join(output.get("text", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]


def _for_readers(notebook: Any) -> Any:
    """A copy without parameter cells and stderr, long printouts cut."""
    shown = copy.deepcopy(notebook)
    shown.cells = [
        cell
        for cell in shown.cells
        if not _HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", []))
    ]
    for cell in shown.cells:
        outputs = [
            o
            for o in cell.get("outputs", [])
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
        ]
        for output in outputs:
            if output.get("output_type") == "stream":
                output["text"] = _cut("".join(output["text"]), MAX_STREAM_CHARS)
        if cell.cell_type == "code":
            cell.outputs = outputs
    return shown


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_html(notebook: Any, *, title: str) -> str:
    """Return the notebook as one self-contained HTML page, code hidden.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook.
    title : str
        The page's ``<title>``.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="analyst",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(
        _for_readers(notebook), resources={"metadata": {"name": title}}
    )
    return html


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    # WeasyPrint and fontTools log each CSS property they skip and each
    # font they subset; that is not news for whoever runs a report.
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def pdf_writer() -> Any:
    """Return WeasyPrint's ``HTML`` class.

    Raises
    ------
    InputError
        When WeasyPrint is not installed or cannot load its libraries.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise InputError(
            f"PDF reports need WeasyPrint, which cannot be imported here ({exc}): "
            "pip install weasyprint (or pip install 'analyst_pa[pdf]'; from a "
            "clone, pip install '.[pdf]'), with the Pango library on Linux; "
            "or use --to html"
        ) from exc
    return HTML


def write_pdf(html: str, path: Path) -> Path:
    """Lay ``html`` out as a PDF at ``path`` with WeasyPrint.

    Raises
    ------
    InputError
        When WeasyPrint is not installed.
    """
    writer = pdf_writer()
    with _quiet("weasyprint", "fontTools"):
        writer(string=html, base_url=str(path.parent)).write_pdf(str(path))
    return path
