"""PostgreSQL: writers take the event log's lock before any row lock, so two desks changing one
ticket wait for each other instead of deadlocking (the server answered those deadlocks 500)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from dispatch_console.domain.events import NewEvent
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_database: Any) -> Iterator[SqlStore]:
    pg_database.reset()
    s = SqlStore(pg_database.url)
    yield s
    s.close()


def test_a_row_lock_then_an_append_and_an_append_then_a_row_lock_do_not_deadlock(
    store: SqlStore,
) -> None:
    ticket = Services(store.unit_of_work, store.feed, Actor("a", "agent")).create_ticket(
        TicketDraft("phone", "printer", "normal", "paper jam")
    )
    row_locked, appended = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def locks_then_appends() -> None:
        try:
            with store.unit_of_work() as uow:
                uow.get(Ticket, ticket.id, lock=True)
                row_locked.set()
                appended.wait(2.0)  # before the fix the other held the log's lock by now
                uow.append_event("a", NewEvent("ticket", str(ticket.id), "noted", {}))
                uow.commit()
        except BaseException as exc:
            failures.append(exc)

    def appends_then_locks() -> None:
        try:
            row_locked.wait(5.0)
            with store.unit_of_work() as uow:
                uow.append_event("b", NewEvent("ticket", str(ticket.id), "noted", {}))
                appended.set()
                uow.get(Ticket, ticket.id, lock=True)
                uow.commit()
        except BaseException as exc:
            failures.append(exc)
        finally:
            appended.set()

    threads = [
        threading.Thread(target=locks_then_appends),
        threading.Thread(target=appends_then_locks),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == []
    kinds = [e.actor for e in store.feed.events_after(0, 100) if e.kind == "noted"]
    assert sorted(kinds) == ["a", "b"]
