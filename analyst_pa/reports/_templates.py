"""Find the report templates and read the parameters they take.

Templates are notebooks with a cell tagged ``parameters``. They are looked
for, in order, in the directories of ``$ANALYST_PA_TEMPLATES`` (separated
like ``PATH``), in the package (``analyst_pa/templates``, where the wheel
puts the repository's ``templates/``), and, in an editable install, in the
repository's ``templates/`` itself. A template may also be named by the path
of its notebook.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from analyst_pa.errors import InputError

__all__ = [
    "TEMPLATES_ENV",
    "Template",
    "TemplateParameter",
    "find_template",
    "list_templates",
    "template_dirs",
]

TEMPLATES_ENV = "ANALYST_PA_TEMPLATES"


@dataclass(frozen=True)
class TemplateParameter:
    """One parameter of a template, as its ``parameters`` cell sets it."""

    name: str
    type: str
    default: str
    help: str


@dataclass(frozen=True)
class Template:
    """A report template: its name, notebook, description and parameters."""

    name: str
    path: Path
    description: str
    parameters: tuple[TemplateParameter, ...]

    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]


def template_dirs() -> list[Path]:
    """Return the directories searched for templates, first match wins."""
    configured = os.environ.get(TEMPLATES_ENV, "")
    dirs = [Path(p) for p in configured.split(os.pathsep) if p]

    shipped = Path(str(resources.files("analyst_pa").joinpath("templates")))
    repository = Path(__file__).resolve().parents[2] / "templates"
    dirs += [shipped if shipped.is_dir() else repository]
    return [d for d in dirs if d.is_dir()]


def list_templates() -> list[Template]:
    """Return every template found, by name; the first of a name wins."""
    found: dict[str, Template] = {}
    for directory in template_dirs():
        for path in sorted(directory.glob("*.ipynb")):
            if path.stem not in found:
                found[path.stem] = read_template(path)
    return sorted(found.values(), key=lambda t: t.name)


def find_template(name: str | os.PathLike[str]) -> Template:
    """Return the template called ``name``, or at path ``name``.

    Raises
    ------
    InputError
        When there is no such template; the message lists those there are.
    """
    path = Path(name)
    if path.suffix == ".ipynb":
        if not path.is_file():
            raise InputError(f"template notebook {path} does not exist")
        return read_template(path)

    for directory in template_dirs():
        candidate = directory / f"{name}.ipynb"
        if candidate.is_file():
            return read_template(candidate)
    known = ", ".join(t.name for t in list_templates()) or "none"
    raise InputError(
        f"no template {str(name)!r}; the templates are: {known} "
        "(or give the path of a notebook with a cell tagged 'parameters')"
    )


def read_template(path: Path) -> Template:
    """Read a template's description and parameters from its notebook."""
    from papermill import inspect_notebook

    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        inferred = inspect_notebook(str(path))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"template {path} cannot be read as a notebook with parameters: {exc}"
        ) from exc
    parameters = tuple(
        TemplateParameter(
            name=p["name"],
            type=p["inferred_type_name"],
            default=p["default"],
            help=p["help"],
        )
        for p in inferred.values()
    )
    return Template(
        name=path.stem,
        path=path,
        description=_description(notebook),
        parameters=parameters,
    )


def _description(notebook: dict) -> str:
    meta = notebook.get("metadata", {}).get("analyst_pa", {})
    if meta.get("description"):
        return str(meta["description"])
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", "")).strip()
            return text.splitlines()[0].lstrip("# ") if text else ""
    return ""
