"""Any frame of any dtypes and shape: analyze() returns a valid Analysis, and
fixing it with every proposed fix works and is reproduced by its code."""

from __future__ import annotations

import warnings

import pandas as pd
from hypothesis import HealthCheck, given, settings

import analyst_pa
from analyst_pa.results import Analysis, StageState
from tests.unit.profile.test_properties import frames


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(frames())
def test_any_frame_gets_a_valid_analysis(frame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # data caveats are warned, by design
        analysis = analyst_pa.analyze(frame, record=False)

    assert Analysis.model_validate_json(analysis.to_json()) == analysis
    assert analysis.run.state == StageState.SUCCEEDED
    assert analysis.profile.n_rows == len(frame)
    for issue in analysis.issues:
        assert issue.count >= 0 and 0.0 <= issue.share <= 1.0
        assert set(issue.columns) <= {c.name for c in analysis.profile.columns}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(frames())
def test_every_proposed_fix_applies_and_its_code_reproduces_it(frame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = analyst_pa.analyze(frame, record=False)
        fixed = analyst_pa.fix(frame, analysis, accept="all")

    namespace = {"df": frame.copy()}
    exec(fixed.code, namespace)
    pd.testing.assert_frame_equal(namespace["df"], fixed.frame)
