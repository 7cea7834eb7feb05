"""Signing in to dispatch-server: passwords, session tokens that expire and can be revoked,
integration tokens for the PBX and GPS devices, and requests without a valid token."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from conftest import START, FakeClock, RestServer
from dispatch_console.domain.errors import NotSignedIn, PermissionDenied
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend


@pytest.fixture
def server(rest_server: RestServer) -> RestServer:
    return rest_server


def _admin(server: RestServer, clock: FakeClock) -> RestBackend:
    backend: RestBackend = server.fresh(Actor("root", "admin"), clock)
    backend.create_user("wang", "王芳", "agent", "correct horse battery", extension="8001")
    return backend


def test_a_user_signs_in_works_and_signs_out(server: RestServer, clock: FakeClock) -> None:
    _admin(server, clock)
    backend, user = RestBackend.sign_in(server.url, "wang", "correct horse battery")
    assert (user.display_name, backend.actor.role, backend.actor.name) == ("王芳", "agent", "wang")
    customer = backend.create_customer("Li Lei", ["13812345678"])
    assert backend.get_customer(customer.id).name == "Li Lei"  # type: ignore[attr-defined]
    backend.sign_out()
    with pytest.raises(NotSignedIn):
        backend.get_customer(customer.id)  # type: ignore[attr-defined]


def test_the_signed_in_users_department_comes_with_the_session_and_who_am_i(
    server: RestServer, clock: FakeClock
) -> None:
    """The console shows its user's department first (the dispatch board's filter): it learns
    it from the sign-in answer, and from /auth/me when it starts with a token alone."""
    admin = _admin(server, clock)
    department = admin.create_department("黄浦维修组", "HP")
    admin.create_user("li", "李雷", "agent", "correct horse battery", department_id=department.id)
    backend, _user = RestBackend.sign_in(server.url, "li", "correct horse battery")
    assert backend.actor.department_id == department.id
    again = RestBackend(server.url, backend.token)  # asks /auth/me who it is
    assert (again.actor.name, again.actor.department_id) == ("li", department.id)
    without, _user = RestBackend.sign_in(server.url, "wang", "correct horse battery")
    assert without.actor.department_id is None
    assert RestBackend(server.url, without.token).actor.department_id is None


def test_wrong_passwords_and_missing_or_bad_tokens_are_refused(
    server: RestServer, clock: FakeClock
) -> None:
    _admin(server, clock)
    with pytest.raises(PermissionDenied):
        RestBackend.sign_in(server.url, "wang", "wrong")
    plain = requests.get(server.url + "/api/v1/tickets/1", timeout=10)
    assert plain.status_code == 401 and plain.headers["WWW-Authenticate"] == "Bearer"
    assert plain.json()["code"] == "not_signed_in"
    forged = requests.get(
        server.url + "/api/v1/tickets/1", headers={"Authorization": "Bearer forged"}, timeout=10
    )
    assert forged.status_code == 401


def test_a_session_expires_after_a_shift(server: RestServer, clock: FakeClock) -> None:
    _admin(server, clock)
    backend, _ = RestBackend.sign_in(server.url, "wang", "correct horse battery")
    clock.advance(hours=11, minutes=59)
    assert backend.list_departments() == []  # type: ignore[attr-defined]
    clock.advance(minutes=2)
    with pytest.raises(NotSignedIn):
        backend.list_departments()  # type: ignore[attr-defined]
    assert clock.now() == START + timedelta(hours=12, minutes=1)


def test_integration_tokens_are_for_admins_and_can_be_revoked(
    server: RestServer, clock: FakeClock
) -> None:
    admin = _admin(server, clock)
    agent, _ = RestBackend.sign_in(server.url, "wang", "correct horse battery")
    auth = {"Authorization": f"Bearer {agent.token}"}
    body = {"kind": "pbx", "label": "Asterisk hall A"}
    refused = requests.post(
        server.url + "/api/v1/auth/integration-tokens", json=body, headers=auth, timeout=10
    )
    assert refused.status_code == 403
    admin_auth = {"Authorization": f"Bearer {_real_admin_token(server, admin)}"}
    issued = requests.post(
        server.url + "/api/v1/auth/integration-tokens", json=body, headers=admin_auth, timeout=10
    ).json()
    pbx = {"Authorization": f"Bearer {issued['token']}"}
    me = requests.get(server.url + "/api/v1/auth/me", headers=pbx, timeout=10).json()
    assert (me["name"], me["role"]) == ("Asterisk hall A", "pbx")
    listed = requests.get(server.url + "/api/v1/auth/tokens", headers=admin_auth, timeout=10)
    assert all(t["token_hash"] == "" for t in listed.json())  # not even the hashes leave
    gone = requests.delete(
        server.url + f"/api/v1/auth/tokens/{issued['id']}", headers=admin_auth, timeout=10
    )
    assert gone.ok
    assert requests.get(server.url + "/api/v1/auth/me", headers=pbx, timeout=10).status_code == 401
    bad = requests.post(
        server.url + "/api/v1/auth/integration-tokens",
        json={"kind": "fax", "label": "x"}, headers=admin_auth, timeout=10,
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "kind"


def _real_admin_token(server: RestServer, admin: RestBackend) -> str:
    """A signed-in administrator (test tokens are not in the token table)."""
    admin.create_user("boss", "Boss", "admin", "correct horse battery")
    backend, _ = RestBackend.sign_in(server.url, "boss", "correct horse battery")
    return backend.token
