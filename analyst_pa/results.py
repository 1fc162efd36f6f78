"""The results of an analysis, as pydantic models.

Everything the engine finds ends up here as plain data; the command line,
the notebook panel and the reports only render these models. The
vocabularies (semantic types, issue kinds, severities, stage states) are
enumerations of stable strings: tests, templates and users depend on them.

Statistics that do not apply or are undefined are ``None``, never NaN:
:data:`Scalar` refuses non-finite floats, so a NaN cannot slip into the
JSON export. Integers stay Python ``int`` (exact beyond 2**63); dates are
ISO 8601 strings with their offset.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

__all__ = [
    "Analysis",
    "ColumnProfile",
    "Example",
    "Fix",
    "Insight",
    "InsightKind",
    "Issue",
    "IssueKind",
    "Recommendation",
    "RunRecord",
    "SemanticType",
    "Severity",
    "StageRecord",
    "StageState",
    "TableProfile",
    "ValueCount",
    "analysis_json_schema",
]


class SemanticType(StrEnum):
    INTEGER = "integer"
    FLOAT = "float"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    DATE = "date"
    DURATION = "duration"
    PERIOD = "period"
    CATEGORICAL = "categorical"
    TEXT = "text"
    IDENTIFIER = "identifier"
    NESTED = "nested"
    MIXED = "mixed"
    EMPTY = "empty"


class IssueKind(StrEnum):
    MISSING_VALUES = "missing_values"
    ALL_MISSING = "all_missing"
    DISGUISED_MISSING = "disguised_missing"
    CONSTANT = "constant"
    NEAR_CONSTANT = "near_constant"
    MIXED_TYPES = "mixed_types"
    NUMERIC_AS_TEXT = "numeric_as_text"
    DATE_AS_TEXT = "date_as_text"
    CODE_AS_NUMBER = "code_as_number"
    TIME_AS_NUMBER = "time_as_number"
    POSSIBLE_EXCEL_SERIAL_DATE = "possible_excel_serial_date"
    INVALID_DATES = "invalid_dates"
    IMPLAUSIBLE_DATES = "implausible_dates"
    INCONSISTENT_DATE_FORMATS = "inconsistent_date_formats"
    AMBIGUOUS_DAY_MONTH = "ambiguous_day_month"
    OUTLIERS = "outliers"
    INFINITE_VALUES = "infinite_values"
    WHITESPACE = "whitespace"
    INCONSISTENT_CATEGORIES = "inconsistent_categories"
    INVISIBLE_CHARACTERS = "invisible_characters"
    UNICODE_VARIANTS = "unicode_variants"
    INVALID_FORMAT = "invalid_format"
    LONG_TEXT = "long_text"
    HIGH_CARDINALITY = "high_cardinality"
    SKEWED = "skewed"
    DUPLICATE_COLUMN_NAME = "duplicate_column_name"
    BLANK_COLUMN_NAME = "blank_column_name"
    DUPLICATE_ROWS = "duplicate_rows"
    DUPLICATE_KEYS = "duplicate_keys"
    HIGHLY_CORRELATED = "highly_correlated"
    ANOMALOUS_ROWS = "anomalous_rows"
    RULE_VIOLATION = "rule_violation"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class InsightKind(StrEnum):
    TREND = "trend"
    SEASONALITY = "seasonality"
    CHANGE_POINT = "change_point"
    CORRELATION = "correlation"
    ASSOCIATION = "association"
    SEGMENT_DIFFERENCE = "segment_difference"
    CONCENTRATION = "concentration"
    DISTRIBUTION = "distribution"


class StageState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(
            f"{value!r} is not a finite number; use None for a statistic "
            "that is undefined"
        )
    return value


# A JSON scalar. The order matters to pydantic's smart union only for
# ambiguous input; bool is listed before int so True never becomes 1.
Scalar = Annotated[bool | int | float | str | None, AfterValidator(_finite)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class ValueCount(_Model):
    """One of a column's most frequent values, shown as text."""

    value: Scalar
    count: int


class ColumnProfile(_Model):
    """What one pass over a column found.

    ``name`` is unique within the table (duplicates get a ``.1`` suffix);
    ``label`` is the original column label where it differs from ``name``.
    Statistics are computed over present, finite values and are ``None``
    where they do not apply (``mean`` of a text column) or are undefined
    (``std`` of one value).
    """

    name: str
    label: Scalar = None
    position: int
    dtype: str
    semantic_type: SemanticType
    count: int
    missing: int
    distinct: int
    infinite: int = 0
    positive_infinite: int = 0
    negative_infinite: int = 0
    min: Scalar = None
    max: Scalar = None
    mean: Scalar = None
    std: Scalar = None
    variance: Scalar = None
    skew: Scalar = None
    kurtosis: Scalar = None
    sum: Scalar = None
    quantiles: dict[str, Scalar] | None = None
    timezone: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    mean_length: float | None = None
    top_values: list[ValueCount] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def missing_share(self) -> float:
        total = self.count + self.missing
        return self.missing / total if total else 0.0


