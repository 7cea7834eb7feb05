"""Closed vocabularies: stable identifiers stored in the database and sent over the wire."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from .errors import ValidationError


class Channel(StrEnum):
    PHONE = "phone"
    SELF_SERVICE = "self_service"
    CHAT = "chat"
    EMAIL = "email"
    AGENT = "agent"


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 is the most urgent; used for sorting queues."""
        return list(Priority).index(self)


class TicketStatus(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    CANCELLED = "cancelled"


class TechnicianStatus(StrEnum):
    OFF_DUTY = "off_duty"
    AVAILABLE = "available"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    BUSY = "busy"


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"
    ADMIN = "admin"


class SlaClass(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    PREMIUM = "premium"


class CommentVisibility(StrEnum):
    INTERNAL = "internal"
    PUBLIC = "public"


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallOutcome(StrEnum):
    RINGING = "ringing"
    ANSWERED = "answered"
    MISSED = "missed"
    BUSY = "busy"
    FAILED = "failed"


class CallbackStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


class CallbackOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"


class CallbackReason(StrEnum):
    RESOLVED = "resolved"
    MISSED_CALL = "missed_call"
    CUSTOMER_REQUEST = "customer_request"


E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], value: object, field: str) -> E:
    """Turn user or wire input into an enum member, or a ValidationError naming the field."""
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ValidationError(
            field, f"unknown value {value!r}; expected one of: {allowed}"
        ) from None
