"""The agent sees what the customer was told, and whether it went, in the ticket's timeline;
resends one with a click; and records the customer's wish to hear no more by SMS."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from dispatch_console.domain.notifications import (
    Delivery,
    Moment,
    Notification,
    NotifyChannel,
    NotifyStatus,
)
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tickets.notify_actions import NotifyPrefsDialog
from dispatch_console.ui.tickets.notify_text import notification_html


def _window(qtbot: QtBot, backend: Services) -> MainWindow:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    return window


def test_the_timeline_shows_each_notification_its_status_and_a_resend_link(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    customer = backend.create_customer("李雷", ["13812345678"], email="li.lei@example.cn")
    ticket = backend.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    )
    [email, sms] = sorted(backend.list_notifications(ticket.id), key=lambda n: n.channel)
    claimed = {n.channel: n for n in backend.claim_notifications()}
    backend.record_delivery(claimed["sms"], Delivery(True, "gw-1"))
    window = _window(qtbot, backend)
    html = window.detail.body.toHtml()
    assert "+86138****5678" in html  # the number, masked
    assert "li***@example.cn" in html
    assert "sent" in html and "Resend" in html
    assert "13812345678" not in html

    window.detail.body.anchorClicked.emit(QUrl(f"resend:{sms.id}"))
    qtbot.waitUntil(lambda: len(backend.list_notifications(ticket.id)) == 3, timeout=5000)
    copy = backend.list_notifications(ticket.id)[-1]
    assert (copy.resent_from, copy.channel.value) == (sms.id, "sms")
    qtbot.waitUntil(lambda: "resent by" in window.detail.body.toHtml(), timeout=5000)
    assert email.status.value == "pending"
    window.shutdown()


def test_the_agent_records_that_the_customer_wants_no_more_texts(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    customer = backend.create_customer("李雷", ["13812345678"])
    backend.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    )
    window = _window(qtbot, backend)
    assert window.detail.notify_button.isEnabled()
    window.detail.notify_button.click()
    qtbot.waitUntil(lambda: bool(window.findChildren(NotifyPrefsDialog)), timeout=5000)
    [dialog] = window.findChildren(NotifyPrefsDialog)
    assert dialog.isVisible() and "李雷" in dialog.windowTitle()
    assert dialog.sms.isChecked() and dialog.email.isChecked()
    dialog.sms.setChecked(False)
    with qtbot.waitSignal(window.notify_actions.message, timeout=5000):
        dialog.accept()
    assert backend.get_customer(customer.id).notify_sms is False
    window.shutdown()


def test_an_sla_alert_to_staff_reads_as_such_and_is_not_resent(qapp: Any) -> None:
    at = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    alert = Notification(
        7, 42, None, Moment.DEADLINE_NEAR, NotifyChannel.SMS, "+8613900001234", "zh_CN", "",
        "工单T0000042的上门时限为11-27 14:30，请抓紧处理。", "t42:x", at, at,
        status=NotifyStatus.SENT, sent_at=at, recipient_name="朱伟",
    )  # fmt: skip
    html = notification_html(alert)
    assert "SLA alert: SMS to 朱伟 (+86139****1234)" in html and "sent" in html
    assert "resend:" not in html and "13900001234" not in html


def test_a_booked_visits_reminders_read_when_they_go_and_why_they_were_withdrawn(
    qapp: Any,
) -> None:
    booked = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    later = datetime(2099, 1, 1, 10, 0, tzinfo=UTC)  # the evening before a visit to come

    def reminder(**kw: Any) -> Notification:
        return Notification(
            8, 42, 3, Moment.REMINDER_EVE, NotifyChannel.SMS, "+8613812345678", "zh_CN", "",
            "温馨提醒：维修师傅将于明天01-02 14:00-16:00上门（工单T0000042）。", "t42:y",
            booked, kw.pop("due", later), **kw,
        )  # fmt: skip

    due = later.astimezone().strftime("%m-%d %H:%M")
    assert f"to be sent {due}" in notification_html(reminder())
    moved = reminder(status=NotifyStatus.CANCELLED, last_error="the visit was moved or cancelled")
    assert "withdrawn: the visit was moved or cancelled" in notification_html(moved)
    assert "opted out" not in notification_html(moved)
    late = reminder(status=NotifyStatus.CANCELLED, last_error="the visit has begun or moved")
    assert "withdrawn: the visit had begun" in notification_html(late)
    waiting = reminder(due=booked)  # due: a sender will take it
    assert "waiting to be sent" in notification_html(waiting)
