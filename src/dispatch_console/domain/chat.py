"""Online chat: conversations that reach the desk from a customer-service chat (Chatwoot or any
other system through the generic webhook), matched to customers and turned into tickets.

Whatever the chat system sends is normalised at the edge (`chat/`) into `ChatDelivery`; the
rest of the code sees only these records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .model import Customer
from .tickets import Ticket, TicketRow

MAX_MESSAGE_CHARS = 8000  # longer messages are cut (a pasted log), never refused: nothing lost
PREVIEW_CHARS = 120
MAX_MESSAGES_PER_DELIVERY = 500


class Author(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"  # a person answering in the chat system
    BOT = "bot"
    SYSTEM = "system"  # "conversation resolved by ..."


class ConversationStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"  # waiting on a bot or the customer
    CLOSED = "closed"


@dataclass(slots=True)
class Conversation:
    id: int
    source: str  # "chatwoot:<account>" or the generic sender's name
    external_id: str  # the chat system's own id, unique per source
    contact_name: str = ""
    contact_phone: str | None = None  # E.164 when the chat system gave a usable number
    contact_email: str | None = None
    customer_id: int | None = None  # matched by phone or email, or chosen by an agent
    ticket_id: int | None = None  # the ticket the chat was turned into or linked to
    status: ConversationStatus = ConversationStatus.OPEN
    inbox: str = ""  # the chat system's channel (website widget, WeChat ...)
    started_at: datetime | None = None
    last_message_at: datetime | None = None
    preview: str = ""  # the latest message, cut short, for lists
    message_count: int = 0
    version: int = 1
    # the number exactly as the chat system sent it: kept when phonenumbers refuses it (a
    # WhatsApp number of a country whose rules changed, a short test number) so that the agent
    # still has something to call back; shown where contact_phone is empty
    contact_phone_raw: str | None = None


@dataclass(slots=True)
class ChatMessage:
    id: int
    conversation_id: int
    external_id: str  # unique per conversation: a replayed delivery adds nothing
    author: Author
    author_name: str
    body: str
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    external_id: str
    author: Author
    author_name: str
    body: str
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class ChatDelivery:
    """One webhook delivery, normalised: what it says about a conversation and its messages."""

    source: str
    external_id: str
    contact_name: str = ""
    contact_phone: str | None = None  # as sent; the service normalises it
    contact_email: str | None = None
    status: ConversationStatus | None = None  # None: the delivery does not say
    inbox: str = ""
    messages: tuple[IncomingMessage, ...] = ()


@dataclass(slots=True)
class ConversationView:
    """What the Conversations panel shows for one chat: the messages, who it may be and what
    they have open."""

    conversation: Conversation
    messages: list[ChatMessage] = field(default_factory=list)
    customer: Customer | None = None
    # several customers share the number or address: the agent picks one
    candidates: list[Customer] = field(default_factory=list)
    open_tickets: list[TicketRow] = field(default_factory=list)  # the customer's
    ticket: Ticket | None = None  # the one the chat was turned into or linked to


@dataclass(frozen=True, slots=True)
class ChatReceipt:
    """What a webhook delivery did: the chat system's logs show it."""

    conversation_id: int
    created: bool  # the conversation is new to the desk
    added: int  # messages kept; a replayed delivery adds 0


def phone_to_show(conv: Conversation) -> str:
    """The number to call back: the normalised one, else the one the chat system sent."""
    return conv.contact_phone or conv.contact_phone_raw or ""


def preview_of(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def clip_message(body: str) -> str:
    body = body.strip()
    return body if len(body) <= MAX_MESSAGE_CHARS else body[: MAX_MESSAGE_CHARS - 1] + "…"


def transcript(messages: list[ChatMessage], names: dict[Author, str] | None = None) -> str:
    """The chat as plain text (UTF-8), oldest first: what is attached to the ticket."""
    lines = []
    for m in sorted(messages, key=lambda m: (m.sent_at, m.id)):
        who = m.author_name or (names or {}).get(m.author) or m.author.value
        lines.append(f"[{m.sent_at:%Y-%m-%d %H:%M:%S} UTC] {who}: {m.body}")
    return "\n".join(lines) + ("\n" if lines else "")
