"""Rendering: self-contained HTML without code, and PDF from that HTML."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from analyst_pa.reports._render import (
    MAX_STREAM_CHARS,
    render_html,
    stderr_lines,
    write_pdf,
)


def executed() -> nbformat.NotebookNode:
    parameters = new_code_cell('source = "secret-free"')
    parameters.metadata["tags"] = ["parameters"]
    shown = new_code_cell(
        "frame.describe()  # code the reader must not see",
        outputs=[
            new_output("display_data", data={"text/html": "<h1>Fleet report</h1>"}),
            new_output("stream", name="stderr", text="UserWarning: a caveat\n"),
            new_output("stream", name="stdout", text="y" * 5000),
        ],
    )
    return new_notebook(
        cells=[parameters, new_markdown_cell("## Executive summary"), shown]
    )


def test_the_html_has_no_code_prompts_scripts_or_stderr():
    html = render_html(executed(), title="Fleet")

    assert "<title>Fleet</title>" in html
    assert "<h1>Fleet report</h1>" in html and "Executive summary" in html
    assert "frame.describe" not in html and "secret-free" not in html
    assert "In&nbsp;[" not in html and "<script" not in html
    assert "a caveat" not in html
    assert "y" * MAX_STREAM_CHARS not in html and "y…" in html


def test_stderr_is_collected_for_the_log():
    assert stderr_lines(executed()) == ["UserWarning: a caveat\n"]


def test_the_pdf_holds_the_html_text(tmp_path):
    html = render_html(executed(), title="Fleet")
    path = write_pdf(html, tmp_path / "fleet.pdf")

    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Fleet report" in text and "Executive summary" in text
