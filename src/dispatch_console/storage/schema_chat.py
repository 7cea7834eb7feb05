"""Tables of the online chat (conversations and their messages). Kept apart from schema.py, which
holds the core records; both share one metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, _fk


class ConversationRow(Base):
    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    external_id: Mapped[str] = mapped_column(String(128))
    contact_name: Mapped[str]
    contact_phone: Mapped[str | None] = mapped_column(String(32), index=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), index=True)
    customer_id: Mapped[int | None] = _fk("customers.id", ondelete="SET NULL", index=True)
    ticket_id: Mapped[int | None] = _fk("tickets.id", ondelete="SET NULL", index=True)
    status: Mapped[str] = mapped_column(String(10))
    inbox: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime | None]
    preview: Mapped[str]
    message_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    contact_phone_raw: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_conversations_status_last", "status", "last_message_at"),
    )


class ChatMessageRow(Base):
    __tablename__ = "chat_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = _fk("conversations.id", ondelete="CASCADE")
    external_id: Mapped[str] = mapped_column(String(128))
    author: Mapped[str] = mapped_column(String(10))
    author_name: Mapped[str]
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]
    __table_args__ = (
        UniqueConstraint("conversation_id", "external_id"),
        Index("ix_chat_messages_conversation_sent", "conversation_id", "sent_at"),
    )
