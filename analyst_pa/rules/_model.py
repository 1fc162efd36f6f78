"""The typed form of a business rule, and its text.

A :class:`Rule` is plain data: its kind, the columns of the checked table it
reads, the parameters of its kind and an optional name. Its :attr:`~Rule.text`
is the compact expression :func:`~analyst_pa.rules.parse_rule` reads back, so
a rule written, proposed or loaded from YAML always prints the same way.
"""

from __future__ import annotations

import keyword
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analyst_pa.results import Scalar

__all__ = ["FUNCTIONS", "Operator", "Rule", "RuleKind", "literal", "quote_name"]

Operator = Literal[">=", ">", "<=", "<", "==", "!="]

# The names that are functions (or the infix ``matches``) inside a rule; a
# column called so is written in backticks.
FUNCTIONS = ("matches", "not_null", "unique")


class RuleKind(StrEnum):
    """What a rule asserts about each row (or, for ``unique``, the table)."""

    COMPARE = "compare"  # amount >= 0, ship_date >= order_date
    BETWEEN = "between"  # 0 <= amount <= 100, both ends included
    ALLOWED = "allowed"  # status in ['open', 'closed']
    NOT_NULL = "not_null"  # not_null(customer)
    UNIQUE = "unique"  # unique(order_id), unique(order_id, line)
    MATCHES = "matches"  # code matches '^[A-Z]{3}-\d{4}$'
    REFERENCE = "reference"  # carrier in airlines.carrier


# The parameters each kind needs; the others must stay unset. A comparison
# also takes ``value`` when it compares one column with a constant.
_PARAMETERS: dict[RuleKind, tuple[str, ...]] = {
    RuleKind.COMPARE: ("op",),
    RuleKind.BETWEEN: ("low", "high"),
    RuleKind.ALLOWED: ("values",),
    RuleKind.NOT_NULL: (),
    RuleKind.UNIQUE: (),
    RuleKind.MATCHES: ("pattern",),
    RuleKind.REFERENCE: ("table", "table_column"),
}
_ALL_PARAMETERS = (
    "op",
    "value",
    "low",
    "high",
    "values",
    "pattern",
    "table",
    "table_column",
)

# How many columns each kind reads; None for one or more.
_ARITY: dict[RuleKind, int | None] = {
    RuleKind.COMPARE: 1,
    RuleKind.BETWEEN: 1,
    RuleKind.ALLOWED: 1,
    RuleKind.NOT_NULL: None,
    RuleKind.UNIQUE: None,
    RuleKind.MATCHES: 1,
    RuleKind.REFERENCE: 1,
}


class Rule(BaseModel):
    """A business rule about the rows of one table.

    Parameters
    ----------
    kind : RuleKind
        ``compare``, ``between``, ``allowed``, ``not_null``, ``unique``,
        ``matches`` or ``reference``.
    columns : list of str
        The columns of the checked table the rule reads: one; two for a
        comparison between columns; one or more for ``unique`` (a composite
        key) and ``not_null``.
    name : str, optional
        What the analyst calls the rule ("non-negative amount").
    op : {">=", ">", "<=", "<", "==", "!="}, optional
        The comparison of a ``compare`` rule.
    value : scalar, optional
        The constant a ``compare`` rule with one column compares it with; a
        date may be given as ISO 8601 text.
    low, high : int or float, optional
        The bounds of a ``between`` rule, both included.
    values : list of scalars, optional
        The allowed values of an ``allowed`` rule.
    pattern : str, optional
        The regular expression of a ``matches`` rule. It is searched for, so
        anchor it (``^...$``) to match whole values.
    table, table_column : str, optional
        The other table and its key column of a ``reference`` rule.

    Examples
    --------
    >>> Rule(kind="compare", columns=["amount"], op=">=", value=0).text
    'amount >= 0'
    """

    model_config = ConfigDict(extra="forbid")

    kind: RuleKind
    columns: list[str] = Field(min_length=1)
    name: str | None = None
    op: Operator | None = None
    value: Scalar = None
    low: int | float | None = None
    high: int | float | None = None
    values: list[Scalar] | None = None
    pattern: str | None = None
    table: str | None = None
    table_column: str | None = None

    @model_validator(mode="after")
    def _check_parameters(self) -> Rule:
        needed = _PARAMETERS[self.kind]
        allowed = (*needed, "value") if self.kind is RuleKind.COMPARE else needed
        missing = [p for p in needed if getattr(self, p) is None]
        extra = [
            p
            for p in _ALL_PARAMETERS
            if p not in allowed and getattr(self, p) is not None
        ]
        if missing or extra:
            raise ValueError(
                f"a {self.kind.value} rule takes "
                f"{', '.join(allowed) or 'no parameters'}; "
                f"missing: {', '.join(missing) or 'none'}; "
                f"not allowed: {', '.join(extra) or 'none'}"
            )

        arity = _ARITY[self.kind]
        if self.kind is RuleKind.COMPARE and self.value is None:
            arity = 2  # one column compared with another
        if arity is not None and len(self.columns) != arity:
            raise ValueError(
                f"a {self.kind.value} rule reads {arity} column(s), "
                f"not {len(self.columns)}: {self.columns}"
            )

        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low!r} is above high {self.high!r}")
        return self

    @property
    def text(self) -> str:
        """The rule as a compact expression, e.g. ``"amount >= 0"``."""
        names = [quote_name(c) for c in self.columns]
        if self.kind is RuleKind.COMPARE:
            right = names[1] if len(names) == 2 else literal(self.value)
            return f"{names[0]} {self.op} {right}"
        if self.kind is RuleKind.BETWEEN:
            return f"{literal(self.low)} <= {names[0]} <= {literal(self.high)}"
        if self.kind is RuleKind.ALLOWED:
            listed = ", ".join(literal(v) for v in self.values or [])
            return f"{names[0]} in [{listed}]"
        if self.kind is RuleKind.MATCHES:
            return f"{names[0]} matches {raw_literal(self.pattern or '')}"
        if self.kind is RuleKind.REFERENCE:
            table = quote_name(self.table or "")
            return f"{names[0]} in {table}.{quote_name(self.table_column or '')}"
        return f"{self.kind.value}({', '.join(names)})"

    @property
    def label(self) -> str:
        """The name and the text, or the text alone, quoted for messages."""
        text = self.text
        quoted = f'"{text}"' if "'" in text else f"'{text}'"
        return f"{self.name!r} ({text})" if self.name else quoted

    def __str__(self) -> str:
        return self.text


def quote_name(name: str) -> str:
    """Return ``name`` as written in a rule: in backticks unless it is a
    plain Python identifier that is neither a keyword nor a rule function."""
    plain = name.isidentifier() and not keyword.iskeyword(name)
    if plain and name not in FUNCTIONS:
        return name
    return f"`{name}`"


def literal(value: Scalar) -> str:
    """Return a constant as Python writes it (``'open'``, ``-4.5``, ``True``)."""
    return repr(value)


def raw_literal(pattern: str) -> str:
    """Return ``pattern`` quoted as a rule reads it: as a raw string, so the
    backslashes stay as they are."""
    # A raw string cannot end in an odd run of backslashes, nor hold its own
    # quote; a pattern that needs either is refused rather than mangled.
    trailing = len(pattern) - len(pattern.rstrip("\\"))
    for quote in ("'", '"', "'''", '"""'):
        fits = quote not in pattern and not pattern.endswith(quote[0])
        if fits and trailing % 2 == 0:
            return f"{quote}{pattern}{quote}"
    raise ValueError(f"the pattern {pattern!r} cannot be written in a rule")
