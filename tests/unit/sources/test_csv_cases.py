"""The shared hard CSV inputs read with the right types (cases 16, 17, 29)."""

from __future__ import annotations

import pandas as pd
import pytest

from analyst_pa.sources import load


def test_zip_codes_keep_leading_zeros(cases):
    frame = load(cases / "16_zip_codes_leading_zeros.csv")

    for column in ("zip", "account_no", "phone"):
        assert frame[column].dtype == "str", column
    assert frame["zip"].min() == "00501"
    assert frame["zip"].value_counts()["02134"] == 3
    assert frame["zip"].nunique() == 18
    assert frame["account_no"].nunique() == 25
    assert frame["account_no"].str.len().eq(6).all()
    assert frame["phone"].iloc[1] == "0600000001"
    assert frame["amount"].dtype == "float64"
    assert frame["amount"].iloc[0] == 12.5
    assert frame["qty"].dtype == "int64"


def test_semicolon_file_reads_decimal_commas_and_day_first_dates(cases):
    frame = load(cases / "17_semicolon_decimal_comma.csv")

    assert frame.shape == (20, 5)
    assert frame["betrag"].dtype == "float64"
    assert frame["betrag"].sum() == pytest.approx(212344.70)
    assert frame["betrag"].min() == 1234.56
    assert frame["betrag"].max() == 19999.91
    assert pd.api.types.is_datetime64_any_dtype(frame["datum"])
    assert frame["datum"].min() == pd.Timestamp("2023-01-13")
    assert frame["datum"].max() == pd.Timestamp("2023-12-02")
    assert frame["menge"].dtype == "int64"
    assert (frame["menge"].min(), frame["menge"].max()) == (1, 6)
    assert frame["stadt"].nunique() == 5
    assert {"München", "Köln", "Düsseldorf"} <= set(frame["stadt"])


def test_disguised_missing_tokens_stay_in_text_columns(cases):
    frame = load(cases / "29_disguised_missing_numeric_text.csv")

    assert frame["revenue"].dtype == "str"
    assert frame["revenue"].iloc[0] == "$1,234.50"
    assert frame["revenue"].notna().all()
    assert frame["qty"].dtype == "int64"
    assert (frame["qty"].min(), frame["qty"].max()) == (1, 9)
    assert frame["pct"].dtype == "str"
    assert frame["pct"].iloc[15] == "45%"

    score = frame["score"]
    assert score.dtype == "str"
    assert score.notna().all()
    tokens = ["", " ", "N/A", "none", "nan", "-", ".."]
    assert sorted(score[~score.str.strip().str.isdigit()]) == sorted(tokens)
    assert score.str.strip().str.isdigit().sum() == 23

    assert frame["temperature"].dtype == "float64"
    assert (frame["temperature"] == -999).sum() == 3
