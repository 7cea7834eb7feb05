"""The variables read by name: where the user's files are, a database or server for one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch_console.config import environment
from dispatch_console.config.model import ConnectionSettings


def test_the_default_database_is_the_users_own_file_unless_one_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DISPATCH_DATABASE_URL", raising=False)
    own = f"sqlite:///{tmp_path / 'dispatch.sqlite3'}"
    assert environment.default_database_url() == own
    assert ConnectionSettings().url() == own  # "embedded" is the same file
    monkeypatch.setenv("DISPATCH_DATABASE_URL", "postgresql://agent@db/dispatch")
    assert environment.default_database_url() == "postgresql://agent@db/dispatch"


def test_chatwoot_secrets_are_a_comma_separated_list_while_rotating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISPATCH_CHATWOOT_SECRET", raising=False)
    assert environment.chatwoot_secrets() == []
    monkeypatch.setenv("DISPATCH_CHATWOOT_SECRET", " old , new,, ")
    assert environment.chatwoot_secrets() == ["old", "new"]
