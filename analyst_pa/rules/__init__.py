"""Business rules: declare them, check them, and propose them from clean data.

A rule is written as a compact expression (``"amount >= 0"``,
``"status in ['open', 'closed']"``, ``"unique(order_id)"``,
``"dest in airports.faa"``), as a mapping, or in a YAML file;
:func:`check_rules` turns each broken rule into a ``rule_violation`` issue
naming the failing rows, and :func:`propose_rules` lists the rules a trusted
data set follows, to save with :func:`rules_to_yaml` and re-check on the
next batch::

    from analyst_pa.rules import check_rules, load_rules

    issues = check_rules(df, ["amount >= 0", "ship_date >= order_date"])
    issues = check_rules(df, load_rules("rules.yaml"), tables={"customers": path})
"""

from analyst_pa.rules._check import check_rules
from analyst_pa.rules._declare import RuleLike, as_rules, load_rules, rules_to_yaml
from analyst_pa.rules._model import Rule, RuleKind
from analyst_pa.rules._parse import parse_rule
from analyst_pa.rules._propose import propose_rules

__all__ = [
    "Rule",
    "RuleKind",
    "RuleLike",
    "as_rules",
    "check_rules",
    "load_rules",
    "parse_rule",
    "propose_rules",
    "rules_to_yaml",
]
