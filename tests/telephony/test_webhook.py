"""The console's CTI listener over real HTTP on loopback: JSON, form and multipart bodies, the
token in the path or a header, hostile bodies refused naming the field, agents matched to users."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from urllib3 import encode_multipart_formdata

from conformance.cti_hostile import HOSTILE
from conftest import FakeClock
from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
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
    answer = requests.post(
        f"http://127.0.0.1:{port}{path}",
        data=body,
        headers={"Content-Type": content_type, **headers},
        timeout=5,
    )
    return answer.status_code, answer.json()


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


@pytest.mark.parametrize("body,content_type,field", HOSTILE)
def test_hostile_bodies_are_refused_naming_the_field(
    listener: Any, body: bytes, content_type: str, field: str
) -> None:
    cti, got = listener
    status, answer = post(cti.port, body, content_type)
    assert (status, answer["code"], answer["field"]) == (422, "validation_error", field)
    assert answer["reason"] and got == []


def test_zammad_url_shape_call_id_and_multipart(listener: Any) -> None:
    cti, got = listener
    body, content_type = encode_multipart_formdata(
        [("event", "newCall"), ("call_id", "m-1"), ("from", "13812345678"), ("user[]", "8001")]
    )
    assert post(cti.port, body, content_type, path="/cti/t0ken")[0] == 200
    assert post(cti.port, body, content_type, path="/api/v1/cti/t0ken/")[0] == 200
    assert post(cti.port, body, content_type, path="/cti/wrong")[0] == 401
    assert post(cti.port, body, content_type, path="/cti/t0ken/more")[0] == 404
    assert [(e.call_id, e.extension) for e in got] == [("m-1", "8001"), ("m-1", "8001")]


def test_without_a_backend_names_are_not_taken_for_extensions(listener: Any) -> None:
    cti, got = listener
    form = b"event=newCall&callId=n-1&user[]=Emma+Taylor&user[]=8002"
    assert post(cti.port, form, "application/x-www-form-urlencoded")[0] == 200
    assert [e.extension for e in got] == ["8002"]


@pytest.fixture
def desk(
    sqlite_template: Path, tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[CtiListener, Services]]:
    shutil.copyfile(sqlite_template, tmp_path / "desk.sqlite3")
    store = SqlStore(f"sqlite:///{tmp_path / 'desk.sqlite3'}", clock=clock.now)
    admin = Services(store.unit_of_work, store.feed, Actor("root", "admin"), clock=clock)
    pw = "correct horse battery"
    admin.create_user("emma", "Emma  Taylor", "agent", pw, extension="8012",
                      email="Emma@Chrispresso.com")  # fmt: skip
    admin.create_user("jdoe", "John Doe", "agent", pw, extension="8023", mobile="13912345678")
    admin.create_user("noext", "No Phone", "agent", pw)
    agent = admin.as_actor(Actor("emma", "agent"))

    def record(event: CallEvent) -> None:
        agent.record_call_event(
            event.kind, event.call_id, event.at, direction=event.direction,
            from_number=event.from_number, to_number=event.to_number,
            agent_extension=event.extension, cause=event.cause,
        )  # fmt: skip

    cti = CtiListener(0, "t0ken", record, match=agent.match_call_agents)
    cti.start()
    yield cti, agent
    cti.stop()
    store.close()


def test_agents_are_matched_by_login_name_e_mail_extension_or_mobile(desk: Any) -> None:
    _cti, agent = desk
    matches = agent.match_call_agents(
        ["emma", "emma taylor", "EMMA@chrispresso.com", "8023", "+86 139 1234 5678",
         "No Phone", "Zhang San", "8099", "4921199999999", "john doe,emma"]
    )  # fmt: skip
    assert [(m.extension, m.username, m.how) for m in matches] == [
        ("8012", "emma", "login"),
        ("8012", "emma", "name"),
        ("8012", "emma", "e-mail"),
        ("8023", "jdoe", "extension"),
        ("8023", "jdoe", "mobile"),
        (None, "noext", "no extension"),
        (None, None, "unknown"),  # a name nobody has is not an extension
        ("8099", None, "as given"),  # a desk phone nobody signed in to
        (None, None, "unknown"),  # a full number (a forwarded call) is not an extension
        ("8023", "jdoe", "name"),
        ("8012", "emma", "login"),
    ]


def test_the_users_console_pops_and_an_unknown_name_is_logged(
    desk: Any, caplog: pytest.LogCaptureFixture
) -> None:
    cti, agent = desk
    ring = {"event": "newCall", "direction": "in", "from": "13812345678", "callId": "e-1",
            "user": ["Emma Taylor", "Zhang San"]}  # fmt: skip
    assert post(cti.port, json.dumps(ring).encode(), "application/json")[0] == 200
    answer = b"event=answer&direction=in&callId=e-1&answeringNumber=emma%40chrispresso.com"
    assert post(cti.port, answer, "application/x-www-form-urlencoded")[0] == 200
    (call,) = agent.list_calls()
    assert (call.agent_extension, call.outcome.value) == ("8012", "answered")
    assert "'Zhang San'" in caplog.text


def test_a_call_the_voicemail_box_answers_is_missed_and_called_back(desk: Any) -> None:
    cti, agent = desk
    form = "application/x-www-form-urlencoded"
    ring = b"event=newCall&direction=in&from=13812345678&callId=v-1&user[]=John+Doe"
    assert post(cti.port, ring, form)[0] == 200
    voicemail = b"event=answer&direction=in&from=13812345678&callId=v-1&user=voicemail"
    assert post(cti.port, voicemail, form)[0] == 200
    hangup = b"event=hangup&direction=in&from=13812345678&callId=v-1&cause=normalClearing"
    assert post(cti.port, hangup, form)[0] == 200
    (call,) = agent.list_calls()
    assert (call.outcome.value, call.end_cause, call.agent_extension) == (
        "missed", "went to voicemail", "8023",
    )  # fmt: skip
    (callback,) = agent.list_callbacks()
    assert (callback.phone, callback.call_id) == ("+8613812345678", "v-1")


def test_the_console_webhook_source_names_people_by_the_backends_matcher() -> None:
    """As the console wires it: the loopback source asks the backend who `user[]` names."""
    import socket
    import threading

    import requests

    from dispatch_console.domain.call_agents import AgentMatch
    from dispatch_console.telephony.sources import WebhookSource
    from dispatch_console.telephony.status import Status

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    asked: list[list[str]] = []

    def match(names: list[str]) -> list[AgentMatch]:
        asked.append(names)
        return [AgentMatch(n, "8001", "zhu.wei", "name") for n in names]

    got: list[object] = []
    listening, stop = threading.Event(), threading.Event()

    def on_status(s: str) -> None:
        if isinstance(s, Status) and s.state == "listening":
            listening.set()

    source = WebhookSource(port, "t0ken", match=match)
    worker = threading.Thread(target=source.run, args=(got.append, stop, on_status))
    worker.start()
    try:
        assert listening.wait(10)
        answer = requests.post(
            f"http://127.0.0.1:{port}/cti/t0ken",
            data={"event": "newCall", "from": "13812345678", "to": "4008001234",
                  "direction": "in", "call_id": "z-1", "user[]": "Zhu Wei"},
            timeout=5,
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        deadline = threading.Event()
        for _ in range(100):
            if got:
                break
            deadline.wait(0.05)
    finally:
        stop.set()
        worker.join(5)
    assert asked == [["Zhu Wei"]]
    assert [(e.kind, e.call_id, e.extension) for e in got] == [("offered", "z-1", "8001")]  # type: ignore[attr-defined]
