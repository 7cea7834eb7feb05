"""`create-user`: the login works with the services' own authentication."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dispatch_console.domain.errors import PermissionDenied
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import run, sqlite_url


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "users.sqlite3")
    assert run("--database", url, "db", "upgrade").code == 0
    return url


def test_a_created_user_can_log_in(url: str) -> None:
    result = run(
        "--database",
        url,
        "create-user",
        "agent7",
        "--role",
        "agent",
        "--name",
        "客服 小王",
        "--extension",
        "8007",
        "--password",
        "s3cret-pw",
    )
    assert result.code == 0, result.err
    assert "agent7" in result.out and "8007" in result.out
    store = SqlStore(url)
    try:
        services = Services(store.unit_of_work, store.feed, Actor("test"))
        user = services.authenticate("agent7", "s3cret-pw")
        assert (user.role.value, user.extension, user.display_name) == (
            "agent",
            "8007",
            "客服 小王",
        )
        with pytest.raises(PermissionDenied):
            services.authenticate("agent7", "wrong-password")
    finally:
        store.close()


def test_user_errors_are_one_line(url: str) -> None:
    args = ("--database", url, "create-user", "sam", "--role", "supervisor")
    assert run(*args, "--password", "long-enough").code == 0
    again = run(*args, "--password", "long-enough")
    assert again.code == 1 and "already in use" in again.err and again.err.count("\n") == 1
    short = run("--database", url, "create-user", "kim", "--role", "agent", "--password", "x")
    assert short.code == 1 and "password" in short.err
    dept = run(
        "--database",
        url,
        "create-user",
        "lee",
        "--role",
        "technician",
        "--department",
        "NOPE",
        "--password",
        "long-enough",
    )
    assert dept.code == 1 and "NOPE" in dept.err
    assert run("--database", url, "create-user", "x", "--role", "boss").code == 2


def test_a_supervisor_gives_where_sla_alerts_reach_them(url: str) -> None:
    created = run("--database", url, "create-user", "sue", "--role", "supervisor",
                  "--password", "long-enough", "--email", "Sue@Desk.example")  # fmt: skip
    assert created.code == 0, created.err
    changed = run("--database", url, "user-contact", "sue", "--mobile", "138 1234 5678",
                  "--language", "en")  # fmt: skip
    assert changed.code == 0, changed.err
    assert "sue@desk.example" in changed.out and "+8613812345678" in changed.out
    bad = run("--database", url, "user-contact", "sue", "--mobile", "12")
    assert bad.code == 1 and "mobile" in bad.err and bad.err.count("\n") == 1
    cleared = run("--database", url, "user-contact", "sue", "--email", "")
    assert cleared.code == 0 and "e-mail -" in cleared.out and "+8613812345678" in cleared.out
    assert run("--database", url, "user-contact", "nobody", "--email", "a@b.cn").code == 1


def _sign_in(url: str, username: str, password: str) -> str:
    store = SqlStore(url)
    try:
        services = Services(store.unit_of_work, store.feed, Actor("server", "admin"))
        raw, _, _ = services.sign_in(username, password)
        return raw
    finally:
        store.close()


def _valid(url: str, raw: str) -> bool:
    store = SqlStore(url)
    try:
        Services(store.unit_of_work, store.feed, Actor("server", "admin")).actor_for_token(raw)
        return True
    except PermissionDenied:
        return False
    finally:
        store.close()


def test_passwd_reads_a_script_s_password_and_ends_the_user_s_sessions(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("--database", url, "create-user", "agent7", "--role", "agent",
               "--password", "first password").code == 0  # fmt: skip
    session = _sign_in(url, "agent7", "first password")
    monkeypatch.setattr("sys.stdin", io.StringIO("a new phrase of mine\n"))
    result = run("--database", url, "passwd", "agent7")
    assert result.code == 0, result.err
    assert "1 open session(s) ended" in result.out
    assert not _valid(url, session)
    assert _valid(url, _sign_in(url, "agent7", "a new phrase of mine"))
    with pytest.raises(PermissionDenied):
        _sign_in(url, "agent7", "first password")


def test_passwd_says_the_policy_and_refuses_what_breaks_it(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("--database", url, "create-user", "agent7", "--role", "agent",
               "--password", "first password").code == 0  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    refused = run("--database", url, "passwd", "agent7")
    assert refused.code == 1 and "must be at least 8 characters" in refused.err
    assert "is not the user name" in refused.err  # the policy, in words
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert "no password on standard input" in run("--database", url, "passwd", "agent7").err
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough 12\n"))
    assert "no user 'nobody'" in run("--database", url, "passwd", "nobody").err
    assert "A password has at least 8" in run("--database", url, "passwd", "--help").out


def test_unlock_lets_a_user_sign_in_again_at_once(url: str) -> None:
    from dispatch_console.domain.errors import TooManyAttempts

    assert run("--database", url, "create-user", "agent7", "--role", "agent",
               "--password", "first password").code == 0  # fmt: skip
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            _sign_in(url, "agent7", "guess")
    with pytest.raises(TooManyAttempts):
        _sign_in(url, "agent7", "first password")
    result = run("--database", url, "unlock", "agent7")
    assert result.code == 0 and "(1 address(es) waited)" in result.out
    assert _valid(url, _sign_in(url, "agent7", "first password"))
