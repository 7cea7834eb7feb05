"""Zammad's own CTI requests, its documentation's curl commands and sipgate.io's, replayed over
HTTP at both real entry points: a dispatch-server process (`POST /api/v1/cti/<token>` with a pbx
integration token) and the console's loopback listener (`POST /cti/<token>`). Each sequence must
leave the call log its expected.json describes: direction, numbers, the agent's extension (the
names, logins and e-mails the PBX sent matched to users), answered or missed, the cause in words,
and a missed call's callback. Form sequences are also re-encoded as multipart/form-data and JSON
(with the standard library's and urllib3's encoders) and must leave the same log."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from urllib3 import encode_multipart_formdata

from conftest import FakeClock, RestServer
from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.telephony.webhook import CtiListener

CORPUS = Path(__file__).parent / "cti"
SEQUENCES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
USERS = json.loads((CORPUS / "users.json").read_text())
ENCODINGS = ["as-sent", "multipart", "json"]


@dataclass
class Request:
    name: str
    path: str  # with {token}
    content_type: str
    body: bytes


def load(sequence: str) -> tuple[list[Request], dict[str, Any]]:
    requests_ = []
    for file in sorted((CORPUS / sequence).glob("*.http")):
        head, _, body = file.read_bytes().partition(b"\n\n")
        first, *headers = head.decode().split("\n")
        verb, path = first.split(" ", 1)
        assert verb == "POST"
        content_type = dict(h.split(": ", 1) for h in headers)["Content-Type"]
        requests_.append(Request(file.stem, path, content_type, body))
    return requests_, json.loads((CORPUS / sequence / "expected.json").read_text())


def reencode(request: Request, encoding: str) -> Request:
    """The same fields in another body encoding (forms only: JSON and multipart already are)."""
    if encoding == "as-sent" or not request.content_type.startswith("application/x-www-form"):
        return request
    pairs = parse_qsl(request.body.decode(), keep_blank_values=True)
    if encoding == "multipart":
        body, content_type = encode_multipart_formdata(pairs)
        return Request(request.name, request.path, content_type, body)
    fields: dict[str, Any] = {}
    for key, value in pairs:
        if key.endswith("[]"):
            fields.setdefault(key[:-2], []).append(value)
        else:
            fields[key] = value
    return Request(request.name, request.path, "application/json", json.dumps(fields).encode())


def check(calls: list[Any], callbacks: list[Any], expected: dict[str, Any]) -> None:
    got = {
        c.call_id: {
            "call_id": c.call_id, "direction": c.direction.value, "from": c.from_number,
            "to": c.to_number, "extension": c.agent_extension, "outcome": c.outcome.value,
            "cause": c.end_cause, "callback": any(cb.call_id == c.call_id for cb in callbacks),
        }
        for c in calls
    }  # fmt: skip
    assert got == {c["call_id"]: c for c in expected["calls"]}


def replay(
    post: Callable[[Request], tuple[int, dict[str, Any]]], sequence: str, encoding: str
) -> dict[str, Any]:
    requests_, expected = load(sequence)
    for request in requests_:
        status, answer = post(reencode(request, encoding))
        refused = expected["refused"].get(request.name)
        if refused:
            assert (status, answer.get("field")) == (422, refused), request.name
        else:
            assert status == 200, (request.name, answer)
    return expected


# --- a dispatch-server process -----------------------------------------------------------------
@pytest.fixture
def pbx_server(rest_server: RestServer, clock: FakeClock) -> Iterator[tuple[str, RestBackend]]:
    admin = rest_server.fresh(Actor("root", "admin"), clock)
    for user in USERS:
        admin.create_user(
            user["username"], user["display_name"], "agent", "correct horse battery",
            extension=user["extension"], email=user.get("email"),
        )  # fmt: skip
    admin.create_user("boss", "Boss", "admin", "correct horse battery")
    boss, _ = RestBackend.sign_in(rest_server.url, "boss", "correct horse battery")
    issued = requests.post(
        rest_server.url + "/api/v1/auth/integration-tokens",
        json={"kind": "pbx", "label": "Zammad"},
        headers={"Authorization": f"Bearer {boss.token}"}, timeout=10,
    ).json()  # fmt: skip
    boss.close()
    yield issued["token"], admin
    rest_server.close_all()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sequence", SEQUENCES)
def test_the_server_records_the_corpus(
    pbx_server: tuple[str, RestBackend], rest_server: RestServer, sequence: str, encoding: str
) -> None:
    token, admin = pbx_server

    def post(request: Request) -> tuple[int, dict[str, Any]]:
        done = requests.post(
            rest_server.url + request.path.replace("{token}", token), data=request.body,
            headers={"Content-Type": request.content_type}, timeout=10,
        )  # fmt: skip
        return done.status_code, done.json()

    expected = replay(post, sequence, encoding)
    check(admin.list_calls(), admin.list_callbacks(), expected)


# --- the console's loopback listener -----------------------------------------------------------
@pytest.fixture
def desk(
    sqlite_template: Path, tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[CtiListener, Services]]:
    """A stand-alone console's database and its listener, recording what it hears as the
    console's call controller does."""
    shutil.copyfile(sqlite_template, tmp_path / "desk.sqlite3")
    store = SqlStore(f"sqlite:///{tmp_path / 'desk.sqlite3'}", clock=clock.now)
    admin = Services(store.unit_of_work, store.feed, Actor("root", "admin"), clock=clock)
    for user in USERS:
        admin.create_user(
            user["username"], user["display_name"], "agent", "correct horse battery",
            extension=user["extension"], email=user.get("email"),
        )  # fmt: skip
    agent = admin.as_actor(Actor("user1", "agent"))

    def record(event: CallEvent) -> None:
        agent.record_call_event(
            event.kind, event.call_id, event.at, direction=event.direction,
            from_number=event.from_number, to_number=event.to_number,
            agent_extension=event.extension, cause=event.cause,
        )  # fmt: skip

    listener = CtiListener(0, "desk-t0ken", record, match=agent.match_call_agents)
    listener.start()
    yield listener, agent
    listener.stop()
    store.close()


def post_to(port: int, request: Request, token: str = "desk-t0ken") -> tuple[int, dict[str, Any]]:
    # the listener's own URL shape: /cti/<token> (and /cti?token=)
    path = request.path.replace("/api/v1/cti", "/cti").replace("{token}", token)
    answer = requests.post(
        f"http://127.0.0.1:{port}{path}", data=request.body, timeout=10,
        headers={"Content-Type": request.content_type},
    )  # fmt: skip
    return answer.status_code, answer.json()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sequence", SEQUENCES)
def test_the_console_listener_records_the_corpus(
    desk: tuple[CtiListener, Services], sequence: str, encoding: str
) -> None:
    listener, agent = desk
    expected = replay(lambda r: post_to(listener.port, r), sequence, encoding)
    check(agent.list_calls(), agent.list_callbacks(), expected)
