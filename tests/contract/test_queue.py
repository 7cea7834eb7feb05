"""The ticket queue: filters, text search and keyset pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import Priority, TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock


def ids(backend: Services, **query: object) -> list[int]:
    page = backend.search_tickets(TicketQuery(**query))  # type: ignore[arg-type]
    return [row.ticket.id for row in page.items]


def test_queue_rows_carry_the_names_the_queue_shows(backend: Services, make: Make) -> None:
    dept = make.department("North")
    customer = make.customer("Li Lei")
    ticket, tech, site = make.job(customer=customer, department=dept)
    backend.assign(ticket.id, ticket.version, tech.id)

    (row,) = backend.search_tickets(TicketQuery()).items
    assert row.ticket.id == ticket.id
    assert (row.customer_name, row.site_name, row.technician_name, row.department_name) == (
        "Li Lei",
        site.name,
        tech.name,
        "North",
    )


def test_filters_by_status_assignee_department_and_unassigned(
    backend: Services, make: Make
) -> None:
    north, south = make.department("North"), make.department("South")
    wang, zhao = make.technician(north, "Wang"), make.technician(south, "Zhao")
    fresh = make.ticket(department_id=north.id)
    mine = make.ticket_in(TicketStatus.ACCEPTED, make.ticket(department_id=north.id), wang)
    theirs = make.ticket_in(TicketStatus.ASSIGNED, make.ticket(department_id=south.id), zhao)
    nowhere = make.ticket()
    cancelled = backend.transition(nowhere.id, nowhere.version, "cancelled", "duplicate")

    assert ids(backend, sort="oldest") == [fresh.id, mine.id, theirs.id, nowhere.id]
    assert ids(backend, statuses=[TicketStatus.NEW]) == [fresh.id]
    assert ids(backend, statuses=[TicketStatus.ACCEPTED, TicketStatus.ASSIGNED], sort="oldest") == [
        mine.id,
        theirs.id,
    ]
    assert ids(backend, assignee_id=wang.id) == [mine.id]  # "my tickets"
    assert ids(backend, unassigned=True, sort="oldest") == [fresh.id, cancelled.id]
    assert ids(backend, unassigned=True, open_only=True) == [fresh.id]
    assert ids(backend, department_id=north.id, sort="oldest") == [fresh.id, mine.id]
    assert ids(backend, department_id=south.id) == [theirs.id]
    assert ids(backend, open_only=True, sort="oldest") == [fresh.id, mine.id, theirs.id]
    assert ids(backend, priorities=[Priority.CRITICAL]) == []


def test_breaching_lists_open_tickets_whose_next_deadline_falls_before_the_instant(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    """The next deadline is the first milestone not reached: a critical ticket must be taken
    (response) within 15 min, a normal one within 2 h; once taken, arrival is what counts."""
    critical = make.ticket(priority="critical")
    normal = make.ticket(priority="normal")
    held = make.ticket(priority="critical")
    backend.transition(held.id, held.version, "on_hold", "waiting for the customer")
    done = make.ticket(priority="critical")
    backend.transition(done.id, done.version, "cancelled", "customer fixed it")

    assert ids(backend, breaching_before=clock.now() + timedelta(minutes=10)) == []
    soon = clock.now() + timedelta(minutes=20)
    assert ids(backend, breaching_before=soon) == [critical.id]  # response due in 15 min
    assert ids(backend, open_only=True, sort="due") == [critical.id, held.id, normal.id]

    tech = make.technician()
    accepted = make.ticket_in(TicketStatus.ACCEPTED, backend.get_ticket(critical.id), tech)
    assert accepted.next_due_at == accepted.arrival_due_at  # responded: arrival is next
    assert ids(backend, breaching_before=soon) == []
    clock.advance(hours=3)
    assert ids(backend, breaching_before=clock.now(), sort="oldest") == [normal.id]


def test_text_search_by_ticket_number_phone_or_name_prefix(backend: Services, make: Make) -> None:
    li = backend.create_customer("Li Lei", ["13812345678"])
    lin = backend.create_customer("Lin Tao", ["13900001111"])
    t_li = make.ticket(customer_id=li.id)
    t_lin = make.ticket(customer_id=lin.id)
    t_contact = make.ticket(contact_phone="137 0000 2222")

    assert ids(backend, text=t_lin.number) == [t_lin.id]
    assert ids(backend, text=t_lin.number.lower()) == [t_lin.id]
    assert ids(backend, text=str(t_lin.id)) == [t_lin.id]
    assert ids(backend, text="+86 138 1234 5678") == [t_li.id]
    assert ids(backend, text="13700002222") == [t_contact.id]
    assert ids(backend, text="li", sort="oldest") == [t_li.id, t_lin.id]
    assert ids(backend, text="LI L") == [t_li.id]
    assert ids(backend, text="wang") == []
    assert ids(backend, text="13600000000") == []
    assert ids(backend, text="T9999999") == []


def _many(make: Make, backend: Services, clock: FakeClock) -> list[Ticket]:
    """17 tickets with many ties: same instant, same priority, same due time."""
    priorities = ["normal", "critical", "low", "high"]
    out = []
    for i in range(17):
        if i % 5 == 0:
            clock.advance(minutes=1)
        out.append(make.ticket(priority=priorities[i % 4]))
    return out


SORT_KEYS = {
    "newest": lambda t: -t.id,
    "oldest": lambda t: t.id,
    "due": lambda t: (t.resolution_due_at, t.id),
    "priority": lambda t: (Priority(t.priority).rank, t.id),
}


@pytest.mark.parametrize("sort", list(SORT_KEYS))
def test_keyset_pages_have_no_duplicates_or_gaps(
    backend: Services, make: Make, clock: FakeClock, sort: str
) -> None:
    tickets = _many(make, backend, clock)
    expected = [t.id for t in sorted(tickets, key=SORT_KEYS[sort])]

    for page_size in (1, 4, 17, 100):
        seen: list[int] = []
        cursor = None
        for _ in range(len(tickets) + 2):
            page = backend.search_tickets(TicketQuery(sort=sort, limit=page_size, cursor=cursor))
            assert len(page.items) <= page_size
            seen += [row.ticket.id for row in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == expected, page_size


def test_paging_survives_tickets_added_between_pages(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tickets = _many(make, backend, clock)
    first = backend.search_tickets(TicketQuery(sort="oldest", limit=10))
    late = make.ticket()
    second = backend.search_tickets(TicketQuery(sort="oldest", limit=10, cursor=first.next_cursor))

    got = [r.ticket.id for r in first.items + second.items]
    assert got == [t.id for t in tickets] + [late.id]


def test_filters_apply_on_every_page(backend: Services, make: Make, clock: FakeClock) -> None:
    tickets = _many(make, backend, clock)
    wanted = [t.id for t in tickets if t.priority is Priority.CRITICAL]
    seen: list[int] = []
    cursor = None
    while True:
        page = backend.search_tickets(
            TicketQuery(priorities=[Priority.CRITICAL], sort="oldest", limit=2, cursor=cursor)
        )
        seen += [r.ticket.id for r in page.items]
        if (cursor := page.next_cursor) is None:
            break
    assert seen == wanted


def test_bad_sort_or_cursor_is_a_validation_error(backend: Services, make: Make) -> None:
    make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.search_tickets(TicketQuery(sort="sideways"))
    assert err.value.field == "sort"
    with pytest.raises(ValidationError) as err:
        backend.search_tickets(TicketQuery(cursor="not-a-cursor"))
    assert err.value.field == "cursor"


def test_mine_lists_the_tickets_the_agent_opened(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    mine = make.ticket()
    bob = act_as(Actor("bob", role="agent"))
    theirs = bob.create_ticket(TicketDraft("phone", "lift", "normal", "stuck"))
    page = backend.search_tickets(TicketQuery(created_by=backend.actor.name))
    assert [r.ticket.id for r in page.items] == [mine.id]
    page = backend.search_tickets(TicketQuery(created_by="bob"))
    assert [r.ticket.id for r in page.items] == [theirs.id]
