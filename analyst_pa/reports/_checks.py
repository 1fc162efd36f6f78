"""Check a report request before any kernel starts.

Executing a template takes seconds to minutes and leaves a notebook and a
run behind, so what can be known up front is checked first: that a local
source exists and is a supported file, that a ``dataset:`` name ships, that
each parameter value has the type the template declares, and that PDF
output can be written at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from analyst_pa.errors import InputError, SourceError
from analyst_pa.reports._templates import Template, TemplateParameter

__all__ = ["check_output_parent", "check_parameter_types", "check_source"]

# papermill's inferred_type_name -> the Python types a value may have
_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "list": (list, tuple),
    "dict": (dict,),
}
_NAMES = {
    "int": "a whole number",
    "float": "a number",
    "str": "a text",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping",
}
_EXAMPLES = {
    "int": "10",
    "float": "0.5",
    "str": "text",
    "bool": "true",
    "list": '["a", "b"]',
    "dict": '{"a": 1}',
}
_OPTIONAL = re.compile(r"^Optional\[(\w+)\]$")


def check_source(source: str, shown: str) -> None:
    """Raise :class:`SourceError` for a local file or data set that cannot be
    read; URLs and database sources are left to the run."""
    from analyst_pa.sources._files import _format_of, _path_of
    from analyst_pa.sources._registry import _scheme_of

    scheme = _scheme_of(source)
    if scheme == "dataset":
        _check_dataset(source)
    elif scheme in (None, "file"):
        _format_of(_path_of(source), shown)


def _check_dataset(source: str) -> None:
    from analyst_pa.datasets import flights_path

    # As analyst_pa.sources._datasets.read_dataset knows them.
    locations = {"flights": flights_path}
    name = source.partition(":")[2].strip().lower()
    if name not in locations:
        raise SourceError(
            source,
            f"no data set {name!r} ships with analyst_pa; the data sets are: "
            f"{', '.join(sorted(locations))}",
        )
    try:
        locations[name]()
    except InputError as exc:
        raise SourceError(source, str(exc)) from exc


def check_parameter_types(template: Template, values: dict[str, Any]) -> None:
    """Raise :class:`InputError` for a value of another type than the one
    the template's ``parameters`` cell declares."""
    declared = {p.name: p for p in template.parameters}
    for name, value in values.items():
        parameter = declared.get(name)
        if parameter is not None and not _fits(parameter.type, value):
            raise InputError(_mismatch(template, parameter, value))


def _base(type_name: str) -> tuple[str, bool]:
    """Return the base type name and whether None is allowed."""
    optional = _OPTIONAL.match(type_name)
    return (optional.group(1), True) if optional else (type_name, False)


def _fits(type_name: str, value: Any) -> bool:
    base, optional = _base(type_name)
    if base not in _TYPES:  # None, Union[...], a class: not checked here
        return True
    if value is None:
        return optional
    if isinstance(value, bool) and base != "bool":
        return False
    return isinstance(value, _TYPES[base])


def _mismatch(template: Template, parameter: TemplateParameter, value: Any) -> str:
    base, optional = _base(parameter.type)
    expected = _NAMES[base] + (" or None" if optional else "")
    return (
        f"parameter {parameter.name!r} of template {template.name!r} takes "
        f"{expected} ({parameter.type}), got {value!r} (a {type(value).__name__}); "
        f"pass a value of that type, e.g. {parameter.name}={_EXAMPLES[base]}"
    )


def check_output_parent(path: Path) -> None:
    """Raise :class:`InputError` when the report's directory does not exist."""
    if not path.parent.is_dir():
        raise InputError(
            f"--output {path}: the directory {path.parent} does not exist; "
            "create it first, or name a file or directory that exists"
        )
