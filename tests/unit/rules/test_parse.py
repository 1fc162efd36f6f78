"""The rule parser: what each text means, its round trip through Rule.text,
and the refusals, pinned by their message."""

from __future__ import annotations

import pytest

from analyst_pa.errors import InputError
from analyst_pa.rules import Rule, RuleKind, parse_rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amount >= 0", Rule(kind="compare", columns=["amount"], op=">=", value=0)),
        ("0 < amount", Rule(kind="compare", columns=["amount"], op=">", value=0)),
        ("x == -2.5", Rule(kind="compare", columns=["x"], op="==", value=-2.5)),
        ("flag != True", Rule(kind="compare", columns=["flag"], op="!=", value=True)),
        (
            "ship_date >= order_date",
            Rule(kind="compare", columns=["ship_date", "order_date"], op=">="),
        ),
        ("0 <= pct <= 100", Rule(kind="between", columns=["pct"], low=0, high=100)),
        ("1 >= p >= -1", Rule(kind="between", columns=["p"], low=-1, high=1)),
        (
            "status in ['open', 'closed']",
            Rule(kind="allowed", columns=["status"], values=["open", "closed"]),
        ),
        (
            "grade in (1, 2, 3)",
            Rule(kind="allowed", columns=["grade"], values=[1, 2, 3]),
        ),
        ("not_null(a, b)", Rule(kind="not_null", columns=["a", "b"])),
        ("unique(order_id)", Rule(kind="unique", columns=["order_id"])),
        ("unique(order_id, line)", Rule(kind="unique", columns=["order_id", "line"])),
        (
            r"code matches '^[A-Z]{3}-\d{4}$'",
            Rule(kind="matches", columns=["code"], pattern=r"^[A-Z]{3}-\d{4}$"),
        ),
        (
            r"matches(code, '\bAB')",
            Rule(kind="matches", columns=["code"], pattern=r"\bAB"),
        ),
        (
            "dest in airports.faa",
            Rule(
                kind="reference", columns=["dest"], table="airports", table_column="faa"
            ),
        ),
        (
            "`order date` >= '2020-01-01'",
            Rule(kind="compare", columns=["order date"], op=">=", value="2020-01-01"),
        ),
        (
            "`a b` in `other t`.`key col`",
            Rule(
                kind="reference",
                columns=["a b"],
                table="other t",
                table_column="key col",
            ),
        ),
        ("`unique` >= 1", Rule(kind="compare", columns=["unique"], op=">=", value=1)),
    ],
)
def test_each_shape_reads_as_its_rule_and_prints_back(text, expected):
    rule = parse_rule(text)

    assert rule == expected
    assert parse_rule(rule.text) == rule


def test_a_constant_on_the_left_is_turned_around():
    assert parse_rule("0 <= amount").text == "amount >= 0"


def test_a_pattern_is_read_raw_so_backslash_b_stays_a_word_boundary():
    assert parse_rule(r"code matches '\bX\d'").pattern == "\\bX\\d"
    assert parse_rule(r'code matches r"\bX"').pattern == "\\bX"


def test_the_name_is_kept():
    assert parse_rule("amount >= 0", name="non-negative").name == "non-negative"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", r"the function __import__\(\) is not allowed"),
        ("len(code) > 3", r"the function len\(\) cannot be compared"),
        ("open('f')", r"the function open\(\) is not allowed"),
        ("os.system('ls')", "attribute access cannot be called"),
        ("x in a.b.c", "attribute access beyond table.column is not allowed"),
        ("a.b >= 0", "table.column may only follow 'in'"),
        ("t.__class__ >= 0", "table.column may only follow 'in'"),
        ("x in t.__dict__", "names like '__dict__' are not allowed"),
        ("amount >= 0 and amount < 5", "'and'/'or' combine conditions"),
        ("not amount", "'not' is not supported"),
        ("amount + 1 > 0", "arithmetic is not allowed"),
        ("x[0] > 1", "indexing is not allowed"),
        ("amount", "'amount' alone is not a rule"),
        ("1 >= 0", "compares two constants"),
        ("x > y > z", "a range is written low <= col <= high"),
        ("0 < x < 1", "a range is written low <= col <= high"),
        ("'a' <= x <= 'z'", "a range needs numbers at both ends"),
        ("5 <= x <= 1", "the range is empty"),
        ("x not in [1, 2]", "'not in' is not supported"),
        ("x in []", "the list of allowed values is empty"),
        ("x in [y]", "the name 'y' is not allowed where a value was expected"),
        ("x in y", "'in' takes a list of values or a table.column"),
        ("x is None", "'is' is not supported"),
        ("x >= None", "None is not a value to compare with"),
        ("unique()", r"unique\(\) needs at least one column"),
        ("unique(key=x)", r"unique\(\) takes no keyword arguments"),
        ("code matches 3", "the pattern must be a string"),
        ("code matches '['", "is not a regular expression"),
        ("(lambda: 1)()", "a lambda cannot be called"),
        ("amount >=", "it is not a valid expression"),
        ("`unclosed >= 1", "a backtick-quoted name is empty or not closed"),
        ("f'{x}' == x", "an f-string is not allowed"),
    ],
)
def test_refusals_say_what_was_found(text, message):
    with pytest.raises(InputError, match=message):
        parse_rule(text)


def test_a_refusal_names_the_rule_and_lists_the_shapes():
    with pytest.raises(InputError) as caught:
        parse_rule("__import__('os').system('rm')")

    assert str(caught.value).startswith("rule \"__import__('os').system('rm')\"")
    assert "a rule is one of: amount >= 0" in str(caught.value)


def test_a_rule_model_refuses_parameters_of_another_kind():
    with pytest.raises(ValueError, match="not allowed: pattern"):
        Rule(kind=RuleKind.COMPARE, columns=["a"], op=">=", value=1, pattern="x")
    with pytest.raises(ValueError, match="missing: values"):
        Rule(kind=RuleKind.ALLOWED, columns=["a"])
    with pytest.raises(ValueError, match="reads 2 column"):
        Rule(kind=RuleKind.COMPARE, columns=["a"], op=">=")
