"""Recommendations from quality issues: one per problem to act on.

Similar issues become one recommendation, as an analyst would list them:
missing values that fall on the same rows (one cause, one decision),
columns linked by correlation (keep one of them), and the tidy-ups applied
the same way to many columns (strip spaces, drop constant columns). The
others stay one recommendation per issue.

Impact is the share of rows touched, weighted by what is at stake there:
wrong or missing values count fully, values in the wrong form half, and a
tidy-up that changes no value (dropping a constant column, transforming a
skewed one) a hundredth, so that it ranks below correcting any real share
of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analyst_pa.recommendations._build import build, listing, percent
from analyst_pa.results import Issue, IssueKind, Recommendation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PLAYS", "Play", "from_issues"]

VALUES, FORM, TIDY = 1.0, 0.5, 0.01  # what is at stake in the touched rows

_STAKES = {
    VALUES: "have missing or wrong values",
    FORM: "hold values in a form that breaks grouping, sorting or arithmetic",
    TIDY: "keep their values: this only tidies the data for analysis",
}

# Missing values in two columns fall on the same rows when this share of
# the rarer one's missing rows are missing in the other too.
CO_MISSING = 0.9


@dataclass(frozen=True)
class Play:
    """How to act on one kind of issue.

    ``title`` and ``steps`` are formatted with ``cols`` (a listing of the
    columns), ``rows`` (the rows touched, with thousands separators) and
    ``rule`` (a rule violation's rule). ``group`` says which issues of the
    kind become one recommendation: ``"rows"`` (missing on the same rows),
    ``"linked"`` (columns linked pairwise), ``"kind"`` (all of them) or
    ``"each"`` (none).
    """

    title: str
    steps: str
    stake: float
    effort: int
    confidence: float
    group: str = "each"


_REVIEW = (
    "1. Look at the rows: {code}\n2. Correct them at the source, or drop them "
    "if they cannot be trusted, and say which in the report."
)

PLAYS: dict[IssueKind, Play] = {
    IssueKind.MISSING_VALUES: Play(
        "Handle the {rows} rows with missing {cols}",
        "1. Find out why values are missing in {cols}: events that did not "
        "happen, or values not recorded?\n2. Drop, impute or flag those rows, and say "
        "which in the report.",
        VALUES,
        2,
        0.9,
        "rows",
    ),
    IssueKind.ALL_MISSING: Play(
        "Drop {cols}: no values at all",
        "Drop {cols}: they hold no value.",
        TIDY,
        1,
        0.95,
        "kind",
    ),
    IssueKind.DISGUISED_MISSING: Play(
        "Turn the placeholder values in {cols} into missing values",
        "Replace the placeholders in {cols} with missing values, then decide "
        "how to handle them.",
        VALUES,
        1,
        0.8,
    ),
    IssueKind.CONSTANT: Play(
        "Drop {cols}: one value throughout",
        "Drop {cols}: a column holding one value carries no information.",
        TIDY,
        1,
        0.9,
        "kind",
    ),
    IssueKind.NEAR_CONSTANT: Play(
        "Check whether to keep {cols}: nearly one value throughout",
        "Look at the rare values of {cols}; keep them as a flag or drop the columns.",
        TIDY,
        1,
        0.6,
        "kind",
    ),
    IssueKind.MIXED_TYPES: Play(
        "Give {cols} one type of value",
        "Find the values of {cols} of the minority type and convert or remove them.",
        FORM,
        2,
        0.8,
    ),
    IssueKind.NUMERIC_AS_TEXT: Play(
        "Convert {cols} to numbers",
        "Convert {cols} with pd.to_numeric, after fixing the values it refuses.",
        FORM,
        1,
        0.85,
        "kind",
    ),
    IssueKind.DATE_AS_TEXT: Play(
        "Convert {cols} to dates",
        "Convert {cols} with pd.to_datetime and an explicit format.",
        FORM,
        1,
        0.85,
        "kind",
    ),
    IssueKind.CODE_AS_NUMBER: Play(
        "Keep {cols} as text codes, not numbers",
        "Read {cols} as text so that leading zeros survive.",
        FORM,
        1,
        0.75,
        "kind",
    ),
    IssueKind.TIME_AS_NUMBER: Play(
        "Read {cols} as clock times, not numbers",
        "Convert {cols} from HHMM numbers to minutes after midnight (or to "
        "times) before computing with them.",
        FORM,
        2,
        0.8,
        "kind",
    ),
    IssueKind.POSSIBLE_EXCEL_SERIAL_DATE: Play(
        "Check {cols} for Excel serial dates",
        "Convert {cols} from days since 1899-12-30 if they are dates.",
        FORM,
        1,
        0.6,
    ),
    IssueKind.INVALID_DATES: Play(
        "Correct the {rows} invalid dates in {cols}",
        "Correct the invalid dates in {cols} at the source, or set them missing.",
        VALUES,
        2,
        0.9,
    ),
    IssueKind.IMPLAUSIBLE_DATES: Play(
        "Review the {rows} implausible dates in {cols}",
        "Check the implausible dates in {cols} against the source.",
        VALUES,
        2,
        0.7,
    ),
    IssueKind.INCONSISTENT_DATE_FORMATS: Play(
        "Read the {rows} dates of {cols} with one format",
        "Parse each format of {cols} explicitly, then combine them.",
        VALUES,
        2,
        0.8,
    ),
    IssueKind.AMBIGUOUS_DAY_MONTH: Play(
        "Decide the day-month order of {cols}",
        "Confirm with the data's owner whether the dates in {cols} put the day first.",
        VALUES,
        1,
        0.7,
    ),
    IssueKind.OUTLIERS: Play(
        "Review the {rows} extreme values of {cols}",
        "Check the extreme values of {cols} against the source before "
        "dropping or capping them: they may be real.",
        VALUES,
        2,
        0.5,
    ),
    IssueKind.INFINITE_VALUES: Play(
        "Replace the {rows} infinite values in {cols}",
        "Replace the infinite values in {cols} with missing values.",
        VALUES,
        1,
        0.9,
        "kind",
    ),
    IssueKind.WHITESPACE: Play(
        "Strip stray spaces from {cols}",
        "Strip leading and trailing spaces from {cols}.",
        FORM,
        1,
        0.9,
        "kind",
    ),
    IssueKind.INCONSISTENT_CATEGORIES: Play(
        "Merge the variant spellings in {cols}",
        "Map the variant spellings of {cols} to one each, so groups are not split.",
        VALUES,
        1,
        0.8,
    ),
    IssueKind.INVISIBLE_CHARACTERS: Play(
        "Remove invisible characters from {cols}",
        "Remove the invisible characters from {cols}.",
        FORM,
        1,
        0.9,
        "kind",
    ),
    IssueKind.UNICODE_VARIANTS: Play(
        "Normalise the Unicode text of {cols}",
        "Normalise {cols} to NFC so equal-looking text compares equal.",
        FORM,
        1,
        0.85,
        "kind",
    ),
    IssueKind.INVALID_FORMAT: Play(
        "Correct the {rows} badly formatted values in {cols}",
        "Correct the values of {cols} that do not follow the format, or set "
        "them missing.",
        VALUES,
        2,
        0.7,
    ),
    IssueKind.LONG_TEXT: Play(
        "Keep the long text of {cols} out of tabular analysis",
        "Analyse {cols} as text (or drop them) rather than as categories.",
        TIDY,
        1,
        0.6,
        "kind",
    ),
    IssueKind.HIGH_CARDINALITY: Play(
        "Group the rare values of {cols} before modelling",
        "Group the rare values of {cols} (e.g. into 'other') or encode them "
        "by frequency.",
        TIDY,
        2,
        0.6,
        "kind",
    ),
    IssueKind.SKEWED: Play(
        "Transform the skewed {cols} before linear modelling",
        "Use medians rather than means for {cols}; transform them for linear models.",
        TIDY,
        1,
        0.6,
        "kind",
    ),
    IssueKind.DUPLICATE_COLUMN_NAME: Play(
        "Rename the repeated columns {cols}",
        "Give each of {cols} a unique name.",
        TIDY,
        1,
        0.95,
        "kind",
    ),
    IssueKind.BLANK_COLUMN_NAME: Play(
        "Name the unnamed columns {cols}",
        "Give {cols} names that say what they hold.",
        TIDY,
        1,
        0.95,
        "kind",
    ),
    IssueKind.DUPLICATE_ROWS: Play(
        "Remove the {rows} duplicate rows",
        "Drop the repeated rows, keeping the first: df = df.drop_duplicates()",
        VALUES,
        1,
        0.8,
    ),
    IssueKind.DUPLICATE_KEYS: Play(
        "Resolve the {rows} rows that repeat a key of {cols}",
        "Find out why keys of {cols} repeat; keep one row per key.",
        VALUES,
        2,
        0.85,
    ),
    IssueKind.HIGHLY_CORRELATED: Play(
        "Keep one of {cols}: they carry the same information",
        "Keep one of {cols} for modelling and drop the others.",
        TIDY,
        1,
        0.6,
        "linked",
    ),
    IssueKind.ANOMALOUS_ROWS: Play(
        "Review the {rows} anomalous rows",
        _REVIEW,
        VALUES,
        2,
        0.4,
    ),
    IssueKind.RULE_VIOLATION: Play(
        "Correct the {rows} rows that break the rule {rule}",
        _REVIEW + "\n3. Re-run the rule with analyst_pa.rules.check_rules.",
        VALUES,
        2,
        0.95,
    ),
}

_DEFAULT = Play("Address: {message}", "{message}", VALUES, 2, 0.5)


def from_issues(
    issues: Sequence[Issue],
    *,
    frame: pd.DataFrame | None = None,
    target: str | None = None,
) -> list[Recommendation]:
    """Return the recommendations the quality issues call for, one per group
    of similar issues."""
    by_kind: dict[IssueKind, list[Issue]] = {}
    for issue in issues:
        by_kind.setdefault(issue.kind, []).append(issue)

    recommendations = []
    for kind, found in by_kind.items():
        play = PLAYS.get(kind, _DEFAULT)
        for group in _GROUPINGS[play.group](found, frame):
            rows, share = _rows(group, play, frame)
            recommendations.append(_recommend(group, play, rows, share, target))
    return recommendations


def _each(issues: list[Issue], frame: pd.DataFrame | None) -> list[list[Issue]]:
    return [[issue] for issue in issues]


def _all(issues: list[Issue], frame: pd.DataFrame | None) -> list[list[Issue]]:
    return [issues]


def _linked(issues: list[Issue], frame: pd.DataFrame | None) -> list[list[Issue]]:
    # Issues sharing a column end up together (connected components).
    return _components(issues, lambda a, b: bool(set(a.columns) & set(b.columns)))


def _same_rows(issues: list[Issue], frame: pd.DataFrame | None) -> list[list[Issue]]:
    masks = _missing_masks(issues, frame)
    if masks is None:
        # Without the data, equal counts are the best sign of the same rows.
        return _components(issues, lambda a, b: a.count == b.count)

    counts = _overlaps(masks)
    index = {issue.id: i for i, issue in enumerate(issues)}

    def together(a: Issue, b: Issue) -> bool:
        i, j = index[a.id], index[b.id]
        smaller = min(counts[i, i], counts[j, j])
        return smaller > 0 and counts[i, j] >= CO_MISSING * smaller

    return _components(issues, together)


_GROUPINGS: dict[str, Callable[[list[Issue], pd.DataFrame | None], list[list[Issue]]]]
_GROUPINGS = {"each": _each, "kind": _all, "linked": _linked, "rows": _same_rows}


def _components(
    issues: list[Issue], linked: Callable[[Issue, Issue], bool]
) -> list[list[Issue]]:
    parent = list(range(len(issues)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(issues)):
        for j in range(i + 1, len(issues)):
            if linked(issues[i], issues[j]):
                parent[root(j)] = root(i)

    groups: dict[int, list[Issue]] = {}
    for i, issue in enumerate(issues):
        groups.setdefault(root(i), []).append(issue)
    return list(groups.values())


def _missing_masks(
    issues: list[Issue], frame: pd.DataFrame | None
) -> np.ndarray | None:
    if frame is None:
        return None
    labels = {str(label): label for label in frame.columns}
    names = [issue.columns[0] for issue in issues]
    if len(labels) != frame.shape[1] or not all(n in labels for n in names):
        return None  # repeated or renamed labels: the columns cannot be found
    return frame[[labels[n] for n in names]].isna().to_numpy()


def _overlaps(masks: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    """Return how many rows each pair of columns are missing together."""
    # Only rows missing something count; in chunks, to bound the memory.
    masks = masks[masks.any(axis=1)]
    counts = np.zeros((masks.shape[1], masks.shape[1]))
    for start in range(0, len(masks), chunk):
        block = masks[start : start + chunk].astype(np.float32)
        counts += block.T @ block
    return counts


def _rows(
    group: list[Issue], play: Play, frame: pd.DataFrame | None
) -> tuple[int, float]:
    """Return the rows the group touches and their share of the table."""
    # Each issue's own share is kept, not recomputed: an issue found on a
    # sample counts the sample's rows.
    if play.group == "rows":
        masks = _missing_masks(group, frame)
        if masks is not None:
            union = int(masks.any(axis=1).sum())
            return union, union / len(masks) if len(masks) else 0.0
    widest = max(group, key=lambda issue: issue.share)
    return widest.count, widest.share


def _recommend(
    group: list[Issue],
    play: Play,
    rows: int,
    share: float,
    target: str | None,
) -> Recommendation:
    group = sorted(group, key=lambda i: (-i.count, i.id))
    columns = list(dict.fromkeys(c for issue in group for c in issue.columns))
    words = _words(group, columns, rows)
    action, code = _action(group, play, columns, rows, target)
    all_safe = all(i.fix is not None and i.fix.safe for i in group)

    return build(
        id=_id(group),
        kind=group[0].kind.value,
        title=_title(group, play, words, target),
        rationale=_rationale(group, play),
        action=action,
        action_kind="code" if code else "steps",
        impact=share * play.stake,
        impact_statement=f"{rows:,} rows ({percent(share)}) {_STAKES[play.stake]}",
        confidence=play.confidence,
        effort=1 if all_safe else play.effort,
        rows=rows,
        columns=columns,
        based_on=[issue.id for issue in group],
    )


def _id(group: list[Issue]) -> str:
    if len(group) == 1:
        return f"rec:{group[0].id}"
    columns = "|".join(sorted({c for issue in group for c in issue.columns}))
    return f"rec:{group[0].kind.value}:{columns}"


def _words(group: list[Issue], columns: list[str], rows: int) -> dict[str, str]:
    rule = group[0].details.get("name") or group[0].details.get("rule")
    conjunction = "or" if group[0].kind is IssueKind.MISSING_VALUES else "and"
    return {
        "cols": listing(columns, conjunction),
        "rows": f"{rows:,}",
        "rule": repr(rule) if rule else "",
        "message": group[0].message,
    }


def _title(
    group: list[Issue], play: Play, words: dict[str, str], target: str | None
) -> str:
    columns = {c for issue in group for c in issue.columns}
    if group[0].kind is IssueKind.MISSING_VALUES and target in columns:
        return f"Fix the {words['rows']} rows with missing {target} before modelling it"
    return play.title.format(**words)


def _rationale(group: list[Issue], play: Play) -> str:
    messages = [issue.message for issue in group[:3]]
    if len(group) > 3:
        messages.append(f"And {len(group) - 3} more issues of the same kind.")
    if play.group == "rows" and len(group) > 1:
        messages.append(
            "These values are missing on the same rows, so they likely share "
            "one cause and call for one decision."
        )
    return " ".join(messages)


def _action(
    group: list[Issue],
    play: Play,
    columns: list[str],
    rows: int,
    target: str | None,
) -> tuple[str, bool]:
    """Return the action and whether it is code."""
    fixes = [issue.fix for issue in group if issue.fix is not None]
    if fixes and len(fixes) == len(group):
        return "\n".join(dict.fromkeys(fix.code for fix in fixes)), True
    write = _CODE.get(group[0].kind)
    code = write(group, columns, rows, target) if write else None
    if code is not None:
        return code, True
    return play.steps.format(**_words(group, columns, rows), code=_look(group)), False


def _look(group: list[Issue]) -> str:
    listed = group[0].details.get("rows")
    rows = listed if isinstance(listed, list) else [e.row for e in group[0].examples]
    return f"df.loc[{rows!r}]" if rows else "df"


def _missing_code(
    group: list[Issue], columns: list[str], rows: int, target: str | None
) -> str:
    why = (
        f"rows without {target} cannot be used to model it"
        if target in columns
        else "look at them before deciding to drop, impute or flag them"
    )
    return (
        f"# {rows:,} rows miss {listing(columns, 'or')}: {why}\n"
        f"missing = df[{columns!r}].isna().any(axis=1)\n"
        "df_missing = df[missing]\n"
        "df = df[~missing]"
    )


def _skewed_code(
    group: list[Issue], columns: list[str], rows: int, target: str | None
) -> str:
    return (
        "from sklearn.preprocessing import PowerTransformer\n\n"
        f"skewed = {columns!r}\n"
        "transformed = PowerTransformer().fit_transform(df[skewed].astype(float))\n"
        'df[[f"{c}_yeo_johnson" for c in skewed]] = transformed'
    )


def _outlier_code(
    group: list[Issue], columns: list[str], rows: int, target: str | None
) -> str | None:
    details = group[0].details
    low, high = details.get("lower"), details.get("upper")
    if not (isinstance(low, int | float) and isinstance(high, int | float)):
        return None
    column = columns[0]
    return (
        f"# check these against the source before dropping or capping them\n"
        f"values = df[{column!r}]\n"
        f"extreme = values.notna() & ~values.between({low!r}, {high!r})\n"
        "df[extreme]"
    )


_CODE: dict[IssueKind, Callable[..., str | None]] = {
    IssueKind.MISSING_VALUES: _missing_code,
    IssueKind.SKEWED: _skewed_code,
    IssueKind.OUTLIERS: _outlier_code,
}
