"""The extension is found, enabled by the shipped config, and documented."""

from __future__ import annotations

import json
from pathlib import Path

from analyst_pa.server import _jupyter_server_extension_points
from analyst_pa.server._app import AnalystApp
from analyst_pa.server._permissions import Identity, Policy
from analyst_pa.server._store import Grant, SourceRow

REPO = Path(__file__).resolve().parents[3]


def test_the_shipped_config_enables_the_extension_module():
    shipped = REPO / "jupyter_extension/jupyter-config/jupyter_server_config.d"
    config = json.loads((shipped / "analyst_pa.json").read_text())
    (module,) = config["ServerApp"]["jpserver_extensions"]
    assert config["ServerApp"]["jpserver_extensions"][module] is True
    (point,) = _jupyter_server_extension_points()
    assert point["module"] == module and point["app"] is AnalystApp


def test_every_setting_is_configurable_and_explained():
    traits = AnalystApp.class_own_traits(config=True)
    expected = {
        "store_url", "key_file", "secret_key", "allowed_file_roots",
        "allowed_http_hosts", "max_rows", "max_bytes", "query_timeout",
        "token_lifetime", "max_token_lifetime", "admins", "registrars",
        "owner_name", "runs_dir", "max_concurrent_runs",
    }  # fmt: skip
    assert expected <= set(traits)
    assert all(len(trait.help) > 30 for trait in traits.values())


def test_grants_to_groups_and_manage_covering_use():
    source = SourceRow("s", "sql", "sqlite:///x", b"", owner="alice")
    policy = Policy(admins=("group:ops",))
    grants = [Grant("group", "analysts", "use"), Grant("user", "dan", "manage")]
    bob = Identity("bob", frozenset({"analysts"}))
    assert policy.allows(bob, source, grants, "use")
    assert not policy.allows(bob, source, grants, "manage")
    assert policy.allows(Identity("dan"), source, grants, "use")
    assert policy.allows(Identity("eve", frozenset({"ops"})), source, [], "manage")
    assert not policy.allows(Identity("carol"), source, grants, "use")
    scoped = Identity("alice", sources=frozenset({"other"}), actions=frozenset({"use"}))
    assert not policy.allows(scoped, source, grants, "use")
