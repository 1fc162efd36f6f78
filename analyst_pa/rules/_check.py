"""Check rules against a frame: one ``rule_violation`` issue per broken rule.

Each kind computes, in one vectorised pass, a mask of the rows that break
the rule. A missing value breaks only ``not_null``: a comparison, a range,
a list of values, a pattern or a reference says nothing about a value that
is not there (as in SQL), and a key with a missing part is not checked for
uniqueness.

Comparisons and ranges on text read numbers and dates written as text
(``"$1,234.50"``, ``"15/01/2024"``) as the quality engine does
(:mod:`._operands`); a present value that does not read breaks the rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analyst_pa.errors import InputError
from analyst_pa.profile._scalars import to_scalar
from analyst_pa.results import Example, Issue, IssueKind, Severity
from analyst_pa.rules._declare import RuleLike, as_rules
from analyst_pa.rules._model import Rule, RuleKind
from analyst_pa.rules._operands import Operand, against_constant, pair

__all__ = ["MAX_EXAMPLES", "MAX_ROWS", "check_rules"]

MAX_EXAMPLES = 5  # failing rows shown with their values
MAX_ROWS = 20  # failing row labels kept in the issue's details
MAX_KEYS = 10  # missing or repeated keys kept in the details

# The failing rows (by position) and what the issue's details add.
Mask = tuple[np.ndarray, dict[str, Any]]

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def check_rules(
    frame: pd.DataFrame,
    rules: RuleLike | Iterable[RuleLike] | Path,
    *,
    tables: Mapping[str, pd.DataFrame | str | Path] | None = None,
) -> list[Issue]:
    """Return one ``rule_violation`` issue for each rule some rows break.

    Parameters
    ----------
    frame : DataFrame
        The rows to check. Columns are named by their labels as text.
    rules : Rule, str, mapping, a sequence of these, or Path
        The rules (see :func:`parse_rule` for the text, :func:`load_rules`
        for YAML; a :class:`~pathlib.Path`, or a string ending in ``.yaml``
        or ``.yml``, is read as a YAML file).
    tables : mapping of str to DataFrame, path or URL, optional
        The other tables that ``reference`` rules name
        (``carrier in airlines.carrier`` needs ``tables={"airlines": ...}``);
        a value that is not a DataFrame is read with
        :func:`analyst_pa.load`.

    Returns
    -------
    list of Issue
        In the order of the rules, each of severity ``error`` with the count
        and share of failing rows, up to five examples (row label and value),
        and ``details`` holding the rule's text, its name and the labels of
        the first failing rows.

    Raises
    ------
    InputError
        When a rule names a column (or table) that does not exist, compares
        values that cannot be compared, or compares with a number (dates)
        a text column that does not read as numbers (dates).

    Notes
    -----
    A missing value breaks only ``not_null``: comparisons, ranges, allowed
    values, patterns and references are not checked on missing values, and
    uniqueness is checked among complete keys only.

    A comparison or range on text compares what the text reads as: numbers
    written with currency or percent signs, thousands marks, decimal commas
    or padding, when compared with a number (or a numeric column), and
    dates (``15/01/2024``) when compared with a date, datetimes or another
    column of dates as text. Missing-value tokens (``'n/a'``) count as
    missing; any other value that does not read breaks the rule, and the
    issue lists it in ``details["unreadable"]``.
    """
    checked = as_rules(rules)
    columns = _column_lookup(frame)
    for rule in checked:
        for name in rule.columns:
            _resolve(columns, name, rule, "the data")

    others = _Tables(tables or {})
    issues = []
    for rule in checked:
        failing, details = _failing(frame, columns, rule, others)
        if failing.any():
            issues.append(_issue(frame, columns, rule, failing, details))
    return issues


def _column_lookup(frame: pd.DataFrame) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for label in frame.columns:
        if str(label) in lookup:
            raise InputError(
                f"the column name {str(label)!r} appears more than once; rules "
                "name columns, so rename the duplicates first"
            )
        lookup[str(label)] = label
    return lookup


def _resolve(columns: dict[str, Any], name: str, rule: Rule, where: str) -> Any:
    if name not in columns:
        raise InputError(
            f"rule {rule.label} names column {name!r}, which is not in {where}; "
            f"the columns are: {', '.join(columns)}"
        )
    return columns[name]


class _Tables:
    """The other tables of ``reference`` rules, each read at most once."""

    def __init__(self, given: Mapping[str, pd.DataFrame | str | Path]) -> None:
        self.given = given
        self.read: dict[str, pd.DataFrame] = {}

    def column(self, rule: Rule) -> pd.Series:
        name = rule.table or ""
        if name not in self.given:
            known = ", ".join(self.given) or "none"
            raise InputError(
                f"rule {rule.label} names table {name!r}, which is not in tables= "
                f"(tables given: {known}); pass tables={{{name!r}: a DataFrame, "
                "a path or a URL}"
            )
        if name not in self.read:
            source = self.given[name]
            self.read[name] = (
                source if isinstance(source, pd.DataFrame) else _load(source)
            )
        table = self.read[name]
        key = _resolve(_column_lookup(table), rule.table_column or "", rule, name)
        return table[key]


def _load(source: str | Path) -> pd.DataFrame:
    from analyst_pa.sources import load

    return load(str(source))


def _failing(
    frame: pd.DataFrame, columns: dict[str, Any], rule: Rule, others: _Tables
) -> Mask:
    series = [frame[columns[name]] for name in rule.columns]
    try:
        return _MASKS[rule.kind](series, rule, others)
    except InputError:
        raise
    except (TypeError, ValueError) as exc:
        kinds = ", ".join(f"{s.name} ({s.dtype})" for s in series)
        raise InputError(
            f"rule {rule.label} cannot be checked on {kinds}: {exc}"
        ) from exc


def _holds_or_missing(result: Any) -> np.ndarray:
    # A comparison with a missing value gives NA (nullable dtypes) or False
    # (NumPy); the callers mask missing values apart, so NA counts as held.
    result = pd.Series(result)
    return result.fillna(True).to_numpy(dtype=bool)


def _present(series: pd.Series) -> np.ndarray:
    return series.notna().to_numpy()


def _compare(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    compare = _COMPARISONS[rule.op or ""]
    if len(series) == 2:
        # Compared by position: the two columns share the frame's rows.
        left, right = pair(series[0], series[1], rule)
        holds = _holds_or_missing(compare(left.values, right.values))
        return _breaking(holds, left, right)
    (column,) = series
    read = against_constant(column, rule.value, rule)
    return _breaking(_holds_or_missing(compare(read.values, rule.value)), read)


def _between(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    (column,) = series
    assert rule.low is not None and rule.high is not None  # Rule checks it
    read = against_constant(column, rule.low, rule)
    holds = _holds_or_missing(read.values.between(rule.low, rule.high))
    return _breaking(holds, read)


def _breaking(holds: np.ndarray, *operands: Operand) -> Mask:
    # Rows where every side holds a value: those that compare false, and
    # those whose text did not read as the numbers or dates compared.
    present = np.logical_and.reduce([o.present for o in operands])
    unreadable = [present & o.unreadable for o in operands]
    failing = present & (~holds | np.logical_or.reduce(unreadable))
    details: dict[str, Any] = {}
    read_as = sorted({o.read_as for o in operands if o.read_as})
    if read_as:
        details["read_as"] = " and ".join(read_as)
    shown = [
        to_scalar(value)
        for o, rows in zip(operands, unreadable, strict=True)
        for value in o.original[rows].drop_duplicates().head(MAX_KEYS)
    ]
    if shown:
        details["unreadable"] = shown[:MAX_KEYS]
    return failing, details


def _allowed(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    (column,) = series
    failing = _present(column) & ~column.isin(rule.values or []).to_numpy()
    return failing, {"values_not_allowed": _distinct(column, failing)}


def _not_null(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    failing = ~np.logical_and.reduce([_present(s) for s in series])
    return failing, {}


def _unique(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    keys = pd.concat([s.reset_index(drop=True) for s in series], axis=1)
    complete = np.logical_and.reduce([_present(s) for s in series])
    failing = np.zeros(len(keys), dtype=bool)
    failing[complete] = keys[complete].duplicated(keep=False).to_numpy()
    repeated = int((~keys[failing].duplicated()).sum())
    return failing, {"repeated_keys": repeated}


def _matches(series: list[pd.Series], rule: Rule, _: _Tables) -> Mask:
    # Matched once per distinct value, so the cost follows cardinality.
    (column,) = series
    present = _present(column)
    codes, distinct = pd.factorize(column[present].astype(str))
    matched = pd.Series(distinct).str.contains(rule.pattern or "", regex=True)
    failing = np.zeros(len(column), dtype=bool)
    failing[present] = ~matched.to_numpy(dtype=bool)[codes]
    return failing, {"pattern": rule.pattern}


def _reference(series: list[pd.Series], rule: Rule, others: _Tables) -> Mask:
    (column,) = series
    keys = others.column(rule).dropna().unique()
    failing = _present(column) & ~column.isin(keys).to_numpy()
    return failing, {"missing_keys": _distinct(column, failing)}


_MASKS: dict[RuleKind, Callable[[list[pd.Series], Rule, _Tables], Mask]] = {
    RuleKind.COMPARE: _compare,
    RuleKind.BETWEEN: _between,
    RuleKind.ALLOWED: _allowed,
    RuleKind.NOT_NULL: _not_null,
    RuleKind.UNIQUE: _unique,
    RuleKind.MATCHES: _matches,
    RuleKind.REFERENCE: _reference,
}


def _distinct(column: pd.Series, failing: np.ndarray) -> list[Any]:
    values = column[failing].drop_duplicates().head(MAX_KEYS)
    return [to_scalar(v) for v in values]


def _issue(
    frame: pd.DataFrame,
    columns: dict[str, Any],
    rule: Rule,
    failing: np.ndarray,
    details: dict[str, Any],
) -> Issue:
    positions = np.flatnonzero(failing)
    count, n_rows = len(positions), len(frame)
    rows = [to_scalar(label) for label in frame.index[positions[:MAX_ROWS]]]
    shown = ", ".join(str(row) for row in rows[:MAX_EXAMPLES])
    more = f" and {count - MAX_EXAMPLES:,} more" if count > MAX_EXAMPLES else ""

    message = (
        f"{count:,} of {n_rows:,} rows ({_percent(count / n_rows)}) break the rule "
        f"{rule.label}: rows {shown}{more}."
    )
    if rule.kind is RuleKind.REFERENCE:
        keys = ", ".join(str(k) for k in details["missing_keys"])
        message += f" Keys not in {rule.table}.{rule.table_column}: {keys}."
    if details.get("unreadable"):
        values = ", ".join(repr(v) for v in details["unreadable"][:MAX_EXAMPLES])
        message += f" Values that do not read as {details['read_as']}: {values}."

    return Issue(
        id=f"{IssueKind.RULE_VIOLATION.value}:{rule.text}",
        kind=IssueKind.RULE_VIOLATION,
        columns=list(rule.columns),
        severity=Severity.ERROR,
        count=count,
        share=count / n_rows,
        message=message,
        examples=_examples(frame, columns, rule, positions[:MAX_EXAMPLES]),
        details={
            "rule": rule.text,
            "name": rule.name,
            "rule_kind": rule.kind.value,
            "rows": rows,
            **details,
        },
    )


def _examples(
    frame: pd.DataFrame, columns: dict[str, Any], rule: Rule, positions: np.ndarray
) -> list[Example]:
    # One column: its value. Several: "a=1, b=2", so the reader sees why.
    picked = frame.iloc[positions][[columns[name] for name in rule.columns]]
    examples = []
    for label, row in zip(picked.index, picked.itertuples(index=False), strict=True):
        values = [to_scalar(v) for v in row]
        value = (
            values[0]
            if len(values) == 1
            else ", ".join(
                f"{name}={v}" for name, v in zip(rule.columns, values, strict=True)
            )
        )
        examples.append(Example(row=to_scalar(label), value=value))
    return examples


def _percent(share: float) -> str:
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share:.1%}"
