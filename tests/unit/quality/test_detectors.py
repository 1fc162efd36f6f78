"""The detectors: anomalous rows, duplicate keys, highly correlated columns,
and duplicate rows of nested cells."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analyst_pa.profile import profile_table
from analyst_pa.quality import CHECKS, fix
from analyst_pa.quality._detectors import SAMPLE_ROWS, SEED
from tests.cases import load_case
from tests.unit.quality._helpers import assert_code_reproduces, issues, only

# anomalous rows


def people(n: int = 400, seed: int = 2) -> pd.DataFrame:
    """Return heights, weights and ages, with three impossible people at rows
    5, 17 and 42."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "height": rng.normal(170, 10, n),
            "weight": rng.normal(70, 8, n),
            "age": rng.normal(40, 12, n),
        }
    )
    frame.loc[[5, 17, 42], ["height", "weight"]] = [[250, 10], [90, 160], [260, 150]]
    return frame


def test_injected_rows_are_the_anomalous_ones():
    issue = only(people(), "anomalous_rows")

    assert issue.count == 3
    assert sorted(e.row for e in issue.examples) == [5, 17, 42]
    assert issue.details["sample_size"] == 400 and issue.details["seed"] == SEED


def test_each_anomalous_row_names_the_columns_that_make_it_unusual():
    issue = only(people(), "anomalous_rows")

    for example in issue.examples:
        named = [part.split("=")[0] for part in example.value.split(", ")]
        assert set(named[:2]) == {"height", "weight"}, example


@pytest.mark.parametrize("draw", ["normal", "lognormal", "uniform"])
def test_clean_random_data_has_no_anomalous_rows(draw):
    rng = np.random.default_rng(7)
    values = getattr(rng, draw)(size=(1000, 3))

    assert issues(pd.DataFrame(values, columns=["a", "b", "c"]), "anomalous_rows") == []


def test_too_few_rows_or_columns_are_skipped_without_an_issue():
    assert (
        issues(people(n=49).drop(index=[5, 17, 42], errors="ignore"), "anomalous_rows")
        == []
    )
    assert issues(people()[["height"]], "anomalous_rows") == []


def test_identifiers_and_constants_take_no_part():
    frame = people()
    frame["person_id"] = np.arange(100000, 100400)
    frame["country"] = "FR"

    issue = only(frame, "anomalous_rows")

    assert issue.columns == ["height", "weight", "age"]


def test_a_large_table_is_read_on_a_seeded_sample():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(SAMPLE_ROWS + 5000, 3)), columns=list("abc"))
    frame.loc[[10, 20], ["a", "b"]] = [[40, -40], [-45, 42]]
    table = profile_table(frame)

    first = CHECKS["anomalous_rows"][1](frame, table)
    again = CHECKS["anomalous_rows"][1](frame, table)

    assert first == again
    if first:  # the two rows are in the sample only by chance
        assert first[0].details["sample_size"] == SAMPLE_ROWS
        assert "sample of 20,000" in first[0].message


def test_categories_count_by_how_rare_their_value_is():
    frame = people()
    frame["blood"] = np.where(np.arange(400) % 2, "A", "O")
    frame.loc[17, "blood"] = "AB-"

    issue = only(frame, "anomalous_rows")

    assert "blood" in issue.columns


def test_case_22_identifiers_are_left_out_of_anomalies():
    for issue in issues(load_case(22), "anomalous_rows"):
        assert not {"uuid", "user_id", "email"} & set(issue.columns)


# duplicate keys


def orders() -> pd.DataFrame:
    ids = list(range(1000, 1100))
    ids[10], ids[50] = ids[3], ids[40]
    return pd.DataFrame({"order_id": ids, "amount": np.arange(100) * 1.5})


def test_repeated_keys_are_listed_at_the_rows_that_repeat_them():
    issue = only(orders(), "duplicate_keys")

    assert issue.columns == ["order_id"]
    assert issue.count == 2
    assert [(e.row, e.value) for e in issue.examples] == [(10, 1003), (50, 1040)]
    assert issue.fix.params == {"subset": ["order_id"]}
    assert not issue.fix.safe


def test_dropping_rows_of_repeated_keys_needs_an_accept():
    frame = orders()
    found = issues(frame, "duplicate_keys")

    assert fix(frame, found).log == []
    fixed = fix(frame, found, accept="duplicate_keys")

    assert len(fixed.frame) == 98
    assert fixed.log[0].rows_removed == 2
    assert_code_reproduces(frame, fixed)


