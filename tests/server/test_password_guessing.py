"""Guessing passwords against a real server process (issue 22): re-authentication and sign-in
share one throttle per user name and address. A guesser gets five answers, then 429 with
Retry-After and waits that double; the real user, at another address, signs in all along; an
administrator unlocks at once. A password change or reset ends the user's other sessions."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from conftest import FakeClock, RestServer
from dispatch_console.domain.errors import NotSignedIn
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend

GUESSER = {"X-Forwarded-For": "203.0.113.9"}  # the test server trusts loopback's proxy header
DESK = {"X-Forwarded-For": "198.51.100.7"}


def _post(server: RestServer, path: str, body: dict[str, Any], **headers: str) -> Any:
    return requests.post(server.url + "/api/v1" + path, json=body, headers=headers, timeout=30)


def _sign_in(server: RestServer, password: str, where: dict[str, str]) -> requests.Response:
    return _post(server, "/auth/login", {"username": "wang", "password": password}, **where)


@pytest.fixture
def desk(rest_server: RestServer, clock: FakeClock) -> RestBackend:
    backend: RestBackend = rest_server.fresh(Actor("root", "admin"), clock)
    backend.create_user("wang", "王芳", "agent", "correct horse battery")  # type: ignore[attr-defined]
    return backend


def test_an_agent_guessing_a_colleagues_password_is_slowed_and_the_colleague_is_not(
    rest_server: RestServer, desk: RestBackend
) -> None:
    mallory = desk.as_actor(Actor("mallory", "agent"))
    auth = {"Authorization": f"Bearer {mallory.token}", **GUESSER}
    answers = [
        _post(rest_server, "/auth/check", {"username": "wang", "password": f"guess{i}"}, **auth)
        for i in range(60)
    ]
    statuses = [a.status_code for a in answers]
    # before issue 22 all 60 were checked (~30 a second): now five are, the rest wait
    assert statuses[:5] == [403] * 5 and set(statuses[5:]) == {429}
    slowed = answers[-1]
    assert slowed.json()["code"] == "too_many_attempts"
    assert 1 <= int(slowed.headers["Retry-After"]) <= 300
    assert int(slowed.headers["Retry-After"]) == slowed.json()["retry_after"]
    # the right password from the guesser's address is not even checked
    right = {"username": "wang", "password": "correct horse battery"}
    assert _post(rest_server, "/auth/check", right, **auth).status_code == 429
    # signing in from the guesser's address counts the same tries
    assert _sign_in(rest_server, "correct horse battery", GUESSER).status_code == 429
    # wang, at her own desk, signs in as if nothing happened
    at_desk = _sign_in(rest_server, "correct horse battery", DESK)
    assert at_desk.status_code == 200 and at_desk.json()["user"]["username"] == "wang"


def test_sign_in_guesses_from_outside_never_lock_the_real_user_out(
    rest_server: RestServer, desk: RestBackend
) -> None:
    refused = [_sign_in(rest_server, f"guess{i}", GUESSER).status_code for i in range(20)]
    assert refused[:5] == [403] * 5 and set(refused[5:]) == {429}
    for _ in range(3):  # again and again, while the guessing goes on
        assert _sign_in(rest_server, "correct horse battery", DESK).status_code == 200
        assert _sign_in(rest_server, "guess", GUESSER).status_code == 429


def test_an_administrator_unlocks_over_the_api(rest_server: RestServer, desk: RestBackend) -> None:
    for i in range(6):
        _sign_in(rest_server, f"guess{i}", GUESSER)
    assert _sign_in(rest_server, "correct horse battery", GUESSER).status_code == 429
    agent = desk.as_actor(Actor("mallory", "agent"))
    refused = _post(rest_server, "/auth/unlock", {"username": "wang"},
                    Authorization=f"Bearer {agent.token}")  # fmt: skip
    assert refused.status_code == 403
    assert desk.unlock_sign_in("wang") == 1  # type: ignore[attr-defined]
    assert _sign_in(rest_server, "correct horse battery", GUESSER).status_code == 200


def test_a_password_change_ends_the_other_sessions_and_a_reset_ends_all(
    rest_server: RestServer, desk: RestBackend
) -> None:
    here, user = RestBackend.sign_in(rest_server.url, "wang", "correct horse battery")
    elsewhere, _ = RestBackend.sign_in(rest_server.url, "wang", "correct horse battery")
    assert elsewhere.list_departments() == []  # type: ignore[attr-defined]
    ended = here.change_password("correct horse battery", "a new phrase of mine")  # type: ignore[attr-defined]
    assert ended == 1
    with pytest.raises(NotSignedIn):  # at once, not after the server's token cache expires
        elsewhere.list_departments()  # type: ignore[attr-defined]
    assert here.list_departments() == []  # type: ignore[attr-defined]
    assert _sign_in(rest_server, "correct horse battery", DESK).status_code == 403
    assert desk.reset_password(user.id, "given by the admin 1") == 1  # type: ignore[attr-defined]
    with pytest.raises(NotSignedIn):
        here.list_departments()  # type: ignore[attr-defined]
    assert _sign_in(rest_server, "given by the admin 1", DESK).status_code == 200
