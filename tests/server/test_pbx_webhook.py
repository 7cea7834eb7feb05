"""The PBX posts call events to the server (the generic CTI schema) with its own token; the
calls are recorded and reach every console through the event log."""

from __future__ import annotations

import requests

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
