"""``fix``: the order fixes run in, which are accepted, the log, and the code
that rebuilds the fixed frame from the original."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyst_pa.errors import InputError
from analyst_pa.quality import OPERATIONS, fix, propose
from analyst_pa.quality._issues import new_issue
from analyst_pa.results import Fix, Issue, IssueKind


def issue(kind: IssueKind, column: str, fix_: Fix) -> Issue:
    return new_issue(kind, [column], count=1, n_rows=6, message="m", fix=fix_)


def messy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city": [" Paris", "Lyon ", "n/a", "Lyon ", "Nice", "Nice"],
            "note": ["a\u200b", "b", "c", "b", "d", "d"],
            "junk": [None] * 6,
        }
    )


def all_issues() -> list[Issue]:
    """Issues over ``messy()``, listed in the opposite of their fix order."""
    return [
        issue(IssueKind.DUPLICATE_ROWS, "city", propose("drop_duplicate_rows", "dups")),
        issue(
            IssueKind.DISGUISED_MISSING,
            "city",
            propose("replace_with_missing", "tokens", column="city", values=["n/a"]),
        ),
        issue(
            IssueKind.WHITESPACE,
            "city",
            propose("strip_whitespace", "s", column="city"),
        ),
        issue(
            IssueKind.INVISIBLE_CHARACTERS,
            "note",
            propose("remove_invisible", "zw", column="note", characters=["\u200b"]),
        ),
        issue(
            IssueKind.ALL_MISSING,
            "junk",
            propose("drop_empty_columns", "empty", columns=["junk"]),
        ),
    ]


def assert_code_reproduces(original: pd.DataFrame, fixed) -> None:
    namespace = {"df": original.copy()}
    exec(fixed.code, namespace)
    pd.testing.assert_frame_equal(namespace["df"], fixed.frame)


def test_fixes_run_in_the_operations_order_not_the_issues_order():
    fixed = fix(messy(), all_issues(), accept="all")

    ran = [entry.fix_id.split("(")[0] for entry in fixed.log]
    assert ran == [
        "drop_empty_columns",
        "remove_invisible",
        "strip_whitespace",
        "replace_with_missing",
        "drop_duplicate_rows",
    ]
    assert ran == sorted(ran, key=lambda name: OPERATIONS[name].order)


def test_the_combined_code_starts_with_its_imports_and_rebuilds_the_frame():
    frame = messy()

    fixed = fix(frame, all_issues(), accept="all")

    assert fixed.code.startswith("import numpy as np\nimport pandas as pd\n")
    assert fixed.frame["city"].tolist() == ["Paris", "Lyon", np.nan, "Nice"]
    assert_code_reproduces(frame, fixed)


def test_the_log_counts_changed_and_removed_rows():
    fixed = fix(messy(), all_issues(), accept="all")

    log = {entry.fix_id.split("(")[0]: entry for entry in fixed.log}
    assert log["remove_invisible"].rows_changed == 1
    assert log["strip_whitespace"].rows_changed == 3
    assert log["replace_with_missing"].rows_changed == 1
    assert (
        log["drop_duplicate_rows"].rows_changed,
        log["drop_duplicate_rows"].rows_removed,
    ) == (0, 2)
    assert (
        log["drop_empty_columns"].rows_changed,
        log["drop_empty_columns"].rows_removed,
    ) == (0, 0)


def test_by_default_only_safe_fixes_are_applied():
    fixed = fix(messy(), all_issues())

    ran = {entry.fix_id.split("(")[0] for entry in fixed.log}
    assert ran == {"drop_empty_columns", "remove_invisible", "strip_whitespace"}
    assert all(OPERATIONS[name].safe for name in ran)
    assert len(fixed.frame) == 6 and "n/a" in fixed.frame["city"].tolist()


@pytest.mark.parametrize(
    "accept",
    [
        "disguised_missing",
        "disguised_missing:city",
        ["disguised_missing:city"],
        "replace_with_missing(column='city',values=['n/a'])",
    ],
)
def test_fixes_are_accepted_by_kind_issue_id_or_fix_id(accept):
    fixed = fix(messy(), all_issues(), accept=accept)

    assert [entry.fix_id.split("(")[0] for entry in fixed.log] == [
        "replace_with_missing"
    ]
    assert fixed.frame["city"].isna().sum() == 1


def test_an_unsafe_fix_accepted_by_name_runs_without_the_safe_ones():
    fixed = fix(messy(), all_issues(), accept=["duplicate_rows"])

    assert [entry.rows_removed for entry in fixed.log] == [2]
    assert fixed.frame["city"].tolist()[0] == " Paris"


def test_unknown_names_in_accept_are_an_input_error_naming_them():
    with pytest.raises(InputError, match=r"accept names \['no_such_kind'\].*issue ids"):
        fix(messy(), all_issues(), accept=["whitespace", "no_such_kind"])


def test_an_issue_kind_without_a_fix_is_not_an_error_to_accept():
    plain = new_issue(IssueKind.LONG_TEXT, ["note"], count=1, n_rows=6, message="m")

    fixed = fix(messy(), [*all_issues(), plain], accept="long_text")

    assert fixed.log == []
    pd.testing.assert_frame_equal(fixed.frame, messy())


def test_a_fix_proposed_by_two_issues_runs_once():
    drop = propose("drop_empty_columns", "empty", columns=["junk"])
    both = [
        issue(IssueKind.ALL_MISSING, "junk", drop),
        issue(IssueKind.CONSTANT, "junk", drop),
    ]

    fixed = fix(messy(), both)

    assert len(fixed.log) == 1
    assert_code_reproduces(messy(), fixed)


def test_the_input_frame_is_never_modified():
    frame = messy()
    before = frame.copy()

    fix(frame, all_issues(), accept="all")

    pd.testing.assert_frame_equal(frame, before)


def test_no_accepted_fix_gives_the_frame_back_and_code_that_keeps_it():
    frame = messy()

    fixed = fix(frame, [], accept="all")

    assert fixed.log == []
    assert_code_reproduces(frame, fixed)


def test_every_operation_is_registered_with_an_order_and_code():
    for name in (
        "map_categories",
        "cast_to_text",
        "remove_invisible",
        "normalize_unicode",
    ):
        op = OPERATIONS[name]
        assert op.order < OPERATIONS["strip_whitespace"].order
        assert callable(op.code)
    assert OPERATIONS["map_categories"].order < OPERATIONS["remove_invisible"].order
    assert not OPERATIONS["map_categories"].safe and not OPERATIONS["cast_to_text"].safe
    assert OPERATIONS["remove_invisible"].safe and OPERATIONS["normalize_unicode"].safe


def test_a_fix_on_a_column_an_earlier_fix_dropped_is_skipped_and_said():
    # Regression (found by tests/integration/test_any_frame.py): a column
    # holding only '' is both constant and a disguised missing token; with
    # both fixes accepted, blanking the token failed on the dropped column.
    import analyst_pa

    frame = pd.DataFrame({"id": range(40), "tag": [None] + [""] * 39})
    analysis = analyst_pa.analyze(frame, record=False)

    fixed = analyst_pa.fix(frame, analysis, accept="all")

    assert "tag" not in fixed.frame.columns
    assert any("no column tag at that point" in note for note in fixed.skipped)
    namespace = {"df": frame.copy()}
    exec(fixed.code, namespace)
    pd.testing.assert_frame_equal(namespace["df"], fixed.frame)


def test_fixes_on_non_text_labels_rename_first():
    import analyst_pa

    frame = pd.DataFrame({0: [" a", "b ", "c"] * 20, 1: range(60)})
    fixed = analyst_pa.fix(frame, analyst_pa.analyze(frame, record=False))

    assert list(fixed.frame.columns) == ["0", "1"]
    assert fixed.frame["0"].tolist()[:3] == ["a", "b", "c"]
