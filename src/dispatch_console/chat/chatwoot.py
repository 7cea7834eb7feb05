"""Chatwoot's account webhooks (https://www.chatwoot.com/docs/product/features/webhooks):
`conversation_created`, `conversation_status_changed` (and `conversation_updated`), whose body is
the conversation, and `message_created` (and `message_updated`), whose body is the message with
its conversation inside. Other events are acknowledged and ignored.

A conversation is known by its number, which Chatwoot counts per account. Its conversation events
do not say the account, so the account comes from the webhook's URL (`&account=2`), needed only
when several Chatwoot accounts send to one desk. Private notes are Chatwoot agents' notes to each
other and stay out of the transcript; edits (message_updated) keep the first text.

What real deliveries taught (tests/conformance/chatwoot/README.md): an automation rule's "Send
webhook" action posts the same bodies with the event named `automation_event.<event>`, except
that for `message_created`/`message_updated` the body is the conversation (with its latest public
messages: a private note that fires the rule brings the message before it, chatwoot#11208);
Chatwoot 2020 put the contact at the top (`contact`) and the conversation's number in
`display_id`, with ids as strings; every conversation event carries the conversation's latest
message(s), which may be new to the desk; a message's `sender` has no `type` in message events
(and is the contact when the message is incoming)."""

from __future__ import annotations

from dataclasses import replace
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

CONVERSATION_EVENTS = (
    "conversation_created",
    "conversation_status_changed",
    "conversation_updated",
)
MESSAGE_EVENTS = ("message_created", "message_updated")
STATUS = {
    "open": ConversationStatus.OPEN,
    "pending": ConversationStatus.PENDING,
    "snoozed": ConversationStatus.PENDING,
    "resolved": ConversationStatus.CLOSED,
}
# message_type arrives as a name in message events and as a number inside conversations
TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}
AUTOMATION = "automation_event."  # how an automation rule's "Send webhook" names the events
MAX_ID = 128  # the columns' sizes
MAX_NAME = 200


def parse_chatwoot(
    data: dict[str, Any], now: datetime, account: str | None = None
) -> ChatDelivery | None:
    """The delivery, or None for an event the desk does not follow (contact_created ...).
    `account`: the Chatwoot account the webhook URL names, if any."""
    source = f"chatwoot:{account}" if account else "chatwoot"
    event = text(data, "event", "", required=True).removeprefix(AUTOMATION)
    if event in CONVERSATION_EVENTS:
        return _conversation(data, data, now, event, source)
    if event in MESSAGE_EVENTS:
        if "conversation" not in data and isinstance(data.get("messages"), list):
            # an automation rule's "Send webhook" on a message event posts the conversation
            # (its latest public messages), not the message: read it as a conversation event
            return _conversation(data, data, now, "conversation_updated", source)
        conversation = obj(data.get("conversation"), "conversation")
        if not conversation:
            raise ChatPayloadError("conversation", "is missing")
        delivery = _conversation(conversation, data, now, event, source)
        message = _message(data, "", _contact(conversation, data), now)
        return replace(delivery, messages=(message,) if message else ())
    return None


def _conversation(
    conv: dict[str, Any], top: dict[str, Any], now: datetime, event: str, source: str
) -> ChatDelivery:
    conv_id = text(conv, "display_id", "conversation") or text(conv, "id", "conversation")
    if not conv_id:
        raise ChatPayloadError("conversation.id", "is missing")
    if len(conv_id) > MAX_ID:
        raise ChatPayloadError("conversation.id", f"at most {MAX_ID} characters")
    contact = _contact(conv, top)
    status = text(conv, "status", "conversation")
    messages: list[IncomingMessage] = []
    # every conversation event carries the latest message(s); one the desk has is not added twice
    raw = (conv.get("messages") or []) if event in CONVERSATION_EVENTS else []
    if not isinstance(raw, list):
        raise ChatPayloadError("messages", "must be a list")
    for i, m in enumerate(raw[:MAX_MESSAGES_PER_DELIVERY]):
        found = _message(obj(m, f"messages[{i}]"), f"messages[{i}]", contact, now)
        if found:
            messages.append(found)
    # only message events say the inbox; a conversation's channel ("Channel::WebWidget") is no
    # name to show, so a conversation event leaves the inbox as it was
    inbox = obj(top.get("inbox"), "inbox")
    return ChatDelivery(
        source=source,
        external_id=conv_id,
        contact_name=text(contact, "name", "meta.sender")[:MAX_NAME],
        contact_phone=text(contact, "phone_number", "meta.sender")[:40] or None,
        contact_email=text(contact, "email", "meta.sender")[:254] or None,
        status=STATUS.get(status) if status else None,
        inbox=text(inbox, "name", "inbox")[:120],
        messages=tuple(messages),
    )


def _contact(conv: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """Who the customer is: the conversation's meta.sender; Chatwoot 2020's top-level
    `contact`; else a message's sender when it says it is the contact."""
    contact = obj(obj(conv.get("meta"), "meta").get("sender"), "meta.sender")
    if not contact:
        contact = obj(top.get("contact"), "contact")
    if not contact and text(obj(top.get("sender"), "sender"), "type", "sender") == "contact":
        contact = obj(top.get("sender"), "sender")
    return contact


def _message(
    m: dict[str, Any], path: str, contact: dict[str, Any], now: datetime
) -> IncomingMessage | None:
    if m.get("private") is True:
        return None
    where = path or "message"
    message_id = text(m, "id", path)
    if not message_id or len(message_id) > MAX_ID:
        raise ChatPayloadError(f"{where}.id", f"is missing or longer than {MAX_ID} characters")
    kind = m.get("message_type")
    kind = TYPES.get(kind, -1) if isinstance(kind, str) else kind
    sender = obj(m.get("sender"), f"{where}.sender")
    if kind == 0:
        author = Author.CUSTOMER
    elif kind == 1:
        author = Author.BOT if text(sender, "type", "sender") == "agent_bot" else Author.AGENT
    elif kind == 3:
        author = Author.BOT
    elif kind == 2:
        author = Author.SYSTEM
    else:
        raise ChatPayloadError(
            f"{where}.message_type", "must be incoming, outgoing, activity or template"
        )
    body = text(m, "content", path)
    attachments = m.get("attachments") or []
    if not isinstance(attachments, list):
        raise ChatPayloadError(f"{where}.attachments", "must be a list")
    files = [text(a, "data_url", "attachments") for a in attachments if isinstance(a, dict)]
    body = "\n".join([body, *(url for url in files if url)]).strip()  # links, one per line
    if not body:
        return None  # a typing indicator or an empty card: nothing to keep
    name = text(sender, "name", "sender")
    if author is Author.CUSTOMER and text(sender, "type", "sender") != "contact":
        name = text(contact, "name", "contact") or name  # Chatwoot 2020 named the agent here
    return IncomingMessage(
        message_id,
        author,
        name[:MAX_NAME],
        clip_message(body),
        when(m.get("created_at"), f"{where}.created_at", now),
    )
