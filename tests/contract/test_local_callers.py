"""Callers the PBX sends in local form (trunk and IP long-distance prefixes, 0 + mobile) match
the customer stored in E.164, and the screen-pop files an unknown caller's number on an existing
customer. Every transport; the desk's area code itself is tested on a server started with it
(tests/server/test_local_callers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.errors import DuplicateError, NotFound, ValidationError
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock


@pytest.mark.parametrize(
    "sent", ["9013812345678", "1795113812345678", "013812345678", "0086 138 1234 5678"]
)
def test_a_caller_id_with_a_trunk_prefix_matches_the_customer_in_the_call_log(
    backend: Services, make: Make, clock: FakeClock, sent: str
) -> None:
    customer = make.customer("王芳", ("13812345678",))
    start = backend.last_event_id()
    call = backend.record_call_event(
        "offered", "pbx-1", clock.now(), from_number=sent, agent_extension="8001"
    )
    assert (call.from_number, call.customer_id) == ("+8613812345678", customer.id)
    (logged,) = backend.list_calls()
    assert logged.customer_id == customer.id
    (offered,) = [e for e in backend.events_after(start) if e.entity == "call"]
    assert offered.payload["pbx_from_number"] == sent  # what the PBX really sent, for the audit
    assert backend.lookup_caller(sent).customers[0].id == customer.id


def test_an_extension_or_anonymous_caller_is_kept_as_sent(
    backend: Services, clock: FakeClock
) -> None:
    internal = backend.record_call_event("offered", "int-1", clock.now(), from_number="8002")
    anonymous = backend.record_call_event("offered", "anon-1", clock.now(), from_number="")
    assert (internal.from_number, anonymous.from_number) == ("8002", "anonymous")
    assert backend.lookup_caller("8002").number is None


def test_an_unknown_number_is_added_to_a_customer_who_then_pops_with_open_tickets(
    backend: Services, make: Make
) -> None:
    customer = make.customer("上海申达物业", ("13812345678",))
    ticket = backend.create_ticket(
        TicketDraft("phone", "lift", "normal", "电梯异响", customer_id=customer.id)
    )
    assert backend.lookup_caller("9 021 6234 5678").customers == []
    start = backend.last_event_id()
    updated = backend.add_customer_phone(customer.id, "9 021 6234 5678")
    assert [(p.number, p.label) for p in updated.phones] == [
        ("+8613812345678", "mobile"),
        ("+862162345678", "office"),  # a landline
    ]
    assert updated.version == customer.version + 1
    match = backend.lookup_caller("02162345678")
    assert [c.id for c in match.customers] == [customer.id]
    assert [r.ticket.id for r in match.open_tickets] == [ticket.id]
    (event,) = [e for e in backend.events_after(start) if e.entity == "customer"]
    assert event.kind == "updated"
    assert event.payload["changes"]["phones"][1] == ["+8613812345678", "+862162345678"]
    # the same number again: nothing changes, no second event
    again = backend.add_customer_phone(customer.id, "+86 21 6234 5678")
    assert again.version == updated.version and len(again.phones) == 2
    assert backend.get_customer(customer.id).phones == updated.phones


def test_a_number_another_customer_has_is_refused_and_nothing_else_is_accepted(
    backend: Services, make: Make
) -> None:
    first = make.customer("李雷", ("13812345678",))
    other = make.customer("韩梅梅", ("13900001111",))
    with pytest.raises(DuplicateError) as info:
        backend.add_customer_phone(other.id, "013812345678")
    assert (info.value.field, info.value.value) == ("phone", "+8613812345678")
    assert [p.number for p in backend.get_customer(other.id).phones] == ["+8613900001111"]
    with pytest.raises(ValidationError) as bad:
        backend.add_customer_phone(first.id, "8001")  # an extension is no phone number
    assert bad.value.field == "phone"
    with pytest.raises(ValidationError):
        backend.add_customer_phone(first.id, "6234567")  # phonenumbers calls it invalid
    with pytest.raises(NotFound):
        backend.add_customer_phone(999_999, "13700000000")


def test_customer_search_understands_the_pbx_forms(backend: Services, make: Make) -> None:
    customer = make.customer("张伟", ("13812345678",))
    assert [c.id for c in backend.search_customers("9 138 1234 5678")] == [customer.id]
