"""The event log: the audit trail and the change feed consoles follow."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ConflictError, DomainError
from dispatch_console.domain.events import Event
from dispatch_console.seed.story import tiny_png
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, Make

if TYPE_CHECKING:
    from conftest import FakeClock

PNG = tiny_png(0x1565C0)


def _new_events(backend: Services, action: Callable[[], object]) -> list[Event]:
    before = backend.last_event_id()
    action()
    return backend.events_after(before)


def test_every_change_appends_events_with_actor_time_and_entity(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket, tech, _ = make.job()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 3)
    field = make.technician_actor(tech)
    clock.advance(minutes=7)
    t = backend.get_ticket(ticket.id)

    changes: list[tuple[str, Callable[[], object]]] = [
        ("customer", lambda: backend.create_customer("Zhou", ["13700000001"])),
        ("ticket", lambda: backend.add_comment(t.id, "note")),
        ("ticket", lambda: backend.attach(t.id, "p.png", PNG)),
        ("ticket", lambda: backend.update_ticket(t.id, 1, category="plumbing")),
        ("ticket", lambda: backend.assign(t.id, 2, tech.id)),
        ("ticket", lambda: backend.transition(t.id, 3, "accepted")),
        ("ticket", lambda: field.check_in(t.id, SITE_LAT, SITE_LON)),
        ("ticket", lambda: field.consume_part(t.id, belt.id, 1)),
        ("callback", lambda: backend.schedule_callback("13700000001", clock.now())),
        ("call", lambda: backend.record_call_event("offered", "c1", clock.now())),
        ("technician", lambda: backend.set_van_stock(tech.id, belt.id, 5)),
    ]
    for entity, action in changes:
        events = _new_events(backend, action)
        assert events, entity
        assert entity in {e.entity for e in events}
        for e in events:
            assert e.actor in ("alice", tech.name)
            assert e.at == clock.now()


def test_events_carry_the_version_and_the_changes(backend: Services, make: Make) -> None:
    t = make.ticket(priority="low")
    (event,) = _new_events(backend, lambda: backend.update_ticket(t.id, 1, priority="high"))
    assert (event.entity, event.entity_id, event.kind) == ("ticket", str(t.id), "updated")
    assert event.payload["version"] == 2
    assert event.payload["changes"]["priority"] == ["low", "high"]


def test_a_check_in_records_the_technicians_new_status_too(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(TicketStatus.EN_ROUTE, ticket, tech)
    tech_before = backend.get_technician(tech.id)

    field = make.technician_actor(tech)
    events = _new_events(backend, lambda: field.check_in(t.id, SITE_LAT, SITE_LON))

    tech_events = [e for e in events if e.entity == "technician"]
    assert [e.entity_id for e in tech_events] == [str(tech.id)]
    assert tech_events[0].payload["changes"]["status"] == ["off_duty", "on_site"]
    # an agent who had the technician open hears who changed what
    with pytest.raises(ConflictError) as err:
        backend.set_technician_status(tech.id, tech_before.version, "available")
    assert err.value.changed_fields == ("status",)
    assert err.value.changed_by == (tech.name,)


def test_a_failed_use_case_appends_no_event(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 1)
    t = make.ticket_in(TicketStatus.ON_SITE, ticket, tech)
    failing: list[Callable[[], object]] = [
        lambda: backend.create_customer("Zhou", ["1"]),
        lambda: backend.update_ticket(t.id, 1, category="stale"),
        lambda: backend.transition(t.id, t.version, "cancelled", "no"),
        lambda: backend.consume_part(t.id, belt.id, 5, technician_id=tech.id),
        lambda: backend.check_in(t.id, 0.0, 0.0, technician_id=tech.id),
        lambda: backend.attach(t.id, "a.txt", b"text"),
        lambda: backend.create_user("x", "X", "agent", "password123"),
    ]
    before = backend.last_event_id()
    for action in failing:
        with pytest.raises(DomainError):
            action()
    assert backend.last_event_id() == before
    assert backend.events_after(before) == []


def test_events_after_resumes_with_nothing_missed_or_doubled(backend: Services, make: Make) -> None:
    for i in range(12):
        make.customer(f"Customer {i}")
    everything = backend.events_after(0, limit=1000)
    assert len(everything) == 12
    assert [e.id for e in everything] == sorted({e.id for e in everything})
    assert everything[-1].id == backend.last_event_id()

    seen: list[Event] = []
    last = 0
    while batch := backend.events_after(last, limit=5):
        seen += batch
        last = batch[-1].id
        if len(seen) == 5:  # a change arrives while the console is reading
            make.customer("Late")
    assert [e.id for e in seen] == [e.id for e in backend.events_after(0, limit=1000)]
    assert [e.payload.get("name") for e in seen][-1] == "Late"
    assert backend.events_after(backend.last_event_id()) == []
    assert backend.events_after(-5, limit=0)[0].id == everything[0].id  # clamped, not an error


def test_last_event_id_of_an_empty_log_is_zero(backend: Services) -> None:
    assert backend.last_event_id() == 0
    assert backend.events_after(0) == []


def test_wait_for_events_returns_at_once_when_events_are_there(
    backend: Services, make: Make
) -> None:
    make.customer()
    started = time.monotonic()
    events = backend.wait_for_events(0, timeout=10)
    assert [e.entity for e in events] == ["customer"]
    assert time.monotonic() - started < 2


def test_wait_for_events_times_out_empty(backend: Services) -> None:
    started = time.monotonic()
    assert backend.wait_for_events(backend.last_event_id(), timeout=0.3) == []
    assert time.monotonic() - started >= 0.25


@pytest.mark.parametrize("followers", [1, 3])
def test_wait_for_events_wakes_promptly_when_another_thread_writes(
    backend: Services, make: Make, followers: int
) -> None:
    """Several followers share the backend (as the server's clients do); each write wakes all."""
    rounds = 3
    got: dict[int, list[tuple[list[Event], float]]] = {n: [] for n in range(followers)}
    arrived = threading.Semaphore(0)
    first = backend.last_event_id()

    def follow(n: int) -> None:
        last = first
        for _ in range(rounds):
            events = backend.wait_for_events(last, timeout=15)
            got[n].append((events, time.monotonic()))
            last = events[-1].id if events else last
            arrived.release()

    threads = [threading.Thread(target=follow, args=(n,), daemon=True) for n in range(followers)]
    for th in threads:
        th.start()
    written = []
    for r in range(rounds):
        written.append((make.customer(f"Round {r}"), time.monotonic()))
        for _ in range(followers):  # every follower has this change before the next one
            assert arrived.acquire(timeout=20), "a follower slept through the change"
    for th in threads:
        th.join(timeout=20)

    for results in got.values():
        assert len(results) == rounds
        for (events, woke), (customer, at) in zip(results, written, strict=True):
            assert [(e.entity, e.entity_id) for e in events] == [("customer", str(customer.id))]
            assert woke - at < 3.0, "the follower woke late"


def test_event_timestamps_follow_the_clock(backend: Services, make: Make, clock: FakeClock) -> None:
    make.customer("A")
    clock.advance(timedelta(hours=1))
    make.customer("B")
    first, second = backend.events_after(0)
    assert second.at - first.at == timedelta(hours=1)
