"""``report``: run a template on a source and render what it shows.

A report run is recorded like an analysis, with the stages ``execute``,
``render`` and (for PDF) ``pdf``; the analysis the template makes inside
the kernel is a run of its own. The executed notebook is kept beside the
report, also when a cell fails, and is scrubbed of the source's secrets.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

from analyst_pa.errors import InputError
from analyst_pa.reports._checks import (
    check_output_parent,
    check_parameter_types,
    check_source,
)
from analyst_pa.reports._execute import execute_template, log_line
from analyst_pa.reports._render import (
    pdf_writer,
    render_html,
    stderr_lines,
    write_pdf,
)
from analyst_pa.reports._templates import Template, find_template
from analyst_pa.runs import Run, RunStore, write_atomic

__all__ = ["FORMATS", "notebook_path", "report", "report_paths"]

FORMATS = ("html", "pdf")


def report(
    source: str | os.PathLike[str],
    *,
    template: str | os.PathLike[str] = "analysis",
    to: str = "html",
    output: str | os.PathLike[str] | None = None,
    parameters: dict[str, Any] | None = None,
    store: RunStore | None = None,
    timeout: float | None = None,
) -> Path:
    """Execute a report template on ``source`` and render it to HTML or PDF.

    Parameters
    ----------
    source : str or path
        Anything :func:`analyst_pa.load` takes. A password in it never
        reaches the notebook, the report or the log.
    template : str or path, default "analysis"
        A template name (``analyst-pa templates`` lists them) or the path
        of a notebook with a cell tagged ``parameters``.
    to : {"html", "pdf"}, default "html"
        The report's format; a PDF is laid out from the same HTML.
    output : path, optional
        The report file, or a directory for it; by default
        ``<source>-<template>.<to>`` in the current directory. The executed
        notebook is kept beside it (see :func:`notebook_path`).
    parameters : dict, optional
        Values for the template's other parameters (``target``, ``time``,
        ``sample``, ``title`` …).
    store : RunStore, optional
        Where the run is recorded; by default the default store.
    timeout : float, optional
        Seconds a single cell may run; by default no limit.

    Returns
    -------
    Path
        The report file.

    Raises
    ------
    InputError
        Before anything runs: for an unknown template or format, a
        parameter the template lacks or of another type than it declares,
        an output directory that does not exist, or PDF without WeasyPrint.
    SourceError
        Before anything runs, for a local file or ``dataset:`` that cannot
        be read (URLs are opened by the run itself).
    ReportError
        When a cell of the template raises: names the cell and the error;
        the run is recorded as failed and the partial notebook kept.
    """
    from analyst_pa.sources import describe_source
    from analyst_pa.sources._redact import secrets_in

    fmt = _check_format(to)
    found = find_template(template)
    real = _source_text(source)
    shown = describe_source(real)
    check_source(real, describe_source(source))
    values = template_parameters(found, shown, parameters)
    path = report_paths(output, shown, found.name, fmt)
    if fmt == "pdf":
        pdf_writer()

    store = store or RunStore()
    stages = ["execute", "render", *(["pdf"] if fmt == "pdf" else [])]
    run = Run(f"{shown} (report: {found.name})", stages, store=store)
    secrets = secrets_in(real)
    log: list[str] = []
    notebook = None
    try:
        with run.stage("execute"):
            notebook = execute_template(
                found,
                notebook_path(path),
                values,
                env=_kernel_env(real, store),
                secrets=secrets,
                log=log,
                timeout=timeout,
            )
        _render(run, notebook, path, fmt, _title(found, values))
    finally:
        _close(run, path, notebook, secrets, log, store)
    return path


def _kernel_env(source: str, store: RunStore) -> dict[str, str]:
    from analyst_pa.reports._execute import SOURCE_ENV

    env = {SOURCE_ENV: source, "ANALYST_PA_RUNS_DIR": str(store.root)}
    if store.url:
        env["ANALYST_PA_STORE_URL"] = store.url
    return env


def _check_format(to: str) -> str:
    fmt = str(to).lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"--to {to!r}: the formats are {', '.join(FORMATS)}")
    return fmt


def _source_text(source: str | os.PathLike[str]) -> str:
    # The kernel may start elsewhere than the caller, so a relative path to
    # an existing file is made absolute.
    text = os.fspath(source)
    return str(Path(text).resolve()) if Path(text).exists() else text


def template_parameters(
    template: Template, source: str, given: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the values to inject, after checking the names."""
    given = dict(given or {})
    known = template.parameter_names()
    if "source" in given:
        raise InputError(
            "the source is the report's first argument; do not pass it as a "
            "parameter too"
        )
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise InputError(
            f"template {template.name!r} has no parameter "
            f"{', '.join(map(repr, unknown))}; its parameters are: "
            f"{', '.join(known) or 'none'}"
        )
    check_parameter_types(template, given)
    return {"source": source, **given} if "source" in known else given


