"""Customers hear of their ticket's key moments by the channels they and their contract allow;
the desk sees every notification in the ticket's history and can send one again."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.model import Customer
from dispatch_console.services import Services

from .conftest import Make

MOBILE = "13812345678"


def _customer(backend: Services, **kw: object) -> Customer:
    kw.setdefault("email", "li.lei@example.cn")
    return backend.create_customer("李雷", [MOBILE], **kw)


def _moments(backend: Services, ticket_id: int) -> Counter[tuple[str, str]]:
    return Counter((n.moment.value, n.channel.value) for n in backend.list_notifications(ticket_id))


def test_each_moment_of_a_job_tells_the_customer_once_by_email_and_sms(
    backend: Services, make: Make
) -> None:
    customer = _customer(backend)
    ticket, tech, _ = make.job(customer=customer)
    ticket = make.ticket_in(TicketStatus.EN_ROUTE, ticket, tech)
    # the technician turns back and sets off again: the customer is not told twice
    ticket = backend.transition(ticket.id, ticket.version, TicketStatus.ACCEPTED)
    ticket = backend.transition(ticket.id, ticket.version, TicketStatus.EN_ROUTE)
    make.ticket_in(TicketStatus.RESOLVED, ticket, tech)

    moments = ("received", "assigned", "en_route", "on_site", "resolved")
    expected = Counter({(m, c): 1 for m in moments for c in ("email", "sms")})
    assert _moments(backend, ticket.id) == expected
    sent = backend.list_notifications(ticket.id)
    assert {n.recipient for n in sent} == {"li.lei@example.cn", "+86" + MOBILE}
    assert all(n.status.value == "pending" for n in sent)  # no sender runs in these tests
    received = next(n for n in sent if n.moment.value == "received" and n.channel == "email")
    assert ticket.number in received.subject and "工单" in received.subject
    assigned_sms = next(n for n in sent if n.moment.value == "assigned" and n.channel == "sms")
    assert f"{tech.name[0]}师傅" in assigned_sms.body or tech.name.split()[0] in assigned_sms.body


def test_an_english_speaking_customer_reads_english(backend: Services, make: Make) -> None:
    customer = _customer(backend, language="en")
    ticket, _, _ = make.job(customer=customer)
    [email] = [n for n in backend.list_notifications(ticket.id) if n.channel == "email"]
    assert email.language == "en"
    assert email.subject == f"We have received your request {ticket.number}"
    assert email.body.startswith("Dear 李雷,")


def test_a_customer_who_opts_out_of_sms_gets_email_only_and_queued_texts_are_withdrawn(
    backend: Services, make: Make
) -> None:
    customer = _customer(backend)
    ticket, tech, _ = make.job(customer=customer)
    backend.update_customer(customer.id, customer.version, notify_sms=False)
    make.ticket_in(TicketStatus.ASSIGNED, ticket, tech)

    by_channel = {
        (n.moment.value, n.channel.value): n.status.value
        for n in backend.list_notifications(ticket.id)
    }
    assert by_channel == {
        ("received", "email"): "pending",
        ("received", "sms"): "cancelled",
        ("assigned", "email"): "pending",
    }
    assert backend.get_customer(customer.id).notify_sms is False


def test_the_contract_decides_which_channels_may_be_used(backend: Services, make: Make) -> None:
    company = backend.create_company("Acme")
    contract = backend.create_contract(
        company.id, "SMS only", "standard", date(2026, 1, 1), date(2027, 1, 1), ["sms"]
    )
    assert contract.notify_channels == ("sms",)
    customer = _customer(backend)
    site = make.site(customer)
    asset = backend.create_asset(site.id, "RX-1", "SN-1", contract_id=contract.id)
    ticket = make.ticket(customer_id=customer.id, asset_id=asset.id)
    assert _moments(backend, ticket.id) == Counter({("received", "sms"): 1})
    with pytest.raises(ValidationError):
        backend.create_contract(
            company.id, "Fax", "standard", date(2026, 1, 1), date(2027, 1, 1), ["fax"]
        )


def test_no_address_no_message_and_no_customer_no_message(backend: Services, make: Make) -> None:
    landline_only = backend.create_customer("王芳", ["02155556666"])
    ticket = make.ticket(customer_id=landline_only.id)
    assert backend.list_notifications(ticket.id) == []
    anonymous = make.ticket(contact_phone=MOBILE)
    assert backend.list_notifications(anonymous.id) == []


def test_a_scheduled_callback_is_announced(backend: Services, make: Make, clock: object) -> None:
    customer = _customer(backend, email=None)
    ticket, _, _ = make.job(customer=customer)
    due = ticket.created_at + timedelta(hours=3)
    backend.schedule_callback(MOBILE, due, ticket_id=ticket.id)
    [sms] = [n for n in backend.list_notifications(ticket.id) if n.moment == "callback_scheduled"]
    assert "回电" in sms.body and "20:00" in sms.body  # 17:00 in Shanghai, plus three hours


def test_the_desk_resends_a_notification_and_the_history_shows_both(
    backend: Services, make: Make
) -> None:
    customer = _customer(backend)
    ticket, _, _ = make.job(customer=customer)
    [sms] = [n for n in backend.list_notifications(ticket.id) if n.channel == "sms"]
    again = backend.resend_notification(sms.id)
    assert again.id != sms.id and again.resent_from == sms.id
    assert (again.body, again.recipient, again.status.value) == (sms.body, sms.recipient, "pending")
    assert again.requested_by == "alice"
    history = backend.ticket_history(ticket.id)
    assert [n.id for n in history.notifications if n.channel == "sms"] == [sms.id, again.id]
    assert any(item is not None and getattr(item, "id", None) == again.id
               for _, item in history.timeline())  # fmt: skip

    backend.update_customer(customer.id, customer.version, notify_sms=False)
    with pytest.raises(ValidationError, match="opted out"):
        backend.resend_notification(sms.id)
