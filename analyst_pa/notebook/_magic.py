"""The ``%analyst`` line magic and the ``%%analyst`` cell magic.

``%load_ext analyst_pa`` registers them (the kernelspec "Python (analyst)"
does it at start). Each command has an argparse parser; a bad argument ends
the magic with IPython's ``UsageError`` (the usage line and the error, no
traceback), and so does a source that cannot be read or a column that does
not exist, since the user has to change the command either way.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class

from analyst_pa.errors import AnalystError

if TYPE_CHECKING:
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from analyst_pa.notebook._panel import Panel
    from analyst_pa.notebook._quality import Data

__all__ = ["AnalystMagics", "load_ipython_extension"]

VIEWS = ("overview", "quality", "insights", "recommendations")
_MISSING = object()
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

SUMMARY = """\
%analyst DATA [--target COL] [--time COL] [--rule RULE] [--tab TAB] [--wait]
    Analyse a DataFrame variable, a path or a URL and show the panel.
%analyst overview|quality|insights|recommendations DATA [...]
    The same panel, opened at that tab.
%analyst load SOURCE [--as NAME] [-o KEY=VALUE ...]
    Load a path, URL, dataset:NAME or source:NAME into a DataFrame.
%%analyst sql SOURCE [--as NAME] [--max-rows N]
    Run the cell body as a read-only SQL query on SOURCE.
%analyst report DATA [--template NAME] [--to html|pdf] [--output PATH]
    Write a report of DATA with a template notebook.