def test_a_column_that_repeats_by_design_is_no_key():
    frame = pd.DataFrame({"customer_id": np.arange(300) % 40, "x": np.arange(300)})

    assert issues(frame, "duplicate_keys") == []


def airport_codes(n: int = 1000, seed: int = 0) -> list[str]:
    """Return ``n`` distinct three-letter codes, like airports' ``iata``."""
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    rng = np.random.default_rng(seed)
    codes = {"".join(rng.choice(letters, 3)) for _ in range(3 * n)}
    return sorted(codes)[:n]


def test_codes_that_repeat_are_duplicate_keys_whatever_their_name():
    # Regression (bench/README.md): once its codes repeated, airports' iata
    # was typed text, not identifier, and duplicate_keys never looked at it.
    codes = airport_codes()
    rng = np.random.default_rng(1)
    rows = np.sort(rng.choice(len(codes), 30, replace=False))  # 3%
    others = np.setdiff1d(np.arange(len(codes)), rows)
    repeated = np.array(codes, dtype=object)
    repeated[rows] = repeated[rng.choice(others, len(rows), replace=False)]
    frame = pd.DataFrame({"iata": repeated, "altitude": rng.normal(500, 100, 1000)})

    issue = only(frame, "duplicate_keys")

    assert issue.columns == ["iata"]
    seen = frame["iata"].duplicated(keep="first")
    assert issue.count == int(seen.sum()) == len(rows)
    assert {e.value for e in issue.examples} <= set(frame["iata"][seen])
    assert issue.details["distinct"] == len(codes) - len(rows)


def test_a_nearly_unique_measure_is_no_key():
    rng = np.random.default_rng(4)
    price = np.round(rng.lognormal(3, 1, 1000), 2)  # a few prices repeat
    weight = rng.integers(0, 100_000, 1000)  # integers, but not named a key
    frame = pd.DataFrame({"price": price, "weight_g": weight})

    assert frame["price"].duplicated().any() and frame["weight_g"].duplicated().any()
    assert issues(frame, "duplicate_keys") == []


def test_sentences_that_repeat_are_no_key():
    words = [f"note number {i}" for i in range(200)]
    words[5] = words[6]

    assert issues(pd.DataFrame({"comment": words}), "duplicate_keys") == []


def test_case_08_id_repeats_once_at_row_4():
    issue = only(load_case(8), "duplicate_keys")

    assert issue.count == 1
    assert [(e.row, e.value) for e in issue.examples] == [(4, 4)]


# duplicate rows with nested cells (case 08)


def test_case_08_has_one_duplicate_row_and_dropping_it_works():
    frame = load_case(8)
    issue = only(frame, "duplicate_rows")

    fixed = fix(frame, [issue], accept="duplicate_rows")

    assert issue.count == 1
    assert fixed.frame.index.tolist() == [i for i in range(20) if i != 4]
    assert fixed.log[0].rows_removed == 1
    assert_code_reproduces(frame, fixed)


def test_dropping_duplicates_keeps_missing_values_equal_and_types_apart():
    frame = pd.DataFrame(
        {
            "a": pd.Series([1, "1", None, np.nan, [1]], dtype=object),
            "b": [1, 1, 2, 2, 3],
        }
    )

    fixed = fix(frame, [only(frame, "duplicate_rows")], accept="all")

    assert fixed.frame.index.tolist() == [0, 1, 2, 4]
    assert_code_reproduces(frame, fixed)


# highly correlated


def test_case_23_x_and_y_are_highly_correlated():
    frame = load_case(23)

    issue = only(frame, "highly_correlated")

    assert issue.columns == ["x", "y"]
    assert issue.details["pearson"] > 0.99 and issue.details["spearman"] > 0.99
    assert issue.count == 200
    assert issue.fix.params == {"columns": ["y"]} and not issue.fix.safe


def test_constant_columns_and_identifiers_are_never_paired():
    frame = load_case(23)
    frame["id_copy"] = frame["id"] * 2.0  # correlated with id, an identifier

    found = issues(frame, "highly_correlated")

    assert [i.columns for i in found] == [["x", "y"]]
    for issue in found:
        issue.model_dump_json()  # never NaN


