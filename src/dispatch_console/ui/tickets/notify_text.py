"""How a notification to the customer reads in the ticket's timeline: the channel, to whom
(masked: the timeline is shown on screens others can see), what it said, and whether it went.
A notification that has gone, failed or was withdrawn offers a `resend:ID` link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from PySide6.QtCore import QCoreApplication

from ...domain.notifications import (
    Notification,
    NotifyChannel,
    NotifyStatus,
    mask_email,
    mask_phone,
)
from .decision_text import fill

# why the outbox withdrew a booked visit's message (services/appointment_outbox.py,
# services/notifications.py), in the agent's words
WITHDRAWN_BECAUSE = {
    "the visit was moved or cancelled": lambda: QCoreApplication.translate(
        "notifications", "withdrawn: the visit was moved or cancelled"
    ),
    "the visit has begun or moved": lambda: QCoreApplication.translate(
        "notifications", "withdrawn: the visit had begun"
    ),
}
MUTED = "#616161"
WARN = "#c62828"
OK = "#2e7d32"
PREVIEW = 60


def channel_label(channel: NotifyChannel) -> str:
    return (
        QCoreApplication.translate("notifications", "E-mail")
        if channel is NotifyChannel.EMAIL
        else QCoreApplication.translate("notifications", "SMS")
    )


def status_html(n: Notification) -> str:
    if n.status is NotifyStatus.SENT:
        when = n.sent_at.astimezone().strftime("%H:%M") if n.sent_at else ""
        sent = QCoreApplication.translate("notifications", "sent %1").replace("%1", when)
        return f'<span style="color:{OK}">{escape(sent)}</span>'
    if n.status is NotifyStatus.FAILED:
        text = QCoreApplication.translate("notifications", "failed: %1").replace(
            "%1", n.last_error or ""
        )
        return f'<span style="color:{WARN}">{escape(text)}</span>'
    if n.status is NotifyStatus.CANCELLED:
        if n.last_error in WITHDRAWN_BECAUSE:  # a booked visit moved, cancelled or begun
            return escape(WITHDRAWN_BECAUSE[n.last_error]())
        return escape(
            QCoreApplication.translate("notifications", "withdrawn: the customer opted out")
        )
    if n.attempts == 0 and n.next_attempt_at > datetime.now(UTC) + timedelta(minutes=1):
        # a reminder of a booked visit, or a text held back for the night
        due = n.next_attempt_at.astimezone().strftime("%m-%d %H:%M")
        text = QCoreApplication.translate("notifications", "to be sent %1").replace("%1", due)
        return f'<span style="color:{MUTED}">{escape(text)}</span>'
    if n.attempts == 0:  # also what a desk without an SMTP server or gateway sees: say so
        waiting = QCoreApplication.translate("notifications", "waiting to be sent")
        return f'<span style="color:{MUTED}">{escape(waiting)}</span>'
    text = QCoreApplication.translate("notifications", "retrying (attempt %1 failed: %2)").replace(
        "%1", str(n.attempts)
    )
    text = text.replace("%2", n.last_error or "?")
    return f'<span style="color:{WARN}">{escape(text)}</span>'


def notification_html(n: Notification) -> str:
    to = mask_email(n.recipient) if n.channel is NotifyChannel.EMAIL else mask_phone(n.recipient)
    staff = n.customer_id is None and bool(n.recipient_name)
    if staff:  # an SLA alert to the technician, a supervisor or a watcher
        head = QCoreApplication.translate("notifications", "SLA alert: %1 to %2 (%3)")
        head = fill(head, channel_label(n.channel), n.recipient_name, to)
    else:
        head = QCoreApplication.translate("notifications", "%1 to the customer (%2)")
        head = fill(head, channel_label(n.channel), to)
    if n.resent_from is not None:
        head += " · " + QCoreApplication.translate("notifications", "resent by %1").replace(
            "%1", n.requested_by
        )
    said = n.subject or n.body
    if len(said) > PREVIEW:
        said = said[: PREVIEW - 1] + "…"
    text = f"✉ {escape(head)}: <i>{escape(said)}</i> · {status_html(n)}"
    if n.status is not NotifyStatus.PENDING and not staff:  # staff alerts are not resent
        resend = QCoreApplication.translate("notifications", "Resend")
        text += f' · <a href="resend:{n.id}">{escape(resend)}</a>'
    return text
