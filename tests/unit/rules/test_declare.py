"""Declaring rules: text, mappings, Rule objects, YAML files and YAML text,
and the round trip through rules_to_yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analyst_pa.errors import InputError
from analyst_pa.rules import (
    Rule,
    as_rules,
    check_rules,
    load_rules,
    parse_rule,
    rules_to_yaml,
)

RULES_YAML = r"""
- amount >= 0
- rule: status in ['open', 'closed']
  name: known status
- not_null: customer
- unique: [order_id, line]
- rule: code matches '^[A-Z]{3}-\d{4}$'
  name: order code
- kind: between
  columns: [amount]
  low: 0
  high: 1000
"""

EXPECTED = [
    parse_rule("amount >= 0"),
    parse_rule("status in ['open', 'closed']", name="known status"),
    Rule(kind="not_null", columns=["customer"]),
    Rule(kind="unique", columns=["order_id", "line"]),
    Rule(
        kind="matches", columns=["code"], pattern=r"^[A-Z]{3}-\d{4}$", name="order code"
    ),
    Rule(kind="between", columns=["amount"], low=0, high=1000),
]


def test_yaml_text_reads_every_form():
    assert load_rules(RULES_YAML) == EXPECTED


def test_a_yaml_file_is_read_by_path_or_by_its_name(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES_YAML)

    assert load_rules(path) == EXPECTED
    assert load_rules(str(path)) == EXPECTED
    assert as_rules(path) == EXPECTED
    assert as_rules(str(path)) == EXPECTED


def test_rules_may_sit_under_a_rules_key():
    assert load_rules("rules:\n  - amount >= 0\n") == [parse_rule("amount >= 0")]


def test_an_empty_file_holds_no_rules():
    assert load_rules("") == []


def test_proposed_yaml_reads_back_to_the_same_rules():
    rules = [*EXPECTED, parse_rule("`odd name` in other.`key col`", name="odd: yes")]

    assert load_rules(rules_to_yaml(rules)) == rules


def test_named_rules_are_written_as_mappings_and_unnamed_as_text():
    text = rules_to_yaml([parse_rule("x >= 0"), parse_rule("y >= 0", name="y ok")])

    assert text == "- x >= 0\n- rule: y >= 0\n  name: y ok\n"


def test_check_rules_takes_text_mappings_and_rules_alike():
    frame = pd.DataFrame({"amount": [1, -1], "customer": ["a", None]})

    issues = check_rules(
        frame,
        ["amount >= 0", {"not_null": "customer", "name": "has customer"}],
    )

    assert [i.details["rule"] for i in issues] == ["amount >= 0", "not_null(customer)"]
    assert issues[1].details["name"] == "has customer"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- [unclosed", "is not valid YAML"),
        ("amount: 3", "must hold a list of rules"),
        ("- 3", r"item 1: 3 is not a rule; write a rule as its text"),
        ("- {rule: x >= 0, severity: high}", "item 1: .* is not a rule"),
        ("- {not_null: []}", r"item 1: \[\] is not a column or a list of columns"),
        ("- {kind: between, columns: [x], low: 0}", "item 1: .*missing: high"),
        ("- x >= 0\n- x >>= 0", r"item 2.*rule 'x >>= 0'"),
    ],
)
def test_malformed_rules_files_are_refused_saying_where(text, message):
    with pytest.raises(InputError, match=message):
        load_rules(text)


# `--rule rules_missing.yaml` said "attribute access is not allowed", and a
# rules file that does exist was parsed as a rule when given in a list.


@pytest.mark.parametrize(
    ("declare", "name"),
    [
        (load_rules, "rules_missing.yaml"),
        (as_rules, "rules_missing.yaml"),
        (lambda name: as_rules([name]), "rules_missing.yaml"),  # as --rule
        (lambda name: as_rules(["x >= 0", name]), "RULES.YML"),
        (lambda name: as_rules([name]), "conf/rules"),
        (lambda name: as_rules([Path(name)]), "nope.txt"),
    ],
)
def test_a_missing_rules_file_is_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declare, name
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        InputError,
        match=rf"^the rules file {re.escape(str(tmp_path / name))} does not exist; "
        rf"check the path \(a relative path is read from {re.escape(str(tmp_path))}"
        r"\), or give the rule's text instead, such as 'amount >= 0'$",
    ):
        declare(name)


def test_rules_files_in_a_list_are_read_in_place(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES_YAML)

    rules = as_rules(["x >= 0", str(path), path, "unique(y)"])

    assert rules == [
        parse_rule("x >= 0"),
        *EXPECTED,
        *EXPECTED,
        parse_rule("unique(y)"),
    ]


def test_a_path_given_as_the_text_of_a_rule_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text(RULES_YAML)

    with pytest.raises(
        InputError,
        match=r"^rule 'rules.yaml' is not a rule but names a rules file; read it "
        r"with load_rules\('rules.yaml'\)",
    ):
        parse_rule("rules.yaml")
    with pytest.raises(
        InputError,
        match=r"^the rules, item 1: rule 'other.yml' is not a rule: the rules file "
        rf"{re.escape(str(tmp_path / 'other.yml'))} does not exist",
    ):
        load_rules("- rule: other.yml\n")


@pytest.mark.parametrize(
    "text", ["code matches '^a/b$'", "path in ['a/b', 'c/d']", "x / y >= 1"]
)
def test_a_rule_with_a_slash_is_still_read_as_a_rule(text):
    if "matches" in text or " in " in text:
        assert parse_rule(text).columns in (["code"], ["path"])
    else:
        with pytest.raises(InputError, match="arithmetic is not allowed"):
            as_rules([text])


def test_yaml_cannot_build_python_objects():
    with pytest.raises(InputError, match="is not valid YAML"):
        load_rules("- !!python/object/apply:os.system ['echo hi']")
