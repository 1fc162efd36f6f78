"""check_rules: each kind finds exactly the rows injected to break it, at
their labels; missing values break only not_null; unknown names are
refused with the known ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analyst_pa.errors import InputError
from analyst_pa.results import IssueKind, Severity
from analyst_pa.rules import check_rules, parse_rule

N = 200


@pytest.fixture
def orders() -> pd.DataFrame:
    """200 clean orders with string row labels, so labels are not positions."""
    rng = np.random.default_rng(0)
    order_date = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        rng.integers(0, 300, N), unit="D"
    )
    return pd.DataFrame(
        {
            "order_id": np.arange(N),
            "line": np.ones(N, dtype=int),
            "amount": rng.uniform(0, 500, N).round(2),
            "order_date": order_date,
            "ship_date": order_date + pd.to_timedelta(rng.integers(0, 9, N), unit="D"),
            "status": rng.choice(["open", "closed", "shipped"], N),
            "code": [f"ORD-{i:04d}" for i in range(N)],
            "customer": rng.choice(["c1", "c2", "c3"], N),
        },
        index=[f"r{i}" for i in range(N)],
    )


def only_issue(frame: pd.DataFrame, rule: str, **options):
    issues = check_rules(frame, [rule], **options)
    assert len(issues) == 1, issues
    return issues[0]


def failing_rows(issue) -> list:
    return issue.details["rows"]


def test_clean_data_breaks_no_rule(orders):
    rules = [
        "amount >= 0",
        "0 <= amount <= 500",
        "ship_date >= order_date",
        "status in ['open', 'closed', 'shipped']",
        "not_null(order_id, customer)",
        "unique(order_id)",
        "unique(order_id, line)",
        r"code matches '^[A-Z]{3}-\d{4}$'",
        "customer in customers.id",
        "order_date >= '2024-01-01'",
    ]
    customers = pd.DataFrame({"id": ["c1", "c2", "c3", "c4"]})

    assert check_rules(orders, rules, tables={"customers": customers}) == []


def test_a_comparison_with_a_constant_names_the_failing_rows(orders):
    orders.loc[["r3", "r150"], "amount"] = [-1.5, -20.0]

    issue = only_issue(orders, "amount >= 0")

    assert issue.kind is IssueKind.RULE_VIOLATION
    assert issue.severity is Severity.ERROR
    assert issue.columns == ["amount"]
    assert issue.count == 2
    assert issue.share == pytest.approx(2 / N)
    assert failing_rows(issue) == ["r3", "r150"]
    assert [(e.row, e.value) for e in issue.examples] == [("r3", -1.5), ("r150", -20.0)]
    assert issue.details["rule"] == "amount >= 0"
    assert issue.message.startswith("2 of 200 rows (1.0%) break the rule 'amount >= 0'")


def test_a_comparison_between_columns_shows_both_values(orders):
    orders.loc["r7", "ship_date"] = orders.loc["r7", "order_date"] - pd.Timedelta("2D")

    issue = only_issue(orders, "ship_date >= order_date")

    assert failing_rows(issue) == ["r7"]
    assert issue.columns == ["ship_date", "order_date"]
    assert issue.examples[0].value.startswith("ship_date=")
    assert "order_date=" in issue.examples[0].value


def test_a_date_given_as_text_is_compared_as_a_date(orders):
    orders.loc["r9", "order_date"] = pd.Timestamp("2023-12-31")

    assert failing_rows(only_issue(orders, "order_date >= '2024-01-01'")) == ["r9"]


def test_a_range_includes_its_ends(orders):
    orders.loc[["r0", "r1", "r2"], "amount"] = [0.0, 500.0, 500.01]

    assert failing_rows(only_issue(orders, "0 <= amount <= 500")) == ["r2"]


def test_allowed_values_name_the_unknown_ones(orders):
    orders.loc[["r10", "r11"], "status"] = ["Open", "lost"]

    issue = only_issue(orders, "status in ['open', 'closed', 'shipped']")

    assert failing_rows(issue) == ["r10", "r11"]
    assert issue.details["values_not_allowed"] == ["Open", "lost"]


def test_not_null_names_rows_missing_any_of_its_columns(orders):
    orders.loc["r4", "customer"] = None
    orders.loc["r8", "order_id"] = None

    issue = only_issue(orders, "not_null(order_id, customer)")

    assert failing_rows(issue) == ["r4", "r8"]
    assert issue.message.startswith("2 of 200 rows")


def test_unique_names_every_row_of_a_repeated_key(orders):
    orders.loc["r20", "order_id"] = 5
    orders.loc[["r30", "r31"], "order_id"] = 6

    issue = only_issue(orders, "unique(order_id)")

    assert failing_rows(issue) == ["r5", "r6", "r20", "r30", "r31"]
    assert issue.details["repeated_keys"] == 2


def test_a_composite_key_is_unique_when_any_part_differs(orders):
    orders.loc["r1", "order_id"] = 0
    orders.loc["r1", "line"] = 2  # order 0 now has lines 1 and 2: still unique
    assert check_rules(orders, ["unique(order_id, line)"]) == []

    orders.loc["r2", "order_id"] = 0
    orders.loc["r2", "line"] = 2
    assert failing_rows(only_issue(orders, "unique(order_id, line)")) == ["r1", "r2"]


def test_a_pattern_names_the_rows_it_misses(orders):
    orders.loc[["r12", "r13"], "code"] = ["ord-0012", "ORD-13"]

    issue = only_issue(orders, r"code matches '^[A-Z]{3}-\d{4}$'")

    assert failing_rows(issue) == ["r12", "r13"]
    assert [e.value for e in issue.examples] == ["ord-0012", "ORD-13"]


def test_a_reference_names_the_keys_missing_from_the_other_table(orders):
    customers = pd.DataFrame({"id": ["c1", "c2"]})
    expected = orders.index[orders["customer"] == "c3"].tolist()

    issue = only_issue(
        orders, "customer in customers.id", tables={"customers": customers}
    )

    assert issue.count == len(expected)
    assert failing_rows(issue) == expected[:20]
    assert issue.details["missing_keys"] == ["c3"]
    assert "Keys not in customers.id: c3." in issue.message


def test_a_reference_table_can_be_a_source_that_load_reads(orders, tmp_path: Path):
    path = tmp_path / "customers.csv"
    pd.DataFrame({"id": ["c1", "c3"]}).to_csv(path, index=False)
    expected = orders.index[orders["customer"] == "c2"].tolist()

    issue = only_issue(orders, "customer in customers.id", tables={"customers": path})

    assert issue.count == len(expected)


@pytest.mark.parametrize(
    "rule",
    [
        "amount >= 0",
        "0 <= amount <= 500",
        "ship_date >= order_date",
        "status in ['open']",
        r"code matches '^X$'",
        "customer in customers.id",
    ],
)
def test_missing_values_break_no_rule_but_not_null(orders, rule):
    blank = orders.copy()
    blank[["amount", "ship_date", "status", "code", "customer"]] = None
    customers = pd.DataFrame({"id": ["nobody"]})

    assert check_rules(blank, [rule], tables={"customers": customers}) == []


def test_a_key_with_a_missing_part_is_not_checked_for_uniqueness(orders):
    orders["order_id"] = orders["order_id"].astype("Int64")
    orders.loc[["r1", "r2"], "order_id"] = pd.NA

    assert check_rules(orders, ["unique(order_id)"]) == []


def test_nullable_integers_compare_with_missing_values_left_out():
    frame = pd.DataFrame({"n": pd.array([1, None, -3, 4], dtype="Int64")})

    assert failing_rows(only_issue(frame, "n >= 0")) == [2]


def test_an_unknown_column_names_the_rule_the_column_and_the_known_ones(orders):
    with pytest.raises(
        InputError,
        match=r"rule 'amont >= 0' names column 'amont', which is not in the data; "
        r"the columns are: order_id, line, amount,",
    ):
        check_rules(orders, ["status in ['open']", "amont >= 0"])


def test_an_unknown_table_says_how_to_give_it(orders):
    with pytest.raises(
        InputError,
        match=r"^rule 'customer in customers.id' names table 'customers', which is "
        r"not in tables= \(tables given: none\)",
    ):
        check_rules(orders, ["customer in customers.id"])


def test_an_unknown_column_of_the_other_table_is_named(orders):
    with pytest.raises(
        InputError, match="names column 'key', which is not in customers"
    ):
        check_rules(
            orders,
            ["customer in customers.key"],
            tables={"customers": pd.DataFrame({"id": [1]})},
        )


def test_values_that_cannot_be_compared_are_refused_with_their_types(orders):
    with pytest.raises(
        InputError, match=r"cannot be checked on order_date \(datetime64\[\w+\]\)"
    ):
        check_rules(orders, ["order_date >= 0"])


def test_text_that_is_not_numbers_is_refused_against_a_number(orders):
    with pytest.raises(
        InputError,
        match=r"^rule 'status >= 0' compares status with a number, but status "
        r"holds text that does not read as numbers \(such as '\w+', '\w+', "
        r"'\w+'\); clean or convert status first .*or compare it with text$",
    ):
        check_rules(orders, ["status >= 0"])


def test_named_rules_are_named_in_the_message(orders):
    orders.loc["r3", "amount"] = -1.0
    rule = parse_rule("amount >= 0", name="non-negative amount")

    issue = only_issue(orders, rule)

    assert "break the rule 'non-negative amount' (amount >= 0)" in issue.message
    assert issue.details["name"] == "non-negative amount"


def test_each_broken_rule_is_one_issue_in_the_order_of_the_rules(orders):
    orders.loc["r3", "amount"] = -1.0
    orders.loc["r4", "status"] = "lost"

    issues = check_rules(
        orders, ["status in ['open', 'closed', 'shipped']", "amount >= 0"]
    )

    assert [i.details["rule"] for i in issues] == [
        "status in ['open', 'closed', 'shipped']",
        "amount >= 0",
    ]
    assert len({i.id for i in issues}) == 2


def test_a_large_frame_is_checked_in_vectorised_time():

    rng = np.random.default_rng(1)
    n = 1_000_000
    frame = pd.DataFrame(
        {"x": rng.normal(size=n), "code": rng.choice(["AB-1", "CD-22", "x"], n)}
    )

    issues = check_rules(
        frame,
        ["x >= -4", "-5 <= x <= 5", r"code matches '^[A-Z]{2}-\d+$'", "unique(x)"],
    )

    code = next(i for i in issues if i.columns == ["code"])
    assert code.count == int((frame["code"] == "x").sum())


# Numbers and dates written as text: `amount >= 0` on "$1,234.50" raised
# "Invalid comparison between dtype=str and int", and dd/mm/yyyy text was
# compared letter by letter.


def currency_text() -> pd.DataFrame:
    """Amounts as the loader keeps them: text with currency signs, thousands
    marks and padding, a missing-value token and one value that is no number."""
    amounts = [f"${i},{i:03d}.50" for i in range(1, 21)]
    amounts += ["$-5.00", " 12 ", "n/a", "abc"]
    return pd.DataFrame(
        {"amount": amounts, "cap": [1500.0] * 24},
        index=[f"r{i}" for i in range(24)],
    ).astype({"amount": "str"})


def test_numbers_written_as_text_are_compared_by_their_value():
    issue = only_issue(currency_text(), "amount >= 0")

    # r20 is -5 and r23 is no number; n/a is missing, so it breaks nothing.
    assert failing_rows(issue) == ["r20", "r23"]
    assert issue.details["read_as"] == "numbers"
    assert issue.details["unreadable"] == ["abc"]
    assert issue.message == (
        "2 of 24 rows (8.3%) break the rule 'amount >= 0': rows r20, r23. "
        "Values that do not read as numbers: 'abc'."
    )
    assert [e.value for e in issue.examples] == ["$-5.00", "abc"]


def test_a_range_on_numbers_written_as_text_reads_their_value():
    issue = only_issue(currency_text(), "0 <= amount <= 9999")

    # $10,010.50 and above are out of range, and -5 below; " 12 " is in.
    assert failing_rows(issue) == [f"r{i}" for i in range(9, 21)] + ["r23"]


def test_numbers_written_as_text_compare_with_a_numeric_column():
    issue = only_issue(currency_text(), "amount <= cap")

    assert failing_rows(issue) == [f"r{i}" for i in range(1, 20)] + ["r23"]


def test_decimal_commas_and_percent_signs_are_read_as_numbers():
    frame = pd.DataFrame(
        {
            "price": ["1.234,50", "12,00", "-0,50", "7,25"] * 6,
            "share": ["5 %", "50 %", "120 %", "0 %"] * 6,
        }
    )

    assert failing_rows(only_issue(frame, "price > 0")) == list(range(2, 24, 4))
    assert failing_rows(only_issue(frame, "0 <= share <= 100")) == list(range(2, 24, 4))


def dates_as_text() -> pd.DataFrame:
    """Orders whose dates are dd/mm/yyyy text: letter by letter, 02/01/2024
    comes before 15/12/2023."""
    order = ["15/12/2023", "02/01/2024", "10/01/2024", "n/a"] * 5
    ship = ["02/01/2024", "01/01/2024", "10/01/2024", "03/01/2024"] * 5
    return pd.DataFrame({"order_date": order, "ship_date": ship})


def test_dates_written_as_text_are_compared_as_dates():
    issue = only_issue(dates_as_text(), "ship_date >= order_date")

    assert failing_rows(issue) == list(range(1, 20, 4))
    assert issue.details["read_as"] == "dates"


def test_dates_written_as_text_compare_with_a_date_and_with_datetimes():
    frame = dates_as_text()
    frame["due"] = pd.Timestamp("2024-01-05")

    assert failing_rows(only_issue(frame, "order_date >= '2024-01-01'")) == list(
        range(0, 20, 4)
    )
    assert failing_rows(only_issue(frame, "order_date <= due")) == list(range(2, 20, 4))


def test_dates_whose_day_and_month_order_is_unknown_are_refused():
    frame = pd.DataFrame(
        {"a": ["03/04/2024", "04/03/2024"] * 10, "b": ["01/02/2024"] * 20}
    )
    with pytest.raises(
        InputError,
        match=r"^rule 'a >= b' compares a as dates, but its dates read day first "
        r"and month first alike \(such as '03/04/2024', '04/03/2024'\); convert "
        r"a to dates first \(the fix of its ambiguous_day_month issue\)$",
    ):
        check_rules(frame, ["a >= b"])


def test_text_that_is_not_dates_is_refused_against_datetimes(orders):
    with pytest.raises(
        InputError,
        match=r"^rule 'order_date <= status' compares status with dates, but "
        r"status holds text that does not read as dates",
    ):
        check_rules(orders, ["order_date <= status"])


def test_dates_that_read_both_ways_follow_the_other_columns_order():
    # order_date is month first (12/15/2023); every ship_date reads both ways,
    # so it is read month first too: 01/05/2024 is 5 January, not 1 May.
    frame = pd.DataFrame(
        {
            "order_date": ["12/15/2023", "01/10/2024", "01/20/2024"] * 7,
            "ship_date": ["01/02/2024", "02/01/2024", "01/05/2024"] * 7,
        }
    )

    issue = only_issue(frame, "ship_date >= order_date")

    assert failing_rows(issue) == list(range(2, 21, 3))
