"""The notifications outbox: progress messages to customers, queued in the transaction of the
change they report and delivered by a sender (notify/). Kept apart from schema.py, which holds
the core records; both share one metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, Payload, _fk


class NotificationRow(Base):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = _fk("tickets.id", ondelete="CASCADE", index=True)
    customer_id: Mapped[int | None] = _fk("customers.id", ondelete="SET NULL", index=True)
    moment: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(254))
    # for staff alerts, whom it is for ("Technician 朱伟", a user name); empty for customers
    recipient_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    language: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str]
    body: Mapped[str] = mapped_column(Text)
    # the same moment of the same ticket is queued once per channel, whatever replays
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    # in the e-mail's "stop these e-mails" link: whoever has the e-mail may opt out by it
    optout_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(400))
    sent_at: Mapped[datetime | None]
    provider_ref: Mapped[str | None] = mapped_column(String(200))
    resent_from: Mapped[int | None] = _fk("notifications.id", ondelete="SET NULL")
    requested_by: Mapped[str] = mapped_column(String(80))
    # a text's facts for an approved SMS template, fixed when it was queued (None: an e-mail,
    # or a text queued before migration 0016, whose facts the sender reads from its body)
    template_params: Mapped[dict[str, str] | None] = mapped_column(Payload)
    version: Mapped[int] = mapped_column(default=1)
    # the sender's question, "what is due?", is a range scan of this index
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)
