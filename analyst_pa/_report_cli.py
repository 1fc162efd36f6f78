"""The ``report`` and ``templates`` commands of ``analyst-pa``.

``report SOURCE`` makes one report; several sources, ``--grid`` or
``--batch FILE`` make a batch, run ``--workers`` at a time, with a summary
table at the end. Exit codes follow the command line's: 2 for bad input,
1 when a report (or any report of a batch) failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_report_commands", "cmd_report", "cmd_templates", "parse_value"]

EXIT_FAILURE = 1
FORMATS = ("html", "pdf")  # as analyst_pa.reports.FORMATS, without importing it


def parse_value(text: str) -> Any:
    """Read a ``-p`` value: JSON (numbers, lists, true, null) or Python's
    None/True/False, else the text itself."""
    python = {"None": None, "True": True, "False": False}
    if text in python:
        return python[text]
    try:
        return json.loads(text)
    except ValueError:
        return text


def _value_for(texts: dict[str, str], name: str, text: str) -> Any:
    """Read a ``-p`` value; a parameter the template declares as text keeps
    the text as typed (``-p title=2024``), None aside."""
    value = parse_value(text)
    if value is not None and texts.get(name, "").endswith(("str", "str]")):
        return text
    return value


def _pairs(items: list[str], option: str) -> list[tuple[str, str]]:
    from analyst_pa.errors import InputError

    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{option} {item!r}: write it as KEY=VALUE")
        pairs.append((key.strip(), value))
    return pairs


def _sources(args: argparse.Namespace) -> list[str]:
    from analyst_pa.errors import InputError

    sources = list(args.sources)
    if args.batch is not None:
        try:
            lines = args.batch.read_text().splitlines()
        except OSError as exc:
            raise InputError(f"--batch {args.batch}: {exc.strerror}") from exc
        sources += [s.strip() for s in lines if s.strip() and not s.startswith("#")]
    if not sources:
        raise InputError("name a source to report on, or a --batch file of sources")
    return sources


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    """Make one report, or a batch of them."""
    from analyst_pa.reports import find_template, format_batch, report, report_batch
    from analyst_pa.reports._report import notebook_path
    from analyst_pa.sources import describe_source

    sources = _sources(args)
    types = {p.name: p.type for p in find_template(args.template).parameters}
    parameters = {k: _value_for(types, k, v) for k, v in _pairs(args.parameter, "-p")}
    grid = {
        k: [_value_for(types, k, v) for v in values.split(",")]
        for k, values in _pairs(args.grid, "--grid")
    }

    if len(sources) == 1 and not grid:
        _say(
            args, f"running template {args.template} on {describe_source(sources[0])}…"
        )
        path = report(
            sources[0],
            template=args.template,
            to=args.to,
            output=args.output,
            parameters=parameters,
            timeout=args.timeout,
        )
        print(f"report written to {path}")
        print(f"executed notebook kept at {notebook_path(path)}")
        return 0

    _say(args, f"running {args.template} on {len(sources)} source(s)…")
    items = report_batch(
        sources,
        template=args.template,
        to=args.to,
        output_dir=args.output,
        parameters=parameters,
        grid=grid or None,
        workers=args.workers,
        timeout=args.timeout,
    )
    print(format_batch(items))
    return 0 if all(item.ok for item in items) else EXIT_FAILURE


def cmd_templates(args: argparse.Namespace) -> int:
    """List the templates with their parameters."""
    from analyst_pa.reports import list_templates

    for template in list_templates():
        print(f"{template.name}  ({template.path})")
        if template.description:
            print(f"  {template.description}")
        for p in template.parameters:
            help_text = f"  {p.help}" if p.help else ""
            print(f"    {p.name:<10} {p.type:<15} default {p.default}{help_text}")
        print()
    return 0


def add_report_commands(subparsers: Any) -> list[argparse.ArgumentParser]:
    """Add ``report`` and ``templates`` to the command's sub-parsers.

    Returns the two parsers, so the caller can add its common options.
    """
    report = subparsers.add_parser(
        "report",
        help="run a report template on a source; HTML or PDF, code hidden",
        description="Execute a template notebook on a source with papermill and "
        "render it with nbconvert (HTML) or WeasyPrint (PDF). Several sources, "
        "--grid or --batch run a batch.",
    )
    report.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="a path or URL (several: a batch)"
    )
    report.add_argument(
        "--template",
        default="analysis",
        help="a template name or notebook path "
        "(default: analysis; see 'analyst-pa templates')",
    )
    report.add_argument("--to", choices=FORMATS, default="html", help="default: html")
    report.add_argument(
        "--output",
        type=Path,
        help="the report file, or a directory (a batch's "
        "reports go in it); default: the current directory",
    )
    report.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a template parameter (repeatable), e.g. -p sample=20000",
    )
    report.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="one report per value (repeatable: every combination)",
    )
    report.add_argument(
        "--batch", type=Path, metavar="FILE", help="a file of sources, one a line"
    )
    report.add_argument(
        "--workers",
        type=int,
        help="reports run at once in a batch (default: the CPUs, at most 4)",
    )
    report.add_argument("--timeout", type=float, help="seconds a cell may run")
    report.set_defaults(run=cmd_report)

    templates = subparsers.add_parser(
        "templates", help="list the report templates and their parameters"
    )
    templates.set_defaults(run=cmd_templates)

    for sub in (report, templates):
        sub.add_argument(
            "-q", "--quiet", action="store_true", help="no progress on stderr"
        )
    return [report, templates]
