"""Profile a whole table: every column by position, then the table's counts."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analyst_pa.errors import InputError
from analyst_pa.profile._column import profile_column
from analyst_pa.profile._names import display_names, original_label
from analyst_pa.profile._objects import cell_keys
from analyst_pa.results import ColumnProfile, SemanticType, TableProfile

# Column kinds whose cells may be unhashable or equal across Python types
# (1 == True), so duplicate rows are found on their canonical form.
_KEYED = (SemanticType.NESTED, SemanticType.MIXED)


def profile_table(df: pd.DataFrame, *, top: int = 10) -> TableProfile:
    """Profile every column of ``df`` in one pass.

    Parameters
    ----------
    df : pandas.DataFrame
        The data, of any dtypes and shape. Columns are profiled by position,
        so repeated labels are kept apart.
    top : int, default 10
        How many of each column's most frequent values to keep.

    Returns
    -------
    TableProfile
        The table's shape, memory use, missing cells and duplicate rows,
        and one :class:`~analyst_pa.results.ColumnProfile` per column with
        its semantic type and statistics: exact integers, ISO 8601 dates
        with their offset, quantiles at 0.05, 0.25, 0.5, 0.75 and 0.95, and
        ``None`` (never NaN) for whatever does not apply or is undefined.

    Raises
    ------
    InputError
        If ``df`` is not a DataFrame or ``top`` is not a non-negative integer.

    Examples
    --------
    >>> import pandas as pd
    >>> profile = profile_table(pd.DataFrame({"x": [1, 2, None]}))
    >>> profile.column("x").semantic_type.value, profile.column("x").missing
    ('integer', 1)
    """
    _check_arguments(df, top)
    names = display_names(df.columns)
    columns = [
        profile_column(
            df.iloc[:, position],
            name=name,
            label=original_label(label, name),
            position=position,
            top=top,
        )
        for position, (label, name) in enumerate(zip(df.columns, names, strict=True))
    ]
    return TableProfile(
        n_rows=len(df),
        n_columns=df.shape[1],
        memory_bytes=memory_bytes(df),
        missing_cells=sum(column.missing for column in columns),
        duplicate_rows=duplicate_rows(df, columns),
        columns=columns,
    )


def memory_bytes(df: pd.DataFrame) -> int:
    """Return the bytes ``df`` holds, its index and Python objects included."""
    # Column by column: DataFrame.memory_usage fails on labels Arrow refuses.
    columns = sum(
        df.iloc[:, i].memory_usage(index=False, deep=True) for i in range(df.shape[1])
    )
    return int(columns + df.index.memory_usage(deep=True))


def duplicate_rows(df: pd.DataFrame, columns: list[ColumnProfile]) -> int:
    """Return how many rows repeat an earlier row in every column.

    Nested and mixed columns are compared on their cells' canonical form.
    A table without columns has no duplicate rows.
    """
    if df.shape[1] == 0 or len(df) < 2:
        return 0
    keyed = [column.semantic_type in _KEYED for column in columns]
    try:
        return _count_duplicates(df, keyed)
    except TypeError:  # unhashable cells in a column of another kind
        objects = [df.iloc[:, i].dtype == object for i in range(df.shape[1])]
        either = [k or o for k, o in zip(keyed, objects, strict=True)]
        return _count_duplicates(df, either)


def _count_duplicates(df: pd.DataFrame, keyed: list[bool]) -> int:
    plain = [position for position, key in enumerate(keyed) if not key]
    if len(plain) == len(keyed):
        return _duplicates(_frame(df, plain, keyed))

    # Only rows whose plain cells repeat can be duplicates; the canonical
    # form, slow to compute, is needed for those rows only.
    candidates = np.ones(len(df), dtype=bool)
    if plain:
        candidates = _frame(df, plain, keyed).duplicated(keep=False).to_numpy()
    if not candidates.any():
        return 0
    return _duplicates(_frame(df.iloc[candidates], range(len(keyed)), keyed))


def _frame(
    df: pd.DataFrame, positions: Iterable[int], keyed: list[bool]
) -> pd.DataFrame:
    """Return the columns at ``positions``, keyed ones as canonical forms."""
    columns = [
        pd.Series(cell_keys(df.iloc[:, p]), dtype=object)
        if keyed[p]
        else _dense(df.iloc[:, p])
        for p in positions
    ]
    return pd.concat(columns, axis=1, ignore_index=True)


def _dense(column: pd.Series) -> pd.Series:
    # A fresh row index: the frame's may repeat labels, which concat refuses.
    if isinstance(column.dtype, pd.SparseDtype):
        return pd.Series(column.to_numpy())
    return column.reset_index(drop=True)


def _duplicates(frame: pd.DataFrame) -> int:
    return int(np.count_nonzero(frame.duplicated().to_numpy()))


def _check_arguments(df: object, top: object) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InputError(
            f"profile_table expects a pandas DataFrame, got {type(df).__name__}; "
            "load the data first, e.g. analyst_pa.load(path)"
        )
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise InputError(f"top must be a non-negative integer, got {top!r}")
