"""A console's loaded queue kept current from changed rows equals a fresh search.

The console no longer searches again after every change (issue 20): it asks for just the changed
tickets' rows (`ticket_rows`) and places them with services/queue_view.py. These tests make
random changes through the public use cases on every backend and compare the patched list with
what a fresh search returns for the same pages."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace
from typing import Any

import pytest

from dispatch_console.domain.enums import Priority, TicketStatus
from dispatch_console.domain.errors import DomainError, PermissionDenied, ValidationError
from dispatch_console.domain.lifecycle import allowed_targets
from dispatch_console.domain.model import Department, Technician
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.services.queue_view import QueueView, Undecidable, before, sort_key

from .conftest import Make

PAGE = 4


def fresh_prefix(backend: Services, view: QueueView) -> list[int]:
    """What a new search shows of the part of the queue the view has loaded."""
    rows = backend.search_tickets(replace(view.query, limit=500, cursor=None)).items
    if view.bound is not None:
        bound, sort = view.bound, view.query.sort
        rows = [r for r in rows if not before(sort, bound, sort_key(sort, r))]
    return [r.ticket.id for r in rows]


def load(backend: Services, query: TicketQuery, pages: int = 2) -> QueueView:
    view = QueueView(replace(query, limit=PAGE, cursor=None))
    page = backend.search_tickets(view.query)
    view.loaded(page.items, page.next_cursor is not None)
    for _ in range(pages - 1):
        if page.next_cursor is None:
            break
        page = backend.search_tickets(replace(view.query, cursor=page.next_cursor))
        view.loaded(page.items, page.next_cursor is not None, append=True)
    return view


def change_something(
    backend: Services, rng: random.Random, ids: list[int], techs: list[Technician],
    depts: list[Department], make: Make,
) -> int:  # fmt: skip
    """One change a desk makes; returns the ticket it touched."""
    if rng.random() < 0.15:
        t = make.ticket(priority=rng.choice(list(Priority)).value,
                        department_id=rng.choice(depts).id)  # fmt: skip
        ids.append(t.id)
        return t.id
    ticket = backend.get_ticket(rng.choice(ids))
    roll = rng.random()
    try:
        if roll < 0.25:
            others = [p for p in Priority if p is not ticket.priority]
            backend.update_ticket(ticket.id, ticket.version, priority=rng.choice(others).value)
        elif roll < 0.65 and ticket.status is TicketStatus.NEW:
            mates = [t for t in techs if t.department_id == ticket.department_id]
            backend.assign(ticket.id, ticket.version, rng.choice(mates).id)
        else:
            steps = sorted(allowed_targets(ticket.status, ticket.held_from), key=str)
            steps = [s for s in steps if s is not TicketStatus.ASSIGNED]
            if steps:
                backend.transition(ticket.id, ticket.version, rng.choice(steps), "test")
    except (ValidationError, PermissionDenied, DomainError):
        pass  # a step this ticket's state refuses: nothing changed, the check still holds
    return ticket.id


QUERIES: list[dict[str, Any]] = [
    {"open_only": True, "sort": "due"},
    {"sort": "newest"},
    {"sort": "oldest"},
    {"open_only": True, "sort": "priority"},
    {"open_only": True, "sort": "priority_low"},
    {"open_only": True, "sort": "due_last"},
    {"unassigned": True, "open_only": True, "sort": "due"},
    {"statuses": [TicketStatus.ASSIGNED, TicketStatus.ACCEPTED], "sort": "newest"},
    {"priorities": [Priority.HIGH, Priority.CRITICAL], "sort": "priority"},
]


@pytest.mark.parametrize(
    "query", QUERIES, ids=lambda q: "-".join(f"{k}={getattr(v, 'value', v)}" for k, v in q.items())
)
def test_patched_queue_equals_a_fresh_search(
    backend: Services, make: Make, query: dict[str, Any]
) -> None:
    rng = random.Random(20)
    depts = [make.department("North"), make.department("South")]
    techs = [make.technician(depts[0], "Wang"), make.technician(depts[1], "Zhao")]
    ids = [
        make.ticket(
            priority=rng.choice(list(Priority)).value, department_id=rng.choice(depts).id
        ).id
        for _ in range(12)
    ]
    view = load(backend, TicketQuery(**query))
    reloads = moves = 0
    for _ in range(40):
        touched = change_something(backend, rng, ids, techs, depts, make)
        rows = backend.ticket_rows([touched])
        try:
            steps = view.patch(rows)
        except Undecidable:
            reloads += 1
            view = load(backend, view.query)
        else:
            moves += len(steps)
        assert [r.ticket.id for r in view.rows] == fresh_prefix(backend, view)
    assert reloads == 0  # every ticket here has a deadline: nothing needed a search
    assert moves >= 5  # rows really were placed: the comparison was not idle


def test_a_ticket_number_search_is_patched_and_a_name_search_asks_again(
    backend: Services, make: Make
) -> None:
    ticket = make.ticket()
    view = load(backend, TicketQuery(text=ticket.number, sort="newest"))
    assert [r.ticket.id for r in view.rows] == [ticket.id]
    cancelled = backend.transition(ticket.id, ticket.version, "cancelled", "duplicate")
    view.patch(backend.ticket_rows([cancelled.id]))
    assert [r.ticket.status for r in view.rows] == [TicketStatus.CANCELLED]

    by_name = load(backend, TicketQuery(text="Li", sort="newest"))
    with pytest.raises(Undecidable):
        by_name.patch(backend.ticket_rows([ticket.id]))


def test_ticket_rows_returns_the_rows_asked_in_order_and_skips_unknown_ids(
    backend: Services, make: Make
) -> None:
    a, b = make.ticket(), make.ticket()
    rows = backend.ticket_rows([b.id, 999_999, a.id, b.id])
    assert [r.ticket.id for r in rows] == [b.id, a.id]
    with pytest.raises(ValidationError):
        backend.ticket_rows(list(range(1, 502)))


def test_technicians_may_not_read_other_rows(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    as_tech = make.act_as(Actor(tech.name, role="technician", technician_id=tech.id))
    with pytest.raises(PermissionDenied):
        as_tech.ticket_rows([ticket.id])


def test_ticket_pins_of_gives_just_those_tickets_still_open_with_a_site(
    backend: Services, make: Make
) -> None:
    first, tech, _ = make.job()
    second, _, _ = make.job()
    without_site = make.ticket()
    backend.transition(second.id, second.version, "cancelled", "duplicate")
    pins = backend.ticket_pins_of([first.id, second.id, without_site.id, 999_999])
    assert [p.ticket_id for p in pins] == [first.id]
    assert {p.ticket_id for p in backend.ticket_pins()} == {first.id}
    as_tech = make.act_as(Actor(tech.name, role="technician", technician_id=tech.id))
    with pytest.raises(PermissionDenied):
        as_tech.ticket_pins_of([first.id])


def test_the_feed_brings_the_changed_tickets_rows_to_the_desk_not_to_technicians(
    backend: Services, make: Make
) -> None:
    """A console follows the desk with `wait_for_changes`: the events and, for a desk role, the
    changed tickets' queue lines (with where their site is, for the map's pins), so that it
    keeps its queue and map current without a call of its own. A technician gets no rows."""
    start = backend.last_event_id()
    site = backend.create_site("徐汇店", "漕溪北路1号", 31.19, 121.43)
    a = make.ticket(site_id=site.id)
    b = make.ticket()
    batch = backend.wait_for_changes(start, 5.0)
    assert batch.events and batch.tickets is not None
    rows = {r.ticket.id: r for r in batch.tickets}
    assert set(rows) == {a.id, b.id}
    assert (rows[a.id].site_lat, rows[a.id].site_lon) == pytest.approx((31.19, 121.43))
    assert rows[b.id].site_lat is None
    assert backend.wait_for_changes(batch.events[-1].id, 0.2).events == []

    worker = make.technician_actor(make.technician(make.department(), "Wang"))
    # the feed is the desk's: a technician is refused it on every backend (its policy)
    with contextlib.suppress(PermissionDenied):
        assert worker.wait_for_changes(start, 5.0).tickets is None
