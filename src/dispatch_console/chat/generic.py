"""The generic chat webhook, for chat systems other than Chatwoot (a WeCom or WeChat bridge, a
website widget). One delivery says something about one conversation:

    {"source": "wecom",                                   optional, default "chat"
     "conversation": {"id": "c-1001", "status": "open",   open | pending | closed (optional)
                      "channel": "WeChat",                optional
                      "contact": {"name": "张伟", "phone": "13812345678", "email": "..."}},
     "messages": [{"id": "m-1", "author": "customer",     customer | agent | bot | system
                   "name": "张伟", "text": "打印机卡纸", "at": "2026-11-27T10:02:00+08:00"}]}

Message ids make a resent delivery harmless: a message already kept is not added again."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..domain.chat import (
    MAX_MESSAGES_PER_DELIVERY,
    Author,
    ChatDelivery,
    ConversationStatus,
    IncomingMessage,
    clip_message,
)
from .errors import ChatPayloadError
from .fields import obj, text, when

SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,40}$")
STATUSES = {s.value: s for s in ConversationStatus}
AUTHORS = {a.value: a for a in Author}


def parse_generic(data: dict[str, Any], now: datetime) -> ChatDelivery:
    source = text(data, "source", "") or "chat"
    if not SOURCE.match(source):
        raise ChatPayloadError("source", "lower-case letters, digits, '.', '_' or '-' (at most 41)")
    if source.startswith("chatwoot"):
        raise ChatPayloadError("source", "chatwoot deliveries go to /api/v1/chat/chatwoot")
    conv = obj(data.get("conversation"), "conversation")
    conv_id = text(conv, "id", "conversation", required=True)
    if len(conv_id) > 128:
        raise ChatPayloadError("conversation.id", "at most 128 characters")
    status = text(conv, "status", "conversation")
    if status and status not in STATUSES:
        raise ChatPayloadError("conversation.status", "must be open, pending or closed")
    contact = obj(conv.get("contact"), "conversation.contact")
    raw = data.get("messages") or []
    if not isinstance(raw, list):
        raise ChatPayloadError("messages", "must be a list")
    if len(raw) > MAX_MESSAGES_PER_DELIVERY:
        raise ChatPayloadError("messages", f"at most {MAX_MESSAGES_PER_DELIVERY} in one delivery")
    messages = []
    for i, item in enumerate(raw):
        path = f"messages[{i}]"
        m = obj(item, path)
        message_id = text(m, "id", path, required=True)
        if len(message_id) > 128:
            raise ChatPayloadError(f"{path}.id", "at most 128 characters")
        author = text(m, "author", path) or "customer"
        if author not in AUTHORS:
            raise ChatPayloadError(f"{path}.author", "must be customer, agent, bot or system")
        body = text(m, "text", path, required=True)
        messages.append(
            IncomingMessage(
                message_id,
                AUTHORS[author],
                text(m, "name", path)[:200],
                clip_message(body),
                when(m.get("at"), f"{path}.at", now),
            )
        )
    return ChatDelivery(
        source=source,
        external_id=conv_id,
        contact_name=text(contact, "name", "conversation.contact")[:200],
        contact_phone=text(contact, "phone", "conversation.contact")[:40] or None,
        contact_email=text(contact, "email", "conversation.contact")[:254] or None,
        status=STATUSES[status] if status else None,
        inbox=text(conv, "channel", "conversation")[:120],
        messages=tuple(messages),
    )
