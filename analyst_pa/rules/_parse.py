"""Read a rule from its compact text with Python's own parser.

The text is parsed by :func:`ast.parse` as one expression and the tree is
read node by node: only the shapes of a rule are accepted (a comparison of
columns and constants, ``in`` a list or a ``table.column``, a call of
``unique``, ``not_null`` or ``matches``), and anything else is refused with
a message saying what was found. Nothing is ever evaluated.

Two things Python does not write are handled before parsing, with Python's
own tokenizer rather than patterns over the text: column names in backticks
(`` `order date` ``, as in :meth:`pandas.DataFrame.query`) become
placeholder identifiers, and the infix ``col matches 'regex'`` becomes the
call ``matches(col, 'regex')``. A pattern is read as a raw string, so
``'\\d'`` means a digit, as a reader of the rule expects.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
import warnings
from pathlib import Path
from typing import NoReturn

from analyst_pa.errors import InputError
from analyst_pa.results import Scalar
from analyst_pa.rules._model import FUNCTIONS, Operator, Rule, RuleKind

__all__ = ["looks_like_path", "missing_file", "parse_rule"]

GRAMMAR = (
    "a rule is one of: amount >= 0, ship_date >= order_date, "
    "0 <= amount <= 100, status in ['open', 'closed'], not_null(col), "
    "unique(col, ...), code matches '^[A-Z]{3}$', carrier in airlines.carrier"
)

# Characters a rule may hold and a rules file's path would not.
_NOT_IN_PATHS = frozenset("<>=!()[]{}'\"`,\n")

_OPERATORS: dict[type[ast.cmpop], Operator] = {
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.LtE: "<=",
    ast.Lt: "<",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_FLIPPED: dict[Operator, Operator] = {
    ">=": "<=",
    ">": "<",
    "<=": ">=",
    "<": ">",
    "==": "==",
    "!=": "!=",
}

# What the refusals call the nodes a rule cannot hold.
_NODE_NAMES: dict[type[ast.AST], str] = {
    ast.BinOp: "arithmetic",
    ast.BoolOp: "'and'/'or'",
    ast.Subscript: "indexing",
    ast.Attribute: "attribute access",
    ast.Call: "a function call",
    ast.Lambda: "a lambda",
    ast.IfExp: "an if-expression",
    ast.Dict: "a dict",
    ast.ListComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string",
    ast.NamedExpr: "an assignment",
    ast.Starred: "unpacking",
}


def parse_rule(text: str, *, name: str | None = None) -> Rule:
    """Return the :class:`Rule` that ``text`` states.

    Parameters
    ----------
    text : str
        One rule, e.g. ``"amount >= 0"``, ``"0 <= amount <= 100"``,
        ``"ship_date >= order_date"``, ``"status in ['open', 'closed']"``,
        ``"not_null(customer)"``, ``"unique(order_id, line)"``,
        ``"code matches '^[A-Z]{3}-\\d{4}$'"`` or
        ``"carrier in airlines.carrier"``. Write a column name that is not a
        Python identifier in backticks: ```order date` >= '2020-01-01'``.
    name : str, optional
        What to call the rule in issues.

    Returns
    -------
    Rule

    Raises
    ------
    InputError
        When ``text`` is not one of the shapes above, saying what was found.
    """
    if looks_like_path(text):
        _fail_on_path(text)
    source, names = _replace_backticks(text)
    source = _rewrite_infix_matches(source, text)
    tree = _parse(source, text)
    return _Reader(text, source, names).rule(tree.body, name)


def _fail(text: str, what: str) -> NoReturn:
    raise InputError(f"rule {text!r}: {what}; {GRAMMAR}")


def looks_like_path(text: str) -> bool:
    """Return whether ``text`` names a rules file rather than states a rule.

    It does when it ends in ``.yaml`` or ``.yml``, or holds a path separator
    and none of the operators, brackets or quotes a rule is written with.
    """
    text = text.strip()
    if not text or "\n" in text:
        return False
    if text.lower().endswith((".yaml", ".yml")):
        return True
    words = text.split()
    return (
        ("/" in text or "\\" in text)
        and not _NOT_IN_PATHS & set(text)
        and not {"in", "matches"} & set(words[1:-1])
    )


def missing_file(text: str) -> str:
    """Return what to say when the rules file ``text`` names does not exist."""
    path = Path(text.strip()).expanduser().absolute()
    return (
        f"the rules file {path} does not exist; check the path (a relative "
        f"path is read from {Path.cwd()}), or give the rule's text instead, "
        "such as 'amount >= 0'"
    )


def _fail_on_path(text: str) -> NoReturn:
    # A path reaches parse_rule from parse_rule(...) itself, or as the text
    # of a rule in a mapping: as_rules and load_rules read files before.
    if not Path(text.strip()).expanduser().is_file():
        raise InputError(f"rule {text!r} is not a rule: {missing_file(text)}")
    raise InputError(
        f"rule {text!r} is not a rule but names a rules file; read it with "
        f"load_rules({text.strip()!r}), or pass it to check_rules or analyze"
    )


def _replace_backticks(text: str) -> tuple[str, dict[str, str]]:
    # Scans the text once, skipping string literals, and swaps each
    # backtick-quoted name for a placeholder that cannot clash with it.
    prefix = "_bq"
    while prefix in text:
        prefix += "_"
    out: list[str] = []
    names: dict[str, str] = {}
    i, quote = 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            step = 2 if char == "\\" else 1
            if text.startswith(quote, i):
                step, quote = len(quote), ""
            out.append(text[i : i + step])
            i += step
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, i) else char
            out.append(quote)
            i += len(quote)
        elif char == "`":
            end = text.find("`", i + 1)
            if end < 0 or end == i + 1:
                _fail(text, "a backtick-quoted name is empty or not closed")
            placeholder = f"{prefix}{len(names)}"
            names[placeholder] = text[i + 1 : end]
            out.append(f" {placeholder} ")
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out), names


def _rewrite_infix_matches(source: str, text: str) -> str:
    tokens = _tokens(source, text)
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == tokenize.OP and token.string in ("(", "[", "{"):
            depth += 1
        elif token.type == tokenize.OP and token.string in (")", "]", "}"):
            depth -= 1
        elif token.type == tokenize.NAME and token.string == "matches" and not depth:
            following = tokens[index + 1].string if index + 1 < len(tokens) else ""
            start, end = _offset(source, token.start), _offset(source, token.end)
            left, right = source[:start].strip(), source[end:].strip()
            if following != "(" and left:
                return f"matches({left}, {right})"
    return source


def _tokens(source: str, text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        _fail(text, f"it is not a valid expression ({exc.args[0]})")


def _offset(source: str, position: tuple[int, int]) -> int:
    row, column = position
    lines = source.splitlines(keepends=True)
    return sum(len(line) for line in lines[: row - 1]) + column


def _parse(source: str, text: str) -> ast.Expression:
    # Invalid escapes such as '\d' warn in Python's parser; patterns are
    # re-read raw below, so the warning would only mislead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source.strip(), mode="eval")
        except SyntaxError as exc:
            _fail(text, f"it is not a valid expression ({exc.msg})")


class _Reader:
    """Reads the tree of one rule; every method refuses what it does not
    know, so what is accepted is exactly what is listed here."""

    def __init__(self, text: str, source: str, names: dict[str, str]) -> None:
        self.text = text
        self.source = source.strip()
        self.names = names

    def fail(self, what: str) -> NoReturn:
        _fail(self.text, what)

    def rule(self, node: ast.expr, name: str | None) -> Rule:
        if isinstance(node, ast.Compare):
            return self.compare(node, name)
        if isinstance(node, ast.Call):
            return self.call(node, name)
        if isinstance(node, ast.BoolOp):
            self.fail("'and'/'or' combine conditions: write one rule per condition")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.fail("'not' is not supported: state the condition that must hold")
        if isinstance(node, ast.Name):
            self.fail(f"{self.column(node)!r} alone is not a rule")
        self.fail(f"{_describe(node)} is not allowed")

    def compare(self, node: ast.Compare, name: str | None) -> Rule:
        operands = [node.left, *node.comparators]
        if any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            return self.membership(node, name)
        if any(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            self.fail("'is' is not supported; use not_null(col) for missing values")
        ops = [_OPERATORS[type(op)] for op in node.ops]
        if len(ops) == 2:
            return self.between(operands, ops, name)
        if len(ops) > 2:
            self.fail("a comparison can be chained only as a range, low <= col <= high")

        left, right = (self.operand(o) for o in operands)
        op = ops[0]
        if isinstance(left, _Constant) and isinstance(right, _Constant):
            self.fail("it compares two constants and reads no column")
        if isinstance(left, _Constant):
            left, right, op = right, left, _FLIPPED[op]
        assert isinstance(left, str)
        if isinstance(right, str):
            return Rule(kind=RuleKind.COMPARE, columns=[left, right], op=op, name=name)
        return Rule(
            kind=RuleKind.COMPARE, columns=[left], op=op, value=right.value, name=name
        )

    def between(
        self, operands: list[ast.expr], ops: list[Operator], name: str | None
    ) -> Rule:
        if ops not in (["<=", "<="], [">=", ">="]):
            self.fail(
                "a range is written low <= col <= high with <= on both sides; "
                "write strict bounds as two rules"
            )
        low, column, high = operands if ops[0] == "<=" else operands[::-1]
        bounds = [self.constant(low).value, self.constant(high).value]
        if not all(
            isinstance(b, int | float) and not isinstance(b, bool) for b in bounds
        ):
            self.fail(f"a range needs numbers at both ends, not {bounds}")
        if bounds[0] > bounds[1]:  # type: ignore[operator]
            self.fail(f"the range is empty: {bounds[0]!r} is above {bounds[1]!r}")
        return Rule(
            kind=RuleKind.BETWEEN,
            columns=[self.column(column)],
            low=bounds[0],  # type: ignore[arg-type]
            high=bounds[1],  # type: ignore[arg-type]
            name=name,
        )

    def membership(self, node: ast.Compare, name: str | None) -> Rule:
        if len(node.ops) != 1:
            self.fail("'in' cannot be chained with another comparison")
        if isinstance(node.ops[0], ast.NotIn):
            self.fail("'not in' is not supported; list the allowed values with 'in'")
        column, right = self.column(node.left), node.comparators[0]

        if isinstance(right, ast.List | ast.Tuple | ast.Set):
            values = [self.constant(element).value for element in right.elts]
            if not values:
                self.fail("the list of allowed values is empty")
            return Rule(
                kind=RuleKind.ALLOWED, columns=[column], values=values, name=name
            )
        if isinstance(right, ast.Attribute):
            table, key = self.table_column(right)
            return Rule(
                kind=RuleKind.REFERENCE,
                columns=[column],
                table=table,
                table_column=key,
                name=name,
            )
        self.fail(
            f"'in' takes a list of values or a table.column, not {_describe(right)}"
        )

    def call(self, node: ast.Call, name: str | None) -> Rule:
        if not isinstance(node.func, ast.Name):
            self.fail(f"{_describe(node.func)} cannot be called; {_FUNCTIONS_ALLOWED}")
        function = node.func.id
        if function not in FUNCTIONS:
            self.fail(f"the function {function}() is not allowed; {_FUNCTIONS_ALLOWED}")
        if node.keywords:
            self.fail(f"{function}() takes no keyword arguments")
        if function == "matches":
            return self.matches(node, name)

        if not node.args:
            self.fail(f"{function}() needs at least one column")
        columns = [self.column(arg) for arg in node.args]
        return Rule(kind=RuleKind(function), columns=columns, name=name)

    def matches(self, node: ast.Call, name: str | None) -> Rule:
        if len(node.args) != 2:
            self.fail("matches takes a column and a pattern: code matches '^[A-Z]+$'")
        column, pattern_node = node.args
        pattern = self.pattern(pattern_node)
        try:
            re.compile(pattern)
        except re.error as exc:
            self.fail(f"the pattern {pattern!r} is not a regular expression ({exc})")
        return Rule(
            kind=RuleKind.MATCHES,
            columns=[self.column(column)],
            pattern=pattern,
            name=name,
        )

    def pattern(self, node: ast.expr) -> str:
        # Re-read the literal as written, as a raw string: Python's parser
        # would have turned '\b' into a backspace.
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            self.fail(f"the pattern must be a string, not {_describe(node)}")
        written = ast.get_source_segment(self.source, node) or repr(node.value)
        prefix = written[: len(written) - len(written.lstrip("rRuU"))]
        try:
            value = ast.literal_eval("r" + written[len(prefix) :])
        except (SyntaxError, ValueError):
            value = node.value
        if not isinstance(value, str):
            self.fail(f"the pattern {written} is not one string")
        return value

    def operand(self, node: ast.expr) -> str | _Constant:
        if isinstance(node, ast.Name):
            return self.column(node)
        if isinstance(node, ast.Attribute):
            self.fail("table.column may only follow 'in': carrier in airlines.carrier")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            self.fail(f"the function {node.func.id}() cannot be compared")
        return self.constant(node)

    def constant(self, node: ast.expr) -> _Constant:
        sign = 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign = -1 if isinstance(node.op, ast.USub) else 1
            node = node.operand
            if not _is_number(node):
                self.fail(f"a sign may only precede a number, not {_describe(node)}")
        if not isinstance(node, ast.Constant):
            self.fail(f"{_describe(node)} is not allowed where a value was expected")
        value = node.value
        if value is None:
            self.fail("None is not a value to compare with; use not_null(col)")
        if not isinstance(value, bool | int | float | str):
            self.fail(f"{value!r} is not a number, text or truth value")
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(f"{value!r} is not a finite number")
        return _Constant(value * sign if sign < 0 else value)

    def column(self, node: ast.expr) -> str:
        if not isinstance(node, ast.Name):
            self.fail(f"{_describe(node)} is not allowed where a column was expected")
        return self.resolve(node.id)

    def table_column(self, node: ast.Attribute) -> tuple[str, str]:
        if not isinstance(node.value, ast.Name):
            self.fail("attribute access beyond table.column is not allowed")
        return self.resolve(node.value.id), self.resolve(node.attr)

    def resolve(self, identifier: str) -> str:
        if identifier in self.names:
            return self.names[identifier]
        if identifier.startswith("__") and identifier.endswith("__"):
            self.fail(f"names like {identifier!r} are not allowed")
        return identifier


class _Constant:
    """A constant read from the rule, told apart from a column name."""

    def __init__(self, value: Scalar) -> None:
        self.value = value


_FUNCTIONS_ALLOWED = "the functions are unique(), not_null() and matches()"


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"a call of {node.func.id}()"
    if isinstance(node, ast.Constant):
        return f"the constant {node.value!r}"
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    for kind, words in _NODE_NAMES.items():
        if isinstance(node, kind):
            return words
    return f"a {type(node).__name__} expression"


def _is_number(node: ast.expr) -> bool:
    if not isinstance(node, ast.Constant):
        return False
    return isinstance(node.value, int | float) and not isinstance(node.value, bool)
