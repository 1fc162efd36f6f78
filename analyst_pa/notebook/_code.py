"""The code cell an Apply leaves in the notebook, and where it goes.

:func:`analyst_pa.fix` says what it did as pandas statements acting on a
frame called ``df``. In the notebook the data has the user's name and the
result another one, so the statements are rewritten to start from a copy of
the data under the chosen name, renaming the frame token by token (a column
called ``"df"`` inside a string is left alone).
"""

from __future__ import annotations

import io
import keyword
import tokenize
from typing import Any

__all__ = ["cell_code", "is_identifier", "offer_next_cell"]

FRAME = "df"  # the name the fix code gives the frame


def is_identifier(name: str) -> bool:
    """Whether ``name`` can be bound as a variable."""
    return name.isidentifier() and not keyword.iskeyword(name)


def _rename(code: str, old: str, new: str) -> str:
    """Return ``code`` with every name token ``old`` replaced by ``new``."""
    lines = code.splitlines(keepends=True)
    places = [
        token.start
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.NAME and token.string == old
    ]
    # Right to left, so earlier columns on the same line stay valid.
    for row, column in sorted(places, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:column] + new + line[column + len(old) :]
    return "".join(lines)


def _split_imports(code: str) -> tuple[list[str], list[str]]:
    lines = code.splitlines()
    end = 0
    while end < len(lines) and (
        lines[end].startswith(("import ", "from ")) or not lines[end].strip()
    ):
        end += 1
    return [line for line in lines[:end] if line.strip()], lines[end:]


def cell_code(fix_code: str, *, source: str, target: str, comment: str) -> str:
    """Return the cell that turns the data into the cleaned frame.

    Parameters
    ----------
    fix_code : str
        What :func:`analyst_pa.fix` returned as ``code`` (acting on ``df``).
    source : str
        The Python expression of the data: a variable name, or
        ``analyst_pa.load('…')``.
    target : str
        The variable the cleaned frame is bound to.
    comment : str
        A first comment line saying where the code comes from.

    Returns
    -------
    str
        Runnable code: imports, ``target = source.copy()``, the fixes on
        ``target``.
    """
    imports, body = _split_imports(fix_code)
    if source.startswith("analyst_pa."):
        imports.append("import analyst_pa")
    start = f"{target} = {source}" if "(" in source else f"{target} = {source}.copy()"
    renamed = _rename("\n".join(body), FRAME, target) if body else ""
    parts = [f"# {comment}", *imports, "", start]
    if renamed.strip():
        parts.append(renamed.rstrip())
    return "\n".join(parts) + "\n"


def offer_next_cell(shell: Any, code: str) -> None:
    """Ask the front end to put ``code`` in a new cell below.

    A kernel can only do so in the reply to an execution, so when called
    from a widget callback the cell appears under the next cell the user
    runs. A previous offer that was not delivered yet is replaced, so two
    Applies leave one cell, the latest.
    """
    payloads = getattr(shell, "payload_manager", None)
    if payloads is not None:
        kept = [
            p for p in payloads.read_payload() if p.get("source") != "set_next_input"
        ]
        payloads.clear_payload()
        for payload in kept:
            payloads.write_payload(payload)
    shell.set_next_input(code, replace=False)
