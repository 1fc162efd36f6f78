from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest
from pydantic import ValidationError

from analyst_pa.results import (
    Analysis,
    ColumnProfile,
    Issue,
    IssueKind,
    RunRecord,
    SemanticType,
    TableProfile,
    analysis_json_schema,
)

DESIGN_SEMANTIC_TYPES = [
    *("integer", "float", "decimal", "boolean", "datetime", "date", "duration"),
    *("period", "categorical", "text", "identifier", "nested", "mixed", "empty"),
]


def _analysis() -> Analysis:
    column = ColumnProfile(
        name="big",
        position=0,
        dtype="object",
        semantic_type=SemanticType.INTEGER,
        count=2,
        missing=1,
        distinct=2,
        min=2**64,
        max=2**64 + 1,
        mean=None,
        quantiles={"0.5": 1.5},
        top_values=[{"value": True, "count": 3}],
    )
    table = TableProfile(
        n_rows=3,
        n_columns=1,
        memory_bytes=100,
        missing_cells=1,
        duplicate_rows=0,
        columns=[column],
    )
    issue = Issue(
        id="missing_values:big",
        kind=IssueKind.MISSING_VALUES,
        columns=["big"],
        severity="warning",
        count=1,
        share=1 / 3,
        message="big is missing in 1 of 3 rows.",
        examples=[{"row": 2, "value": None}],
    )
    run = RunRecord(id="r", source="s", started_at=datetime(2026, 1, 2, tzinfo=UTC))
    return Analysis(source="s", profile=table, issues=[issue], run=run)


def test_json_round_trips_exactly_with_big_integers_and_booleans():
    analysis = _analysis()
    again = Analysis.model_validate_json(analysis.to_json())
    assert again == analysis
    column = again.profile.columns[0]
    assert column.min == 2**64 and type(column.min) is int
    assert column.top_values[0].value is True


def test_nan_is_refused_so_json_never_holds_it():
    with pytest.raises(ValidationError, match="not a finite number"):
        ColumnProfile(
            name="x",
            position=0,
            dtype="float64",
            semantic_type="float",
            count=0,
            missing=1,
            distinct=0,
            mean=float("nan"),
        )


def test_exported_json_validates_against_the_shipped_schema():
    document = json.loads(_analysis().to_json())
    jsonschema.validate(document, analysis_json_schema())


def test_shipped_schema_is_current():
    # Regenerate with analyst_pa.results.write_analysis_json_schema.
    current = json.loads(json.dumps(Analysis.model_json_schema(), sort_keys=True))
    assert analysis_json_schema() == current


def test_vocabularies_match_the_design():
    assert [t.value for t in SemanticType] == DESIGN_SEMANTIC_TYPES
    assert "rule_violation" in {k.value for k in IssueKind}
    assert len(IssueKind) == 32
