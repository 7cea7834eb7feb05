"""How a notification to the customer reads in the ticket's timeline: the channel, to whom
(masked: the timeline is shown on screens others can see), what it said, and whether it went.
A notification that has gone, failed or was withdrawn offers a `resend:ID` link."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ...domain.notifications import (
    Notification,
    NotifyChannel,
    NotifyStatus,
    mask_email,
    mask_phone,
)

MUTED = "#616161"
WARN = "#c62828"
OK = "#2e7d32"
PREVIEW = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("notifications", text)


def channel_label(channel: NotifyChannel) -> str:
    return _tr("E-mail") if channel is NotifyChannel.EMAIL else _tr("SMS")


def status_html(n: Notification) -> str:
    if n.status is NotifyStatus.SENT:
        when = n.sent_at.astimezone().strftime("%H:%M") if n.sent_at else ""
        return f'<span style="color:{OK}">{escape(_tr("sent %1").replace("%1", when))}</span>'
    if n.status is NotifyStatus.FAILED:
        text = _tr("failed: %1").replace("%1", n.last_error or "")
        return f'<span style="color:{WARN}">{escape(text)}</span>'
    if n.status is NotifyStatus.CANCELLED:
        return escape(_tr("withdrawn: the customer opted out"))
    if n.attempts == 0:  # also what a desk without an SMTP server or gateway sees: say so
        return f'<span style="color:{MUTED}">{escape(_tr("waiting to be sent"))}</span>'
    text = _tr("retrying (attempt %1 failed: %2)").replace("%1", str(n.attempts))
    text = text.replace("%2", n.last_error or "?")
    return f'<span style="color:{WARN}">{escape(text)}</span>'


def notification_html(n: Notification) -> str:
    to = mask_email(n.recipient) if n.channel is NotifyChannel.EMAIL else mask_phone(n.recipient)
    head = _tr("%1 to the customer (%2)").replace("%1", channel_label(n.channel))
    head = head.replace("%2", to)
    if n.resent_from is not None:
        head += " · " + _tr("resent by %1").replace("%1", n.requested_by)
    said = n.subject or n.body
    if len(said) > PREVIEW:
        said = said[: PREVIEW - 1] + "…"
    text = f"✉ {escape(head)}: <i>{escape(said)}</i> · {status_html(n)}"
    if n.status is not NotifyStatus.PENDING:
        text += f' · <a href="resend:{n.id}">{escape(_tr("Resend"))}</a>'
    return text
