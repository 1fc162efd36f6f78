"""The fix operations: each a pure function on a frame plus its pandas code.

Parameters name columns by their display name (unique in the profile); the
``rename_columns`` operation, applied first, gives a frame those names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyst_pa.quality._fixes import column_ref, operation

if TYPE_CHECKING:
    import pandas as pd


def _rename_code(names: list[str]) -> str:
    return f"df.columns = {names!r}"


@operation("rename_columns", order=0, safe=True, code=_rename_code)
def rename_columns(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    return frame.set_axis(names, axis=1)


def _drop_columns_code(columns: list[str]) -> str:
    return f"df = df.drop(columns={columns!r})"


@operation("drop_empty_columns", order=10, safe=True, code=_drop_columns_code)
def drop_empty_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.drop(columns=columns)


@operation("drop_columns", order=11, safe=False, code=_drop_columns_code)
def drop_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.drop(columns=columns)


def _strip_code(column: str) -> str:
    ref = column_ref(column)
    return f"{ref} = {ref}.str.strip().str.replace(r'\\s{{2,}}', ' ', regex=True)"


@operation("strip_whitespace", order=20, safe=True, code=_strip_code)
def strip_whitespace(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].str.strip().str.replace(r"\s{2,}", " ", regex=True)
    return out


def _missing_code(column: str, values: list[Any]) -> str:
    ref = column_ref(column)
    return f"{ref} = {ref}.mask({ref}.isin({values!r}))"


@operation("replace_with_missing", order=30, safe=False, code=_missing_code)
def replace_with_missing(
    frame: pd.DataFrame, column: str, values: list[Any]
) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].mask(out[column].isin(values))
    return out


def _infinite_code(column: str) -> str:
    ref = column_ref(column)
    return f"{ref} = {ref}.replace([np.inf, -np.inf], np.nan)"


@operation("replace_infinite", order=31, safe=False, code=_infinite_code)
def replace_infinite(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    import numpy as np

    out = frame.copy()
    out[column] = out[column].replace([np.inf, -np.inf], np.nan)
    return out


def _drop_duplicates_code(subset: list[str] | None = None) -> str:
    rows = f"df[{subset!r}]" if subset else "df"
    return (
        "comparable = "
        f"{rows}.apply(lambda s: s.map(repr).where(s.notna()) if s.dtype == object "
        "else s)\n"
        "df = df[~comparable.duplicated()]"
    )


@operation("drop_duplicate_rows", order=90, safe=False, code=_drop_duplicates_code)
def drop_duplicate_rows(
    frame: pd.DataFrame, subset: list[str] | None = None
) -> pd.DataFrame:
    # Lists and dicts cannot be hashed, so object columns are compared by
    # their repr (missing values stay missing, and equal to each other).
    rows = frame[subset] if subset else frame
    comparable = rows.apply(
        lambda s: s.map(repr).where(s.notna()) if s.dtype == object else s
    )
    return frame[~comparable.duplicated()]
