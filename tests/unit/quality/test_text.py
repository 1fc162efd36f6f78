"""The text checks: problems injected at known rows, the fixes they propose
(whose pandas code must rebuild the fixed frame), and clean data."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyst_pa.profile import profile_table
from analyst_pa.quality import CHECKS, fix
from analyst_pa.results import SemanticType, Severity
from tests.cases import load_case
from tests.unit.quality._helpers import assert_code_reproduces, issues, only, rows


def text_frame(
    values: dict[int, object], n: int = 60, dtype: str = "str"
) -> pd.DataFrame:
    """Return a text column of repeating city names with ``values`` put at
    their rows, beside a column of numbers."""
    cities = np.array(["Paris", "Lyon", "Nantes", "Lille"], dtype=object)[
        np.arange(n) % 4
    ]
    for row, value in values.items():
        cities[row] = value
    return pd.DataFrame({"city": pd.Series(cities, dtype=dtype), "n": np.arange(n)})


# whitespace


def test_whitespace_counts_leading_trailing_and_doubled_spaces():
    frame = text_frame({3: " Paris", 7: "Lyon ", 11: "Lille  Sud"})

    issue = only(frame, "whitespace", "city")

    assert issue.count == 3
    assert rows(issue) == [3, 7, 11]
    assert issue.details == {"leading": 1, "trailing": 1, "doubled": 1}
    assert issue.fix is not None and issue.fix.safe


def test_whitespace_fix_is_safe_and_its_code_rebuilds_the_frame():
    frame = text_frame({3: " Paris", 7: "Lyon ", 11: "Lille  Sud"})

    fixed = fix(frame, issues(frame, "whitespace"))

    assert fixed.frame["city"].tolist()[3:12:4] == ["Paris", "Lyon", "Lille Sud"]
    assert fixed.log[0].rows_changed == 3
    assert_code_reproduces(frame, fixed)


def test_blank_values_are_missing_not_whitespace():
    frame = text_frame({3: " ", 7: ""})

    assert issues(frame, "whitespace") == []
    assert only(frame, "disguised_missing", "city").count == 2


def test_no_strip_is_proposed_where_it_would_join_lines():
    frame = text_frame({3: " Paris", 5: "line one\n\nline two"})

    assert only(frame, "whitespace", "city").fix is None


# disguised missing values


def test_missing_value_tokens_in_a_text_column_are_listed():
    frame = text_frame({2: "n/a", 5: "-", 8: " ", 9: "NULL", 20: "?", 33: "none"})

    issue = only(frame, "disguised_missing", "city")

    assert issue.count == 6
    assert rows(issue) == [2, 5, 8, 9, 20]  # five examples at most
    assert set(issue.details["tokens"]) == {"n/a", "-", " ", "NULL", "?", "none"}


def test_replacing_tokens_needs_an_explicit_accept():
    frame = text_frame({2: "n/a", 5: "-", 9: "NULL"})
    found = issues(frame, "disguised_missing")

    assert fix(frame, found).log == []
    fixed = fix(frame, found, accept="disguised_missing")

    assert fixed.frame["city"].isna().sum() == 3
    assert_code_reproduces(frame, fixed)


def test_tokens_are_still_found_after_whitespace_is_stripped():
    frame = text_frame({2: " n/a ", 5: "Paris ", 9: "N/A"})

    fixed = fix(
        frame,
        issues(frame, "whitespace") + issues(frame, "disguised_missing"),
        accept="all",
    )

    assert fixed.frame["city"].isna().tolist().count(True) == 2
    assert_code_reproduces(frame, fixed)


def test_tokens_in_numeric_columns_are_left_to_the_numbers_checks():
    frame = load_case(2)
    table = profile_table(frame)

    found = CHECKS["text_values"][1](frame, table)

    assert not [i for i in found if "amount" in i.columns]


# inconsistent categories


def state_frame() -> pd.DataFrame:
    states = ["NY"] * 20 + ["CA"] * 15 + ["New York"] * 6 + ["n/a", "NA"]
    states[3], states[9], states[15], states[36] = "ny", "ny", "N.Y.", " new york"
    return pd.DataFrame({"state": states, "n": range(len(states))})


def test_spellings_of_one_category_are_grouped_under_the_most_frequent():
    frame = state_frame()

    issue = only(frame, "inconsistent_categories", "state")

    assert issue.count == 4
    assert rows(issue) == [3, 15, 36]  # first row of each distinct spelling
    params = issue.fix.params
    mapping = dict(zip(params["values"], params["replacements"], strict=True))
    assert mapping == {"ny": "NY", "N.Y.": "NY", " new york": "New York"}
    assert not issue.fix.safe


def test_mapping_categories_is_applied_only_when_accepted():
    frame = state_frame()
    found = issues(frame, "inconsistent_categories")

    assert fix(frame, found).log == []
    fixed = fix(frame, found, accept="inconsistent_categories")

    assert fixed.frame["state"].value_counts().to_dict() == {
        "NY": 20, "CA": 15, "New York": 6, "n/a": 1, "NA": 1,
    }  # fmt: skip
    assert_code_reproduces(frame, fixed)


def test_spellings_the_safe_fixes_repair_are_not_other_categories():
    frame = state_frame()
    frame.loc[[20, 21, 22], "state"] = ["CA\u200b", " CA", "ＣＡ"]

    issue = only(frame, "inconsistent_categories", "state")

    assert issue.count == 4  # only ny, ny, N.Y. and ' new york'
    assert not {"CA\u200b", " CA", "ＣＡ"} & set(issue.fix.params["values"])


def test_numbers_with_different_decimal_places_are_not_one_category():
    values = ["1.5", "15", "2.5", "25"] * 10
    frame = pd.DataFrame({"grade": values})

    assert issues(frame, "inconsistent_categories") == []


def test_identifiers_that_differ_by_case_are_not_categories():
    codes = [f"K{i:03d}x" for i in range(40)]
    codes[5] = "K001X"
    frame = pd.DataFrame({"ref_code": codes})

    assert (
        profile_table(frame).column("ref_code").semantic_type == SemanticType.IDENTIFIER
    )
    assert issues(frame, "inconsistent_categories") == []


def test_categories_in_a_categorical_dtype_are_mapped_too():
    frame = state_frame().astype({"state": "category"})

    fixed = fix(frame, issues(frame, "inconsistent_categories"), accept="all")

    assert fixed.frame["state"].value_counts()["NY"] == 20
    assert_code_reproduces(frame, fixed)


# invisible characters


def test_invisible_characters_are_found_and_named():
    frame = text_frame(
        {0: "\ufeffParis", 4: "Paris\u200b", 6: "Lille\xa0Sud", 9: "Lyon\x07"}
    )

    issue = only(frame, "invisible_characters", "city")

    assert issue.count == 4
    assert rows(issue) == [0, 4, 6, 9]
    assert "U+200B ZERO WIDTH SPACE" in issue.details["characters"]
    assert "U+00A0 NO-BREAK SPACE" in issue.details["characters"]


def test_removing_invisible_characters_is_safe_and_keeps_words_apart():
    frame = text_frame(
        {0: "\ufeffParis", 4: "Paris\u200b", 6: "Lille\xa0Sud", 9: "Lyon\x07"}
    )

    fixed = fix(frame, issues(frame, "invisible_characters"))

    assert fixed.frame["city"][[0, 4, 6, 9]].tolist() == [
        "Paris",
        "Paris",
        "Lille Sud",
        "Lyon",
    ]
    assert fixed.log[0].rows_changed == 4
    assert_code_reproduces(frame, fixed)


def test_zero_width_joiners_in_emoji_are_not_invisible_characters():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    frame = text_frame({3: family, 7: "caf\u00e9"})

    assert issues(frame, "invisible_characters") == []


# unicode variants


def test_decomposed_and_full_width_values_are_unicode_variants():
    nfd = "Mu\u0308nchen"  # ü as u + combining diaeresis
    frame = text_frame({1: "München", 5: "München", 9: nfd, 13: "ＬＹＯＮ", 17: "LYON"})

    issue = only(frame, "unicode_variants", "city")

    assert issue.count == 2
    assert rows(issue) == [9, 13]
    assert issue.details == {"decomposed": 1, "full_width": 1, "lookalikes": 2}
    assert issue.severity == Severity.WARNING
    assert issue.fix.safe and issue.fix.params["fold_width"] is True


def test_normalising_unicode_rebuilds_equal_values():
    nfd = "Mu\u0308nchen"
    frame = text_frame({1: "München", 9: nfd, 13: "ＬＹＯＮ", 17: "LYON"})

    fixed = fix(frame, issues(frame, "unicode_variants"))

    assert (
        fixed.frame["city"][[1, 9, 13, 17]].tolist() == ["München"] * 2 + ["LYON"] * 2
    )
    assert_code_reproduces(frame, fixed)


# broken text (invalid_format, problem "encoding")


def test_replacement_characters_surrogates_and_mojibake_are_broken_text():
    # Arrow strings cannot hold a lone surrogate; Python objects can.
    frame = text_frame({1: "caf\ufffd", 5: "cafÃ©", 7: "Lyon\ud800"}, dtype="object")

    # The profile is taken without the surrogate: profile_table fails on it
    # (duplicate_rows hashes through Arrow), which is the profile's to fix.
    table = profile_table(frame.drop(index=7))
    found = [
        i
        for i in CHECKS["text_values"][1](frame, table)
        if i.kind == "invalid_format" and i.details.get("problem")
    ]

    assert len(found) == 1
    issue = found[0]
    assert issue.id == "invalid_format:city:encoding"
    assert issue.count == 3
    assert rows(issue) == [1, 5, 7]
    assert issue.details["mojibake"] == 1 and issue.details["unreadable"] == 2
    assert "\\ud800" in issue.examples[2].value  # escaped, so JSON can hold it
    issue.model_dump_json()


def test_accented_text_is_not_mistaken_for_mojibake():
    frame = text_frame({1: "São Paulo", 5: "Âge d'or", 9: "Ærø"})

    assert issues(frame, "invalid_format") == []


# invalid format


def code_frame(n: int = 50) -> pd.DataFrame:
    codes = [f"AB-{1000 + i}" for i in range(n)]
    codes[10], codes[20] = "AB1010", "ab-12345"
    return pd.DataFrame({"part_code": codes})


def test_values_off_the_dominant_pattern_are_invalid_format():
    issue = only(code_frame(), "invalid_format", "part_code")

    assert issue.count == 2
    assert rows(issue) == [10, 20]
    assert issue.details == {"method": "shape", "pattern": "AA-9999", "share": 0.96}
    assert issue.fix is None


def test_no_pattern_is_reported_when_none_dominates():
    codes = [f"AB-{1000 + i}" for i in range(30)] + [f"X{i}" for i in range(20)]

    assert issues(pd.DataFrame({"part_code": codes}), "invalid_format") == []


def test_malformed_emails_are_invalid_format():
    emails = [f"user{i}@example.com" for i in range(40)]
    emails[4], emails[30] = "user4@example", "user30 at example.com"

    issue = only(pd.DataFrame({"email": emails}), "invalid_format", "email")

    assert issue.count == 2
    assert rows(issue) == [4, 30]
    assert issue.details["pattern"] == "e-mail"


def test_codes_made_of_digits_have_a_pattern_too():
    phones = [f"555-{i:04d}" for i in range(40)]
    phones[7], phones[21] = "5550107", "555-00021"

    issue = only(pd.DataFrame({"phone": phones}), "invalid_format", "phone")

    assert issue.count == 2
    assert rows(issue) == [7, 21]
    assert issue.details["pattern"] == "999-9999"


def test_dates_written_as_text_are_left_to_the_date_checks():
    dates = [f"2024-01-{1 + i % 28:02d}" for i in range(40)]
    dates[3] = "05/01/2024"
    frame = pd.DataFrame({"when": dates})

    assert issues(frame, "invalid_format") == []
    assert issues(frame, "inconsistent_categories") == []


def test_spaces_and_tokens_do_not_break_a_pattern():
    frame = code_frame()
    frame.loc[[10, 20], "part_code"] = [" AB-1010", "n/a"]

    assert issues(frame, "invalid_format") == []


# long text


def test_values_far_longer_than_the_others_are_long_text():
    frame = text_frame({3: "Paris " * 15, 12: "x" * 1500})

    issue = only(frame, "long_text", "city")

    assert issue.count == 2
    assert rows(issue) == [3, 12]
    assert issue.details["threshold"] == 50
    assert issue.details["longest"] == 1500


def test_a_column_of_documents_is_long_only_beyond_ten_times_its_median():
    documents = ["word " * 300] * 30 + ["word " * 3100]
    frame = pd.DataFrame({"body": documents})

    issue = only(frame, "long_text", "body")

    assert issue.count == 1
    assert rows(issue) == [30]


# high cardinality


def test_many_labels_in_a_text_column_are_high_cardinality():
    towns = [f"Town {chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(300)]
    frame = pd.DataFrame({"town": towns + towns[:200]})

    issue = only(frame, "high_cardinality", "town")

    assert issue.count == 500
    assert issue.details == {"distinct": 300, "rows": 500}


def test_codes_and_small_category_sets_are_not_high_cardinality():
    plates = [f"N{100 + i % 400}AA" for i in range(3000)]
    frame = pd.DataFrame({"plate": plates, "country": ["FR", "DE", "ES"] * 1000})

    assert issues(frame, "high_cardinality") == []


def test_case_22_country_is_not_high_cardinality():
    frame = load_case(22)

    assert issues(frame, "high_cardinality") == []
    assert issues(frame, "invalid_format") == []


# mixed types


def test_case_02_invoice_no_lists_its_four_codes():
    frame = load_case(2)

    issue = only(frame, "mixed_types", "invoice_no")

    assert issue.count == 4
    assert rows(issue) == [7, 19, 33, 51]
    assert [e.value for e in issue.examples] == [
        "C700107",
        "C700119",
        "C700133",
        "C700151",
    ]
    assert issue.details == {"types": ["number", "text"], "counts": [56, 4]}


def test_case_02_mixed_bag_is_mixed_types():
    issue = only(load_case(2), "mixed_types", "mixed_bag")

    assert issue.details == {
        "types": ["number", "text", "boolean"],
        "counts": [20, 20, 10],
    }
    assert issue.count == 30
    assert issue.fix is None  # 2.5 and True cannot become text unreviewed


def test_case_02_amount_is_left_to_the_numbers_checks():
    assert issues(load_case(2), "mixed_types", "amount") == []


def test_case_08_payload_mixes_dicts_lists_and_text():
    frame = load_case(8)

    issue = only(frame, "mixed_types", "payload")

    assert issue.details == {"types": ["list", "text", "dict"], "counts": [5, 5, 4]}
    assert issue.count == 9
    assert issues(frame, "mixed_types", "tags") == []
    assert issues(frame, "mixed_types", "props") == []


def test_storing_codes_and_numbers_as_text_needs_an_accept():
    frame = load_case(2)[["invoice_no"]]
    found = issues(frame, "mixed_types")

    assert fix(frame, found).log == []
    fixed = fix(frame, found, accept="all")

    assert fixed.frame["invoice_no"].tolist()[:2] == ["700100", "700101"]
    assert fixed.frame["invoice_no"][7] == "C700107"
    assert_code_reproduces(frame, fixed)


# any dtype, any text


def test_no_dtype_makes_the_text_checks_fail():
    n = 12
    frame = pd.DataFrame(
        {
            "nullable": pd.array([1, None] * 6, dtype="Int64"),
            "arrow": pd.array(["a ", None, "b"] * 4, dtype="string[pyarrow]"),
            "python": pd.array(["a ", None, "n/a"] * 4, dtype="string[python]"),
            "category": pd.Categorical(
                ["x", "y", None] * 4, categories=["x", "y", "z"]
            ),
            "codes": pd.Categorical([1, 2, 3] * 4),
            "nested": [[1], {"a": 1}, None, "t"] * 3,
            "decimal": [decimal.Decimal("1.5"), None, "n/a"] * 4,
            "bytes": [b"a", b"b", None] * 4,
            "when": pd.date_range("2024-01-01", periods=n, tz="UTC"),
            "span": pd.to_timedelta(range(n), unit="h"),
            "period": pd.period_range("2024-01", periods=n, freq="M"),
            "flag": [True, False, None] * 4,
        }
    )
    table = profile_table(frame)

    for name in ("text_values", "mixed_types"):
        for issue in CHECKS[name][1](frame, table):
            issue.model_dump_json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.none(),
            st.integers(),
            st.sampled_from(["n/a", " x "]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_text_gives_issues_that_export_to_json(values):
    frame = pd.DataFrame({"value": pd.Series(values, dtype=object)})
    table = profile_table(frame)

    for name in ("text_values", "mixed_types"):
        for issue in CHECKS[name][1](frame, table):
            issue.model_dump_json()
            assert 0 <= issue.count <= len(frame)


# clean data


def test_flights_text_columns_raise_no_false_alarm(flights_raw):
    table = profile_table(flights_raw)

    found = CHECKS["text_values"][1](flights_raw, table)
    found += CHECKS["mixed_types"][1](flights_raw, table)
    # tailnum has no dominant shape (N123AA, N12345, N1ABCD are all real),
    # and as codes its 4,043 values are no category.
    assert found == []


@pytest.mark.parametrize("number", [1, 5, 6, 7, 9, 13, 14, 15, 19, 23, 24])
def test_the_other_cases_raise_no_text_issue(number):
    frame = load_case(number)
    table = profile_table(frame)

    assert CHECKS["text_values"][1](frame, table) == []
