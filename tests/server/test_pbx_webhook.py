"""The PBX posts call events to the server (the generic CTI schema) with its own token; the
calls are recorded and reach every console through the event log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from conformance.cti_hostile import HOSTILE
from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend


def _pbx_token(server: RestServer, clock: FakeClock) -> tuple[str, RestBackend]:
    admin = server.fresh(Actor("root", "admin"), clock)
    admin.create_user("boss", "Boss", "admin", "correct horse battery")
    boss, _ = RestBackend.sign_in(server.url, "boss", "correct horse battery")
    issued = requests.post(
        server.url + "/api/v1/auth/integration-tokens",
        json={"kind": "pbx", "label": "Asterisk"},
        headers={"Authorization": f"Bearer {boss.token}"}, timeout=10,
    ).json()  # fmt: skip
    boss.close()
    return issued["token"], admin


@pytest.fixture
def pbx_token(rest_server: RestServer, clock: FakeClock) -> Iterator[tuple[str, RestBackend]]:
    yield _pbx_token(rest_server, clock)
    rest_server.close_all()


def test_the_pbx_reports_a_call_and_consoles_see_it(
    rest_server: RestServer, clock: FakeClock
) -> None:
    token, console = _pbx_token(rest_server, clock)
    start = console.last_event_id()
    url = rest_server.url + "/api/v1/cti"
    ring = {"event": "newCall", "from": "13812345678", "to": "4008001234", "direction": "in",
            "callId": "asterisk-1.42", "user": ["8001", "8002"]}  # fmt: skip
    done = requests.post(url, json=ring, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert done.json() == {"recorded": 2}  # a ring group: both extensions ring
    hangup = "event=hangup&callId=asterisk-1.42&from=13812345678&direction=in&cause=cancel"
    done = requests.post(
        url + f"?token={token}", data=hangup, timeout=10,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert done.ok
    events = console.wait_for_events(start, timeout=5)
    offered = [e for e in events if e.entity == "call" and e.kind == "offered"]
    assert offered and offered[0].payload["call_id"] == "asterisk-1.42"
    (call,) = console.list_calls()
    assert (call.outcome.value, call.from_number) == ("missed", "+8613812345678")
    assert console.list_callbacks()[0].phone == "+8613812345678"  # and a callback to make


def test_the_webhook_refuses_bad_tokens_agents_and_bad_fields(
    rest_server: RestServer, clock: FakeClock
) -> None:
    token, console = _pbx_token(rest_server, clock)
    url = rest_server.url + "/api/v1/cti"
    ring = {"event": "newCall", "from": "13812345678", "callId": "x1"}
    assert requests.post(url, json=ring, timeout=10).status_code == 401
    assert requests.post(url + "?token=forged", json=ring, timeout=10).status_code == 401
    alice = console.as_actor(Actor("alice", "agent"))
    agent = requests.post(
        url, json=ring, headers={"Authorization": f"Bearer {alice.token}"}, timeout=10
    )
    assert agent.status_code == 403
    bad = requests.post(url, json={**ring, "event": "ring"}, headers={"X-Token": token}, timeout=10)
    assert bad.status_code == 422 and bad.json()["field"] == "event"
    assert console.list_calls() == []


@pytest.mark.parametrize("body,content_type,field", HOSTILE)
def test_hostile_bodies_get_a_422_naming_the_field_never_a_5xx(
    pbx_token: tuple[str, RestBackend], rest_server: RestServer,
    body: bytes, content_type: str, field: str,
) -> None:  # fmt: skip
    token, console = pbx_token
    done = requests.post(
        rest_server.url + f"/api/v1/cti/{token}", data=body, timeout=10,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    answer = done.json()
    assert (done.status_code, answer["code"], answer["field"]) == (422, "validation_error", field)
    assert console.list_calls() == []


def test_zammads_url_shape_and_request_spec_fields(
    pbx_token: tuple[str, RestBackend], rest_server: RestServer
) -> None:
    token, console = pbx_token
    console.create_user("emma", "Emma Taylor", "agent", "correct horse battery", extension="8012",
                        email="emma@chrispresso.com")  # fmt: skip
    url = rest_server.url + f"/api/v1/cti/{token}"
    ring = {"event": "newCall", "direction": "in", "from": "13812345678", "call_id": "z-9",
            "user": "Emma Taylor"}  # fmt: skip
    assert requests.post(url, data=ring, timeout=10).json() == {"recorded": 1}
    answer = {"event": "answer", "direction": "in", "call_id": "z-9",
              "answeringNumber": "emma@chrispresso.com"}  # fmt: skip
    assert requests.post(url, files={k: (None, v) for k, v in answer.items()}, timeout=10).ok
    assert (
        requests.post(rest_server.url + "/api/v1/cti/forged", data=ring, timeout=10).status_code
        == 401
    )
    (call,) = console.list_calls()
    assert (call.call_id, call.agent_extension, call.outcome.value) == ("z-9", "8012", "answered")
    # the same use case a console's loopback listener asks through its REST backend
    (match,) = console.match_call_agents(["EMMA@chrispresso.com"])
    assert (match.extension, match.username, match.how) == ("8012", "emma", "e-mail")
