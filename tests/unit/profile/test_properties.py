"""Any frame of any dtypes: a valid profile whose counts add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyst_pa.profile import profile_table
from analyst_pa.results import SemanticType, TableProfile

INT64 = st.integers(-(2**63), 2**63 - 1)
TEXT = st.text(max_size=6)
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
STAMPS = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))
SCALARS = st.one_of(
    st.integers(-(2**70), 2**70),
    FLOATS,
    TEXT,
    st.booleans(),
    st.decimals(allow_nan=False, places=2, max_value=Decimal(10**6)),
    STAMPS.map(lambda t: t.date()),
)
CELLS = st.one_of(
    st.none(),
    SCALARS,
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from("ab"), st.integers(0, 3), max_size=2),
)


def maybe(values):
    return st.one_of(st.none(), values)


# dtype -> (strategy of one cell, how to turn a list of cells into a Series)
KINDS = {
    "int64": (INT64, lambda v: pd.Series(v, dtype="int64")),
    "uint64": (st.integers(0, 2**64 - 1), lambda v: pd.Series(v, dtype="uint64")),
    "Int64": (maybe(INT64), lambda v: pd.Series(v, dtype="Int64")),
    "float64": (FLOATS, lambda v: pd.Series(v, dtype="float64")),
    "Float64": (maybe(FLOATS), lambda v: pd.Series(v, dtype="Float64")),
    "float32": (
        st.floats(width=32, allow_nan=True),
        lambda v: pd.Series(v, dtype="float32"),
    ),
    "bool": (st.booleans(), lambda v: pd.Series(v, dtype=bool)),
    "boolean": (maybe(st.booleans()), lambda v: pd.Series(v, dtype="boolean")),
    "str": (maybe(TEXT), lambda v: pd.Series(v, dtype="str")),
    "digits": (
        maybe(st.from_regex(r"\A ?0?\d{1,6} ?\Z")),
        lambda v: pd.Series(v, dtype="str"),
    ),
    "string[pyarrow]": (maybe(TEXT), lambda v: pd.Series(v, dtype="string[pyarrow]")),
    "int64[pyarrow]": (maybe(INT64), lambda v: pd.Series(v, dtype="int64[pyarrow]")),
    "object": (CELLS, lambda v: pd.Series(v, dtype=object)),
    "category": (
        maybe(st.sampled_from(["x", "y", "z"])),
        lambda v: pd.Series(v, dtype=pd.CategoricalDtype(["x", "y", "z", "w"])),
    ),
    "datetime64": (maybe(STAMPS), lambda v: pd.Series(v, dtype="datetime64[us]")),
    "datetime64 tz": (
        maybe(STAMPS),
        lambda v: pd.Series(v, dtype="datetime64[us]").dt.tz_localize("UTC"),
    ),
    "timedelta64": (
        maybe(st.timedeltas(dt.timedelta(days=-999), dt.timedelta(days=999))),
        lambda v: pd.Series(v, dtype="timedelta64[us]"),
    ),
    "period": (
        maybe(st.integers(0, 600)),
        lambda v: pd.Series(
            [None if x is None else pd.Period(ordinal=x, freq="M") for x in v],
            dtype="period[M]",
        ),
    ),
    "sparse": (
        st.sampled_from([0.0, 1.5, np.nan]),
        lambda v: pd.Series(pd.arrays.SparseArray(v, dtype=np.float64)),
    ),
}
LABELS = st.sampled_from(["a", "a", "b", "", "x.1", 0, ("p", "q")])


@st.composite
def frames(draw):
    n_rows = draw(st.integers(0, 12))
    kinds = draw(st.lists(st.sampled_from(list(KINDS)), max_size=5))
    columns = []
    for kind in kinds:
        cells, build = KINDS[kind]
        values = draw(st.lists(cells, min_size=n_rows, max_size=n_rows))
        columns.append(build(values).reset_index(drop=True))
    frame = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=range(n_rows))
    frame.columns = pd.Index([draw(LABELS) for _ in columns], dtype=object)
    return frame


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(frames())
def test_any_frame_gets_a_valid_profile_whose_counts_add_up(frame):
    profile = profile_table(frame)

    assert TableProfile.model_validate_json(profile.model_dump_json()) == profile
    assert (profile.n_rows, profile.n_columns) == frame.shape
    assert len({c.name for c in profile.columns}) == frame.shape[1]
    assert profile.missing_cells == sum(c.missing for c in profile.columns)
    assert 0 <= profile.duplicate_rows <= max(profile.n_rows - 1, 0)
    for column in profile.columns:
        assert column.count + column.missing == profile.n_rows
        assert column.distinct <= column.count
        assert column.infinite <= column.count
        assert sum(t.count for t in column.top_values) <= column.count
        assert (column.count == 0) == (column.semantic_type == SemanticType.EMPTY)
