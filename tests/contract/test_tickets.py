"""Opening and editing tickets: validation, links, SLA deadlines, optimistic concurrency."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import Channel, Priority, SlaClass, TicketStatus
from dispatch_console.domain.errors import ConflictError, NotFound, ValidationError
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services

from .conftest import START, Make

if TYPE_CHECKING:
    from conftest import FakeClock


def test_create_ticket_starts_new_with_standard_sla(backend: Services, make: Make) -> None:
    customer = make.customer()
    site = make.site(customer)
    ticket = make.ticket(
        customer_id=customer.id,
        site_id=site.id,
        priority="HIGH",
        contact_name=" Li Lei ",
        contact_phone="138-1234-9999",
    )

    stored = backend.get_ticket(ticket.id)
    assert stored.status is TicketStatus.NEW
    assert stored.number == f"T{ticket.id:07d}"
    assert (stored.priority, stored.channel, stored.sla_class) == (
        Priority.HIGH,
        Channel.PHONE,
        SlaClass.STANDARD,
    )
    assert stored.contact_name == "Li Lei"
    assert stored.contact_phone == "+8613812349999"
    assert stored.created_by == "alice"
    assert stored.created_at == START
    # standard / high: respond in 30 min, arrive in 8 h, resolve in 24 h
    assert stored.response_due_at == START + timedelta(minutes=30)
    assert stored.arrival_due_at == START + timedelta(hours=8)
    assert stored.resolution_due_at == START + timedelta(hours=24)
    assert stored.version == 1
    history = backend.ticket_history(ticket.id)
    assert [(t.from_status, t.to_status) for t in history.transitions] == [(None, TicketStatus.NEW)]


@pytest.mark.parametrize(
    ("sla_class", "priority", "response", "arrival", "resolution"),
    [
        ("premium", "critical", timedelta(minutes=10), timedelta(hours=2), timedelta(hours=4)),
        ("basic", "low", timedelta(minutes=1440), timedelta(hours=96), timedelta(hours=240)),
    ],
)
def test_the_asset_contract_sets_the_sla_class(
    backend: Services,
    make: Make,
    sla_class: str,
    priority: str,
    response: timedelta,
    arrival: timedelta,
    resolution: timedelta,
) -> None:
    company = backend.create_company("Acme Lifts")
    contract = backend.create_contract(
        company.id, "Gold", sla_class, date(2026, 1, 1), date(2026, 12, 31)
    )
    site = make.site()
    asset = backend.create_asset(site.id, "Otis Gen2", "L-1", contract_id=contract.id)

    ticket = make.ticket(asset_id=asset.id, priority=priority)

    assert ticket.sla_class is SlaClass(sla_class)
    assert ticket.site_id == site.id  # the asset implies its site
    assert ticket.response_due_at == START + response
    assert ticket.arrival_due_at == START + arrival
    assert ticket.resolution_due_at == START + resolution


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "pigeon"),
        ("priority", "urgent-ish"),
        ("category", "  "),
        ("category", "x" * 65),
        ("description", ""),
        ("contact_phone", "12345"),
    ],
)
def test_create_ticket_validates_each_field(
    backend: Services, make: Make, field: str, value: str
) -> None:
    before = backend.last_event_id()
    with pytest.raises(ValidationError) as err:
        make.ticket(**{field: value})
    assert err.value.field == field
    assert backend.last_event_id() == before


def test_create_ticket_refuses_links_that_do_not_fit(backend: Services, make: Make) -> None:
    li, han = make.customer("Li Lei"), make.customer("Han Meimei")
    li_site, han_site = make.site(li), make.site(han)
    asset = backend.create_asset(han_site.id, "Daikin", "SN-1")

    with pytest.raises(ValidationError) as err:
        make.ticket(customer_id=li.id, site_id=han_site.id)
    assert err.value.field == "site_id"
    with pytest.raises(ValidationError) as err:
        make.ticket(site_id=li_site.id, asset_id=asset.id)
    assert err.value.field == "asset_id"
    with pytest.raises(NotFound):
        make.ticket(customer_id=404)
    with pytest.raises(NotFound):
        make.ticket(department_id=404)
    assert backend.search_tickets(TicketQuery()).items == []


def test_update_ticket_changes_fields_and_records_who(backend: Services, make: Make) -> None:
    ticket = make.ticket()
    customer = make.customer()

    updated = backend.update_ticket(
        ticket.id,
        ticket.version,
        description="Water on the floor under the indoor unit.",
        customer_id=customer.id,
        contact_phone="13912345678",
    )

    assert updated.version == 2
    stored = backend.get_ticket(ticket.id)
    assert stored.description == "Water on the floor under the indoor unit."
    assert stored.customer_id == customer.id
    assert stored.contact_phone == "+8613912345678"
    last = backend.events_after(backend.last_event_id() - 1)[0]
    assert (last.entity, last.entity_id, last.kind, last.actor) == (
        "ticket",
        str(ticket.id),
        "updated",
        "alice",
    )
    assert set(last.payload["changes"]) == {"description", "customer_id", "contact_phone"}


def test_a_new_priority_moves_the_open_deadlines(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    ticket = make.ticket(priority="normal")  # standard/normal: 2 h, 24 h, 48 h
    clock.advance(minutes=30)

    updated = backend.update_ticket(ticket.id, ticket.version, priority="critical")

    # standard/critical: 15 min, 4 h, 8 h, still counted from when the ticket was opened
    assert updated.response_due_at == START + timedelta(minutes=15)
    assert updated.arrival_due_at == START + timedelta(hours=4)
    assert updated.resolution_due_at == START + timedelta(hours=8)


def test_fields_outside_the_editable_set_are_refused(backend: Services, make: Make) -> None:
    ticket = make.ticket()
    for field in ("status", "assignee_id", "version", "resolution_due_at"):
        with pytest.raises(ValidationError) as err:
            backend.update_ticket(ticket.id, ticket.version, **{field: None})
        assert err.value.field == field
    assert backend.get_ticket(ticket.id).version == 1


def test_update_with_a_stale_version_is_a_conflict_naming_fields_and_people(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    ticket = make.ticket()
    bob, carol = act_as(Actor("bob")), act_as(Actor("carol"))
    t2 = bob.update_ticket(ticket.id, ticket.version, priority="high")
    carol.update_ticket(ticket.id, t2.version, category="plumbing")

    with pytest.raises(ConflictError) as err:
        backend.update_ticket(ticket.id, ticket.version, description="Alice's edit")

    conflict = err.value
    assert (conflict.entity, conflict.entity_id) == ("ticket", ticket.id)
    assert (conflict.expected_version, conflict.current_version) == (1, 3)
    assert set(conflict.changed_fields) >= {"priority", "category"}
    assert set(conflict.changed_by) == {"bob", "carol"}
    stored = backend.get_ticket(ticket.id)
    assert stored.description != "Alice's edit"
    assert stored.version == 3


def test_update_of_a_missing_ticket_is_not_found(backend: Services) -> None:
    with pytest.raises(NotFound):
        backend.update_ticket(404, 1, category="x")
    with pytest.raises(NotFound):
        backend.get_ticket(404)


def test_a_version_is_required_for_every_edit(backend: Services, make: Make) -> None:
    ticket = make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.update_ticket(ticket.id, None, category="x")  # type: ignore[arg-type]
    assert err.value.field == "version"


def test_linking_an_asset_under_contract_moves_deadlines_to_its_sla_class(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    company = backend.create_company("Acme Lifts")
    premium = backend.create_contract(
        company.id, "Gold", "premium", date(2026, 1, 1), date(2026, 12, 31)
    )
    site = make.site()
    asset = backend.create_asset(site.id, "Otis Gen2", "L-1", contract_id=premium.id)
    ticket = make.ticket(priority="normal")  # no asset yet: standard, 2 h / 24 h / 48 h
    clock.advance(minutes=20)

    linked = backend.update_ticket(ticket.id, ticket.version, asset_id=asset.id)

    assert (linked.sla_class, linked.site_id) == (SlaClass.PREMIUM, site.id)
    # premium/normal: 1 h / 8 h / 24 h from when the ticket was opened
    assert linked.response_due_at == START + timedelta(hours=1)
    assert linked.arrival_due_at == START + timedelta(hours=8)
    assert linked.resolution_due_at == START + timedelta(hours=24)

    both = backend.update_ticket(ticket.id, linked.version, priority="critical", asset_id=None)
    # back to standard, and critical: 15 min / 4 h / 8 h
    assert both.sla_class is SlaClass.STANDARD
    assert both.response_due_at == START + timedelta(minutes=15)
    assert both.resolution_due_at == START + timedelta(hours=8)
