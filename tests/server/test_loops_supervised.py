"""The server's long-lived threads come back after an unexpected error, and /healthz says so:
which loop, how often it was restarted, and the last error."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.runtime.supervise import Supervisor
from dispatch_console.server.app import health
from dispatch_console.server.events import EventHub
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

WAIT_S = 20.0


@pytest.fixture
def services(sqlite_template: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "dispatch.sqlite3"
    shutil.copyfile(sqlite_template, path)
    store = SqlStore(f"sqlite:///{path}")
    yield Services(store.unit_of_work, store.feed, Actor("boss", "admin"))
    store.close()


def test_the_event_hub_killed_by_a_bug_comes_back_and_healthz_reports_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    loops = Supervisor(first_s=0.01)
    hub = EventHub(services, loops)
    answered, failed_once = hub._answered, threading.Event()
    delivered = threading.Event()

    def first_answer_is_a_bug() -> None:
        if not failed_once.is_set():
            failed_once.set()
            raise RuntimeError("a bug between the feed and the sockets")
        answered()

    monkeypatch.setattr(hub, "_answered", first_answer_is_a_bug)
    monkeypatch.setattr(hub, "_deliver", lambda batch, after: delivered.set())
    loop = asyncio.new_event_loop()  # the server's; nobody subscribes here
    hub.start(loop)
    try:
        assert failed_once.wait(WAIT_S)
        services.create_ticket(TicketDraft("phone", "printer", "normal", "paper jam"))
        assert delivered.wait(WAIT_S)  # running again: the new event reached the sockets
        body = health(hub, None, loops, stale_after=15.0)
    finally:
        hub.stop()
        loop.close()
    assert body["status"] == "ok"
    assert body["loops"] == {
        "event-hub": {
            "running": True,
            "restarts": 1,
            "error": "RuntimeError: a bug between the feed and the sockets",
        }
    }
    assert loops.states() == []  # stopped: nothing left to report