%analyst COMMAND --help says more about each."""


class _Done(Exception):
    """--help was printed: nothing more to do."""


class _Parser(argparse.ArgumentParser):
    # argparse exits the process on bad arguments and after --help; in a
    # kernel that must become a clean message instead.
    def error(self, message: str) -> NoReturn:
        raise UsageError(
            f"{self.format_usage().strip()}\n{self.prog}: error: {message}"
        )

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            print(message, file=sys.stderr)
        raise _Done


def _analysis_parser(command: str | None) -> _Parser:
    prog = f"%analyst {command}" if command else "%analyst"
    what = f"the {command} tab" if command else "the panel"
    parser = _Parser(
        prog=prog,
        description=f"Analyse DATA and show {what}. DATA is a DataFrame variable, "
        "a path, or a URL (sqlite:///f.db?table=t, dataset:flights). In a "
        "notebook the analysis runs in the background and the kernel stays free.",
    )
    parser.add_argument("data", metavar="DATA", help="variable name, path or URL")
    parser.add_argument("--target", metavar="COL", help="column to explain")
    parser.add_argument("--time", metavar="COL", help="column that orders rows")
    parser.add_argument(
        "--rule",
        dest="rules",
        action="append",
        metavar="RULE",
        help="business rule to check, e.g. 'distance > 0' or a YAML file (repeatable)",
    )
    if command is None:
        parser.add_argument(
            "--tab", choices=("run", *VIEWS), default="overview", help="tab to open"
        )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="block until the analysis is done (report runs, papermill)",
    )
    _add_load_options(parser)
    return parser


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="option for analyst_pa.load when DATA is a source (repeatable)",
    )


def _load_parser() -> _Parser:
    parser = _Parser(
        prog="%analyst load",
        description="Load SOURCE into a DataFrame: bind it to NAME with --as, or "
        "get it as the result (flights = %analyst load dataset:flights).",
    )
    parser.add_argument("source", metavar="SOURCE", help="path, URL or dataset:NAME")
    parser.add_argument("--as", dest="name", metavar="NAME", help="variable to bind")
    _add_load_options(parser)
    return parser


def _sql_parser() -> _Parser:
    parser = _Parser(
        prog="%%analyst sql",
        description="Run the cell body, one SELECT, on SOURCE read-only and get "
        "the rows as a DataFrame.",
    )
    parser.add_argument(
        "source", metavar="SOURCE", help="database URL (sqlite:///f.db) or source:NAME"
    )
    parser.add_argument("--as", dest="name", metavar="NAME", help="variable to bind")
    parser.add_argument("--max-rows", type=int, metavar="N", help="at most N rows")
    return parser


def _report_parser() -> _Parser:
    parser = _Parser(
        prog="%analyst report",
        description="Execute a report template on DATA and render it.",
    )
    parser.add_argument("data", metavar="DATA", help="variable name, path or URL")
    parser.add_argument("--template", default="analysis", help="template name")
    parser.add_argument("--to", choices=("html", "pdf"), default="html")
    parser.add_argument("--output", type=Path, metavar="PATH", help="where to write")
    parser.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="template parameter (repeatable)",
    )
    return parser


def _key_values(pairs: Sequence[str], parser: _Parser) -> dict[str, Any]:
    """Return ``KEY=VALUE`` pairs as a dict; values read as JSON when they can
    be (numbers, true, null), else kept as text."""
    found: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            parser.error(f"expected KEY=VALUE, got {pair!r}")
        try:
            found[key.strip()] = json.loads(text)
        except json.JSONDecodeError:
            found[key.strip()] = text
    return found


@magics_class
class AnalystMagics(Magics):
    """The ``%analyst`` magics; see ``%analyst --help``.

    Attributes
    ----------
    panel : Panel or None
        The panel the last ``%analyst DATA`` showed.
    """

    panel: Panel | None = None

    @property
    def _shell(self) -> InteractiveShell:
        # Magics registered with a shell always have one.
        assert self.shell is not None
        return self.shell

    @line_cell_magic
    def analyst(self, line: str, cell: str | None = None) -> Any:
        """Analyse data, load it, query it or report on it: ``%analyst --help``."""
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise UsageError(f"%analyst: cannot split the arguments: {exc}") from exc
        try:
            return self._dispatch(words, cell)
        except _Done:
            return None
        except AnalystError as exc:
            raise UsageError(str(exc)) from exc

    def _dispatch(self, words: list[str], cell: str | None) -> Any:
        if not words or words[0] in ("-h", "--help"):
            if not words:
                raise UsageError(f"%analyst needs a command or data:\n{SUMMARY}")
            print(SUMMARY)
            return None
        command, rest = words[0], words[1:]
        if cell is not None and command != "sql":
            raise UsageError(
                "%%analyst takes a cell body only for sql: %%analyst sql SOURCE"
            )
        if command == "sql":
            return self._sql(rest, cell)
        if command == "load":
            return self._load(rest)
        if command == "report":
            return self._report(rest)
        if command in VIEWS:
            return self._show(_analysis_parser(command).parse_args(rest), command)
        return self._show(_analysis_parser(None).parse_args(words), None)

    # -- analyse -----------------------------------------------------------

    def _show(self, args: argparse.Namespace, view: str | None) -> None:
        from analyst_pa.notebook._panel import Panel

        parser = _analysis_parser(view)
        data, name = self._data(args.data, _key_values(args.option, parser))
        _check_columns(data.frame, args, parser)

        in_kernel = getattr(self.shell, "kernel", None) is not None
        background = in_kernel and not args.wait
        panel = Panel(data=data, shell=self.shell, tab=view or args.tab, name=name)
        self.panel = panel
        if in_kernel:
            panel.show()
        panel.start(
            data.frame,
            background=background,
            name=name,
            target=args.target,
            time=args.time,
            rules=args.rules,
        )
        if not in_kernel:
            panel.show()
        if not background and panel.error is not None:
            raise panel.error

    def _data(self, text: str, options: dict[str, Any]) -> tuple[Data, str]:
        """Return the frame DATA names and its expression, and its label."""
        import pandas as pd

        from analyst_pa.notebook._quality import Data

        value = self._variable(text)
        if value is not _MISSING:
            if not isinstance(value, pd.DataFrame):
                raise UsageError(
                    f"{text} is a {type(value).__name__}, not a pandas DataFrame; "
                    "give a DataFrame variable, a path or a URL"
                )
            if options:
                raise UsageError(f"-o options apply to a source; {text} is a variable")
            return Data(value, text), text
        if text.isidentifier() and not Path(text).exists():
            raise UsageError(
                f"no variable called {text!r} in the notebook, and no file of that "
                "name; give a DataFrame variable, a path or a URL"
            )
        return _loaded(text, options)

    def _variable(self, text: str) -> Any:
        """The value of ``text`` when it names a variable (or an attribute of
        one), else ``_MISSING``: then DATA is a path or a URL."""
        if not _DOTTED.match(text) or text.split(".")[0] not in self._shell.user_ns:
            return _MISSING
        try:
            return self._shell.ev(text)
        except AttributeError as exc:
            if Path(text).exists():  # "flights.csv" while a variable is "flights"
                return _MISSING
            raise UsageError(f"{text}: {exc}") from exc

    # -- load, sql, report -------------------------------------------------

    def _load(self, words: list[str]) -> pd.DataFrame | None:
        parser = _load_parser()
        args = parser.parse_args(words)
        _check_name(args.name, parser)
        data, label = _loaded(args.source, _key_values(args.option, parser))
        return self._bind(data.frame, args.name, label)

    def _sql(self, words: list[str], cell: str | None) -> pd.DataFrame | None:
        parser = _sql_parser()
        args = parser.parse_args(words)
        _check_name(args.name, parser)
        if cell is None:
            parser.error("sql is a cell magic: put %%analyst sql on the first line")
        if not cell.strip():
            parser.error("the cell body is the query, and it is empty")
        from analyst_pa.sources import describe_source, load

        options: dict[str, Any] = {"query": cell}
        if args.max_rows is not None:
            options["max_rows"] = args.max_rows
        frame = load(args.source, **options)
        return self._bind(frame, args.name, describe_source(args.source))

    def _bind(
        self, frame: pd.DataFrame, name: str | None, label: str
    ) -> pd.DataFrame | None:
        """Bind ``frame`` to ``name`` and say so, or return it without one."""
        if name is None:
            return frame
        self._shell.user_ns[name] = frame
        rows, columns = frame.shape
        print(f"{name}: {rows:,} rows × {columns} columns from {label}")
        return None

    def _report(self, words: list[str]) -> Path:
        import analyst_pa

        parser = _report_parser()
        args = parser.parse_args(words)
        report = getattr(analyst_pa, "report", None)
        if report is None:
            raise UsageError("reports are not available in this version of analyst_pa")
        with tempfile.TemporaryDirectory(prefix="analyst-pa-report-") as tmp:
            path: Path = report(
                self._report_source(args.data, Path(tmp)),
                template=args.template,
                to=args.to,
                output=args.output,
                parameters=_key_values(args.parameter, parser) or None,
            )
        return path

    def _report_source(self, text: str, directory: Path) -> str:
        # A template reads its data from a source, so a frame is written to
        # a file that lives as long as the report run.
        import pandas as pd

        value = self._shell.user_ns.get(text) if text.isidentifier() else None
        if not isinstance(value, pd.DataFrame):
            return text
        path = directory / f"{text}.parquet"
        value.to_parquet(path)
        return str(path)


def _check_name(name: str | None, parser: _Parser) -> None:
    from analyst_pa.notebook._code import is_identifier

    if name is not None and not is_identifier(name):
        parser.error(f"--as {name!r} is not a Python variable name")


def _check_columns(
    frame: pd.DataFrame, args: argparse.Namespace, parser: _Parser
) -> None:
    # Before the panel shows: a mistyped column is a usage error, not a
    # failed analysis.
    for role in ("target", "time"):
        column = getattr(args, role)
        if column is not None and column not in map(str, frame.columns):
            parser.error(f"--{role} {column!r} is not a column of {args.data}")


def _loaded(source: str, options: dict[str, Any]) -> tuple[Data, str]:
    from analyst_pa.notebook._quality import Data
    from analyst_pa.sources import describe_source, load

    label = describe_source(source)
    frame = load(source, **options)
    # The code Apply writes must not hold a password: it names the source
    # as shown, and the user fills the secret back in if there was one.
    arguments = ", ".join([repr(label), *(f"{k}={v!r}" for k, v in options.items())])
    return Data(frame, f"analyst_pa.load({arguments})"), label


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%analyst`` magics with ``ipython``."""
    ipython.register_magics(AnalystMagics)
