"""How chats are shown: authors, statuses and the transcript as HTML (nothing here calls the
backend)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication

from ...domain.chat import Author, ChatMessage, Conversation, ConversationStatus, phone_to_show

CUSTOMER_BG = "#e3f2fd"
MUTED = "#616161"


def author_label(author: Author) -> str:
    return {
        Author.CUSTOMER: QCoreApplication.translate("chat", "Customer"),
        Author.AGENT: QCoreApplication.translate("chat", "Online agent"),
        Author.BOT: QCoreApplication.translate("chat", "Bot"),
        Author.SYSTEM: QCoreApplication.translate("chat", "Chat system"),
    }[author]


def status_label(status: ConversationStatus) -> str:
    return {
        ConversationStatus.OPEN: QCoreApplication.translate("chat", "Open"),
        ConversationStatus.PENDING: QCoreApplication.translate("chat", "Waiting"),
        ConversationStatus.CLOSED: QCoreApplication.translate("chat", "Closed"),
    }[status]


def contact_of(conv: Conversation) -> str:
    """Who is chatting, as the agent would say it: a name, else the number or address."""
    return (
        conv.contact_name
        or phone_to_show(conv)
        or conv.contact_email
        or QCoreApplication.translate("chat", "Visitor %1").replace("%1", conv.external_id[-6:])
    )


def short_time(at: datetime | None, now: datetime | None = None) -> str:
    if at is None:
        return ""
    local = at.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%m-%d %H:%M")


def who_said(m: ChatMessage, conv: Conversation) -> str:
    if m.author_name:
        return m.author_name
    if m.author is Author.CUSTOMER and conv.contact_name:
        return conv.contact_name
    return author_label(m.author)


def transcript_html(conv: Conversation, messages: list[ChatMessage]) -> str:
    """The chat, oldest first: the customer's lines shaded, the desk's plain, system lines grey."""
    parts = []
    for m in messages:
        when = m.sent_at.astimezone().strftime("%m-%d %H:%M")
        head = f'<b>{escape(who_said(m, conv))}</b> <span style="color:{MUTED}">{when}</span>'
        body = escape(m.body).replace("\n", "<br/>")
        if m.author is Author.CUSTOMER:
            parts.append(
                f'<table width="100%" cellpadding="6" style="background:{CUSTOMER_BG}">'
                f"<tr><td>{head}<br/>{body}</td></tr></table>"
            )
        elif m.author is Author.SYSTEM:
            parts.append(f'<p style="color:{MUTED}"><i>{body}</i> · {when}</p>')
        else:
            parts.append(f"<p>{head}<br/>{body}</p>")
    if not parts:
        return (
            f'<p style="color:{MUTED}">'
            + escape(QCoreApplication.translate("chat", "No messages yet."))
            + "</p>"
        )
    return "".join(parts)