class TableProfile(_Model):
    """The table's shape and one :class:`ColumnProfile` per column."""

    n_rows: int
    n_columns: int
    memory_bytes: int
    missing_cells: int
    duplicate_rows: int
    columns: list[ColumnProfile]

    def column(self, name: str) -> ColumnProfile:
        """Return the profile of the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        known = ", ".join(c.name for c in self.columns)
        raise KeyError(f"no column {name!r} in the profile; columns are: {known}")


class Example(_Model):
    """A row label and the offending value, as found in the data."""

    row: Scalar
    value: Scalar


class Fix(_Model):
    """A proposed fix: what it does, the pandas code, and whether it is safe.

    ``safe`` fixes lose no information and may be applied without review;
    the others (dropping rows, clipping, choosing a date reading) need an
    explicit accept. ``operation`` and ``params`` name the pure function
    that :func:`analyst_pa.fix` applies; ``code`` does the same in pandas.
    """

    id: str
    description: str
    code: str
    safe: bool
    operation: str
    params: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)


class Issue(_Model):
    """A data-quality problem: what, where, how many, and a fix if one is safe
    to propose."""

    id: str
    kind: IssueKind
    columns: list[str]
    severity: Severity
    count: int
    share: float
    message: str
    examples: list[Example] = Field(default_factory=list)
    details: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    fix: Fix | None = None


class Insight(_Model):
    """A finding that passed validation, stated with its numbers."""

    id: str
    kind: InsightKind
    columns: list[str]
    statement: str
    effect: Scalar = None
    p_value: Scalar = None
    q_value: Scalar = None
    support: int
    chart: dict[str, Any] | None = None


EFFORT_LABELS = {1: "small", 2: "medium", 3: "large"}


class Recommendation(_Model):
    """One thing to do, why, and how much it is worth.

    ``impact`` is the share (0–1) of the rows, or of a measure, that the
    action touches, said in words by ``impact_statement``; ``confidence``
    (0–1) is how sure the engine is that acting is worth it; ``effort`` is
    1 (small), 2 (medium) or 3 (large), named by ``effort_label``.
    ``priority`` is impact × confidence ÷ effort: computed when not given,
    refused when given otherwise. ``action`` is pandas code acting on
    ``df`` when ``action_kind`` is ``"code"``, numbered steps otherwise.
    ``based_on`` holds the ids of the issues, insights or model results it
    comes from; ``rows`` the rows affected, where known.
    """

    id: str
    kind: str
    title: str
    rationale: str
    action: str
    action_kind: Literal["code", "steps"] = "steps"
    priority: float = Field(ge=0)
    impact: float = Field(ge=0, le=1)
    impact_statement: str
    confidence: float = Field(ge=0, le=1)
    effort: int = Field(ge=1, le=3)
    effort_label: str
    rows: int | None = None
    columns: list[str] = Field(default_factory=list)
    based_on: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _derive_priority_and_label(cls, data: Any) -> Any:
        # Only fills in what follows from the other fields; malformed input
        # is left for the field validators to report.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        effort = data.get("effort")
        if "effort_label" not in data and effort in EFFORT_LABELS:
            data["effort_label"] = EFFORT_LABELS[effort]
        try:
            expected = float(data["impact"]) * float(data["confidence"]) / effort
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return data
        given = data.setdefault("priority", expected)
        if isinstance(given, int | float) and not math.isclose(
            given, expected, rel_tol=1e-9, abs_tol=1e-12
        ):
            raise ValueError(
                f"priority {given!r} is not impact × confidence ÷ effort "
                f"({expected!r}); leave it out and it is computed"
            )
        return data


class StageRecord(_Model):
    """The state of one named stage of a run."""

    name: str
    state: StageState = StageState.PENDING
    reason: str | None = None
    error: str | None = None
    started_at: datetime | None = None
    duration_s: float | None = None
    cpu_s: float | None = None
    peak_memory_bytes: int | None = None


class RunRecord(_Model):
    """A run: which source, when, its stages and the artifacts it left."""

    id: str
    source: str
    state: StageState = StageState.PENDING
    started_at: datetime
    finished_at: datetime | None = None
    n_rows: int | None = None
    n_columns: int | None = None
    sample: str | None = None
    stages: list[StageRecord] = Field(default_factory=list)
    artifacts: dict[str, str] = Field(default_factory=dict)
    directory: str | None = None

    def stage(self, name: str) -> StageRecord:
        """Return the record of the stage called ``name``."""
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(f"no stage {name!r} in run {self.id}")


class Analysis(_Model):
    """Everything an analysis found. Render it; do not recompute it."""

    source: str
    profile: TableProfile | None = None
    issues: list[Issue] = Field(default_factory=list)
    insights: list[Insight] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    run: RunRecord

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to JSON; :meth:`model_validate_json` reads it back."""
        return self.model_dump_json(indent=indent)

    def issues_of(
        self, kind: str | IssueKind, column: str | None = None
    ) -> list[Issue]:
        """Return the issues of one kind, optionally about one column."""
        return [
            issue
            for issue in self.issues
            if issue.kind == kind and (column is None or column in issue.columns)
        ]

    def _repr_html_(self) -> str:
        # Static HTML for exports; renderers import lazily so that the engine
        # never needs Jupyter.
        from analyst_pa.notebook._html import analysis_html

        return analysis_html(self)

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        # The live panel where a kernel can show widgets, plus HTML and text.
        from analyst_pa.notebook._html import analysis_mimebundle

        return analysis_mimebundle(self, include=include, exclude=exclude)


def analysis_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of :class:`Analysis` that ships with the package."""
    text = resources.files("analyst_pa").joinpath("analysis.schema.json").read_text()
    return json.loads(text)


def write_analysis_json_schema(path: Path) -> None:
    """Regenerate the shipped schema; a test checks that it is current."""
    schema = Analysis.model_json_schema()
    path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
