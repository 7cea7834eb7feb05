"""Writes sent with an Idempotency-Key are done once: a retry gets the first answer (or the
first refusal) again. The console's client sends every write with a key and retries it when the
answer is lost on the way, so nothing is lost and nothing is doubled."""

from __future__ import annotations

import socket
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess


def test_a_retried_write_is_done_once(rest_server: RestServer, clock: FakeClock) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    url = rest_server.url + "/api/v1/customers"
    headers = {"Authorization": f"Bearer {desk.token}", "Idempotency-Key": "k-1"}
    body = {"name": "Li Lei", "phones": ["13812345678"]}
    first = requests.post(url, json=body, headers=headers, timeout=10)
    again = requests.post(url, json=body, headers=headers, timeout=10)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(desk.search_customers("Li Lei")) == 1
    other = requests.post(
        rest_server.url + "/api/v1/departments", json={"name": "N", "code": "N"},
        headers=headers, timeout=10,
    )  # fmt: skip
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"
    bad = {**headers, "Idempotency-Key": "k-2"}
    refused = requests.post(url, json={"name": "", "phones": []}, headers=bad, timeout=10)
    replayed = requests.post(url, json={"name": "", "phones": []}, headers=bad, timeout=10)
    assert refused.status_code == replayed.status_code == 422
    assert refused.json() == replayed.json()


class LosesFirstAnswer:
    """A proxy that passes requests on but throws away the first answer, as a dropped
    connection would after the server has done the work."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lost = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with client:
                request = _read_request(client)
                request = request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
                with socket.create_connection(("127.0.0.1", self.target)) as upstream:
                    upstream.sendall(request)
                    answer = b""
                    while chunk := upstream.recv(65536):
                        answer += chunk
                if b"POST" in request[:10] and self.lost == 0:
                    self.lost += 1
                    continue  # the work is done; the answer never arrives
                client.sendall(answer)

    def close(self) -> None:
        self.server.close()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(rest) < length:
        rest += conn.recv(65536)
    return head + b"\r\n\r\n" + rest


def test_the_console_retries_a_write_whose_answer_was_lost_and_nothing_doubles(
    rest_server: RestServer, clock: FakeClock
) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    proxy = LosesFirstAnswer(int(rest_server.url.rsplit(":", 1)[1]))
    try:
        flaky = RestBackend(f"http://127.0.0.1:{proxy.port}", desk.token, desk.actor)
        customer = flaky.create_customer("王芳", ["13812345678"])  # type: ignore[attr-defined]
        flaky.close()
    finally:
        proxy.close()
    assert proxy.lost == 1
    (only,) = desk.search_customers("王芳")
    assert only.id == customer.id


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_searches_are_not_recorded_as_writes(tmp_path: Path) -> None:
    """A console searching all day must not grow the database: the client sends no key with a
    search, and the server ignores one if a client sends it anyway."""
    path = tmp_path / "desk.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    store.upgrade()
    setup = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    setup.create_first_admin("boss", "Boss", "correct horse 1")
    store.close()
    server = ServerProcess(f"sqlite:///{path}", tmp_path / "server.log").start()
    try:
        desk, _ = RestBackend.sign_in(server.url, "boss", "correct horse 1")
        desk.create_customer("Li Lei", ["13812345678"])  # type: ignore[attr-defined]
        writes = _rows(path, "request_keys")
        assert writes == 1  # the write is recorded, for its retries
        for _ in range(5):
            desk.search_tickets(TicketQuery(limit=100))  # type: ignore[attr-defined]
        keyed = requests.post(
            server.url + "/api/v1/tickets/search", json={"query": {"limit": 10}},
            headers={"Authorization": f"Bearer {desk.token}", "Idempotency-Key": "s-1"},
            timeout=10,
        )  # fmt: skip
        assert keyed.status_code == 200, keyed.text
        assert _rows(path, "request_keys") == writes
        desk.close()
    finally:
        server.stop()


def test_outcomes_expire_and_are_purged_in_batches(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    store.upgrade()
    clock = FakeClock()
    desk = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=clock)
    for n in range(5):  # yesterday's writes
        assert desk.claim_request_key(f"old-{n}", "create_customer") is None
        desk.finish_request_key(f"old-{n}", 200, f'{{"id": {n}}}')
    clock.advance(hours=23)
    assert desk.claim_request_key("recent", "create_customer") is None
    desk.finish_request_key("recent", 200, '{"id": 99}')
    clock.advance(hours=2)  # the old ones are 25 hours old now, "recent" 2 hours
    assert desk.purge_request_keys(timedelta(hours=24), batch=2) == 5
    assert desk.purge_request_keys(timedelta(hours=24), batch=2) == 0
    # a retry of the recent write within the window still answers its first outcome
    earlier = desk.claim_request_key("recent", "create_customer")
    assert earlier is not None and earlier.done and earlier.response == '{"id": 99}'
    # a retry of a purged one is a new write (nothing to replay any more)
    assert desk.claim_request_key("old-0", "create_customer") is None
    store.close()


def test_the_admin_tool_purges_expired_outcomes(tmp_path: Path) -> None:
    from dispatch_console.cli.admin import main

    path = tmp_path / "desk.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    store.upgrade()
    then = FakeClock(datetime.now(UTC) - timedelta(hours=30))
    desk = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=then)
    assert desk.claim_request_key("k", "create_customer") is None
    store.close()
    assert main(["--database", f"sqlite:///{path}", "db", "purge", "--keep-hours", "48"]) == 0
    assert _rows(path, "request_keys") == 1
    assert main(["--database", f"sqlite:///{path}", "db", "purge"]) == 0
    assert _rows(path, "request_keys") == 0
