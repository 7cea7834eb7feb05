"""Tables of the routing rules and the SLA escalations. Kept apart from schema.py, which holds the
core records; both share one metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, Payload, _fk


class RoutingRuleRow(Base):
    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, index=True)
    conditions: Mapped[dict[str, Any]] = mapped_column(Payload)  # domain.rules.model.Conditions
    actions: Mapped[dict[str, Any]] = mapped_column(Payload)
    stop: Mapped[bool] = mapped_column(Boolean, default=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(default=1)
    # ids are never reused (SQLite would reuse a deleted last one): (id, version) then names one
    # state of one rule for ever, which is what a cached rule book is checked against
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012


class EscalationRow(Base):
    """How far a ticket's milestone has escalated: one row per (ticket, milestone), its level
    raised by the scan; the unique pair makes two scans at once do each step once."""

    __tablename__ = "ticket_escalations"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id", ondelete="CASCADE")
    milestone: Mapped[str] = mapped_column(String(12))
    level: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime]
    at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
    __table_args__ = (UniqueConstraint("ticket_id", "milestone"),)
