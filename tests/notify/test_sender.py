"""The sender delivers through a real SMTP server and a real HTTP gateway stand-in, records each
outcome once, retries temporary failures with backoff and gives up on refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import FakeClock
from dispatch_console.domain.model import Customer
from dispatch_console.domain.notifications import BACKOFF, MAX_ATTEMPTS, Notification
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.sms_http import HttpSmsSender
from dispatch_console.notify.smtp import SmtpSender
from dispatch_console.notify.worker import NotificationWorker, senders_for
from dispatch_console.services import Services

from .conftest import GATEWAY_TOKEN, Gateway, Mailbox

DESK = "示例客服"


def _settings(mailbox: Mailbox, gateway: Gateway) -> NotifySettings:
    return NotifySettings(
        desk_name=DESK, smtp_host=mailbox.host, smtp_port=mailbox.port, smtp_security="none",
        smtp_from="service@desk.example.cn", sms_url=gateway.send_url, sms_token=GATEWAY_TOKEN,
        timeout_s=5,
    )  # fmt: skip


@pytest.fixture
def worker(desk: Services, mailbox: Mailbox, gateway: Gateway) -> NotificationWorker:
    settings = _settings(mailbox, gateway)
    senders = {"email": SmtpSender(settings), "sms": HttpSmsSender(settings)}
    return NotificationWorker(desk, senders, on_status=lambda _: None)  # type: ignore[arg-type]


def _ticket_for(desk: Services, **kw: object) -> tuple[Customer, int]:
    kw.setdefault("email", "li.lei@example.cn")
    customer = desk.create_customer("李雷", ["13812345678"], **kw)
    ticket = desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    )
    return customer, ticket.id


def _only(desk: Services, ticket_id: int, channel: str) -> Notification:
    [n] = [n for n in desk.list_notifications(ticket_id) if n.channel == channel]
    return n


def test_the_customer_gets_the_email_and_the_text_and_both_are_recorded_sent(
    desk: Services, worker: NotificationWorker, mailbox: Mailbox, gateway: Gateway
) -> None:
    _, ticket_id = _ticket_for(desk)
    assert worker.run_once() == 2

    [mail] = mailbox.messages
    email = _only(desk, ticket_id, "email")
    assert mail["To"] == "li.lei@example.cn"
    assert mail["Subject"] == email.subject and "工单" in mail["Subject"]
    assert mail["Message-ID"] == f"<dispatch-notification-{email.id}@desk.example.cn>"
    assert DESK in mail["From"] and "service@desk.example.cn" in mail["From"]
    assert DESK in mail.get_content()
    [text] = gateway.delivered()
    sms = _only(desk, ticket_id, "sms")
    assert text == {"key": sms.message_key, "to": "+8613812345678", "text": f"【{DESK}】{sms.body}"}

    assert (email.status.value, sms.status.value) == ("sent", "sent")
    assert sms.provider_ref == "gw-1" and email.provider_ref == mail["Message-ID"]
    kinds = [e.kind for e in desk.events_after(0) if e.entity_id == str(ticket_id)]
    assert kinds.count("notification_sent") == 2
    assert worker.run_once() == 0  # nothing is sent twice


def test_a_gateway_error_is_retried_after_the_backoff(
    desk: Services, worker: NotificationWorker, gateway: Gateway, clock: FakeClock
) -> None:
    _, ticket_id = _ticket_for(desk, email=None)
    gateway.control(fail=1)
    worker.run_once()
    sms = _only(desk, ticket_id, "sms")
    assert (sms.status.value, sms.attempts) == ("pending", 1)
    assert sms.last_error is not None and "500" in sms.last_error
    assert sms.next_attempt_at == clock.now() + BACKOFF[0]
    assert worker.run_once() == 0  # not due yet

    clock.advance(BACKOFF[0])
    assert worker.run_once() == 1
    sms = _only(desk, ticket_id, "sms")
    assert (sms.status.value, sms.attempts, sms.last_error) == ("sent", 2, None)
    assert len(gateway.delivered()) == 1


def test_the_last_failed_attempt_marks_the_notification_failed(
    desk: Services, worker: NotificationWorker, gateway: Gateway, clock: FakeClock
) -> None:
    _, ticket_id = _ticket_for(desk, email=None)
    gateway.control(fail=MAX_ATTEMPTS + 1)
    for wait in (timedelta(0), *BACKOFF):
        clock.advance(wait)
        assert worker.run_once() == 1
    sms = _only(desk, ticket_id, "sms")
    assert (sms.status.value, sms.attempts) == ("failed", MAX_ATTEMPTS)
    assert gateway.delivered() == []
    clock.advance(days=1)
    assert worker.run_once() == 0


def test_an_smtp_server_that_defers_is_tried_again_and_one_that_refuses_is_not(
    desk: Services, worker: NotificationWorker, mailbox: Mailbox, clock: FakeClock
) -> None:
    desk.update_customer(*_customer_sms_off(desk))
    mailbox.refuse.append("451 4.3.0 Try again later")
    _, first = _ticket_for(desk)
    worker.run_once()
    email = _only(desk, first, "email")
    assert email.status.value == "pending" and "451" in (email.last_error or "")
    clock.advance(BACKOFF[0])
    worker.run_once()
    assert _only(desk, first, "email").status.value == "sent"

    mailbox.refuse.append("550 5.1.1 No such user")
    _, second = _ticket_for(desk)
    worker.run_once()
    refused = _only(desk, second, "email")
    assert refused.status.value == "failed" and "550" in (refused.last_error or "")
    assert len(mailbox.messages) == 1


def _customer_sms_off(desk: Services) -> tuple[int, int]:
    """A throwaway customer opted out of SMS, so these tests speak only of e-mail."""
    c = desk.create_customer("Throwaway", ["13800000000"])
    return c.id, c.version


def test_an_opt_out_before_sending_stops_the_queued_text(
    desk: Services, worker: NotificationWorker, gateway: Gateway
) -> None:
    customer, ticket_id = _ticket_for(desk, email=None)
    desk.update_customer(customer.id, customer.version, notify_sms=False)
    assert worker.run_once() == 0
    assert _only(desk, ticket_id, "sms").status.value == "cancelled"
    assert gateway.state()["requests"] == 0


def test_two_senders_never_claim_the_same_notification(desk: Services) -> None:
    _ticket_for(desk)
    first = desk.claim_notifications()
    assert len(first) == 2
    assert desk.claim_notifications() == []


def test_a_late_outcome_from_a_sender_whose_lease_ran_out_is_not_recorded(
    desk: Services, clock: FakeClock
) -> None:
    from dispatch_console.domain.notifications import LEASE, Delivery

    _, ticket_id = _ticket_for(desk, email=None)
    [stale] = desk.claim_notifications()
    clock.advance(LEASE)
    [fresh] = desk.claim_notifications()
    assert desk.record_delivery(stale, Delivery(True, "late")) is None
    recorded = desk.record_delivery(fresh, Delivery(True, "gw-9"))
    assert recorded is not None and recorded.provider_ref == "gw-9"
    kinds = [e.kind for e in desk.events_after(0) if e.entity_id == str(ticket_id)]
    assert kinds.count("notification_sent") == 1


def test_without_an_smtp_server_or_gateway_there_is_no_sender() -> None:
    assert senders_for(NotifySettings()) == {}
