"""Passwords and keys in source URLs never show in a message or a label."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import describe_source, load
from analyst_pa.sources._redact import redact, redact_text, secrets_in


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("postgresql://user:pw@host/db", "postgresql://user:***@host/db"),
        (
            "postgresql://u:p@ss@h:5432/db?table=t",
            "postgresql://u:***@h:5432/db?table=t",
        ),
        ("postgresql://user:a@host/data", "postgresql://user:***@host/data"),
        ("https://x.org/a?api_key=abc&page=2", "https://x.org/a?api_key=***&page=2"),
        ("https://x.org/a?Token=abc", "https://x.org/a?Token=***"),
        ("postgresql://user@host/db", "postgresql://user@host/db"),
        ("/tmp/pw:secret@x.csv", "/tmp/pw:secret@x.csv"),
    ],
)
def test_redact(source, shown):
    assert redact(source) == shown


def test_secrets_in_and_redact_text():
    secrets = secrets_in("postgresql://u:hunter2@h/db?password=xyz")
    assert secrets == ["hunter2", "xyz"]
    assert redact_text("auth failed for hunter2 and xyz", secrets) == (
        "auth failed for *** and ***"
    )


def test_describe_source_masks_the_password():
    assert describe_source("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert describe_source(Path("/data/sales.csv")) == "/data/sales.csv"


def test_a_database_error_never_shows_the_password():
    with pytest.raises(SourceError) as caught:
        load("postgresql://analyst:hunter2@127.0.0.1:1/db?table=t")
    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith("postgresql://analyst:***@127.0.0.1:1/db")


def test_an_unknown_scheme_error_never_shows_the_password():
    with pytest.raises(
        SourceError, match=r"^mysql://root:\*\*\*@db/x: no reader"
    ) as caught:
        load("mysql://root:hunter2@db/x")
    assert "hunter2" not in str(caught.value)