def test_a_monotone_but_curved_relation_is_caught_by_spearman():
    x = np.linspace(0.0, 10.0, 300)
    frame = pd.DataFrame({"x": x, "growth": np.exp(x), "noise": np.sin(x * 37.0)})

    issue = only(frame, "highly_correlated")

    assert issue.columns == ["x", "growth"]
    assert issue.details["pearson"] < 0.95
    assert issue.details["spearman"] == pytest.approx(1.0)


def test_correlation_counts_only_rows_where_both_are_present():
    rng = np.random.default_rng(1)
    a = rng.normal(size=100)
    frame = pd.DataFrame({"a": a, "b": 3 * a + rng.normal(0, 0.01, 100)})
    frame.loc[:9, "b"] = np.nan

    issue = only(frame, "highly_correlated")

    assert issue.count == 90
    assert issue.fix.params == {"columns": ["b"]}  # the one with gaps goes


def test_a_sampled_pair_counts_the_rows_of_the_whole_table():
    # Regression: the count was the sample's rows where both were present,
    # and the share 100%, on tables larger than the sample.
    n = SAMPLE_ROWS * 3
    rng = np.random.default_rng(4)
    a = rng.normal(size=n)
    frame = pd.DataFrame({"a": a, "b": 2 * a + rng.normal(0, 0.01, n)})
    frame.loc[frame.index % 10 == 0, "b"] = np.nan
    both = int(frame.notna().all(axis=1).sum())

    issue = only(frame, "highly_correlated")

    assert (issue.count, issue.share) == (both, both / n)
    assert issue.details["sample_size"] == SAMPLE_ROWS
    assert issue.details["sample_rows"] < SAMPLE_ROWS
    assert f"of a seeded sample of {SAMPLE_ROWS:,}" in issue.message


def test_dropping_one_of_a_pair_needs_an_accept():
    frame = load_case(23)
    found = issues(frame, "highly_correlated")

    assert fix(frame, found).log == []
    fixed = fix(frame, found, accept="highly_correlated")

    assert "y" not in fixed.frame.columns
    assert_code_reproduces(frame, fixed)


def test_case_22_identifiers_are_left_out_of_correlations():
    assert issues(load_case(22), "highly_correlated") == []


# any dtype


def test_no_dtype_makes_the_detectors_fail():
    n = 120
    rng = np.random.default_rng(0)
    hours = pd.Series(pd.date_range("2024-01-01", periods=n, freq="h"))
    frame = pd.DataFrame(
        {
            "nullable": pd.array([*rng.integers(0, 100, n - 1), None], dtype="Int64"),
            "floaty": pd.array([*rng.normal(size=n - 1), None], dtype="Float64"),
            "arrow_ts": hours.astype(pd.ArrowDtype(pa.timestamp("us"))),
            "arrow_int": pd.Series(
                rng.integers(0, 9, n), dtype=pd.ArrowDtype(pa.int64())
            ),
            "when": pd.date_range("2024-01-01", periods=n, tz="Europe/Paris"),
            "span": pd.to_timedelta(rng.integers(0, 100, n), unit="m"),
            "period": pd.period_range("2024-01", periods=n, freq="D"),
            "dec": [decimal.Decimal(str(x)) for x in rng.normal(size=n).round(2)],
            "flag": pd.array([True, False, None] * 40, dtype="boolean"),
            "cat": pd.Categorical(rng.choice(["a", "b", "c"], n)),
            "huge": [2**64 + i for i in range(n)],
            "nested": [[1, 2], {"a": 1}] * 60,
        }
    )
    table = profile_table(frame)

    for name in ("anomalous_rows", "duplicate_keys", "highly_correlated"):
        for issue in CHECKS[name][1](frame, table):
            issue.model_dump_json()


# clean data


def test_flights_detectors_report_only_true_things(flights_raw):
    table = profile_table(flights_raw)

    found = {
        name: CHECKS[name][1](flights_raw, table)
        for name in ("anomalous_rows", "duplicate_keys", "highly_correlated")
    }
    pairs = {tuple(i.columns) for i in found["highly_correlated"]}
    assert pairs == {
        ("dep_time", "sched_dep_time"),  # most flights leave on time
        ("dep_time", "hour"),
        ("sched_dep_time", "hour"),  # hour is sched_dep_time // 100
        ("air_time", "distance"),
    }
    assert found["duplicate_keys"] == []  # tailnum and flight repeat by design
    for issue in found["anomalous_rows"]:
        assert issue.share < 0.01
