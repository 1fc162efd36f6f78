"""What the quality tests share: find issues of a kind, pick the single one,
and check that a fix's generated code rebuilds the fixed frame."""

from __future__ import annotations

import pandas as pd

from analyst_pa.profile import profile_table
from analyst_pa.quality import Fixed, find_issues
from analyst_pa.results import Issue


def issues(frame: pd.DataFrame, kind: str, column: str | None = None) -> list[Issue]:
    """Return the issues of ``kind`` every check finds (about ``column``)."""
    found = find_issues(frame, profile_table(frame), kinds=[kind])
    return [i for i in found if column is None or column in i.columns]


def only(frame: pd.DataFrame, kind: str, column: str | None = None) -> Issue:
    """Return the one issue of ``kind`` (about ``column``); fail if not one."""
    found = issues(frame, kind, column)
    assert len(found) == 1, found
    return found[0]


def rows(issue: Issue) -> list:
    return [example.row for example in issue.examples]


def assert_code_reproduces(original: pd.DataFrame, fixed: Fixed) -> None:
    """Run the fix's pandas code on a copy of ``original``; it must give
    exactly the frame the fix functions produced."""
    namespace = {"df": original.copy()}
    exec(fixed.code, namespace)
    pd.testing.assert_frame_equal(namespace["df"], fixed.frame)
