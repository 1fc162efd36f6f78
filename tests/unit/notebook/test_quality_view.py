"""The Quality tab's check boxes and Apply, clicked headless."""

from __future__ import annotations

import pandas as pd
import pytest

from analyst_pa import fix
from analyst_pa.notebook._quality import Data, QualityView, css_name
from analyst_pa.results import Analysis, Fix, Issue, IssueKind, Severity

CONSTANT = "constant:source"
WHITESPACE = "whitespace:city"


@pytest.fixture
def view(shell, messy, messy_analysis) -> QualityView:
    shell.user_ns["df"] = messy
    return QualityView(messy_analysis, data=Data(messy, "df"), shell=shell)


def _status(view: QualityView) -> str:
    return view.status.value


def test_safe_fixes_start_accepted_and_the_others_do_not(view, messy_analysis):
    fixable = {i.id: i.fix for i in messy_analysis.issues if i.fix is not None}

    assert {i: box.value for i, box in view.boxes.items()} == {
        i: f.safe for i, f in fixable.items()
    }
    assert view.accepted == [WHITESPACE]


def test_each_issue_row_can_be_found_by_its_id(view):
    classes = [c for row in view.children for c in getattr(row, "_dom_classes", ())]
    assert f"analyst-pa-issue-{css_name(CONSTANT)}" in classes
    assert css_name("constant:year") == "constant-year"


def test_apply_binds_the_cleaned_frame_the_fixes_describe(view, shell, messy):
    view.boxes[CONSTANT].value = True

    view.apply_button.click()

    cleaned = shell.user_ns["df_clean"]
    assert "source" not in cleaned.columns
    assert cleaned["city"].str.strip().eq(cleaned["city"]).all()
    expected = fix(messy, view.analysis, accept=[WHITESPACE, CONSTANT]).frame
    pd.testing.assert_frame_equal(cleaned, expected)
    assert "source" in messy.columns  # the data itself is left alone


def test_apply_shows_the_code_and_offers_it_as_the_next_cell(view, shell):
    view.boxes[CONSTANT].value = True

    view.apply_button.click()

    code = view.code.value
    assert view.code.layout.display is None
    assert "df_clean = df.copy()" in code
    assert "df_clean = df_clean.drop(columns=['source'])" in code
    assert shell.rl_next_input == code
    assert "<b>df_clean</b> = df cleaned: 201 rows × 3 columns" in _status(view)


def test_the_code_reproduces_the_cleaned_frame(view, shell, messy):
    view.boxes[CONSTANT].value = True
    view.apply_button.click()

    namespace = {"df": messy.copy()}
    exec(view.code.value, namespace)

    pd.testing.assert_frame_equal(namespace["df_clean"], shell.user_ns["df_clean"])
    pd.testing.assert_frame_equal(namespace["df"], messy)


def test_the_cleaned_frame_goes_under_the_name_typed(view, shell):
    view.target.value = "  tidy "

    view.apply_button.click()

    assert "tidy" in shell.user_ns
    assert view.code.value.splitlines()[-1].startswith("tidy[")


def test_nothing_ticked_nothing_applied(view, shell):
    view.boxes[WHITESPACE].value = False

    view.apply_button.click()

    assert "df_clean" not in shell.user_ns
    assert "Nothing to apply" in _status(view)


def test_a_name_that_is_not_a_variable_is_refused(view, shell):
    view.target.value = "class"

    view.apply_button.click()

    assert "class is not a Python variable name" in _status(view)
    assert shell.rl_next_input is None


def test_a_fix_whose_column_is_gone_is_said_in_the_panel(view, shell, messy):
    view.data = Data(messy.drop(columns="source"), "df")
    view.boxes[CONSTANT].value = True

    view.apply_button.click()

    assert "Not applied: Drop the constant column source." in _status(view)
    assert "no column source at that point" in _status(view)
    assert "source" not in shell.user_ns["df_clean"].columns


def test_without_the_data_the_variable_is_guessed_and_looked_up(
    shell, messy, messy_analysis
):
    shell.user_ns["sales"] = messy
    view = QualityView(messy_analysis, shell=shell)
    assert view.source.value == "sales"
    assert not view.source.disabled

    view.apply_button.click()

    assert "\ndf_clean = sales.copy()\n" in view.code.value
    assert "df_clean" in shell.user_ns


def test_without_the_data_a_wrong_name_is_said(shell, messy_analysis):
    view = QualityView(messy_analysis, shell=shell)
    view.source.value = "nope"

    view.apply_button.click()

    assert "No DataFrame called nope" in _status(view)


def test_one_fix_proposed_by_two_issues_is_one_decision(shell, messy):
    drop = Fix(
        id="drop_columns(columns=['amount'])",
        description="Drop amount.",
        code="df = df.drop(columns=['amount'])",
        safe=False,
        operation="drop_columns",
        params={"columns": ["amount"]},
    )
    issues = [
        Issue(
            id=f"highly_correlated:amount|{other}",
            kind=IssueKind.HIGHLY_CORRELATED,
            columns=["amount", other],
            severity=Severity.INFO,
            count=1,
            share=0.1,
            message="they move together",
            fix=drop,
        )
        for other in ("id", "city")
    ]
    analysis = Analysis.model_validate(
        {
            "source": "s",
            "issues": issues,
            "run": {"id": "r", "source": "s", "started_at": "2026-01-01T00:00:00Z"},
        }
    )
    view = QualityView(analysis, data=Data(messy, "df"), shell=shell)

    view.boxes[issues[0].id].value = True
    assert view.boxes[issues[1].id].value
    view.boxes[issues[1].id].value = False
    assert not view.boxes[issues[0].id].value


def test_no_fixable_issue_means_no_apply_button(shell, messy_analysis):
    analysis = messy_analysis.model_copy(
        update={"issues": [i for i in messy_analysis.issues if i.fix is None]}
    )
    view = QualityView(analysis, shell=shell)

    classes = [c for row in view.children for c in row._dom_classes]
    assert "analyst-pa-apply-area" not in classes
    assert not view.boxes
