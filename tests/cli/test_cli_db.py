"""`db upgrade`, `db current`, and how the tool reports problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, sqlite_url


def test_upgrade_creates_the_schema_then_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.sqlite3")
    first = run("--database", url, "db", "upgrade")
    assert first.code == 0, first.err
    assert "upgraded from an empty database to" in first.out
    again = run("--database", url, "db", "upgrade")
    assert again.code == 0 and "already at revision" in again.out
    current = run("--database", url, "db", "current")
    assert current.code == 0 and current.out.strip().endswith("(head)")


def test_the_environment_variable_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPATCH_DATABASE_URL", sqlite_url(tmp_path / "env.sqlite3"))
    assert run("db", "upgrade").code == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_a_missing_database_file_is_one_clear_line(tmp_path: Path) -> None:
    result = run("--database", sqlite_url(tmp_path / "typo.sqlite3"), "db", "current")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "no database file" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "typo.sqlite3").exists()


def test_bad_urls_and_unreachable_servers_are_one_clear_line() -> None:
    for url, expected in (
        ("not a url", "is not a database URL"),
        ("mysql://u@h/db", "unsupported database"),
        ("postgresql://nobody@127.0.0.1:1/none", "postgresql://nobody@127.0.0.1:1/none"),
    ):
        result = run("--database", url, "db", "current")
        assert result.code == 1, url
        assert expected in result.err and result.err.count("\n") == 1, result.err


def test_commands_refuse_a_database_without_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    result = run("--database", sqlite_url(path), "export", "tickets")
    assert result.code == 1 and "db upgrade" in result.err


def test_purge_forgets_old_outcomes_and_idle_sign_in_counts(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from dispatch_console.domain.errors import PermissionDenied
    from dispatch_console.ports import Actor
    from dispatch_console.services import Services
    from dispatch_console.storage.store import SqlStore

    url = sqlite_url(tmp_path / "desk.sqlite3")
    assert run("--database", url, "db", "upgrade").code == 0

    class TwoDaysAgo:
        @staticmethod
        def now() -> datetime:
            return datetime.now(UTC) - timedelta(days=2)

    store = SqlStore(url)
    then = Services(store.unit_of_work, store.feed, Actor("server", "admin"), clock=TwoDaysAgo())
    with pytest.raises(PermissionDenied):
        then.check_password("wang", "a guess", "203.0.113.9")
    assert then.take_allowance("sign-in", "203.0.113.9", 2.0, 120)
    store.close()
    result = run("--database", url, "db", "purge")
    assert result.code == 0, result.err
    assert "2 sign-in and address count(s) idle for a day purged" in result.out
