"""Online chat use cases: keep what the chat system delivers (once, however often it is sent),
match the contact to a customer like a caller is matched, and turn a chat into a ticket or link
it to one, with its transcript attached and its messages in the ticket's timeline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime

from ..domain.chat import (
    Author,
    ChatDelivery,
    ChatMessage,
    ChatReceipt,
    Conversation,
    ConversationStatus,
    ConversationView,
    IncomingMessage,
    preview_of,
    transcript,
)
from ..domain.enums import Channel
from ..domain.errors import ValidationError
from ..domain.model import Customer
from ..domain.phones import try_normalise_phone
from ..domain.tickets import Attachment, Ticket, TicketDraft
from ..ports import UnitOfWork
from .base import Context, UseCases
from .policy import ADMINS, DESK, allow
from .ticket_changes import TicketChanges

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
OPEN_LIMIT = 200
MAX_CONTACT = 120  # a ticket's contact name
MAX_RAW_PHONE = 64  # the column's size
TRANSCRIPT_TYPE = "text/plain; charset=utf-8"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ChatUseCases(UseCases):
    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    # --- what the chat system delivers ---------------------------------------------------------
    @allow("chat", ADMINS)
    def receive_chat(self, delivery: ChatDelivery) -> ChatReceipt:
        """Keep a webhook delivery: the conversation (new or known), its contact, its status
        and the messages not kept before. One transaction; concurrent deliveries for the same
        conversation run one after the other."""
        # a number phonenumbers refuses is kept as sent (raw) rather than dropped: the agent
        # can still call it back, and the contact is matched by e-mail instead
        raw = (delivery.contact_phone or "").strip()[:MAX_RAW_PHONE] or None
        phone = try_normalise_phone(raw, self.region) if raw else None
        email = (delivery.contact_email or "").strip().lower() or None
        email = email if email and len(email) <= 254 and EMAIL.match(email) else None
        with self._uow() as uow:
            uow.serialize()
            conv = uow.find_one(
                Conversation, source=delivery.source, external_id=delivery.external_id
            )
            created = conv is None
            if conv is None:
                conv = Conversation(0, delivery.source, delivery.external_id)
            before = replace(conv)
            conv.contact_name = delivery.contact_name[:200] or conv.contact_name
            if raw:  # the latest number the chat system gave, normalised when it can be
                conv.contact_phone, conv.contact_phone_raw = phone, raw
            conv.contact_email = email or conv.contact_email
            conv.inbox = delivery.inbox[:120] or conv.inbox
            conv.status = delivery.status or conv.status
            if conv.customer_id is None:
                found = self._matches(uow, conv)
                conv.customer_id = found[0].id if len(found) == 1 else None
            fresh = self._fresh(uow, conv, delivery, created)
            changed = bool(fresh) or conv != before
            if created:
                conv.started_at = conv.started_at or self._now()
                uow.add(conv)
            elif changed:
                uow.update(conv, before.version)
            for m in fresh:
                uow.add(ChatMessage(0, conv.id, m.external_id, m.author, m.author_name, m.body,
                                    m.sent_at))  # fmt: skip
            added = len(fresh)
            if created:
                self._record(
                    uow, "conversation", conv.id, "created", source=conv.source,
                    customer_id=conv.customer_id, messages=added,
                )  # fmt: skip
            elif changed:
                self._record(
                    uow, "conversation", conv.id, "updated", messages=added,
                    status=conv.status.value, ticket_id=conv.ticket_id,
                )  # fmt: skip
            if added and conv.ticket_id is not None:  # the ticket's timeline grows too
                self._record(uow, "ticket", conv.ticket_id, "chat", conversation_id=conv.id,
                             messages=added)  # fmt: skip
            uow.commit()
        return ChatReceipt(conv.id, created, added)

    def _fresh(
        self, uow: UnitOfWork, conv: Conversation, delivery: ChatDelivery, created: bool
    ) -> list[IncomingMessage]:
        """The delivery's messages not kept before, counted into the conversation's summary."""
        seen = (
            set() if created
            else {m.external_id for m in uow.find(ChatMessage, conversation_id=conv.id)}
        )  # fmt: skip
        fresh = []
        for m in delivery.messages:
            if m.external_id in seen:
                continue
            seen.add(m.external_id)
            fresh.append(m)
            conv.message_count += 1
            if conv.last_message_at is None or m.sent_at >= conv.last_message_at:
                conv.last_message_at = m.sent_at
                conv.preview = preview_of(m.body)
            if conv.started_at is None or m.sent_at < conv.started_at:
                conv.started_at = m.sent_at
        return fresh

    def _matches(self, uow: UnitOfWork, conv: Conversation) -> list[Customer]:
        """Customers the contact may be: by mobile number first, like a caller, then e-mail."""
        if conv.contact_phone:
            found = uow.customers_by_phone(conv.contact_phone)
            if found:
                return found
        if conv.contact_email:  # kept lower-case; customers' addresses as the agent typed them
            found = uow.find(Customer, email=conv.contact_email)
            return found
        return []

    # --- what agents see -----------------------------------------------------------------------
    @allow(DESK)
    def list_conversations(self, include_closed: bool = False) -> list[Conversation]:
        """Chats, the most recently active first: open and pending ones (and closed ones on
        request), at most 200."""
        with self._uow(read_only=True) as uow:
            statuses = [ConversationStatus.OPEN, ConversationStatus.PENDING]
            if include_closed:
                statuses.append(ConversationStatus.CLOSED)
            found: list[Conversation] = []
            for status in statuses:
                found += uow.find(
                    Conversation, order_by="-last_message_at", limit=OPEN_LIMIT, status=status
                )
        found.sort(key=lambda c: (c.last_message_at or c.started_at) or _EPOCH, reverse=True)
        return found[:OPEN_LIMIT]

    @allow(DESK)
    def get_conversation(self, conversation_id: int) -> ConversationView:
        with self._uow(read_only=True) as uow:
            conv = uow.get(Conversation, conversation_id)
            view = ConversationView(conv, uow.find(ChatMessage, order_by="sent_at",
                                                   conversation_id=conversation_id))  # fmt: skip
            if conv.customer_id is not None:
                view.customer = uow.get(Customer, conv.customer_id)
                view.open_tickets = uow.open_tickets_of([conv.customer_id], 20)
            else:
                view.candidates = self._matches(uow, conv)
                view.open_tickets = uow.open_tickets_of([c.id for c in view.candidates], 20)
            if conv.ticket_id is not None:
                view.ticket = uow.get(Ticket, conv.ticket_id)
            return view

    # --- what agents do ------------------------------------------------------------------------
    @allow(DESK)
    def set_chat_customer(
        self, conversation_id: int, expected_version: int, customer_id: int
    ) -> Conversation:
        """The agent says who the contact is (no match, or several)."""
        with self._uow() as uow:
            uow.serialize()  # in the same order as deliveries: lock, then the row
            conv = self._load(uow, Conversation, conversation_id, expected_version)
            uow.get(Customer, customer_id)
            conv.customer_id = customer_id
            uow.update(conv, expected_version)
            self._record(uow, "conversation", conv.id, "customer", customer_id=customer_id)
            uow.commit()
        return conv

    @allow(DESK)
    def ticket_from_chat(self, conversation_id: int, draft: TicketDraft) -> Ticket:
        """A new ticket (channel chat) from the chat, its transcript attached; the chat's later
        messages show in the ticket's timeline. One transaction: no ticket without its chat.
        The customer writing on meanwhile is no conflict; a colleague's link first is."""
        with self._uow() as uow:
            uow.serialize()  # in the same order as deliveries: lock, then the row
            conv = uow.get(Conversation, conversation_id)
            self._not_linked(uow, conv)
            draft = replace(
                draft,
                channel=Channel.CHAT,
                customer_id=draft.customer_id or conv.customer_id,
                contact_name=draft.contact_name or conv.contact_name[:MAX_CONTACT],
                contact_phone=draft.contact_phone or conv.contact_phone,
            )
            ticket, routing = self._changes.add(uow, draft)
            self._link(uow, conv, ticket)
            uow.commit()
        return self._changes.as_committed(ticket, routing)

    @allow(DESK)
    def link_chat(self, conversation_id: int, ticket_id: int) -> Conversation:
        """The chat is about a ticket that exists already: its transcript is attached there."""
        with self._uow() as uow:
            uow.serialize()
            conv = uow.get(Conversation, conversation_id)
            self._not_linked(uow, conv)
            self._link(uow, conv, uow.get(Ticket, ticket_id))
            uow.commit()
        return conv

    def _not_linked(self, uow: UnitOfWork, conv: Conversation) -> None:
        if conv.ticket_id is not None:
            number = uow.get(Ticket, conv.ticket_id).number
            raise ValidationError("ticket_id", f"this chat is already on ticket {number}")

    def _link(self, uow: UnitOfWork, conv: Conversation, ticket: Ticket) -> None:
        messages = uow.find(ChatMessage, order_by="sent_at", conversation_id=conv.id)
        if not messages:
            raise ValidationError("conversation", "the chat has no messages yet")
        text = transcript(messages, {Author.CUSTOMER: conv.contact_name}).encode()
        # made here, not uploaded: the upload checks (photos and PDFs only) are not for it
        digest = hashlib.sha256(text).hexdigest()
        uow.put_blob(digest, text)
        att = uow.add(
            Attachment(0, ticket.id, digest, f"chat-{conv.id}.txt", TRANSCRIPT_TYPE, len(text),
                       self.actor.name, self._now())
        )  # fmt: skip
        version = conv.version
        conv.ticket_id = ticket.id
        if ticket.customer_id is not None:  # the agent's choice on the ticket corrects a match
            conv.customer_id = ticket.customer_id
        uow.update(conv, version)
        self._record(uow, "conversation", conv.id, "linked", ticket_id=ticket.id)
        self._record(
            uow, "ticket", ticket.id, "chat_linked", conversation_id=conv.id,
            attachment_id=att.id, messages=len(messages),
        )  # fmt: skip
