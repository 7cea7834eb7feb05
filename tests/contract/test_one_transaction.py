"""One request, one transaction: the server runs a write and the record of its answer as
savepoints of one transaction (issue 22, exactly once across crashes)."""

from __future__ import annotations

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import TicketQuery
from dispatch_console.services import Services

DRAFT = TicketDraft("phone", "printer", "normal", "paper jam")


def _direct(backend: Services) -> Services:
    if not isinstance(backend, Services):
        pytest.skip("the server does this inside itself; a console's client has no transaction")
    return backend


def test_what_a_use_case_commits_inside_stays_only_if_the_request_commits(
    backend: Services,
) -> None:
    services = _direct(backend)
    with services.open_unit_of_work() as outer:
        services.within(outer).create_ticket(DRAFT)  # its own commit: a savepoint released
    assert services.search_tickets(TicketQuery()).items == []  # the request never committed

    with services.open_unit_of_work() as outer:
        ticket = services.within(outer).create_ticket(DRAFT)
        outer.commit()
    assert [r.ticket.id for r in services.search_tickets(TicketQuery()).items] == [ticket.id]
    assert [e.entity_id for e in services.events_after(0) if e.kind == "created"][-1] == str(
        ticket.id
    )


def test_a_refused_use_case_leaves_the_requests_other_writes_standing(
    backend: Services,
) -> None:
    services = _direct(backend)
    with services.open_unit_of_work() as outer:
        scoped = services.within(outer)
        kept = scoped.create_ticket(DRAFT)
        with pytest.raises(ValidationError):
            scoped.create_ticket(TicketDraft("phone", "", "normal", ""))  # rolled back alone
        outer.commit()
    assert [r.ticket.id for r in services.search_tickets(TicketQuery()).items] == [kept.id]
