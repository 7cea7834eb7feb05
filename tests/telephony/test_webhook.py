"""The CTI webhook over real HTTP on loopback: JSON and form bodies, token, bad fields."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.telephony.webhook import CtiListener


@pytest.fixture
def listener() -> Iterator[tuple[CtiListener, list[CallEvent]]]:
    got: list[CallEvent] = []
    cti = CtiListener(0, "t0ken", got.append)
    cti.start()
    yield cti, got
    cti.stop()


def post(
    port: int, body: bytes, content_type: str, path: str = "/cti?token=t0ken", **headers: str
) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=body,
        headers={"Content-Type": content_type, **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_call_in_json_and_form_encoded(listener: Any) -> None:
    cti, got = listener
    new_call = {
        "event": "newCall",
        "from": "13812345678",
        "to": "4008001234",
        "direction": "in",
        "callId": "z-1",
        "user": ["8001"],
    }
    assert post(cti.port, json.dumps(new_call).encode(), "application/json")[0] == 200
    form = (
        b"event=answer&from=13812345678&to=4008001234&direction=in&callId=z-1&answeringNumber=8001"
    )
    assert (
        post(
            cti.port, form, "application/x-www-form-urlencoded", path="/cti", **{"X-Token": "t0ken"}
        )[0]
        == 200
    )
    hangup = (
        b"event=hangup&callId=z-1&direction=in&from=13812345678&cause=normalClearing"
        b"&user%5B%5D=8001"
    )
    assert (
        post(
            cti.port,
            hangup,
            "application/x-www-form-urlencoded",
            path="/cti",
            Authorization="Bearer t0ken",
        )[0]
        == 200
    )
    assert [(e.kind, e.call_id, e.extension) for e in got] == [
        ("offered", "z-1", "8001"),
        ("answered", "z-1", "8001"),
        ("ended", "z-1", "8001"),
    ]
    assert got[2].cause == "normal" and got[0].from_number == "13812345678"


def test_a_wrong_token_is_401_and_bad_fields_are_422_naming_the_field(listener: Any) -> None:
    cti, got = listener
    status, _ = post(
        cti.port,
        b"event=newCall&callId=1",
        "application/x-www-form-urlencoded",
        path="/cti?token=nope",
    )
    assert status == 401
    status, body = post(cti.port, b"event=ring&callId=1", "application/x-www-form-urlencoded")
    assert (status, body["field"]) == (422, "event")
    status, body = post(cti.port, b'{"event": "newCall"}', "application/json")
    assert (status, body["field"]) == (422, "callId")
    status, body = post(cti.port, b"{not json", "application/json")
    assert (status, body["field"]) == (422, "body")
    assert got == []


def test_a_ring_group_pops_every_agent_named_and_a_bad_length_is_refused(listener: Any) -> None:
    cti, got = listener
    body = json.dumps(
        {
            "event": "newCall",
            "from": "1381",
            "direction": "in",
            "callId": "rg",
            "user": ["8001", "8002"],
        }
    ).encode()
    assert post(cti.port, body, "application/json")[0] == 200
    assert [e.extension for e in got] == ["8001", "8002"]
    bad = json.dumps({"event": "newCall", "callId": "x", "user": {"a": 1}}).encode()
    status, answer = post(cti.port, bad, "application/json")
    assert (status, answer["field"]) == (422, "user")
