"""Rules as the analyst declares them: text, mappings, YAML files.

In Python a rule is a :class:`Rule`, its text (``"amount >= 0"``) or a
mapping; in YAML it is a list of the same::

    - amount >= 0
    - rule: status in ['open', 'closed']
      name: known status
    - not_null: customer
    - unique: [order_id, line]

YAML is read with ``yaml.safe_load`` only, so a rules file cannot build
Python objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from analyst_pa.errors import InputError
from analyst_pa.rules._model import Rule, RuleKind
from analyst_pa.rules._parse import looks_like_path, missing_file, parse_rule

__all__ = ["RuleLike", "as_rules", "load_rules", "rules_to_yaml"]

RuleLike = Rule | str | Mapping[str, Any]

_FORMS = (
    "write a rule as its text ('amount >= 0'), as a mapping "
    "{rule: 'amount >= 0', name: 'non-negative amount'}, as {not_null: col} "
    "or {unique: [col, ...]}, or as a Rule"
)


def as_rules(
    rules: RuleLike | Path | Iterable[RuleLike | Path],
) -> list[Rule]:
    """Return ``rules`` as :class:`Rule` objects.

    Parameters
    ----------
    rules : Rule, str, mapping, Path, or a sequence of these
        One rule or several; a string is the text of one rule, unless it
        looks like a path (it ends in ``.yaml`` or ``.yml``, or holds a ``/``
        and no operator): that, or a :class:`~pathlib.Path`, names a YAML
        file whose rules take its place (:func:`load_rules`).

    Raises
    ------
    InputError
        When a rule is malformed, or a rules file does not exist or is not
        a list of rules.
    """
    items = [rules] if isinstance(rules, Rule | str | Mapping | Path) else rules
    checked: list[Rule] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Path) or (isinstance(item, str) and looks_like_path(item)):
            checked += load_rules(item if isinstance(item, Path) else item.strip())
        else:
            checked.append(rule_from(item, f"rule {number}"))
    return checked


def rule_from(item: Any, where: str) -> Rule:
    """Return the :class:`Rule` that one declared item states."""
    if isinstance(item, Rule):
        return item
    if isinstance(item, str):
        return parse_rule(item)
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: {item!r} is not a rule; {_FORMS}")

    name = item.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError(f"{where}: the name {name!r} is not text")
    keys = set(item) - {"name"}
    if keys == {"rule"} and isinstance(item["rule"], str):
        return parse_rule(item["rule"], name=name)
    if keys in ({"not_null"}, {"unique"}):
        (kind,) = keys
        return Rule(kind=RuleKind(kind), columns=_columns(item[kind], where), name=name)
    if "kind" in keys:
        try:
            return Rule.model_validate(dict(item))
        except ValidationError as exc:
            raise InputError(f"{where}: {_reasons(exc)}") from exc
    raise InputError(f"{where}: {dict(item)!r} is not a rule; {_FORMS}")


def _reasons(error: ValidationError) -> str:
    reasons = []
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"])
        reason = detail["msg"].removeprefix("Value error, ")
        reasons.append(f"{field}: {reason}" if field else reason)
    return "; ".join(reasons)


def _columns(value: Any, where: str) -> list[str]:
    columns = [value] if isinstance(value, str) else value
    if not (isinstance(columns, list) and columns):
        raise InputError(f"{where}: {value!r} is not a column or a list of columns")
    if not all(isinstance(c, str) for c in columns):
        raise InputError(f"{where}: the columns {columns!r} are not all names")
    return columns


def load_rules(source: str | Path) -> list[Rule]:
    """Read rules from a YAML file or YAML text.

    Parameters
    ----------
    source : str or Path
        A path to a ``.yaml``/``.yml`` file, or the YAML text itself: a list
        of rules (each its text or a mapping), optionally under a ``rules``
        key.

    Returns
    -------
    list of Rule

    Raises
    ------
    InputError
        When the file cannot be read, the YAML is malformed, or an item is
        not a rule.
    """
    yaml = _yaml()
    text, where = _read(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{where} is not valid YAML: {exc}") from exc

    if data is None:
        return []
    if isinstance(data, dict) and set(data) == {"rules"}:
        data = data["rules"]
    if not isinstance(data, list):
        raise InputError(f"{where} must hold a list of rules; {_FORMS}")
    rules = []
    for number, item in enumerate(data, start=1):
        try:
            rules.append(rule_from(item, f"{where}, item {number}"))
        except InputError as exc:
            # Say where in the file, once: the item's own message may not.
            message = str(exc)
            if not message.startswith(where):
                message = f"{where}, item {number}: {message}"
            raise InputError(message) from exc
    return rules


def _read(source: str | Path) -> tuple[str, str]:
    is_path = isinstance(source, Path) or (
        "\n" not in source and (looks_like_path(source) or Path(source).is_file())
    )
    if not is_path:
        return str(source), "the rules"
    path = Path(source).expanduser()
    if not path.exists():
        raise InputError(missing_file(str(source)))
    try:
        return path.read_text(encoding="utf-8"), str(source)
    except OSError as exc:
        raise InputError(
            f"cannot read the rules file {path.absolute()}: {exc}; check that "
            "it is a file you may read"
        ) from exc


def rules_to_yaml(rules: Iterable[Rule]) -> str:
    """Return ``rules`` as YAML that :func:`load_rules` reads back.

    A named rule is written as a mapping (``rule:`` and ``name:``), an
    unnamed one as its text.
    """
    yaml = _yaml()
    items = [
        {"rule": rule.text, "name": rule.name} if rule.name else rule.text
        for rule in rules
    ]
    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=1000)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(
            "rules in YAML need PyYAML, which is not installed: pip install pyyaml"
        ) from exc
    return yaml
