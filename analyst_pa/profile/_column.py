"""Profile one column: count what is missing, then hand the rest to its kind.

The dtype decides which kind of facts a column gets. Sparse columns are
densified and pyarrow temporal types become their pandas equivalents first,
so each kind is written once. Missing means ``None``, NaN, ``NaT`` or
``<NA>`` (a NaN inside a nullable float column too); infinity is a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api import types as ptypes

from analyst_pa.profile._categorical import category_facts, interval_facts
from analyst_pa.profile._facts import Facts, top_values
from analyst_pa.profile._numeric import boolean_facts, float_facts, integer_facts
from analyst_pa.profile._objects import object_facts
from analyst_pa.profile._statistics import Tally
from analyst_pa.profile._temporal import datetime_facts, duration_facts, period_facts
from analyst_pa.profile._text import text_facts
from analyst_pa.results import ColumnProfile, Scalar, SemanticType


def profile_column(
    column: pd.Series, *, name: str, label: Scalar, position: int, top: int
) -> ColumnProfile:
    """Return the profile of ``column``, shown as ``name``."""
    dtype = str(column.dtype)
    column = _comparable(column)
    missing = missing_mask(column)
    present = column[~missing] if missing.any() else column
    if len(present):
        facts = _facts_of(present, name, top)
    else:
        facts = {"semantic_type": SemanticType.EMPTY, "distinct": 0}
    return ColumnProfile(
        name=name,
        label=label,
        position=position,
        dtype=dtype,
        count=len(present),
        missing=int(missing.sum()),
        **facts,
    )


def missing_mask(column: pd.Series) -> np.ndarray:
    """Return where ``column`` is missing, NaN in nullable float columns included."""
    missing = column.isna().to_numpy(dtype=bool)
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and (
        ptypes.is_float_dtype(column.dtype)
    ):
        # A nullable float column can hold NaN beside <NA> (0/0, for one).
        floats = column.to_numpy(dtype=np.float64, na_value=np.nan)
        missing = missing | np.isnan(floats)
    return missing


def _comparable(column: pd.Series) -> pd.Series:
    """Return ``column`` densified, with pyarrow temporal types as pandas ones."""
    if isinstance(column.dtype, pd.SparseDtype):
        return pd.Series(column.to_numpy(), index=column.index)
    if not isinstance(column.dtype, pd.ArrowDtype):
        return column
    arrow = column.dtype.pyarrow_dtype
    if pa.types.is_timestamp(arrow):
        if arrow.tz is None:
            return column.astype(np.dtype(f"datetime64[{arrow.unit}]"))
        return column.astype(pd.DatetimeTZDtype(unit=arrow.unit, tz=arrow.tz))
    if pa.types.is_date(arrow):
        return column.astype("datetime64[s]")
    if pa.types.is_duration(arrow):
        return column.astype(np.dtype(f"timedelta64[{arrow.unit}]"))
    return column


def _facts_of(present: pd.Series, name: str, top: int) -> Facts:
    dtype = present.dtype
    for accepts, facts in _KINDS:
        if accepts(dtype):
            return facts(present, name, top)
    return object_facts(present.astype(object), name, top)


def _boolean(present: pd.Series, name: str, top: int) -> Facts:
    trues = int(present.to_numpy(dtype=bool).sum())
    return boolean_facts(trues, len(present) - trues, top)


def _integer(present: pd.Series, name: str, top: int) -> Facts:
    unsigned = ptypes.is_unsigned_integer_dtype(present.dtype)
    values = present.to_numpy(dtype=np.uint64 if unsigned else np.int64)
    return integer_facts(Tally.of(values), name, top)


def _float(present: pd.Series, name: str, top: int) -> Facts:
    return float_facts(present.to_numpy(dtype=np.float64), name, top)


def _complex(present: pd.Series, name: str, top: int) -> Facts:
    counted = present.value_counts()
    return {
        "semantic_type": SemanticType.TEXT,
        "distinct": len(counted),
        "top_values": top_values(counted.index, counted.to_numpy(), top, show=str),
        "notes": ["complex numbers: no numeric statistics"],
    }


def _text(present: pd.Series, name: str, top: int) -> Facts:
    counted = present.value_counts()
    return text_facts(pd.Series(counted.index), counted.to_numpy(), name, top)


def _is_datetime(dtype: Any) -> bool:
    return isinstance(dtype, pd.DatetimeTZDtype) or ptypes.is_datetime64_dtype(dtype)


def _is_text(dtype: Any) -> bool:
    return isinstance(dtype, pd.StringDtype) or (
        isinstance(dtype, pd.ArrowDtype)
        and (
            pa.types.is_string(dtype.pyarrow_dtype)
            or pa.types.is_large_string(dtype.pyarrow_dtype)
        )
    )


def _kind(
    facts: Callable[[pd.Series, int], Facts],
) -> Callable[[pd.Series, str, int], Facts]:
    """Adapt a kind's facts that do not depend on the column's name."""
    return lambda present, name, top: facts(present, top)


# The first test that accepts a dtype gives its facts; objects are the rest.
_KINDS: tuple[
    tuple[Callable[[Any], bool], Callable[[pd.Series, str, int], Facts]], ...
] = (
    (lambda d: isinstance(d, pd.CategoricalDtype), _kind(category_facts)),
    (lambda d: isinstance(d, pd.IntervalDtype), _kind(interval_facts)),
    (lambda d: isinstance(d, pd.PeriodDtype), _kind(period_facts)),
    (ptypes.is_bool_dtype, _boolean),
    (ptypes.is_integer_dtype, _integer),
    (ptypes.is_float_dtype, _float),
    (ptypes.is_complex_dtype, _complex),
    (_is_datetime, _kind(datetime_facts)),
    (ptypes.is_timedelta64_dtype, _kind(duration_facts)),
    (_is_text, _text),
)
