"""Reports: parameterised template notebooks, executed and rendered.

:func:`report` executes a template (``analyst-pa templates`` lists them)
on a source with papermill, on a kernel of the current environment, and
renders it to self-contained HTML with nbconvert, code hidden, or to PDF
from that same HTML with WeasyPrint. :func:`report_batch` runs many at
once. The templates call :mod:`analyst_pa.reports.sections` in the kernel.
See ``README.md`` in this folder for how the parts fit.
"""

from analyst_pa.reports._batch import (
    BatchItem,
    default_workers,
    format_batch,
    report_batch,
)
from analyst_pa.reports._execute import SOURCE_ENV, ReportError
from analyst_pa.reports._report import FORMATS, report
from analyst_pa.reports._templates import (
    TEMPLATES_ENV,
    Template,
    TemplateParameter,
    find_template,
    list_templates,
    template_dirs,
)

__all__ = [
    "FORMATS",
    "SOURCE_ENV",
    "TEMPLATES_ENV",
    "BatchItem",
    "ReportError",
    "Template",
    "TemplateParameter",
    "default_workers",
    "find_template",
    "format_batch",
    "list_templates",
    "report",
    "report_batch",
    "template_dirs",
]
