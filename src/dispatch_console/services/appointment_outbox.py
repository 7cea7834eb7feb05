"""Queueing what the customer of a booked visit is told (domain/appointment_notices.py) in the
transaction of the booking: a confirmation, and the reminders due later; a visit moved,
cleared or cancelled withdraws what was queued for it, and a moved one is confirmed again.

A reaction (services/reactions.py), run on any change of a ticket that may touch its
appointment: it compares what is queued with the window the ticket has now, so it does not
matter which use case moved the window or how many events it recorded."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.appointment_notices import (
    APPOINTMENT_MOMENTS,
    REMINDERS,
    Window,
    after_quiet_hours,
    reminder_times,
)
from ..domain.enums import TicketStatus
from ..domain.model import Customer, Technician
from ..domain.notifications import (
    Moment,
    Notification,
    NotifyChannel,
    NotifyStatus,
    channels_for,
    optout_token,
)
from ..domain.notify_templates import Facts, render
from ..domain.selfservice import STATUS_TOKEN_BYTES, CustomerLink, first_name
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .notify_outbox import contract_of, customer_reach
from .reactions import Recorded
from .schedule.loading import ticket_zone
from .selfservice import token_hash

if TYPE_CHECKING:
    from . import Services

# a visit in these states is not coming: nothing to confirm or remind
NO_VISIT = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.CANCELLED})
WITHDRAWN = "the visit was moved or cancelled"
OUTDATED = "the visit has begun or moved"  # found so by the sender, at claim time


def link_path(raw_token: str) -> str:
    """Where the customer asks for another time: the status page's own unguessable link."""
    return f"/s/{raw_token}/reschedule"


def booked_window(ticket: Ticket) -> Window | None:
    start, end = ticket.appointment_starts_at, ticket.appointment_ends_at
    if start is None or end is None or ticket.status in NO_VISIT:
        return None
    return Window(start, end)


def keep_appointment_notices(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """The reaction: the ticket's appointment notifications made to match its window now."""
    if event.entity != "ticket" or not event.entity_id.isdigit():
        return
    ticket = uow.get(Ticket, int(event.entity_id))
    window = booked_window(ticket)
    now = app.now()
    _withdraw_others(app, uow, ticket, window)
    if window is None or window.starts_at <= now or ticket.customer_id is None:
        return
    _queue_for(app, uow, ticket, window, now)


def _withdraw_others(app: Services, uow: UnitOfWork, ticket: Ticket, window: Window | None) -> None:
    """Pending confirmations and reminders of any other window (or of a visit no longer
    coming) are cancelled: the customer is never reminded of a time that no longer holds."""
    for n in uow.find(Notification, ticket_id=ticket.id, status=NotifyStatus.PENDING.value):
        if n.moment not in APPOINTMENT_MOMENTS:
            continue
        if window is not None and f":{window.key}" in n.dedupe_key:
            continue
        n.status, n.last_error = NotifyStatus.CANCELLED, WITHDRAWN
        uow.update(n, n.version)
        app.context.record(
            uow, "ticket", ticket.id, "notification_cancelled", notification_id=n.id,
            channel=n.channel.value, reason=WITHDRAWN,
        )  # fmt: skip


def _queue_for(
    app: Services, uow: UnitOfWork, ticket: Ticket, window: Window, now: datetime
) -> None:
    assert ticket.customer_id is not None
    customer = uow.get(Customer, ticket.customer_id)
    channels = channels_for(
        customer_reach(customer, contract_of(uow, ticket), ticket.contact_phone)
    )
    if not channels:
        return
    base = _round_key(uow, ticket, window)
    if base is None:  # this window's notices are queued (or sent) already
        return
    raw = secrets.token_urlsafe(STATUS_TOKEN_BYTES)
    uow.add(CustomerLink(0, ticket.id, token_hash(raw), now))
    technician = ""
    if ticket.assignee_id is not None:
        technician = first_name(uow.get(Technician, ticket.assignee_id).name)
    # the customer's evening, morning and night: where the visit is judged
    zone = ticket_zone(uow, ticket.department_id, app.desk)
    plan = [(Moment.APPOINTMENT, after_quiet_hours(now, zone), technician)]
    # reminders name no technician: whoever is on the job when they go may be another
    plan += [(m, at, "") for m, at in reminder_times(window, now, zone)]
    for moment, due, who in plan:
        facts = Facts(
            ticket.number, customer.name, who, window_starts_at=window.starts_at,
            window_ends_at=window.ends_at, zone=zone,
        )  # fmt: skip
        for channel, recipient in channels:
            message = render(moment, channel, customer.language, facts)
            params = dict(message.params or {}, path=link_path(raw))
            uow.add(
                Notification(
                    0, ticket.id, customer.id, moment, channel, recipient, customer.language,
                    message.subject, message.body, f"{base}:{moment.value}:{channel.value}",
                    now, due, requested_by="system", optout_token=optout_token(channel),
                    template_params=params,
                )
            )  # fmt: skip


def _round_key(uow: UnitOfWork, ticket: Ticket, window: Window) -> str | None:
    """The dedupe prefix for this window's notices; None when they are queued already. A
    window booked again after it was moved away (its notices withdrawn) is a new round."""
    for round_no in range(100):
        base = f"t{ticket.id}:appt:{window.key}" + (f":{round_no}" if round_no else "")
        queued = [
            n
            for channel in NotifyChannel
            if (n := uow.find_one(Notification, dedupe_key=f"{base}:appointment:{channel.value}"))
        ]
        if not queued:
            return base
        if any(n.status is not NotifyStatus.CANCELLED for n in queued):
            return None
    return None


def outdated(uow: UnitOfWork, n: Notification, now: datetime) -> bool:
    """A reminder whose visit has begun, or is no longer the ticket's (a sender that was down
    past it must not remind the customer afterwards): the sender withdraws it unsent."""
    if n.moment not in REMINDERS or n.ticket_id is None:
        return False
    window = booked_window(uow.get(Ticket, n.ticket_id))
    return window is None or window.starts_at <= now or f":{window.key}" not in n.dedupe_key
