"""A text's template parameters are fixed when it is queued, beside the text: a wording changed
since (a new release, a desk's own phrasing) still sends the technician and ticket the customer
was told of; texts queued before the parameters were stored are still read back from their
wording. Through the fake Aliyun and Tencent processes, which check the request signing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from dispatch_console.domain import notify_templates
from dispatch_console.domain.notifications import Moment, Notification
from dispatch_console.domain.notify_templates import Facts
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.sms_facts import read_facts
from dispatch_console.notify.worker import NotificationWorker, sms_sender
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .sms_cn_fixtures import FakeProvider

# `assigned` as the desk's file names it: the two-variable template each fake account approved
ASSIGNED = {
    "aliyun": '[assigned]\ntemplate = "SMS_465380003"\n'
    'params = { code = "ticket", desk = "technician" }\n',
    "tencent": '[assigned]\ntemplate = "2003"\nparams = ["ticket", "technician"]\n',
}


def _worker(desk: Services, settings: NotifySettings) -> NotificationWorker:
    return NotificationWorker(desk, {"sms": sms_sender(settings)}, on_status=lambda _: None)  # type: ignore[dict-item]


def _assigned(desk: Services) -> tuple[int, str]:
    """A ticket given to 王伟; its `assigned` text is queued. Returns (ticket id, number)."""
    customer = desk.create_customer("李雷", ["13812345678"])
    dept = desk.create_department("暖通", "HVAC")
    tech = desk.create_technician("王伟", "13900001111", dept.id)
    ticket = desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    )
    desk.assign(ticket.id, ticket.version, tech.id)
    return ticket.id, ticket.number


def _sms(desk: Services, ticket_id: int, moment: str) -> Notification:
    [n] = [n for n in desk.list_notifications(ticket_id) if n.moment.value == moment]
    return n


def _sent_params(provider: FakeProvider) -> list[str]:
    [sent] = provider.delivered()
    params: Any = sent["params"]
    return list(params.values()) if provider.kind == "aliyun" else list(params)


def test_a_reworded_text_still_sends_the_facts_it_was_queued_with(
    desk: Services, provider: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider.templates_file.write_text(ASSIGNED[provider.kind], "utf-8")
    said = notify_templates._zh

    def reworded(moment: Moment, f: Facts) -> tuple[str, str]:
        if moment is Moment.ASSIGNED:  # a wording no pattern of sms_facts knows
            return "", f"您好！{f.technician}师傅将上门处理您的报修，单号{f.ticket_number}。"
        return said(moment, f)

    monkeypatch.setattr(notify_templates, "_zh", reworded)
    ticket_id, number = _assigned(desk)
    sms = _sms(desk, ticket_id, "assigned")
    assert sms.body.startswith(f"您好！王师傅将上门处理您的报修，单号{number}")
    assert read_facts(sms) is None  # read back from the wording, it could not be sent
    assert sms.template_params is not None
    assert (sms.template_params["ticket"], sms.template_params["technician"]) == (number, "王师傅")

    _worker(desk, provider.settings()).run_once()
    assert _sms(desk, ticket_id, "assigned").status.value == "sent"
    assert _sent_params(provider) == [number, "王师傅"]


def test_a_text_queued_before_the_parameters_were_stored_is_read_from_its_wording(
    desk: Services, store: SqlStore, provider: FakeProvider
) -> None:
    provider.templates_file.write_text(ASSIGNED[provider.kind], "utf-8")
    ticket_id, number = _assigned(desk)
    with store.engine.begin() as conn:  # as migration 0016 leaves the rows queued before it
        conn.execute(text("UPDATE notifications SET template_params = NULL"))
    assert _sms(desk, ticket_id, "assigned").template_params is None
    _worker(desk, provider.settings()).run_once()
    assert _sms(desk, ticket_id, "assigned").status.value == "sent"
    assert _sent_params(provider) == [number, "王师傅"]


def test_a_resent_text_carries_the_parameters_of_the_original(desk: Services) -> None:
    ticket_id, number = _assigned(desk)
    original = _sms(desk, ticket_id, "assigned")
    supervisor = desk.as_actor(Actor("sue", role="supervisor"))
    again = supervisor.resend_notification(original.id)
    assert again.template_params == original.template_params
    assert again.template_params is not None and again.template_params["ticket"] == number
