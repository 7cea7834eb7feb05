"""Chatwoot and other chat systems post to the server: signed deliveries are kept once and
consoles see them through the event log; forged, stale, unsigned or malformed ones are refused
and change nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from dispatch_console.chat.signing import sign
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

SECRET = "chatwoot-webhook-secret"
PAYLOADS = Path(__file__).parents[1] / "chat" / "payloads"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerProcess, str, RestBackend]]:
    """A server that knows Chatwoot's secret, a chat integration token, and an agent's console."""
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    root = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    root.create_first_admin("boss", "Boss", "correct horse 1")
    root.create_customer("张伟", ["13812345678"])
    raw, _ = root.create_integration_token("chat", "Chatwoot")
    store.close()
    process = ServerProcess(url, tmp_path / "server.log", env={"DISPATCH_CHATWOOT_SECRET": SECRET})
    process.start()
    console, _ = RestBackend.sign_in(process.url, "boss", "correct horse 1")
    try:
        yield process, raw, console
    finally:
        console.close()
        process.stop()


def post(url: str, body: bytes, secret: str = SECRET, at: float | None = None,
         **headers: str) -> requests.Response:  # fmt: skip
    stamp = str(int(at if at is not None else time.time()))
    signed = {"X-Chatwoot-Timestamp": stamp, "X-Chatwoot-Signature": sign(secret, stamp, body),
              "Content-Type": "application/json", **headers}  # fmt: skip
    return requests.post(url, data=body, headers=signed, timeout=10)


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def test_signed_chatwoot_deliveries_reach_the_console_once(
    server: tuple[ServerProcess, str, RestBackend],
) -> None:
    process, token, console = server
    url = f"{process.url}/api/v1/chat/chatwoot?token={token}"
    start = console.last_event_id()
    created = post(url, payload("conversation_created"))
    assert created.status_code == 200 and created.json()["added"] == 2
    events = console.wait_for_events(start, timeout=5)
    assert any(e.entity == "conversation" and e.kind == "created" for e in events)
    message = payload("message_created")
    assert post(url, message).json()["added"] == 1
    replayed = post(url, message)  # Chatwoot retries a delivery whose answer it missed
    assert replayed.status_code == 200 and replayed.json()["added"] == 0
    (conv,) = console.list_conversations()
    assert (conv.source, conv.external_id, conv.message_count) == ("chatwoot", "207", 3)
    assert conv.customer_id is not None  # 张伟, by his mobile number
    assert post(url, payload("conversation_status_changed")).status_code == 200
    assert console.list_conversations() == []  # resolved in Chatwoot: off the open list
    ignored = post(url, json.dumps({"event": "contact_created", "id": 4}).encode())
    assert ignored.json() == {"ignored": True}


def test_forged_stale_unsigned_and_tokenless_deliveries_are_refused(
    server: tuple[ServerProcess, str, RestBackend],
) -> None:
    process, token, console = server
    url = f"{process.url}/api/v1/chat/chatwoot?token={token}"
    body = payload("conversation_created")
    forged = post(url, body, secret="guessed")
    assert forged.status_code == 401 and "does not match" in forged.json()["message"]
    stale = post(url, body, at=time.time() - 3600)  # a captured delivery, replayed an hour on
    assert stale.status_code == 401 and "too long ago" in stale.json()["message"]
    unsigned = requests.post(url, data=body, timeout=10)
    assert unsigned.status_code == 401
    tokenless = post(f"{process.url}/api/v1/chat/chatwoot", body)
    assert tokenless.status_code == 401
    console.create_user("alice", "Alice", "agent", "correct horse 2")
    alice, _ = RestBackend.sign_in(process.url, "alice", "correct horse 2")
    agent = post(f"{process.url}/api/v1/chat/chatwoot?token={alice.token}", body)
    alice.close()
    assert agent.status_code == 403  # an agent's session is not a chat integration
    assert console.list_conversations(include_closed=True) == []


def test_the_generic_webhook_names_what_is_wrong(
    server: tuple[ServerProcess, str, RestBackend],
) -> None:
    process, token, console = server
    url = f"{process.url}/api/v1/chat/events"
    auth = {"Authorization": f"Bearer {token}"}
    bad: list[tuple[Any, str]] = [
        (b"not json", "request"),
        (b"[1, 2]", "request"),
        (json.dumps({"conversation": {"id": "c", "status": "done"}}).encode(),
         "conversation.status"),
        (json.dumps({"conversation": {"id": "c"}, "messages": [{"id": "m"}]}).encode(),
         "messages[0].text"),
    ]  # fmt: skip
    for body, field in bad:
        answer = requests.post(url, data=body, headers=auth, timeout=10)
        assert answer.status_code == 422 and answer.json()["field"] == field, answer.text
    huge = requests.post(url, data=b"x" * (1024 * 1024 + 1), headers=auth, timeout=10)
    assert huge.status_code == 413
    assert requests.post(url, json={"conversation": {"id": "c"}}, timeout=10).status_code == 401
    good = {"source": "wecom", "conversation": {"id": "c-1", "contact": {"name": "王芳"}},
            "messages": [{"id": "m1", "text": "电梯停了",
                          "at": "2026-11-27T10:00:00+08:00"}]}  # fmt: skip
    assert requests.post(url, json=good, headers=auth, timeout=10).json()["added"] == 1
    assert [c.contact_name for c in console.list_conversations()] == ["王芳"]
