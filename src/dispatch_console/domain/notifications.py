"""Progress notifications to customers: which moments of a ticket tell the customer, by which
channels, and how a failed delivery is retried.

A notification is a row of the outbox, written in the same transaction as the change that
causes it; a sender delivers it later (at least once) and records the outcome (once). No I/O
here: the templates are in notify_templates.py, the senders outside the domain."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Moment(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    RESOLVED = "resolved"
    CALLBACK_SCHEDULED = "callback_scheduled"
    # a booked visit (domain.appointment_notices): confirmed, reminded, the technician late
    APPOINTMENT = "appointment"
    REMINDER_EVE = "reminder_eve"  # the day before
    REMINDER_MORNING = "reminder_morning"  # the morning of the visit
    RUNNING_LATE = "running_late"
    # staff alerts of the SLA escalation (domain.staff_alerts), not customers'
    DEADLINE_NEAR = "deadline_near"  # to the assignee
    ESCALATED = "escalated"  # to supervisors and watchers: a deadline is near
    DEADLINE_MISSED = "deadline_missed"  # to supervisors and watchers
    TECH_LATE = "tech_late"  # to supervisors and watchers: a technician marked a visit late


class NotifyChannel(StrEnum):
    """How a customer is told. Not domain.enums.Channel, which is how a ticket reached us."""

    EMAIL = "email"
    SMS = "sms"


ALL_CHANNELS: tuple[str, ...] = (NotifyChannel.EMAIL.value, NotifyChannel.SMS.value)


class NotifyStatus(StrEnum):
    PENDING = "pending"  # waiting for its first or next attempt (or for a sender to exist)
    SENT = "sent"  # the provider accepted it
    FAILED = "failed"  # refused for good, or every attempt failed
    CANCELLED = "cancelled"  # the customer opted out before it went


# Waits after the 1st, 2nd ... failed attempt; after the last one the notification has failed.
# Short at first (a gateway's brief outage), then long enough to outlast a night's maintenance.
BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a sender owns a claimed notification. A sender that dies while sending leaves it to
# be claimed again when the lease runs out: the customer may hear twice unless the provider
# dedupes on the notification's key, which is why every request carries one.
LEASE = timedelta(minutes=2)


@dataclass(slots=True)
class Notification:
    id: int
    ticket_id: int | None
    customer_id: int | None
    moment: Moment
    channel: NotifyChannel
    recipient: str  # an e-mail address or an E.164 number
    language: str  # zh_CN | en
    subject: str  # e-mail only; empty for SMS
    body: str
    dedupe_key: str  # unique: the same moment of the same ticket is queued once per channel
    created_at: datetime
    next_attempt_at: datetime  # also the end of a sender's lease while it sends
    status: NotifyStatus = NotifyStatus.PENDING
    attempts: int = 0  # claims so far, including one a crashed sender never finished
    last_error: str | None = None
    sent_at: datetime | None = None
    provider_ref: str | None = None  # the gateway's message id, the SMTP server's queue reply
    resent_from: int | None = None  # the notification an agent resent
    requested_by: str = ""  # "system" for moments, an agent's user name for a resend
    # an e-mail's one-click "stop these e-mails" link (RFC 8058); the e-mail carries it, so it
    # only proves the customer received it, and only turns e-mails off
    optout_token: str | None = None
    version: int = 1
    recipient_name: str = ""  # a staff alert's addressee (customers' notifications: empty)
    # a text's facts for a gateway's approved template (notify/sms_templates.py), as the text
    # says them, fixed when it was queued; None for e-mails and for texts queued before 0016
    template_params: dict[str, str] | None = None

    @property
    def message_key(self) -> str:
        """The idempotency key providers dedupe on (SMS client reference, e-mail Message-ID):
        stable across every attempt of this notification, different for a resend."""
        return f"dispatch-notification-{self.id}"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What a sender reports of one attempt."""

    ok: bool
    provider_ref: str | None = None
    error: str | None = None
    permanent: bool = False  # refused for good (no such mailbox): no point trying again


def retry_after(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failed attempts; None: give up, it has failed."""
    if attempts < 1:
        return BACKOFF[0]
    return BACKOFF[attempts - 1] if attempts <= len(BACKOFF) else None


def clean_channels(values: Iterable[str] | None) -> tuple[str, ...]:
    """A contract's allowed channels, checked and in a fixed order; unknown names refused."""
    wanted = {str(v).strip().lower() for v in (values or ())}
    unknown = wanted - set(ALL_CHANNELS)
    if unknown:
        raise ValueError(f"unknown notification channel {sorted(unknown)[0]!r}")
    return tuple(c for c in ALL_CHANNELS if c in wanted)


@dataclass(frozen=True, slots=True)
class Reach:
    """What is known of how to reach the customer and what they and their contract allow."""

    email: str | None
    mobile: str | None  # an E.164 mobile number
    wants_email: bool = True
    wants_sms: bool = True
    contract_channels: tuple[str, ...] | None = None  # None: no contract, every channel


def channels_for(reach: Reach) -> list[tuple[NotifyChannel, str]]:
    """Each channel the customer will be told by, with its recipient: allowed by the contract,
    not opted out of, and with an address to send to."""
    allowed = set(ALL_CHANNELS if reach.contract_channels is None else reach.contract_channels)
    out: list[tuple[NotifyChannel, str]] = []
    if reach.email and reach.wants_email and NotifyChannel.EMAIL.value in allowed:
        out.append((NotifyChannel.EMAIL, reach.email))
    if reach.mobile and reach.wants_sms and NotifyChannel.SMS.value in allowed:
        out.append((NotifyChannel.SMS, reach.mobile))
    return out


def is_mobile(e164: str) -> bool:
    """Mainland China mobile numbers (+861xxxxxxxxxx) and, elsewhere, any number the customer
    labelled mobile; landlines cannot receive SMS."""
    return e164.startswith("+861") and len(e164) == 14


def textable(e164: str) -> bool:
    """Whether a text can reach the number: a mainland China number only if it is a mobile;
    elsewhere we cannot tell, and trust whoever gave it as a mobile."""
    return is_mobile(e164) if e164.startswith("+86") else True


def mask_phone(e164: str) -> str:
    """What the console shows of a customer's number in a timeline: +86 138****5678."""
    if len(e164) < 8:
        return e164
    return f"{e164[:-8]}****{e164[-4:]}"


def mask_email(address: str) -> str:
    name, at, domain = address.partition("@")
    return f"{name[:2]}***{at}{domain}" if at else address


def optout_token(channel: NotifyChannel) -> str | None:
    """A fresh token for an e-mail's opt-out link (128 bits); SMS carry none (too short)."""
    return secrets.token_urlsafe(16) if channel is NotifyChannel.EMAIL else None
