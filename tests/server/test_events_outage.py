"""The server's live events survive the database going away: while PostgreSQL refuses the
server, /healthz says the live events are stale (503); once it is back, a console still
connected to the event stream gets new changes again, with nothing to do on its side."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import psycopg
import requests
from websockets.sync.client import ClientConnection, connect

from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.server.events import RECHECK_S
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import PG
from .processes import ServerProcess

STALE_AFTER_S = 2.0


def _health(url: str) -> tuple[int, dict[str, object]]:
    answer = requests.get(url + "/healthz", timeout=5)
    return answer.status_code, answer.json()


def _until(what: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not what():
        assert time.monotonic() < deadline, f"not within {within} s"
        time.sleep(0.2)


def _next_notice(socket: ClientConnection, within: float) -> object:
    """The next message that is the server's word on its feed (not a batch of events)."""
    deadline = time.monotonic() + within
    while True:
        message = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        if isinstance(message, dict) and "stale" in message:
            return message


def _refuse(admin: psycopg.Connection, name: str, refuse: bool) -> None:
    admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"false" if refuse else "true"}')
    if refuse:  # and end the sessions the server holds (its feed's LISTEN among them)
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )


def test_live_events_come_back_after_the_database_refused_the_server(
    pg_desk: str, tmp_path: Path
) -> None:
    assert PG is not None
    database = pg_desk
    name = database.rsplit("/", 1)[1]
    server = ServerProcess(
        database, tmp_path / "server.log",
        args=["--workers", "1", "--stale-after", str(STALE_AFTER_S)],
    ).start()  # fmt: skip
    admin = psycopg.connect(PG.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    stack = ExitStack()
    try:
        writer, _ = RestBackend.sign_in(server.url, "boss", "correct horse 1")
        console = RestBackend(server.url, writer.token)
        start = console.last_event_id()  # type: ignore[attr-defined]
        assert console.wait_for_events(start, timeout=0.1) == []  # the stream is open
        assert _health(server.url)[0] == 200

        headers = {"Authorization": f"Bearer {writer.token}"}
        ws_url = server.url.replace("http", "ws") + f"/api/v1/events?after={start}&rows=true"
        socket = stack.enter_context(connect(ws_url, additional_headers=headers, open_timeout=10))

        _refuse(admin, name, True)
        _until(lambda: _health(server.url)[0] == 503, 10 + STALE_AFTER_S)
        # a console reading the stream is told its updates lag (it says so in its status bar)
        assert _next_notice(socket, within=RECHECK_S + 10) == {"events": [], "stale": True}
        status, body = _health(server.url)
        assert status == 503 and body["status"] == "stale"
        # a write meanwhile is answered 503 with when to try again, not 500 (the console's
        # pending writes keep it and send it again)
        refused = requests.post(
            server.url + "/api/v1/customers", json={"name": "Wang", "phones": ["13812345679"]},
            headers={"Authorization": f"Bearer {writer.token}", "Idempotency-Key": "k-outage"},
            timeout=60,
        )  # fmt: skip
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
        assert refused.json()["code"] == "unavailable"
        assert body["events"]["outage_s"] > 0  # type: ignore[index]

        _refuse(admin, name, False)
        _until(lambda: _health(server.url)[0] == 200, 15)
        # written beside the server (its pool may still hold a connection PostgreSQL ended,
        # which fails its first request): what is tested is the hub bringing it to the console
        store = SqlStore(database)
        desk = Services(store.unit_of_work, store.feed, Actor("alice", "agent"))
        customer = desk.create_customer("Li Lei", ["13812345678"])
        store.close()
        assert _next_notice(socket, within=RECHECK_S + 10) == {"events": [], "stale": False}
        seen = console.wait_for_events(start, timeout=10)  # the same socket as before
        assert [(e.entity, e.entity_id) for e in seen] == [("customer", str(customer.id))]
        log = (tmp_path / "server.log").read_text()
        assert log.count("live events stopped") == 1  # once per outage, not once a second
        assert "live events flow again" in log
        writer.close()
        console.close()
    finally:
        stack.close()
        _refuse(admin, name, False)
        admin.close()
        server.stop()