def _slug(text: str) -> str:
    text = text.replace("***", "")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80].strip("-") or "report"


def report_paths(
    output: str | os.PathLike[str] | None, source: str, template: str, fmt: str
) -> Path:
    """Return the report file for ``output`` (a file, a directory or None).

    Raises
    ------
    InputError
        When the name does not end in the format, or its directory does not
        exist.
    """
    stem = Path(source).stem if Path(source).exists() else source
    name = f"{_slug(stem)}-{template}.{fmt}"
    if output is None:
        return Path.cwd() / name
    path = Path(output)
    if path.is_dir() or str(output).endswith(os.sep):
        path = path / name
    elif path.suffix.lower() != f".{fmt}":
        raise InputError(
            f"--output {path}: a {fmt.upper()} report needs a name ending in "
            f".{fmt}, or a directory"
        )
    check_output_parent(path)
    return path


def notebook_path(report: Path) -> Path:
    """Return where the executed notebook of ``report`` is kept.

    An HTML report keeps ``<name>.ipynb`` beside it, a PDF report
    ``<name>-pdf.ipynb``, so the two reports of one source do not share it.
    """
    if report.suffix.lower() == ".pdf":
        return report.with_name(f"{report.stem}-pdf.ipynb")
    return report.with_suffix(".ipynb")


def _title(template: Template, values: dict[str, Any]) -> str:
    if values.get("title"):
        return str(values["title"])
    for parameter in template.parameters:
        if parameter.name == "title":
            try:
                return str(ast.literal_eval(parameter.default))
            except (ValueError, SyntaxError):
                break
    return template.name


def _render(run: Run, notebook: Any, path: Path, fmt: str, title: str) -> None:
    html_path = path.with_suffix(".html")
    with run.stage("render"):
        html = render_html(notebook, title=title)
        write_atomic(html_path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    run.record.artifacts["report.html"] = str(html_path)
    _same_mode(html_path, notebook_path(path))
    if fmt == "pdf":
        with run.stage("pdf"):
            write_atomic(path, lambda tmp: write_pdf(html, tmp))
        run.record.artifacts["report.pdf"] = str(path)
        _same_mode(path, notebook_path(path))


def _same_mode(path: Path, like: Path) -> None:
    # write_atomic's temporary files are owner-only; a report is shared as
    # the notebook beside it is, which papermill wrote under the umask.
    if like.is_file():
        path.chmod(like.stat().st_mode & 0o777)


def _close(
    run: Run,
    path: Path,
    notebook: Any,
    secrets: list[str],
    log: list[str],
    store: RunStore,
) -> None:
    from analyst_pa.monitoring import record_metrics

    kept = notebook_path(path)
    facts: dict[str, Any] = {}
    if kept.is_file():
        _scrub(kept, secrets)
        run.record.artifacts["notebook.ipynb"] = str(kept)
        facts = analysis_facts(kept)
        log += [
            log_line("WARNING", "kernel", text.strip(), secrets)
            for text in stderr_lines(_read(kept))
        ]
    run.record.n_rows = facts.get("rows")
    run.record.n_columns = facts.get("columns")
    if run.record.finished_at is None:
        run.finish()
    record_metrics(
        run.record,
        issues=facts.get("issues"),
        insights=facts.get("insights"),
        log=log,
        store=store,
    )


def _read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def _scrub(path: Path, secrets: list[str]) -> None:
    """Mask the source's secrets wherever a cell's output may have quoted
    them (an error message from a database driver)."""
    from analyst_pa.sources._redact import redact_text

    text = path.read_text(encoding="utf-8")
    clean = redact_text(text, secrets)
    if clean != text:
        write_atomic(path, lambda tmp: tmp.write_text(clean, encoding="utf-8"))


def analysis_facts(path: Path) -> dict[str, Any]:
    """Return what the template's analysis left in its outputs' metadata:
    its run id, rows, columns, issue and insight counts."""
    for cell in _read(path).cells:
        for output in cell.get("outputs", []):
            facts = output.get("metadata", {}).get("analyst_pa")
            if isinstance(facts, dict):
                return dict(facts)
    return {}
