from __future__ import annotations

import analyst_pa.rules


def test_rules_offers_exactly_these_names():
    assert set(analyst_pa.rules.__all__) == {
        "Rule",
        "RuleKind",
        "RuleLike",
        "as_rules",
        "check_rules",
        "load_rules",
        "parse_rule",
        "propose_rules",
        "rules_to_yaml",
    }
    for name in analyst_pa.rules.__all__:
        assert getattr(analyst_pa.rules, name) is not None
