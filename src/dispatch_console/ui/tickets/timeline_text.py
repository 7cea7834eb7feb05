"""A ticket's history as the HTML the timeline view shows: one paragraph per thing that happened.

Names come with the history (part names, technicians), so nothing here calls the backend. Photos
are `<img src="thumb:ID">` inside an `attachment:ID` link; the view supplies the thumbnails."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ...domain.calls import Call, Callback
from ...domain.chat import Author, ChatMessage
from ...domain.enums import CallDirection, CallOutcome, CommentVisibility
from ...domain.events import Event
from ...domain.notifications import Notification
from ...domain.tickets import (
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Transition,
    WorkLogEntry,
)
from ...domain.timeline import TicketHistory
from .decision_text import decision_html, fill
from .labels import (
    callback_outcome_label,
    callback_reason_label,
    callback_status_label,
    status_label,
)
from .notify_text import notification_html

THUMB_PX = 96
MUTED = "#616161"
WARN = "#c62828"


def is_image(attachment: Attachment) -> bool:
    return attachment.content_type.startswith("image/")


def timeline_html(history: TicketHistory) -> str:
    t = history.ticket
    parts = [f"<p>{escape(t.description)}</p><hr/>"]
    for at, item in history.timeline():
        when = at.astimezone().strftime("%m-%d %H:%M")
        parts.append(
            f'<p><span style="color:{MUTED}">{when}</span>&nbsp; {describe(item, history)}</p>'
        )
    return "".join(parts)


def describe(item: object, history: TicketHistory) -> str:
    if isinstance(item, Transition):
        return _transition(item, history)
    if isinstance(item, Comment):
        return _comment(item, history)
    if isinstance(item, CheckIn):
        return _check_in(item, history)
    if isinstance(item, WorkLogEntry):
        who = escape(history.technician_names.get(item.technician_id, ""))
        return (
            QCoreApplication.translate("timeline", "%1 worked %2 min: %3")
            .replace("%1", who)
            .replace("%2", str(item.minutes))
            .replace("%3", escape(item.note))
        )
    if isinstance(item, PartUsage):
        name = history.part_names.get(item.part_id) or f"#{item.part_id}"
        return (
            QCoreApplication.translate("timeline", "Part used: %1 × %2")
            .replace("%1", escape(name))
            .replace("%2", str(item.quantity))
        )
    if isinstance(item, Attachment):
        return _attachment(item, history)
    if isinstance(item, Callback):
        return _callback(item)
    if isinstance(item, Call):
        return _call(item)
    if isinstance(item, ChatMessage):
        return _chat(item, history)
    if isinstance(item, Event):
        return decision_html(item, history)
    if isinstance(item, Notification):
        return notification_html(item)
    return escape(type(item).__name__)


def _transition(item: Transition, history: TicketHistory) -> str:
    if item.from_status is None:
        text = QCoreApplication.translate("timeline", "Opened by %1").replace(
            "%1", escape(history.who(item.actor))
        )
    else:
        text = (
            QCoreApplication.translate("timeline", "%1 → <b>%2</b> by %3")
            .replace("%1", status_label(item.from_status))
            .replace("%2", status_label(item.to_status))
            .replace("%3", escape(history.who(item.actor)))
        )
    return text + (f" — {escape(item.reason)}" if item.reason else "")


def _comment(item: Comment, history: TicketHistory) -> str:
    if item.visibility is CommentVisibility.INTERNAL:
        tag = QCoreApplication.translate("timeline", "internal note")
    else:
        tag = QCoreApplication.translate("timeline", "to the customer")
    return f"<i>{escape(history.who(item.author))} ({tag})</i>: {escape(item.body)}"


def _check_in(item: CheckIn, history: TicketHistory) -> str:
    who = escape(history.technician_names.get(item.technician_id, ""))
    text = (
        QCoreApplication.translate("timeline", "%1 checked in %2 m from the site")
        .replace("%1", who)
        .replace("%2", f"{item.distance_m:,.0f}")
    )
    if item.on_time is True:
        text += " · " + QCoreApplication.translate("timeline", "on time")
    elif item.on_time is False:
        late = QCoreApplication.translate("timeline", "late")
        text += f' · <span style="color:{WARN}">{late}</span>'
    if not item.inside_geofence:
        outside = QCoreApplication.translate("timeline", "outside the site's area")
        why = f": {escape(item.reason)}" if item.reason else ""
        text += f' · <span style="color:{WARN}">⚠ {outside}{why}</span>'
    return text


def _attachment(item: Attachment, history: TicketHistory) -> str:
    caption = (
        QCoreApplication.translate("timeline", "%1 added %2")
        .replace("%1", escape(history.who(item.uploaded_by)))
        .replace("%2", escape(item.filename))
    )
    link = f"attachment:{item.id}"
    if is_image(item):
        return (
            f'{caption}<br/><a href="{link}"><img src="thumb:{item.id}" height="{THUMB_PX}"/></a>'
        )
    kb = max(1, item.size // 1024)
    return f'{caption} (<a href="{link}">{kb:,} KB</a>)'


def _callback(item: Callback) -> str:
    text = (
        QCoreApplication.translate("timeline", "Callback %1: %2")
        .replace("%1", callback_reason_label(item.reason))
        .replace("%2", callback_status_label(item.status))
    )
    if item.outcome is not None:
        text += " · " + callback_outcome_label(item.outcome)
    if item.satisfaction is not None:
        text += " · " + "★" * item.satisfaction + "☆" * (5 - item.satisfaction)
    if item.problem_fixed is False:
        not_fixed = QCoreApplication.translate("timeline", "not fixed")
        text += f' · <span style="color:{WARN}">{not_fixed}</span>'
    if item.comment:
        text += f" — {escape(item.comment)}"
    return text


def _call(item: Call) -> str:
    if item.direction is CallDirection.INBOUND:
        text = QCoreApplication.translate("timeline", "Call from %1").replace(
            "%1", escape(item.from_number)
        )
    else:
        text = QCoreApplication.translate("timeline", "Call to %1").replace(
            "%1", escape(item.to_number)
        )
    if item.outcome is CallOutcome.MISSED:
        missed = QCoreApplication.translate("timeline", "missed")
        text += f' · <span style="color:{WARN}">{missed}</span>'
    elif item.answered_at is not None and item.ended_at is not None:
        seconds = int((item.ended_at - item.answered_at).total_seconds())
        text += f" · {seconds // 60}:{seconds % 60:02d}"
    return text


def _chat(item: ChatMessage, history: TicketHistory) -> str:
    if item.author_name:
        who = item.author_name
    elif item.author is Author.CUSTOMER:
        who = history.ticket.contact_name or QCoreApplication.translate("timeline", "customer")
    elif item.author is Author.AGENT:
        who = QCoreApplication.translate("timeline", "online agent")
    elif item.author is Author.BOT:
        who = QCoreApplication.translate("timeline", "chat bot")
    else:
        who = QCoreApplication.translate("timeline", "chat system")
    # in one pass: a name or a message holding "%2" stays as written
    template = QCoreApplication.translate("timeline", "Chat · %1: %2")
    return fill(template, escape(who), escape(item.body).replace("\n", "<br/>"))
