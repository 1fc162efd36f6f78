"""``analyst-pa kernel install``: the notebook's command-line part.

Kept apart from the rest of the command line so that ``analyst-pa --help``
imports neither ipykernel nor jupyter_client.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_notebook_commands"]


def cmd_kernel_install(args: argparse.Namespace) -> int:
    from analyst_pa.notebook._kernelspec import install_kernel_spec

    prefix = sys.prefix if args.sys_prefix else args.prefix
    path = install_kernel_spec(
        name=args.name, user=not args.system, prefix=prefix, python=args.python
    )
    print(f"installed kernel {args.name!r} (Python (analyst)) in {path}")
    return 0


def add_notebook_commands(commands: Any) -> None:
    """Add ``kernel install`` to the ``analyst-pa`` sub-commands.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers`` returned.
    """
    kernel = commands.add_parser(
        "kernel", help="install the Jupyter kernel 'Python (analyst)'"
    )
    actions = kernel.add_subparsers(dest="action", required=True, metavar="ACTION")
    install = actions.add_parser(
        "install",
        help="install the kernelspec that loads %%analyst at start",
        description="Install the kernelspec 'Python (analyst)': this Python, "
        "with the %analyst magics loaded, for new notebooks and papermill runs.",
    )
    install.add_argument(
        "--name", default="analyst", help="kernel name (default: analyst)"
    )
    where = install.add_mutually_exclusive_group()
    where.add_argument(
        "--user",
        action="store_true",
        help="for the current user (the default)",
    )
    where.add_argument(
        "--sys-prefix",
        action="store_true",
        help="in this Python environment (sys.prefix), e.g. a virtualenv",
    )
    where.add_argument("--prefix", type=Path, help="under PREFIX/share/jupyter")
    where.add_argument("--system", action="store_true", help="for all users")
    install.add_argument("--python", help="the interpreter (default: this one)")
    install.set_defaults(run=cmd_kernel_install)
