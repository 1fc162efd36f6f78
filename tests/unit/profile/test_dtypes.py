"""Every pandas dtype gets a profile, with the semantic type it should have."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType, TableProfile

S = SemanticType

COLUMNS = {
    "int8": (pd.Series([1, 2, 3], dtype="int8"), S.INTEGER),
    "uint16": (pd.Series([1, 2, 3], dtype="uint16"), S.INTEGER),
    "float32": (pd.Series([1.5, np.nan, np.inf], dtype="float32"), S.FLOAT),
    "float16": (pd.Series([1.5, 2.5], dtype="float16"), S.FLOAT),
    "bool": (pd.Series([True, False]), S.BOOLEAN),
    "Int8": (pd.Series([1, None, 3], dtype="Int8"), S.INTEGER),
    "UInt64": (pd.Series([2**64 - 1, None, 3], dtype="UInt64"), S.INTEGER),
    "Float32": (pd.Series([1.5, None], dtype="Float32"), S.FLOAT),
    "boolean": (pd.Series([True, None, False], dtype="boolean"), S.BOOLEAN),
    "string[python]": (pd.Series(["a b", None], dtype="string[python]"), S.TEXT),
    "string[pyarrow]": (pd.Series(["a b", None], dtype="string[pyarrow]"), S.TEXT),
    "str": (pd.Series(["a b", None], dtype="str"), S.TEXT),
    "int64[pyarrow]": (pd.Series([1, None, 3], dtype="int64[pyarrow]"), S.INTEGER),
    "uint8[pyarrow]": (pd.Series([1, None, 3], dtype="uint8[pyarrow]"), S.INTEGER),
    "double[pyarrow]": (pd.Series([1.5, None], dtype="double[pyarrow]"), S.FLOAT),
    "bool[pyarrow]": (pd.Series([True, None], dtype="bool[pyarrow]"), S.BOOLEAN),
    "decimal[pyarrow]": (
        pd.Series([Decimal("1.25"), None], dtype=pd.ArrowDtype(pa.decimal128(5, 2))),
        S.DECIMAL,
    ),
    "list[pyarrow]": (
        pd.Series([[1], [], None], dtype=pd.ArrowDtype(pa.list_(pa.int64()))),
        S.NESTED,
    ),
    "struct[pyarrow]": (
        pd.Series(
            [{"a": 1}, None], dtype=pd.ArrowDtype(pa.struct([("a", pa.int64())]))
        ),
        S.NESTED,
    ),
    "null[pyarrow]": (pd.Series([None, None], dtype=pd.ArrowDtype(pa.null())), S.EMPTY),
    "object mixed": (pd.Series(["a", 1, None], dtype=object), S.MIXED),
    "object decimal": (pd.Series([Decimal("1.5"), None], dtype=object), S.DECIMAL),
    "object date": (pd.Series([dt.date(2024, 1, 1)], dtype=object), S.DATE),
    "object nested": (pd.Series([[1], {"a": 1}, {1}, (1,)], dtype=object), S.NESTED),
    "object big int": (pd.Series([2**64, 2**65], dtype=object), S.INTEGER),
    "category": (pd.Series(["a", "b", "a"], dtype="category"), S.CATEGORICAL),
    "ordered category": (
        pd.Series(pd.Categorical([1, 2], categories=[2, 1, 3], ordered=True)),
        S.CATEGORICAL,
    ),
    "datetime64[ns]": (
        pd.Series(pd.to_datetime(["2024-01-01 10:00", None])),
        S.DATETIME,
    ),
    "datetime64[s, tz]": (
        pd.Series(pd.to_datetime(["2024-01-01 10:00"]).tz_localize("Asia/Tokyo")),
        S.DATETIME,
    ),
    "timedelta64": (pd.Series(pd.to_timedelta(["1h", None])), S.DURATION),
    "period": (pd.Series(pd.period_range("2024-01", periods=2, freq="M")), S.PERIOD),
    "interval": (
        pd.Series(pd.arrays.IntervalArray.from_breaks([0.0, 0.5, 1.0])),
        S.CATEGORICAL,
    ),
    "Sparse[float]": (
        pd.Series(pd.arrays.SparseArray([0.0, 0.0, 1.5, np.nan])),
        S.FLOAT,
    ),
    "Sparse[int]": (pd.Series(pd.arrays.SparseArray([0, 0, 3])), S.INTEGER),
    "complex": (pd.Series([1 + 2j, np.nan]), S.TEXT),
}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_every_dtype_gets_its_semantic_type(name):
    series, expected = COLUMNS[name]
    profile = profile_table(pd.DataFrame({name: series}))
    column = profile.columns[0]

    assert column.semantic_type == expected
    assert column.count + column.missing == len(series)
    assert column.dtype == str(series.dtype)
    assert TableProfile.model_validate_json(profile.model_dump_json()) == profile


def test_a_frame_of_every_dtype_at_once_is_profiled():
    frame = pd.concat(
        [
            series.reindex(range(4)).rename(name)
            for name, (series, _) in COLUMNS.items()
        ],
        axis=1,
    )
    profile = profile_table(frame)

    assert profile.n_columns == len(COLUMNS)
    assert TableProfile.model_validate_json(profile.model_dump_json()) == profile
