"""One request, one transaction: the server runs a write and the record of its answer as
savepoints of one transaction (issue 22, exactly once across crashes). One use case, one
transaction: what reacts to a change (auto-dispatch, the customer's notifications) commits with
it, or nothing does (issue 23)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.rules.model import Actions, Conditions, RoutingRule
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.services.reactions import Recorded
from dispatch_console.services.wiring import standard_reactions
from dispatch_console.storage.store import SqlStore

from .conftest import LATE_SHIFT, SITE_LAT, SITE_LON, Make

if TYPE_CHECKING:
    from conftest import FakeClock

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


# --- a use case and its reactions (services/reactions.py) --------------------------------------
def _auto_dispatching_desk(backend: Services, make: Make, clock: FakeClock) -> tuple[int, int]:
    """A lift technician near the site, a rule that dispatches lifts by itself, and a customer
    who hears by e-mail and SMS: (customer id, site id)."""
    dept = make.department("Lifts", "LF")
    tech = make.technician(dept, name="Tech 0", skills=["lift"], **LATE_SHIFT)
    backend.set_technician_status(tech.id, tech.version, "available")
    backend.report_position(tech.id, SITE_LAT + 0.02, SITE_LON, 10.0, clock.now())
    backend.as_actor(Actor("sue", "supervisor")).save_routing_rule(
        RoutingRule(0, "Lifts go by themselves", 10, Conditions(categories=frozenset({"lift"})),
                    Actions(department_id=dept.id, required_skills=("lift",),
                            auto_dispatch=True))
    )  # fmt: skip
    customer = backend.create_customer("李雷", ["13812345678"], email="li.lei@example.cn")
    return customer.id, make.site(customer).id


def test_a_new_ticket_is_dispatched_and_announced_in_its_own_transaction(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    services = _direct(backend)
    customer_id, site_id = _auto_dispatching_desk(services, make, clock)
    draft = TicketDraft("phone", "lift", "normal", "stuck", customer_id=customer_id,
                        site_id=site_id)  # fmt: skip
    with services.open_unit_of_work() as outer:
        inside = services.within(outer).create_ticket(draft)
        assert inside.status is TicketStatus.ASSIGNED  # dispatched before it committed
    assert services.search_tickets(TicketQuery()).items == []  # nor its dispatch, nor its news

    ticket = services.create_ticket(draft)
    assert ticket.status is TicketStatus.ASSIGNED
    moments = {n.moment.value for n in services.list_notifications(ticket.id)}
    assert moments == {"received", "assigned"}


def test_a_failing_reaction_keeps_nothing_of_the_use_case_and_says_so(
    backend: Services,
    make: Make,
    clock: FakeClock,
    sql_store: SqlStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    services = _direct(backend)
    customer_id, site_id = _auto_dispatching_desk(services, make, clock)
    last_event = services.last_event_id()
    reactions = standard_reactions()

    def broken(app: Services, uow: object, event: Recorded) -> None:
        raise RuntimeError("the outbox's table is gone")

    # after auto-dispatch has assigned the ticket and queued both notifications
    reactions.on("ticket", ("auto_dispatch",), broken)
    failing = Services(sql_store.unit_of_work, sql_store.feed, services.actor, clock=clock,
                       reactions=reactions)  # fmt: skip
    draft = TicketDraft("phone", "lift", "normal", "stuck", customer_id=customer_id,
                        site_id=site_id)  # fmt: skip
    with pytest.raises(RuntimeError, match="table is gone"):
        failing.create_ticket(draft)
    assert services.search_tickets(TicketQuery()).items == []
    assert services.events_after(last_event) == []  # no event, no assignment, no notification
    [record] = [r for r in caplog.records if r.name.endswith("reactions")]
    assert record.levelname == "ERROR" and "nothing of the change is kept" in record.getMessage()
    assert "auto_dispatch" in record.getMessage()
